// The hall service: the one owner of the hall's state, and the execution of its commands.
// Every command runs the same path — roll the day if needed, decide, apply, commit in one
// transaction, then tell listeners — whichever door it came through. Saving the ticket and
// window tables is the projection's (hall/projection.ts); what screens are shown of the
// state is the views' (hall/views.ts).

import type { Logger } from 'pino';
import type {
	BoardSnapshot,
	CallInfo,
	KioskSnapshot,
	OpeningInfo,
	Priority,
	QueueOrder,
	ServiceInfo,
	StaffBadge,
	TicketDetail,
	TicketPublic,
	WaitingCount,
	WindowInfo,
	WindowSnapshot
} from '../src/lib/protocol.ts';
import type { Clock } from './clock.ts';
import {
	apply,
	decide,
	localDate,
	RECENT_CALLS,
	restoreState
} from './core/index.ts';
import type { Actor, Command, DomainEvent, HallState, IssueExtras, Ticket } from './core/types.ts';
import { parseHall, type HallFile, type HallSettings, type LoadedHall } from './config.ts';
import { ZodError } from 'zod';
import { invalid, type Result } from './errors.ts';
import { newTicketId } from './ids.ts';
import { HallViews } from './hall/views.ts';
import { Projection } from './hall/projection.ts';
import type { Store } from './store/store.ts';

export type { Result } from './errors.ts';

/** What travels with a command besides its input: facts' subscribers (printing) read it. */
export interface CommandMeta {
	/** The address the caller reached the hall at: the QR code of a slip printed for it. */
	origin: string | null;
}

/** What listeners (the broadcaster, printing, the upstream) learn after a command is durable. */
export interface Committed {
	version: number;
	events: DomainEvent[];
	touched: Ticket[];
	meta: CommandMeta;
}

export type CommittedListener = (committed: Committed) => void;

const NO_META: CommandMeta = { origin: null };

export interface HallDeps {
	store: Store;
	clock: Clock;
	hall: LoadedHall;
	logger: Logger;
}

export interface IssueInput {
	serviceId: string;
	priority: Priority;
	station: string | null;
	idempotencyKey: string | null;
	/** 预约 check-in or 线上取号 (server/appointments): the slot, the booking, the remote hold. */
	extras?: IssueExtras;
}

type StaffCommandType = Exclude<Command['type'], 'issue' | 'rollover' | 'configure' | 'check-in'>;

export class Hall {
	#settings: HallSettings;
	/** The hall file as last saved (HALL_CONFIG at first start, then the director's edits). */
	#file: HallFile;
	readonly #store: Store;
	readonly #clock: Clock;
	readonly #logger: Logger;
	readonly #listeners = new Set<CommittedListener>();
	readonly #projection: Projection;
	/** What screens, phones and reports are shown of the state. */
	readonly views: HallViews;
	#state!: HallState;

