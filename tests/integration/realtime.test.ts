import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ask, next, startTestHall, type TestHall } from '../support/test-hall.ts';

let hall: TestHall;

beforeEach(async () => {
	hall = await startTestHall();
});

afterEach(async () => {
	await hall.close();
});

describe('realtime', () => {
	it('gives the board a snapshot, then the call made over HTTP', async () => {
		const board = await hall.socket();
		const snapshot = await ask(board, 'board:subscribe', {});
		expect(snapshot.data).toMatchObject({ calls: [], hallName: '幸福社区党群服务中心' });
		const issued = (await hall.api('/api/tickets', { body: { serviceId: 'party-transfer', station: 'K1' } })).body;
		const token = await hall.login('staff1');
		await hall.api('/api/windows/1/sign-in', { method: 'POST', token });
		const called = next(board, 'ticket:called');
		await hall.api('/api/windows/1/call-next', { method: 'POST', token });
		const fact = await called;
		expect(fact.call).toMatchObject({ ticketId: issued.id, number: 'A001', windowName: '1号窗口', recall: false });
		expect(fact.version).toBeGreaterThan(snapshot.data.version);
		expect(fact.call.staff).toEqual({ name: '王丽', staffNo: 'DQ001' });
	});

	it('runs staff commands over the socket with the same facts, and follows a ticket on the phone page', async () => {
		const token = await hall.login('staff1');
		await hall.api('/api/windows/1/sign-in', { method: 'POST', token });
		const kiosk = await hall.socket();
		expect((await ask(kiosk, 'kiosk:subscribe', { station: 'K1' })).data.services).toHaveLength(10);
		const issued = await ask(kiosk, 'ticket:issue', { serviceId: 'party-transfer', station: 'K1', idempotencyKey: 'k1-tap-000001' });
		expect(issued.data).toMatchObject({ number: 'A001', status: 'waiting' });
		const second = await ask(kiosk, 'ticket:issue', { serviceId: 'party-transfer', station: 'K1' });
		expect(second.data.ahead).toBe(1);

		const phone = await hall.socket();
		const followed = await ask(phone, 'ticket:subscribe', { ticketId: second.data.id });
		expect(followed.data).toMatchObject({ number: 'A002', ahead: 1 });

		const staff = await hall.socket(token);
		const view = await ask(staff, 'window:subscribe', { windowId: '1' });
		expect(view.data.queue.map((t: { number: string }) => t.number)).toEqual(['A001', 'A002']);
		const board = await hall.socket();
		await ask(board, 'board:subscribe', {});

		const boardCall = next(board, 'ticket:called');
		const phoneQueue = next(phone, 'queue:changed', (f) => f.orders.length > 0);
		const windowView = next(staff, 'window:changed', (f) => f.current?.number === 'A001');
		const ack = await ask(staff, 'ticket:call-next', { windowId: '1' });
		expect(ack.data).toMatchObject({ number: 'A001', status: 'called' });
		expect((await boardCall).call.number).toBe('A001');
		expect((await phoneQueue).orders).toEqual([{ serviceId: 'party-transfer', numbers: ['A002'], waiting: 1 }]);
		expect((await windowView).queue.map((t: { number: string }) => t.number)).toEqual(['A002']);

		await ask(staff, 'ticket:start', { windowId: '1' });
		await ask(staff, 'ticket:finish', { windowId: '1', outcome: 'done' });
		const phoneCalled = next(phone, 'ticket:updated', (f) => f.ticket.status === 'called');
		await ask(staff, 'ticket:call-next', { windowId: '1' });
		expect((await phoneCalled).ticket).toMatchObject({ number: 'A002', windowName: '1号窗口', ahead: 0 });
		expect((await ask(staff, 'ticket:recall', { windowId: '1' })).data.recallCount).toBe(1);
		expect((await ask(staff, 'ticket:recall', { windowId: '1' })).data.recallCount).toBe(2);
		expect((await ask(staff, 'ticket:recall', { windowId: '1' })).error.code).toBe('recall_limit');
		const empty = await ask(staff, 'ticket:no-show', { windowId: '1' });
		expect(empty.data).toMatchObject({ number: 'A002', status: 'waiting', noShowCount: 1 });
	});

	it('refuses socket commands without the right session, with a code', async () => {
		const before = hall.app.hall.version;
		const anonymous = await hall.socket();
		expect((await ask(anonymous, 'ticket:call-next', { windowId: '1' })).error.code).toBe('unauthorized');
		expect((await ask(anonymous, 'window:subscribe', { windowId: '1' })).error.code).toBe('unauthorized');
		const token = await hall.login('staff2');
		const staff = await hall.socket(token);
		expect((await ask(staff, 'window:subscribe', { windowId: '1' })).error.code).toBe('not_your_window');
		expect((await ask(staff, 'ticket:call-next', { windowId: '1' })).error.code).toBe('not_your_window');
		expect((await ask(staff, 'ticket:call-next', 'nonsense')).error.code).toBe('bad_request');
		expect((await ask(anonymous, 'ticket:issue', { serviceId: 'nope' })).error.code).toBe('unknown_service');
		expect((await ask(anonymous, 'ticket:subscribe', { ticketId: 'nope' })).error.code).toBe('unknown_ticket');
		expect((await ask(anonymous, 'kiosk:subscribe', { station: 'K9' })).error.code).toBe('unknown_station');
		expect((await ask(anonymous, 'board:subscribe', { zone: '<script>' })).error.code).toBe('bad_request');
		expect(hall.app.hall.version).toBe(before);
	});

	it('shows a zone board only its own windows', async () => {
		const token = await hall.login('staff4');
		await hall.api('/api/windows/4/sign-in', { method: 'POST', token });
		const east = await hall.socket();
		const eastSnapshot = await ask(east, 'board:subscribe', { zone: 'east' });
		expect(eastSnapshot.data.windows.map((w: { id: string }) => w.id)).toEqual(['1', '2', '3']);
		const west = await hall.socket();
		await ask(west, 'board:subscribe', { zone: 'west' });
		let eastHeard = 0;
		east.on('ticket:called', () => eastHeard++);
		await hall.api('/api/tickets', { body: { serviceId: 'heart-talk' } });
		const westCall = next(west, 'ticket:called');
		await hall.api('/api/windows/4/call-next', { method: 'POST', token });
		expect((await westCall).call.windowName).toBe('4号窗口');
		// The east board is in the same process: one round trip later it would have heard the call.
		await ask(east, 'board:subscribe', { zone: 'east' });
		expect(eastHeard).toBe(0);
	});
});
