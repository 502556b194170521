// The kiosk's view of the hall (services, waiting counts, opening) and its one
// command: issue a ticket. A double tap never makes two tickets: the button is
// disabled while a request is out, and every request carries an idempotency key
// that a retry after a lost answer reuses.
import type { ApiError, KioskSnapshot, OpeningInfo, Priority, ServiceInfo, TicketPublic, WaitingCount } from '../protocol.ts';
import { HallConnection, newIdempotencyKey, type HallSocket } from './connection.svelte.ts';
import { refreshAtOpeningChange } from './opening.ts';

export interface KioskOptions {
	/** The station id from `?station=K1`: the server knows which printer is next to it. */
	station?: string | null;
	createSocket?: () => HallSocket;
}

export type IssueResult = { ticket: TicketPublic } | { error: ApiError };

export class KioskState {
	hallName = $state('');
	complaintPhone = $state('');
	services = $state<ServiceInfo[]>([]);
	waiting = $state<WaitingCount[]>([]);
	opening = $state<OpeningInfo>({ open: false, todayPeriods: [], nextOpening: null });
	/** A ticket request is out: the 取号 button stays disabled. */
	pending = $state(false);

	readonly station: string | null;
	readonly connection: HallConnection<KioskSnapshot>;
	#inFlight: Promise<IssueResult> | null = null;
	/** The last request whose answer never came: a retry of the same choice reuses its key. */
	#unanswered: { serviceId: string; priority: Priority; key: string } | null = null;
	#cancelOpeningRefresh: (() => void) | undefined;

	constructor(options: KioskOptions = {}) {
		this.station = options.station ?? null;
		this.connection = new HallConnection<KioskSnapshot>({
			subscribe: (c) => c.request('kiosk:subscribe', this.station ? { station: this.station } : {}),
			onSnapshot: (snapshot) => this.#replace(snapshot),
			versionOf: (snapshot) => snapshot.version,
			createSocket: options.createSocket
		});
		this.connection.on('queue:changed', ({ waiting }) => {
			this.waiting = waiting;
		});
	}

	/** Services a resident can take a number for, in the hall's order. */
	get enabledServices(): ServiceInfo[] {
		return this.services.filter((s) => s.enabled);
	}

	waitingFor(serviceId: string): number {
		return this.waiting.find((w) => w.serviceId === serviceId)?.waiting ?? 0;
	}

	/** Takes a number. While one request is out, further taps get the same answer. */
	issue(serviceId: string, priority: Priority = 'normal'): Promise<IssueResult> {
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
		this.hallName = snapshot.hallName;
		this.complaintPhone = snapshot.complaintPhone;
		this.services = snapshot.services;
		this.waiting = snapshot.waiting;
		this.opening = snapshot.opening;
		this.#cancelOpeningRefresh?.();
		this.#cancelOpeningRefresh = refreshAtOpeningChange(snapshot.opening, () => void this.connection.resync());
	}
}
