// Load that stands for another machine: the director's PC, the other PCs on a hall's LAN, the
// district's hub and its database. On the bench they share the hall server's two cores, so
// their CPU would be counted against the hall; they run below it instead — the idle scheduling
// class (every thread), or else nice 19 — and only the hall's own behaviour is timed.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

const CHRT = '/usr/bin/chrt';
const NICE = '/usr/bin/nice';

/** A command line to spawn as another machine's load. */
export function asAnotherMachine(command: string[]): string[] {
	if (existsSync(CHRT)) return [CHRT, '--idle', '0', ...command];
	if (existsSync(NICE)) return [NICE, '-n', '19', ...command];
	return command;
}

/** Running processes moved below the hall, every thread of each. */
export function lowerAsAnotherMachine(pids: readonly number[]): void {
	for (const pid of pids) {
		try {
			if (existsSync(CHRT)) execFileSync(CHRT, ['--all-tasks', '--idle', '-p', '0', String(pid)], { stdio: 'ignore' });
			else setPriority(pid, 19);
		} catch {
			// Gone meanwhile, or not ours to lower: it runs as it was.
		}
	}
}

/** The PostgreSQL server processes on this machine (the bench's throwaway cluster). */
export function postgresPids(): number[] {
	const found: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') found.push(Number(entry));
		} catch {
			// Gone meanwhile.
		}
	}
	return found;
}
