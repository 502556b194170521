// The queue core. `decide` looks at the state and a command and answers with the
// facts that follow (or an error value); it never changes anything. `apply` folds
// one fact into the state. The hall commits the facts to the store between the
// two, so the in-memory state never runs ahead of what is durable.

import { isOpen, localDate, nextOpening } from './calendar.ts';
import type {
	Command,
	CoreError,
	Decision,
	DomainEvent,
	HallConfig,
	HallState,
	ServiceQueue,
	Ticket,
	WindowRuntime
} from './types.ts';
import type { ErrorCode } from '../../src/lib/protocol.ts';

/** How many past calls the board keeps. */
export const RECENT_CALLS = 10;

export function createState(config: HallConfig, day: string): HallState {
	const state: HallState = {
		config,
		day,
		version: 0,
		nextQueueSeq: 1,
		counters: new Map(),
		active: new Map(),
		windows: new Map(),
		queues: new Map(),
		pinned: new Map(),
		remote: new Map(),
		recentCalls: []
	};
	for (const window of config.windows) {
		state.windows.set(window.id, { status: 'closed', staffId: null, currentTicketId: null, greenStreak: 0 });
	}
	return state;
}

export function formatNumber(prefix: string, seqNo: number): string {
	return `${prefix}${String(seqNo).padStart(3, '0')}`;
}

function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): Decision {
	return { ok: false, error: details ? { code, message, details } : { code, message } };
}

function ok(...events: DomainEvent[]): Decision {
	return { ok: true, events };
}

export function isWaiting(ticket: Ticket): boolean {
	return ticket.status === 'waiting' || ticket.status === 'transferred';
}

export function windowsServing(config: HallConfig, serviceId: string) {
	return config.windows.filter((w) => w.serviceIds.includes(serviceId));
}

/** The lane a waiting ticket sits in; the same rule places and removes it. */
export function laneOf(state: HallState, ticket: Ticket): string[] {
	if (ticket.targetWindowId) {
		let lane = state.pinned.get(ticket.targetWindowId);
		if (!lane) state.pinned.set(ticket.targetWindowId, (lane = []));
		return lane;
	}
	let queue = state.queues.get(ticket.serviceId);
	if (!queue) state.queues.set(ticket.serviceId, (queue = { front: [], appointment: [], green: [], normal: [] }));
	if (ticket.front) return queue.front;
	if (ticket.priority === 'appointment') return queue.appointment;
	return ticket.priority === 'green' ? queue.green : queue.normal;
}

/** Remote tickets of a service not yet checked in, in arrival order. */
function remoteLane(state: HallState, serviceId: string): string[] {
	let lane = state.remote.get(serviceId);
	if (!lane) state.remote.set(serviceId, (lane = []));
	return lane;
}

/** How long a passed-over remote ticket keeps its place. */
export const DEFAULT_REMOTE_HOLD_MINUTES = 30;

export function remoteHoldMs(config: HallConfig): number {
	return (config.rules.remoteHoldMinutes ?? DEFAULT_REMOTE_HOLD_MINUTES) * 60_000;
}

/** True once a 预约 ticket may be called ahead of walk-ins: from its slot's start. */
export function isDue(ticket: Ticket, now: number): boolean {
	return ticket.slotStart === null || ticket.slotStart <= now;
}

