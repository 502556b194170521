import { beforeEach, describe, expect, it } from 'vitest';
import { buildCalendar } from '../calendar-data.ts';
import { instantOf, type Period } from './calendar.ts';
import {
	aheadOf,
	createState,
	decide,
	formatNumber,
	nextFor,
	queueFor,
	queueOrder,
	RECENT_CALLS,
	step,
	waitingCount
} from './queue.ts';
import type { Command, HallConfig, HallState, ServiceDef, Ticket } from './types.ts';
import type { ErrorCode, Outcome, Priority } from '../../src/lib/protocol.ts';

const TZ = 'Asia/Shanghai';
const SEED_HOURS: Period[] = [
	['08:30', '12:00'],
	['14:30', '18:00']
];
const calendar = buildCalendar({ timeZone: TZ, workdayHours: SEED_HOURS, restDayHours: [], fromYear: 2026, toYear: 2027 });
const at = (date: string, hm: string) => instantOf(date, hm, TZ);

const DAY = '2026-11-23'; // a Monday
const T0 = at(DAY, '09:00');

function service(id: string, prefix: string, enabled = true): ServiceDef {
	return {
		id,
		prefix,
		name: `业务${prefix}`,
		nameEn: `Service ${prefix}`,
		timeLimitDays: 5,
		enabled,
		guide: { conditions: [], materials: [], steps: [], fees: '免费', legalBasis: '' }
	};
}

function hallConfig(): HallConfig {
	return {
		calendar,
		rules: { recallLimit: 2, greenBurst: 2 },
		services: [service('a', 'A'), service('b', 'B'), service('c', 'C', false), service('d', 'D')],
		windows: [
			{ id: 'w1', name: '1号窗口', serviceIds: ['a'], zone: null },
			{ id: 'w2', name: '2号窗口', serviceIds: ['a', 'b'], zone: null },
			{ id: 'w3', name: '3号窗口', serviceIds: ['b', 'c'], zone: null },
			{ id: 'w4', name: '4号窗口', serviceIds: ['a'], zone: null }
		]
	};
}

let state: HallState;
let now: number;
let nextId: number;

beforeEach(() => {
	state = createState(hallConfig(), DAY);
	now = T0;
	nextId = 1;
});

function run(cmd: Command, when = (now += 1000)) {
	const result = step(state, cmd, when);
	if (!result.ok) throw new Error(`${cmd.type} failed: ${result.error.code} ${result.error.message}`);
	return result;
}

/** Expects `cmd` to be refused with `code`, and the refusal to leave the state as it was. */
function refused(cmd: Command, code: ErrorCode, when = (now += 1000)) {
	const before = structuredClone(state);
	const decision = decide(state, cmd, when);
	expect(decision.ok, `${cmd.type} should fail with ${code}`).toBe(false);
	if (decision.ok) throw new Error('unreachable');
	expect(decision.error.code).toBe(code);
	expect(decision.error.message).toMatch(/\S/);
	expect(state).toStrictEqual(before);
	// step must refuse the same way, without bumping the version.
	const stepped = step(state, cmd, when);
	expect(stepped.ok).toBe(false);
	expect(state).toStrictEqual(before);
	return decision.error;
}

function issue(serviceId = 'a', priority: Priority = 'normal'): Ticket {
	const ticketId = `t${nextId++}`;
	run({ type: 'issue', ticketId, serviceId, priority, station: 'kiosk-1' });
	return state.active.get(ticketId)!;
}

const signIn = (windowId: string, staffId = `s-${windowId}`) => run({ type: 'sign-in', windowId, staffId });
const staffOf = (windowId: string) => state.windows.get(windowId)?.staffId ?? `s-${windowId}`;
const windowCmd = <T extends Command['type']>(type: T, windowId: string) =>
	({ type, windowId, staffId: staffOf(windowId), ...(type === 'pause' ? { reason: '临时离岗' } : {}) }) as Extract<Command, { type: T }>;
