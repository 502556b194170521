// kill -9 during a burst of bookings: every acknowledged booking is there after the restart,
// no slot holds more than its capacity, and a backup of the live database carries them.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { backupDatabase } from '../../server/store/backup.ts';
import { addDays, localDate } from '../../server/core/calendar.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'jiaohao-appt-crash-'));
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

it('keeps every acknowledged booking through kill -9, within capacity, and in a backup', async () => {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	child = await startServer(port);
	// The demo hall is open around the clock: tomorrow has 48 half-hour slots of 5 places.
	const day = addDays(localDate(Date.now(), 'Asia/Shanghai'), 1);
	const starts = Array.from({ length: 8 }, (_, i) => `0${i + 1}:00`.slice(-5));

	const acked: { code: string; phone: string; start: string }[] = [];
	let killed = false;
	let serial = 0;
	const bookLoop = async () => {
		while (!killed) {
			const n = serial++;
			const phone = `138${String(n).padStart(8, '0')}`;
			const start = starts[n % starts.length];
			try {
				const res = await fetch(`${base}/api/appointments`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ serviceId: 'representative', date: day, start, name: '测试居民', phone })
				});
				if (res.status === 201) acked.push({ code: ((await res.json()) as { code: string }).code, phone, start });
				else await res.arrayBuffer();
			} catch {
				return; // the server is gone
			}
		}
	};
	let loopsRunning = 8;
	const loops = Array.from({ length: loopsRunning }, () => bookLoop().finally(() => loopsRunning--));
	// Kill while slots are still filling (8 slots × 5 places).
	while (acked.length < 25 && loopsRunning > 0) await new Promise((r) => setTimeout(r, 2));
	expect(loopsRunning, 'the booking loops stopped before the kill').toBe(8);
	killed = true;
	const running = child;
	const gone = exited(running);
	running.kill('SIGKILL');
	await Promise.all(loops);
	await gone;

	child = await startServer(port);
	for (const booking of acked) {
		const res = await fetch(`${base}/api/appointments/${booking.code}?phone=${booking.phone}`);
		expect(res.status, booking.code).toBe(200);
		expect(((await res.json()) as { start: string }).start).toBe(booking.start);
	}
	const slots = (await (await fetch(`${base}/api/appointments/slots?serviceId=representative&date=${day}`)).json()) as { start: string; booked: number; capacity: number }[];
	for (const slot of slots) expect(slot.booked).toBeLessThanOrEqual(slot.capacity);

	const copy = join(dataDir, 'backup', 'hall-copy.db');
	const backup = await backupDatabase(join(dataDir, 'hall.db'), copy);
	expect(backup.integrity).toBe('ok');
	const db = new Database(copy, { readonly: true });
	try {
		const codes = new Set((db.prepare(`SELECT code FROM appointments`).all() as { code: string }[]).map((r) => r.code));
		for (const booking of acked) expect(codes.has(booking.code), booking.code).toBe(true);
		const facts = (db.prepare(`SELECT COUNT(*) AS n FROM events WHERE type = 'appointment:booked'`).get() as { n: number }).n;
		expect(facts).toBe(codes.size);
	} finally {
		db.close();
	}
	const last = child;
	const stopped = exited(last);
	last.kill('SIGTERM');
	await stopped;
	child = null;
}, 120_000);