/** How many ids of `lane` (ascending queueSeq) have a queueSeq below `queueSeq`. */
function countBefore(state: HallState, lane: readonly string[], queueSeq: number): number {
	let lo = 0;
	let hi = lane.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((state.active.get(lane[mid])?.queueSeq ?? Infinity) < queueSeq) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

function peekLane(state: HallState, serviceId: string): ServiceQueue | undefined {
	return state.queues.get(serviceId);
}

/**
 * Who call-next would take at this window at `now`, without taking it: transferred tickets
 * first; then 预约 tickets whose slot has started and 绿色通道, ahead of walk-ins but at most
 * `greenBurst` of them in a row while a walk-in waits; then walk-ins. A 预约 ticket checked in
 * before its slot is only taken early by a window that has nobody else to call.
 */
export function nextFor(state: HallState, windowId: string, now: number): Ticket | null {
	const pinned = state.pinned.get(windowId);
	if (pinned && pinned.length > 0) return state.active.get(pinned[0]) ?? null;
	const window = state.config.windows.find((w) => w.id === windowId);
	if (!window) return null;
	const runtime = state.windows.get(windowId);
	const heads = {
		front: null as Ticket | null,
		appointment: null as Ticket | null,
		early: null as Ticket | null,
		green: null as Ticket | null,
		normal: null as Ticket | null
	};
	const better = (current: Ticket | null, ticket: Ticket) => !current || ticket.queueSeq < current.queueSeq;
	for (const serviceId of window.serviceIds) {
		const service = state.config.services.find((s) => s.id === serviceId);
		if (!service?.enabled) continue;
		const queue = peekLane(state, serviceId);
		if (!queue) continue;
		for (const lane of ['front', 'green', 'normal'] as const) {
			const id = queue[lane][0];
			if (id === undefined) continue;
			const ticket = state.active.get(id);
			if (ticket && better(heads[lane], ticket)) heads[lane] = ticket;
		}
		// The lane is in check-in order; the first whose slot has begun goes first. It is short:
		// only residents checked in within checkInEarlyMinutes of their slot wait in it.
		let early: Ticket | null = null;
		for (const id of queue.appointment) {
			const ticket = state.active.get(id);
			if (!ticket) continue;
			if (isDue(ticket, now)) {
				if (better(heads.appointment, ticket)) heads.appointment = ticket;
				break;
			}
			early ??= ticket;
		}
		if (early && better(heads.early, early)) heads.early = early;
	}
	if (heads.front) return heads.front;
	const priority = heads.appointment ?? heads.green;
	const streak = runtime?.greenStreak ?? 0;
	if (priority && (!heads.normal || streak < state.config.rules.greenBurst)) return priority;
	return heads.normal ?? priority ?? heads.early;
}

/** Waiting tickets this window could call, in the order call-next would take them (without the anti-starvation interleave). */
export function queueFor(state: HallState, windowId: string, limit: number): Ticket[] {
	const window = state.config.windows.find((w) => w.id === windowId);
	const ids: string[] = [...(state.pinned.get(windowId) ?? [])];
	const lanes: Ticket[][] = [[], [], [], []];
	for (const serviceId of window?.serviceIds ?? []) {
		// Like nextFor and call: a disabled service's tickets are not this window's to call.
		if (!state.config.services.find((s) => s.id === serviceId)?.enabled) continue;
		const queue = state.queues.get(serviceId);
		if (!queue) continue;
		(['front', 'appointment', 'green', 'normal'] as const).forEach((lane, i) => {
			// Each lane is in arrival order: only its first `limit` can make the first `limit` overall.
			const ids = queue[lane];
			for (let k = 0; k < ids.length && k < limit; k++) {
				const ticket = state.active.get(ids[k]);
				if (ticket) lanes[i].push(ticket);
			}
		});
	}
	const result = ids.map((id) => state.active.get(id)).filter((t): t is Ticket => !!t);
	for (const lane of lanes) result.push(...lane.sort((a, b) => a.queueSeq - b.queueSeq));
	return result.slice(0, limit);
}

/**
 * Where a ticket stands in its lane. Every lane is in ascending queueSeq (enqueue hands out
 * a new, higher one each time it appends; a restore sorts by it), so a binary search finds
 * it in O(log n); -1 when it is not there.
 */
function indexInLane(state: HallState, lane: readonly string[], ticket: Ticket): number {
	let lo = 0;
	let hi = lane.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >>> 1;
		const seq = state.active.get(lane[mid])?.queueSeq;
		if (seq === undefined) break;
		if (seq === ticket.queueSeq) return lane[mid] === ticket.id ? mid : lane.indexOf(ticket.id);
		if (seq < ticket.queueSeq) lo = mid + 1;
		else hi = mid - 1;
	}
	// Not found by its number (a waiting ticket always is), or a lane member no longer active: look the slow way.
	return lane.indexOf(ticket.id);
}

/**
 * People ahead of a waiting ticket in its own queue (checked-in 预约 tickets count as ahead of
 * walk-ins even before their slot: the number only ever errs on the cautious side). A remote
 * ticket not yet checked in counts the people ahead of the place it holds.
 */
