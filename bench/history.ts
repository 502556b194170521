// Bench rows of issue 16 (`npm run bench -- --only history [--quick]`): a history made through
// the hall's own service day after day (bench/history-data.ts), then the production server
// (build-server/main.js, its compiled history worker) started on it:
//   - month report, the longest period report (the whole history), Excel for a month;
//   - call-next → board p99 while each of those runs in a loop, as a ratio to none running: the
//     loop runs in a process of its own (bench/history-load.ts, the director's PC, in the idle scheduling class),
//     and quiet and busy phases alternate (quick 5 × 60 calls each, full 8 × 100);
//   - database bytes per ticket, before (the old event encoding, idempotency keys kept, no
//     history indexes) and after, both measured on VACUUMed copies of the same history.

import { spawn } from 'node:child_process';
import { asAnotherMachine } from './another-machine.ts';
import { createInterface } from 'node:readline';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { io as connect, type Socket } from 'socket.io-client';
import { addDays, localDate } from '../server/core/calendar.ts';
import { DEMO_HALL_PATH, type HallFile } from '../server/config.ts';
import { decodeEvent, type EventRow } from '../server/store/event-codec.ts';
import { Store } from '../server/store/store.ts';
import { HistoryReader, monthsOf } from '../server/history/reader.ts';
import { ROLLUP_FORMULA } from '../server/history/rollup.ts';
import { saveRollups } from '../server/store/rollup-store.ts';
import { makeHistory } from './history-data.ts';
import { readFileSync } from 'node:fs';

