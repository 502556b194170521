// One hub node: HTTP API for halls and dashboards, the /district page, and socket.io for
// live dashboards. Nodes share nothing but PostgreSQL: a committed batch NOTIFYs its hall's
// id, every node LISTENs, and each node pushes that hall's fresh figures to its own dashboards.

import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Logger } from 'pino';
import { Server as IoServer } from 'socket.io';
import { wireBatchSchema, wireHallIdSchema } from '../server/upstream/wire.ts';
import { fail, parse, STATUS, type DistrictError, type Result } from './errors.ts';
import { migrate } from './migrations.ts';
import { fullReport, periodWorkbook, reportQuerySchema } from './reports.ts';
import { DistrictHub, districtNoticeSchema, HALL_CHANNEL, loginSchema, passwordChangeSchema, type DistrictUser, type HallSummary, type HubClock } from './hub.ts';

/** A batch of 2,000 events is about 400 KB of JSON. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Figures of halls that changed are pushed at most this often, each hall once per push. */
const PUSH_EVERY_MS = 100;
/** Every hall's figures are pushed again this often (a silent hall turns offline). */
const SWEEP_EVERY_MS = 15_000;

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const PAGES: Record<string, { file: string; type: string }> = {
	'/district': { file: 'index.html', type: 'text/html; charset=utf-8' },
	'/district/': { file: 'index.html', type: 'text/html; charset=utf-8' },
	'/district/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
	'/district/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' }
};

export interface DistrictServerOptions {
	databaseUrl: string;
	logger: Logger;
	clock?: HubClock;
	/** Connections this node keeps to PostgreSQL for requests (the listener has its own). */
	poolSize?: number;
}

export interface DistrictServer {
	hub: DistrictHub;
	pool: pg.Pool;
	httpServer: HttpServer;
	io: IoServer;
	close(): Promise<void>;
}

export interface DashboardEvents {
	halls: (halls: HallSummary[]) => void;
}

class BodyError extends Error {
	constructor(readonly error: DistrictError) {
		super(error.message);
	}
}

async function readJson(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > MAX_BODY_BYTES) throw new BodyError({ code: 'payload_too_large', message: '请求内容过大' });
		chunks.push(chunk);
	}
	if (size === 0) return {};
	try {
		return JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		throw new BodyError({ code: 'bad_request', message: '请求内容不是有效的 JSON' });
	}
}

function bearer(req: IncomingMessage): string | null {
	const header = req.headers.authorization;
	return header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
}