export function aheadOf(state: HallState, ticket: Ticket): number {
	const queue = state.queues.get(ticket.serviceId);
	if (ticket.status === 'remote') {
		if (!queue) return 0;
		return queue.front.length + queue.appointment.length + queue.green.length + countBefore(state, queue.normal, ticket.queueSeq);
	}
	if (!isWaiting(ticket)) return 0;
	if (ticket.targetWindowId) return Math.max(0, indexInLane(state, state.pinned.get(ticket.targetWindowId) ?? [], ticket));
	if (!queue) return 0;
	if (ticket.front) return Math.max(0, indexInLane(state, queue.front, ticket));
	if (ticket.priority === 'appointment') return queue.front.length + Math.max(0, indexInLane(state, queue.appointment, ticket));
	const before = queue.front.length + queue.appointment.length;
	if (ticket.priority === 'green') return before + Math.max(0, indexInLane(state, queue.green, ticket));
	return before + queue.green.length + Math.max(0, indexInLane(state, queue.normal, ticket));
}

/** The first `limit` numbers waiting for a service, in queue order. */
export function queueOrder(state: HallState, serviceId: string, limit = Infinity): string[] {
	const queue = state.queues.get(serviceId);
	if (!queue) return [];
	const numbers: string[] = [];
	for (const lane of [queue.front, queue.appointment, queue.green, queue.normal]) {
		for (const id of lane) {
			if (numbers.length >= limit) return numbers;
			const ticket = state.active.get(id);
			if (ticket) numbers.push(ticket.number);
		}
	}
	return numbers;
}

export function waitingCount(state: HallState, serviceId: string): number {
	const queue = state.queues.get(serviceId);
	let count = queue ? queue.front.length + queue.appointment.length + queue.green.length + queue.normal.length : 0;
	for (const lane of state.pinned.values()) {
		for (const id of lane) if (state.active.get(id)?.serviceId === serviceId) count++;
	}
	return count;
}

type StaffCommand = Extract<Command, { windowId: string; staffId: string }>;

function checkWindow(
	state: HallState,
	cmd: StaffCommand
): { error: CoreError } | { runtime: WindowRuntime; current: Ticket | null } {
	const runtime = state.windows.get(cmd.windowId);
	if (!runtime) return { error: { code: 'unknown_window', message: '没有这个窗口' } };
	if (runtime.staffId !== cmd.staffId) {
		return { error: { code: 'not_your_window', message: '您没有在这个窗口签到，不能在此操作' } };
	}
	const current = runtime.currentTicketId ? (state.active.get(runtime.currentTicketId) ?? null) : null;
	return { runtime, current };
}

function callable(state: HallState, windowId: string, ticket: Ticket): boolean {
	if (!isWaiting(ticket)) return false;
	if (ticket.targetWindowId) return ticket.targetWindowId === windowId;
	const window = state.config.windows.find((w) => w.id === windowId);
	const service = state.config.services.find((s) => s.id === ticket.serviceId);
	return !!window?.serviceIds.includes(ticket.serviceId) && !!service?.enabled;
}