	constructor({ store, clock, hall, logger }: HallDeps) {
		this.#store = store;
		this.#clock = clock;
		this.#logger = logger;
		this.#projection = new Projection(store, logger, () => this.#state);
		this.views = new HallViews({ state: () => this.#state, settings: () => this.#settings, store, clock, projection: this.#projection });
		// After the first start the director's console owns the configuration: the last saved one wins.
		const saved = store.latestConfigFile();
		const loaded = saved === null ? hall : parseHall(saved);
		this.#file = loaded.file;
		this.#settings = loaded.settings;
		this.#state = this.#load(loaded);
		this.rollover();
	}

	get settings(): HallSettings {
		return this.#settings;
	}

	/** The hall's configuration in force: services, windows, calendar, rules. */
	get config(): HallState['config'] {
		return this.#state.config;
	}

	get configFile(): HallFile {
		return structuredClone(this.#file);
	}

	/** Applies a new hall file live: services, windows, hours, holidays, rules and settings. */
	reconfigure(file: unknown, staffId: string): Result<{ version: number }> {
		let loaded: LoadedHall;
		try {
			loaded = parseHall(file);
		} catch (error) {
			if (error instanceof ZodError) return { ok: false, error: invalid(error) };
			throw error;
		}
		// The settings are in force before the fact's listeners run: printing and the agents read them there.
		const before = { settings: this.#settings, file: this.#file };
		this.#settings = loaded.settings;
		this.#file = loaded.file;
		this.views.forgetBadges();
		const result = this.#execute({ type: 'configure', config: loaded.config, file: loaded.file }, { kind: 'staff', staffId });
		if (!result.ok) {
			this.#settings = before.settings;
			this.#file = before.file;
			return result;
		}
		return { ok: true, value: { version: result.value.version } };
	}

	/**
	 * The ticket and window tables are a projection of the event log, saved in batches.
	 * A restart loads the projection and replays the facts committed after it.
	 */
	#load(hall: LoadedHall): HallState {
		const { timeZone } = hall.config.calendar;
		const day = this.#store.meta('day') ?? localDate(this.#clock.now(), timeZone);
		const state = restoreState(hall.config, {
			day,
			version: this.#store.projectedVersion(),
			nextQueueSeq: this.#store.maxQueueSeq() + 1,
			counters: this.#store.countersOfDay(day),
			active: this.#store.activeTickets(),
			windows: this.#store.windowStates(),
			recentCalls: []
		});
		this.#projection.clear();
		for (const { version, event } of this.#store.eventsAfter(state.version)) {
			for (const ticket of apply(state, event)) this.#projection.markTicket(ticket);
			if ('windowId' in event) this.#projection.markWindow(event.windowId);
			state.version = version;
		}
		state.recentCalls = this.#store
			.recentCalls(0, RECENT_CALLS)
			.filter((c) => localDate(c.at, timeZone) === state.day);
		// Replayed config changes carry the calendar as it was built then; run on the one built now.
		state.config = hall.config;
		this.#state = state;
		this.flush(true);
		// A reload after a failed commit may reuse a version number: the views start afresh.
		this.views.reset();
		return state;
	}

	/** Saves what changed since the last save into the projection tables (tests and shutdown). */
	flush(always = false): void {
		this.#projection.flush(always);
	}

	close(): void {
		this.flush();
	}

	get state(): Readonly<HallState> {
		return this.#state;
	}

	get version(): number {
		return this.#state.version;
	}

	onCommitted(listener: CommittedListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Closes yesterday: anything still waiting or called is expired with a record, numbering restarts. */
	rollover(): void {
		this.#execute({ type: 'rollover' }, { kind: 'system' });
	}

	#execute(
		cmd: Command,
		actor: Actor,
		extra?: { idempotencyKey?: string; meta?: CommandMeta }
	): Result<Committed> {
		const started = performance.now();
		const now = this.#clock.now();
		if (cmd.type !== 'rollover' && localDate(now, this.#state.config.calendar.timeZone) > this.#state.day) {
			this.#execute({ type: 'rollover' }, { kind: 'system' });
		}
		const decision = decide(this.#state, cmd, now);
		if (!decision.ok) {
			this.#log(cmd, actor, started, decision.error.code);
			return { ok: false, error: decision.error };
		}
		if (decision.events.length === 0) {
			if (cmd.type !== 'rollover') this.#log(cmd, actor, started, null);
			return { ok: true, value: { version: this.#state.version, events: [], touched: [], meta: extra?.meta ?? NO_META } };
		}
		const touched = new Map<string, Ticket>();
		for (const event of decision.events) {
			for (const ticket of apply(this.#state, event)) touched.set(ticket.id, ticket);
			if ('windowId' in event) this.#projection.markWindow(event.windowId);
			if (event.type === 'day:started') for (const id of this.#state.windows.keys()) this.#projection.markWindow(id);
		}
		for (const ticket of touched.values()) {
			this.#projection.markTicket(ticket);
			if (ticket.windowId) this.#projection.markWindow(ticket.windowId);
		}
		this.views.countServiceTimes(decision.events);
		this.#state.version++;
		const committed: Committed = {
			version: this.#state.version,
			events: decision.events,
			touched: [...touched.values()],
			meta: extra?.meta ?? NO_META
		};
		try {
			this.#store.append({
				version: committed.version,
				actor,
				events: decision.events,
				idempotencyKey:
					extra?.idempotencyKey && committed.touched[0]
						? { key: extra.idempotencyKey, ticketId: committed.touched[0].id, at: now }
						: undefined
			});
		} catch (error) {
			// The memory ran ahead of the disk: go back to what is durable and report the failure.
			this.#logger.error({ err: error, cmd: cmd.type }, 'commit failed; reloading state from the store');
			this.#load({ config: this.#state.config, settings: this.#settings, file: this.#file });
			return { ok: false, error: { code: 'internal', message: '系统暂时无法保存，请稍后重试' } };
		}
		this.#projection.schedule();
		this.#log(cmd, actor, started, null, committed.touched[0]?.number);
		for (const listener of this.#listeners) {
			try {
				listener(committed);
			} catch (error) {
				this.#logger.error({ err: error }, 'listener failed');
			}
		}
		return { ok: true, value: committed };
	}

	#log(cmd: Command, actor: Actor, started: number, errorCode: string | null, ticket?: string): void {
		const ms = Math.round((performance.now() - started) * 100) / 100;
		const who = actor.kind === 'staff' ? actor.staffId : actor.kind === 'station' ? `station:${actor.station ?? '-'}` : 'system';
		const fields = {
			cmd: cmd.type,
			who,
			window: 'windowId' in cmd ? cmd.windowId : undefined,
			ticket,
			ms,
			...(errorCode ? { error: errorCode } : {})
		};
		// The command table logs one line per command (who, what, how long); this is the core's share of it.
		this.#logger.debug(fields, errorCode ? 'core refused' : 'core committed');
	}

	// Commands ------------------------------------------------------------------

	issueTicket(
		input: IssueInput,
		meta: CommandMeta = NO_META,
		ticketId: string = newTicketId()
	): Result<{ ticket: TicketPublic; replayed: boolean }> {
		if (input.idempotencyKey) {
			const existingId = this.#store.ticketIdByIdempotencyKey(input.idempotencyKey);
			const existing = existingId ? this.ticketById(existingId) : null;
			if (existing) {
				if (existing.serviceId !== input.serviceId || existing.priority !== input.priority || existing.station !== input.station) {
					return { ok: false, error: { code: 'idempotency_conflict', message: '该请求编号已用于另一次取号，请重新取号' } };
				}
				return { ok: true, value: { ticket: this.publicTicket(existing), replayed: true } };
			}
		}
		if (input.station !== null && !this.settings.stations.some((s) => s.id === input.station && s.kind === 'kiosk')) {
			return { ok: false, error: { code: 'unknown_station', message: `没有编号为 ${input.station} 的取号机` } };
		}
		const result = this.#execute(
			{ type: 'issue', ticketId, serviceId: input.serviceId, priority: input.priority, station: input.station, ...input.extras },
			{ kind: 'station', station: input.station },
			{ idempotencyKey: input.idempotencyKey ?? undefined, meta }
		);
		if (!result.ok) return result;
		const ticket = result.value.touched[0];
		return { ok: true, value: { ticket: this.publicTicket(ticket), replayed: false } };
	}

	/** 签到 of a remote ticket (线上取号): it takes the place it has held among the waiting. */
	checkInTicket(ticketId: string, station: string | null, actor: Actor, meta: CommandMeta = NO_META): Result<TicketPublic> {
		const result = this.#execute({ type: 'check-in', ticketId, station }, actor, { meta });
		if (!result.ok) return result;
		const ticket = this.ticketById(ticketId);
		return ticket ? { ok: true, value: this.publicTicket(ticket) } : { ok: false, error: { code: 'unknown_ticket', message: '没有这个号码' } };
	}

	/** Runs a window command for a signed-in staff member; returns the window's ticket in hand afterwards. */
	windowCommand(
		cmd: Extract<Command, { type: StaffCommandType }>
	): Result<{ ticket: TicketDetail | null; window: WindowInfo }> {
		const result = this.#execute(cmd, { kind: 'staff', staffId: cmd.staffId });
		if (!result.ok) return result;
		const affected =
			result.value.touched.find((t) => t.windowId === cmd.windowId) ?? this.views.currentTicket(cmd.windowId) ?? null;
		return {
			ok: true,
			value: { ticket: affected ? this.ticketDetail(affected) : null, window: this.windowInfo(cmd.windowId)! }
		};
	}

	// Read views (server/hall/views.ts), here for the callers that hold the hall -----------

	staffBadge(staffId: string | null): StaffBadge | null {
		return this.views.staffBadge(staffId);
	}
	publicTicket(ticket: Ticket): TicketPublic {
		return this.views.publicTicket(ticket);
	}
	ticketDetail(ticket: Ticket): TicketDetail {
		return this.views.ticketDetail(ticket);
	}
	ticketById(ticketId: string): Ticket | null {
		return this.views.ticketById(ticketId);
	}
	services(): ServiceInfo[] {
		return this.views.services();
	}
	windowInfo(windowId: string): WindowInfo | null {
		return this.views.windowInfo(windowId);
	}
	windows(): WindowInfo[] {
		return this.views.windows();
	}
	waiting(): WaitingCount[] {
		return this.views.waiting();
	}
	queueOrders(serviceIds: Iterable<string>): QueueOrder[] {
		return this.views.queueOrders(serviceIds);
	}
	opening(): OpeningInfo {
		return this.views.opening();
	}
	callInfo(call: HallState['recentCalls'][number]): CallInfo | null {
		return this.views.callInfo(call);
	}
	zoneOf(windowId: string): string | null {
		return this.views.zoneOf(windowId);
	}
	boardSnapshot(zone?: string): BoardSnapshot {
		return this.views.boardSnapshot(zone);
	}
	kioskSnapshot(): KioskSnapshot {
		return this.views.kioskSnapshot();
	}
	windowSnapshot(windowId: string): WindowSnapshot | null {
		return this.views.windowSnapshot(windowId);
	}
	attendance(day: string) {
		return this.views.attendance(day);
	}
	windowOfStaff(staffId: string): string | null {
		return this.views.windowOfStaff(staffId);
	}
	forgetBadge(staffId: string): void {
		this.views.forgetBadge(staffId);
	}
	windowStaffId(windowId: string): string | null {
		return this.views.windowStaffId(windowId);
	}
	hasWindow(windowId: string): boolean {
		return this.views.hasWindow(windowId);
	}
}

export function createHallService(deps: HallDeps): Hall {
	return new Hall(deps);
}