function send(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

function sendResult<T>(res: ServerResponse, result: Result<T>): void {
	if (result.ok) send(res, 200, result.value);
	else send(res, STATUS[result.error.code], { error: result.error });
}

export async function startDistrictServer(options: DistrictServerOptions): Promise<DistrictServer> {
	const { logger } = options;
	const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
	// A dropped idle connection must not take the node down: the pool opens another.
	pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL connection lost'));
	await migrate(pool);
	const hub = new DistrictHub(pool, options.clock);

	async function requireUser(req: IncomingMessage): Promise<DistrictUser | DistrictError> {
		const user = await hub.authenticate(bearer(req));
		return user ?? { code: 'unauthorized', message: '请先登录' };
	}

	async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://hub');
		const method = req.method ?? 'GET';
		const path = url.pathname;
		const page = PAGES[path];
		if (page && method === 'GET') {
			const body = await readFile(PUBLIC_DIR + page.file);
			res.writeHead(200, {
				'content-type': page.type,
				'cache-control': 'no-cache',
				'x-content-type-options': 'nosniff',
				// The page and its script come from the hub itself; nothing else may load or frame it.
				'content-security-policy': "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
				'referrer-policy': 'no-referrer'
			});
			res.end(body);
			return;
		}
		if (path === '/favicon.ico') {
			res.writeHead(204, { 'cache-control': 'max-age=86400' });
			res.end();
			return;
		}
		if (path === '/api/health' && method === 'GET') {
			await pool.query('SELECT 1');
			return send(res, 200, { status: 'ok' });
		}
		if (path === '/api/district/session' && method === 'POST') {
			const input = parse(loginSchema, await readJson(req));
			return sendResult(res, input.ok ? await hub.login(input.value) : input);
		}
		if (path === '/api/district/session/password' && method === 'POST') {
			const user = await requireUser(req);
			if ('code' in user) return sendResult(res, { ok: false, error: user });
			const input = parse(passwordChangeSchema, await readJson(req));
			return sendResult(res, input.ok ? await hub.changePassword(user, input.value) : input);
		}
		if (path === '/api/district/halls' && method === 'GET') {
			const user = await requireUser(req);
			if ('code' in user) return sendResult(res, { ok: false, error: user });
			return send(res, 200, await hub.halls());
		}
		if (path === '/api/district/notices') {
			const user = await requireUser(req);
			if ('code' in user) return sendResult(res, { ok: false, error: user });
			if (method === 'GET') return send(res, 200, await hub.notices());
			if (method === 'POST') {
				const input = parse(districtNoticeSchema, await readJson(req));
				const added = input.ok ? await hub.addNotice(user, input.value) : input;
				if (!added.ok) return sendResult(res, added);
				return send(res, 201, added.value);
			}
		}
		if (path === '/api/district/report' && method === 'GET') {
			const user = await requireUser(req);
			if ('code' in user) return sendResult(res, { ok: false, error: user });
			const query = parse(reportQuerySchema, Object.fromEntries(url.searchParams));
			if (!query.ok) return sendResult(res, query);
			const { from, to, format } = query.value;
			const report = await fullReport(pool, from, to);
			if (format === 'json') return send(res, 200, { from, to, ...report });
			const file = await periodWorkbook(report, from, to);
			res.writeHead(200, {
				'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				'content-length': file.length,
				'content-disposition': `attachment; filename="district-${from}-${to}.xlsx"`,
				'cache-control': 'no-store'
			});
			res.end(file);
			return;
		}
		const detail = /^\/api\/district\/halls\/([^/]+)$/.exec(path);
		if (detail && method === 'GET') {
			const user = await requireUser(req);
			if ('code' in user) return sendResult(res, { ok: false, error: user });
			const hallId = parse(wireHallIdSchema, decodeURIComponent(detail[1]));
			return sendResult(res, hallId.ok ? await hub.hallDetail(hallId.value) : hallId);
		}
		const events = /^\/api\/district\/halls\/([^/]+)\/events$/.exec(path);
		if (events && method === 'POST') {
			const hallId = parse(wireHallIdSchema, decodeURIComponent(events[1]));
			if (!hallId.ok) return sendResult(res, hallId);
			const batch = parse(wireBatchSchema, await readJson(req));
			if (!batch.ok) return sendResult(res, batch);
			return sendResult(res, await hub.ingest(hallId.value, bearer(req), batch.value));
		}
		sendResult(res, fail('not_found', '没有这个接口'));
	}

	const httpServer = createServer((req, res) => {
		route(req, res).catch((error: unknown) => {
			if (error instanceof BodyError) return sendResult(res, { ok: false, error: error.error });
			logger.error({ err: error, url: req.url }, 'request failed');
			if (!res.headersSent) sendResult(res, fail('internal', '区级平台暂时无法处理，请稍后重试'));
			else res.destroy();
		});
	});

	// Longer than a load balancer's idle timeout (nginx 60 s), so the balancer, not the node, closes idle connections.
	httpServer.keepAliveTimeout = 65_000;
	httpServer.headersTimeout = 66_000;

	const io = new IoServer<Record<string, never>, DashboardEvents>(httpServer, { serveClient: true, maxHttpBufferSize: 16 * 1024 });
	io.use((socket, next) => {
		const token = (socket.handshake.auth as { token?: unknown })?.token;
		hub
			.authenticate(typeof token === 'string' ? token : null)
			.then((user) => (user ? next() : next(new Error('unauthorized'))))
			.catch((error: unknown) => next(error instanceof Error ? error : new Error(String(error))));
	});
	io.on('connection', (socket) => {
		void socket.join('dashboard');
		hub.halls().then(
			(halls) => socket.emit('halls', halls),
			(error: unknown) => logger.error({ err: error }, 'dashboard snapshot failed')
		);
	});

	// Halls whose figures changed since the last push, from any node's commits.
	const dirty = new Set<string>();
	/** Every hall this node has seen change: the sweep refreshes them all. */
	const knownHalls = new Set<string>();
	let pushTimer: ReturnType<typeof setTimeout> | null = null;
	let closing = false;
	/** This node's LISTEN connection; it also runs the pushes' figures queries. */
	let listener: pg.Client | null = null;
	// A hall that falls silent sends nothing: every so often each node pushes every hall, so
	// "connected" turns to offline and the staleness moves on the dashboards without a change.
	const sweep = setInterval(() => {
		for (const h of knownHalls) dirty.add(h);
		if (dirty.size > 0) pushTimer ??= setTimeout(push, PUSH_EVERY_MS);
	}, SWEEP_EVERY_MS);
	sweep.unref();
	// One figures query in flight per node: under a flood of batches the dirty set grows and the
	// next push takes all of it, instead of queries piling up on the database.
	let pushing = false;
	const push = () => {
		pushTimer = null;
		if (pushing || dirty.size === 0) return;
		const ids = [...dirty];
		dirty.clear();
		if (!io.sockets.adapter.rooms.get('dashboard')?.size) return;
		pushing = true;
		const started = performance.now();
		hub
			.halls(ids, listener ?? undefined)
			.then(
				(halls) => {
					io.to('dashboard').emit('halls', halls);
					logger.debug({ halls: halls.length, ms: Math.round(performance.now() - started) }, 'dashboard push');
				},
				(error: unknown) => logger.error({ err: error }, 'dashboard push failed')
			)
			.finally(() => {
				pushing = false;
				if (dirty.size > 0 && !closing) pushTimer ??= setTimeout(push, PUSH_EVERY_MS);
			});
	};

	const listen = async (): Promise<void> => {
		const client = new pg.Client({ connectionString: options.databaseUrl });
		client.on('notification', (message) => {
			if (message.channel !== HALL_CHANNEL || !message.payload) return;
			dirty.add(message.payload);
			knownHalls.add(message.payload);
			pushTimer ??= setTimeout(push, PUSH_EVERY_MS);
		});
		client.on('error', (error) => {
			logger.warn({ err: error }, 'PostgreSQL listener lost; reconnecting');
			client.end().catch(() => undefined);
			if (listener === client) listener = null;
			if (!closing) setTimeout(() => void listen().catch((e: unknown) => logger.error({ err: e }, 'listener reconnect failed')), 1000).unref();
		});
		await client.connect();
		await client.query(`LISTEN ${HALL_CHANNEL}`);
		listener = client;
	};
	await listen();

	return {
		hub,
		pool,
		httpServer,
		io,
		async close() {
			closing = true;
			clearInterval(sweep);
			if (pushTimer) clearTimeout(pushTimer);
			const closed = new Promise<void>((resolve) => io.close(() => resolve()));
			// Idle keep-alive connections (halls' pooled sockets) would hold the close for 65 s:
			// drop them now, and give requests in flight two seconds.
			httpServer.closeIdleConnections();
			const force = setTimeout(() => httpServer.closeAllConnections(), 2000);
			await closed;
			clearTimeout(force);
			await listener?.end().catch(() => undefined);
			await pool.end();
		}
	};
}