export function decide(state: HallState, cmd: Command, now: number): Decision {
	const { config } = state;
	switch (cmd.type) {
		case 'rollover': {
			const day = localDate(now, config.calendar.timeZone);
			// Days only move forward: a clock stepped back across midnight must not reopen a
			// finished day and hand out its numbers a second time.
			// Within the day: remote tickets passed over and not checked in within the hold expire, with a record.
			if (day <= state.day) return ok(...expiredHolds(state, now));
			const events: DomainEvent[] = [];
			for (const ticket of state.active.values()) {
				events.push({ type: 'ticket:expired', at: now, ticketId: ticket.id, day: ticket.day });
			}
			events.push({ type: 'day:started', at: now, day });
			return ok(...events);
		}
		case 'configure': {
			const next = cmd.config;
			const serviceIds = new Set(next.services.map((s) => s.id));
			const windowIds = new Set(next.windows.map((w) => w.id));
			for (const ticket of state.active.values()) {
				if (!serviceIds.has(ticket.serviceId)) {
					return fail('service_in_use', `「${config.services.find((s) => s.id === ticket.serviceId)?.name ?? ticket.serviceId}」还有未办结的号码，不能删除，可先停用`);
				}
				if (ticket.targetWindowId && !windowIds.has(ticket.targetWindowId)) {
					return fail('window_in_use', '有号码正转往要删除的窗口，不能删除');
				}
			}
			for (const [windowId, runtime] of state.windows) {
				if (!windowIds.has(windowId) && (runtime.staffId || runtime.currentTicketId)) {
					const name = config.windows.find((w) => w.id === windowId)?.name ?? windowId;
					return fail('window_in_use', `${name}有工作人员签到，不能删除，请先签退`);
				}
			}
			return ok({ type: 'config:changed', at: now, config: next, file: cmd.file });
		}
		case 'issue': {
			const service = config.services.find((s) => s.id === cmd.serviceId);
			if (!service) return fail('unknown_service', '没有这项业务');
			if (!service.enabled) return fail('service_disabled', `「${service.name}」今天暂停办理`);
			if (windowsServing(config, service.id).length === 0) {
				return fail('no_window', `目前没有窗口办理「${service.name}」，请咨询大厅工作人员`);
			}
			if (!isOpen(config.calendar, now)) {
				return fail('closed', '现在不是办公时间，暂停取号', { nextOpening: nextOpening(config.calendar, now) });
			}
			if (state.active.has(cmd.ticketId)) return fail('invalid_state', '号码已存在');
			if ((cmd.priority === 'appointment') !== (cmd.slotStart !== undefined)) {
				return fail('bad_request', '预约号必须带有预约时段');
			}
			if (cmd.remote && cmd.priority !== 'normal') return fail('bad_request', '线上取号只能是普通号');
			const seqNo = (state.counters.get(service.prefix) ?? 0) + 1;
			const ticket: Ticket = {
				id: cmd.ticketId,
				day: state.day,
				prefix: service.prefix,
				seqNo,
				number: formatNumber(service.prefix, seqNo),
				serviceId: service.id,
				priority: cmd.priority,
				status: cmd.remote ? 'remote' : 'waiting',
				station: cmd.station,
				issuedAt: now,
				calledAt: null,
				startedAt: null,
				endedAt: null,
				windowId: null,
				staffId: null,
				targetWindowId: null,
				recallCount: 0,
				noShowCount: 0,
				outcome: null,
				reason: null,
				firstResponderStaffId: null,
				firstResponderWindowId: null,
				transfers: [],
				queueSeq: state.nextQueueSeq,
				front: false,
				slotStart: cmd.slotStart ?? null,
				bookingId: cmd.bookingId ?? null,
				heldUntil: null
			};
			return ok({ type: 'ticket:issued', at: now, ticket });
		}
		case 'check-in': {
			const ticket = state.active.get(cmd.ticketId);
			if (!ticket) return fail('unknown_ticket', '没有这个号码，或已过期');
			if (ticket.status !== 'remote') return fail('invalid_state', `${ticket.number} 已经签到`);
			if (ticket.heldUntil !== null && now >= ticket.heldUntil) {
				return fail('too_late', `${ticket.number} 已过号且超过保留时间，请重新取号`);
			}
			return ok({ type: 'ticket:checked-in', at: now, ticketId: ticket.id, station: cmd.station });
		}
		case 'sign-in': {
			const runtime = state.windows.get(cmd.windowId);
			if (!runtime) return fail('unknown_window', '没有这个窗口');
			if (runtime.staffId === cmd.staffId) return ok();
			if (runtime.staffId) return fail('window_occupied', '这个窗口已有工作人员签到');
			const events: DomainEvent[] = [];
			for (const [otherId, other] of state.windows) {
				if (other.staffId !== cmd.staffId) continue;
				if (other.currentTicketId) {
					return fail('ticket_in_progress', '您在另一个窗口还有正在办理的号码，请先办结');
				}
				events.push({ type: 'window:signed-out', at: now, windowId: otherId, staffId: cmd.staffId });
			}
			events.push({ type: 'window:signed-in', at: now, windowId: cmd.windowId, staffId: cmd.staffId });
			return ok(...events);
		}
		case 'sign-out': {
			const checked = checkWindow(state, cmd);
			if ('error' in checked) return { ok: false, error: checked.error };
			if (checked.current) return fail('ticket_in_progress', '还有正在办理的号码，请先办结或转移');
			return ok({ type: 'window:signed-out', at: now, windowId: cmd.windowId, staffId: cmd.staffId });
		}
		case 'call-next':
		case 'call': {
			const checked = checkWindow(state, cmd);
			if ('error' in checked) return { ok: false, error: checked.error };
			if (checked.runtime.status === 'paused') return fail('window_paused', '窗口已暂停，请先恢复');
			if (checked.current) return fail('ticket_in_progress', `请先处理当前号码 ${checked.current.number}`);
			let ticket: Ticket | null;
			if (cmd.type === 'call') {
				ticket = state.active.get(cmd.ticketId) ?? null;
				if (!ticket) return fail('unknown_ticket', '没有这个等候中的号码');
				if (!callable(state, cmd.windowId, ticket)) return fail('invalid_state', `${ticket.number} 不在本窗口的等候队列中`);
			} else {
				ticket = nextFor(state, cmd.windowId, now);
				if (!ticket) return fail('queue_empty', '当前没有等候的号码');
			}
			return ok(
				...passedOver(state, ticket, now),
				{ type: 'ticket:called', at: now, ticketId: ticket.id, windowId: cmd.windowId, staffId: cmd.staffId }
			);
		}
		case 'recall': {
			const checked = checkWindow(state, cmd);
			if ('error' in checked) return { ok: false, error: checked.error };
			const { current } = checked;
			if (!current) return fail('no_current_ticket', '当前没有已呼叫的号码');
			if (current.status !== 'called') return fail('invalid_state', '已开始办理，无需重呼');
			if (current.recallCount >= config.rules.recallLimit) {
				return fail('recall_limit', `重呼已达 ${config.rules.recallLimit} 次，请按过号处理`);
			}
			return ok({ type: 'ticket:recalled', at: now, ticketId: current.id, windowId: cmd.windowId, staffId: cmd.staffId });
		}
		case 'no-show': {
			const checked = checkWindow(state, cmd);
			if ('error' in checked) return { ok: false, error: checked.error };
			const { current } = checked;
			if (!current) return fail('no_current_ticket', '当前没有已呼叫的号码');
			if (current.status !== 'called') return fail('invalid_state', '已开始办理，不能过号');
			return ok({
				type: 'ticket:no-show',
				at: now,
				ticketId: current.id,
				windowId: cmd.windowId,
				staffId: cmd.staffId,
				requeued: current.noShowCount === 0
			});
		}
		case 'start': {
			const checked = checkWindow(state, cmd);
			if ('error' in checked) return { ok: false, error: checked.error };
			const { current } = checked;
			if (!current) return fail('no_current_ticket', '当前没有已呼叫的号码');
			if (current.status !== 'called') return fail('invalid_state', '已在办理中');
			return ok({ type: 'ticket:started', at: now, ticketId: current.id, windowId: cmd.windowId, staffId: cmd.staffId });
		}
		case 'finish': {
			const checked = checkWindow(state, cmd);
			if ('error' in checked) return { ok: false, error: checked.error };
			const { current } = checked;
			if (!current) return fail('no_current_ticket', '当前没有正在办理的号码');
			if (current.status !== 'serving') return fail('invalid_state', '尚未开始办理，不能办结');
			const reason = cmd.reason?.trim() || null;
			if (cmd.outcome === 'refused' && !reason) return fail('reason_required', '不予受理必须填写原因');
			return ok({
				type: 'ticket:finished',
				at: now,
				ticketId: current.id,
				windowId: cmd.windowId,
				staffId: cmd.staffId,
				outcome: cmd.outcome,
				reason
			});
		}
		case 'transfer': {
			const checked = checkWindow(state, cmd);
			if ('error' in checked) return { ok: false, error: checked.error };
			const { current } = checked;
			if (!current) return fail('no_current_ticket', '当前没有可转移的号码');
			const note = cmd.note.trim();
			if (!note) return fail('note_required', '转移必须填写说明');
			if ((cmd.toServiceId === null) === (cmd.toWindowId === null)) {
				return fail('bad_request', '请选择转往的业务或窗口（二选一）');
			}
			if (cmd.toServiceId !== null) {
				const service = config.services.find((s) => s.id === cmd.toServiceId);
				if (!service) return fail('unknown_service', '没有这项业务');
				if (!service.enabled) return fail('service_disabled', `「${service.name}」今天暂停办理`);
				const staffed = windowsServing(config, service.id).some((w) => state.windows.get(w.id)?.staffId);
				if (!staffed) return fail('no_window', `今天没有窗口在办理「${service.name}」，不能转往该业务`);
			} else {
				const target = state.windows.get(cmd.toWindowId!);
				if (!target) return fail('unknown_window', '没有这个窗口');
				if (cmd.toWindowId === cmd.windowId) return fail('same_target', '不能转给本窗口');
				if (!target.staffId) return fail('window_closed', '目标窗口无人值守，不能转往该窗口');
			}
			return ok({
				type: 'ticket:transferred',
				at: now,
				ticketId: current.id,
				windowId: cmd.windowId,
				staffId: cmd.staffId,
				transfer: {
					at: now,
					fromWindowId: cmd.windowId,
					byStaffId: cmd.staffId,
					toServiceId: cmd.toServiceId,
					toWindowId: cmd.toWindowId,
					note
				}
			});
		}
		case 'pause':
		case 'resume': {
			const checked = checkWindow(state, cmd);
			if ('error' in checked) return { ok: false, error: checked.error };
			const paused = checked.runtime.status === 'paused';
			if (cmd.type === 'pause' && paused) return fail('invalid_state', '窗口已经暂停');
			if (cmd.type === 'resume' && !paused) return fail('invalid_state', '窗口没有暂停');
			if (cmd.type === 'resume') return ok({ type: 'window:resumed', at: now, windowId: cmd.windowId, staffId: cmd.staffId });
			// The residents waiting see why on the board: a pause without a reason is not taken.
			const reason = (cmd.reason ?? '').trim();
			if (!reason) return fail('reason_required', '请选择或填写暂停原因');
			return ok({ type: 'window:paused', at: now, windowId: cmd.windowId, staffId: cmd.staffId, reason });
		}
	}
}

