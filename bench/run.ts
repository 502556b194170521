// npm run bench [-- --json FILE] [-- --quick]
// Every figure is printed next to a baseline measured in the same run on the same
// machine, as a ratio: these machines are shared and noisy, absolute times are not.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { createHallApp } from '../server/app.ts';
import { hashPassword } from '../server/auth.ts';
import { DEMO_HALL_PATH, parseHall, type HallFile } from '../server/config.ts';
import { Store } from '../server/store/store.ts';
import { benchBoardSoak } from './board-soak.ts';
import { benchBooking } from './booking.ts';
import { benchKioskPrint } from './kiosk-print.ts';
import { benchHistory } from './history.ts';
import { benchDistrict } from './district.ts';
import { benchLoginFlood } from './login-flood.ts';

// As `npm start` and the systemd unit run the server: a small young generation keeps the
// resident memory of a hall with 1,000 connections low at the cost of more frequent, tiny GCs.
const PRODUCTION_NODE_FLAGS = '--max-semi-space-size=2';
/** As `npm start` and the systemd unit (docs/operations.md) run the hall. */
const PRODUCTION_ENV = { MALLOC_MMAP_THRESHOLD_: '1048576' };

const args = process.argv.slice(2);
const jsonPath = args.includes('--json') ? args[args.indexOf('--json') + 1] : null;
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const wanted = (name: string) => only === null || only === name;

interface Row {
	name: string;
	value: string;
	baseline: string;
	ratio: number;
	goal: string;
	pass: boolean;
}

const rows: Row[] = [];

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

function hallFile(windows: number, kiosks: number): HallFile {
	const file = JSON.parse(readFileSync(DEMO_HALL_PATH, 'utf8')) as HallFile;
	file.windows = Array.from({ length: windows }, (_, i) => ({
		id: String(i + 1),
		name: `${i + 1}号窗口`,
		serviceIds: file.services.map((s) => s.id),
		zone: i < windows / 2 ? 'east' : 'west'
	}));
	file.stations = [
		...Array.from({ length: kiosks }, (_, i) => ({ id: `K${i + 1}`, kind: 'kiosk' as const, name: `K${i + 1}`, printer: 'preview' })),
		...Array.from({ length: 6 }, (_, i) => ({ id: `B${i + 1}`, kind: 'board' as const, name: `B${i + 1}` }))
	];
	return file;
}

// 1. Durable ticket issue vs bare better-sqlite3 single-row transactions ---------------

async function benchIssue(sync: 'FULL' | 'NORMAL'): Promise<void> {
	const n = quick ? 500 : sync === 'FULL' ? 1000 : 5000;
	const dir = mkdtempSync(join(tmpdir(), 'jiaohao-bench-'));
	try {
		const bare = new Database(join(dir, 'bare.db'));
		bare.pragma('journal_mode = WAL');
		bare.pragma(`synchronous = ${sync}`);
		bare.exec('CREATE TABLE t (id TEXT PRIMARY KEY, day TEXT, number TEXT, data TEXT)');
		const insert = bare.prepare('INSERT INTO t VALUES (?, ?, ?, ?)');
		const tx = bare.transaction((i: number) => insert.run(`id${i}`, '2026-11-26', `A${i}`, '{}'));
		let start = performance.now();
		for (let i = 0; i < n; i++) tx(i);
		const bareMs = performance.now() - start;
		bare.close();

		const app = createHallApp({
			store: new Store(join(dir, 'hall.db'), { synchronous: sync }),
			clock: { now: () => Date.now() },
			hall: parseHall(hallFile(6, 1)),
			logger: pino({ level: 'silent' }),
			issueRateLimit: null,
			dataDir: dir
		});
		// Issued at kiosk K1 as on the floor. Each ticket's slip follows its fact, but the print
		// effect defers rendering with setImmediate, so it runs after this synchronous loop: the
		// figure is the command, its commit and its subscribers, not the slips.
		start = performance.now();
		for (let i = 0; i < n; i++) {
			const result = app.hall.issueTicket({ serviceId: 'party-transfer', priority: 'normal', station: 'K1', idempotencyKey: null }, undefined, `t${i}`);
			if (!result.ok) throw new Error(result.error.code);
		}
		const hallMs = performance.now() - start;
		await app.close();
		const hallRate = n / (hallMs / 1000);
		const bareRate = n / (bareMs / 1000);
		rows.push({
			name: `durable ticket issue (core + store, synchronous=${sync})`,
			value: `${fmt(hallRate, 0)} tickets/s`,
			baseline: `${fmt(bareRate, 0)} bare tx/s`,
			ratio: hallRate / bareRate,
			goal: 'ratio ≥ 0.3',
			pass: hallRate / bareRate >= 0.3
		});
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

// Helpers for the networked benchmarks ---------------------------------------------

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createNetServer();
		server.listen(0, '127.0.0.1', () => {
			const port = (server.address() as { port: number }).port;
			server.close(() => resolve(port));
		});
	});
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
	for (let i = 0; i < 200; i++) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
		try {
			const res = await fetch(url);
			if (res.ok) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`${url} did not come up`);
}

