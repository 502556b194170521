import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, instantOf, localDate, type CalendarConfig, type Period } from './calendar.ts';
import { aheadOf, createState, formatNumber, isWaiting, queueFor, step } from './queue.ts';
import type { Command, DomainEvent, HallConfig, HallState, ServiceDef, Ticket } from './types.ts';
import type { Priority } from '../../src/lib/protocol.ts';

const TZ = 'Asia/Shanghai';
const ALL_DAY: Period[] = [['00:00', '24:00']];
// Always open, so that every generated issue reaches the queue logic.
const calendar: CalendarConfig = { timeZone: TZ, workdayHours: ALL_DAY, restDayHours: ALL_DAY, days: {}, knownThroughYear: 2026 };
const START_DAY = '2026-11-23';

function service(id: string, prefix: string, enabled = true): ServiceDef {
	return {
		id,
		prefix,
		name: id,
		nameEn: id,
		timeLimitDays: 5,
		enabled,
		guide: { conditions: [], materials: [], steps: [], fees: '', legalBasis: '' }
	};
}

function hallConfig(greenBurst: number): HallConfig {
	return {
		calendar,
		rules: { recallLimit: 1, greenBurst },
		services: [
			service('a', 'A'),
			service('b', 'B'),
			service('c', 'C'),
			// Shares a prefix with 'c': the counter is per prefix, not per service.
			service('c2', 'C'),
			service('off', 'X', false)
		],
		windows: [
			{ id: 'w1', name: '1', serviceIds: ['a'], zone: null },
			{ id: 'w2', name: '2', serviceIds: ['a', 'b'], zone: null },
			{ id: 'w3', name: '3', serviceIds: ['b', 'c', 'off'], zone: null },
			{ id: 'w4', name: '4', serviceIds: ['c', 'c2'], zone: null }
		]
	};
}

const SERVICE_IDS = ['a', 'b', 'c', 'c2', 'off', 'missing'];
const WINDOW_IDS = ['w1', 'w2', 'w3', 'w4'];
const STAFF_IDS = ['s1', 's2', 's3', 's4', 's5'];

type Action =
	| { kind: 'issue'; service: number; green: boolean; dt: number }
	| { kind: 'sign-in'; window: number; staff: number; dt: number }
	| { kind: 'window'; type: 'sign-out' | 'call-next' | 'recall' | 'no-show' | 'start' | 'pause' | 'resume'; window: number; stranger: boolean; dt: number }
	| { kind: 'call'; window: number; pick: number; dt: number }
	| { kind: 'finish'; window: number; refused: boolean; withReason: boolean; dt: number }
	| { kind: 'transfer'; window: number; toService: number | null; toWindow: number; note: boolean; dt: number }
	| { kind: 'rollover'; nextDay: boolean; dt: number }
	/** The natural next step at a window, read from its state: what staff mostly do. */
	| { kind: 'work'; window: number; choice: number; aux: number; dt: number };

const dt = fc.integer({ min: 0, max: 90_000 });
const windowIndex = fc.nat({ max: WINDOW_IDS.length - 1 });

const workArb: fc.Arbitrary<Action> = fc.record({
	kind: fc.constant('work' as const),
	window: windowIndex,
	choice: fc.nat({ max: 9 }),
	aux: fc.nat({ max: 99 }),
	dt
});

/** Any command, often a wrong one: exercises the refusals. */
const rawArb: fc.Arbitrary<Action> = fc.oneof(
	{
		weight: 8,
		arbitrary: fc.record({ kind: fc.constant('issue' as const), service: fc.nat({ max: SERVICE_IDS.length - 1 }), green: fc.boolean(), dt })
	},
	{
		weight: 2,
		arbitrary: fc.record({ kind: fc.constant('sign-in' as const), window: windowIndex, staff: fc.nat({ max: STAFF_IDS.length - 1 }), dt })
	},
	{
		weight: 12,
		arbitrary: fc.record({
			kind: fc.constant('window' as const),
			// Repeats weight the draw: mostly the daily work, now and then a pause or a sign-out.
			type: fc.constantFrom(
				'call-next',
				'call-next',
				'call-next',
				'call-next',
				'start',
				'start',
				'start',
				'no-show',
				'no-show',
				'recall',
				'pause',
				'resume',
				'resume',
				'sign-out'
			),
			window: windowIndex,
			stranger: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
			dt
		})
	},
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('call' as const), window: windowIndex, pick: fc.nat({ max: 20 }), dt }) },
	{
		weight: 8,
		arbitrary: fc.record({ kind: fc.constant('finish' as const), window: windowIndex, refused: fc.boolean(), withReason: fc.boolean(), dt })
	},
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('transfer' as const),
			window: windowIndex,
			toService: fc.option(fc.nat({ max: SERVICE_IDS.length - 1 }), { nil: null }),
			toWindow: windowIndex,
			note: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
			dt
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('rollover' as const),
			nextDay: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 2, arbitrary: fc.constant(false) }),
			dt
		})
	}
);