/**
 * A walk-in is called: every remote ticket of its service that arrived before it and is not
 * checked in has had its turn. Each keeps its place for the hall's hold.
 */
function passedOver(state: HallState, called: Ticket, now: number): DomainEvent[] {
	if (called.priority !== 'normal' || called.front || called.targetWindowId) return [];
	const events: DomainEvent[] = [];
	const heldUntil = now + remoteHoldMs(state.config);
	for (const id of state.remote.get(called.serviceId) ?? []) {
		const ticket = state.active.get(id);
		if (!ticket || ticket.queueSeq > called.queueSeq) break;
		if (ticket.heldUntil === null) events.push({ type: 'ticket:passed-over', at: now, ticketId: id, heldUntil });
	}
	return events;
}

function expiredHolds(state: HallState, now: number): DomainEvent[] {
	const events: DomainEvent[] = [];
	for (const lane of state.remote.values()) {
		for (const id of lane) {
			const ticket = state.active.get(id);
			if (ticket && ticket.heldUntil !== null && ticket.heldUntil <= now) {
				events.push({ type: 'ticket:expired', at: now, ticketId: id, day: ticket.day, reason: 'remote_hold' });
			}
		}
	}
	return events;
}

/** Puts a ticket back in its lane at the place its queueSeq gives it (a checked-in remote ticket). */
function insertInPlace(state: HallState, ticket: Ticket): void {
	const lane = laneOf(state, ticket);
	lane.splice(countBefore(state, lane, ticket.queueSeq), 0, ticket.id);
}