interface HallProcess {
	url: string;
	child: ChildProcess;
	dir: string;
	stop(): Promise<void>;
}

async function startHallProcess(windows: number, kiosks: number, productionLimits = false): Promise<HallProcess> {
	const dir = mkdtempSync(join(tmpdir(), 'jiaohao-bench-hall-'));
	const configPath = join(dir, 'hall.json');
	writeFileSync(configPath, JSON.stringify(hallFile(windows, kiosks)));
	// Staff accounts for every window, written before the server opens the database.
	const store = new Store(join(dir, 'hall.db'));
	const hash = hashPassword('bench-pass');
	for (let i = 1; i <= windows; i++) {
		store.insertStaff({ id: `b${i}`, username: `bench${i}`, name: `员工${i}`, staffNo: `B${i}`, role: 'staff', passwordHash: hash }, Date.now());
	}
	store.close();
	const port = await freePort();
	// The compiled server, as `npm start` runs it: memory figures must not include a TypeScript loader.
	const child = spawn(process.execPath, [...(process.env.HALL_NODE_FLAGS ?? PRODUCTION_NODE_FLAGS).split(' ').filter(Boolean), 'build-server/main.js'], {
		env: { ...process.env, ...PRODUCTION_ENV, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, HALL_CONFIG: configPath, LOG_LEVEL: 'warn', ISSUE_RATE_LIMIT: productionLimits ? 'on' : 'off' },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const url = `http://127.0.0.1:${port}`;
	await waitFor(`${url}/api/health`, child);
	return {
		url,
		child,
		dir,
		async stop() {
			child.kill('SIGTERM');
			await new Promise((r) => child.once('exit', r));
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

function rssMb(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
	return kb / 1024;
}

function open(url: string, auth?: Record<string, string>): Promise<Socket> {
	const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth });
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', reject);
	});
}

function ask(socket: Socket, event: string, input?: unknown): Promise<any> {
	return new Promise((resolve) => socket.emit(event, input, resolve));
}

async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
	const out: T[] = [];
	for (let i = 0; i < count; i += size) {
		out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, j) => make(i + j)))));
	}
	return out;
}

async function postJson(url: string, body: unknown, token?: string): Promise<any> {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
		body: JSON.stringify(body)
	});
	const text = await res.text();
	return text ? JSON.parse(text) : null;
}

// 2 + 4. call-next → board, and server memory with the hall's crowd connected -------------

const WINDOWS = 60;
const BOARDS = 6;
const KIOSKS = 10;
const PHONES = quick ? 200 : 1000;

