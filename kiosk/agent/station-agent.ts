/**
 * The station agent: runs on a kiosk PC that has its own printer (and scanner). It holds
 * a socket.io connection to the hall server, prints the jobs of its station through the
 * same print queue and transports the server uses, reports its printer's status, and
 * forwards scans. It reconnects forever; a hall server restart or a network cut only
 * means the station's jobs go to the server's printer for that station meanwhile.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { io as connect, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { z } from 'zod';
import type {
	Ack,
	AgentJobOutcome,
	AgentPrinterStatus,
	AgentWelcome,
	ApiError,
	ClientToServerEvents,
	ServerToClientEvents,
	ScannedReference,
	TicketPublic
} from '../../src/lib/protocol.ts';
import { checkAndResume, createPrintQueue, DEFAULT_MAX_AGE_MS, type PrintQueue, type RetryPolicy } from '../../devices/printer/print-queue.ts';
import { canPrint, type PrinterStatus } from '../../devices/printer/status.ts';
import { openTransport, withPreviewDir, type PrinterTransport, type TransportOptions } from '../../devices/printer/transports.ts';
import type { ScanRejection } from '../../devices/scanner/hid-keyboard.ts';
import type { Scanner, ScannerState } from '../../devices/scanner/scanner.ts';

export const AGENT_VERSION = '1';

type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface StationAgentOptions {
	/** The hall server, e.g. http://192.168.1.10:3000. */
	server: string;
	station: string;
	/** The station's agentKey from the hall file. */
	key?: string;
	/** tcp://HOST[:9100], /dev/usb/lp0, usb://VID:PID, preview or preview:DIR. */
	printer: string;
	scanner?: Scanner | null;
	logger: Logger;
	/** Where a bare `preview` printer saves slips: `${dataDir}/prints`. */
	dataDir?: string;
	transport?: TransportOptions;
	retry?: Partial<RetryPolicy>;
	/** Overrides the server's idle status interval (tests). */
	statusIntervalMs?: number;
	/** socket.io-client options (tests shorten the reconnection delays). */
	socket?: Partial<ManagerOptions & SocketOptions>;
	now?: () => number;
}

export interface ScanResult {
	data: string;
	ack: Ack<TicketPublic | ScannedReference>;
}

export interface StationAgentEvents {
	/** The server accepted this agent for the station. */
	registered: [AgentWelcome];
	/** The server refused the hello (wrong key, unknown station …). */
	refused: [ApiError];
	disconnected: [string];
	status: [PrinterStatus];
	/** A job left the queue; the server was told when the connection allowed. */
	job: [{ id: string; outcome: AgentJobOutcome }];
	scan: [ScanResult];
	'scan-rejected': [ScanRejection];
}

export interface StationAgent {
	readonly events: EventEmitter<StationAgentEvents>;
	readonly registered: boolean;
	/** Resolves with the welcome of the first successful hello. */
	ready(): Promise<AgentWelcome>;
	lastStatus(): PrinterStatus | null;
	close(): Promise<void>;
}

const MAX_JOB_BYTES = 1024 * 1024;

const jobSchema = z.object({
	id: z.string().min(1).max(120),
	kind: z.enum(['ticket', 'notification']),
	ticketId: z.string().max(64).nullable(),
	number: z.string().max(20).nullable(),
	ageMs: z.number().min(0).max(7 * 24 * 3600_000),
	bytes: z.instanceof(Uint8Array).refine((b) => b.length > 0 && b.length <= MAX_JOB_BYTES, 'job bytes: 1 B to 1 MB'),
	svg: z.string().max(4 * MAX_JOB_BYTES).optional()
});

/** Turns the demo's bare `preview` into a directory, as the server does. */
export function agentPrinterUri(printer: string, dataDir = process.env.DATA_DIR ?? 'data'): string {
	return withPreviewDir(printer, dataDir);
}

function toAgentStatus(status: PrinterStatus): AgentPrinterStatus {
	return { code: status.code, paperNearEnd: status.paperNearEnd, ...(status.message ? { detail: status.message.slice(0, 300) } : {}) };
}

