// kill -9 during a burst of ticket issuing: every acknowledged ticket must be there after
// the restart, with its number, and numbering must go on without a duplicate.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'jiaohao-crash-'));
let child: ChildProcess | null = null;

afterAll(() => {
	child?.kill('SIGKILL');
	rmSync(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

// The exit event may already have fired while the issuing loops were winding down;
// waiting for it then would hang for ever.
function exited(proc: ChildProcess): Promise<void> {
	if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => proc.once('exit', () => resolve()));
}

async function startServer(port: number): Promise<ChildProcess> {
	const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ISSUE_RATE_LIMIT: 'off' },
		stdio: 'ignore'
	});
	for (let i = 0; i < 300; i++) {
		if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
		try {
			if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return proc;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('server did not start');
}

it('keeps every acknowledged ticket through kill -9 and numbers on without duplicates', async () => {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	child = await startServer(port);

	const acked: { id: string; number: string }[] = [];
	let killed = false;
	const issueLoop = async () => {
		while (!killed) {
			try {
				const res = await fetch(`${base}/api/tickets`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ serviceId: 'party-transfer' })
				});
				if (res.status === 201) {
					const ticket = (await res.json()) as { id: string; number: string };
					acked.push({ id: ticket.id, number: ticket.number });
				}
			} catch {
				return; // the server is gone
			}
		}
	};
	let loopsRunning = 8;
	const loops = Array.from({ length: loopsRunning }, () => issueLoop().finally(() => loopsRunning--));
	// Kill once a real burst is under way.
	while (acked.length < 150 && loopsRunning > 0) await new Promise((r) => setTimeout(r, 5));
	expect(loopsRunning, 'the issuing loops stopped before the kill').toBe(8);
	killed = true;
	const running = child;
	const gone = exited(running);
	running.kill('SIGKILL');
	await Promise.all(loops);
	await gone;

	child = await startServer(port);
	for (const ticket of acked) {
		const res = await fetch(`${base}/api/tickets/${ticket.id}`);
		expect(res.status, ticket.number).toBe(200);
		expect(((await res.json()) as { number: string }).number).toBe(ticket.number);
	}
	const numbers = new Set(acked.map((t) => t.number));
	expect(numbers.size).toBe(acked.length);
	const after = await fetch(`${base}/api/tickets`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ serviceId: 'party-transfer' })
	});
	const next = (await after.json()) as { number: string };
	const highest = Math.max(...acked.map((t) => Number(t.number.slice(1))));
	expect(Number(next.number.slice(1))).toBeGreaterThan(highest);
	expect(numbers.has(next.number)).toBe(false);
	const last = child;
	const stopped = exited(last);
	last.kill('SIGTERM');
	await stopped;
	child = null;
}, 120_000);
