// Property tests of the 预约 and 线上取号 rules, in the style of properties.test.ts: random
// days of walk-ins, green tickets, appointment check-ins and remote tickets, against the plain
// reading of the rules computed from the tickets themselves (not from the core's lanes).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantOf, type CalendarConfig, type Period } from './calendar.ts';
import { createState, isWaiting, remoteHoldMs, restoreState, step } from './queue.ts';
import type { Command, DomainEvent, HallConfig, HallState, ServiceDef, Ticket } from './types.ts';

const TZ = 'Asia/Shanghai';
const ALL_DAY: Period[] = [['00:00', '24:00']];
const calendar: CalendarConfig = { timeZone: TZ, workdayHours: ALL_DAY, restDayHours: ALL_DAY, days: {}, knownThroughYear: 2026 };
const DAY = '2026-11-24';
const T0 = instantOf(DAY, '08:30', TZ);
const MINUTE = 60_000;

function service(id: string, prefix: string): ServiceDef {
	return { id, prefix, name: id, nameEn: id, timeLimitDays: 0, enabled: true, guide: { conditions: [], materials: [], steps: [], fees: '', legalBasis: '' } };
}

function hallConfig(greenBurst: number, remoteHoldMinutes: number): HallConfig {
	return {
		calendar,
		rules: { recallLimit: 1, greenBurst, remoteHoldMinutes },
		services: [service('a', 'A'), service('b', 'B')],
		windows: [
			{ id: 'w1', name: '1', serviceIds: ['a'], zone: null },
			{ id: 'w2', name: '2', serviceIds: ['a', 'b'], zone: null }
		]
	};
}

const WINDOWS = ['w1', 'w2'];
const SERVICES = ['a', 'b'];

type Action =
	| { kind: 'walk-in'; service: number; green: boolean; dt: number }
	/** A 预约 check-in: the slot starts `slot` minutes from now (negative: already begun). */
	| { kind: 'appointment'; service: number; slot: number; dt: number }
	| { kind: 'remote'; service: number; dt: number }
	| { kind: 'check-in'; pick: number; dt: number }
	| { kind: 'work'; window: number; choice: number; dt: number }
	| { kind: 'sweep'; dt: number };

const dt = fc.integer({ min: 0, max: 6 * MINUTE });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
	{ weight: 4, arbitrary: fc.record({ kind: fc.constant('walk-in' as const), service: fc.nat({ max: 1 }), green: fc.boolean(), dt }) },
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant('appointment' as const), service: fc.nat({ max: 1 }), slot: fc.integer({ min: -15, max: 30 }), dt }) },
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant('remote' as const), service: fc.nat({ max: 1 }), dt }) },
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant('check-in' as const), pick: fc.nat({ max: 50 }), dt }) },
	{ weight: 10, arbitrary: fc.record({ kind: fc.constant('work' as const), window: fc.nat({ max: 1 }), choice: fc.nat({ max: 9 }), dt }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('sweep' as const), dt }) }
);

function check(condition: boolean, message: () => string): asserts condition {
	if (!condition) throw new Error(message());
}

const byArrival = (a: Ticket, b: Ticket) => a.queueSeq - b.queueSeq;

/**
 * What call-next must take at `windowId`, read from the tickets themselves: 预约 tickets
 * whose slot has begun, then 绿色通道, both at most `greenBurst` in a row while a walk-in
 * waits; then walk-ins in arrival order; an early 预约 only when nobody else waits.
 */
function expectedNext(state: HallState, windowId: string, streak: number, now: number): Ticket | null {
	const window = state.config.windows.find((w) => w.id === windowId)!;
	const mine = [...state.active.values()].filter((t) => isWaiting(t) && window.serviceIds.includes(t.serviceId)).sort(byArrival);
	const due = mine.find((t) => t.priority === 'appointment' && t.slotStart! <= now) ?? null;
	const early = mine.find((t) => t.priority === 'appointment' && t.slotStart! > now) ?? null;
	const green = mine.find((t) => t.priority === 'green') ?? null;
	const normal = mine.find((t) => t.priority === 'normal') ?? null;
	const priority = due ?? green;
	if (priority && (!normal || streak < state.config.rules.greenBurst)) return priority;
	return normal ?? priority ?? early;
}

