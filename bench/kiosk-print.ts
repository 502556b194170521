// Kiosk printing latency: tap 取号 (socket 'ticket:issue') → the ticket on screen (the ack),
// and → the slip's bytes at a fake network printer on 127.0.0.1, both through the printer
// the server drives and through a station agent. Goals: p95 ≤ 150 ms and ≤ 250 ms.
// The hall runs as its own process, as in production (build-server/main.js when built,
// else through tsx); the kiosk, the fake printers and the agent run here. Baseline in the
// same run: a bare socket.io round trip to a bare server process (bench/bare-server.ts).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { startStationAgent } from '../kiosk/agent/station-agent.ts';
import { DEMO_HALL_PATH, type HallFile } from '../server/config.ts';
import { startFakePrinter, type FakePrinter } from '../tests/fakes/fake-printer.ts';

/** The row shape of bench/run.ts. */
export interface BenchRow {
	name: string;
	value: string;
	baseline: string;
	ratio: number;
	goal: string;
	pass: boolean;
}

const ACK_GOAL_MS = 150;
const BYTES_GOAL_MS = 250;
const AGENT_KEY = 'bench-k1-agent-key-0001';

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const fmt = (n: number) => n.toFixed(2);

function open(url: string): Promise<Socket> {
	const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', reject);
	});
}

function ask(socket: Socket, event: string, input?: unknown): Promise<any> {
	return new Promise((resolve) => socket.emit(event, input, resolve));
}

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
			const socket = await open(url);
			socket.disconnect();
			return;
		} catch {
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	throw new Error(`${url} did not come up`);
}

function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		child.once('exit', () => resolve());
		child.kill('SIGTERM');
	});
}

async function bareRoundTrips(count: number): Promise<number[]> {
	const port = await freePort();
	const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-server.ts'], {
		env: { ...process.env, PORT: String(port) },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	try {
		const url = `http://127.0.0.1:${port}`;
		await untilUp(url, child);
		const socket = await open(url);
		const times: number[] = [];
		for (let i = 0; i < count + 5; i++) {
			const t0 = performance.now();
			// 'join' answers right away: the smallest command with an ack the bare server has.
			await ask(socket, 'join', `kiosk:K${i % 10}`);
			if (i >= 5) times.push(performance.now() - t0);
		}
		socket.disconnect();
		return times;
	} finally {
		await stop(child);
	}
}

/** Taps one at a time, as a resident does; the first few warm the code paths up and are not counted. */
async function taps(kiosk: Socket, printer: FakePrinter, count: number): Promise<{ ack: number[]; bytes: number[] }> {
	const ack: number[] = [];
	const bytes: number[] = [];
	for (let i = 0; i < count + 5; i++) {
		const cut = printer.nextCut(30_000);
		const t0 = performance.now();
		const answer = await ask(kiosk, 'ticket:issue', { serviceId: 'party-transfer', station: 'K1' });
		const tAck = performance.now();
		if (!answer.data) throw new Error(`ticket:issue failed: ${JSON.stringify(answer)}`);
		await cut;
		const tBytes = performance.now();
		if (i < 5) continue;
		ack.push(tAck - t0);
		bytes.push(tBytes - t0);
	}
	return { ack, bytes };
}

export async function benchKioskPrint(rows: BenchRow[], quick: boolean): Promise<void> {
	const count = quick ? 40 : 200;
	const bare = await bareRoundTrips(count);
	const bareP95 = percentile(bare, 95);
	const baseline = `bare socket.io round trip p95 ${fmt(bareP95)} ms`;

	const dir = mkdtempSync(join(tmpdir(), 'jiaohao-bench-kiosk-'));
	const serverPrinter = await startFakePrinter();
	const agentPrinter = await startFakePrinter();
	const file = JSON.parse(readFileSync(DEMO_HALL_PATH, 'utf8')) as HallFile;
	file.stations = file.stations.map((s) => (s.id === 'K1' ? { ...s, printer: serverPrinter.uri, agentKey: AGENT_KEY } : s));
	writeFileSync(join(dir, 'hall.json'), JSON.stringify(file));
	const port = await freePort();
	const built = existsSync('build-server/main.js');
	const hall = spawn(process.execPath, built ? ['build-server/main.js'] : ['--import', 'tsx', 'server/main.ts'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, HALL_CONFIG: join(dir, 'hall.json'), LOG_LEVEL: 'warn', ISSUE_RATE_LIMIT: 'off' },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const url = `http://127.0.0.1:${port}`;
	const logger = pino({ level: 'silent' });
	try {
		await untilUp(url, hall);
		const kiosk = await open(url);
		await ask(kiosk, 'kiosk:subscribe', { station: 'K1' });

		const server = await taps(kiosk, serverPrinter, count);
		const ackP95 = percentile(server.ack, 95);
		const bytesP95 = percentile(server.bytes, 95);
		rows.push({
			name: `kiosk tap → ticket on screen (ack) p95, ${count} taps`,
			value: `${fmt(ackP95)} ms (p50 ${fmt(percentile(server.ack, 50))})`,
			baseline,
			ratio: ackP95 / ACK_GOAL_MS,
			goal: `p95 ≤ ${ACK_GOAL_MS} ms (ratio to goal ≤ 1)`,
			pass: ackP95 <= ACK_GOAL_MS
		});
		rows.push({
			name: 'kiosk tap → bytes at the printer p95 (server-driven tcp printer)',
			value: `${fmt(bytesP95)} ms (p50 ${fmt(percentile(server.bytes, 50))})`,
			baseline,
			ratio: bytesP95 / BYTES_GOAL_MS,
			goal: `p95 ≤ ${BYTES_GOAL_MS} ms (ratio to goal ≤ 1)`,
			pass: bytesP95 <= BYTES_GOAL_MS
		});

		const agent = await startStationAgent({ server: url, station: 'K1', key: AGENT_KEY, printer: agentPrinter.uri, logger });
		try {
			await agent.ready();
			const viaAgent = await taps(kiosk, agentPrinter, count);
			const agentP95 = percentile(viaAgent.bytes, 95);
			rows.push({
				name: 'kiosk tap → bytes at the printer p95 (station agent)',
				value: `${fmt(agentP95)} ms (p50 ${fmt(percentile(viaAgent.bytes, 50))})`,
				baseline,
				ratio: agentP95 / BYTES_GOAL_MS,
				goal: `p95 ≤ ${BYTES_GOAL_MS} ms (ratio to goal ≤ 1)`,
				pass: agentP95 <= BYTES_GOAL_MS
			});
		} finally {
			await agent.close();
		}
		kiosk.disconnect();
	} finally {
		await stop(hall);
		await serverPrinter.close();
		await agentPrinter.close();
		rmSync(dir, { recursive: true, force: true });
	}
}
