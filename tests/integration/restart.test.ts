import { rmSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { startTestHall, TestClock, THURSDAY_10AM, type TestHall } from '../support/test-hall.ts';

let hall: TestHall | null = null;
let dataDir: string | null = null;

afterEach(async () => {
	await hall?.stop();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it('keeps every ticket, window and number across a restart', async () => {
	const clock = new TestClock(THURSDAY_10AM);
	hall = await startTestHall({ clock });
	dataDir = hall.dataDir;
	const a1 = (await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body;
	const a2 = (await hall.api('/api/tickets', { body: { serviceId: 'party-transfer', priority: 'green' } })).body;
	const a3 = (await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body;
	const token = await hall.login('staff1');
	await hall.api('/api/windows/1/sign-in', { method: 'POST', token });
	const called = (await hall.api('/api/windows/1/call-next', { method: 'POST', token })).body;
	expect(called.number).toBe('A002'); // 绿色通道 first
	await hall.api('/api/windows/1/start', { method: 'POST', token });
	const boardBefore = (await hall.api('/api/board')).body;
	const versionBefore = hall.app.hall.version;
	await hall.stop();

	hall = await startTestHall({ clock, dataDir });
	expect(hall.app.hall.version).toBe(versionBefore);
	expect((await hall.api(`/api/tickets/${a1.id}`)).body).toMatchObject({ number: 'A001', status: 'waiting', ahead: 0 });
	expect((await hall.api(`/api/tickets/${a2.id}`)).body).toMatchObject({ number: 'A002', status: 'serving', windowName: '1号窗口' });
	expect((await hall.api(`/api/tickets/${a3.id}`)).body).toMatchObject({ number: 'A003', status: 'waiting', ahead: 1 });
	expect((await hall.api('/api/board')).body.calls).toEqual(boardBefore.calls);
	// The session, the window's sign-in and its ticket in hand all survived.
	const done = await hall.api('/api/windows/1/finish', { body: { outcome: 'done' }, token });
	expect(done.body).toMatchObject({ number: 'A002', status: 'done' });
	expect((await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body.number).toBe('A004');
	expect((await hall.api('/api/windows/1/call-next', { method: 'POST', token })).body.number).toBe('A001');
});

it('closes the day: waiting tickets expire with a record and numbers restart at midnight', async () => {
	const clock = new TestClock(THURSDAY_10AM);
	hall = await startTestHall({ clock });
	dataDir = hall.dataDir;
	const left = (await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body;
	await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } });
	// 00:00:01 on Friday in Shanghai.
	clock.ms = Date.parse('2026-11-26T16:00:01Z');
	const fresh = (await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body;
	expect(fresh.number).toBe('A001');
	expect((await hall.api(`/api/tickets/${left.id}`)).body.status).toBe('expired');
	expect(hall.store.eventsOfTicket(left.id).map((e) => e.type)).toEqual(['ticket:issued', 'ticket:expired']);
	hall.app.hall.flush();
	expect(hall.store.ticketsOfDay('2026-11-26')).toHaveLength(2);
	expect((await hall.api('/api/board')).body).toMatchObject({ day: '2026-11-27', calls: [] });

	// A restart on the new day resumes numbering, not restarts it.
	await hall.stop();
	hall = await startTestHall({ clock, dataDir });
	expect((await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body.number).toBe('A002');
});

it('recovers every acknowledged command after a crash that left the projection behind', async () => {
	const clock = new TestClock(THURSDAY_10AM);
	hall = await startTestHall({ clock });
	dataDir = hall.dataDir;
	const token = await hall.login('staff1');
	await hall.api('/api/windows/1/sign-in', { method: 'POST', token });
	const issued = [];
	for (let i = 0; i < 5; i++) issued.push((await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body);
	hall.app.hall.flush();
	// After this save, commands are only in the event log when the "power" goes.
	await hall.api('/api/windows/1/call-next', { method: 'POST', token });
	await hall.api('/api/windows/1/start', { method: 'POST', token });
	issued.push((await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body);
	const version = hall.app.hall.version;
	expect(hall.store.projectedVersion()).toBeLessThan(version);
	// Crash: no graceful close, no final save.
	hall.app.httpServer.closeAllConnections();
	hall.app.httpServer.close();
	hall.store.db.close();
	hall = null;

	hall = await startTestHall({ clock, dataDir });
	expect(hall.app.hall.version).toBe(version);
	expect((await hall.api(`/api/tickets/${issued[0].id}`)).body).toMatchObject({ number: 'A001', status: 'serving' });
	expect((await hall.api(`/api/tickets/${issued[5].id}`)).body).toMatchObject({ number: 'A006', status: 'waiting', ahead: 4 });
	expect((await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body.number).toBe('A007');
	expect((await hall.api('/api/windows/1/finish', { body: { outcome: 'done' }, token })).body.number).toBe('A001');
});
