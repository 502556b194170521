import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoHallFile, startTestHall, THURSDAY_10AM, TestClock, type TestHall } from '../support/test-hall.ts';

let hall: TestHall;

beforeEach(async () => {
	hall = await startTestHall();
});

afterEach(async () => {
	await hall.close();
});

async function staffAtWindow(username = 'staff1', windowId = '1'): Promise<string> {
	const token = await hall.login(username);
	const res = await hall.api(`/api/windows/${windowId}/sign-in`, { method: 'POST', token });
	expect(res.status).toBe(200);
	return token;
}

function issue(serviceId = 'party-transfer', extra: Record<string, unknown> = {}, headers?: Record<string, string>) {
	return hall.api('/api/tickets', { body: { serviceId, ...extra }, headers });
}

describe('public API', () => {
	it('answers health, services, windows and the board', async () => {
		expect(await hall.api('/api/health')).toEqual({ status: 200, body: { status: 'ok' } });
		const services = await hall.api('/api/services');
		expect(services.status).toBe(200);
		expect(services.body).toHaveLength(10);
		expect(services.body[0]).toMatchObject({ id: 'party-transfer', prefix: 'A', name: '党组织关系转接' });
		expect(services.body[0].guide.materials.length).toBeGreaterThan(0);
		const windows = await hall.api('/api/windows');
		expect(windows.body).toHaveLength(6);
		expect(windows.body[0]).toEqual({
			id: '1',
			name: '1号窗口',
			serviceIds: expect.arrayContaining(['party-transfer']),
			status: 'closed',
			staff: null
		});
		const board = await hall.api('/api/board');
		expect(board.body).toMatchObject({ calls: [], hallName: '幸福社区党群服务中心' });
	});

	it('passes a service group through to the kiosk', async () => {
		await hall.close();
		const file = demoHallFile();
		file.services[0].group = '组织生活';
		file.services[0].groupEn = 'Party life';
		hall = await startTestHall({ hallFile: file });
		const [first, second] = (await hall.api('/api/services')).body;
		expect(first).toMatchObject({ group: '组织生活', groupEn: 'Party life' });
		expect(second.group).toBeUndefined();
	});

	it('issues numbers per prefix in order, with people ahead', async () => {
		const a1 = await issue();
		expect(a1.status).toBe(201);
		expect(a1.body).toMatchObject({ number: 'A001', serviceId: 'party-transfer', status: 'waiting', ahead: 0 });
		expect(Object.keys(a1.body).sort()).toEqual(
			['ahead', 'calledAt', 'estimatedWaitMinutes', 'id', 'issuedAt', 'number', 'priority', 'serviceId', 'serviceName', 'status', 'windowId', 'windowName'].sort()
		);
		const a2 = await issue();
		expect(a2.body).toMatchObject({ number: 'A002', ahead: 1 });
		const b1 = await issue('letters-visits');
		expect(b1.body).toMatchObject({ number: 'B001', ahead: 0 });
		const status = await hall.api(`/api/tickets/${a2.body.id}`);
		expect(status.body).toMatchObject({ number: 'A002', status: 'waiting', ahead: 1 });
	});

	it('returns the same ticket for a retried Idempotency-Key, never a second one', async () => {
		const first = await issue('party-transfer', {}, { 'idempotency-key': 'tap-1234-abcd' });
		const again = await issue('party-transfer', {}, { 'idempotency-key': 'tap-1234-abcd' });
		expect(first.status).toBe(201);
		expect(again.status).toBe(200);
		expect(again.body.id).toBe(first.body.id);
		const next = await issue();
		expect(next.body.number).toBe('A002');
		// The same key with another request is a client bug, not a retry: refused, and no ticket.
		const other = await issue('heart-talk', {}, { 'idempotency-key': 'tap-1234-abcd' });
		expect(other.status).toBe(422);
		expect(other.body.error.code).toBe('idempotency_conflict');
		// Keys are the client's own: another kiosk station with the same key gets its own ticket.
		const elsewhere = await issue('party-transfer', { station: 'K2' }, { 'idempotency-key': 'tap-1234-abcd' });
		expect(elsewhere.status).toBe(201);
		expect(elsewhere.body.id).not.toBe(first.body.id);
		// Too short to be unique.
		expect((await issue('party-transfer', {}, { 'idempotency-key': 'x' })).body.error.code).toBe('bad_request');
	});

	it('rejects bad input with a code and changes nothing', async () => {
		const before = hall.app.hall.version;
		const cases: [unknown, number, string][] = [
			[{ serviceId: 'nope' }, 400, 'unknown_service'],
			[{ serviceId: 42 }, 400, 'bad_request'],
			[{}, 400, 'bad_request'],
			[{ serviceId: 'party-transfer', priority: 'vip' }, 400, 'bad_request'],
			[{ serviceId: 'party-transfer', extra: 1 }, 400, 'bad_request'],
			[{ serviceId: 'party-transfer', station: 'K99' }, 400, 'unknown_station'],
			['{not json', 400, 'bad_request'],
			['[]', 400, 'bad_request'],
			['null', 400, 'bad_request']
		];
		for (const [body, status, code] of cases) {
			const res = await hall.api('/api/tickets', { body });
			expect(res.status, JSON.stringify(body)).toBe(status);
			expect(res.body.error.code, JSON.stringify(body)).toBe(code);
			expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
		}
		const huge = await hall.api('/api/tickets', { body: { serviceId: 'x'.repeat(70 * 1024) } });
		expect(huge.status).toBe(413);
		expect(huge.body.error.code).toBe('payload_too_large');
		expect((await hall.api('/api/tickets/does-not-exist')).status).toBe(404);
		expect((await hall.api('/api/nothing-here')).body.error.code).toBe('not_found');
		expect(hall.app.hall.version).toBe(before);
	});

	it('says closed, with the next opening, outside office hours', async () => {
		await hall.close();
		const file = demoHallFile();
		file.hours.alwaysOpen = false;
		// 2026-11-26 19:30 in Shanghai: after hours on a Thursday.
		hall = await startTestHall({ hallFile: file, clock: new TestClock(Date.parse('2026-11-26T11:30:00Z')) });
		const res = await issue();
		expect(res.status).toBe(409);
		expect(res.body.error.code).toBe('closed');
		expect(res.body.error.details.nextOpening).toBe(Date.parse('2026-11-27T00:30:00Z'));
		hall.clock.ms = Date.parse('2026-11-27T00:30:00Z');
		expect((await issue()).status).toBe(201);
	});

	it('caps the sockets one address may hold, and frees a place when one closes', async () => {
		await hall.close();
		hall = await startTestHall({ rateLimit: true });
		const { io } = await import('socket.io-client');
		const { DEFAULT_MAX_CONNECTIONS_PER_ADDRESS } = await import('../../server/doors/socket.ts');
		const open = (): Promise<{ socket: ReturnType<typeof io>; ok: boolean }> =>
			new Promise((resolve) => {
				const socket = io(hall.url, { transports: ['websocket'], reconnection: false, forceNew: true });
				socket.on('connect', () => resolve({ socket, ok: true }));
				socket.on('connect_error', () => resolve({ socket, ok: false }));
			});
		const sockets = [];
		for (let i = 0; i < DEFAULT_MAX_CONNECTIONS_PER_ADDRESS; i++) sockets.push(await open());
		expect(sockets.every((s) => s.ok)).toBe(true);
		const over = await open();
		expect(over.ok).toBe(false);
		over.socket.close();
		const gone = sockets.pop()!.socket;
		await new Promise<void>((resolve) => {
			gone.on('disconnect', () => resolve());
			gone.close();
		});
		// The server learns of the close a moment after the client: ask until the place is free.
		let again = await open();
		for (let i = 0; i < 50 && !again.ok; i++) {
			again.socket.close();
			await new Promise((r) => setTimeout(r, 20));
			again = await open();
		}
		expect(again.ok).toBe(true);
		for (const s of [...sockets, again]) s.socket.close();
	});

	it('rate-limits ticket issuing per station and client', async () => {
		await hall.close();
		hall = await startTestHall({ rateLimit: true });
		const statuses: number[] = [];
		for (let i = 0; i < 25; i++) statuses.push((await issue('party-transfer', { station: 'K1' })).status);
		expect(statuses.filter((s) => s === 201)).toHaveLength(20);
		const limited = await issue('party-transfer', { station: 'K1' });
		expect(limited.status).toBe(429);
		expect(limited.body.error.code).toBe('rate_limited');
		hall.clock.advance(1000);
		expect((await issue('party-transfer', { station: 'K1' })).status).toBe(201);
	});
});

