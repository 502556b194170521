// The hall's printing: renders slips, routes each job to the station's connected agent
// or to the printer the server drives for that station, keeps every station's printer
// status, and records every job's outcome. It sits beside the Hall, never in front of it:
// a ticket is issued and acknowledged first, printing follows, and nothing that happens to
// a printer can take a ticket back.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type {
	Ack,
	AgentHello,
	AgentJobOutcome,
	AgentPrinterKind,
	AgentPrinterStatus,
	AgentPrintJob,
	AgentWelcome,
	ApiError,
	KioskScanned,
	PrinterStatusInfo,
	PrintJobInfo,
	PrintJobKind,
	PrintJobState,
	TicketPublic
} from '../../src/lib/protocol.ts';
import type { PrintDocument } from './document.ts';
import { toEscPos, toPreviewSvg } from './escpos.ts';
import { COLUMNS_58MM, COLUMNS_80MM } from './layout.ts';
import {
	createPrintQueue,
	DEFAULT_MAX_AGE_MS,
	type PrintQueue,
	type RetryPolicy
} from '../../devices/printer/print-queue.ts';
import { openTransport, type PrinterTransport, type TransportError, type TransportOptions } from '../../devices/printer/transports.ts';
import type { Clock } from '../auth.ts';
import type { HallFile } from '../config.ts';
import type { Hall, Result } from '../hall.ts';
import type { Store } from '../store/store.ts';
import { PrintJobStore, type PrintJobEvent } from './job-store.ts';
import { statusUrl } from './origin.ts';
import { parseScan } from './scan.ts';
import { notificationDocument, ticketDocument, type SlipContext } from './slips.ts';
import { coreOf, isReady, statusInfo, type StatusCore } from './status-info.ts';

export interface PrintServiceOptions {
	/** Jobs older than this are dropped with a record instead of printed; default 10 minutes. */
	maxAgeMs?: number;
	/** Backoff while a server-driven printer cannot print. */
	retry?: Partial<RetryPolicy>;
	/** How often idle server-driven printers are asked for their status; null: never (only around jobs). */
	statusPollMs?: number | null;
	/** An agent that has not answered a job by then is treated as gone for that job. */
	agentAckTimeoutMs?: number;
	/** Told to agents: how often to read their printer's status while idle. */
	agentStatusIntervalMs?: number;
	transport?: TransportOptions;
}

export interface PrintServiceDeps {
	hall: Hall;
	store: Store;
	clock: Clock;
	logger: Logger;
	/** `preview` printers write under `${dataDir}/prints`. */
	dataDir: string;
	options?: PrintServiceOptions;
}

export type PrintEvent =
	| { type: 'status'; status: PrinterStatusInfo }
	| { type: 'job'; job: PrintJobInfo }
	| { type: 'scanned'; scanned: KioskScanned };

export type PrintListener = (event: PrintEvent) => void;

/** An agent's answer to a job, or the lack of one. */
export type AgentAnswer = Ack<AgentJobOutcome> | { noAnswer: string };

/** A connected station agent, as the print service needs it: no socket.io in here. */
export interface AgentLink {
	readonly id: string;
	readonly station: string;
	readonly printer: AgentPrinterKind;
	deliver(job: AgentPrintJob, timeoutMs: number, done: (answer: AgentAnswer) => void): void;
	/** A newer agent took the station over: end this connection. */
	replaced(): void;
}

type StationDef = HallFile['stations'][number];

interface StationPrinter {
	def: StationDef;
	uri: string;
	preview: boolean;
	columns: number;
	queue: Promise<{ ok: true; queue: PrintQueue; transport: PrinterTransport } | { ok: false; error: TransportError }> | null;
	serverStatus: StatusCore;
	agent: AgentLink | null;
	agentStatus: StatusCore;
	published: PrinterStatusInfo | null;
}

interface ActiveJob {
	info: PrintJobInfo;
	document: PrintDocument;
	bytes: Uint8Array;
	svg: string | null;
	attempts: number;
	/** The agent holding the job, until it answers or goes away. */
	agentLinkId: string | null;
	printer: string | null;
}

const DEFAULT_POLL_MS = 30_000;
const DEFAULT_AGENT_STATUS_MS = 15_000;
/** Origins seen on kiosk requests, for recognising our own QR codes when the hall has no publicUrl. */
const MAX_ORIGINS = 16;