interface Row {
	name: string;
	value: string;
	baseline: string;
	ratio: number;
	goal: string;
	pass: boolean;
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
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

async function api(url: string, method: string, body?: unknown, token?: string): Promise<any> {
	const res = await fetch(url, {
		method,
		headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	return res.headers.get('content-type')?.includes('json') ? res.json() : res.arrayBuffer();
}

/** The demo hall with 12 windows serving every service: enough visits for 2,000 tickets a day. */
function benchHall(): HallFile {
	const file = JSON.parse(readFileSync(DEMO_HALL_PATH, 'utf8')) as HallFile;
	file.windows = Array.from({ length: 12 }, (_, i) => ({ id: String(i + 1), name: `${i + 1}号窗口`, serviceIds: file.services.map((s) => s.id), zone: i < 6 ? 'east' : 'west' }));
	file.stations = [{ id: 'B1', kind: 'board' as const, name: 'B1' }];
	return file;
}

/** Bytes per ticket of a VACUUMed copy. */
function bytesPerTicket(path: string): { bytes: number; tickets: number } {
	const db = new Database(path, { readonly: true });
	const tickets = (db.prepare(`SELECT COUNT(*) AS n FROM tickets`).get() as { n: number }).n;
	db.close();
	return { bytes: statSync(path).size / tickets, tickets };
}

/**
 * The same history as the hall stored it before issue 16: every event's full JSON, every
 * idempotency key kept, none of migration 14's indexes.
 */
function asBefore(source: string, target: string): void {
	copyFileSync(source, target);
	const db = new Database(target);
	db.exec(`DROP TRIGGER events_append_only_update`);
	const rows = db.prepare(`SELECT seq, type, at, ticket_id, window_id, data FROM events`).all() as (EventRow & { seq: number })[];
	const update = db.prepare(`UPDATE events SET data = ? WHERE seq = ?`);
	db.transaction(() => {
		for (const r of rows) update.run(JSON.stringify(decodeEvent(r)), r.seq);
		// One key per ticket issued through a kiosk's retry guard, as before pruning.
		const insert = db.prepare(`INSERT OR IGNORE INTO idempotency_keys (key, ticket_id, created_at) VALUES (?, ?, ?)`);
		for (const t of db.prepare(`SELECT id, issued_at FROM tickets`).all() as { id: string; issued_at: number }[]) insert.run(crypto.randomUUID(), t.id, t.issued_at);
	})();
	for (const index of ['events_config', 'events_calls', 'events_attendance', 'events_finished_by_window', 'evaluations_by_time', 'complaints_by_time', 'cases_by_accepted', 'access_log_by_record', 'access_log_by_staff', 'idempotency_by_time', 'print_jobs_by_time']) {
		db.exec(`DROP INDEX IF EXISTS ${index}`);
	}
	db.exec(`DROP TABLE rollups; DROP TABLE rollup_days`);
	db.close();
}

/**
 * CPU time (ms) of the threads of the hall's process and of its children (the history reader)
 * that run at normal priority (nice ≤ 0): what a report takes from the hall's event loop and the
 * V8 threads it shares. Linux /proc, in USER_HZ ticks of 10 ms; null elsewhere.
 */
function normalPriorityCpuMs(pid: number): number | null {
	try {
		const pids = [String(pid), ...readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)];
		let ticks = 0;
		for (const process of pids) {
			for (const thread of readdirSync(`/proc/${process}/task`)) {
				try {
					const stat = readFileSync(`/proc/${process}/task/${thread}/stat`, 'utf8');
					const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
					if (Number(fields[16]) <= 0) ticks += Number(fields[11]) + Number(fields[12]);
				} catch {
					// A thread that ended meanwhile.
				}
			}
		}
		return ticks * 10;
	} catch {
		return null;
	}
}

function vacuumInto(source: string, target: string): void {
	const db = new Database(source, { readonly: true });
	db.prepare(`VACUUM INTO ?`).run(target);
	db.close();
}

export async function benchHistory(rows: Row[], quick: boolean): Promise<void> {
	// A month of 2,000 tickets a day made through the hall (a year takes the better part of an hour
	// on a shared 2-core machine); the year report reads a year of rollups: this month's, repeated.
	const days = quick ? 8 : 30;
	const perDay = quick ? 400 : 2000;
	const calls = quick ? 60 : 100;
	const rounds = quick ? 5 : 8;
	const cpuAnswers = quick ? 10 : 30;
	const dir = mkdtempSync(join(tmpdir(), 'jiaohao-bench-history-'));
	const hallFile = benchHall();
	const hallPath = join(dir, 'hall.json');
	writeFileSync(hallPath, JSON.stringify(hallFile));
	const today = localDate(Date.now(), 'Asia/Shanghai');
	const firstDay = addDays(today, -days);
	const lastDay = addDays(today, -1);
	try {
		const t0 = performance.now();
		const store = new Store(join(dir, 'hall.db'));
		await makeHistory({ store, hallFile, dataDir: dir, firstDay, days, ticketsPerDay: perDay, rateEvery: 3 });
		console.error(`history: ${days} days × ${perDay} tickets made in ${fmt((performance.now() - t0) / 1000, 1)} s`);

		// Bytes per ticket, before and after, on VACUUMed copies of this history.
		vacuumInto(join(dir, 'hall.db'), join(dir, 'after.db'));
		asBefore(join(dir, 'after.db'), join(dir, 'before-raw.db'));
		vacuumInto(join(dir, 'before-raw.db'), join(dir, 'before.db'));
		const after = bytesPerTicket(join(dir, 'after.db'));
		const before = bytesPerTicket(join(dir, 'before.db'));
		rows.push({
			name: `database bytes per ticket (${after.tickets} tickets, VACUUMed; ≈ a busy year at 2,000/day: ${fmt((after.bytes * 2000 * 250) / 1e9, 2)} GB)`,
			value: `${fmt(after.bytes, 0)} B`,
			baseline: `${fmt(before.bytes, 0)} B before`,
			ratio: after.bytes / before.bytes,
			goal: 'ratio < 1 (smaller than before)',
			pass: after.bytes < before.bytes
		});
		for (const f of ['after.db', 'before-raw.db', 'before.db']) rmSync(join(dir, f), { force: true });

		// Roll the made days up (as the hall does when each day closes), then fill the year before
		// them with copies of those real days' rollups: a year report reads 365 days of rollups.
		const rw = new Database(join(dir, 'hall.db'));
		const closed = new HistoryReader(rw).closeDays(today, 'Asia/Shanghai');
		if (closed) saveRollups(rw, closed.days, closed.cursor, ROLLUP_FORMULA, Date.now(), closed.months);
		const yearFrom = addDays(today, -365);
		rw.transaction(() => {
			for (let shift = days; addDays(firstDay, -shift + days - 1) >= yearFrom; shift += days) {
				rw.prepare(`INSERT OR IGNORE INTO rollups SELECT date(day, ?), dim, key, figures FROM rollups WHERE day >= ? AND day <= ? AND date(day, ?) >= ?`).run(`-${shift} days`, firstDay, lastDay, `-${shift} days`, yearFrom);
				rw.prepare(`INSERT OR IGNORE INTO rollup_days SELECT date(day, ?), formula, tickets, computed_at FROM rollup_days WHERE day >= ? AND day <= ? AND date(day, ?) >= ?`).run(`-${shift} days`, firstDay, lastDay, `-${shift} days`, yearFrom);
			}
		})();
		// The months of those copied days, summed as the hall sums them when each day closes.
		const reader = new HistoryReader(rw);
		const copied = [...reader.storedDays(yearFrom, lastDay).values()];
		saveRollups(rw, [], null, ROLLUP_FORMULA, Date.now(), monthsOf(copied));
		const yearTickets = (rw.prepare(`SELECT SUM(tickets) AS n FROM rollup_days WHERE day >= ?`).get(yearFrom) as { n: number }).n;
		rw.close();

		// The production server on this history: its start closes the last day in its worker.
		const port = await freePort();
		const url = `http://127.0.0.1:${port}`;
		// HALL_NODE_FLAGS as in bench/run.ts: e.g. `--max-semi-space-size=2 --cpu-prof --cpu-prof-dir=DIR` to profile the hall.
		const child = spawn(process.execPath, [...(process.env.HALL_NODE_FLAGS ?? '--max-semi-space-size=2').split(' ').filter(Boolean), 'build-server/main.js'], {
			env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, HALL_CONFIG: hallPath, ISSUE_RATE_LIMIT: 'off', LOG_LEVEL: 'warn' },
			stdio: ['ignore', 'ignore', 'inherit']
		});
		try {
			let director: string | null = null;
			for (let i = 0; i < 200 && !director; i++) {
				try {
					director = ((await api(`${url}/api/session`, 'POST', { username: 'director', password: 'demo1234' })) as { token: string }).token;
				} catch {
					await new Promise((r) => setTimeout(r, 100));
				}
			}
			if (!director) throw new Error('the hall did not start');

			const monthFrom = addDays(lastDay, -29);
			const loads: [string, string, number][] = [
				[`month report (30 days, ${30 * perDay} tickets)`, `/api/console/reports?from=${monthFrom}&to=${today}`, 300],
				[`year report (365 days of rollups, ${yearTickets} tickets; ${days} days made through the hall, the rest their rollups repeated)`, `/api/console/reports?from=${yearFrom}&to=${today}`, 1000],
				[`Excel for a month (30 days)`, `/api/console/reports.xlsx?from=${monthFrom}&to=${today}`, 2000]
			];

			// A window and a board, as in the hall.
			const staffToken = ((await api(`${url}/api/session`, 'POST', { username: 'history1', password: 'history' })) as { token: string }).token;
			await api(`${url}/api/windows/1/sign-in`, 'POST', {}, staffToken);
			const windowSocket = await open(url, { token: staffToken });
			await ask(windowSocket, 'window:subscribe', { windowId: '1' });
			const board = await open(url);
			await ask(board, 'board:subscribe', {});

			const measureCalls = async (calls: number): Promise<number[]> => {
				const latencies: number[] = [];
				for (let k = 0; k < calls; k++) {
					await api(`${url}/api/tickets`, 'POST', { serviceId: 'party-transfer' });
					let expected: string | null = null;
					const early: { number: string; at: number }[] = [];
					const t0 = performance.now();
					const arrived = new Promise<void>((resolve) => {
						const handler = (fact: { call: { number: string } }) => {
							const at = performance.now();
							if (expected === null) return void early.push({ number: fact.call.number, at });
							if (fact.call.number !== expected) return;
							latencies.push(at - t0);
							board.off('ticket:called', handler);
							resolve();
						};
						board.on('ticket:called', handler);
					});
					const ack = await ask(windowSocket, 'ticket:call-next', { windowId: '1' });
					if (!ack.data) throw new Error(`call-next: ${JSON.stringify(ack)}`);
					expected = ack.data.number as string;
					const beat = early.find((e) => e.number === expected);
					if (beat) {
						latencies.push(beat.at - t0);
						board.removeAllListeners('ticket:called');
					} else await arrived;
					await ask(windowSocket, 'ticket:start', { windowId: '1' });
					await ask(windowSocket, 'ticket:finish', { windowId: '1', outcome: 'done' });
				}
				return latencies;
			};

			// The director's PC: a process of its own (bench/history-load.ts), as it is another
			// machine on the LAN; here only the hall's behaviour is timed. Its CPU (reading and
			// parsing each answer) is another machine's in a hall, so it runs at the lowest priority,
			// every thread of it: the idle scheduling class (`chrt --idle 0`), or else `nice -n 19`
			// — at nice 19 a hall thread that wakes may still wait out its time slice.
			const loadCommand = [process.execPath, '--import', 'tsx', 'bench/history-load.ts', url, director];
			const lowered = asAnotherMachine(loadCommand);
			const directorPc = spawn(lowered[0], lowered.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
			const lines = createInterface({ input: directorPc.stdout! });
			const waiting: ((line: string) => void)[] = [];
			const queued: string[] = [];
			lines.on('line', (line) => {
				const next = waiting.shift();
				if (next) next(line);
				else queued.push(line);
			});
			const nextLine = (): Promise<string> => (queued.length > 0 ? Promise.resolve(queued.shift()!) : new Promise((resolve) => waiting.push(resolve)));
			const said = async (prefix: string): Promise<string> => {
				const line = await nextLine();
				if (!line.startsWith(prefix)) throw new Error(`history load said ${line}, expected ${prefix}`);
				return line.slice(prefix.length).trim();
			};
			try {
				await said('ready');
				// Warm the worker and the server (each load once), and the call path.
				for (const [, path] of loads) {
					directorPc.stdin!.write(`run ${path}\n`);
					await said('running');
					directorPc.stdin!.write('stop\n');
					await said('stopped');
				}
				await measureCalls(calls);

				// The control: quiet phases against quiet phases, interleaved the same way. On a shared
				// machine the p99 of a few hundred calls moves by itself; a control far from 1 says the rows
				// below measure the machine, not the reports.
				const controlA: number[] = [];
				const controlB: number[] = [];
				for (let round = 0; round < rounds; round++) {
					controlA.push(...(await measureCalls(calls)));
					controlB.push(...(await measureCalls(calls)));
				}
				const noise = percentile(controlB, 99) / percentile(controlA, 99);
				rows.push({
					name: `control: call-next → board p99, quiet phases against quiet phases (${controlB.length} calls each; the noise of this machine)`,
					value: `${fmt(percentile(controlB, 99))} ms`,
					baseline: `${fmt(percentile(controlA, 99))} ms`,
					ratio: noise,
					goal: '0.83 ≤ ratio ≤ 1.2 (else the ratios below are noise-bound)',
					pass: noise >= 1 / 1.2 && noise <= 1.2
				});

				// Quiet and busy phases interleaved, so that a slow spell of the (shared) machine falls
				// on both alike; p99 over all of a kind's calls (quick 5 × 60 = 300 each: the third
				// slowest; full 8 × 100 = 800: the eighth slowest).
				for (const [name, path, goalMs] of loads) {
					const quietTimes: number[] = [];
					const busyTimes: number[] = [];
					const durations: number[] = [];
					let bytes = 0;
					for (let round = 0; round < rounds; round++) {
						quietTimes.push(...(await measureCalls(calls)));
						directorPc.stdin!.write(`run ${path}\n`);
						await said('running');
						busyTimes.push(...(await measureCalls(calls)));
						directorPc.stdin!.write('stop\n');
						const stopped = JSON.parse(await said('stopped')) as { durations: number[]; bytes: number };
						durations.push(...stopped.durations);
						bytes = stopped.bytes;
					}
					const quiet = percentile(quietTimes, 99);
					const busy = percentile(busyTimes, 99);
					const median = percentile(durations, 50);
					rows.push({
						name: `${name}, ${fmt(bytes / 1024, 0)} KB`,
						value: `${fmt(median, 0)} ms (median of ${durations.length})`,
						baseline: `goal ${goalMs} ms`,
						ratio: median / goalMs,
						goal: `≤ ${goalMs} ms (ratio to goal ≤ 1)`,
						pass: median <= goalMs
					});
					// What one answer takes from the hall at normal priority: the loop alone, no calls meanwhile.
					const c0 = normalPriorityCpuMs(child.pid!);
					directorPc.stdin!.write(`run ${path} ${cpuAnswers}\n`);
					await said('running');
					await said('stopped');
					const c1 = normalPriorityCpuMs(child.pid!);
					if (c0 !== null && c1 !== null) {
						const perReport = (c1 - c0) / cpuAnswers;
						rows.push({
							name: `hall CPU at normal priority per ${name.split(' (')[0]} (${cpuAnswers} answers, nothing else running; the reader's own work runs at nice 10)`,
							value: `${fmt(perReport, 1)} ms`,
							baseline: 'goal 5 ms',
							ratio: perReport / 5,
							goal: '≤ 5 ms (ratio ≤ 1)',
							pass: perReport <= 5
						});
					}
					rows.push({
						name: `call-next → board p99 while the ${name.split(' (')[0]} runs in a loop (${busyTimes.length} calls, ${rounds} phases interleaved with quiet ones)`,
						value: `${fmt(busy)} ms`,
						baseline: `${fmt(quiet)} ms with none running`,
						ratio: busy / quiet,
						goal: 'ratio ≤ 1.2',
						pass: busy / quiet <= 1.2
					});
				}
			} finally {
				directorPc.stdin!.write('exit\n');
				if (directorPc.exitCode === null) await new Promise((r) => directorPc.once('exit', r));
			}
			windowSocket.disconnect();
			board.disconnect();
		} finally {
			child.kill('SIGTERM');
			await new Promise((r) => child.once('exit', r));
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