const callNext = (windowId: string) => {
	run(windowCmd('call-next', windowId));
	return current(windowId)!;
};
const current = (windowId: string) => {
	const id = state.windows.get(windowId)!.currentTicketId;
	return id ? (state.active.get(id) ?? null) : null;
};
const start = (windowId: string) => run(windowCmd('start', windowId));
const finish = (windowId: string, outcome: Outcome = 'done', reason: string | null = null) =>
	run({ ...windowCmd('finish', windowId), outcome, reason });
const transfer = (windowId: string, to: { service?: string; window?: string }, note = '材料齐全，转专窗') =>
	run({
		...windowCmd('transfer', windowId),
		toServiceId: to.service ?? null,
		toWindowId: to.window ?? null,
		note
	});

describe('issue (取号)', () => {
	it('numbers each prefix from 001 and queues the ticket', () => {
		const a1 = issue('a');
		const a2 = issue('a', 'green');
		const b1 = issue('b');
		expect([a1.number, a2.number, b1.number]).toEqual(['A001', 'A002', 'B001']);
		expect(a1).toMatchObject({ day: DAY, prefix: 'A', seqNo: 1, status: 'waiting', station: 'kiosk-1', issuedAt: T0 + 1000 });
		expect(a1.queueSeq).toBeLessThan(a2.queueSeq);
		expect(state.queues.get('a')).toEqual({ front: [], appointment: [], green: [a2.id], normal: [a1.id] });
		expect(state.counters.get('A')).toBe(2);
		expect(state.version).toBe(3);
		expect(formatNumber('A', 12)).toBe('A012');
		expect(formatNumber('B', 1234)).toBe('B1234');
	});

	it('returns the ticket as touched', () => {
		const result = run({ type: 'issue', ticketId: 'x', serviceId: 'a', priority: 'normal', station: null });
		expect(result.events.map((e) => e.type)).toEqual(['ticket:issued']);
		expect(result.touched.map((t) => t.id)).toEqual(['x']);
	});

	it('refuses an unknown service, a disabled one, and one no window serves', () => {
		refused({ type: 'issue', ticketId: 'x', serviceId: 'nope', priority: 'normal', station: null }, 'unknown_service');
		refused({ type: 'issue', ticketId: 'x', serviceId: 'c', priority: 'normal', station: null }, 'service_disabled');
		refused({ type: 'issue', ticketId: 'x', serviceId: 'd', priority: 'normal', station: null }, 'no_window');
	});

	it('refuses outside office hours and says when the hall opens', () => {
		const cmd: Command = { type: 'issue', ticketId: 'x', serviceId: 'a', priority: 'normal', station: null };
		expect(refused(cmd, 'closed', at('2026-11-20', '18:00')).details).toEqual({ nextOpening: at('2026-11-23', '08:30') });
		expect(refused(cmd, 'closed', at(DAY, '12:15')).details).toEqual({ nextOpening: at(DAY, '14:30') });
		expect(refused(cmd, 'closed', at('2026-10-01', '10:00')).details).toEqual({ nextOpening: at('2026-10-08', '08:30') });
		expect(step(state, cmd, at('2026-10-10', '08:30')).ok).toBe(true); // make-up Saturday
	});

	it('refuses a ticket id already in use', () => {
		const ticket = issue('a');
		refused({ type: 'issue', ticketId: ticket.id, serviceId: 'b', priority: 'normal', station: null }, 'invalid_state');
	});
});