/** `preview` (the demo default) saves slips under the data directory; other URIs are the transports' own. */
export function resolvePrinterUri(printer: string | undefined, dataDir: string): string {
	const uri = (printer ?? 'preview').trim();
	return uri === 'preview' ? `preview:${join(dataDir, 'prints')}` : uri;
}

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/** Compares keys in constant time: an agent key is a password. */
function sameKey(given: string | undefined, expected: string): boolean {
	return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}

function fail(code: ApiError['code'], message: string, details?: Record<string, unknown>): { ok: false; error: ApiError } {
	return { ok: false, error: { code, message, ...(details ? { details } : {}) } };
}

export class PrintService {
	readonly #hall: Hall;
	readonly #clock: Clock;
	readonly #logger: Logger;
	readonly #jobs: PrintJobStore;
	readonly #options: PrintServiceOptions;
	readonly #maxAgeMs: number;
	readonly #stations = new Map<string, StationPrinter>();
	readonly #active = new Map<string, ActiveJob>();
	readonly #listeners = new Set<PrintListener>();
	readonly #origins = new Set<string>();
	#pollTimer: ReturnType<typeof setInterval> | null = null;
	#closed = false;

	constructor({ hall, store, clock, logger, dataDir, options = {} }: PrintServiceDeps) {
		this.#hall = hall;
		this.#clock = clock;
		this.#logger = logger.child({ module: 'printing' });
		this.#jobs = new PrintJobStore(store);
		this.#options = options;
		this.#maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
		const unknown: StatusCore = { code: 'unknown', paperNearEnd: false, detail: 'not checked yet' };
		for (const def of hall.settings.stations) {
			if (def.kind !== 'kiosk') continue;
			const uri = resolvePrinterUri(def.printer, dataDir);
			this.#stations.set(def.id, {
				def,
				uri,
				preview: uri.startsWith('preview:'),
				columns: def.paper === '80mm' ? COLUMNS_80MM : COLUMNS_58MM,
				queue: null,
				serverStatus: unknown,
				agent: null,
				agentStatus: unknown,
				published: null
			});
			if (!def.agentKey) this.#logger.warn({ station: def.id }, 'kiosk station has no agentKey: any agent may claim its print jobs');
		}
		const leftovers = this.#jobs.closeUnfinished(clock.now());
		if (leftovers.length > 0) {
			this.#logger.warn({ jobs: leftovers.map((j) => j.id) }, 'print jobs left unfinished by the previous run were closed as dropped');
		}
		const pollMs = options.statusPollMs === undefined ? DEFAULT_POLL_MS : options.statusPollMs;
		if (pollMs !== null) {
			this.#pollTimer = setInterval(() => this.#pollAll(), pollMs);
			this.#pollTimer.unref();
		}
		// The first look at every printer, so a kiosk knows before the first ticket.
		setImmediate(() => this.#pollAll());
	}

	on(listener: PrintListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	#emit(event: PrintEvent): void {
		for (const listener of this.#listeners) {
			try {
				listener(event);
			} catch (error) {
				this.#logger.error({ err: error }, 'print listener failed');
			}
		}
	}

	isKiosk(station: string): boolean {
		return this.#stations.has(station);
	}

	/** The station's printer as the screens should see it now; null for an unknown station. */
	status(station: string): PrinterStatusInfo | null {
		const sp = this.#stations.get(station);
		return sp ? this.#current(sp) : null;
	}

	statuses(): PrinterStatusInfo[] {
		return [...this.#stations.values()].map((sp) => this.#current(sp));
	}

	job(id: string) {
		return this.#jobs.get(id);
	}

	jobsOfTicket(ticketId: string) {
		return this.#jobs.byTicket(ticketId);
	}

	recentJobs(station: string | null, limit = 50) {
		return this.#jobs.recent(station, limit);
	}

	jobEvents(jobId: string) {
		return this.#jobs.events(jobId);
	}

	/** The hall's own addresses, as QR codes carry them. */
	origins(extra?: string): Set<string> {
		const publicUrl = this.#hall.settings.publicUrl;
		if (publicUrl) return new Set([new URL(publicUrl).origin]);
		const all = new Set(this.#origins);
		if (extra) all.add(extra);
		return all;
	}

	#remember(origin: string): void {
		if (this.#origins.has(origin)) return;
		if (this.#origins.size >= MAX_ORIGINS) this.#origins.delete(this.#origins.values().next().value!);
		this.#origins.add(origin);
	}

	#slipContext(): SlipContext {
		return { settings: this.#hall.settings, timeZone: this.#hall.state.config.calendar.timeZone };
	}

	// Jobs ------------------------------------------------------------------------

	/**
	 * Prints the slip of a ticket just issued at a kiosk station. Returns at once: the work
	 * runs after the current turn, so the issue acknowledgement is on its way first.
	 */
	ticketIssued(ticket: TicketPublic, station: string, origin: string): void {
		if (this.#closed || !this.#stations.has(station)) return;
		setImmediate(() => {
			try {
				const publicUrl = this.#hall.settings.publicUrl;
				if (!publicUrl) this.#remember(origin);
				const service = this.#hall.services().find((s) => s.id === ticket.serviceId);
				const document = ticketDocument(this.#slipContext(), ticket, service, statusUrl(publicUrl ?? origin, ticket.id));
				const job = this.#createJob(station, 'ticket', document, { ticketId: ticket.id, number: ticket.number, serviceId: ticket.serviceId });
				this.#route(job);
			} catch (error) {
				// A bug in rendering must not touch the ticket, which is issued and on screen.
				this.#logger.error({ err: error, ticket: ticket.number, station }, 'printing the ticket slip failed');
			}
		});
	}

	/** 一次性告知单 of a service, at a kiosk station's printer. */
	printNotification(input: { serviceId: string; station: string }): Result<PrintJobInfo> {
		if (this.#closed) return fail('internal', '打印服务已停止');
		if (!this.#stations.has(input.station)) return fail('unknown_station', `没有编号为 ${input.station} 的取号机`);
		const service = this.#hall.services().find((s) => s.id === input.serviceId);
		if (!service) return fail('unknown_service', '没有这个服务事项');
		const document = notificationDocument(this.#slipContext(), service, this.#clock.now());
		const job = this.#createJob(input.station, 'notification', document, { ticketId: null, number: null, serviceId: service.id });
		this.#route(job);
		return { ok: true, value: { ...job.info } };
	}

	#createJob(
		station: string,
		kind: PrintJobKind,
		document: PrintDocument,
		meta: { ticketId: string | null; number: string | null; serviceId: string | null }
	): ActiveJob {
		const sp = this.#stations.get(station)!;
		const now = this.#clock.now();
		const label = (meta.number ?? kind).replace(/[^A-Za-z0-9]/g, '');
		const info: PrintJobInfo = {
			id: `${label}-${randomBytes(6).toString('base64url')}`,
			station,
			kind,
			ticketId: meta.ticketId,
			number: meta.number,
			serviceId: meta.serviceId,
			state: 'queued',
			via: sp.agent ? 'agent' : 'server',
			reason: null,
			createdAt: now,
			at: now
		};
		const job: ActiveJob = {
			info,
			document,
			bytes: toEscPos(document, { columns: sp.columns }),
			svg: null,
			attempts: 0,
			agentLinkId: null,
			printer: sp.agent ? 'agent' : sp.uri
		};
		this.#jobs.insert(info, job.printer);
		this.#active.set(info.id, job);
		this.#emit({ type: 'job', job: { ...info } });
		return job;
	}

	#svgOf(job: ActiveJob, columns: number): string {
		job.svg ??= toPreviewSvg(job.document, { columns });
		return job.svg;
	}

	#route(job: ActiveJob): void {
		const sp = this.#stations.get(job.info.station)!;
		if (sp.agent) this.#sendToAgent(sp, sp.agent, job);
		else void this.#sendToServer(sp, job);
	}

	#change(
		job: ActiveJob,
		state: PrintJobState,
		reason: string | null,
		event: PrintJobEvent['type'],
		extra: { message?: string | null; detail?: Record<string, unknown> } = {}
	): void {
		job.info = { ...job.info, state, reason, at: this.#clock.now() };
		try {
			this.#jobs.update(job.info, {
				printer: job.printer,
				attempts: job.attempts,
				message: extra.message ?? null,
				event,
				detail: extra.detail
			});
		} catch (error) {
			// The disk refused the record: say so loudly, but keep printing.
			this.#logger.error({ err: error, job: job.info.id }, 'recording the print job failed');
		}
		if (event !== 'attempt_failed') this.#emit({ type: 'job', job: { ...job.info } });
	}

	#finish(job: ActiveJob, state: 'printed' | 'failed' | 'dropped', reason: string | null, extra: { message?: string | null; detail?: Record<string, unknown> } = {}): void {
		if (!this.#active.delete(job.info.id)) return;
		job.agentLinkId = null;
		this.#change(job, state, reason, state, extra);
		const fields = {
			job: job.info.id,
			station: job.info.station,
			kind: job.info.kind,
			ticket: job.info.number,
			via: job.info.via,
			ms: job.info.at - job.info.createdAt,
			...(reason ? { reason } : {}),
			...(extra.message ? { detail: extra.message } : {})
		};
		if (state === 'printed') this.#logger.info(fields, 'print job printed');
		else this.#logger.warn(fields, `print job ${state}`);
	}

	#sendToAgent(sp: StationPrinter, link: AgentLink, job: ActiveJob): void {
		job.agentLinkId = link.id;
		job.printer = 'agent';
		job.info = { ...job.info, via: 'agent' };
		this.#change(job, 'sent', null, 'sent', { detail: { agent: link.id } });
		const payload: AgentPrintJob = {
			id: job.info.id,
			kind: job.info.kind,
			ticketId: job.info.ticketId,
			number: job.info.number,
			ageMs: Math.max(0, this.#clock.now() - job.info.createdAt),
			bytes: job.bytes,
			...(link.printer === 'preview' ? { svg: this.#svgOf(job, sp.columns) } : {})
		};
		const timeoutMs = this.#options.agentAckTimeoutMs ?? this.#maxAgeMs + 60_000;
		link.deliver(payload, timeoutMs, (answer) => this.#agentAnswered(job, link.id, answer));
	}

	#agentAnswered(job: ActiveJob, linkId: string, answer: AgentAnswer): void {
		// A late answer from an agent the job already fell back from: the server printer has it now.
		if (job.agentLinkId !== linkId || !this.#active.has(job.info.id)) {
			this.#logger.warn({ job: job.info.id, agent: linkId }, 'late answer from a station agent ignored');
			return;
		}
		if ('noAnswer' in answer) return this.#fallback(job, answer.noAnswer);
		if ('error' in answer) return this.#fallback(job, `agent refused the job: ${answer.error.code}`);
		const outcome = answer.data;
		if (outcome.outcome === 'printed') {
			job.attempts = outcome.attempts;
			return this.#finish(job, 'printed', null);
		}
		if (outcome.outcome === 'dropped') {
			// Too old to print is final; a queue that closed under the job never printed it.
			if (outcome.reason === 'expired') return this.#finish(job, 'dropped', 'expired', { detail: { ageMs: outcome.ageMs } });
			return this.#fallback(job, 'agent queue closed');
		}
		this.#finish(job, 'failed', outcome.code, { message: outcome.message });
	}

	/**
	 * The job leaves its agent for the server-driven printer. At least once, not exactly
	 * once: if the agent printed the slip and then lost its connection before its answer
	 * arrived, the slip prints a second time here. Closing that window would need the
	 * printer itself to remember jobs; a duplicate slip is the lesser harm than a lost one.
	 */
	#fallback(job: ActiveJob, why: string): void {
		if (!this.#active.has(job.info.id)) return;
		const sp = this.#stations.get(job.info.station)!;
		job.agentLinkId = null;
		job.printer = sp.uri;
		job.info = { ...job.info, via: 'server' };
		this.#change(job, 'queued', null, 'fallback', { message: why });
		this.#logger.warn({ job: job.info.id, station: sp.def.id, why }, 'print job falls back to the server printer');
		void this.#sendToServer(sp, job);
	}

	async #sendToServer(sp: StationPrinter, job: ActiveJob): Promise<void> {
		if (this.#closed) return this.#finish(job, 'dropped', 'shutdown');
		job.printer = sp.uri;
		const opened = await this.#openQueue(sp);
		if (!this.#active.has(job.info.id)) return;
		if (!opened.ok) return this.#finish(job, 'failed', opened.error.code, { message: opened.error.message });
		const queued = opened.queue.enqueue({
			id: job.info.id,
			kind: job.info.kind,
			createdAt: job.info.createdAt,
			bytes: job.bytes,
			...(sp.preview ? { svg: this.#svgOf(job, sp.columns) } : {})
		});
		if (!queued.ok && queued.error.code === 'queue_closed') this.#finish(job, 'dropped', 'shutdown');
	}

	// Server-driven printers --------------------------------------------------------

	#openQueue(sp: StationPrinter): NonNullable<StationPrinter['queue']> {
		sp.queue ??= openTransport(sp.uri, { now: this.#clock.now, ...this.#options.transport }).then((opened) => {
			if (!opened.ok) {
				this.#logger.error({ station: sp.def.id, printer: sp.uri, error: opened.error }, 'cannot open the station printer');
				sp.serverStatus = { code: 'unreachable', paperNearEnd: false, detail: opened.error.message };
				this.#publish(sp);
				return opened;
			}
			const station = sp.def.id;
			const queue = createPrintQueue({
				transport: opened.transport,
				now: this.#clock.now,
				maxAgeMs: this.#maxAgeMs,
				retry: this.#options.retry,
				onStatus: (status) => {
					sp.serverStatus = coreOf(status);
					if (!sp.agent) this.#publish(sp);
				},
				onJobPrinted: (event) => {
					const job = this.#active.get(event.job.id);
					if (!job) return;
					job.attempts = event.attempts;
					this.#finish(job, 'printed', null, { detail: { statusAfter: event.statusAfter?.code ?? null } });
				},
				onJobDropped: (event) => {
					const job = this.#active.get(event.job.id);
					if (!job) return;
					this.#finish(job, 'dropped', event.reason === 'expired' ? 'expired' : 'shutdown', {
						message: event.lastStatus?.message ?? null,
						detail: { ageMs: event.ageMs, lastStatus: event.lastStatus?.code ?? null }
					});
				},
				onJobFailed: (event) => {
					const job = this.#active.get(event.job.id);
					if (!job) return;
					job.attempts = event.attempt;
					if (event.willRetry) {
						this.#change(job, job.info.state, null, 'attempt_failed', { message: event.error.message, detail: { code: event.error.code } });
						this.#logger.warn({ job: job.info.id, station, attempt: event.attempt, error: event.error }, 'print attempt failed; will retry');
					} else {
						this.#finish(job, 'failed', event.error.code, { message: event.error.message });
					}
				}
			});
			return { ok: true as const, queue, transport: opened.transport };
		});
		return sp.queue;
	}

	#pollAll(): void {
		if (this.#closed) return;
		for (const sp of this.#stations.values()) if (!sp.agent) void this.#checkServer(sp);
	}

	/** Reads a server-driven printer's status; a printer that came back gets its held jobs at once. */
	async #checkServer(sp: StationPrinter): Promise<void> {
		const opened = await this.#openQueue(sp);
		if (!opened.ok || this.#closed) return;
		try {
			const status = await opened.queue.checkStatus();
			if (isReady(status.code) && opened.queue.pending().length > 0) opened.queue.retryNow();
		} catch (error) {
			this.#logger.error({ err: error, station: sp.def.id }, 'printer status check failed');
		}
	}

	#pending(sp: StationPrinter): number {
		let count = 0;
		for (const job of this.#active.values()) if (job.info.station === sp.def.id) count++;
		return count;
	}

	#current(sp: StationPrinter): PrinterStatusInfo {
		const via = sp.agent ? 'agent' : 'server';
		return statusInfo(sp.def.id, via === 'agent' ? sp.agentStatus : sp.serverStatus, via, this.#pending(sp), this.#clock.now());
	}

	/** Tells the screens when what they show would change: the code, the paper warning, or who prints. */
	#publish(sp: StationPrinter): void {
		const next = this.#current(sp);
		const last = sp.published;
		if (last && last.code === next.code && last.paperNearEnd === next.paperNearEnd && last.via === next.via) return;
		sp.published = next;
		const fields = { station: next.station, code: next.code, via: next.via, detail: next.detail, pending: next.pending };
		if (next.ready) this.#logger.info(fields, 'printer status');
		else this.#logger.warn(fields, 'printer alert');
		this.#emit({ type: 'status', status: next });
	}

	// Station agents ------------------------------------------------------------------

	/** Checks an agent's hello: a known kiosk station, and its key when the hall file sets one. */
	welcomeAgent(hello: AgentHello): Result<AgentWelcome> {
		const sp = this.#stations.get(hello.station);
		if (!sp) return fail('unknown_station', `没有编号为 ${hello.station} 的取号机`);
		if (sp.def.agentKey && !sameKey(hello.key, sp.def.agentKey)) {
			this.#logger.warn({ station: hello.station }, 'station agent refused: wrong key');
			return fail('forbidden', '取号机密钥不正确');
		}
		return {
			ok: true,
			value: {
				station: sp.def.id,
				hallName: this.#hall.settings.hallName,
				maxAgeMs: this.#maxAgeMs,
				statusIntervalMs: this.#options.agentStatusIntervalMs ?? DEFAULT_AGENT_STATUS_MS
			}
		};
	}

	/** From now on the station's new jobs go to this agent. Returns the detach to call when it goes. */
	attachAgent(link: AgentLink): () => void {
		const sp = this.#stations.get(link.station);
		if (!sp || this.#closed) return () => undefined;
		const previous = sp.agent;
		if (previous && previous.id !== link.id) {
			// The newer one wins: after a kiosk PC restarts, its old connection may take a while to time out.
			this.#logger.warn({ station: link.station, previous: previous.id, agent: link.id }, 'a second agent took over the station');
			this.#detach(previous, 'replaced by a newer agent', false);
			previous.replaced();
		}
		sp.agent = link;
		sp.agentStatus = { code: 'unknown', paperNearEnd: false, detail: 'waiting for the agent to report' };
		this.#logger.info({ station: link.station, agent: link.id, printer: link.printer }, 'station agent attached');
		this.#publish(sp);
		return () => this.#detach(link, 'agent disconnected');
	}

	#detach(link: AgentLink, why: string, announce = true): void {
		const sp = this.#stations.get(link.station);
		if (!sp) return;
		const wasCurrent = sp.agent?.id === link.id;
		if (wasCurrent) sp.agent = null;
		for (const job of [...this.#active.values()]) {
			if (job.agentLinkId !== link.id) continue;
			if (this.#closed) this.#finish(job, 'dropped', 'shutdown');
			else this.#fallback(job, why);
		}
		if (!wasCurrent || this.#closed || !announce) return;
		this.#logger.info({ station: link.station, agent: link.id, why }, 'station agent detached');
		this.#publish(sp);
		void this.#checkServer(sp);
	}

	agentStatus(link: AgentLink, input: AgentPrinterStatus): Result<PrinterStatusInfo> {
		const sp = this.#stations.get(link.station);
		if (!sp || sp.agent?.id !== link.id) return fail('unauthorized', '此连接不是该取号机的打印代理');
		sp.agentStatus = { code: input.code, paperNearEnd: input.paperNearEnd ?? false, detail: input.detail ?? null };
		this.#publish(sp);
		return { ok: true, value: this.#current(sp) };
	}

	/** A ticket QR scanned at a station: the station's kiosk screen shows that ticket. */
	scan(link: AgentLink, data: string, agentOrigin?: string): Result<TicketPublic> {
		const sp = this.#stations.get(link.station);
		if (!sp || sp.agent?.id !== link.id) return fail('unauthorized', '此连接不是该取号机的打印代理');
		const parsed = parseScan(data, this.origins(agentOrigin));
		if (!parsed.ok) {
			this.#logger.info({ station: link.station, why: parsed.error.details?.why }, 'scan refused');
			return parsed;
		}
		const ticket = this.#hall.ticketById(parsed.ticketId);
		if (!ticket) return fail('unknown_ticket', '没有这个号码');
		const view = this.#hall.publicTicket(ticket);
		this.#emit({ type: 'scanned', scanned: { station: link.station, ticket: view, at: this.#clock.now() } });
		return { ok: true, value: view };
	}

	/** Stops printing. Jobs not yet printed are dropped with a record; their tickets stand. */
	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		if (this.#pollTimer) clearInterval(this.#pollTimer);
		for (const sp of this.#stations.values()) {
			if (!sp.queue) continue;
			const opened = await sp.queue;
			if (!opened.ok) continue;
			await opened.queue.close();
			await opened.transport.close();
		}
		for (const job of [...this.#active.values()]) this.#finish(job, 'dropped', 'shutdown');
	}
}
