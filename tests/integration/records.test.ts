import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHall, type TestHall } from '../support/test-hall.ts';

let hall: TestHall;

beforeEach(async () => {
	hall = await startTestHall();
});

afterEach(async () => {
	await hall.close();
});

describe('notices and objections', () => {
	it('lists the notices in their publicity period and takes an objection with a reference', async () => {
		const notices = await hall.api('/api/notices');
		expect(notices.status).toBe(200);
		expect(notices.body.length).toBeGreaterThanOrEqual(1);
		const notice = notices.body[0];
		expect(notice.publishFrom <= '2026-11-26' && notice.publishTo >= '2026-11-26').toBe(true);
		expect((await hall.api(`/api/notices/${notice.id}`)).body.title).toBe(notice.title);

		const objection = await hall.api(`/api/notices/${notice.id}/objections`, {
			body: { name: '张三明', phone: '13812341234', content: '名单中王某某家庭情况不属实', station: 'K1' }
		});
		expect(objection.status).toBe(201);
		expect(objection.body).toMatchObject({ reference: 'YY-20261126-001', noticeId: notice.id });
		const second = await hall.api(`/api/notices/${notice.id}/objections`, {
			body: { name: '李四', phone: '13900001111', content: '补充意见' }
		});
		expect(second.body.reference).toBe('YY-20261126-002');
		// Nothing personal comes back out through the public notice.
		expect(JSON.stringify((await hall.api(`/api/notices/${notice.id}`)).body)).not.toContain('13812341234');
	});

	it('rejects bad objections with a code and stores nothing', async () => {
		const [notice] = (await hall.api('/api/notices')).body;
		const bad = [
			{ name: '', phone: '13812341234', content: 'x' },
			{ name: '张三', phone: 'call me', content: 'x' },
			{ name: '张三', phone: '13812341234', content: '   ' },
			{ name: '张三', phone: '13812341234', content: 'x', extra: true }
		];
		for (const body of bad) {
			const res = await hall.api(`/api/notices/${notice.id}/objections`, { body });
			expect(res.status, JSON.stringify(body)).toBe(400);
			expect(res.body.error.code).toBe('bad_request');
		}
		const missing = await hall.api('/api/notices/nope/objections', { body: { name: '张三', phone: '13812341234', content: 'x' } });
		expect(missing.status).toBe(404);
		const count = hall.store.db.prepare('SELECT COUNT(*) AS n FROM objections').get() as { n: number };
		expect(count.n).toBe(0);
	});
});

describe('complaints and suggestions', () => {
	it('files a complaint with a reference and a due date 15 working days on', async () => {
		const res = await hall.api('/api/complaints', {
			body: { category: 'suggestion', content: '建议周六上午增加值班窗口', contactName: '王女士', contactPhone: '13700001234', station: 'K1' }
		});
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ reference: 'TS-20261126-001', dueDate: '2026-12-17' });
		const anonymous = await hall.api('/api/complaints', { body: { category: 'report', content: '匿名反映' } });
		expect(anonymous.body.reference).toBe('TS-20261126-002');
		const bad = await hall.api('/api/complaints', { body: { category: 'rant', content: 'x' } });
		expect(bad.body.error.code).toBe('bad_request');
	});
});