describe('sign-in and sign-out (签到)', () => {
	it('opens the window for its staff, and signing in again changes nothing', () => {
		const result = signIn('w1', 's1');
		expect(result.events).toMatchObject([{ type: 'window:signed-in', windowId: 'w1', staffId: 's1' }]);
		expect(state.windows.get('w1')).toMatchObject({ status: 'open', staffId: 's1' });
		const version = state.version;
		expect(run({ type: 'sign-in', windowId: 'w1', staffId: 's1' }).events).toEqual([]);
		expect(state.version).toBe(version);
	});

	it('refuses an unknown window and a window someone else holds', () => {
		refused({ type: 'sign-in', windowId: 'w9', staffId: 's1' }, 'unknown_window');
		signIn('w1', 's1');
		refused({ type: 'sign-in', windowId: 'w1', staffId: 's2' }, 'window_occupied');
	});

	it('moves staff from one window to another', () => {
		signIn('w1', 's1');
		const result = run({ type: 'sign-in', windowId: 'w2', staffId: 's1' });
		expect(result.events.map((e) => [e.type, 'windowId' in e ? e.windowId : null])).toEqual([
			['window:signed-out', 'w1'],
			['window:signed-in', 'w2']
		]);
		expect(state.windows.get('w1')).toMatchObject({ status: 'closed', staffId: null });
		expect(state.windows.get('w2')).toMatchObject({ status: 'open', staffId: 's1' });
	});

	it('does not move staff who still hold a ticket', () => {
		signIn('w1', 's1');
		issue('a');
		callNext('w1');
		refused({ type: 'sign-in', windowId: 'w2', staffId: 's1' }, 'ticket_in_progress');
	});

	it('signs out, but not with a ticket in hand or at someone else’s window', () => {
		signIn('w1', 's1');
		refused({ type: 'sign-out', windowId: 'w1', staffId: 's2' }, 'not_your_window');
		refused({ type: 'sign-out', windowId: 'w9', staffId: 's1' }, 'unknown_window');
		issue('a');
		callNext('w1');
		refused({ type: 'sign-out', windowId: 'w1', staffId: 's1' }, 'ticket_in_progress');
		start('w1');
		finish('w1');
		run({ type: 'sign-out', windowId: 'w1', staffId: 's1' });
		expect(state.windows.get('w1')).toMatchObject({ status: 'closed', staffId: null });
	});
});