const actionArb: fc.Arbitrary<Action> = fc.oneof(
	{ weight: 12, arbitrary: workArb },
	{ weight: 5, arbitrary: fc.record({ kind: fc.constant('issue' as const), service: fc.nat({ max: 3 }), green: fc.boolean(), dt }) },
	{ weight: 4, arbitrary: rawArb },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('rollover' as const), nextDay: fc.boolean(), dt }) }
);

function check(condition: boolean, message: () => string): asserts condition {
	// Plain throws: `expect` is too slow for checks run thousands of times per property.
	if (!condition) throw new Error(message());
}

/** An independent model of the waiting lanes: what call-next must pick, and what must exist. */
interface Waiting {
	serviceId: string;
	priority: Priority;
	front: boolean;
	pinned: string | null;
	/** When the ticket (re-)entered its lane: issue, no-show requeue or transfer. */
	order: number;
}

class Model {
	day = START_DAY;
	order = 0;
	counters = new Map<string, number>();
	waiting = new Map<string, Waiting>();
	streak = new Map<string, number>();
	issued = new Set<string>();
	ended = new Map<string, Ticket>();
	/** Issued numbers per day and prefix, in issue order. */
	numbers = new Map<string, number[]>();

	constructor(readonly config: HallConfig) {}

	expectedNext(state: HallState, windowId: string): string | null {
		const min = (entries: [string, Waiting][]) =>
			entries.reduce<[string, Waiting] | null>((best, e) => (!best || e[1].order < best[1].order ? e : best), null)?.[0] ?? null;
		const entries = [...this.waiting];
		const pinned = min(entries.filter(([, w]) => w.pinned === windowId));
		if (pinned) return pinned;
		const window = this.config.windows.find((w) => w.id === windowId)!;
		const served = new Set(
			window.serviceIds.filter((id) => this.config.services.find((s) => s.id === id)?.enabled)
		);
		const mine = entries.filter(([, w]) => w.pinned === null && served.has(w.serviceId));
		const front = min(mine.filter(([, w]) => w.front));
		if (front) return front;
		const green = min(mine.filter(([, w]) => w.priority === 'green'));
		const normal = min(mine.filter(([, w]) => w.priority === 'normal'));
		if (green && (!normal || (this.streak.get(windowId) ?? 0) < this.config.rules.greenBurst)) return green;
		return normal ?? green;
	}