function removeFromQueue(state: HallState, ticket: Ticket): void {
	const lane = laneOf(state, ticket);
	// Call-next always takes a lane head: shift keeps that the common case cheap.
	if (lane[0] === ticket.id) lane.shift();
	else {
		const index = lane.indexOf(ticket.id);
		if (index >= 0) lane.splice(index, 1);
	}
}

function removeFrom(lane: string[], id: string): void {
	const index = lane.indexOf(id);
	if (index >= 0) lane.splice(index, 1);
}

function enqueue(state: HallState, ticket: Ticket): void {
	ticket.queueSeq = state.nextQueueSeq++;
	laneOf(state, ticket).push(ticket.id);
}

function end(state: HallState, ticket: Ticket, at: number): void {
	ticket.endedAt = at;
	state.active.delete(ticket.id);
	if (ticket.windowId) {
		const runtime = state.windows.get(ticket.windowId);
		if (runtime?.currentTicketId === ticket.id) runtime.currentTicketId = null;
	}
}

function windowRuntime(state: HallState, windowId: string): WindowRuntime {
	const runtime = state.windows.get(windowId);
	if (!runtime) throw new Error(`unknown window ${windowId} in an accepted event`);
	return runtime;
}

function activeTicket(state: HallState, ticketId: string): Ticket {
	const ticket = state.active.get(ticketId);
	if (!ticket) throw new Error(`unknown ticket ${ticketId} in an accepted event`);
	return ticket;
}

