// The hall's printing, as the doors see it: one object with the same methods as before the
// split. It sits beside the Hall, never in front of it: a ticket is issued and acknowledged
// first, printing follows, and nothing that happens to a printer can take a ticket back.
//
// The work is done by its parts: the station table (station-table.ts), the jobs on their
// way and their record (job-book.ts), the router that picks the printer (router.ts), the
// station agents (agent-registry.ts), the printers the server drives (server-queues.ts) and
// the scans at the stations (station-scans.ts). What stays here is the screens' view of each
// station's printer and the slips' content.

import type { Logger } from 'pino';
import type {
	AgentHello,
	AgentPrinterStatus,
	AgentWelcome,
	KioskReferenceScanned,
	KioskScanned,
	ScannedReference,
	PrinterStatusInfo,
	PrintJobInfo,
	PrintJobKind,
	ServiceInfo,
	TicketPublic
} from '../../src/lib/protocol.ts';
import { DEFAULT_MAX_AGE_MS, type RetryPolicy } from '../../devices/printer/print-queue.ts';
import type { TransportOptions } from '../../devices/printer/transports.ts';
import type { Clock } from '../clock.ts';
import type { Hall, Result } from '../hall.ts';
import type { Store } from '../store/store.ts';
import { AgentRegistry, type AgentLink } from './agent-registry.ts';
import { PrintJobBook, type JobMeta } from './job-book.ts';
import { statusUrl } from './origin.ts';
import { fail } from '../errors.ts';
import { PrintRouter } from './router.ts';
import { ServerQueues } from './server-queues.ts';
import { notificationDocument, ticketDocument, type SlipContext } from './slips.ts';
import type { PrintDocument } from './document.ts';
import { SlipRenderer } from './slip-renderer.ts';
import { kioskStations, type KioskStation, type StationDef } from './station-table.ts';
import { StationScans } from './station-scans.ts';
import { statusInfo } from './status-info.ts';

export type { AgentAnswer, AgentLink } from './agent-registry.ts';
export { resolvePrinterUri } from './station-table.ts';

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
	/** Render slips in a thread of their own (slip-renderer.ts): less event-loop work, ≈ 13 MB more memory; default false. */
	renderThread?: boolean;
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
	| { type: 'scanned'; scanned: KioskScanned }
	| { type: 'reference-scanned'; scanned: KioskReferenceScanned };

export type PrintListener = (event: PrintEvent) => void;

const DEFAULT_POLL_MS = 30_000;

/** A job's place in the print order (PrintService.#inOrder). */
interface OrderStep {
	ready: boolean;
	go: () => void;
	/** The station of a slip not yet made a job (still rendering); null for a job already made. */
	rendering: string | null;
}

export class PrintService {
	readonly #hall: Hall;
	readonly #clock: Clock;
	readonly #logger: Logger;
	/** Shared with the router, registry and queues, and updated in place when the director saves. */
	readonly #stations: Map<string, KioskStation>;
	readonly #dataDir: string;
	readonly #book: PrintJobBook;
	readonly #agents: AgentRegistry;
	readonly #queues: ServerQueues;
	readonly #router: PrintRouter;
	readonly #scans: StationScans;
	readonly #listeners = new Set<PrintListener>();
	/** What the screens were last told of each station's printer. */
	readonly #published = new Map<string, PrinterStatusInfo>();
	#pollTimer: ReturnType<typeof setInterval> | null = null;
	#closed = false;
	readonly #renderer: SlipRenderer;
	/**
	 * Jobs in the order they were asked for, each let go to its printer once it and every job
	 * before it is rendered: slips may render in another thread, and print order stays issue order.
	 */
	readonly #inOrder: OrderStep[] = [];
	#drained: (() => void) | null = null;
	/** hall.services() of one configuration (the hall replaces its configuration object when the director saves). */
	#services: { config: unknown; byId: Map<string, ServiceInfo> } | null = null;

