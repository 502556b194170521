// 预约 under a morning rush: 200 residents open /book and book tomorrow morning's slots, 20 a
// second (each reads the day's slots, then books). Goal: booking p95 ≤ 50 ms. The hall runs as
// its own process, as in production; baseline in the same run: GET /api/health on that server.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_HALL_PATH, type HallFile } from '../server/config.ts';
import { addDays, localDate } from '../server/core/calendar.ts';
import type { BenchRow } from './kiosk-print.ts';

const GOAL_MS = 50;
const SERVICE = 'representative';
const MORNING = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'];

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const fmt = (n: number) => n.toFixed(2);

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

async function untilUp(url: string, child: ChildProcess): Promise<void> {
	for (let i = 0; i < 300; i++) {
		if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
		try {
			if ((await fetch(`${url}/api/health`)).ok) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`${url} did not come up`);
}

async function timed(run: () => Promise<Response>): Promise<{ ms: number; status: number }> {
	const t0 = performance.now();
	const response = await run();
	await response.arrayBuffer();
	return { ms: performance.now() - t0, status: response.status };
}

export async function benchBooking(rows: BenchRow[], quick: boolean): Promise<void> {
	const residents = 200;
	/** 20 residents a second: all 200 within ten seconds. */
	const intervalMs = 50;
	const dir = mkdtempSync(join(tmpdir(), 'jiaohao-bench-booking-'));
	const file = JSON.parse(readFileSync(DEMO_HALL_PATH, 'utf8')) as HallFile;
	file.services = file.services.map((s) => (s.id === SERVICE ? { ...s, appointments: { enabled: true, slotMinutes: 30, capacity: 40, bookAheadDays: 7 } } : s));
	writeFileSync(join(dir, 'hall.json'), JSON.stringify(file));
	const port = await freePort();
	const built = existsSync('build-server/main.js');
	const hall = spawn(process.execPath, built ? ['build-server/main.js'] : ['--import', 'tsx', 'server/main.ts'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, HALL_CONFIG: join(dir, 'hall.json'), LOG_LEVEL: 'warn', ISSUE_RATE_LIMIT: 'off' },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const url = `http://127.0.0.1:${port}`;
	try {
		await untilUp(url, hall);
		const day = addDays(localDate(Date.now(), file.timeZone ?? 'Asia/Shanghai'), 1);
		const health: number[] = [];
		for (let i = 0; i < (quick ? 100 : 300); i++) health.push((await timed(() => fetch(`${url}/api/health`))).ms);
		const booking: number[] = [];
		let refused = 0;
		// Arrivals at a steady pace, as when booking opens in the morning and the neighbourhood
		// books within seconds; each resident reads the day's slots, then books one.
		const resident = async (i: number) => {
			await new Promise((r) => setTimeout(r, i * intervalMs));
			await timed(() => fetch(`${url}/api/appointments/slots?serviceId=${SERVICE}&date=${day}`));
			const answer = await timed(() =>
				fetch(`${url}/api/appointments`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ serviceId: SERVICE, date: day, start: MORNING[i % MORNING.length], name: `居民${i}`, phone: `139${String(i).padStart(8, '0')}` })
				})
			);
			if (answer.status !== 201) refused++;
			booking.push(answer.ms);
		};
		await Promise.all(Array.from({ length: residents }, (_, i) => resident(i)));
		const p95 = percentile(booking, 95);
		rows.push({
			name: `预约 booking p95, ${residents} residents booking the same morning (${1000 / intervalMs}/s, ${refused} refused)`,
			value: `${fmt(p95)} ms (p50 ${fmt(percentile(booking, 50))})`,
			baseline: `GET /api/health p95 ${fmt(percentile(health, 95))} ms`,
			ratio: p95 / GOAL_MS,
			goal: `p95 ≤ ${GOAL_MS} ms (ratio to goal ≤ 1), none refused`,
			pass: p95 <= GOAL_MS && refused === 0
		});
	} finally {
		if (hall.exitCode === null) await new Promise<void>((resolve) => {
			hall.once('exit', () => resolve());
			hall.kill('SIGTERM');
		});
		rmSync(dir, { recursive: true, force: true });
	}
}
