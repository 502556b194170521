// Background threads of the hall process (the district link) run last: in the idle scheduling
// class when util-linux's `chrt` is there — any hall thread that wakes takes the core at once —
// and at nice 19 anyway (Linux keeps both per thread, so the hall's own threads are untouched).

import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Lowers the calling thread only; best effort (another platform, or not permitted: it runs as it was). */
export function runThisThreadLast(): void {
	try {
		setPriority(19);
	} catch {
		// Not permitted here.
	}
	try {
		// /proc/thread-self → <pid>/task/<tid>: the thread's own id, which chrt takes as its pid.
		const tid = readlinkSync('/proc/thread-self').split('/').pop()!;
		execFileSync('chrt', ['--idle', '--pid', '0', tid], { stdio: 'ignore' });
	} catch {
		// No /proc or no chrt: nice 19 it is.
	}
}
