// The hall's read views: what screens, phones and reports are shown of the state. Pure
// reads of the state the hall owns, computed once per state version where many screens ask
// the same (a call changes 60 window views and 1,000 phones' places).

import type {
	BoardSnapshot,
	CallInfo,
	KioskSnapshot,
	OpeningInfo,
	QueueOrder,
	ServiceInfo,
	StaffBadge,
	TicketDetail,
	TicketPublic,
	WaitingCount,
	WindowInfo,
	WindowSnapshot
} from '../../src/lib/protocol.ts';
import type { Clock } from '../clock.ts';
import type { HallSettings } from '../config.ts';
import {
	addDays,
	aheadOf,
	instantOf,
	isOpen,
	localDate,
	nextOpening,
	periodsOn,
	queueFor,
	queueOrder,
	waitingCount,
	windowsServing
} from '../core/index.ts';
import type { DomainEvent, HallState, Ticket } from '../core/types.ts';
import type { Store } from '../store/store.ts';
import type { Projection } from './projection.ts';

/**
 * How many waiting tickets a window screen lists. Every call changes every window's list
 * when windows share a service: a short list keeps that fan-out small (60 windows × 20).
 */
const WINDOW_QUEUE_LENGTH = 20;

/** How many waiting numbers a queue order carries to phones. */
const ORDER_LIMIT = 300;

interface PerVersion {
	version: number;
	openWindows: Map<string, number>;
	waiting: WaitingCount[] | null;
	/** Views of active tickets: the windows of a service all list the same waiting tickets. */
	tickets: Map<string, TicketPublic>;
}

export interface ViewSources {
	state: () => HallState;
	settings: () => HallSettings;
	store: Store;
	clock: Clock;
	projection: Projection;
}

/** Visits of a service finished today before its wait is estimated at all (the kiosk, the slip, the phone). */
export const MIN_WAIT_SAMPLE = 5;

export class HallViews {
	readonly #sources: ViewSources;
	readonly #store: Store;
	readonly #clock: Clock;
	readonly #projection: Projection;
	readonly #badges = new Map<string, StaffBadge | null>();
	/** Today's service durations per service: the basis of the kiosk's wait estimate. */
	#serviceTimes = new Map<string, { count: number; totalMs: number }>();

	constructor(sources: ViewSources) {
		this.#sources = sources;
		this.#store = sources.store;
		this.#clock = sources.clock;
		this.#projection = sources.projection;
	}

	get #state(): HallState {
		return this.#sources.state();
	}

	get settings(): HallSettings {
		return this.#sources.settings();
	}

	/** After a (re)load: forget views of the state left behind, read today's service times again. */
	reset(): void {
		this.#perVersion = { version: -1, openWindows: new Map(), waiting: null, tickets: new Map() };
		this.#serviceTimes = this.#store.serviceTimesOfDay(this.#state.day);
	}

	/** Staff names are cached for the board: drop them all when the configuration changes. */
	forgetBadges(): void {
		this.#badges.clear();
	}

	/** Keeps today's service times current as facts arrive (the wait estimate). */
	countServiceTimes(events: DomainEvent[]): void {
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
		// One or two visits say nothing of the next ten: below the sample the screens show the people ahead only.
		if (!times || times.count < MIN_WAIT_SAMPLE) return null;
		const memo = this.#memo();
		let open = memo.openWindows.get(ticket.serviceId);
		if (open === undefined) {
			open = windowsServing(this.#state.config, ticket.serviceId).filter((w) => this.#state.windows.get(w.id)?.status === 'open').length;
			memo.openWindows.set(ticket.serviceId, open);
		}
		const minutes = ((ahead + 1) * (times.totalMs / times.count)) / Math.max(1, open) / 60_000;
		return Math.max(1, Math.round(minutes));
	}

	#service(serviceId: string) {
		return this.#state.config.services.find((s) => s.id === serviceId);
	}

	#windowDef(windowId: string) {
		return this.#state.config.windows.find((w) => w.id === windowId);
	}

	currentTicket(windowId: string): Ticket | null {
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
			...(live.heldUntil !== null && live.heldUntil !== undefined ? { heldUntil: live.heldUntil } : {}),
			// What the phone page says after 过号 (re-queued once, or gone) and of a 不予受理.
			...(live.noShowCount > 0 ? { noShows: live.noShowCount } : {}),
			...(live.status === 'refused' && live.reason ? { refusalReason: live.reason } : {})
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
		return this.#state.active.get(ticketId) ?? this.#projection.pending(ticketId) ?? this.#store.ticket(ticketId);
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
			staff: this.settings.showStaffOnBoard ? this.staffBadge(runtime.staffId) : null,
			...(runtime.status === 'paused' ? { pauseReason: runtime.pauseReason ?? null } : {})
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
			recall: call.recall,
			priority: ticket.priority
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
			opening: this.opening(),
			recallLimit: this.#state.config.rules.recallLimit
		};
	}

	windowSnapshot(windowId: string): WindowSnapshot | null {
		const window = this.windowInfo(windowId);
		if (!window) return null;
		const current = this.currentTicket(windowId);
		return {
			version: this.#state.version,
			window: { ...window, staff: this.staffBadge(this.#state.windows.get(windowId)?.staffId ?? null) },
			current: current ? this.ticketDetail(current) : null,
			queue: queueFor(this.#state, windowId, WINDOW_QUEUE_LENGTH).map((t) => this.publicTicket(t)),
			waiting: this.waiting(),
			recallLimit: this.#state.config.rules.recallLimit
		};
	}

	/** 考勤 for a local day: who signed in and out where, and when; and each 暂停 with its reason, and 恢复. */
	attendance(day: string): {
		type: 'sign-in' | 'sign-out' | 'pause' | 'resume';
		at: number;
		windowId: string;
		windowName: string;
		staffId: string;
		staff: StaffBadge | null;
		reason?: string;
	}[] {
		const { timeZone } = this.#state.config.calendar;
		const from = instantOf(day, '00:00', timeZone);
		const to = instantOf(addDays(day, 1), '00:00', timeZone);
		const types = { 'window:signed-in': 'sign-in', 'window:signed-out': 'sign-out', 'window:paused': 'pause', 'window:resumed': 'resume' } as const;
		// Sign-ins and pauses each come from their own index; merged by time (a stable sort keeps each one's order).
		const rows = [...this.#store.attendance(from, to), ...this.#store.pauses(from, to)].sort((a, b) => a.at - b.at);
		return rows.map((r: { type: string; at: number; windowId: string; staffId: string; reason?: string }) => ({
			type: types[r.type as keyof typeof types],
			...(r.reason !== undefined ? { reason: r.reason } : {}),
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