describe('call-next (叫号)', () => {
	beforeEach(() => {
		signIn('w1');
		signIn('w2');
		signIn('w3');
	});

	it('calls first come, first served', () => {
		const [t1, t2, t3] = [issue(), issue(), issue()];
		const called = [callNext('w1')];
		finishQuick('w1');
		called.push(callNext('w1'));
		finishQuick('w1');
		called.push(callNext('w1'));
		expect(called.map((t) => t.id)).toEqual([t1.id, t2.id, t3.id]);
		const ticket = called[2];
		expect(ticket).toMatchObject({
			status: 'called',
			windowId: 'w1',
			staffId: 's-w1',
			calledAt: now,
			firstResponderStaffId: 's-w1',
			firstResponderWindowId: 'w1'
		});
		expect(state.recentCalls.at(-1)).toEqual({ ticketId: t3.id, windowId: 'w1', staffId: 's-w1', at: now, recall: false });
	});

	it('takes the earliest head across the services a window serves', () => {
		const b1 = issue('b');
		const a1 = issue('a');
		expect(nextFor(state, 'w2', now)?.id).toBe(b1.id);
		expect(callNext('w2').id).toBe(b1.id);
		finishQuick('w2');
		expect(callNext('w2').id).toBe(a1.id);
	});

	it('calls 绿色通道 before normal tickets', () => {
		const normal = issue('a');
		const green = issue('a', 'green');
		expect(callNext('w1').id).toBe(green.id);
		expect(callNext('w2').id).toBe(normal.id);
	});

	it('lets a normal ticket through after greenBurst green calls in a row', () => {
		const n1 = issue('a');
		const n2 = issue('a');
		const greens = [issue('a', 'green'), issue('a', 'green'), issue('a', 'green'), issue('a', 'green')];
		const order: string[] = [];
		for (let i = 0; i < 6; i++) {
			order.push(callNext('w1').id);
			finishQuick('w1');
		}
		expect(order).toEqual([greens[0].id, greens[1].id, n1.id, greens[2].id, greens[3].id, n2.id]);
	});

	it('keeps the green streak per window and resets it when staff sign out', () => {
		issue('a', 'green');
		issue('a', 'green');
		const normal = issue('a');
		issue('a', 'green');
		callNext('w1');
		finishQuick('w1');
		callNext('w1');
		finishQuick('w1');
		expect(state.windows.get('w1')!.greenStreak).toBe(2);
		expect(nextFor(state, 'w1', now)?.id).toBe(normal.id);
		// Another window has no streak: green still goes first there.
		expect(nextFor(state, 'w2', now)?.priority).toBe('green');
		run(windowCmd('sign-out', 'w1'));
		signIn('w1');
		expect(nextFor(state, 'w1', now)?.priority).toBe('green');
	});

	it('calls transferred tickets first, before green and normal ones', () => {
		const first = issue('b');
		issue('a', 'green');
		issue('a');
		expect(callNext('w3').id).toBe(first.id);
		start('w3');
		transfer('w3', { service: 'a' });
		expect(callNext('w1').id).toBe(first.id);
		expect(first.front).toBe(true);
	});

	it('calls tickets pinned to this window before anything else, and only here', () => {
		issue('a', 'green');
		const b = issue('b');
		expect(callNext('w3').id).toBe(b.id);
		transfer('w3', { window: 'w1' });
		expect(nextFor(state, 'w2', now)?.id).not.toBe(b.id);
		expect(callNext('w1').id).toBe(b.id);
	});

	it('refuses an empty queue, a paused window, a ticket in hand and a stranger', () => {
		refused(windowCmd('call-next', 'w1'), 'queue_empty');
		issue('a');
		issue('a');
		refused({ type: 'call-next', windowId: 'w1', staffId: 'intruder' }, 'not_your_window');
		refused({ type: 'call-next', windowId: 'w9', staffId: 's1' }, 'unknown_window');
		refused({ type: 'call-next', windowId: 'w4', staffId: 's-w4' }, 'not_your_window'); // nobody signed in
		run(windowCmd('pause', 'w1'));
		refused(windowCmd('call-next', 'w1'), 'window_paused');
		run(windowCmd('resume', 'w1'));
		callNext('w1');
		refused(windowCmd('call-next', 'w1'), 'ticket_in_progress');
	});

	it('skips tickets of a service disabled after they were issued', () => {
		const b = issue('b');
		state.config.services.find((s) => s.id === 'b')!.enabled = false;
		refused(windowCmd('call-next', 'w3'), 'queue_empty');
		refused({ ...windowCmd('call', 'w3'), ticketId: b.id }, 'invalid_state');
	});

	function finishQuick(windowId: string) {
		start(windowId);
		finish(windowId);
	}
});

describe('call a chosen ticket', () => {
	beforeEach(() => {
		signIn('w1');
		signIn('w3');
	});

	it('calls out of order, and call-next goes on with the earliest', () => {
		const [t1, t2, t3] = [issue(), issue(), issue()];
		run({ ...windowCmd('call', 'w1'), ticketId: t3.id });
		expect(current('w1')?.id).toBe(t3.id);
		expect(state.queues.get('a')!.normal).toEqual([t1.id, t2.id]);
		start('w1');
		finish('w1');
		expect(callNext('w1').id).toBe(t1.id);
	});

	it('refuses a ticket this window does not serve, one pinned elsewhere, one already called, and an unknown id', () => {
		const a = issue('a');
		const b = issue('b');
		refused({ ...windowCmd('call', 'w1'), ticketId: b.id }, 'invalid_state');
		refused({ ...windowCmd('call', 'w1'), ticketId: 'nope' }, 'unknown_ticket');
		run({ ...windowCmd('call', 'w3'), ticketId: b.id });
		transfer('w3', { window: 'w1' });
		signIn('w4');
		refused({ ...windowCmd('call', 'w4'), ticketId: b.id }, 'invalid_state');
		run({ ...windowCmd('call', 'w4'), ticketId: a.id });
		refused({ ...windowCmd('call', 'w1'), ticketId: a.id }, 'invalid_state');
		run({ ...windowCmd('call', 'w1'), ticketId: b.id });
		expect(current('w1')?.id).toBe(b.id);
	});
});

