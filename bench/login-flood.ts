// A login flood must not stall the hall (issue 11): call-next → board p99 while 24 clients
// send wrong passwords, as a ratio to the same figure with no flood, and /api/health p95
// during the flood. The attackers come from 24 loopback addresses (127.0.0.10 …), so the
// per-address limit alone cannot absorb them: hashing off the event loop and the back-off
// per (account, address) must. The hall runs with its production limits on. The attackers run
// in their own process (bench/login-attackers.ts), as other PCs on the LAN would.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Socket } from 'socket.io-client';

export interface FloodHall {
	url: string;
	open(auth?: Record<string, string>): Promise<Socket>;
	ask(socket: Socket, event: string, input?: unknown): Promise<any>;
	login(username: string, password: string): Promise<string>;
}

export interface FloodRow {
	name: string;
	value: string;
	baseline: string;
	ratio: number;
	goal: string;
	pass: boolean;
}

const ATTACKERS = 24;

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Calls at window 1, each timed from the call-next to the board's `ticket:called`. */
async function callTimes(hall: FloodHall, staff: Socket, kiosk: Socket, board: Socket, calls: number): Promise<number[]> {
	const times: number[] = [];
	for (let i = 0; i < calls; i++) {
		const issued = await hall.ask(kiosk, 'ticket:issue', { serviceId: 'party-transfer' });
		if (!issued.data) throw new Error(`issue: ${JSON.stringify(issued)}`);
		const seen = new Promise<number>((resolve) => board.once('ticket:called', () => resolve(performance.now())));
		const t0 = performance.now();
		const called = await hall.ask(staff, 'ticket:call-next', { windowId: '1' });
		if (!called.data) throw new Error(`call-next: ${JSON.stringify(called)}`);
		times.push((await seen) - t0);
		await hall.ask(staff, 'ticket:start', { windowId: '1' });
		await hall.ask(staff, 'ticket:finish', { windowId: '1', outcome: 'done' });
		// The hall's issue limit (5 a second per client) is on, as in production.
		await new Promise((r) => setTimeout(r, 220));
	}
	return times;
}

export async function benchLoginFlood(hall: FloodHall, rows: FloodRow[], quick: boolean): Promise<void> {
	// Enough calls that p99 is not simply the slowest one: quick 40, full 120.
	const calls = quick ? 40 : 120;
	const token = await hall.login('bench1', 'bench-pass');
	await fetch(`${hall.url}/api/windows/1/sign-in`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
	const staff = await hall.open({ token });
	await hall.ask(staff, 'window:subscribe', { windowId: '1' });
	const kiosk = await hall.open();
	const board = await hall.open();
	await hall.ask(board, 'board:subscribe', {});
	await hall.ask(kiosk, 'kiosk:subscribe', {});

	const quiet = await callTimes(hall, staff, kiosk, board, calls);

	// The attackers run in a process of their own, as the other PCs on the LAN would.
	let flooding = true;
	const attackers = spawn(process.execPath, ['--import', 'tsx', 'bench/login-attackers.ts', hall.url, String(ATTACKERS)], { stdio: ['pipe', 'pipe', 'inherit'] });
	const lines = createInterface({ input: attackers.stdout! });
	const said = (prefix: string) => new Promise<string>((resolve) => lines.on('line', (line) => line.startsWith(prefix) && resolve(line)));
	await said('ready');
	const health: number[] = [];
	const probing = (async () => {
		while (flooding) {
			const t0 = performance.now();
			await fetch(`${hall.url}/api/health`);
			health.push(performance.now() - t0);
			await new Promise((r) => setTimeout(r, 20));
		}
	})();
	// Let the flood reach its stride before measuring.
	await new Promise((r) => setTimeout(r, 500));
	const flooded = await callTimes(hall, staff, kiosk, board, calls);
	flooding = false;
	const ended = said('attempts');
	attackers.stdin!.write('stop\n');
	const attempts = Number((await ended).split(' ')[1]);
	await probing;
	for (const socket of [staff, kiosk, board]) socket.close();

	const p99Quiet = percentile(quiet, 99);
	const p99Flood = percentile(flooded, 99);
	rows.push({
		name: `call-next → board p99 during a flood of ${ATTACKERS} wrong-password clients (${attempts} attempts)`,
		value: `${p99Flood.toFixed(1)} ms`,
		baseline: `${p99Quiet.toFixed(1)} ms with no flood`,
		ratio: p99Flood / p99Quiet,
		goal: 'ratio ≤ 1.5',
		pass: p99Flood / p99Quiet <= 1.5
	});
	const p95Health = percentile(health, 95);
	rows.push({
		name: '/api/health p95 during the login flood',
		value: `${p95Health.toFixed(1)} ms`,
		baseline: '50 ms goal',
		ratio: p95Health / 50,
		goal: 'ratio ≤ 1',
		pass: p95Health <= 50
	});
}
