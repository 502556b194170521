// The history reader is a process of its own (server/history/worker.ts): every thread of it —
// V8's garbage-collection and compiler threads too — runs below the hall (SCHED_IDLE, and nice
// 10), so a report takes no CPU from the hall's event loop, and it ends when the hall stops.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHall, type TestHall } from '../support/test-hall.ts';

/** server/history/worker.ts's READER_NICE (importing that module would start a reader). */
const READER_NICE = 10;

let hall: TestHall | null = null;

afterEach(async () => {
	await hall?.close();
	hall = null;
});

/** Processes whose command line holds every one of `args`. */
function processesWith(args: string[]): number[] {
	const found: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (args.every((arg) => argv.some((a) => a.includes(arg)))) found.push(Number(entry));
		} catch {
			// Gone meanwhile.
		}
	}
	return found;
}

/** The nice value and scheduling policy of every thread of a process (proc(5): stat fields 19 and 41). */
function threadPriorities(pid: number): { nice: number; policy: number }[] {
	return readdirSync(`/proc/${pid}/task`).map((thread) => {
		const stat = readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return { nice: Number(fields[16]), policy: Number(fields[38]) };
	});
}

/** SCHED_IDLE in <sched.h>. */
const SCHED_IDLE = 5;

describe('the history reader', () => {
	it.runIf(process.platform === 'linux')('reads in a process of its own whose every thread is idle-class at nice 10, and stops with the hall', async () => {
		hall = await startTestHall();
		const director = await hall.login('director');
		const answer = await hall.api('/api/console/reports?from=2026-11-26&to=2026-11-26', { token: director });
		expect(answer.status).toBe(200);
		expect(answer.body.totals).toMatchObject({ issued: 0 });

		const readers = processesWith(['worker.ts', join(hall.dataDir, 'hall.db')]);
		expect(readers).toHaveLength(1);
		expect(readers[0]).not.toBe(process.pid);
		const threads = threadPriorities(readers[0]);
		// The main thread and V8's helper threads at least; all idle-class (util-linux's chrt is on every Debian).
		expect(threads.length).toBeGreaterThan(2);
		expect(threads).toEqual(threads.map(() => ({ nice: READER_NICE, policy: SCHED_IDLE })));
		expect(threadPriorities(process.pid)[0]).toEqual({ nice: expect.any(Number), policy: 0 });
		expect(threadPriorities(process.pid)[0].nice).toBeLessThan(READER_NICE);

		await hall.close();
		hall = null;
		expect(existsSync(`/proc/${readers[0]}`)).toBe(false);
	});

	it('ends once idle, and a later report starts another', async () => {
		hall = await startTestHall({ historyReaderIdleMs: 200 });
		const director = await hall.login('director');
		const report = () => hall!.api('/api/console/reports?from=2026-11-26&to=2026-11-26', { token: director });
		expect((await report()).status).toBe(200);
		const readers = () => processesWith(['worker.ts', join(hall!.dataDir, 'hall.db')]);
		expect(readers()).toHaveLength(1);
		const first = readers()[0];
		await expect.poll(readers, { timeout: 10_000 }).toHaveLength(0);
		expect((await report()).status).toBe(200);
		expect(readers()).toHaveLength(1);
		expect(readers()[0]).not.toBe(first);
	});
});