describe('recall (重呼)', () => {
	beforeEach(() => signIn('w1'));

	it('recalls up to the limit, then asks for a no-show', () => {
		const ticket = issue();
		refused(windowCmd('recall', 'w1'), 'no_current_ticket');
		callNext('w1');
		const result = run(windowCmd('recall', 'w1'));
		expect(result.events).toMatchObject([{ type: 'ticket:recalled', ticketId: ticket.id, windowId: 'w1' }]);
		run(windowCmd('recall', 'w1'));
		expect(ticket.recallCount).toBe(2);
		expect(state.recentCalls.map((c) => c.recall)).toEqual([false, true, true]);
		const error = refused(windowCmd('recall', 'w1'), 'recall_limit');
		expect(error.message).toContain('2');
	});

	it('does not recall a ticket already being served', () => {
		issue();
		callNext('w1');
		start('w1');
		refused(windowCmd('recall', 'w1'), 'invalid_state');
	});

	it('keeps only the last RECENT_CALLS calls for the board', () => {
		issue();
		callNext('w1');
		run(windowCmd('recall', 'w1'));
		for (let i = 0; i < RECENT_CALLS + 3; i++) {
			run(windowCmd('start', 'w1'));
			run({ ...windowCmd('finish', 'w1'), outcome: 'done', reason: null });
			issue();
			callNext('w1');
		}
		expect(state.recentCalls).toHaveLength(RECENT_CALLS);
		expect(state.recentCalls.at(-1)!.ticketId).toBe(current('w1')!.id);
	});
});

describe('no-show (过号)', () => {
	beforeEach(() => signIn('w1'));

	it('puts the ticket back once at the tail, then ends it as no_show', () => {
		const t1 = issue();
		const t2 = issue();
		expect(callNext('w1').id).toBe(t1.id);
		run(windowCmd('recall', 'w1'));
		const first = run(windowCmd('no-show', 'w1'));
		expect(first.events).toMatchObject([{ type: 'ticket:no-show', ticketId: t1.id, requeued: true }]);
		expect(t1).toMatchObject({ status: 'waiting', noShowCount: 1 });
		expect(state.windows.get('w1')!.currentTicketId).toBeNull();
		const t3 = issue();
		expect(state.queues.get('a')!.normal).toEqual([t2.id, t1.id, t3.id]);

		expect(callNext('w1').id).toBe(t2.id);
		start('w1');
		finish('w1');
		const again = callNext('w1');
		expect(again.id).toBe(t1.id);
		expect(again.recallCount).toBe(0);
		const second = run(windowCmd('no-show', 'w1'));
		expect(second.events).toMatchObject([{ type: 'ticket:no-show', ticketId: t1.id, requeued: false }]);
		expect(second.touched).toHaveLength(1);
		expect(second.touched[0]).toMatchObject({ id: t1.id, status: 'no_show', outcome: 'no_show', noShowCount: 2, endedAt: now });
		expect(state.active.has(t1.id)).toBe(false);
		expect(state.queues.get('a')!.normal).toEqual([t3.id]);
		expect(state.windows.get('w1')!.currentTicketId).toBeNull();
	});

	it('refuses without a called ticket or once service has started', () => {
		refused(windowCmd('no-show', 'w1'), 'no_current_ticket');
		issue();
		callNext('w1');
		start('w1');
		refused(windowCmd('no-show', 'w1'), 'invalid_state');
	});
});