	/** Follows the accepted facts, checking the ones the model can predict. */
	follow(event: DomainEvent, state: HallState): void {
		switch (event.type) {
			case 'ticket:issued': {
				const { ticket } = event;
				const seqNo = (this.counters.get(ticket.prefix) ?? 0) + 1;
				check(ticket.seqNo === seqNo, () => `${ticket.number}: expected number ${seqNo} for ${ticket.prefix}`);
				check(ticket.number === formatNumber(ticket.prefix, seqNo), () => `${ticket.number} is not ${ticket.prefix}${seqNo}`);
				check(ticket.day === this.day, () => `${ticket.number} issued for ${ticket.day} on ${this.day}`);
				check(!this.issued.has(ticket.id), () => `${ticket.id} issued twice`);
				this.counters.set(ticket.prefix, seqNo);
				const key = `${this.day}/${ticket.prefix}`;
				this.numbers.set(key, [...(this.numbers.get(key) ?? []), seqNo]);
				this.issued.add(ticket.id);
				this.waiting.set(ticket.id, {
					serviceId: ticket.serviceId,
					priority: ticket.priority,
					front: false,
					pinned: null,
					order: ++this.order
				});
				break;
			}
			case 'ticket:called': {
				const w = this.waiting.get(event.ticketId);
				check(w !== undefined, () => `${event.ticketId} was called but was not waiting`);
				this.waiting.delete(event.ticketId);
				if (!w!.front && !w!.pinned) {
					this.streak.set(event.windowId, w!.priority === 'green' ? (this.streak.get(event.windowId) ?? 0) + 1 : 0);
				}
				break;
			}
			case 'ticket:no-show': {
				if (event.requeued) {
					const ticket = state.active.get(event.ticketId)!;
					this.waiting.set(event.ticketId, {
						serviceId: ticket.serviceId,
						priority: ticket.priority,
						front: false,
						pinned: ticket.targetWindowId,
						order: ++this.order
					});
				}
				break;
			}
			case 'ticket:transferred': {
				const ticket = state.active.get(event.ticketId)!;
				this.waiting.set(event.ticketId, {
					serviceId: event.transfer.toServiceId ?? ticket.serviceId,
					priority: ticket.priority,
					front: true,
					pinned: event.transfer.toWindowId,
					order: ++this.order
				});
				break;
			}
			case 'ticket:expired':
				this.waiting.delete(event.ticketId);
				break;
			case 'window:signed-out':
				this.streak.set(event.windowId, 0);
				break;
			case 'day:started':
				this.day = event.day;
				this.counters.clear();
				this.streak.clear();
				break;
			default:
				break;
		}
	}
}

/** Every invariant that must hold between any two commands. */
/** aheadOf and queueFor take shortcuts (binary search, lane heads only): compare with the plain reading. */
function checkPositions(state: HallState): void {
	for (const ticket of state.active.values()) {
		if (!isWaiting(ticket)) continue;
		const queue = state.queues.get(ticket.serviceId);
		const plain = ticket.targetWindowId
			? (state.pinned.get(ticket.targetWindowId) ?? []).indexOf(ticket.id)
			: ticket.front
				? queue!.front.indexOf(ticket.id)
				: ticket.priority === 'green'
					? queue!.front.length + queue!.green.indexOf(ticket.id)
					: queue!.front.length + queue!.green.length + queue!.normal.indexOf(ticket.id);
		check(aheadOf(state, ticket) === plain, () => `${ticket.number}: aheadOf ${aheadOf(state, ticket)}, in its lane at ${plain}`);
	}
	for (const window of state.config.windows) {
		const all = queueFor(state, window.id, Infinity).map((t) => t.id);
		for (const limit of [1, 2, 5]) {
			const short = queueFor(state, window.id, limit).map((t) => t.id);
			check(short.join() === all.slice(0, limit).join(), () => `queueFor(${window.id}, ${limit}) is not the head of the whole queue`);
		}
	}
}

