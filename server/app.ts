// The one wiring function: production (main.ts), `vite dev` (dev-hall.ts) and the tests
// all build the hall through createHallApp from the same parts.

import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { Server as IoServer } from 'socket.io';
import type { Logger } from 'pino';
import { Auth, type Clock } from './auth.ts';
import type { LoadedHall } from './config.ts';
import { Hall } from './hall.ts';
import { Records } from './records.ts';
import { Media, serveMedia } from './media.ts';
import { Cases } from './cases.ts';
import { Reports } from './reports.ts';
import { Duty } from './duty.ts';
import { createApi } from './http/api.ts';
import { createRateLimiter, type RateLimitOptions } from './http/rate-limit.ts';
import { securityHeaders } from './http/headers.ts';
import { PrintService, type PrintServiceOptions } from './printing/print-service.ts';
import { attachBroadcaster } from './realtime/broadcaster.ts';
import { attachPrintBroadcaster } from './realtime/print-broadcaster.ts';
import { attachStations } from './realtime/stations.ts';
import { announceRating, attachWindowStations, ratingRecorded } from './realtime/window-station.ts';
import { DEFAULT_PRESENCE_GRACE_MS, StationPresence } from './realtime/presence.ts';
import { attachRealtime, rooms, type HallIo } from './realtime/socket.ts';
import type { Store } from './store/store.ts';
import { countHall } from './upstream/counts.ts';
import { serveUpstreamStatus, UPSTREAM_STATUS_PATH } from './upstream/http.ts';
import { Upstream, type UpstreamOptions } from './upstream/upstream.ts';

export type PageHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface HallParts {
	store: Store;
	clock: Clock;
	hall: LoadedHall;
	logger: Logger;
	/** Issue rate per kiosk station and client; null turns the limit off (load tests). */
	issueRateLimit?: RateLimitOptions | null;
	/** DATA_DIR: `preview` printers save their slips under `${dataDir}/prints`. */
	dataDir: string;
	/** Print queue timings (tests shorten the backoff). */
	printing?: PrintServiceOptions;
	/** How long a station's screen or agent may be gone before it counts as offline (tests: 0). */
	presenceGraceMs?: number;
	/** Timings of the link to the district hub (tests shorten the back-off). */
	upstream?: UpstreamOptions;
}

export interface HallApp {
	hall: Hall;
	auth: Auth;
	records: Records;
	cases: Cases;
	prints: PrintService;
	presence: StationPresence;
	upstream: Upstream;
	io: HallIo;
	httpServer: HttpServer;
	/** Serves /api; everything else goes to `pages` (SvelteKit) or a 404. */
	handle(req: IncomingMessage, res: ServerResponse, pages?: PageHandler): void;
	close(): Promise<void>;
}

export const DEFAULT_ISSUE_RATE: RateLimitOptions = { burst: 20, perSecond: 5 };

