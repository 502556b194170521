// The kiosk's view of the hall (services, waiting counts, opening, its printer) and its
// commands: issue a ticket, print a 一次性告知单. A double tap never makes two tickets:
// the button is disabled while a request is out, and every request carries an
// idempotency key that a retry after a lost answer reuses.
import type {
	Ack,
	ApiError,
	KioskReferenceScanned,
	KioskScanned,
	KioskSnapshot,
	NoticePublic,
	OpeningInfo,
	PrinterStatusInfo,
	PrintJobInfo,
	Priority,
	QueueOrder,
	ServiceInfo,
	TicketPublic,
	WaitingCount,
	WindowInfo
} from '../protocol.ts';
import { listNotices, listWindows } from '../shared/api.ts';
import { HallConnection, newIdempotencyKey, type HallSocket } from '../shared/connection.svelte.ts';
import { refreshAtOpeningChange } from '../shared/opening.ts';
import { aheadFromOrders } from '../shared/queue-position.ts';

export interface KioskOptions {
	/** The station id from `?station=K1`: the server knows which printer is next to it. */
	station?: string | null;
	createSocket?: () => HallSocket;
	/** For tests: where the window names come from. */
	loadWindows?: () => Promise<Ack<WindowInfo[]>>;
}

export type IssueResult = { ticket: TicketPublic } | { error: ApiError };

export class KioskState {
	hallName = $state('');
	hallNameEn = $state('');
	/** The hall's logo (a /media image), or null. */
	logo = $state<string | null>(null);
	complaintPhone = $state('');
	services = $state<ServiceInfo[]>([]);
	waiting = $state<WaitingCount[]>([]);
	opening = $state<OpeningInfo>({ open: false, todayPeriods: [], nextOpening: null });
	/** Window names for the guide's 办理窗口; empty until loaded (the guide then shows the ids). */
	windows = $state.raw<WindowInfo[]>([]);
	/** Each service's waiting numbers in call order, for "people ahead" of the ticket on screen. */
	orders = $state.raw<QueueOrder[]>([]);
	/** This station's printer; null without a station or before the first snapshot. */
	printer = $state<PrinterStatusInfo | null>(null);
	/** The latest print job of each ticket printed here, by ticket id. */
	ticketJobs = $state<Record<string, PrintJobInfo>>({});
	/** The latest 一次性告知单 job, by job id. */
	notificationJobs = $state<Record<string, PrintJobInfo>>({});
	/** The latest 回执 job of each complaint or objection filed here, by reference. */
	receiptJobs = $state<Record<string, PrintJobInfo>>({});
	/** The notices in their publicity period, as last loaded or pushed; null before the first load. */
	notices = $state.raw<NoticePublic[] | null>(null);
	/** A ticket QR just scanned at this station. */
	scanned = $state<KioskScanned | null>(null);
	/** A 回执's QR scanned at this station's scanner: the screen opens 进度查询 with it (set by the kiosk app). */
	onReferenceScanned: (fact: KioskReferenceScanned) => void = () => {};
	/** How many times a window calls again before 过号; null from an older server. */
	recallLimit = $state<number | null>(null);
	/** A ticket request is out: the 取号 button stays disabled. */
	pending = $state(false);

	readonly station: string | null;
	readonly connection: HallConnection<KioskSnapshot>;
	#inFlight: Promise<IssueResult> | null = null;
	/** The last request whose answer never came: a retry of the same choice reuses its key. */
	#unanswered: { serviceId: string; priority: Priority; key: string } | null = null;
	#cancelOpeningRefresh: (() => void) | undefined;
	#loadWindows: () => Promise<Ack<WindowInfo[]>>;

	constructor(options: KioskOptions = {}) {
		this.station = options.station ?? null;
		this.#loadWindows = options.loadWindows ?? (() => listWindows());
		this.connection = new HallConnection<KioskSnapshot>({
			subscribe: (c) => c.request('kiosk:subscribe', this.station ? { station: this.station } : {}),
			onSnapshot: (snapshot) => this.#replace(snapshot),
			versionOf: (snapshot) => snapshot.version,
			createSocket: options.createSocket
		});
		this.connection.on('queue:changed', ({ waiting, orders }) => {
			this.waiting = waiting;
			this.orders = orders;
		});
		// Printer, print and scan facts carry no hall version: they are about this station's
		// devices, not the queue, so they go straight to the state (the versioned buffer
		// would drop them during a resync).
		const socket = this.connection.socket;
		socket.on('printer:status', (status) => {
			if (status.station === this.station) this.printer = status;
		});
		socket.on('print:updated', (job) => {
			if (job.station !== this.station) return;
			if (job.kind === 'receipt') {
				if (job.number && (this.receiptJobs[job.number]?.at ?? -1) <= job.at) this.receiptJobs[job.number] = job;
				return;
			}
			const jobs = job.kind === 'ticket' ? this.ticketJobs : this.notificationJobs;
			const key = job.kind === 'ticket' ? job.ticketId : job.id;
			if (key && (jobs[key]?.at ?? -1) <= job.at) jobs[key] = job;
		});
		// Published or withdrawn in the console: the 公示 list follows at once.
		socket.on('notices:changed', (fact) => {
			if (Array.isArray(fact.notices)) this.notices = fact.notices;
		});
		socket.on('kiosk:scanned', (fact) => {
			if (fact.station === this.station) this.scanned = fact;
		});
		socket.on('kiosk:reference-scanned', (fact) => {
			if (fact.station === this.station) this.onReferenceScanned(fact);
		});
	}