function workCommand(state: HallState, windowId: string, choice: number): Command {
	const runtime = state.windows.get(windowId)!;
	const staff = { windowId, staffId: runtime.staffId! };
	const current = runtime.currentTicketId ? state.active.get(runtime.currentTicketId)! : null;
	if (!current) return { type: 'call-next', ...staff };
	if (current.status === 'called') return choice < 7 ? { type: 'start', ...staff } : { type: 'no-show', ...staff };
	return { type: 'finish', ...staff, outcome: 'done', reason: null };
}

interface Run {
	state: HallState;
	now: number;
	serial: number;
	streak: Map<string, number>;
	issued: Map<string, Ticket>;
	ended: Set<string>;
	finished: Set<string>;
	/** The arrival number a remote ticket got at issue: its place, kept through check-in. */
	remotePlace: Map<string, number>;
}

function toCommand(run: Run, action: Action): Command {
	const { state } = run;
	switch (action.kind) {
		case 'walk-in':
			return { type: 'issue', ticketId: `t${++run.serial}`, serviceId: SERVICES[action.service], priority: action.green ? 'green' : 'normal', station: null };
		case 'appointment':
			return {
				type: 'issue',
				ticketId: `t${++run.serial}`,
				serviceId: SERVICES[action.service],
				priority: 'appointment',
				station: 'K1',
				slotStart: run.now + action.slot * MINUTE,
				bookingId: `b${run.serial}`
			};
		case 'remote':
			return { type: 'issue', ticketId: `t${++run.serial}`, serviceId: SERVICES[action.service], priority: 'normal', station: null, remote: true, bookingId: `r${run.serial}` };
		case 'check-in': {
			const remote = [...state.active.values()].filter((t) => t.status === 'remote');
			const all = [...run.issued.keys()];
			const id = remote.length > 0 && action.pick % 5 !== 0 ? remote[action.pick % remote.length].id : (all[action.pick % Math.max(1, all.length)] ?? 'none');
			return { type: 'check-in', ticketId: id, station: 'K1' };
		}
		case 'work':
			return workCommand(state, WINDOWS[action.window], action.choice);
		case 'sweep':
			return { type: 'rollover' };
	}
}