export function createHallApp(
	parts: HallParts,
	options: { httpServer?: HttpServer; pages?: PageHandler } = {}
): HallApp {
	const { store, clock, logger } = parts;
	const hall = new Hall({ store, clock, hall: parts.hall, logger });
	const auth = new Auth(store, clock);
	if (parts.hall.settings.demoStaff) auth.seedDemoStaff();
	const records = new Records(store, clock, () => hall.state.config.calendar);
	if (parts.hall.settings.demoStaff) records.seedDemoNotices();
	const limits = parts.issueRateLimit === undefined ? DEFAULT_ISSUE_RATE : parts.issueRateLimit;
	const issueLimiter = createRateLimiter(clock, limits);
	const writeLimiter = createRateLimiter(clock, limits && { burst: 5, perSecond: 0.1 });
	const cases = new Cases(store, hall, clock);
	const prints = new PrintService({ hall, store, clock, logger, dataDir: parts.dataDir, options: parts.printing });
	const reports = new Reports(store, hall, clock);
	const duty = new Duty(store, clock, () => hall.state.config.calendar, records);
	const media = new Media(store, clock);
	const presence = new StationPresence(() => hall.settings.stations, clock, parts.presenceGraceMs ?? DEFAULT_PRESENCE_GRACE_MS);
	const api = createApi({
		media,
		hall,
		auth,
		records,
		cases,
		reports,
		duty,
		prints,
		presence,
		logger,
		issueLimiter,
		writeLimiter,
		// `io` exists by the time a request arrives.
		onRated: (windowId, receipt) => announceRating(io, ratingRecorded(hall, windowId, receipt, 'screen', clock.now()))
	});

	const handle: HallApp['handle'] = (req, res, pages = options.pages) => {
		securityHeaders(res);
		const path = req.url ?? '/';
		if (path === UPSTREAM_STATUS_PATH) return serveUpstreamStatus(upstream, (token) => auth.authenticate(token), req, res);
		if (path === '/api' || path.startsWith('/api/') || path.startsWith('/api?')) {
			void api(req, res);
			return;
		}
		// Uploaded images: before the pages, so SvelteKit never answers for them.
		if (path.startsWith('/media/')) {
			serveMedia(media, req, res);
			return;
		}
		if (pages) {
			pages(req, res, () => notFound(res));
			return;
		}
		notFound(res);
	};

	const httpServer = options.httpServer ?? createServer((req, res) => handle(req, res));
	const io: HallIo = new IoServer(httpServer, {
		serveClient: false,
		// Screens are on the hall's LAN and reconnect on their own; keep buffers small.
		maxHttpBufferSize: 64 * 1024,
		pingInterval: 10_000,
		pingTimeout: 8_000,
		connectionStateRecovery: undefined
	});
	// Each connection keeps its whole HTTP upgrade request (and through it the TCP socket's
	// parser state); socket.io's handshake only reads these few fields. Keeping just them saves
	// memory per connected screen and phone.
	io.engine.on('connection', (rawSocket: { request: IncomingMessage & { _query?: unknown } }) => {
		const { headers, url, _query } = rawSocket.request;
		const encrypted = (rawSocket.request.socket as { encrypted?: boolean }).encrypted ?? false;
		rawSocket.request = { headers, url, _query, connection: { encrypted } } as unknown as IncomingMessage;
	});
	attachRealtime({ io, hall, auth, cases, prints, logger, issueLimiter, presence });
	attachStations({ io, prints, clock, logger, rateLimited: limits !== null, presence });
	attachWindowStations({ io, hall, cases, clock, logger, rateLimited: limits !== null, presence });
	const detachPresence = presence.on((info) => {
		io.to(rooms.staff).emit('station:presence', info);
		if (!info.online) logger.warn({ station: info.station, missing: info.missing }, 'station offline');
		else logger.info({ station: info.station }, 'station online');
	});
	const detachBroadcaster = attachBroadcaster(io, hall, cases);
	const detachPrintBroadcaster = attachPrintBroadcaster(io, prints);
	// The district hub's link: one more subscriber to committed facts (idle when the hall file has no `upstream`).
	const upstream = new Upstream({
		store,
		hall,
		logger,
		options: parts.upstream,
		counts: () => countHall(store, hall.state.day, presence.list().filter((s) => !s.online).length)
	});

	const tick = setInterval(() => hall.rollover(), 30_000);
	tick.unref();

	return {
		hall,
		auth,
		records,
		cases,
		prints,
		presence,
		upstream,
		io,
		httpServer,
		handle,
		async close() {
			clearInterval(tick);
			await upstream.close();
			detachBroadcaster();
			detachPresence();
			presence.close();
			// Before the sockets go: agents leaving must not send jobs to a printer being shut.
			await prints.close();
			detachPrintBroadcaster();
			await new Promise<void>((resolve) => io.close(() => resolve()));
			if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
			hall.close();
			store.close();
		}
	};
}

function notFound(res: ServerResponse): void {
	res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
	res.end('页面不存在 / Not found');
}