	constructor({ hall, store, clock, logger, dataDir, options = {} }: PrintServiceDeps) {
		this.#hall = hall;
		this.#clock = clock;
		this.#logger = logger.child({ module: 'printing' });
		const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
		this.#stations = kioskStations(hall.settings.stations, dataDir);
		this.#dataDir = dataDir;
		this.#book = new PrintJobBook({ store, clock, logger: this.#logger, onChange: (job) => this.#emit({ type: 'job', job }) });
		this.#agents = new AgentRegistry({
			stations: this.#stations,
			settings: () => hall.settings,
			logger: this.#logger,
			maxAgeMs,
			statusIntervalMs: options.agentStatusIntervalMs
		});
		this.#queues = new ServerQueues({
			clock,
			logger: this.#logger,
			maxAgeMs,
			retry: options.retry,
			transport: options.transport,
			hooks: {
				onStatus: (station) => {
					const sp = this.#stations.get(station);
					if (sp && !this.#agents.current(station)) this.#publish(sp);
				},
				onJobPrinted: (event) => this.#router.serverPrinted(event),
				onJobDropped: (event) => this.#router.serverDropped(event),
				onJobFailed: (event, station) => this.#router.serverFailed(event, station)
			}
		});
		this.#router = new PrintRouter({
			stations: this.#stations,
			book: this.#book,
			agents: this.#agents,
			queues: this.#queues,
			clock,
			logger: this.#logger,
			agentAckTimeoutMs: options.agentAckTimeoutMs ?? maxAgeMs + 60_000,
			closed: () => this.#closed
		});
		this.#renderer = new SlipRenderer({ logger: this.#logger, thread: options.renderThread ?? false });
		this.#scans = new StationScans({ hall, clock, logger: this.#logger, onScanned: (scanned) => this.#emit({ type: 'scanned', scanned }), onReferenceScanned: (scanned) => this.#emit({ type: 'reference-scanned', scanned }) });

		const leftovers = this.#book.records.closeUnfinished(clock.now());
		if (leftovers.length > 0) {
			this.#logger.warn({ jobs: leftovers.map((j) => j.id) }, 'print jobs left unfinished by the previous run were closed as dropped');
		}
		const pollMs = options.statusPollMs === undefined ? DEFAULT_POLL_MS : options.statusPollMs;
		if (pollMs !== null) {
			this.#pollTimer = setInterval(() => this.#pollAll(), pollMs);
			this.#pollTimer.unref();
		}
		// The first look at every printer, so a kiosk knows before the first ticket; and the slip
		// renderer's thread (when slips render in one) is started before the first ticket too.
		setImmediate(() => {
			this.#pollAll();
			if (!this.#closed && this.#stations.size > 0) this.#renderer.warm();
		});
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

	/**
	 * The director saved new station settings: a kiosk's printer, its paper width and its agent
	 * key apply at once. A changed printer closes the old one's queue; a changed key disconnects
	 * the agent that proved itself with the old one; a removed station stops printing.
	 */
	reconfigure(stations: readonly StationDef[]): void {
		if (this.#closed) return;
		const next = kioskStations(stations, this.#dataDir);
		for (const [id, old] of this.#stations) {
			const now = next.get(id);
			if (now && now.uri === old.uri && now.columns === old.columns && now.def.agentKey === old.def.agentKey) continue;
			if (!now || now.uri !== old.uri) void this.#queues.retire(id);
			if (!now || now.def.agentKey !== old.def.agentKey) {
				const agent = this.#agents.current(id);
				if (agent) {
					this.#logger.warn({ station: id }, 'station key changed or station removed: its agent is disconnected');
					agent.replaced();
				}
			}
			if (!now) this.#stations.delete(id);
		}
		for (const [id, station] of next) this.#stations.set(id, station);
		for (const sp of this.#stations.values()) this.#publish(sp);
		this.#pollAll();
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
		return this.#book.records.get(id);
	}

	jobsOfTicket(ticketId: string) {
		return this.#book.records.byTicket(ticketId);
	}

	recentJobs(station: string | null, limit = 50) {
		return this.#book.records.recent(station, limit);
	}

	jobEvents(jobId: string) {
		return this.#book.records.events(jobId);
	}

	/** The hall's own addresses, as QR codes carry them. */
	origins(extra?: string): Set<string> {
		return this.#scans.origins(extra);
	}

	/** A service as the screens see it, for its slip: the list is made once per configuration, not per slip. */
	#service(id: string): ServiceInfo | undefined {
		const config = this.#hall.config;
		if (this.#services?.config !== config) this.#services = { config, byId: new Map(this.#hall.services().map((s) => [s.id, s])) };
		return this.#services.byId.get(id);
	}

	#slipContext(): SlipContext {
		const config = this.#hall.config;
		return {
			settings: this.#hall.settings,
			timeZone: config.calendar.timeZone,
			recallLimit: config.rules.recallLimit,
			// From the configuration, not hall.windows(): that view counts every window's queue, and a slip prints per ticket.
			windowName: (id) => config.windows.find((w) => w.id === id)?.name ?? null
		};
	}

	// Jobs ------------------------------------------------------------------------

	/**
	 * Prints the slip of a ticket just issued at a kiosk station. Returns at once: the work
	 * runs after the current turn, so the issue acknowledgement is on its way first.
	 */
	ticketIssued(ticket: TicketPublic, station: string, origin: string): void {
		const sp = this.#stations.get(station);
		if (this.#closed || !sp) return;
		// Its place in the print order is taken now, before anything asked after it.
		const step = this.#reserve(sp.id);
		// A bug in rendering must not touch the ticket, which is issued and on screen.
		const failed = (error: unknown) => this.#logger.error({ err: error, ticket: ticket.number, station }, 'printing the ticket slip failed');
		setImmediate(() => {
			try {
				const publicUrl = this.#hall.settings.publicUrl;
				if (!publicUrl) this.#scans.remember(origin);
				const service = this.#service(ticket.serviceId);
				const document = ticketDocument(this.#slipContext(), ticket, service, statusUrl(publicUrl ?? origin, ticket.id));
				this.#renderThenRoute(step, sp, 'ticket', document, { ticketId: ticket.id, number: ticket.number, serviceId: ticket.serviceId }, failed);
			} catch (error) {
				this.#settle(step, () => failed(error));
			}
		});
	}

	/** A place in the print order for a slip still to be made. */
	#reserve(station: string): OrderStep {
		const step: OrderStep = { ready: false, go: () => undefined, rendering: station };
		this.#inOrder.push(step);
		return step;
	}

	/** The step can go (print, or report its failure) once every step before it has. */
	#settle(step: OrderStep, go: () => void): void {
		step.go = go;
		step.ready = true;
		this.#releaseInOrder();
	}

	/**
	 * Renders the slip off the event loop, then records the job and sends it to its printer,
	 * after every job asked for before it. Who prints it (agent or server) is decided then.
	 */
	#renderThenRoute(step: OrderStep, sp: KioskStation, kind: PrintJobKind, document: PrintDocument, meta: JobMeta, failed: (error: unknown) => void): void {
		this.#renderer.render(document, sp.columns, this.#router.wantsSvg(sp)).then(
			(slip) =>
				this.#settle(step, () => {
					try {
						// The director may have removed the station while the slip rendered.
						if (!this.#stations.has(sp.id)) return failed(new Error(`station ${sp.id} no longer prints`));
						const job = this.#book.create(sp, this.#router.via(sp.id), kind, document, meta, slip);
						// Closed while the slip rendered: recorded as not printed, like the jobs close() found.
						if (this.#closed) this.#book.finish(job, 'dropped', 'shutdown');
						else this.#router.route(job);
					} catch (error) {
						failed(error);
					}
				}),
			(error: unknown) => this.#settle(step, () => failed(error))
		);
	}

	#releaseInOrder(): void {
		while (this.#inOrder.length > 0 && this.#inOrder[0].ready) this.#inOrder.shift()!.go();
		if (this.#inOrder.length === 0 && this.#drained) {
			this.#drained();
			this.#drained = null;
		}
	}

	/**
	 * The 回执 of a complaint or an objection filed at a kiosk station, at that station's printer.
	 * `receipt` gets the link its QR carries (the hall's publicUrl, or the address the resident's
	 * kiosk reached the hall at). Returns at once, like a ticket's slip: what was filed is filed.
	 */
	receiptFiled(station: string, origin: string, receipt: (ctx: SlipContext, lookupBase: string) => PrintDocument, reference: string): void {
		const sp = this.#stations.get(station);
		if (this.#closed || !sp) return;
		const step = this.#reserve(sp.id);
		const failed = (error: unknown) => this.#logger.error({ err: error, reference, station }, 'printing the receipt failed');
		setImmediate(() => {
			try {
				const publicUrl = this.#hall.settings.publicUrl;
				if (!publicUrl) this.#scans.remember(origin);
				const document = receipt(this.#slipContext(), publicUrl ?? origin);
				this.#renderThenRoute(step, sp, 'receipt', document, { ticketId: null, number: reference, serviceId: null }, failed);
			} catch (error) {
				this.#settle(step, () => failed(error));
			}
		});
	}

	/** 一次性告知单 of a service, at a kiosk station's printer. */
	printNotification(input: { serviceId: string; station: string }): Result<PrintJobInfo> {
		if (this.#closed) return fail('internal', '打印服务已停止');
		const sp = this.#stations.get(input.station);
		if (!sp) return fail('unknown_station', `没有编号为 ${input.station} 的取号机`);
		const service = this.#hall.services().find((s) => s.id === input.serviceId);
		if (!service) return fail('unknown_service', '没有这个服务事项');
		const document = notificationDocument(this.#slipContext(), service, this.#clock.now());
		// Rendered here: the kiosk is answered with the job. It still prints after any slip asked for before it.
		const job = this.#book.create(sp, this.#router.via(sp.id), 'notification', document, { ticketId: null, number: null, serviceId: service.id });
		if (this.#inOrder.length === 0) {
			this.#router.route(job);
			return { ok: true, value: { ...job.info } };
		}
		const go = (): void => {
			try {
				if (this.#closed) this.#book.finish(job, 'dropped', 'shutdown');
				else this.#router.route(job);
			} catch (error) {
				this.#logger.error({ err: error, job: job.info.id }, 'printing the notification failed');
			}
		};
		this.#inOrder.push({ ready: true, go, rendering: null });
		return { ok: true, value: { ...job.info } };
	}

	// Printer status ------------------------------------------------------------------

	#pollAll(): void {
		if (this.#closed) return;
		for (const sp of this.#stations.values()) if (!this.#agents.current(sp.id)) void this.#queues.check(sp);
	}

	/** Slips of the station still being rendered: owed by its printer as much as the jobs already made. */
	#rendering(station: string): number {
		let count = 0;
		for (const step of this.#inOrder) if (step.rendering === station) count++;
		return count;
	}

	#current(sp: KioskStation): PrinterStatusInfo {
		const agentStatus = this.#agents.status(sp.id);
		const via = agentStatus ? 'agent' : 'server';
		return statusInfo(sp.id, agentStatus ?? this.#queues.status(sp.id), via, this.#book.pending(sp.id) + this.#rendering(sp.id), this.#clock.now());
	}

	/** Tells the screens when what they show would change: the code, the paper warning, or who prints. */
	#publish(sp: KioskStation): void {
		const next = this.#current(sp);
		const last = this.#published.get(sp.id);
		if (last && last.code === next.code && last.paperNearEnd === next.paperNearEnd && last.via === next.via) return;
		this.#published.set(sp.id, next);
		const fields = { station: next.station, code: next.code, via: next.via, detail: next.detail, pending: next.pending };
		if (next.ready) this.#logger.info(fields, 'printer status');
		else this.#logger.warn(fields, 'printer alert');
		this.#emit({ type: 'status', status: next });
	}

	// Station agents ------------------------------------------------------------------

	/** Checks an agent's hello: a known kiosk station, and its key when the hall file sets one. */
	welcomeAgent(hello: AgentHello): Result<AgentWelcome> {
		return this.#agents.welcome(hello);
	}

	/** From now on the station's new jobs go to this agent. Returns the detach to call when it goes. */
	attachAgent(link: AgentLink): () => void {
		const sp = this.#stations.get(link.station);
		if (!sp || this.#closed) return () => undefined;
		const previous = this.#agents.current(link.station);
		if (previous && previous.id !== link.id) {
			// The newer one wins: after a kiosk PC restarts, its old connection may take a while to time out.
			this.#logger.warn({ station: link.station, previous: previous.id, agent: link.id }, 'a second agent took over the station');
			this.#agents.release(previous);
			this.#router.agentGone(previous, 'replaced by a newer agent');
			previous.replaced();
		}
		this.#agents.attach(link);
		this.#publish(sp);
		return () => this.#detach(sp, link);
	}

	#detach(sp: KioskStation, link: AgentLink): void {
		const wasCurrent = this.#agents.release(link);
		this.#router.agentGone(link, 'agent disconnected');
		if (!wasCurrent || this.#closed) return;
		this.#logger.info({ station: link.station, agent: link.id, why: 'agent disconnected' }, 'station agent detached');
		this.#publish(sp);
		void this.#queues.check(sp);
	}

	agentStatus(link: AgentLink, input: AgentPrinterStatus): Result<PrinterStatusInfo> {
		const sp = this.#stations.get(link.station);
		if (!sp) return fail('unauthorized', '此连接不是该取号机的打印代理');
		const reported = this.#agents.report(link, input);
		if (!reported.ok) return reported;
		this.#publish(sp);
		return { ok: true, value: this.#current(sp) };
	}

	/** A ticket QR scanned at a station: the station's kiosk screen shows that ticket. */
	scan(link: AgentLink, data: string, agentOrigin?: string): Result<TicketPublic | ScannedReference> {
		if (!this.#agents.isCurrent(link)) return fail('unauthorized', '此连接不是该取号机的打印代理');
		return this.#scans.scan(link.station, data, agentOrigin);
	}

	/** Stops printing. Jobs not yet printed are dropped with a record; their tickets stand. */
	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		if (this.#pollTimer) clearInterval(this.#pollTimer);
		// Slips still rendering are finished (and recorded as dropped) before the queues and the store close.
		if (this.#inOrder.length > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
		await this.#renderer.close();
		await this.#queues.close();
		for (const job of this.#book.all()) this.#book.finish(job, 'dropped', 'shutdown');
	}
}
