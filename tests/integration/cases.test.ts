import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ask, next, startTestHall, TestClock, type TestHall } from '../support/test-hall.ts';

let hall: TestHall;
let token: string;

// Monday 2026-09-28 10:00 in Shanghai: the week before 国庆.
const BEFORE_NATIONAL_DAY = Date.parse('2026-09-28T02:00:00Z');

beforeEach(async () => {
	hall = await startTestHall({ clock: new TestClock(BEFORE_NATIONAL_DAY) });
	token = await hall.login('staff1');
	await hall.api('/api/windows/1/sign-in', { method: 'POST', token });
});

afterEach(async () => {
	await hall.close();
});

async function serveOne(outcome: 'done' | 'refused' = 'done') {
	const ticket = (await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body;
	await hall.api('/api/windows/1/call-next', { method: 'POST', token });
	await hall.api('/api/windows/1/start', { method: 'POST', token });
	await hall.api('/api/windows/1/finish', { body: outcome === 'done' ? { outcome } : { outcome, reason: '材料不全' }, token });
	return ticket;
}

describe('case register (登记备案)', () => {
	it('registers a served ticket with a working-day deadline across 国庆, then its result and notification', async () => {
		const ticket = await serveOne();
		const opened = await hall.api('/api/cases', {
			token,
			body: {
				ticketId: ticket.id,
				windowId: '1',
				personName: '张三明',
				personPhone: '13812341234',
				content: '党组织关系转入，介绍信已收',
				resolution: 'agency'
			}
		});
		expect(opened.status).toBe(201);
		// 5 working days from Mon 09-28: 29, 30, (国庆 10-01..07 off), 08, 09, Sat 10-10 (make-up day).
		expect(opened.body).toMatchObject({
			reference: 'DJ-20260928-001',
			source: 'ticket',
			ticketNumber: 'A001',
			serviceName: '党组织关系转接',
			personName: '张三明',
			personPhone: '13812341234',
			resolution: 'agency',
			acceptedDate: '2026-09-28',
			timeLimitDays: 5,
			dueDate: '2026-10-10',
			status: 'open',
			urgency: 'on_time',
			staffName: '王丽'
		});
		const id = opened.body.id;

		hall.clock.ms = Date.parse('2026-10-09T02:00:00Z');
		token = await hall.login('staff1'); // sessions last a working day
		expect((await hall.api(`/api/cases/${id}`, { token })).body.urgency).toBe('due_soon');
		expect((await hall.api('/api/cases?status=due_soon', { token })).body.map((c: { id: string }) => c.id)).toEqual([id]);
		hall.clock.ms = Date.parse('2026-10-12T02:00:00Z');
		token = await hall.login('staff1');
		expect((await hall.api('/api/cases?status=overdue', { token })).body).toHaveLength(1);
		expect((await hall.api('/api/cases?q=A001', { token })).body).toHaveLength(1);
		expect((await hall.api('/api/cases?q=张三', { token })).body).toHaveLength(1);

		const done = await hall.api(`/api/cases/${id}/result`, { token, body: { result: '已转入第一党支部' } });
		expect(done.body).toMatchObject({ status: 'done', result: '已转入第一党支部', urgency: 'closed' });
		// A closed case is an archive: its personal data is masked.
		expect(done.body).toMatchObject({ personName: '张*明', personPhone: '138****1234', personDataMasked: true });
		const told = await hall.api(`/api/cases/${id}/notification`, { token, body: { via: 'phone' } });
		expect(told.body).toMatchObject({ notifiedVia: 'phone', notifiedAt: hall.clock.ms });
		const trail = hall.store.db.prepare('SELECT type FROM case_events WHERE case_id = ? ORDER BY seq').all(id) as { type: string }[];
		expect(trail.map((t) => t.type)).toEqual(['case:opened', 'case:result', 'case:notified']);
	});

	it('registers a phone inquiry and records the 一次性告知单 of missing materials', async () => {
		const opened = await hall.api('/api/cases', {
			token,
			body: { serviceId: 'assistance', personName: '李四', personPhone: '13900001111', content: '电话咨询困难党员帮扶', resolution: 'agency' }
		});
		expect(opened.body).toMatchObject({ source: 'phone', timeLimitDays: 10, ticketId: null });
		const slip = await hall.api(`/api/cases/${opened.body.id}/notice-slip`, { token, body: { missingMaterials: ['家庭收入证明或低保证明'] } });
		expect(slip.body).toMatchObject({ missingMaterials: ['家庭收入证明或低保证明'], noticeSlipPrintedAt: hall.clock.ms });
	});

	it('refuses a case without the required fields, without a session, or for a waiting ticket, and stores nothing', async () => {
		const waiting = (await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body;
		const base = { personName: '张三', personPhone: '13812341234', content: '咨询', resolution: 'agency' };
		const cases: [Record<string, unknown>, string | undefined, number, string][] = [
			[{ ...base, personName: '' }, token, 400, 'bad_request'],
			[{ ...base, content: '  ' }, token, 400, 'bad_request'],
			[{ ...base, resolution: 'maybe' }, token, 400, 'bad_request'],
			[{ ...base, personPhone: 'none' }, token, 400, 'bad_request'],
			[{ ...base, ticketId: waiting.id }, token, 409, 'invalid_state'],
			[{ ...base, ticketId: 'nope' }, token, 404, 'unknown_ticket'],
			[{ ...base, serviceId: 'nope' }, token, 400, 'unknown_service'],
			[base, undefined, 401, 'unauthorized']
		];
		for (const [body, auth, status, code] of cases) {
			const res = await hall.api('/api/cases', { token: auth, body });
			expect(res.status, JSON.stringify(body)).toBe(status);
			expect(res.body.error.code).toBe(code);
		}
		expect((hall.store.db.prepare('SELECT COUNT(*) AS n FROM cases').get() as { n: number }).n).toBe(0);
	});
});

describe('evaluation (好差评)', () => {
	it('rates the visit just finished once; a bad rating opens a follow-up case due in 15 working days', async () => {
		const tablet = await hall.socket();
		expect((await ask(tablet, 'rate:subscribe', { windowId: '1' })).data).toBeNull();
		const asked = next(tablet, 'rate:requested');
		const ticket = await serveOne();
		expect(await asked).toMatchObject({ ticketId: ticket.id, number: 'A001', staff: { name: '王丽', staffNo: 'DQ001' } });
		const rated = await ask(tablet, 'rate:submit', { windowId: '1', grade: 2 });
		// 15 working days from Mon 09-28 across 国庆 (and the make-up days 09-20 passed, 10-10 counted).
		expect(rated.data).toMatchObject({ ticketId: ticket.id, grade: 2, followUpCaseReference: 'DJ-20260928-001' });
		const again = await ask(tablet, 'rate:submit', { windowId: '1', grade: 5 });
		expect(again.error.code).toBe('nothing_to_rate');
		const [followUp] = (await hall.api('/api/cases?status=open', { token })).body;
		expect(followUp).toMatchObject({ source: 'evaluation', ticketNumber: 'A001', dueDate: '2026-10-23', personName: null, staffId: 's1' });

		await serveOne();
		const good = await hall.api('/api/windows/1/rating', { body: { grade: 5 } });
		expect(good.status).toBe(201);
		expect(good.body.followUpCaseReference).toBeNull();
		expect((await hall.api('/api/windows/1/rating', { body: { grade: 7 } })).body.error.code).toBe('bad_request');
	});
});
