// The kill -9 harness of the durability tests: the production server (server/main.ts) as a
// child process on its own port and data directory, killed without warning in the middle of a
// burst of writes and started again on the same data. Used by crash.test.ts (tickets) and
// appointments-crash.test.ts (bookings).

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

// The exit event may already have fired while the writers were winding down; waiting for it
// then would hang for ever.
function exited(proc: ChildProcess): Promise<void> {
	if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => proc.once('exit', () => resolve()));
}

export class CrashableHall {
	#child: ChildProcess | null = null;

	private constructor(
		readonly port: number,
		readonly dataDir: string
	) {}

	/** A hall on a free loopback port with a fresh data directory named after `name`; not started. */
	static async create(name: string): Promise<CrashableHall> {
		return new CrashableHall(await freePort(), mkdtempSync(join(tmpdir(), `jiaohao-${name}-`)));
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Starts the server on the data directory and resolves once /api/health answers. */
	async start(): Promise<void> {
		const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
			env: { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', DATA_DIR: this.dataDir, LOG_LEVEL: 'silent', ISSUE_RATE_LIMIT: 'off' },
			stdio: 'ignore'
		});
		this.#child = proc;
		for (let i = 0; i < 300; i++) {
			if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
			try {
				if ((await fetch(`${this.url}/api/health`)).ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error('server did not start');
	}

	/**
	 * Runs `writers` loops of `write` (one request each; it throws once the server is gone)
	 * and kills the server with SIGKILL as soon as `enough()` says a real burst is under way.
	 * Resolves when the server is dead and every writer has stopped.
	 */
	async killDuringBurst({ writers, write, enough }: { writers: number; write: () => Promise<void>; enough: () => boolean }): Promise<void> {
		let killed = false;
		let running = writers;
		const loop = async () => {
			while (!killed) {
				try {
					await write();
				} catch {
					return; // the server is gone
				}
			}
		};
		const loops = Array.from({ length: writers }, () => loop().finally(() => running--));
		while (!enough() && running > 0) await new Promise((r) => setTimeout(r, 2));
		// A writer that stopped before the kill (the server refusing, crashing on its own) would
		// make the test prove nothing about a kill in the middle of writes.
		if (running !== writers) throw new Error(`${writers - running} of ${writers} writers stopped before the kill`);
		killed = true;
		const child = this.#child!;
		const gone = exited(child);
		child.kill('SIGKILL');
		await Promise.all(loops);
		await gone;
		this.#child = null;
	}

	/** A clean stop (SIGTERM), waited for. */
	async stop(): Promise<void> {
		const child = this.#child;
		this.#child = null;
		if (!child) return;
		const stopped = exited(child);
		child.kill('SIGTERM');
		await stopped;
	}

	/** For afterAll: whatever state the test left, no server and no data directory remain. */
	dispose(): void {
		this.#child?.kill('SIGKILL');
		this.#child = null;
		rmSync(this.dataDir, { recursive: true, force: true });
	}
}