function checkInvariants(state: HallState, model: Model): void {
	checkPositions(state);
	const places = new Map<string, string[]>();
	const place = (id: string, where: string) => places.set(id, [...(places.get(id) ?? []), where]);
	for (const [serviceId, queue] of state.queues) {
		for (const lane of ['front', 'green', 'normal'] as const) for (const id of queue[lane]) place(id, `${serviceId}/${lane}`);
	}
	for (const [windowId, lane] of state.pinned) for (const id of lane) place(id, `pin:${windowId}`);
	for (const [windowId, runtime] of state.windows) if (runtime.currentTicketId) place(runtime.currentTicketId, `window:${windowId}`);

	// Nothing sits anywhere unless it is active.
	for (const id of places.keys()) check(state.active.has(id), () => `${id} is placed but not active`);

	for (const ticket of state.active.values()) {
		const where = places.get(ticket.id) ?? [];
		// Exactly one place: never in two windows, never both queued and called, never nowhere.
		check(where.length === 1, () => `${ticket.number} (${ticket.status}) is in ${where.length} places: ${where.join(', ')}`);
		const [spot] = where;
		if (ticket.status === 'waiting' || ticket.status === 'transferred') {
			const expected = ticket.targetWindowId
				? `pin:${ticket.targetWindowId}`
				: `${ticket.serviceId}/${ticket.front ? 'front' : ticket.priority}`;
			check(spot === expected, () => `${ticket.number} sits in ${spot}, not ${expected}`);
			const w = model.waiting.get(ticket.id);
			check(w !== undefined, () => `${ticket.number} waits, but not in the model`);
			const modelled = w.pinned ? `pin:${w.pinned}` : `${w.serviceId}/${w.front ? 'front' : w.priority}`;
			check(spot === modelled, () => `${ticket.number} sits in ${spot}, the model says ${modelled}`);
		} else {
			check(ticket.status === 'called' || ticket.status === 'serving', () => `${ticket.number} is active as ${ticket.status}`);
			check(spot === `window:${ticket.windowId}`, () => `${ticket.number} called at ${ticket.windowId} sits in ${spot}`);
			check(state.windows.get(ticket.windowId!)!.staffId !== null, () => `${ticket.number} is held by an unstaffed window`);
		}
		check(ticket.day === state.day, () => `${ticket.number} of ${ticket.day} is active on ${state.day}`);
	}
	const waitingCount = [...state.active.values()].filter((t) => t.status === 'waiting' || t.status === 'transferred').length;
	check(model.waiting.size === waitingCount, () => `model has ${model.waiting.size} waiting, state ${waitingCount}`);

	// Lanes are in arrival order.
	const lanes = [...state.pinned.values(), ...[...state.queues.values()].flatMap((q) => [q.front, q.green, q.normal])];
	for (const lane of lanes) {
		const seqs = lane.map((id) => state.active.get(id)!.queueSeq);
		check(seqs.every((seq, i) => i === 0 || seqs[i - 1] < seq), () => `lane out of arrival order: ${seqs.join(',')}`);
	}

	// No ticket is lost: each issued ticket is active or ended with an outcome, never both.
	check(model.issued.size === state.active.size + model.ended.size, () => 'tickets lost or made up');
	for (const id of model.issued) check(state.active.has(id) !== model.ended.has(id), () => `${id} is both active and ended, or neither`);
}

function staffCommand(state: HallState, windowId: string, stranger: boolean) {
	const staffId = stranger ? 'stranger' : (state.windows.get(windowId)!.staffId ?? 'nobody');
	return { windowId, staffId };
}

function toCommand(action: Action, state: HallState, ticketSerial: () => string): Command {
	switch (action.kind) {
		case 'issue':
			return {
				type: 'issue',
				ticketId: ticketSerial(),
				serviceId: SERVICE_IDS[action.service],
				priority: action.green ? 'green' : 'normal',
				station: null
			};
		case 'sign-in':
			return { type: 'sign-in', windowId: WINDOW_IDS[action.window], staffId: STAFF_IDS[action.staff] };
		case 'window':
			return { type: action.type, ...staffCommand(state, WINDOW_IDS[action.window], action.stranger), reason: '临时离岗' } as Command;
		case 'call': {
			const ids = [...state.active.keys()];
			return {
				type: 'call',
				...staffCommand(state, WINDOW_IDS[action.window], false),
				ticketId: ids.length > 0 ? ids[action.pick % ids.length] : 'none'
			};
		}
		case 'finish':
			return {
				type: 'finish',
				...staffCommand(state, WINDOW_IDS[action.window], false),
				outcome: action.refused ? 'refused' : 'done',
				reason: action.withReason ? '材料不全' : null
			};
		case 'transfer':
			return {
				type: 'transfer',
				...staffCommand(state, WINDOW_IDS[action.window], false),
				toServiceId: action.toService === null ? null : SERVICE_IDS[action.toService],
				toWindowId: action.toService === null ? WINDOW_IDS[action.toWindow] : null,
				note: action.note ? '请到专窗办理' : ' '
			};
		case 'rollover':
			return { type: 'rollover' };
		case 'work':
			return workCommand(action, state);
	}
}