function follow(run: Run, cmd: Command, events: DomainEvent[], before: { expected: Ticket | null; streak: number; normalWaiting: boolean } | null): void {
	const { state, now } = run;
	for (const event of events) {
		switch (event.type) {
			case 'ticket:issued':
				check(!run.issued.has(event.ticket.id), () => `${event.ticket.id} issued twice`);
				run.issued.set(event.ticket.id, event.ticket);
				if (event.ticket.status === 'remote') run.remotePlace.set(event.ticket.id, state.active.get(event.ticket.id)!.queueSeq);
				break;
			case 'ticket:called': {
				const ticket = state.active.get(event.ticketId)!;
				check(ticket.status === 'called', () => `${ticket.number} called but ${ticket.status}`);
				if (cmd.type === 'call-next') {
					check(before !== null && before.expected?.id === ticket.id, () => `call-next took ${ticket.number}, the rules say ${before?.expected?.number ?? 'nobody'}`);
					// The bound: a priority call while a walk-in waits only below greenBurst in a row.
					if (ticket.priority !== 'normal' && before!.normalWaiting) {
						check(before!.streak < state.config.rules.greenBurst, () => `${ticket.number}: priority call number ${before!.streak + 1} in a row`);
					}
				}
				run.streak.set(event.windowId, ticket.priority === 'normal' ? 0 : (run.streak.get(event.windowId) ?? 0) + 1);
				if (ticket.priority === 'normal') {
					// Its turn came for every remote ticket that arrived before this walk-in: each is held.
					for (const other of state.active.values()) {
						if (other.status !== 'remote' || other.serviceId !== ticket.serviceId || other.queueSeq > ticket.queueSeq) continue;
						check(other.heldUntil !== null, () => `${other.number} was not passed over when ${ticket.number} was called`);
					}
				}
				break;
			}
			case 'ticket:passed-over': {
				const ticket = state.active.get(event.ticketId)!;
				check(ticket.status === 'remote', () => `${ticket.number} passed over but ${ticket.status}`);
				check(event.heldUntil === now + remoteHoldMs(state.config), () => `${ticket.number} held until the wrong time`);
				break;
			}
			case 'ticket:checked-in': {
				const ticket = state.active.get(event.ticketId)!;
				check(ticket.queueSeq === run.remotePlace.get(ticket.id), () => `${ticket.number} lost its place on check-in`);
				break;
			}
			case 'ticket:expired':
				if (event.reason === 'remote_hold') {
					const ticket = run.issued.get(event.ticketId)!;
					check(ticket.status === 'remote', () => `${ticket.number} expired as a remote hold but was ${ticket.status}`);
				}
				check(!run.ended.has(event.ticketId), () => `${event.ticketId} ended twice`);
				run.ended.add(event.ticketId);
				break;
			case 'ticket:finished':
				check(!run.finished.has(event.ticketId), () => `${event.ticketId} served twice`);
				check(!run.ended.has(event.ticketId), () => `${event.ticketId} ended twice`);
				run.finished.add(event.ticketId);
				run.ended.add(event.ticketId);
				break;
			case 'ticket:no-show':
				if (!event.requeued) run.ended.add(event.ticketId);
				break;
			default:
				break;
		}
		// Keep the model's copy in step for expiry checks of later events.
		if ('ticketId' in event && state.active.has(event.ticketId)) run.issued.set(event.ticketId, { ...state.active.get(event.ticketId)! });
	}
}

function checkInvariants(run: Run): void {
	const { state } = run;
	const places = new Map<string, string[]>();
	const place = (id: string, where: string) => places.set(id, [...(places.get(id) ?? []), where]);
	for (const [serviceId, queue] of state.queues) {
		for (const lane of ['front', 'appointment', 'green', 'normal'] as const) for (const id of queue[lane]) place(id, `${serviceId}/${lane}`);
	}
	for (const [serviceId, lane] of state.remote) for (const id of lane) place(id, `${serviceId}/remote`);
	for (const [windowId, runtime] of state.windows) if (runtime.currentTicketId) place(runtime.currentTicketId, `window:${windowId}`);
	for (const ticket of state.active.values()) {
		const where = places.get(ticket.id) ?? [];
		check(where.length === 1, () => `${ticket.number} (${ticket.status}) is in ${where.length} places: ${where.join(', ')}`);
		if (ticket.status === 'remote') check(where[0] === `${ticket.serviceId}/remote`, () => `remote ${ticket.number} sits in ${where[0]}`);
		else if (isWaiting(ticket)) check(where[0] === `${ticket.serviceId}/${ticket.priority}`, () => `${ticket.number} sits in ${where[0]}`);
	}
	// None lost: every ticket issued today is active or ended, never both.
	for (const id of run.issued.keys()) check(state.active.has(id) !== run.ended.has(id), () => `${id} is both active and ended, or neither`);
	// Order kept: every lane (and the remote holds) in arrival order.
	const lanes = [...state.remote.values(), ...[...state.queues.values()].flatMap((q) => [q.front, q.appointment, q.green, q.normal])];
	for (const lane of lanes) {
		const seqs = lane.map((id) => state.active.get(id)!.queueSeq);
		check(seqs.every((seq, i) => i === 0 || seqs[i - 1] < seq), () => `lane out of arrival order: ${seqs.join(',')}`);
	}
}