	/** The subscribe failed because `?station=` names no kiosk of this hall. */
	get unknownStation(): ApiError | null {
		const error = this.connection.error;
		return error?.code === 'unknown_station' ? error : null;
	}

	/** Services a resident can take a number for, in the hall's order. */
	get enabledServices(): ServiceInfo[] {
		return this.services.filter((s) => s.enabled);
	}

	service(serviceId: string): ServiceInfo | undefined {
		return this.services.find((s) => s.id === serviceId);
	}

	waitingFor(serviceId: string): number {
		return this.waiting.find((w) => w.serviceId === serviceId)?.waiting ?? 0;
	}

	/** People ahead of a ticket on screen, as fresh as the last queue change; the ticket's own count otherwise. */
	aheadOf(ticket: TicketPublic): number {
		return aheadFromOrders(ticket, this.orders) ?? ticket.ahead;
	}

	windowNames(service: ServiceInfo): string[] {
		return service.windowIds.map((id) => this.windows.find((w) => w.id === id)?.name ?? id);
	}

	/** Takes a number. While one request is out, further taps get the same answer. */
	issue(serviceId: string, priority: Exclude<Priority, 'appointment'> = 'normal'): Promise<IssueResult> {
		if (this.#inFlight) return this.#inFlight;
		const retry = this.#unanswered;
		const key =
			retry && retry.serviceId === serviceId && retry.priority === priority ? retry.key : newIdempotencyKey();
		this.pending = true;
		this.#inFlight = this.connection
			.request('ticket:issue', {
				serviceId,
				priority,
				station: this.station ?? undefined,
				idempotencyKey: key
			})
			.then((ack): IssueResult => {
				// Only a lost answer (offline, timeout) leaves the outcome unknown.
				const unknown = 'error' in ack && (ack.error.details as { client?: string } | undefined)?.client === 'timeout';
				this.#unanswered = unknown ? { serviceId, priority, key } : null;
				return 'error' in ack ? { error: ack.error } : { ticket: ack.data };
			})
			.finally(() => {
				this.pending = false;
				this.#inFlight = null;
			});
		return this.#inFlight;
	}

	/** Prints the service's 一次性告知单 at this station's printer. */
	async printNotification(serviceId: string): Promise<Ack<PrintJobInfo>> {
		if (!this.station) return { error: { code: 'unknown_station', message: '这台触摸屏没有设置打印机' } };
		const ack = await this.connection.request('print:notification', { serviceId, station: this.station });
		// The job's facts may overtake its ack: keep whichever is newer.
		if ('data' in ack) {
			const known = this.notificationJobs[ack.data.id];
			if (!known || known.at < ack.data.at) this.notificationJobs[ack.data.id] = ack.data;
		}
		return ack;
	}

	dismissScanned(): void {
		this.scanned = null;
	}

	/** Connects (in the browser) and returns the function that disconnects. */
	open(): () => void {
		this.connection.start();
		return () => this.close();
	}

	close(): void {
		this.#cancelOpeningRefresh?.();
		this.connection.close();
	}

	#replace(snapshot: KioskSnapshot): void {
		this.recallLimit = snapshot.recallLimit ?? null;
		this.hallName = snapshot.hallName;
		this.hallNameEn = snapshot.hallNameEn;
		this.logo = snapshot.logo ?? null;
		this.complaintPhone = snapshot.complaintPhone;
		this.services = snapshot.services;
		this.waiting = snapshot.waiting;
		this.opening = snapshot.opening;
		this.printer = snapshot.printer ?? null;
		this.#cancelOpeningRefresh?.();
		this.#cancelOpeningRefresh = refreshAtOpeningChange(snapshot.opening, () => void this.connection.resync());
		// Window names change with the hall file only; a failed load leaves the ids on screen.
		void this.#loadWindows().then((ack) => {
			if ('data' in ack) this.windows = ack.data;
		});
		// Notices pushed while the socket was down were missed: once they have been shown, a (re)connect reloads them.
		if (this.notices !== null) {
			void listNotices().then((ack) => {
				if ('data' in ack) this.notices = ack.data;
			});
		}
	}
}