function workCommand(action: Extract<Action, { kind: 'work' }>, state: HallState): Command {
	const windowId = WINDOW_IDS[action.window];
	const runtime = state.windows.get(windowId)!;
	const { choice, aux } = action;
	if (!runtime.staffId) return { type: 'sign-in', windowId, staffId: STAFF_IDS[choice % STAFF_IDS.length] };
	const staff = { windowId, staffId: runtime.staffId };
	const ticket = runtime.currentTicketId ? state.active.get(runtime.currentTicketId)! : null;
	const transfer = (): Command =>
		aux % 2 === 0
			? { type: 'transfer', ...staff, toServiceId: SERVICE_IDS[aux % 4], toWindowId: null, note: '转' }
			: { type: 'transfer', ...staff, toServiceId: null, toWindowId: WINDOW_IDS[aux % WINDOW_IDS.length], note: '转' };
	if (runtime.status === 'paused') return choice < 8 ? { type: 'resume', ...staff } : { type: 'call-next', ...staff };
	if (!ticket) {
		if (choice < 7) return { type: 'call-next', ...staff };
		if (choice === 7) {
			const ids = [...state.active.keys()];
			return { type: 'call', ...staff, ticketId: ids.length > 0 ? ids[aux % ids.length] : 'none' };
		}
		if (choice === 8) return { type: 'pause', ...staff, reason: '临时离岗' };
		return aux < 20 ? { type: 'sign-out', ...staff } : { type: 'call-next', ...staff };
	}
	if (ticket.status === 'called') {
		if (choice < 5) return { type: 'start', ...staff };
		if (choice < 7) return { type: 'no-show', ...staff };
		if (choice === 7) return { type: 'recall', ...staff };
		if (choice === 8) return transfer();
		return { type: 'pause', ...staff, reason: '临时离岗' };
	}
	if (choice < 6) return { type: 'finish', ...staff, outcome: 'done', reason: null };
	if (choice === 6) return { type: 'finish', ...staff, outcome: 'refused', reason: aux < 80 ? '材料不全' : null };
	return transfer();
}

/** Everything but the config (which no command changes), as text: far cheaper to compare than a deep clone. */
function snapshot(state: HallState): string {
	const { config: _config, ...rest } = state;
	return JSON.stringify(rest, (_key, value: unknown) => (value instanceof Map ? [...value] : value));
}

function simulate(actions: Action[], greenBurst: number, staffed: boolean[]): Model {
	const config = hallConfig(greenBurst);
	const state = createState(config, START_DAY);
	const model = new Model(config);
	let now = instantOf(START_DAY, '08:00', TZ);
	// Start with most windows staffed so that the random walk spends its time on tickets.
	for (const [i, windowId] of WINDOW_IDS.entries()) {
		if (staffed[i]) check(step(state, { type: 'sign-in', windowId, staffId: STAFF_IDS[i] }, now).ok, () => 'sign-in');
	}
	let serial = 0;
	const ticketSerial = () => `t${++serial}`;

	for (const action of actions) {
		now += action.dt;
		if (action.kind === 'rollover' && action.nextDay) now = instantOf(addDays(localDate(now, TZ), 1), '07:00', TZ) + action.dt;
		const cmd = toCommand(action, state, ticketSerial);
		const expectedNext = cmd.type === 'call-next' ? model.expectedNext(state, cmd.windowId) : undefined;
		const activeBefore = [...state.active.keys()];
		const dayBefore = state.day;
		const before = snapshot(state);

		const result = step(state, cmd, now);
		if (!result.ok) {
			check(snapshot(state) === before, () => `${cmd.type} was refused (${result.error.code}) but changed the state`);
			if (cmd.type === 'call-next' && result.error.code === 'queue_empty') {
				check(expectedNext === null, () => `queue_empty, but the model would call ${expectedNext}`);
			}
			checkInvariants(state, model);
			continue;
		}

		for (const event of result.events) model.follow(event, state);
		for (const ticket of result.touched) {
			if (state.active.has(ticket.id)) continue;
			check(ticket.outcome !== null, () => `${ticket.number} ended without an outcome`);
			check(ticket.endedAt === now && ticket.status === ticket.outcome, () => `${ticket.number} ended inconsistently`);
			check(!model.ended.has(ticket.id), () => `${ticket.number} ended twice`);
			model.ended.set(ticket.id, ticket);
		}

		if (cmd.type === 'call-next') {
			const called = result.events.find((e) => e.type === 'ticket:called');
			const calledId = called?.type === 'ticket:called' ? called.ticketId : null;
			check(calledId === expectedNext, () => `call-next at ${cmd.windowId} took ${calledId}, the model expected ${expectedNext}`);
		}
		if (cmd.type === 'rollover' && state.day !== dayBefore) {
			expect(state.day).toBe(localDate(now, TZ));
			expect(result.touched.map((t) => t.id).sort()).toEqual(activeBefore.sort());
			expect(state.active.size).toBe(0);
		}
		checkInvariants(state, model);
	}
	return model;
}