/**
 * Folds one accepted fact into the state and returns the ids of the tickets it
 * touched (ended tickets included), so that the caller can persist exactly those.
 */
export function apply(state: HallState, event: DomainEvent): Ticket[] {
	switch (event.type) {
		case 'config:changed': {
			state.config = event.config;
			for (const window of event.config.windows) {
				if (!state.windows.has(window.id)) {
					state.windows.set(window.id, { status: 'closed', staffId: null, currentTicketId: null, greenStreak: 0 });
				}
			}
			for (const windowId of [...state.windows.keys()]) {
				if (!event.config.windows.some((w) => w.id === windowId)) state.windows.delete(windowId);
			}
			return [];
		}
		case 'day:started': {
			state.day = event.day;
			state.counters.clear();
			state.queues.clear();
			state.pinned.clear();
			state.remote.clear();
			state.recentCalls = [];
			for (const runtime of state.windows.values()) {
				runtime.currentTicketId = null;
				runtime.greenStreak = 0;
			}
			return [];
		}
		case 'ticket:issued': {
			const ticket = { ...event.ticket, transfers: [...event.ticket.transfers] };
			state.active.set(ticket.id, ticket);
			state.counters.set(ticket.prefix, Math.max(state.counters.get(ticket.prefix) ?? 0, ticket.seqNo));
			if (ticket.status === 'remote') {
				// Holds its place (its arrival number) without being callable.
				ticket.queueSeq = state.nextQueueSeq++;
				remoteLane(state, ticket.serviceId).push(ticket.id);
			} else enqueue(state, ticket);
			return [ticket];
		}
		case 'ticket:passed-over': {
			const ticket = activeTicket(state, event.ticketId);
			ticket.heldUntil = event.heldUntil;
			return [ticket];
		}
		case 'ticket:checked-in': {
			const ticket = activeTicket(state, event.ticketId);
			removeFrom(remoteLane(state, ticket.serviceId), ticket.id);
			ticket.status = 'waiting';
			ticket.heldUntil = null;
			insertInPlace(state, ticket);
			return [ticket];
		}
		case 'appointment:booked':
		case 'appointment:cancelled':
		case 'appointment:checked-in':
		case 'appointment:no-show':
		case 'appointment:ban-lifted':
			return [];
		case 'ticket:expired': {
			const ticket = activeTicket(state, event.ticketId);
			if (ticket.status === 'remote') removeFrom(remoteLane(state, ticket.serviceId), ticket.id);
			if (isWaiting(ticket)) removeFromQueue(state, ticket);
			ticket.status = 'expired';
			ticket.outcome = 'expired';
			end(state, ticket, event.at);
			return [ticket];
		}
		case 'ticket:called': {
			const ticket = activeTicket(state, event.ticketId);
			const runtime = windowRuntime(state, event.windowId);
			removeFromQueue(state, ticket);
			// 绿色通道 and 预约 share the bound on priority calls in a row.
			if (ticket.priority !== 'normal' && !ticket.front && !ticket.targetWindowId) runtime.greenStreak++;
			else if (ticket.priority === 'normal' && !ticket.front && !ticket.targetWindowId) runtime.greenStreak = 0;
			ticket.status = 'called';
			ticket.calledAt = event.at;
			ticket.windowId = event.windowId;
			ticket.staffId = event.staffId;
			ticket.recallCount = 0;
			ticket.firstResponderStaffId ??= event.staffId;
			ticket.firstResponderWindowId ??= event.windowId;
			runtime.currentTicketId = ticket.id;
			pushCall(state, { ticketId: ticket.id, windowId: event.windowId, staffId: event.staffId, at: event.at, recall: false });
			return [ticket];
		}
		case 'ticket:recalled': {
			const ticket = activeTicket(state, event.ticketId);
			ticket.recallCount++;
			pushCall(state, { ticketId: ticket.id, windowId: event.windowId, staffId: event.staffId, at: event.at, recall: true });
			return [ticket];
		}
		case 'ticket:no-show': {
			const ticket = activeTicket(state, event.ticketId);
			windowRuntime(state, event.windowId).currentTicketId = null;
			ticket.noShowCount++;
			if (event.requeued) {
				ticket.status = 'waiting';
				ticket.front = false;
				enqueue(state, ticket);
			} else {
				ticket.status = 'no_show';
				ticket.outcome = 'no_show';
				end(state, ticket, event.at);
			}
			return [ticket];
		}
		case 'ticket:started': {
			const ticket = activeTicket(state, event.ticketId);
			ticket.status = 'serving';
			ticket.startedAt = event.at;
			return [ticket];
		}
		case 'ticket:finished': {
			const ticket = activeTicket(state, event.ticketId);
			ticket.status = event.outcome;
			ticket.outcome = event.outcome;
			ticket.reason = event.reason;
			end(state, ticket, event.at);
			return [ticket];
		}
		case 'ticket:transferred': {
			const ticket = activeTicket(state, event.ticketId);
			windowRuntime(state, event.windowId).currentTicketId = null;
			ticket.transfers = [...ticket.transfers, event.transfer];
			ticket.status = 'transferred';
			ticket.front = true;
			ticket.startedAt = null;
			if (event.transfer.toServiceId) {
				ticket.serviceId = event.transfer.toServiceId;
				ticket.targetWindowId = null;
			} else {
				ticket.targetWindowId = event.transfer.toWindowId;
			}
			enqueue(state, ticket);
			return [ticket];
		}
		case 'window:signed-in': {
			const runtime = windowRuntime(state, event.windowId);
			runtime.staffId = event.staffId;
			runtime.status = 'open';
			runtime.pauseReason = null;
			return [];
		}
		case 'window:signed-out': {
			const runtime = windowRuntime(state, event.windowId);
			runtime.staffId = null;
			runtime.status = 'closed';
			runtime.greenStreak = 0;
			runtime.pauseReason = null;
			return [];
		}
		case 'window:paused': {
			const runtime = windowRuntime(state, event.windowId);
			runtime.status = 'paused';
			runtime.pauseReason = event.reason ?? null;
			return [];
		}
		case 'window:resumed': {
			const runtime = windowRuntime(state, event.windowId);
			runtime.status = 'open';
			runtime.pauseReason = null;
			return [];
		}
	}
}