describe('staff API', () => {
	it('signs in with a session token or cookie, and refuses wrong passwords', async () => {
		const bad = await hall.api('/api/session', { body: { username: 'staff1', password: 'wrong' } });
		expect(bad.status).toBe(401);
		expect(bad.body.error.code).toBe('bad_credentials');
		const unknown = await hall.api('/api/session', { body: { username: 'ghost', password: 'wrong' } });
		expect(unknown.body.error.code).toBe('bad_credentials');
		const res = await fetch(`${hall.url}/api/session`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'staff1', password: 'demo1234' })
		});
		expect(res.status).toBe(200);
		// The token comes back in the body only: no cookie that another site's page could ride on.
		expect(res.headers.get('set-cookie')).toBeNull();
		const body = await res.json();
		expect(body.staff).toMatchObject({ username: 'staff1', name: '王丽', role: 'staff' });
		const me = await fetch(`${hall.url}/api/session`, { headers: { authorization: `Bearer ${body.token}` } });
		expect((await me.json()).staff.username).toBe('staff1');
		// A cookie carrying a valid token is not a session.
		const viaCookie = await fetch(`${hall.url}/api/session`, { headers: { cookie: `hall_session=${encodeURIComponent(body.token)}` } });
		expect(viaCookie.status).toBe(401);
		expect((await hall.api('/api/windows/1/sign-in', { method: 'POST' })).status).toBe(401);
	});

	it('refuses state changes from another site\'s page, on HTTP and on the socket', async () => {
		const { token } = (await hall.api('/api/session', { body: { username: 'director', password: 'demo1234' } })).body;
		const foreign = await fetch(`${hall.url}/api/console/staff`, {
			method: 'POST',
			headers: { 'content-type': 'text/plain', origin: 'http://evil.example.com', authorization: `Bearer ${token}` },
			body: JSON.stringify({ username: 'mallory', name: '某人', staffNo: '99', role: 'director', password: 'password123' })
		});
		expect(foreign.status).toBe(403);
		expect((await foreign.json()).error.code).toBe('forbidden');
		const issued = await fetch(`${hall.url}/api/tickets`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: 'http://evil.example.com' },
			body: JSON.stringify({ serviceId: 'party-transfer' })
		});
		expect(issued.status).toBe(403);
		// The hall's own pages (same origin) and clients without an Origin (agents, scripts) pass.
		const own = await fetch(`${hall.url}/api/tickets`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: hall.url },
			body: JSON.stringify({ serviceId: 'party-transfer' })
		});
		expect(own.status).toBe(201);
		const { io } = await import('socket.io-client');
		const connects = async (origin: string) => {
			const socket = io(hall.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { origin } });
			const connected = await new Promise<boolean>((resolve) => {
				socket.on('connect', () => resolve(true));
				socket.on('connect_error', () => resolve(false));
			});
			socket.close();
			return connected;
		};
		expect(await connects('http://evil.example.com')).toBe(false);
		// The same handshake from the hall's own page goes through: the refusal is the Origin's.
		expect(await connects(hall.url)).toBe(true);
	});

	it('backs off an account after repeated failures from one address, and lets it in once the wait is over', async () => {
		for (let i = 0; i < 5; i++) await hall.api('/api/session', { body: { username: 'staff2', password: 'nope' } });
		const waiting = await hall.api('/api/session', { body: { username: 'staff2', password: 'demo1234' } });
		expect(waiting.status).toBe(429);
		expect(waiting.body.error.message).toContain('密码错误次数过多');
		expect(waiting.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
		hall.clock.advance(16 * 60_000);
		expect((await hall.api('/api/session', { body: { username: 'staff2', password: 'demo1234' } })).status).toBe(200);
	});

	it('lets the director reset the password of a backed-off account and read attendance (考勤)', async () => {
		for (let i = 0; i < 5; i++) await hall.api('/api/session', { body: { username: 'staff3', password: 'nope' } });
		expect((await hall.api('/api/session', { body: { username: 'staff3', password: 'demo1234' } })).status).toBe(429);
		const staffToken = await hall.login('staff1');
		const denied = await hall.api('/api/staff/s3/reset-password', { token: staffToken, body: { password: 'new-pass-123' } });
		expect(denied.status).toBe(403);
		const director = await hall.login('director');
		expect((await hall.api('/api/staff/s3/reset-password', { token: director, body: { password: 'short' } })).status).toBe(400);
		expect((await hall.api('/api/staff/s3/reset-password', { token: director, body: { password: 'new-pass-123' } })).status).toBe(200);
		const relogin = await hall.api('/api/session', { body: { username: 'staff3', password: 'new-pass-123' } });
		expect(relogin.status).toBe(200);
		expect(relogin.body.mustChangePassword).toBe(true);
		const audit = (await hall.api('/api/console/audit', { token: director })).body;
		expect(audit[0]).toMatchObject({ action: 'staff:reset-password', target: 's3', staffId: 'd1' });

		await hall.api('/api/windows/2/sign-in', { method: 'POST', token: staffToken });
		await hall.api('/api/windows/2/sign-out', { method: 'POST', token: staffToken });
		expect((await hall.api('/api/attendance?date=2026-11-26', { token: staffToken })).status).toBe(403);
		const attendance = await hall.api('/api/attendance?date=2026-11-26', { token: director });
		expect(attendance.body.map((a: { type: string; windowName: string; staff: { name: string } }) => [a.type, a.windowName, a.staff.name])).toEqual([
			['sign-in', '2号窗口', '王丽'],
			['sign-out', '2号窗口', '王丽']
		]);
	});

	it('runs a ticket through call, recall, start and finish', async () => {
		const ticket = (await issue()).body;
		const token = await staffAtWindow();
		const called = await hall.api('/api/windows/1/call-next', { method: 'POST', token });
		expect(called.status).toBe(200);
		expect(called.body).toMatchObject({ id: ticket.id, number: 'A001', status: 'called', windowName: '1号窗口' });
		expect((await hall.api('/api/windows/1/recall', { method: 'POST', token })).body.recallCount).toBe(1);
		expect((await hall.api('/api/windows/1/start', { method: 'POST', token })).body.status).toBe('serving');
		const done = await hall.api('/api/windows/1/finish', { body: { outcome: 'done' }, token });
		expect(done.body).toMatchObject({ status: 'done' });
		expect((await hall.api(`/api/tickets/${ticket.id}`)).body.status).toBe('done');
		// An empty queue is one rule on every door: the error value queue_empty.
		const empty = await hall.api('/api/windows/1/call-next', { method: 'POST', token });
		expect(empty.status).toBe(409);
		expect(empty.body.error.code).toBe('queue_empty');
		const trail = hall.store.eventsOfTicket(ticket.id).map((e) => `${e.type}@${e.actor}`);
		expect(trail).toEqual([
			'ticket:issued@station:-',
			'ticket:called@staff:s1',
			'ticket:recalled@staff:s1',
			'ticket:started@staff:s1',
			'ticket:finished@staff:s1'
		]);
	});

	it('refuses actions in the wrong state or at another window, and changes nothing', async () => {
		await issue();
		const token = await staffAtWindow();
		const other = await hall.login('staff2');
		const before = hall.app.hall.version;
		const notMine = await hall.api('/api/windows/1/call-next', { method: 'POST', token: other });
		expect(notMine.status).toBe(403);
		expect(notMine.body.error.code).toBe('not_your_window');
		const occupied = await hall.api('/api/windows/1/sign-in', { method: 'POST', token: other });
		expect(occupied.body.error.code).toBe('window_occupied');
		const finishEarly = await hall.api('/api/windows/1/finish', { body: { outcome: 'done' }, token });
		expect(finishEarly.body.error.code).toBe('no_current_ticket');
		expect((await hall.api('/api/windows/99/call-next', { method: 'POST', token })).status).toBe(404);
		expect(hall.app.hall.version).toBe(before);

		await hall.api('/api/windows/1/call-next', { method: 'POST', token });
		const v = hall.app.hall.version;
		const notStarted = await hall.api('/api/windows/1/finish', { body: { outcome: 'done' }, token });
		expect(notStarted.status).toBe(409);
		expect(notStarted.body.error.code).toBe('invalid_state');
		await hall.api('/api/windows/1/start', { method: 'POST', token });
		const noReason = await hall.api('/api/windows/1/finish', { body: { outcome: 'refused', reason: '  ' }, token });
		expect(noReason.status).toBe(400);
		expect(noReason.body.error.code).toBe('reason_required');
		const badTransfer = await hall.api('/api/windows/1/transfer', { body: { toServiceId: 'heart-talk', note: '' }, token });
		expect(badTransfer.body.error.code).toBe('note_required');
		const nobody = await hall.api('/api/windows/1/transfer', { body: { toServiceId: 'heart-talk', note: '需谈心' }, token });
		expect(nobody.body.error.code).toBe('no_window');
		expect(hall.app.hall.version).toBe(v + 1);
		const refused = await hall.api('/api/windows/1/finish', { body: { outcome: 'refused', reason: '材料不全' }, token });
		expect(refused.body).toMatchObject({ status: 'refused' });
	});

	it('estimates the wait from today\'s real service times, once five visits of the service finished today', async () => {
		const token = await staffAtWindow();
		const serveOne = async () => {
			await hall.api('/api/windows/1/call-next', { method: 'POST', token });
			await hall.api('/api/windows/1/start', { method: 'POST', token });
			hall.clock.advance(6 * 60_000);
			await hall.api('/api/windows/1/finish', { body: { outcome: 'done' }, token });
		};
		for (let i = 0; i < 4; i++) {
			await issue();
			await serveOne();
		}
		// Four visits: too few to say anything of the next ones.
		await issue();
		const before = (await issue()).body;
		expect(before.estimatedWaitMinutes).toBeNull();
		await serveOne();
		const third = (await issue()).body;
		// Five visits of 6 minutes, one window open: the next is 6 minutes away, the one after it 12.
		expect((await hall.api(`/api/tickets/${before.id}`)).body.estimatedWaitMinutes).toBe(6);
		expect(third).toMatchObject({ ahead: 1, estimatedWaitMinutes: 12 });
	});

	it('pauses a window: no calls until resumed', async () => {
		await issue();
		const token = await staffAtWindow();
		expect((await hall.api('/api/windows/1/pause', { method: 'POST', token, body: { reason: '午间休息' } })).body.status).toBe('paused');
		const blocked = await hall.api('/api/windows/1/call-next', { method: 'POST', token });
		expect(blocked.status).toBe(409);
		expect(blocked.body.error.code).toBe('window_paused');
		expect((await hall.api('/api/windows/1/resume', { method: 'POST', token })).body.status).toBe('open');
		expect((await hall.api('/api/windows/1/call-next', { method: 'POST', token })).status).toBe(200);
	});

	it('transfers to another window with a note: front of its queue, first responder kept', async () => {
		const first = (await issue()).body;
		await issue('heart-talk');
		await issue('heart-talk');
		const t1 = await staffAtWindow('staff1', '1');
		const t4 = await staffAtWindow('staff4', '4');
		await hall.api('/api/windows/1/call-next', { method: 'POST', token: t1 });
		const moved = await hall.api('/api/windows/1/transfer', { body: { toWindowId: '4', note: '需党员谈心，转4号窗口' }, token: t1 });
		expect(moved.status).toBe(200);
		expect(moved.body).toMatchObject({ status: 'transferred', firstResponderStaffId: 's1', firstResponderWindowId: '1' });
		expect(moved.body.transfers).toEqual([
			expect.objectContaining({ fromWindowId: '1', toWindowId: '4', note: '需党员谈心，转4号窗口', byStaffId: 's1' })
		]);
		const atFour = await hall.api('/api/windows/4/call-next', { method: 'POST', token: t4 });
		expect(atFour.body).toMatchObject({ id: first.id, number: 'A001', windowName: '4号窗口', firstResponderStaffId: 's1' });
	});

	it('rejects a hall file whose opening period ends before it starts', async () => {
		const file = demoHallFile();
		file.hours.workday = [['12:00', '08:30']];
		await expect(startTestHall({ hallFile: file, clock: new TestClock(THURSDAY_10AM) })).rejects.toThrow();
	});
});