/** Numbers per day and prefix are 1..n in issue order. */
function checkNumbering(model: Model): void {
	for (const [key, seqs] of model.numbers) {
		expect(seqs, key).toEqual(seqs.map((_, i) => i + 1));
	}
}

describe('queue core properties', () => {
	it('keeps every ticket in exactly one place, calls as the model says, and numbers without gaps', () => {
		fc.assert(
			fc.property(
				fc.array(actionArb, { minLength: 10, maxLength: 80, size: 'max' }),
				fc.integer({ min: 1, max: 3 }),
				fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), {
					minLength: WINDOW_IDS.length,
					maxLength: WINDOW_IDS.length
				}),
				(actions, greenBurst, staffed) => {
					checkNumbering(simulate(actions, greenBurst, staffed));
				}
			),
			{ numRuns: 300 }
		);
	});

	it('calls each priority lane of a service in issue order (FCFS)', () => {
		// Only issue, call-next and finish: no requeue or transfer can legitimately reorder a lane.
		const simpleAction = fc.oneof(
			fc.record({ kind: fc.constant('issue' as const), service: fc.nat({ max: 3 }), green: fc.boolean() }),
			fc.record({ kind: fc.constant('serve' as const), window: windowIndex })
		);
		fc.assert(
			fc.property(fc.array(simpleAction, { minLength: 1, maxLength: 120, size: 'max' }), (actions) => {
				const state = createState(hallConfig(2), START_DAY);
				for (const [i, windowId] of WINDOW_IDS.entries()) step(state, { type: 'sign-in', windowId, staffId: `s${i}` }, 0);
				let now = instantOf(START_DAY, '09:00', TZ);
				let serial = 0;
				const issued = new Map<string, string[]>();
				const called = new Map<string, string[]>();
				const lane = (t: Ticket) => `${t.serviceId}/${t.priority}`;
				for (const action of actions) {
					now += 1000;
					if (action.kind === 'issue') {
						const result = step(
							state,
							{ type: 'issue', ticketId: `t${++serial}`, serviceId: SERVICE_IDS[action.service], priority: action.green ? 'green' : 'normal', station: null },
							now
						);
						if (!result.ok) throw new Error(result.error.code);
						const ticket = result.touched[0];
						issued.set(lane(ticket), [...(issued.get(lane(ticket)) ?? []), ticket.id]);
						continue;
					}
					const windowId = WINDOW_IDS[action.window];
					const staffId = state.windows.get(windowId)!.staffId!;
					const result = step(state, { type: 'call-next', windowId, staffId }, now);
					if (!result.ok) {
						expect(result.error.code).toBe('queue_empty');
						continue;
					}
					const ticket = result.touched[0];
					called.set(lane(ticket), [...(called.get(lane(ticket)) ?? []), ticket.id]);
					expect(step(state, { type: 'start', windowId, staffId }, now).ok).toBe(true);
					expect(step(state, { type: 'finish', windowId, staffId, outcome: 'done', reason: null }, now).ok).toBe(true);
				}
				for (const [key, ids] of called) expect(ids, key).toEqual(issued.get(key)!.slice(0, ids.length));
			}),
			{ numRuns: 300 }
		);
	});

	it('restarts numbers after a rollover to the next local day, and never twice for one day', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.nat({ max: 6 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 6 }),
				(days) => {
					const state = createState(hallConfig(2), START_DAY);
					let date = START_DAY;
					let serial = 0;
					for (const [count, skip] of days) {
						// A rollover at a late hour of the same day must change nothing.
						const sameDay = step(state, { type: 'rollover' }, instantOf(date, '23:59', TZ));
						expect(sameDay.ok && sameDay.events).toEqual([]);
						date = addDays(date, 1 + skip);
						// 00:05 in Shanghai is still the previous day in UTC: the hall's zone decides.
						expect(step(state, { type: 'rollover' }, instantOf(date, '00:05', TZ)).ok).toBe(true);
						expect(state.day).toBe(date);
						for (let i = 1; i <= count; i++) {
							const result = step(state, { type: 'issue', ticketId: `t${++serial}`, serviceId: 'c', priority: 'normal', station: null }, instantOf(date, '09:00', TZ) + i);
							if (!result.ok) throw new Error(result.error.code);
							expect(result.touched[0]).toMatchObject({ day: date, number: formatNumber('C', i) });
						}
					}
				}
			),
			{ numRuns: 200 }
		);
	});
});