function runActions(actions: Action[], greenBurst: number, holdMinutes: number): Run {
	const state = createState(hallConfig(greenBurst, holdMinutes), DAY);
	const run: Run = { state, now: T0, serial: 0, streak: new Map(), issued: new Map(), ended: new Set(), finished: new Set(), remotePlace: new Map() };
	for (const [i, windowId] of WINDOWS.entries()) step(state, { type: 'sign-in', windowId, staffId: `s${i}` }, T0);
	for (const action of actions) {
		run.now += action.dt;
		const cmd = toCommand(run, action);
		let before = null;
		if (cmd.type === 'call-next') {
			const streak = run.streak.get(cmd.windowId) ?? 0;
			const window = state.config.windows.find((w) => w.id === cmd.windowId)!;
			const normalWaiting = [...state.active.values()].some((t) => isWaiting(t) && t.priority === 'normal' && window.serviceIds.includes(t.serviceId));
			before = { expected: expectedNext(state, cmd.windowId, streak, run.now), streak, normalWaiting };
		}
		const heldBefore = cmd.type === 'check-in' ? state.active.get(cmd.ticketId) : undefined;
		const result = step(state, cmd, run.now);
		if (cmd.type === 'check-in' && heldBefore?.status === 'remote') {
			const late = heldBefore.heldUntil !== null && run.now >= heldBefore.heldUntil;
			check(result.ok !== late, () => `check-in of ${heldBefore.number} at hold ${heldBefore.heldUntil}, now ${run.now}: ${result.ok ? 'accepted' : 'refused'}`);
		}
		if (cmd.type === 'rollover') {
			// The sweep expires exactly the holds that have run out.
			const due = [...state.active.values()].filter((t) => t.status === 'remote' && t.heldUntil !== null && t.heldUntil <= run.now);
			check(due.length === 0, () => `${due.length} remote holds outlived the sweep`);
		}
		if (result.ok) follow(run, cmd, result.events, before);
		else if (before) check(before.expected === null, () => `call-next refused (${result.error.code}) with ${before.expected!.number} waiting`);
		checkInvariants(run);
		// Remote tickets are never called: only passed over, checked in or expired.
		for (const event of result.ok ? result.events : []) {
			if (event.type === 'ticket:called') check(run.issued.get(event.ticketId)?.status !== 'remote', () => 'a remote ticket was called');
		}
	}
	return run;
}

describe('预约 and 线上取号 properties', () => {
	it('serves none twice, loses none, keeps order, honours slots, the bound and the remote hold', () => {
		fc.assert(
			fc.property(fc.array(actionArb, { minLength: 5, maxLength: 120 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 20 }), (actions, burst, hold) => {
				runActions(actions, burst, hold);
			}),
			{ numRuns: 300 }
		);
	});

	it('a restart rebuilds the same lanes and remote holds from the tickets', () => {
		fc.assert(
			fc.property(fc.array(actionArb, { minLength: 5, maxLength: 80 }), (actions) => {
				const run = runActions(actions, 2, 10);
				const { state } = run;
				const restored = restoreState(state.config, {
					day: state.day,
					version: state.version,
					nextQueueSeq: state.nextQueueSeq,
					counters: state.counters,
					active: [...state.active.values()].map((t) => ({ ...t, transfers: [...t.transfers] })),
					windows: state.windows,
					recentCalls: state.recentCalls
				});
				const byKey = <V,>(map: Map<string, V>, keep: (v: V) => boolean) => [...map].filter(([, v]) => keep(v)).sort(([a], [b]) => a.localeCompare(b));
				const lanes = (s: HallState) =>
					JSON.stringify([byKey(s.queues, (q) => q.front.length + q.appointment.length + q.green.length + q.normal.length > 0), byKey(s.remote, (l) => l.length > 0)]);
				expect(lanes(restored)).toBe(lanes(state));
			}),
			{ numRuns: 100 }
		);
	});
});
