// The hall service: the one owner of the hall's state. Every command runs the same
// path — roll the day if needed, decide, apply, commit in one transaction, then tell
// listeners — whether it came over HTTP or the socket.

import type { Logger } from 'pino';
import type {
	ApiError,
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
import type { Clock } from './auth.ts';
import {
	addDays,
	aheadOf,
	apply,
	instantOf,
	decide,
	isOpen,
	localDate,
	nextOpening,
	periodsOn,
	queueFor,
	queueOrder,
	RECENT_CALLS,
	restoreState,
	waitingCount,
	windowsServing
} from './core/index.ts';
import type { Actor, Command, DomainEvent, HallState, IssueExtras, Ticket, WindowRuntime } from './core/types.ts';
import { parseHall, type HallFile, type HallSettings, type LoadedHall } from './config.ts';
import { ZodError } from 'zod';
import { invalid } from './actions.ts';
import type { Store } from './store/store.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What listeners (the broadcaster) learn after a command is durable. */
export interface Committed {
	version: number;
	events: DomainEvent[];
	touched: Ticket[];
}

export type CommittedListener = (committed: Committed) => void;

/** How long changed tickets wait before their rows are saved together. */
const PROJECTION_DELAY_MS = 50;

/**
 * How many waiting tickets a window screen lists. Every call changes every window's list
 * when windows share a service: a short list keeps that fan-out small (60 windows × 20).
 */
const WINDOW_QUEUE_LENGTH = 20;

/** How many waiting numbers a queue order carries to phones. */
const ORDER_LIMIT = 300;

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

interface PerVersion {
	version: number;
	openWindows: Map<string, number>;
	waiting: WaitingCount[] | null;
	/** Views of active tickets: the windows of a service all list the same waiting tickets. */
	tickets: Map<string, TicketPublic>;
}

export class Hall {
	#settings: HallSettings;
	/** The hall file as last saved (HALL_CONFIG at first start, then the director's edits). */
	#file: HallFile;
	readonly #store: Store;
	readonly #clock: Clock;
	readonly #logger: Logger;
	readonly #listeners = new Set<CommittedListener>();
	readonly #badges = new Map<string, StaffBadge | null>();
	readonly #dirtyTickets = new Map<string, Ticket>();
	readonly #dirtyWindows = new Set<string>();
	#flushTimer: ReturnType<typeof setTimeout> | null = null;
	/** Today's service durations per service: the basis of the kiosk's wait estimate. */
	#serviceTimes = new Map<string, { count: number; totalMs: number }>();
	#state!: HallState;

	constructor({ store, clock, hall, logger }: HallDeps) {
		this.#store = store;
		this.#clock = clock;
		this.#logger = logger;
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
		const result = this.#execute({ type: 'configure', config: loaded.config, file: loaded.file }, { kind: 'staff', staffId });
		if (!result.ok) return result;
		this.#settings = loaded.settings;
		this.#file = loaded.file;
		this.#badges.clear();
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
		this.#dirtyTickets.clear();
		this.#dirtyWindows.clear();
		// A reload after a failed commit may reuse a version number: forget views of the state left behind.
		this.#perVersion = { version: -1, openWindows: new Map(), waiting: null, tickets: new Map() };
		for (const { version, event } of this.#store.eventsAfter(state.version)) {
			for (const ticket of apply(state, event)) this.#dirtyTickets.set(ticket.id, ticket);
			if ('windowId' in event) this.#dirtyWindows.add(event.windowId);
			state.version = version;
		}
		state.recentCalls = this.#store
			.recentCalls(0, RECENT_CALLS)
			.filter((c) => localDate(c.at, timeZone) === state.day);
		// Replayed config changes carry the calendar as it was built then; run on the one built now.
		state.config = hall.config;
		this.#state = state;
		this.flush(true);
		this.#serviceTimes = this.#store.serviceTimesOfDay(state.day);
		return state;
	}

	#countServiceTimes(events: DomainEvent[]): void {
		for (const event of events) {
			if (event.type === 'day:started') this.#serviceTimes.clear();
			if (event.type !== 'ticket:finished') continue;
			const ticket = this.ticketById(event.ticketId);
			const from = ticket?.startedAt ?? ticket?.calledAt;
			if (!ticket || !from) continue;
			const times = this.#serviceTimes.get(ticket.serviceId) ?? { count: 0, totalMs: 0 };
			times.count++;
			times.totalMs += event.at - from;
			this.#serviceTimes.set(ticket.serviceId, times);
		}
	}

	/** Views computed once per state version: a window view lists 20 tickets, and 60 views go out per call. */
	#perVersion: PerVersion = { version: -1, openWindows: new Map(), waiting: null, tickets: new Map() };

	#memo(): PerVersion {
		if (this.#perVersion.version !== this.#state.version) {
			this.#perVersion = { version: this.#state.version, openWindows: new Map(), waiting: null, tickets: new Map() };
		}
		return this.#perVersion;
	}

	/** (people ahead + 1) × today's average service time ÷ windows open for the service. */
	#estimateWaitMinutes(ticket: Ticket, ahead: number): number | null {
		const times = this.#serviceTimes.get(ticket.serviceId);
		if (!times || times.count === 0) return null;
		const memo = this.#memo();
		let open = memo.openWindows.get(ticket.serviceId);
		if (open === undefined) {
			open = windowsServing(this.#state.config, ticket.serviceId).filter((w) => this.#state.windows.get(w.id)?.status === 'open').length;
			memo.openWindows.set(ticket.serviceId, open);
		}
		const minutes = ((ahead + 1) * (times.totalMs / times.count)) / Math.max(1, open) / 60_000;
		return Math.max(1, Math.round(minutes));
	}

	/** Saves what changed since the last save into the projection tables. */
	flush(always = false): void {
		if (this.#flushTimer) {
			clearTimeout(this.#flushTimer);
			this.#flushTimer = null;
		}
		if (!always && this.#dirtyTickets.size === 0 && this.#dirtyWindows.size === 0) return;
		const windows = [...this.#dirtyWindows].flatMap((id): [string, WindowRuntime][] => {
			const runtime = this.#state.windows.get(id);
			return runtime ? [[id, runtime]] : [];
		});
		this.#store.saveProjection({ version: this.#state.version, day: this.#state.day, tickets: this.#dirtyTickets.values(), windows });
		this.#dirtyTickets.clear();
		this.#dirtyWindows.clear();
	}

	#scheduleFlush(): void {
		this.#flushTimer ??= setTimeout(() => {
			this.#flushTimer = null;
			try {
				this.flush();
			} catch (error) {
				// The facts are durable in the event log; the next save or a restart catches up.
				this.#logger.error({ err: error }, 'saving the projection failed');
				this.#scheduleFlush();
			}
		}, PROJECTION_DELAY_MS);
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
		extra?: { idempotencyKey?: string }
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
			return { ok: true, value: { version: this.#state.version, events: [], touched: [] } };
		}
		const touched = new Map<string, Ticket>();
		for (const event of decision.events) {
			for (const ticket of apply(this.#state, event)) touched.set(ticket.id, ticket);
			if ('windowId' in event) this.#dirtyWindows.add(event.windowId);
			if (event.type === 'day:started') for (const id of this.#state.windows.keys()) this.#dirtyWindows.add(id);
		}
		for (const ticket of touched.values()) {
			this.#dirtyTickets.set(ticket.id, ticket);
			if (ticket.windowId) this.#dirtyWindows.add(ticket.windowId);
		}
		this.#countServiceTimes(decision.events);
		this.#state.version++;
		const committed: Committed = { version: this.#state.version, events: decision.events, touched: [...touched.values()] };
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
		this.#scheduleFlush();
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
		if (errorCode) this.#logger.info(fields, 'command rejected');
		else this.#logger.info(fields, 'command');
	}

	// Commands ------------------------------------------------------------------

	issueTicket(input: IssueInput, ticketId: string): Result<{ ticket: TicketPublic; replayed: boolean }> {
		if (input.idempotencyKey) {
			const existingId = this.#store.ticketIdByIdempotencyKey(input.idempotencyKey);
			const existing = existingId ? this.ticketById(existingId) : null;
			if (existing) return { ok: true, value: { ticket: this.publicTicket(existing), replayed: true } };
		}
		if (input.station !== null && !this.settings.stations.some((s) => s.id === input.station && s.kind === 'kiosk')) {
			return { ok: false, error: { code: 'unknown_station', message: `没有编号为 ${input.station} 的取号机` } };
		}
		const result = this.#execute(
			{ type: 'issue', ticketId, serviceId: input.serviceId, priority: input.priority, station: input.station, ...input.extras },
			{ kind: 'station', station: input.station },
			{ idempotencyKey: input.idempotencyKey ?? undefined }
		);
		if (!result.ok) return result;
		const ticket = result.value.touched[0];
		return { ok: true, value: { ticket: this.publicTicket(ticket), replayed: false } };
	}

	/** 签到 of a remote ticket (线上取号): it takes the place it has held among the waiting. */
	checkInTicket(ticketId: string, station: string | null, actor: Actor): Result<TicketPublic> {
		const result = this.#execute({ type: 'check-in', ticketId, station }, actor);
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
			result.value.touched.find((t) => t.windowId === cmd.windowId) ?? this.#currentTicket(cmd.windowId) ?? null;
		return {
			ok: true,
			value: { ticket: affected ? this.ticketDetail(affected) : null, window: this.windowInfo(cmd.windowId)! }
		};
	}

	// Views ---------------------------------------------------------------------

	#service(serviceId: string) {
		return this.#state.config.services.find((s) => s.id === serviceId);
	}

	#windowDef(windowId: string) {
		return this.#state.config.windows.find((w) => w.id === windowId);
	}

	#currentTicket(windowId: string): Ticket | null {
		const id = this.#state.windows.get(windowId)?.currentTicketId;
		return id ? (this.#state.active.get(id) ?? null) : null;
	}

	staffBadge(staffId: string | null): StaffBadge | null {
		if (!staffId) return null;
		if (!this.#badges.has(staffId)) {
			const staff = this.#store.staffById(staffId);
			this.#badges.set(staffId, staff ? { name: staff.name, staffNo: staff.staffNo } : null);
		}
		return this.#badges.get(staffId) ?? null;
	}

	publicTicket(ticket: Ticket): TicketPublic {
		const active = this.#state.active.get(ticket.id);
		if (!active) return this.#publicTicket(ticket);
		const memo = this.#memo();
		let view = memo.tickets.get(active.id);
		if (!view) {
			view = this.#publicTicket(active);
			memo.tickets.set(active.id, view);
		}
		return { ...view };
	}

	#publicTicket(ticket: Ticket): TicketPublic {
		const live = this.#state.active.get(ticket.id) ?? ticket;
		const waiting = this.#state.active.has(live.id) && (live.status === 'waiting' || live.status === 'transferred');
		// A remote ticket not yet checked in counts the people ahead of the place it holds.
		const holding = this.#state.active.has(live.id) && live.status === 'remote';
		const ahead = waiting || holding ? aheadOf(this.#state, live) : 0;
		return {
			id: live.id,
			number: live.number,
			serviceId: live.serviceId,
			serviceName: this.#service(live.serviceId)?.name ?? live.serviceId,
			priority: live.priority,
			status: live.status,
			ahead,
			estimatedWaitMinutes: waiting || holding ? this.#estimateWaitMinutes(live, ahead) : null,
			windowId: live.windowId,
			windowName: live.windowId ? (this.#windowDef(live.windowId)?.name ?? live.windowId) : null,
			issuedAt: live.issuedAt,
			calledAt: live.calledAt,
			...(live.slotStart !== null && live.slotStart !== undefined ? { slotStart: live.slotStart } : {}),
			...(live.heldUntil !== null && live.heldUntil !== undefined ? { heldUntil: live.heldUntil } : {})
		};
	}

	ticketDetail(ticket: Ticket): TicketDetail {
		return {
			...this.publicTicket(ticket),
			recallCount: ticket.recallCount,
			noShowCount: ticket.noShowCount,
			firstResponderStaffId: ticket.firstResponderStaffId,
			firstResponderWindowId: ticket.firstResponderWindowId,
			transfers: ticket.transfers,
			startedAt: ticket.startedAt
		};
	}

	ticketById(ticketId: string): Ticket | null {
		return this.#state.active.get(ticketId) ?? this.#dirtyTickets.get(ticketId) ?? this.#store.ticket(ticketId);
	}

	services(): ServiceInfo[] {
		return this.#state.config.services.map((s) => ({
			id: s.id,
			prefix: s.prefix,
			name: s.name,
			nameEn: s.nameEn,
			timeLimitDays: s.timeLimitDays,
			enabled: s.enabled,
			...(s.group ? { group: s.group, groupEn: s.groupEn } : {}),
			guide: s.guide,
			windowIds: windowsServing(this.#state.config, s.id).map((w) => w.id)
		}));
	}

	windowInfo(windowId: string): WindowInfo | null {
		const def = this.#windowDef(windowId);
		const runtime = this.#state.windows.get(windowId);
		if (!def || !runtime) return null;
		return {
			id: def.id,
			name: def.name,
			serviceIds: def.serviceIds,
			status: runtime.status,
			staff: this.settings.showStaffOnBoard ? this.staffBadge(runtime.staffId) : null
		};
	}

	windows(): WindowInfo[] {
		return this.#state.config.windows.map((w) => this.windowInfo(w.id)!);
	}

	waiting(): WaitingCount[] {
		const memo = this.#memo();
		memo.waiting ??= this.#state.config.services.map((s) => ({
			serviceId: s.id,
			serviceName: s.name,
			prefix: s.prefix,
			waiting: waitingCount(this.#state, s.id)
		}));
		return memo.waiting.map((w) => ({ ...w }));
	}

	queueOrders(serviceIds: Iterable<string>): QueueOrder[] {
		return [...serviceIds].map((serviceId) => ({
			serviceId,
			numbers: queueOrder(this.#state, serviceId, ORDER_LIMIT),
			waiting: waitingCount(this.#state, serviceId)
		}));
	}

	opening(): OpeningInfo {
		const now = this.#clock.now();
		const { calendar } = this.#state.config;
		const open = isOpen(calendar, now);
		return {
			open,
			todayPeriods: periodsOn(calendar, localDate(now, calendar.timeZone)),
			nextOpening: open ? null : nextOpening(calendar, now)
		};
	}

	callInfo(call: HallState['recentCalls'][number]): CallInfo | null {
		const ticket = this.ticketById(call.ticketId);
		if (!ticket) return null;
		return {
			ticketId: ticket.id,
			number: ticket.number,
			serviceId: ticket.serviceId,
			windowId: call.windowId,
			windowName: this.#windowDef(call.windowId)?.name ?? call.windowId,
			staff: this.settings.showStaffOnBoard ? this.staffBadge(call.staffId) : null,
			at: call.at,
			recall: call.recall
		};
	}

	zoneOf(windowId: string): string | null {
		return this.settings.zones.get(windowId) ?? null;
	}

	boardSnapshot(zone?: string): BoardSnapshot {
		const inZone = (windowId: string) => !zone || this.zoneOf(windowId) === zone;
		return {
			version: this.#state.version,
			hallName: this.settings.hallName,
			hallNameEn: this.settings.hallNameEn,
			logo: this.settings.logo,
			day: this.#state.day,
			calls: this.#state.recentCalls
				.filter((c) => inZone(c.windowId))
				.map((c) => this.callInfo(c))
				.filter((c): c is CallInfo => c !== null)
				.reverse(),
			waiting: this.waiting(),
			windows: this.windows().filter((w) => inZone(w.id)),
			opening: this.opening(),
			voice: { ...this.settings.voice }
		};
	}

	kioskSnapshot(): KioskSnapshot {
		return {
			version: this.#state.version,
			hallName: this.settings.hallName,
			hallNameEn: this.settings.hallNameEn,
			logo: this.settings.logo,
			complaintPhone: this.settings.complaintPhone,
			services: this.services(),
			waiting: this.waiting(),
			opening: this.opening()
		};
	}

	windowSnapshot(windowId: string): WindowSnapshot | null {
		const window = this.windowInfo(windowId);
		if (!window) return null;
		const current = this.#currentTicket(windowId);
		return {
			version: this.#state.version,
			window: { ...window, staff: this.staffBadge(this.#state.windows.get(windowId)?.staffId ?? null) },
			current: current ? this.ticketDetail(current) : null,
			queue: queueFor(this.#state, windowId, WINDOW_QUEUE_LENGTH).map((t) => this.publicTicket(t)),
			waiting: this.waiting()
		};
	}

	/** 考勤 for a local day: who signed in and out where, and when. */
	attendance(day: string): { type: 'sign-in' | 'sign-out'; at: number; windowId: string; windowName: string; staffId: string; staff: StaffBadge | null }[] {
		const { timeZone } = this.#state.config.calendar;
		const from = instantOf(day, '00:00', timeZone);
		const to = instantOf(addDays(day, 1), '00:00', timeZone);
		return this.#store.attendance(from, to).map((r) => ({
			type: r.type === 'window:signed-in' ? 'sign-in' : 'sign-out',
			at: r.at,
			windowId: r.windowId,
			windowName: this.#windowDef(r.windowId)?.name ?? r.windowId,
			staffId: r.staffId,
			staff: this.staffBadge(r.staffId)
		}));
	}

	/** The window a staff member is signed in at, if any. */
	windowOfStaff(staffId: string): string | null {
		for (const [windowId, runtime] of this.#state.windows) if (runtime.staffId === staffId) return windowId;
		return null;
	}

	/** Staff names are cached for the board: drop the cache when an account changes. */
	forgetBadge(staffId: string): void {
		this.#badges.delete(staffId);
	}

	windowStaffId(windowId: string): string | null {
		return this.#state.windows.get(windowId)?.staffId ?? null;
	}

	hasWindow(windowId: string): boolean {
		return this.#state.windows.has(windowId);
	}
}

export function createHallService(deps: HallDeps): Hall {
	return new Hall(deps);
}
