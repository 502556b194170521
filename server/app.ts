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
import { CalendarService } from './calendar/service.ts';
import { Reports } from './reports.ts';
import { History } from './history/history.ts';
import { Duty } from './duty.ts';
import { commandTable, type Services } from './commands/index.ts';
import { createHttpDoor } from './doors/http.ts';
import { originAllowed } from './doors/origin-check.ts';
import { capConnectionsPerAddress, DEFAULT_TCP_CONNECTIONS_PER_ADDRESS } from './http/connection-cap.ts';
import { attachSocketDoor, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, type HallIo } from './doors/socket.ts';
import { printSlipsOfIssuedTickets } from './effects/print-slips.ts';
import { applyStationSettingsLive } from './effects/station-settings.ts';
import { printReceiptsOfFiledRecords } from './effects/print-receipts.ts';
import { pushNoticeChanges } from './effects/push-notices.ts';
import { createRateLimiter, type RateLimitOptions } from './http/rate-limit.ts';
import { securityHeaders } from './http/headers.ts';
import { PrintService, type PrintServiceOptions } from './printing/print-service.ts';
import { attachBroadcaster } from './realtime/broadcaster.ts';
import { attachPrintBroadcaster } from './realtime/print-broadcaster.ts';
import { DEFAULT_PRESENCE_GRACE_MS, StationPresence } from './realtime/presence.ts';
import type { Store } from './store/store.ts';
import { createAppointments, type Appointments } from './appointments/wiring.ts';
import type { OutboxOptions } from './notifications/outbox.ts';
import { Upstream, type UpstreamOptions } from './upstream/upstream.ts';
import { noRecognizer, type HandwritingRecognizer } from './handwriting/recognizer.ts';
import { ZinniaRecognizer, zinniaSettingsFromEnv } from './handwriting/zinnia.ts';

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
	/** TRUST_PROXY: reverse proxies whose X-Forwarded-For / -Proto headers are believed. */
	trustProxy?: ReadonlySet<string>;
	/** Notification retry timings (tests shorten the back-off). */
	notifications?: OutboxOptions;
	/** Timings of the link to the district hub (tests shorten the back-off). */
	upstream?: UpstreamOptions;
	/** Open TCP connections per client address (default with the limits on; null: no cap). */
	connectionsPerAddress?: number | null;
	/** 手写: the kiosk pad's recognizer; zinnia (ZINNIA_BIN, ZINNIA_MODEL, HANDWRITING=off) unless given. */
	handwriting?: HandwritingRecognizer;
	/** How long an idle history reader process stays (tests shorten it). */
	historyReaderIdleMs?: number;
}

export interface HallApp {
	hall: Hall;
	auth: Auth;
	records: Records;
	cases: Cases;
	prints: PrintService;
	presence: StationPresence;
	history: History;
	/** 预约, 线上取号 and their notifications. */
	appointments: Appointments;
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
	const limits = parts.issueRateLimit === undefined ? DEFAULT_ISSUE_RATE : parts.issueRateLimit;
	const auth = new Auth(store, clock, { attemptsPerAddress: limits === null ? null : undefined });
	if (parts.hall.settings.demoStaff) auth.seedDemoStaff();
	const records = new Records(store, clock, () => hall.config.calendar);
	if (parts.hall.settings.demoStaff) records.seedDemoNotices();
	const on = limits !== null;
	const cases = new Cases(store, hall, clock);
	// Deadlines follow the calendar: counted again now (a newer holiday package) and after every change.
	const calendar = new CalendarService({ store, hall, clock, logger });
	calendar.recountAtStart();
	const prints = new PrintService({ hall, store, clock, logger, dataDir: parts.dataDir, options: parts.printing });
	const history = new History({ store, hall, clock, logger, dataDir: parts.dataDir, readerIdleMs: parts.historyReaderIdleMs });
	const reports = new Reports(hall, clock, history);
	const duty = new Duty(store, clock, () => hall.config.calendar, records);
	const media = new Media(store, clock);
	const appointments = createAppointments({ store, hall, clock, logger, dataDir: parts.dataDir, outbox: parts.notifications });
	const presence = new StationPresence(() => hall.settings.stations, clock, parts.presenceGraceMs ?? DEFAULT_PRESENCE_GRACE_MS);
	// The district hub's link: one more subscriber to committed facts (idle when the hall file has no `upstream`).
	const upstream = new Upstream({
		store,
		hall,
		logger,
		options: parts.upstream,
		facts: () => ({ day: hall.state.day, offlineStations: presence.list().filter((s) => !s.online).length }),
		noticesChanged: (changes) => records.districtNoticesChanged(changes)
	});
	const services: Services = {
		upstream,
		hall,
		auth,
		records,
		cases,
		reports,
		duty,
		prints,
		presence,
		media,
		clock,
		calendar,
		appointments,
		logger,
		limits: {
			issue: createRateLimiter(clock, limits),
			// Objections and complaints: people type these, so a few a minute per client is plenty.
			write: createRateLimiter(clock, limits && { burst: 5, perSecond: 0.1 }),
			// A reference looked up: a kiosk serves many residents, but guessing references one after another is not looking one up.
			lookup: createRateLimiter(clock, on ? { burst: 10, perSecond: 0.2 } : null),
			// A 告知单 is a sheet of paper: a stuck button must not empty the roll.
			notify: createRateLimiter(clock, on ? { burst: 3, perSecond: 0.2 } : null),
			scan: createRateLimiter(clock, on ? { burst: 10, perSecond: 2 } : null),
			// Wrong keys are guesses: a few tries, then one every ten seconds per address.
			'agent-hello': createRateLimiter(clock, on ? { burst: 10, perSecond: 0.1 } : null),
			// A request per stroke: a 30-stroke character at once, then a few strokes a second per address.
			handwriting: createRateLimiter(clock, on ? { burst: 40, perSecond: 4 } : null)
		},
		windowAgents: new Map(),
		trustProxy: parts.trustProxy ?? new Set(),
		handwriting: parts.handwriting ?? defaultHandwriting(logger)
	};
	for (const station of hall.settings.stations) {
		if (station.kind === 'window' && !station.agentKey) logger.warn({ station: station.id }, 'window station has no agentKey: it cannot connect');
	}
	const api = createHttpDoor(commandTable, services);