async function benchCallToBoard(): Promise<void> {
	const calls = quick ? 60 : 300;

	// Baseline: the bare broadcast with the same crowd connected.
	const port = await freePort();
	const bareChild = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-server.ts'], {
		env: { ...process.env, PORT: String(port) },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const bareUrl = `http://127.0.0.1:${port}`;
	await new Promise((r) => setTimeout(r, 300));
	for (let i = 0; i < 100; i++) {
		try {
			const s = await open(bareUrl);
			s.disconnect();
			break;
		} catch {
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	const bareBoards = await inBatches(BOARDS, BOARDS, async () => {
		const s = await open(bareUrl);
		await new Promise((r) => s.emit('join', 'board', r));
		return s;
	});
	const bareOthers = await inBatches(WINDOWS + KIOSKS + PHONES, 100, async (i) => {
		const s = await open(bareUrl);
		await new Promise((r) => s.emit('join', `other:${i % 50}`, r));
		return s;
	});
	const bareLatencies: number[] = [];
	for (let k = 0; k < calls; k++) {
		const sender = bareOthers[k % WINDOWS];
		const number = `A${k}`;
		const t0 = performance.now();
		const arrivals = bareBoards.map(
			(b) => new Promise<void>((resolve) => {
				const handler = (fact: { call: { number: string } }) => {
					if (fact.call.number !== number) return;
					bareLatencies.push(performance.now() - t0);
					b.off('called', handler);
					resolve();
				};
				b.on('called', handler);
			})
		);
		sender.emit('call', { number }, () => {});
		await Promise.all(arrivals);
	}
	for (const s of [...bareBoards, ...bareOthers]) s.disconnect();
	bareChild.kill('SIGTERM');

	// The hall.
	const hall = await startHallProcess(WINDOWS, KIOSKS);
	try {
		const rssIdle = rssMb(hall.child.pid!);
		const kiosks = await inBatches(KIOSKS, KIOSKS, async (i) => {
			const s = await open(hall.url);
			await ask(s, 'kiosk:subscribe', { station: `K${i + 1}` });
			return s;
		});
		const tickets = await inBatches(Math.max(PHONES, calls), 50, (i) =>
			ask(kiosks[i % KIOSKS], 'ticket:issue', { serviceId: 'party-transfer', station: `K${(i % KIOSKS) + 1}` })
		);
		const boards = await inBatches(BOARDS, BOARDS, async (i) => {
			const s = await open(hall.url);
			await ask(s, 'board:subscribe', i < 2 ? {} : { zone: i % 2 ? 'east' : 'west' });
			return s;
		});
		// The phone pages run in a process of their own, as on their own devices (see phone-crowd.ts).
		const phones = spawn(process.execPath, ['--import', 'tsx', 'bench/phone-crowd.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
		const phoneOutput: string[] = [];
		const phoneLine = () =>
			new Promise<string>((resolve, reject) => {
				const take = () => {
					const line = phoneOutput.shift();
					if (line !== undefined) return resolve(line);
					if (phones.exitCode !== null) return reject(new Error('phone pages exited'));
					setTimeout(take, 20);
				};
				take();
			});
		let pending = '';
		phones.stdout.on('data', (chunk: Buffer) => {
			pending += chunk.toString();
			const lines = pending.split('\n');
			pending = lines.pop()!;
			phoneOutput.push(...lines);
		});
		phones.stdin.write(`${JSON.stringify({ url: hall.url, ticketIds: tickets.slice(0, PHONES).map((t) => t.data.id as string) })}\n`);
		if ((await phoneLine()) !== 'ready') throw new Error('phone pages did not start');
		const staff = await inBatches(WINDOWS, 20, async (i) => {
			const { token } = await postJson(`${hall.url}/api/session`, { username: `bench${i + 1}`, password: 'bench-pass' });
			await postJson(`${hall.url}/api/windows/${i + 1}/sign-in`, {}, token);
			const s = await open(hall.url, { token });
			await ask(s, 'window:subscribe', { windowId: String(i + 1) });
			return s;
		});
		const connected = KIOSKS + BOARDS + PHONES + WINDOWS;
		const rssConnected = rssMb(hall.child.pid!);

		// Only the two all-hall boards hear every window; zone boards hear half. Measure all that hear it.
		const latencies: number[] = [];
		for (let k = 0; k < calls; k++) {
			const w = k % WINDOWS;
			const windowId = String(w + 1);
			const zone = w < WINDOWS / 2 ? 'east' : 'west';
			const listeners = boards.filter((_, i) => i < 2 || (i % 2 ? 'east' : 'west') === zone);
			const t0 = performance.now();
			let expected: string | null = null;
			const pending: { fact: { call: { number: string } }; at: number }[] = [];
			const arrivals = listeners.map(
				(b) =>
					new Promise<void>((resolve) => {
						const handler = (fact: { call: { number: string } }) => {
							const at = performance.now();
							if (expected === null) {
								pending.push({ fact, at });
								return;
							}
							if (fact.call.number !== expected) return;
							latencies.push(at - t0);
							b.off('ticket:called', handler);
							resolve();
						};
						b.on('ticket:called', handler);
					})
			);
			const ack = await ask(staff[w], 'ticket:call-next', { windowId });
			if (!ack.data) throw new Error(`call-next at ${windowId}: ${JSON.stringify(ack)}`);
			expected = ack.data.number as string;
			// Facts that beat the ack to the client count from the same t0.
			for (const p of pending) if (p.fact.call.number === expected) latencies.push(p.at - t0);
			const early = pending.filter((p) => p.fact.call.number === expected).length;
			await Promise.race([Promise.all(arrivals.slice(0, listeners.length - early)), new Promise((r) => setTimeout(r, 5000))]);
			await ask(staff[w], 'ticket:start', { windowId });
			await ask(staff[w], 'ticket:finish', { windowId, outcome: 'done' });
		}
		for (const b of boards) b.removeAllListeners('ticket:called');

		const p50 = percentile(latencies, 50);
		const p99 = percentile(latencies, 99);
		const bareP50 = percentile(bareLatencies, 50);
		const bareP99 = percentile(bareLatencies, 99);
		rows.push({
			name: `call-next → board p50 (${connected} clients)`,
			value: `${fmt(p50)} ms`,
			baseline: `${fmt(bareP50)} ms bare broadcast`,
			ratio: p50 / bareP50,
			goal: 'ratio ≤ 2',
			pass: p50 / bareP50 <= 2
		});
		rows.push({
			name: `call-next → board p99 (${connected} clients)`,
			value: `${fmt(p99)} ms`,
			baseline: `${fmt(bareP99)} ms bare broadcast`,
			ratio: p99 / bareP99,
			goal: 'ratio ≤ 2',
			pass: p99 / bareP99 <= 2
		});
		rows.push({
			name: `server RSS with ${connected} clients`,
			value: `${fmt(rssConnected, 1)} MB`,
			baseline: `${fmt(rssIdle, 1)} MB idle`,
			ratio: rssConnected / 150,
			goal: '≤ 150 MB (ratio to goal ≤ 1)',
			pass: rssConnected <= 150
		});
		phones.stdin.end();
		const { facts: phoneFacts } = JSON.parse(await phoneLine()) as { facts: number };
		if (phoneFacts === 0) throw new Error('the phone pages heard nothing');
		for (const s of [...kiosks, ...boards, ...staff]) s.disconnect();
	} finally {
		await hall.stop();
	}
}

// 3. 200 concurrent API clients mixing issue, call and status --------------------------
//
// Two runs, each on a fresh hall:
// (a) closed loop, no think time: every client sends its next request the moment the last
//     one is answered. That measures capacity (throughput at saturation); its p95 is only
//     200 clients ÷ throughput, on two cores the load generator shares with the server.
// (b) paced: the same 200 clients, each pausing between requests as a terminal, kiosk or
//     phone does (exponential think time, mean chosen for the offered load in the row).
//     The p95 goal is judged here: see README, Benchmarks.

/** Total CPU time (user + system) a process has used, in ms, from /proc. */
function cpuMs(pid: number, thread?: number): number {
	// /proc/PID/task/TID/stat: one thread's share (the main thread's TID is the PID).
	const fields = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8').split(') ')[1].split(' ');
	// utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) ".
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

interface MixResult {
	/** Latencies of the measured requests: call-next, issue, status. */
	latencies: number[];
	/** Every request sent, the windows' start and finish included. */
	requests: number;
	errors: number;
	seconds: number;
	serverCpuMs: number;
	/** The event loop's thread alone: what stands between a request and its answer. */
	loopCpuMs: number;
}

async function runApiMix(clients: number, durationMs: number, thinkMs: number): Promise<MixResult> {
	const hall = await startHallProcess(WINDOWS, KIOSKS);
	const agent = new Agent({ keepAlive: true, maxSockets: clients });
	const { hostname, port } = new URL(hall.url);
	let requests = 0;
	function call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		requests++;
		return new Promise((resolve, reject) => {
			const req = request(
				{
					agent,
					hostname,
					port,
					method,
					path,
					headers: {
						...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
						...(token ? { authorization: `Bearer ${token}` } : {})
					}
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () => {
						const text = Buffer.concat(chunks).toString();
						resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
					});
				}
			);
			req.on('error', reject);
			req.end(payload);
		});
	}
	// Exponential think time: arrivals spread out as independent people's do, not in lockstep.
	const think = () => (thinkMs > 0 ? new Promise((r) => setTimeout(r, -Math.log(1 - Math.random()) * thinkMs)) : null);
	try {
		const tokens = await inBatches(WINDOWS, 20, async (i) => {
			const { body } = await call('POST', '/api/session', { username: `bench${i + 1}`, password: 'bench-pass' });
			await call('POST', `/api/windows/${i + 1}/sign-in`, {}, body.token);
			return body.token as string;
		});
		const ids: string[] = [];
		let latencies: number[] = [];
		let errors = 0;
		/** The mix for `ms`: windows call and finish, kiosks issue, phones read. */
		const drive = (ms: number) => {
			const end = performance.now() + ms;
			return Promise.all(
				Array.from({ length: clients }, async (_, c) => {
					let op = c;
					// Paced clients start at random moments, not all at once.
					if (thinkMs > 0) await new Promise((r) => setTimeout(r, Math.random() * thinkMs));
					while (performance.now() < end) {
						op++;
						const t0 = performance.now();
						let res: { status: number; body: any };
						if (c < WINDOWS) {
							// A window: call, then finish what it called.
							const windowId = String(c + 1);
							res = await call('POST', `/api/windows/${windowId}/call-next`, {}, tokens[c]);
							latencies.push(performance.now() - t0);
							if (res.status === 200) {
								await think();
								await call('POST', `/api/windows/${windowId}/start`, {}, tokens[c]);
								await think();
								await call('POST', `/api/windows/${windowId}/finish`, { outcome: 'done' }, tokens[c]);
							}
						} else if (op % 3 === 0 || ids.length === 0) {
							res = await call('POST', '/api/tickets', { serviceId: 'party-transfer', station: `K${(c % KIOSKS) + 1}` });
							latencies.push(performance.now() - t0);
							if (res.status === 201) ids.push(res.body.id);
						} else {
							res = await call('GET', `/api/tickets/${ids[op % ids.length]}`);
							latencies.push(performance.now() - t0);
						}
						// Nobody waiting is news (queue_empty), not a failure.
						if (res.status >= 400 && res.body?.error?.code !== 'queue_empty') errors++;
						await think();
					}
				})
			);
		};
		// A hall that has run a while is what is measured: a fresh process compiles its hot paths
		// in the first second (the closed loop ran on a hall of its own). Not timed.
		await drive(quick ? 1500 : 3000);
		latencies = [];
		errors = 0;
		requests = 0;
		const cpuStart = cpuMs(hall.child.pid!);
		const loopStart = cpuMs(hall.child.pid!, hall.child.pid!);
		const startedAt = performance.now();
		await drive(durationMs);
		const seconds = (performance.now() - startedAt) / 1000;
		return {
			latencies,
			requests,
			errors,
			seconds,
			serverCpuMs: cpuMs(hall.child.pid!) - cpuStart,
			loopCpuMs: cpuMs(hall.child.pid!, hall.child.pid!) - loopStart
		};
	} finally {
		agent.destroy();
		await hall.stop();
	}
}

async function benchApiMix(): Promise<void> {
	const clients = 200;
	const durationMs = quick ? 3000 : 8000;

	const saturated = await runApiMix(clients, durationMs, 0);
	const satRate = saturated.requests / saturated.seconds;
	const satP95 = percentile(saturated.latencies, 95);
	const cpuPerRequest = saturated.serverCpuMs / saturated.requests;
	rows.push({
		name: `API mix, ${clients} clients closed loop, no think time: saturation (${saturated.errors} errors)`,
		value: `p95 ${fmt(satP95)} ms at ${fmt(satRate, 0)} req/s`,
		baseline: `server ${fmt(cpuPerRequest, 3)} ms CPU/req (event loop ${fmt(saturated.loopCpuMs / saturated.requests, 3)})`,
		ratio: satP95 / 50,
		goal: 'capacity figure; p95 ≤ 50 ms not expected at saturation',
		pass: saturated.errors === 0
	});

	// 200 clients, each pausing 250 ms on average between requests: ≈ 200 ÷ 0.25 s = 800
	// requests/s offered, some 50× what a hall of 60 windows, 10 kiosks and 1,000 phones asks.
	const thinkMs = 250;
	const offered = Math.round((clients / thinkMs) * 1000);
	const paced = await runApiMix(clients, durationMs, thinkMs);
	const pacedRate = paced.requests / paced.seconds;
	const pacedP95 = percentile(paced.latencies, 95);
	rows.push({
		name: `API mix, ${clients} clients paced (think ${fmt(thinkMs, 0)} ms, ≈${offered} req/s offered) (${paced.errors} errors)`,
		value: `p95 ${fmt(pacedP95)} ms at ${fmt(pacedRate, 0)} req/s`,
		baseline: `server ${fmt(paced.serverCpuMs / paced.requests, 3)} ms CPU/req (event loop ${fmt(paced.loopCpuMs / paced.requests, 3)})`,
		ratio: pacedP95 / 50,
		goal: 'p95 ≤ 50 ms (ratio to goal ≤ 1)',
		pass: pacedP95 <= 50 && paced.errors === 0
	});
}

// 5. Gzipped JavaScript per route -------------------------------------------------------

function benchBundles(): void {
	// SvelteKit's server output lists, per route node, the client files that route loads.
	// KIT_OUT_DIR: the same override as the build, so a parallel build can be measured too.
	const out = `${process.env.KIT_OUT_DIR ?? '.svelte-kit'}/output`;
	if (!existsSync(`${out}/server/manifest.js`)) {
		console.warn('route sizes skipped: run `npm run build` first');
		return;
	}
	const listOf = (text: string, pattern: RegExp) => JSON.parse(pattern.exec(text)?.[1] ?? '[]') as string[];
	const manifest = readFileSync(`${out}/server/manifest.js`, 'utf8');
	const entry = listOf(manifest, /client: \{[^}]*?imports:(\[[^\]]*\])/);
	const nodes = new Map<string, string[]>();
	for (const file of readdirSync(`${out}/server/nodes`)) {
		const text = readFileSync(`${out}/server/nodes/${file}`, 'utf8');
		// A page with `ssr = false` has no server component; its universal load (+page.ts) names the route instead.
		const route =
			/entries\/pages\/(.*?)_page\.svelte\.js/.exec(text)?.[1] ??
			/universal_id = "src\/routes\/(.*?)\+page\.[jt]s"/.exec(text)?.[1]?.replace(/\[(\w+)\]/g, '_$1_') ??
			(/_layout\.svelte\.js/.test(text) && file === '0.js' ? '<layout>' : null);
		if (route !== null) nodes.set(route, listOf(text, /export const imports = (\[[^\]]*\])/));
	}
	const layout = nodes.get('<layout>') ?? [];
	const budgets: [string, string, number][] = [
		['kiosk', 'kiosk/', 80],
		['board', 'board/', 60],
		['window', 'window/', 120],
		['phone status', 't/_ticket_/', 80]
	];
	for (const [name, route, budgetKb] of budgets) {
		const page = nodes.get(route);
		if (!page) continue;
		const files = new Set([...entry, ...layout, ...page]);
		const bytes = [...files].reduce((sum, f) => sum + gzipSync(readFileSync(`${out}/client/${f}`)).length, 0);
		const kb = bytes / 1024;
		rows.push({
			name: `${name} route JavaScript (gzip)`,
			value: `${fmt(kb, 1)} KB`,
			baseline: `budget ${budgetKb} KB`,
			ratio: kb / budgetKb,
			goal: 'ratio ≤ 1',
			pass: kb <= budgetKb
		});
	}
}

