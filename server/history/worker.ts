// The history worker: long reads on a read-only SQLite connection of its own, in its own
// thread, so a month's report or a year's export never holds up the hall's event loop.
// SQLite in WAL mode lets this reader see every committed fact while the hall writes.

import Database from 'better-sqlite3';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { runHistoryRequest, type HistoryRequest } from './requests.ts';

// On a hall server's two cores a long read must not take CPU from the hall's event loop: on
// Linux a nice value belongs to a thread, so this lowers only this worker (best effort elsewhere).
try {
	setPriority(10);
} catch {
	// Not permitted or not per-thread here: the read still runs off the event loop.
}

/** A Uint8Array's memory, when it owns all of it (never a slice of Node's shared Buffer pool). */
function transferable(value: unknown): ArrayBuffer[] {
	if (!(value instanceof Uint8Array)) return [];
	const { buffer } = value;
	return buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === buffer.byteLength ? [buffer] : [];
}

const port = parentPort!;
const db = new Database((workerData as { path: string }).path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');

port.on('message', (request: HistoryRequest & { id: number }) => {
	void (async () => {
		try {
			const value = await runHistoryRequest(db, request, (done, total) => port.postMessage({ id: request.id, progress: { done, total } }));
			// Bytes (a report's JSON, a workbook) move to the hall's thread instead of being copied.
			port.postMessage({ id: request.id, value }, transferable(value));
		} catch (error) {
			port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
		}
	})();
});
