// What a ticket's phone page learns after 过号 and after a 不予受理: the first miss puts the
// number back in the queue (not lost), the second ends it; a refusal carries the reason the
// window recorded. Over HTTP and to the socket the phone follows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ask, next, startTestHall, type TestHall } from '../support/test-hall.ts';

let hall: TestHall;

beforeEach(async () => {
	hall = await startTestHall();
});

afterEach(async () => {
	await hall.close();
});

async function staffAtWindow(): Promise<string> {
	const token = await hall.login('staff1');
	expect((await hall.api('/api/windows/1/sign-in', { method: 'POST', token })).status).toBe(200);
	return token;
}

describe('the phone ticket after 过号 and 不予受理', () => {
	it('says a first miss is back in the queue and a second one is gone', async () => {
		const token = await staffAtWindow();
		const ticket = (await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body;
		expect(ticket.noShows).toBeUndefined();
		const phone = await hall.socket();
		await ask(phone, 'ticket:subscribe', { ticketId: ticket.id });

		const requeued = next<{ ticket: { status: string; noShows?: number } }>(phone, 'ticket:updated', (f) => f.ticket.noShows === 1);
		await hall.api('/api/windows/1/call-next', { method: 'POST', token });
		await hall.api('/api/windows/1/no-show', { method: 'POST', token });
		expect((await requeued).ticket.status).toBe('waiting');
		expect((await hall.api(`/api/tickets/${ticket.id}`)).body).toMatchObject({ status: 'waiting', noShows: 1 });

		await hall.api('/api/windows/1/call-next', { method: 'POST', token });
		await hall.api('/api/windows/1/no-show', { method: 'POST', token });
		expect((await hall.api(`/api/tickets/${ticket.id}`)).body).toMatchObject({ status: 'no_show', noShows: 2 });
	});

	it('carries the recorded 不予受理 reason, and nothing for a ticket done', async () => {
		const token = await staffAtWindow();
		const refused = (await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body;
		const done = (await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body;
		await hall.api('/api/windows/1/call-next', { method: 'POST', token });
		await hall.api('/api/windows/1/start', { method: 'POST', token });
		await hall.api('/api/windows/1/finish', { body: { outcome: 'refused', reason: '缺少党组织介绍信原件' }, token });
		await hall.api('/api/windows/1/call-next', { method: 'POST', token });
		await hall.api('/api/windows/1/start', { method: 'POST', token });
		await hall.api('/api/windows/1/finish', { body: { outcome: 'done' }, token });
		expect((await hall.api(`/api/tickets/${refused.id}`)).body).toMatchObject({ status: 'refused', refusalReason: '缺少党组织介绍信原件' });
		const finished = (await hall.api(`/api/tickets/${done.id}`)).body;
		expect(finished.status).toBe('done');
		expect(finished.refusalReason).toBeUndefined();
	});
});
