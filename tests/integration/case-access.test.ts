// Who sees a resident's name and phone in the case register: the staff member who registered
// the case, the one it was handed to, the director; a closed case needs an approved request.
// A name search must not confirm what a mask hides, and every unmasked answer is logged.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHall, type TestHall } from '../support/test-hall.ts';

let hall: TestHall;
let owner: string;
let colleague: string;
let director: string;
let caseId: string;

async function openCase(token: string, personName: string, resolution: 'agency' | 'on_the_spot' = 'agency'): Promise<string> {
	const opened = await hall.api('/api/cases', {
		token,
		body: { serviceId: 'archives', personName, personPhone: '13812341234', content: '代办档案转递', resolution }
	});
	expect(opened.status).toBe(201);
	return opened.body.id;
}

function accessLog(): { staff_id: string; record_id: string }[] {
	return hall.store.db.prepare(`SELECT staff_id, record_id FROM access_log ORDER BY seq`).all() as never;
}

beforeEach(async () => {
	hall = await startTestHall();
	owner = await hall.login('staff1');
	colleague = await hall.login('staff2');
	director = await hall.login('director');
	caseId = await openCase(owner, '张三明');
});
afterEach(async () => {
	await hall.close();
});

describe('open cases', () => {
	it('show their personal data to the owner and the director, masked to other staff, who may not close them', async () => {
		expect((await hall.api(`/api/cases/${caseId}`, { token: owner })).body).toMatchObject({ personName: '张三明', personDataMasked: false });
		expect((await hall.api(`/api/cases/${caseId}`, { token: director })).body).toMatchObject({ personName: '张三明', personDataMasked: false });
		const seen = await hall.api(`/api/cases/${caseId}`, { token: colleague });
		expect(seen.body).toMatchObject({ personName: '张*明', personPhone: '138****1234', personDataMasked: true });
		const listed = (await hall.api('/api/cases?status=open', { token: colleague })).body as { id: string; personDataMasked: boolean }[];
		expect(listed.find((c) => c.id === caseId)?.personDataMasked).toBe(true);

		for (const [verb, body] of [
			['result', { result: '已办结' }],
			['notification', { via: 'phone' }],
			['notice-slip', { missingMaterials: ['身份证'] }],
			['transfer', { toStaffId: 's2', note: '我来接手' }]
		] as const) {
			const refused = await hall.api(`/api/cases/${caseId}/${verb}`, { token: colleague, body });
			expect(refused.status, verb).toBe(403);
		}
		expect((await hall.api(`/api/cases/${caseId}`, { token: owner })).body.status).toBe('open');
		expect(accessLog().some((e) => e.staff_id === 's2')).toBe(false);
	});

	it('handed on (转交) to a colleague: they see it and close it; the owner keeps it', async () => {
		const handed = await hall.api(`/api/cases/${caseId}/transfer`, { token: owner, body: { toStaffId: 's2', note: '档案在二楼，由李强跟进' } });
		expect(handed.status).toBe(200);
		expect(handed.body.assignedTo).toBe('s2');
		expect((await hall.api(`/api/cases/${caseId}/transfer`, { token: owner, body: { toStaffId: 'nobody', note: 'x' } })).status).toBe(404);
		expect((await hall.api(`/api/cases/${caseId}`, { token: colleague })).body).toMatchObject({ personName: '张三明', personDataMasked: false });
		expect((await hall.api(`/api/cases/${caseId}`, { token: owner })).body.personDataMasked).toBe(false);
		const third = await hall.login('staff3');
		expect((await hall.api(`/api/cases/${caseId}`, { token: third })).body.personDataMasked).toBe(true);
		expect((await hall.api(`/api/cases/${caseId}/result`, { token: colleague, body: { result: '档案已转递' } })).status).toBe(200);
		expect(accessLog().some((e) => e.staff_id === 's2' && e.record_id === caseId)).toBe(true);
		const events = hall.store.db.prepare(`SELECT type, staff_id FROM case_events WHERE case_id = ? ORDER BY seq`).all(caseId);
		expect(events).toContainEqual({ type: 'case:transferred', staff_id: 's1' });
	});
});