function pushCall(state: HallState, call: HallState['recentCalls'][number]): void {
	state.recentCalls.push(call);
	if (state.recentCalls.length > RECENT_CALLS) state.recentCalls.splice(0, state.recentCalls.length - RECENT_CALLS);
}

export type StepResult = { ok: true; events: DomainEvent[]; touched: Ticket[] } | { ok: false; error: CoreError };

/** decide then apply, for callers with nothing to commit in between (tests, replays). */
export function step(state: HallState, cmd: Command, now: number): StepResult {
	const decision = decide(state, cmd, now);
	if (!decision.ok) return decision;
	const touched = new Map<string, Ticket>();
	for (const event of decision.events) for (const ticket of apply(state, event)) touched.set(ticket.id, ticket);
	if (decision.events.length > 0) state.version++;
	return { ok: true, events: decision.events, touched: [...touched.values()] };
}

export interface PersistedHall {
	day: string;
	version: number;
	nextQueueSeq: number;
	counters: Map<string, number>;
	/** Tickets not yet ended, any day. */
	active: Ticket[];
	windows: Map<string, WindowRuntime>;
	recentCalls: HallState['recentCalls'];
}

/** Rebuilds the in-memory state from what the store holds, e.g. after a restart. */
export function restoreState(config: HallConfig, persisted: PersistedHall): HallState {
	const state = createState(config, persisted.day);
	state.version = persisted.version;
	state.nextQueueSeq = persisted.nextQueueSeq;
	state.counters = new Map(persisted.counters);
	state.recentCalls = [...persisted.recentCalls];
	for (const [windowId, runtime] of persisted.windows) {
		// A window removed from the configuration since keeps no state.
		if (state.windows.has(windowId)) state.windows.set(windowId, { ...runtime });
	}
	const byArrival = [...persisted.active].sort((a, b) => a.queueSeq - b.queueSeq);
	for (const ticket of byArrival) {
		state.active.set(ticket.id, ticket);
		if (isWaiting(ticket)) laneOf(state, ticket).push(ticket.id);
		else if (ticket.status === 'remote') remoteLane(state, ticket.serviceId).push(ticket.id);
	}
	for (const runtime of state.windows.values()) {
		if (runtime.currentTicketId && !state.active.has(runtime.currentTicketId)) runtime.currentTicketId = null;
	}
	return state;
}