describe('start and finish (办理, 办结, 不予受理)', () => {
	beforeEach(() => signIn('w1'));

	it('starts a called ticket once', () => {
		refused(windowCmd('start', 'w1'), 'no_current_ticket');
		const ticket = issue();
		callNext('w1');
		start('w1');
		expect(ticket).toMatchObject({ status: 'serving', startedAt: now });
		refused(windowCmd('start', 'w1'), 'invalid_state');
	});

	it('finishes only a ticket being served', () => {
		refused({ ...windowCmd('finish', 'w1'), outcome: 'done', reason: null }, 'no_current_ticket');
		const ticket = issue();
		callNext('w1');
		refused({ ...windowCmd('finish', 'w1'), outcome: 'done', reason: null }, 'invalid_state');
		start('w1');
		const result = finish('w1', 'done', '  已办结  ');
		expect(result.touched[0]).toMatchObject({ id: ticket.id, status: 'done', outcome: 'done', reason: '已办结', endedAt: now });
		expect(state.active.has(ticket.id)).toBe(false);
		expect(state.windows.get('w1')!.currentTicketId).toBeNull();
	});

	it('requires a reason to refuse (不予受理)', () => {
		const ticket = issue();
		callNext('w1');
		start('w1');
		refused({ ...windowCmd('finish', 'w1'), outcome: 'refused', reason: null }, 'reason_required');
		refused({ ...windowCmd('finish', 'w1'), outcome: 'refused', reason: '   ' }, 'reason_required');
		const result = finish('w1', 'refused', '缺少户口簿原件');
		expect(result.touched[0]).toMatchObject({ id: ticket.id, status: 'refused', outcome: 'refused', reason: '缺少户口簿原件' });
	});

	it('refuses staff who are not at the window', () => {
		issue();
		callNext('w1');
		refused({ type: 'start', windowId: 'w1', staffId: 'other' }, 'not_your_window');
	});
});

describe('transfer (转移, 首问责任制)', () => {
	beforeEach(() => {
		signIn('w1', 's1');
		signIn('w3', 's3');
	});

	it('sends the ticket to the front of the target service queue, keeping the first responder and the chain', () => {
		const waitingB = issue('b');
		const ticket = issue('a');
		expect(callNext('w1').id).toBe(ticket.id);
		start('w1');
		const result = transfer('w1', { service: 'b' }, '  属于来信来访  ');
		expect(result.events).toMatchObject([
			{
				type: 'ticket:transferred',
				ticketId: ticket.id,
				transfer: { fromWindowId: 'w1', byStaffId: 's1', toServiceId: 'b', toWindowId: null, note: '属于来信来访', at: now }
			}
		]);
		expect(ticket).toMatchObject({ status: 'transferred', serviceId: 'b', front: true, startedAt: null, number: 'A001' });
		expect(state.windows.get('w1')!.currentTicketId).toBeNull();
		expect(queueOrder(state, 'b')).toEqual(['A001', 'B001']);
		expect(aheadOf(state, waitingB)).toBe(1);
		expect(waitingCount(state, 'b')).toBe(2);
		expect(waitingCount(state, 'a')).toBe(0);

		expect(callNext('w3').id).toBe(ticket.id);
		expect(ticket).toMatchObject({ windowId: 'w3', staffId: 's3', firstResponderStaffId: 's1', firstResponderWindowId: 'w1' });
		transfer('w3', { window: 'w1' }, '退回一窗');
		expect(ticket.transfers.map((t) => [t.fromWindowId, t.toServiceId, t.toWindowId])).toEqual([
			['w1', 'b', null],
			['w3', null, 'w1']
		]);
		expect(ticket.targetWindowId).toBe('w1');
		expect(ticket.firstResponderStaffId).toBe('s1');
	});

	it('puts a transferred ticket behind earlier transfers in the front lane', () => {
		signIn('w4', 's4');
		const x = issue('a');
		const y = issue('a');
		issue('b');
		callNext('w1');
		callNext('w4');
		transfer('w1', { service: 'b' });
		transfer('w4', { service: 'b' });
		expect(state.queues.get('b')!.front).toEqual([x.id, y.id]);
	});

	it('pins a ticket transferred to a window', () => {
		signIn('w4', 's4');
		issue('a');
		const ticket = issue('a');
		callNext('w1');
		const pinned = callNext('w4');
		expect(pinned.id).toBe(ticket.id);
		transfer('w4', { window: 'w3' });
		expect(state.pinned.get('w3')).toEqual([ticket.id]);
		expect(queueFor(state, 'w3', 10).map((t) => t.id)).toEqual([ticket.id]);
		expect(waitingCount(state, 'a')).toBe(1);
		expect(aheadOf(state, ticket)).toBe(0);
		// w3 does not serve 'a', but the pin makes the ticket its own.
		expect(callNext('w3').id).toBe(ticket.id);
		expect(state.pinned.get('w3')).toEqual([]);
	});

	it('refuses without a note, a target, a staffed target or a ticket', () => {
		refused({ ...windowCmd('transfer', 'w1'), toServiceId: 'b', toWindowId: null, note: 'x' }, 'no_current_ticket');
		issue('a');
		callNext('w1');
		const base = windowCmd('transfer', 'w1');
		refused({ ...base, toServiceId: 'b', toWindowId: null, note: '   ' }, 'note_required');
		refused({ ...base, toServiceId: null, toWindowId: null, note: '转' }, 'bad_request');
		refused({ ...base, toServiceId: 'b', toWindowId: 'w3', note: '转' }, 'bad_request');
		refused({ ...base, toServiceId: 'nope', toWindowId: null, note: '转' }, 'unknown_service');
		refused({ ...base, toServiceId: 'c', toWindowId: null, note: '转' }, 'service_disabled');
		refused({ ...base, toServiceId: 'd', toWindowId: null, note: '转' }, 'no_window');
		refused({ ...base, toServiceId: null, toWindowId: 'w9', note: '转' }, 'unknown_window');
		refused({ ...base, toServiceId: null, toWindowId: 'w1', note: '转' }, 'same_target');
		refused({ ...base, toServiceId: null, toWindowId: 'w2', note: '转' }, 'window_closed');
		run({ type: 'sign-out', windowId: 'w3', staffId: 's3' });
		// Windows w2 and w3 serve 'b', and neither is staffed now.
		refused({ ...base, toServiceId: 'b', toWindowId: null, note: '转' }, 'no_window');
		refused({ type: 'transfer', windowId: 'w1', staffId: 's3', toServiceId: 'a', toWindowId: null, note: '转' }, 'not_your_window');
	});
});