	const handle: HallApp['handle'] = (req, res, pages = options.pages) => {
		securityHeaders(res);
		const path = req.url ?? '/';
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
		connectionStateRecovery: undefined,
		// A page of another site must not open a socket into the hall in a screen's browser.
		allowRequest: (req, callback) => {
			const ok = originAllowed(req.headers.origin, req.headers.host, hall.settings.publicUrl);
			callback(ok ? null : 'origin not allowed', ok);
		}
	});
	// Each connection keeps its whole HTTP upgrade request (and through it the TCP socket's
	// parser state); socket.io's handshake only reads these few fields. Keeping just them saves
	// memory per connected screen and phone.
	io.engine.on('connection', (rawSocket: { request: IncomingMessage & { _query?: unknown } }) => {
		const { headers, url, _query } = rawSocket.request;
		const { encrypted = false, localAddress, localPort } = rawSocket.request.socket as { encrypted?: boolean; localAddress?: string; localPort?: number };
		rawSocket.request = { headers, url, _query, connection: { encrypted }, local: { localAddress, localPort } } as unknown as IncomingMessage;
	});
	attachSocketDoor(io, commandTable, services, on ? DEFAULT_MAX_CONNECTIONS_PER_ADDRESS : null);
	const connectionCap = parts.connectionsPerAddress === undefined ? (on ? DEFAULT_TCP_CONNECTIONS_PER_ADDRESS : null) : parts.connectionsPerAddress;
	const detachConnectionCap = connectionCap === null ? () => {} : capConnectionsPerAddress(httpServer, connectionCap, services.trustProxy, logger);
	const detachBroadcaster = attachBroadcaster(io, { hall, cases, presence, logger });
	const detachPrintBroadcaster = attachPrintBroadcaster(io, prints);
	const detachSlips = printSlipsOfIssuedTickets(hall, prints);
	const detachStationSettings = applyStationSettingsLive(hall, prints, services.windowAgents, logger);
	const detachReceipts = printReceiptsOfFiledRecords(records, prints);
	const detachNoticePush = pushNoticeChanges(io, hall, records);

	const tick = setInterval(() => hall.rollover(), 30_000);
	tick.unref();
	// Days that closed while the server was down (or before rollups existed) are rolled up now, off the event loop.
	void history.closeDays();

	return {
		hall,
		auth,
		records,
		cases,
		prints,
		presence,
		history,
		appointments,
		upstream,
		io,
		httpServer,
		handle,
		async close() {
			clearInterval(tick);
			detachSlips();
			detachConnectionCap();
			detachStationSettings();
			detachReceipts();
			detachNoticePush();
			auth.close();
			await upstream.close();
			detachBroadcaster();
			presence.close();
			// Before the sockets go: agents leaving must not send jobs to a printer being shut.
			await prints.close();
			await appointments.close();
			detachPrintBroadcaster();
			await new Promise<void>((resolve) => io.close(() => resolve()));
			if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
			await history.close();
			await services.handwriting.close();
			hall.close();
			store.close();
		}
	};
}

function notFound(res: ServerResponse): void {
	res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
	res.end('页面不存在 / Not found');
}

/** zinnia from the environment; HANDWRITING=off answers `handwriting_unavailable` (the kiosk shows no pad). */
function defaultHandwriting(logger: Logger): HandwritingRecognizer {
	const settings = zinniaSettingsFromEnv(process.env);
	if (!settings.enabled) return noRecognizer('HANDWRITING=off');
	// The process starts with the first request, so halls (and tests) that never write start none.
	return new ZinniaRecognizer({ binary: settings.binary, model: settings.model, logger });
}