export async function startStationAgent(options: StationAgentOptions): Promise<StationAgent> {
	const log = options.logger.child({ station: options.station });
	const now = options.now ?? Date.now;
	const opened = await openTransport(agentPrinterUri(options.printer, options.dataDir), options.transport);
	if (!opened.ok) throw new Error(`printer ${options.printer}: ${opened.error.message}`);
	const transport: PrinterTransport = opened.transport;
	const events = new EventEmitter<StationAgentEvents>();

	let welcome: AgentWelcome | null = null;
	let registered = false;
	let closed = false;
	let maxAgeMs = DEFAULT_MAX_AGE_MS;
	let status: PrinterStatus | null = null;
	let helloTimer: ReturnType<typeof setTimeout> | null = null;
	let statusTimer: ReturnType<typeof setInterval> | null = null;
	/** Acks of the jobs received on the current connection, answered when each job leaves the queue. */
	let answers = new Map<string, (ack: Ack<AgentJobOutcome>) => void>();
	let readyResolve!: (w: AgentWelcome) => void;
	const readyPromise = new Promise<AgentWelcome>((resolve) => (readyResolve = resolve));

	const finished = (id: string, outcome: AgentJobOutcome): void => {
		const answer = answers.get(id);
		answers.delete(id);
		const fields = { job: id, ...outcome };
		if (outcome.outcome === 'printed') log.info(fields, 'job printed');
		else log.warn(fields, `job ${outcome.outcome}`);
		answer?.({ data: outcome });
		events.emit('job', { id, outcome });
	};

	const sendStatus = (next: PrinterStatus): void => {
		if (!registered) return;
		socket.emit('agent:status', toAgentStatus(next), (ack) => {
			if ('error' in ack) log.warn({ error: ack.error }, 'status report refused');
		});
	};

	const makeQueue = (): PrintQueue =>
		createPrintQueue({
			transport,
			now,
			maxAgeMs,
			retry: options.retry,
			onStatus: (next) => {
				const changed = status?.code !== next.code || status?.paperNearEnd !== next.paperNearEnd;
				status = next;
				if (changed) {
					if (canPrint(next)) log.info({ code: next.code, detail: next.message }, 'printer status');
					else log.warn({ code: next.code, detail: next.message }, 'printer alert');
				}
				events.emit('status', next);
				sendStatus(next);
			},
			onJobPrinted: (e) => finished(e.job.id, { outcome: 'printed', attempts: e.attempts }),
			onJobDropped: (e) => finished(e.job.id, { outcome: 'dropped', reason: e.reason, ageMs: e.ageMs }),
			onJobFailed: (e) => {
				if (e.willRetry) log.warn({ job: e.job.id, attempt: e.attempt, error: e.error }, 'print attempt failed; will retry');
				else finished(e.job.id, { outcome: 'failed', code: e.error.code, message: e.error.message });
			}
		});
	let queue = makeQueue();

	const socket: AgentSocket = connect(options.server, {
		transports: ['websocket'],
		reconnection: true,
		reconnectionAttempts: Infinity,
		reconnectionDelay: 1000,
		reconnectionDelayMax: 10_000,
		...options.socket
	});

	const checkStatus = async (): Promise<void> => {
		const next = await checkAndResume(queue);
		// onStatus only fires on a change; the server must hear the state after every hello.
		sendStatus(next);
	};

	const startStatusTimer = (intervalMs: number): void => {
		if (statusTimer) clearInterval(statusTimer);
		statusTimer = setInterval(() => {
			if (registered && queue.pending().length === 0) void checkStatus();
			else if (registered) queue.retryNow();
		}, intervalMs);
		statusTimer.unref();
	};

	const hello = (): void => {
		if (closed || !socket.connected) return;
		socket.emit(
			'agent:hello',
			{ station: options.station, ...(options.key ? { key: options.key } : {}), printer: transport.kind, version: AGENT_VERSION },
			(ack) => {
				if ('error' in ack) {
					log.error({ error: ack.error }, 'the hall refused this agent; retrying in 30 s');
					events.emit('refused', ack.error);
					// A key fixed in the hall file takes effect without restarting the kiosk PC.
					helloTimer = setTimeout(hello, ack.error.code === 'rate_limited' ? 10_000 : 30_000);
					helloTimer.unref();
					return;
				}
				registered = true;
				welcome = ack.data;
				if (ack.data.maxAgeMs !== maxAgeMs) {
					maxAgeMs = ack.data.maxAgeMs;
					if (queue.pending().length === 0) {
						const old = queue;
						queue = makeQueue();
						void old.close();
					}
				}
				startStatusTimer(options.statusIntervalMs ?? ack.data.statusIntervalMs);
				log.info({ server: options.server, hall: ack.data.hallName }, 'registered with the hall');
				events.emit('registered', ack.data);
				readyResolve(ack.data);
				void checkStatus();
			}
		);
	};

	socket.on('connect', hello);

	socket.on('disconnect', (reason) => {
		registered = false;
		if (helloTimer) clearTimeout(helloTimer);
		helloTimer = null;
		events.emit('disconnected', reason);
		if (closed) return;
		log.warn({ reason }, 'disconnected from the hall; reconnecting');
		// The server hands this connection's unanswered jobs to its own printer for the station.
		// Drop them here so they do not print twice; only a job already being written can.
		answers = new Map();
		const old = queue;
		queue = makeQueue();
		void old.close().then((dropped) => {
			if (dropped.length > 0) log.warn({ jobs: dropped.map((j) => j.id) }, 'jobs left to the server printer');
		});
		// "io server disconnect": the server ended us because another agent took the station.
		// Two agents for one station is a mistake to fix; coming back slowly keeps them from flapping.
		if (reason === 'io server disconnect') {
			log.error('another agent took over this station; trying again in 60 s');
			helloTimer = setTimeout(() => socket.connect(), 60_000);
			helloTimer.unref();
		}
	});

	socket.on('connect_error', (err) => log.warn({ err: err.message }, 'cannot reach the hall; retrying'));

	socket.on('print:job', (job, ack) => {
		if (typeof ack !== 'function') return;
		if (!registered) return ack({ error: { code: 'unauthorized', message: '取号机尚未登记' } });
		const parsed = jobSchema.safeParse(job);
		if (!parsed.success) {
			log.error({ issues: parsed.error.issues }, 'malformed print job refused');
			return ack({ error: { code: 'bad_request', message: '打印任务格式不正确' } });
		}
		const { id, kind, ageMs, bytes, svg } = parsed.data;
		answers.set(id, ack);
		const result = queue.enqueue({ id, kind, createdAt: now() - ageMs, bytes, ...(svg !== undefined ? { svg } : {}) });
		// A duplicate is the same job sent again: its new ack is the one to answer.
		if (!result.ok && result.error.code === 'queue_closed') finished(id, { outcome: 'dropped', reason: 'queue_closed', ageMs });
		else log.info({ job: id, number: parsed.data.number, ageMs }, 'job received');
	});

	const scanner = options.scanner ?? null;
	const unsubscribe: (() => void)[] = [];
	if (scanner) {
		unsubscribe.push(
			scanner.onScan((data) => {
				if (!registered) {
					log.warn('scan ignored: not connected to the hall');
					return;
				}
				socket.emit('agent:scan', { data }, (ack) => {
					if ('error' in ack) log.warn({ error: ack.error.code }, 'scan refused by the hall');
					else if ('reference' in ack.data) log.info({ reference: ack.data.reference }, 'receipt scanned: its 进度 opened on the kiosk');
					else log.info({ ticket: ack.data.number }, 'scan shown on the kiosk');
					events.emit('scan', { data, ack });
				});
			}),
			scanner.onReject((rejection) => {
				log.warn(rejection, 'unreadable scan dropped');
				events.emit('scan-rejected', rejection);
			}),
			scanner.onState((state: ScannerState) => {
				if (state.state === 'connected') log.info('scanner connected');
				else log.warn({ detail: state.message }, 'scanner not connected');
			})
		);
	}

	return {
		events,
		get registered() {
			return registered;
		},
		ready: () => (welcome ? Promise.resolve(welcome) : readyPromise),
		lastStatus: () => status,
		async close() {
			if (closed) return;
			closed = true;
			if (helloTimer) clearTimeout(helloTimer);
			if (statusTimer) clearInterval(statusTimer);
			for (const off of unsubscribe) off();
			await scanner?.close();
			// The connection goes first, so the server takes back the unprinted jobs before the queue drops them.
			answers = new Map();
			socket.disconnect();
			await queue.close();
			await transport.close();
		}
	};
}