describe('queue views', () => {
	it('lists what a window could call: pinned, transferred, green, normal, each in arrival order', () => {
		signIn('w1');
		signIn('w3');
		const n1 = issue('a');
		const g1 = issue('a', 'green');
		const n2 = issue('a');
		const b = issue('b');
		const t = issue('b');
		expect(callNext('w3').id).toBe(b.id);
		transfer('w3', { service: 'a' });
		expect(callNext('w3').id).toBe(t.id);
		transfer('w3', { window: 'w1' });
		expect(queueFor(state, 'w1', 10).map((x) => x.id)).toEqual([t.id, b.id, g1.id, n1.id, n2.id]);
		expect(queueFor(state, 'w1', 2).map((x) => x.id)).toEqual([t.id, b.id]);
		expect(queueOrder(state, 'a')).toEqual(['B001', 'A002', 'A001', 'A003']);
		expect([n1, g1, n2].map((x) => aheadOf(state, x))).toEqual([2, 1, 3]);
		expect(aheadOf(state, t)).toBe(0);
		expect(waitingCount(state, 'a')).toBe(4);
		expect(waitingCount(state, 'b')).toBe(1);
		expect(nextFor(state, 'w9', now)).toBeNull();
		expect(queueFor(state, 'w9', 10)).toEqual([]);
	});

	it('leaves out a disabled service, as call-next does', () => {
		signIn('w3');
		const b = issue('b');
		expect(queueFor(state, 'w3', 10).map((x) => x.id)).toEqual([b.id]);
		state.config.services.find((s) => s.id === 'b')!.enabled = false;
		expect(nextFor(state, 'w3', now)).toBeNull();
		expect(queueFor(state, 'w3', 10)).toEqual([]);
	});
});

