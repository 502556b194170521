// Password hashing in a thread of its own at the lowest CPU priority. scrypt is meant to be
// expensive (~55 ms of a core); on the libuv pool it competes on equal terms with the event
// loop that calls every number, and a hall server has two cores. In a nice-19 thread the
// kernel gives the hall's own work the CPU first: a login flood makes logins slower, never the
// board. Linux keeps nice per thread, so lowering it here touches no other thread; where that
// is not so (or not allowed), the thread still keeps the hash off the event loop.

import type { ScryptOptions } from 'node:crypto';
import { Worker } from 'node:worker_threads';

// Plain JavaScript evaluated as the worker: no file to find next to a bundle or a TS loader.
const HASHER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
try { require('node:os').setPriority(19); } catch {}
// The idle scheduling class too (server/run-last.ts; plain JavaScript here, so written out):
// any hall thread that wakes preempts the hash at once, not after its time slice.
try {
	const tid = require('node:fs').readlinkSync('/proc/thread-self').split('/').pop();
	require('node:child_process').execFileSync('chrt', ['--idle', '--pid', '0', tid], { stdio: 'ignore' });
} catch {}
parentPort.on('message', ({ id, password, salt, keylen, options }) => {
	try {
		const key = scryptSync(password, Buffer.from(salt), keylen, options);
		parentPort.postMessage({ id, key });
	} catch (error) {
		parentPort.postMessage({ id, error: String(error && error.message || error) });
	}
});
`;

interface Pending {
	resolve(key: Buffer): void;
	reject(error: Error): void;
	/** The thread asked: a thread that ends fails only its own requests, not its successor's. */
	worker: Worker;
}

/**
 * An idle thread is ended after this long: a hall signs in at the start of a shift, and the
 * thread's heap (~9 MB) need not stay for the rest of the day. The next login starts another.
 */
export const HASHER_IDLE_MS = 60_000;

export class PasswordHasher {
	#worker: Worker | null = null;
	readonly #pending = new Map<number, Pending>();
	#next = 1;
	readonly #idleMs: number;
	#idleTimer: NodeJS.Timeout | null = null;

	constructor(options: { idleMs?: number } = {}) {
		this.#idleMs = options.idleMs ?? HASHER_IDLE_MS;
	}

	/** scrypt(password, salt), computed in the low-priority thread. */
	derive(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
		const worker = this.#started();
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		this.#idleTimer = null;
		const id = this.#next++;
		return new Promise<Buffer>((resolve, reject) => {
			this.#pending.set(id, { resolve, reject, worker });
			worker.postMessage({ id, password, salt, keylen, options });
		});
	}

	#started(): Worker {
		if (this.#worker) return this.#worker;
		const worker = new Worker(HASHER_SOURCE, { eval: true });
		// Idle, it must not keep a closing process (the admin command, a test) alive.
		worker.unref();
		worker.on('message', (message: { id: number; key?: Uint8Array; error?: string }) => {
			const pending = this.#pending.get(message.id);
			if (!pending) return;
			this.#pending.delete(message.id);
			if (this.#pending.size === 0) this.#idleSoon(worker);
			if (message.key) pending.resolve(Buffer.from(message.key.buffer, message.key.byteOffset, message.key.byteLength));
			else pending.reject(new Error(message.error ?? 'hashing failed'));
		});
		const lost = (error: Error) => {
			if (this.#worker === worker) this.#worker = null;
			for (const [id, pending] of this.#pending) {
				if (pending.worker !== worker) continue;
				this.#pending.delete(id);
				pending.reject(error);
			}
		};
		worker.on('error', lost);
		worker.on('exit', (code) => lost(new Error(`password hashing thread ended (${code})`)));
		this.#worker = worker;
		return worker;
	}

	#idleSoon(worker: Worker): void {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		this.#idleTimer = setTimeout(() => {
			this.#idleTimer = null;
			if (this.#worker === worker && this.#pending.size === 0) void this.close();
		}, this.#idleMs);
		this.#idleTimer.unref();
	}

	/** Ends the thread (resolved once it is gone); a later hash starts a new one. */
	async close(): Promise<void> {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		this.#idleTimer = null;
		const worker = this.#worker;
		this.#worker = null;
		if (worker) await worker.terminate();
	}
}
