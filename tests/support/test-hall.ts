// A real hall server on an ephemeral loopback port with a temporary database: the
// same createHallApp as production, with a clock the test controls.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/protocol.ts';
import { createHallApp, type HallApp } from '../../server/app.ts';
import type { PrintServiceOptions } from '../../server/printing/print-service.ts';
import { hashPassword } from '../../server/auth.ts';
import { DEMO_HALL_PATH, parseHall, type HallFile } from '../../server/config.ts';
import { Store, type SyncLevel } from '../../server/store/store.ts';
import type { UpstreamOptions } from '../../server/upstream/upstream.ts';
import type { HandwritingRecognizer } from '../../server/handwriting/recognizer.ts';

export type HallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export class TestClock {
	constructor(public ms: number) {}
	now = () => this.ms;
	advance(ms: number): void {
		this.ms += ms;
	}
}

/** 2026-11-26 10:00 in Asia/Shanghai: a Thursday, a working day. */
export const THURSDAY_10AM = Date.parse('2026-11-26T02:00:00Z');

export function demoHallFile(): HallFile {
	return JSON.parse(readFileSync(DEMO_HALL_PATH, 'utf8')) as HallFile;
}

export interface TestHallOptions {
	hallFile?: HallFile;
	clock?: TestClock;
	dataDir?: string;
	synchronous?: SyncLevel;
	rateLimit?: boolean;
	/** Print queue timings; `preview` slips go to `${dataDir}/prints`. */
	printing?: PrintServiceOptions;
	/** How long a station may be gone before it counts as offline; 0 (at once) unless said. */
	presenceGraceMs?: number;
	/** Timings of the link to the district hub (the hall file's `upstream` turns it on). */
	upstream?: UpstreamOptions;
	/** TRUST_PROXY: the reverse proxies whose X-Forwarded-For is believed. */
	trustProxy?: ReadonlySet<string>;
	/** Open TCP connections per address (the production cap when the limits are on). */
	connectionsPerAddress?: number | null;
	/** 手写: the recognizer (server/handwriting/fake.ts for tests not about recognition); zinnia unless given. */
	handwriting?: HandwritingRecognizer;
	/** How long an idle history reader process stays. */
	historyReaderIdleMs?: number;
}

export interface TestHall {
	app: HallApp;
	url: string;
	clock: TestClock;
	dataDir: string;
	store: Store;
	sockets: HallSocket[];
	api(path: string, init?: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any }>;
	login(username: string, password?: string): Promise<string>;
	socket(token?: string): Promise<HallSocket>;
	addStaff(count: number): Promise<string[]>;
	/** Stops the server and keeps the data directory (for restart tests). */
	stop(): Promise<void>;
	/** Stops the server and removes the data directory. */
	close(): Promise<void>;
}

const staffPasswordHash = hashPassword('test-pass');

export async function startTestHall(options: TestHallOptions = {}): Promise<TestHall> {
	const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'jiaohao-test-'));
	const clock = options.clock ?? new TestClock(THURSDAY_10AM);
	const store = new Store(join(dataDir, 'hall.db'), { synchronous: options.synchronous ?? 'NORMAL' });
	const app = createHallApp({
		store,
		clock,
		hall: parseHall(options.hallFile ?? demoHallFile()),
		logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
		issueRateLimit: options.rateLimit ? undefined : null,
		dataDir,
		printing: options.printing,
		presenceGraceMs: options.presenceGraceMs ?? 0,
		upstream: options.upstream,
		trustProxy: options.trustProxy,
		connectionsPerAddress: options.connectionsPerAddress,
		handwriting: options.handwriting,
		historyReaderIdleMs: options.historyReaderIdleMs
	});
	await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
	const sockets: HallSocket[] = [];
	let stopped = false;

	const hall: TestHall = {
		app,
		url,
		clock,
		dataDir,
		store,
		sockets,
		async api(path, init = {}) {
			const headers: Record<string, string> = { ...init.headers };
			if (init.body !== undefined) headers['content-type'] = 'application/json';
			if (init.token) headers.authorization = `Bearer ${init.token}`;
			const res = await fetch(url + path, {
				method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
				headers,
				body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
			});
			const text = await res.text();
			return { status: res.status, body: text ? JSON.parse(text) : null };
		},
		async login(username, password = username.startsWith('t') ? 'test-pass' : 'demo1234') {
			const res = await hall.api('/api/session', { body: { username, password } });
			if (res.status !== 200) throw new Error(`login ${username} failed: ${JSON.stringify(res.body)}`);
			return res.body.token as string;
		},
		async socket(token) {
			const socket: HallSocket = connect(url, {
				transports: ['websocket'],
				auth: token ? { token } : {},
				reconnection: false,
				forceNew: true
			});
			sockets.push(socket);
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', () => resolve());
				socket.once('connect_error', reject);
			});
			return socket;
		},
		async addStaff(count) {
			const names: string[] = [];
			for (let i = 1; i <= count; i++) {
				const username = `t${i}`;
				if (!store.staffByUsername(username)) {
					store.insertStaff(
						{ id: `t${i}`, username, name: `测试员${i}`, staffNo: `T${i}`, role: 'staff', passwordHash: staffPasswordHash },
						clock.now()
					);
				}
				names.push(username);
			}
			return names;
		},
		async stop() {
			if (stopped) return;
			stopped = true;
			for (const socket of sockets) socket.disconnect();
			await app.close();
		},
		async close() {
			await hall.stop();
			if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
		}
	};
	return hall;
}

/** Emits a command and resolves with its acknowledgement. */
export function ask<T = unknown>(socket: HallSocket, event: string, input?: unknown): Promise<any> {
	return new Promise((resolve) => {
		(socket as unknown as { emit(e: string, ...a: unknown[]): void }).emit(event, input, (ack: T) => resolve(ack));
	});
}

/** Resolves with the next `event` on the socket that passes `match`. */
export function next<T = any>(socket: HallSocket, event: string, match: (payload: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
	return new Promise((resolve, reject) => {
		const s = socket as unknown as { on(e: string, f: (p: T) => void): void; off(e: string, f: (p: T) => void): void };
		const timer = setTimeout(() => {
			s.off(event, handler);
			reject(new Error(`timed out waiting for ${event}`));
		}, timeoutMs);
		const handler = (payload: T) => {
			if (!match(payload)) return;
			clearTimeout(timer);
			s.off(event, handler);
			resolve(payload);
		};
		s.on(event, handler);
	});
}

/** A hall file with `count` windows all serving the first demo service. */
export function manyWindowsHall(count: number): HallFile {
	const file = demoHallFile();
	file.windows = Array.from({ length: count }, (_, i) => ({
		id: String(i + 1),
		name: `${i + 1}号窗口`,
		serviceIds: ['party-transfer'],
		zone: null
	}));
	for (const service of file.services) {
		if (service.id !== 'party-transfer') file.windows[0].serviceIds.push(service.id);
	}
	return file;
}