describe('pause and resume (暂停)', () => {
	beforeEach(() => signIn('w1'));

	it('pauses and resumes a window', () => {
		issue();
		run(windowCmd('pause', 'w1'));
		expect(state.windows.get('w1')!.status).toBe('paused');
		refused(windowCmd('pause', 'w1'), 'invalid_state');
		refused(windowCmd('call-next', 'w1'), 'window_paused');
		refused({ ...windowCmd('call', 'w1'), ticketId: 't1' }, 'window_paused');
		run(windowCmd('resume', 'w1'));
		expect(state.windows.get('w1')!.status).toBe('open');
		refused(windowCmd('resume', 'w1'), 'invalid_state');
		callNext('w1');
	});

	it('takes a reason: kept in the fact and on the window while paused, gone once it resumes', () => {
		refused({ type: 'pause', windowId: 'w1', staffId: staffOf('w1'), reason: '   ' }, 'reason_required');
		expect(state.windows.get('w1')!.status).toBe('open');
		const { events } = run({ type: 'pause', windowId: 'w1', staffId: staffOf('w1'), reason: ' 午间休息 ' }) as { events: unknown[] };
		expect(events).toMatchObject([{ type: 'window:paused', reason: '午间休息' }]);
		expect(state.windows.get('w1')).toMatchObject({ status: 'paused', pauseReason: '午间休息' });
		run(windowCmd('resume', 'w1'));
		expect(state.windows.get('w1')!.pauseReason).toBeNull();
	});

	it('may pause with a ticket in hand, and sign-out closes a paused window', () => {
		issue();
		callNext('w1');
		run(windowCmd('pause', 'w1'));
		start('w1');
		finish('w1');
		run(windowCmd('sign-out', 'w1'));
		expect(state.windows.get('w1')).toMatchObject({ status: 'closed', staffId: null });
	});
});

describe('rollover (日切)', () => {
	it('does nothing on the same local day', () => {
		issue();
		const result = run({ type: 'rollover' }, at(DAY, '23:59'));
		expect(result.events).toEqual([]);
		expect(state.active.size).toBe(1);
	});

	it('expires every active ticket and restarts the numbers the next day', () => {
		signIn('w1');
		signIn('w3');
		signIn('w4');
		const waiting = issue('a');
		const queued = issue('a');
		const serving = issue('a', 'green');
		const pinned = issue('b');
		callNext('w1'); // green first
		start('w1');
		expect(current('w1')!.id).toBe(serving.id);
		callNext('w4');
		expect(current('w4')!.id).toBe(waiting.id);
		callNext('w3');
		transfer('w3', { window: 'w1' });
		expect(pinned.targetWindowId).toBe('w1');
		expect(queued.status).toBe('waiting');
		const version = state.version;

		// 00:30 in Shanghai is still the previous day in UTC.
		const result = run({ type: 'rollover' }, at('2026-11-24', '00:30'));
		expect(result.events.map((e) => e.type)).toEqual([
			'ticket:expired',
			'ticket:expired',
			'ticket:expired',
			'ticket:expired',
			'day:started'
		]);
		expect(result.events.at(-1)).toMatchObject({ type: 'day:started', day: '2026-11-24' });
		expect(result.touched.map((t) => t.id).sort()).toEqual([waiting.id, queued.id, serving.id, pinned.id].sort());
		for (const ticket of result.touched) {
			expect(ticket).toMatchObject({ status: 'expired', outcome: 'expired', day: DAY, endedAt: at('2026-11-24', '00:30') });
		}
		expect(state.version).toBe(version + 1);
		expect(state.day).toBe('2026-11-24');
		expect(state.active.size).toBe(0);
		expect(queueOrder(state, 'a')).toEqual([]);
		expect(state.pinned.size).toBe(0);
		expect(state.recentCalls).toEqual([]);
		for (const runtime of state.windows.values()) expect(runtime).toMatchObject({ currentTicketId: null, greenStreak: 0 });
		// Staff stay signed in across the day change.
		expect(state.windows.get('w1')!.staffId).toBe('s-w1');

		now = at('2026-11-24', '08:30');
		const fresh = issue('a');
		expect(fresh).toMatchObject({ number: 'A001', seqNo: 1, day: '2026-11-24' });
		expect(issue('b').number).toBe('B001');
	});
});
