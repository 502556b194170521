// The history reader: long reads on a read-only SQLite connection of its own, in a process of
// its own, so a month's report or a year's export never holds up the hall's event loop.
// SQLite in WAL mode lets this reader see every committed fact while the hall writes.
//
// A process, not a thread: a worker thread's garbage collection and compilation run on the V8
// helper threads it shares with the hall's event loop, at the hall's priority (measured: 10–25 ms
// of CPU at normal priority per report or workbook). A process of its own is lowered whole:
// SCHED_IDLE on Linux (util-linux's `chrt`), so any hall thread that wakes takes the core at
// once — at nice 10 it could wait out the reader's time slice (call → board p99 while year
// reports ran: median ratio 1.60 over 11 runs at nice 10, 1.06 over 9 under SCHED_IDLE; month
// and Excel showed no difference on a shared machine) — and nice 10 where that is not possible.
// `node history-worker.js DB_PATH`, asked over the IPC channel (advanced serialization).

import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { runHistoryRequest, type HistoryRequest } from './requests.ts';

/** Below the hall on its two cores: the nice value of every thread of this process (on Linux a nice value is per thread). */
const READER_NICE = 10;

function lowerPriority(): void {
	try {
		setPriority(READER_NICE);
	} catch {
		// Not permitted here: the reads still run outside the hall's process.
	}
	let threads: string[] = [];
	try {
		threads = readdirSync('/proc/self/task');
	} catch {
		return; // Not Linux: the process priority above covers its threads.
	}
	for (const thread of threads) {
		try {
			setPriority(Number(thread), READER_NICE);
		} catch {
			// A thread that ended meanwhile.
		}
	}
	// Every thread (threads made later inherit it). Lowering one's own policy needs no privilege.
	try {
		execFileSync('chrt', ['--all-tasks', '--idle', '--pid', '0', String(process.pid)], { stdio: 'ignore' });
	} catch {
		// No chrt: nice 10 it is.
	}
}

lowerPriority();

const path = process.argv[2];
const db = new Database(path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const send = (message: unknown) => process.send!(message);

process.on('message', (request: HistoryRequest & { id: number }) => {
	void (async () => {
		try {
			const value = await runHistoryRequest(db, request, (done, total) => send({ id: request.id, progress: { done, total } }));
			send({ id: request.id, value });
		} catch (error) {
			send({ id: request.id, error: error instanceof Error ? error.message : String(error) });
		}
	})();
});
// The hall is gone (stopped, or crashed): so is its reader.
process.on('disconnect', () => process.exit(0));