async function main(): Promise<void> {
	execFileSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
	if (wanted('issue')) {
		await benchIssue('NORMAL');
		await benchIssue('FULL');
	}
	if (wanted('board')) await benchCallToBoard();
	if (wanted('api')) await benchApiMix();
	if (wanted('kiosk')) await benchKioskPrint(rows, quick);
	if (wanted('bundles')) benchBundles();
	if (wanted('soak')) await benchBoardSoak(rows, quick);
	if (wanted('history')) await benchHistory(rows, quick);
	if (wanted('booking')) await benchBooking(rows, quick);
	if (wanted('district')) await benchDistrict(rows, quick);
	if (wanted('login')) {
		const hall = await startHallProcess(4, 1, true);
		try {
			await benchLoginFlood(
				{
					url: hall.url,
					open: (auth) => open(hall.url, auth),
					ask,
					login: async (username, password) => (await postJson(`${hall.url}/api/session`, { username, password })).token as string
				},
				rows,
				quick
			);
		} finally {
			await hall.stop();
		}
	}

	const table = rows.map((r) => ({ benchmark: r.name, value: r.value, baseline: r.baseline, ratio: fmt(r.ratio), goal: r.goal, ok: r.pass ? 'yes' : 'NO' }));
	console.table(table);
	if (jsonPath) mkdirSync(dirname(jsonPath), { recursive: true });
	if (jsonPath) writeFileSync(jsonPath, JSON.stringify({ at: new Date().toISOString(), quick, rows }, null, 2));
	process.exit(0);
}

await main();
