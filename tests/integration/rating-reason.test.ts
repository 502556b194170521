// The rating tablet's server side: a bad rating's reason and the 回访 phone land in the
// follow-up case (the phone masked to other staff, access-logged for whoever reads it whole);
// a phone that is no mobile number is refused; the visit stops being asked about once the
// window calls someone; a rating for a visit that ended too long ago is refused with a code.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ask, next, startTestHall, type TestHall } from '../support/test-hall.ts';
import { RATING_WINDOW_MS } from '../../server/cases.ts';

let hall: TestHall;
let staff: string;

beforeEach(async () => {
	hall = await startTestHall();
	staff = await hall.login('staff1');
	await hall.api('/api/windows/1/sign-in', { method: 'POST', token: staff });
});

afterEach(async () => {
	await hall.close();
});

/** Issues, calls, starts and finishes one ticket at window 1. */
async function serveOne(): Promise<{ id: string; number: string }> {
	const ticket = (await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body;
	await hall.api('/api/windows/1/call-next', { method: 'POST', token: staff });
	await hall.api('/api/windows/1/start', { method: 'POST', token: staff });
	expect((await hall.api('/api/windows/1/finish', { token: staff, body: { outcome: 'done' } })).status).toBe(200);
	return ticket;
}

function accessLog(): { staff_id: string; record_id: string; fields: string }[] {
	return hall.store.db.prepare(`SELECT staff_id, record_id, fields FROM access_log ORDER BY seq`).all() as never;
}

describe('a bad rating with its reason and a 回访 phone', () => {
	it('puts the reason and the phone into the follow-up case; the phone is masked to others and logged when read', async () => {
		const ticket = await serveOne();
		const tablet = await hall.socket();
		await ask(tablet, 'rate:subscribe', { windowId: '1' });
		const rated = await ask(tablet, 'rate:submit', { windowId: '1', grade: 1, reason: '等候时间太长；材料要求没有一次讲清', phone: '13912345678' });
		expect(rated.data).toMatchObject({ ticketId: ticket.id, grade: 1 });

		const stored = hall.store.db.prepare(`SELECT reason FROM evaluations WHERE ticket_id = ?`).get(ticket.id);
		expect(stored).toEqual({ reason: '等候时间太长；材料要求没有一次讲清' });
		// The phone is nowhere but the case: not in the evaluation, not in the case's log.
		const logged = hall.store.db.prepare(`SELECT data FROM case_events WHERE type = 'case:opened'`).get() as { data: string };
		expect(logged.data).not.toContain('13912345678');
		expect(JSON.parse(logged.data)).toMatchObject({ phone: '139****5678', reason: '等候时间太长；材料要求没有一次讲清' });

		const director = await hall.login('director');
		const [followUp] = (await hall.api('/api/cases?status=open', { token: director })).body;
		expect(followUp).toMatchObject({ source: 'evaluation', personName: null, personPhone: '13912345678', personDataMasked: false });
		expect(followUp.content).toContain('原因：等候时间太长；材料要求没有一次讲清');
		expect(followUp.content).toContain('群众留有回访电话');
		expect(accessLog().filter((e) => e.record_id === followUp.id).map((e) => e.staff_id)).toContain('d1');

		const colleague = await hall.login('staff2');
		const masked = (await hall.api(`/api/cases/${followUp.id}`, { token: colleague })).body;
		expect(masked).toMatchObject({ personPhone: '139****5678', personDataMasked: true });
		expect(accessLog().some((e) => e.staff_id === 's2')).toBe(false);
	});

	it('refuses a phone that is no mobile number; takes a bad rating without reason or phone (the resident walked away)', async () => {
		await serveOne();
		for (const phone of ['12345678901', '1391234567', '139123456789', 'abc']) {
			const refused = await hall.api('/api/windows/1/rating', { body: { grade: 2, reason: '态度不好', phone } });
			expect(refused.status, phone).toBe(400);
			expect(refused.body.error.code).toBe('bad_request');
		}
		const bare = await hall.api('/api/windows/1/rating', { body: { grade: 2 } });
		expect(bare.status).toBe(201);
		const director = await hall.login('director');
		const [followUp] = (await hall.api('/api/cases?status=open', { token: director })).body;
		expect(followUp).toMatchObject({ personPhone: null });
		expect(followUp.content).toContain('群众未说明原因');
		expect(followUp.content).toContain('群众未留回访电话');
	});

	it('keeps no reason or phone with a good rating', async () => {
		const ticket = await serveOne();
		expect((await hall.api('/api/windows/1/rating', { body: { grade: 5, reason: '很好', phone: '13912345678' } })).status).toBe(201);
		expect(hall.store.db.prepare(`SELECT reason, follow_up_case_id FROM evaluations WHERE ticket_id = ?`).get(ticket.id)).toEqual({ reason: null, follow_up_case_id: null });
		expect(hall.store.db.prepare(`SELECT COUNT(*) AS n FROM cases`).get()).toEqual({ n: 0 });
	});
});

describe('the question belongs to the visit just finished', () => {
	it('is withdrawn from the tablet once the window calls someone, yet a rating already begun is still taken', async () => {
		await serveOne();
		const tablet = await hall.socket();
		expect((await ask(tablet, 'rate:subscribe', { windowId: '1' })).data).not.toBeNull();
		await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } });
		const closed = next(tablet, 'rate:closed');
		await hall.api('/api/windows/1/call-next', { method: 'POST', token: staff });
		expect(await closed).toMatchObject({ windowId: '1' });
		// A tablet that (re)connects now is not asked about the previous visit.
		const fresh = await hall.socket();
		expect((await ask(fresh, 'rate:subscribe', { windowId: '1' })).data).toBeNull();
		// The previous resident, still typing the reason on the first tablet, is heard.
		expect((await ask(tablet, 'rate:submit', { windowId: '1', grade: 2, reason: '办理时间太长' })).data).toMatchObject({ grade: 2 });
	});

	it('is withdrawn when someone signs in at the window: a new shift is not rated for the last one\'s visit', async () => {
		await serveOne();
		const tablet = await hall.socket();
		expect((await ask(tablet, 'rate:subscribe', { windowId: '1' })).data).not.toBeNull();
		await hall.api('/api/windows/1/sign-out', { method: 'POST', token: staff });
		// Signing out alone keeps the question: the resident may still be at the counter.
		expect((await ask(await hall.socket(), 'rate:subscribe', { windowId: '1' })).data).not.toBeNull();
		const closed = next(tablet, 'rate:closed');
		const nextShift = await hall.login('staff2');
		await hall.api('/api/windows/1/sign-in', { method: 'POST', token: nextShift });
		expect(await closed).toMatchObject({ windowId: '1' });
		expect((await ask(await hall.socket(), 'rate:subscribe', { windowId: '1' })).data).toBeNull();
	});

	it('refuses a rating for a visit that ended too long ago, with rating_expired', async () => {
		await serveOne();
		hall.clock.advance(RATING_WINDOW_MS + 1_000);
		const tablet = await hall.socket();
		expect((await ask(tablet, 'rate:subscribe', { windowId: '1' })).data).toBeNull();
		const late = await hall.api('/api/windows/1/rating', { body: { grade: 1, reason: '太慢' } });
		expect(late.status).toBe(409);
		expect(late.body.error).toMatchObject({ code: 'rating_expired', message: '本次办理已结束较久，评价已关闭' });
		expect(hall.store.db.prepare(`SELECT COUNT(*) AS n FROM evaluations`).get()).toEqual({ n: 0 });
		// Nothing finished at all is still the other code.
		expect((await hall.api('/api/windows/2/rating', { body: { grade: 5 } })).body.error.code).toBe('nothing_to_rate');
	});
});

describe('the idle tablet wears the window\'s badge', () => {
	it('hears of the staff member signing in and out at its window', async () => {
		const tablet = await hall.socket();
		await ask(tablet, 'rate:subscribe', { windowId: '2' });
		const signedIn = next(tablet, 'window:changed', (f: { window: { id: string; status: string; staff: unknown } }) => f.window.id === '2' && f.window.status === 'open');
		const other = await hall.login('staff2');
		await hall.api('/api/windows/2/sign-in', { method: 'POST', token: other });
		expect((await signedIn).window.staff).toMatchObject({ staffNo: 'DQ002' });
		const signedOut = next(tablet, 'window:changed', (f: { window: { id: string; status: string } }) => f.window.id === '2' && f.window.status === 'closed');
		await hall.api('/api/windows/2/sign-out', { method: 'POST', token: other });
		expect((await signedOut).window.status).toBe('closed');
	});
});