describe('searching by name', () => {
	it('finds only cases whose name the reader may see: not a colleague\'s, not a closed one without approval', async () => {
		const ids = async (token: string, q: string, status = 'all') =>
			((await hall.api(`/api/cases?status=${status}&q=${encodeURIComponent(q)}`, { token })).body as { id: string }[]).map((c) => c.id);
		expect(await ids(owner, '张三明')).toEqual([caseId]);
		expect(await ids(director, '三明')).toEqual([caseId]);
		// The mask says 张*明; a search for the full name must not confirm it.
		expect(await ids(colleague, '张三明')).toEqual([]);

		const closed = await openCase(owner, '李四光', 'on_the_spot');
		expect(await ids(owner, '李四光')).toEqual([]);
		expect(await ids(director, '李四光')).toEqual([]);
		// By reference the closed case is found, masked.
		const reference = (await hall.api(`/api/cases/${closed}`, { token: owner })).body.reference as string;
		const byReference = (await hall.api(`/api/cases?q=${reference}`, { token: owner })).body;
		expect(byReference).toMatchObject([{ id: closed, personName: '李*光', personDataMasked: true }]);

		const request = await hall.api(`/api/cases/${closed}/access-requests`, { token: owner, body: { reason: '补开证明' } });
		await hall.api(`/api/console/access-requests/${request.body.id}/decide`, { token: director, body: { approve: true } });
		const before = accessLog().length;
		expect(await ids(owner, '李四光')).toEqual([closed]);
		expect(accessLog().slice(before)).toEqual([{ staff_id: 's1', record_id: closed }]);
	});

	it('takes % and _ literally', async () => {
		const ids = async (q: string) => ((await hall.api(`/api/cases?status=all&q=${encodeURIComponent(q)}`, { token: owner })).body as { id: string }[]).map((c) => c.id);
		const odd = await openCase(owner, '王_%五');
		expect(await ids('%')).toEqual([odd]);
		expect(await ids('_')).toEqual([odd]);
		expect(await ids('张_明')).toEqual([]);
		expect(await ids('张%明')).toEqual([]);
	});
});

describe('申请查阅 from the case register', () => {
	it('shows the reader their own request on the closed case; a second tap is the same request; approval opens the data', async () => {
		const closed = await openCase(owner, '李四光', 'on_the_spot');
		const read = async (token: string) => (await hall.api(`/api/cases/${closed}`, { token })).body;
		expect(await read(owner)).toMatchObject({ personDataMasked: true, myAccessRequest: null });

		const first = await hall.api(`/api/cases/${closed}/access-requests`, { token: owner, body: { reason: '群众来电询问，需核对联系方式' } });
		expect(first.status).toBe(201);
		const again = await hall.api(`/api/cases/${closed}/access-requests`, { token: owner, body: { reason: '再次点击' } });
		expect(again.body.id).toBe(first.body.id);
		expect(hall.store.db.prepare(`SELECT COUNT(*) AS n FROM access_requests WHERE case_id = ?`).get(closed)).toEqual({ n: 1 });
		expect((await read(owner)).myAccessRequest).toMatchObject({ id: first.body.id, status: 'pending', expiresAt: null });
		// Another staff member's request is theirs: the owner's does not show to them.
		expect((await read(colleague)).myAccessRequest).toBeNull();
		// An open case has no archive request to show.
		expect((await read(owner)).personName).toBe('李*光');
		expect((await hall.api(`/api/cases/${caseId}`, { token: owner })).body.myAccessRequest).toBeNull();

		const listed = (await hall.api('/api/console/access-requests', { token: director })).body as { id: string; status: string }[];
		expect(listed.find((r) => r.id === first.body.id)?.status).toBe('pending');
		await hall.api(`/api/console/access-requests/${first.body.id}/decide`, { token: director, body: { approve: true } });
		expect(await read(owner)).toMatchObject({ personName: '李四光', personDataMasked: false, myAccessRequest: { status: 'approved' } });
	});
});
