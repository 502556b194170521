// 预约 and 线上取号 through the HTTP API of a real hall server (port 0, test clock).

import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { HallFile } from '../../server/config.ts';
import { instantOf } from '../../server/core/calendar.ts';
import { demoHallFile, startTestHall, THURSDAY_10AM, type TestHall } from '../support/test-hall.ts';

const TZ = 'Asia/Shanghai';
const TODAY = '2026-11-26';
const TOMORROW = '2026-11-27';
const SATURDAY = '2026-11-28';
const MINUTE = 60_000;
const at = (day: string, hm: string) => instantOf(day, hm, TZ);

function bookingHall(rules: Partial<HallFile['appointmentRules']> = {}): HallFile {
	const file = demoHallFile();
	file.hours.alwaysOpen = false;
	file.services = file.services.map((s) =>
		s.id === 'party-transfer' || s.id === 'archives'
			? { ...s, appointments: { enabled: true, slotMinutes: 30, capacity: 5, bookAheadDays: 5 } }
			: { ...s, appointments: undefined }
	);
	file.appointmentRules = {
		checkInEarlyMinutes: 30,
		lateGraceMinutes: 15,
		noShowLimit: 2,
		noShowWindowDays: 30,
		banDays: 30,
		closedDays: [],
		closedDayReasons: {},
		remoteTaking: true,
		...rules
	};
	file.rules = { recallLimit: 2, greenBurst: 3, remoteHoldMinutes: 10 };
	return file;
}

let hall: TestHall;
afterEach(async () => {
	await hall?.close();
});

const phone = (n: number) => `139${String(n).padStart(8, '0')}`;

async function book(h: TestHall, start: string, n: number, extra: Record<string, unknown> = {}) {
	return h.api('/api/appointments', { body: { serviceId: 'party-transfer', date: TODAY, start, name: '张三明', phone: phone(n), ...extra } });
}

describe('预约 slots and bookings', () => {
	it('lists the day’s slots with places left; past slots and closed days take none', async () => {
		hall = await startTestHall({ hallFile: bookingHall() });
		const slots = await hall.api(`/api/appointments/slots?serviceId=party-transfer&date=${TODAY}`);
		expect(slots.status).toBe(200);
		expect(slots.body[0]).toEqual({ start: '08:30', end: '09:00', capacity: 5, booked: 0, available: 0 });
		expect(slots.body.find((s: { start: string }) => s.start === '10:00')).toEqual({ start: '10:00', end: '10:30', capacity: 5, booked: 0, available: 5 });
		// 08:30–12:00 and 14:30–18:00 in 30-minute slots.
		expect(slots.body).toHaveLength(14);
		expect((await hall.api(`/api/appointments/slots?serviceId=party-transfer&date=${SATURDAY}`)).body.error.code).toBe('closed_day');
		expect((await hall.api(`/api/appointments/slots?serviceId=party-transfer&date=2026-02-30`)).status).toBe(400);
		expect((await hall.api(`/api/appointments/slots?serviceId=volunteer&date=${TODAY}`)).body.error.code).toBe('appointments_disabled');
		const options = await hall.api('/api/appointments/options');
		expect(options.body.services.map((s: { id: string }) => s.id)).toEqual(['party-transfer', 'archives']);
		// Five opening days from today: Thu, Fri, then Mon–Wed.
		expect(options.body.services[0].days).toEqual([TODAY, TOMORROW, '2026-11-30', '2026-12-01', '2026-12-02']);
	});

	it('100 parallel bookings for one slot of capacity 5: exactly 5 succeed, the rest are slot_full', async () => {
		hall = await startTestHall({ hallFile: bookingHall() });
		const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => book(hall, '11:00', i)));
		const created = answers.filter((a) => a.status === 201);
		expect(created).toHaveLength(5);
		expect(answers.filter((a) => a.status === 409 && a.body.error.code === 'slot_full')).toHaveLength(95);
		expect(new Set(created.map((a) => a.body.code)).size).toBe(5);
		for (const a of created) {
			expect(a.body).toMatchObject({ serviceId: 'party-transfer', date: TODAY, start: '11:00', end: '11:30', status: 'booked' });
			expect(a.body.code).toMatch(/^[ACDEFHJKMNPRTUVWXY3479]{6}$/);
		}
		const slot = (await hall.api(`/api/appointments/slots?serviceId=party-transfer&date=${TODAY}`)).body.find((s: { start: string }) => s.start === '11:00');
		expect(slot).toMatchObject({ booked: 5, available: 0 });
		// Each booking is a fact in the event log.
		const facts = hall.store.db.prepare(`SELECT COUNT(*) AS n FROM events WHERE type = 'appointment:booked'`).get() as { n: number };
		expect(facts.n).toBe(5);
	});

	it('one booking per phone per service per day; the holder sees it masked and cancels it', async () => {
		hall = await startTestHall({ hallFile: bookingHall() });
		const first = await book(hall, '10:30', 1);
		expect(first.status).toBe(201);
		expect((await book(hall, '11:00', 1)).body.error.code).toBe('duplicate_booking');
		// Another service the same day is allowed.
		expect((await book(hall, '11:00', 1, { serviceId: 'archives' })).status).toBe(201);
		const seen = await hall.api(`/api/appointments/${first.body.code.toLowerCase()}?phone=${phone(1)}`);
		expect(seen.status).toBe(200);
		expect(seen.body).toMatchObject({ code: first.body.code, status: 'booked', name: '张*明', phone: '139****0001', start: '10:30' });
		// The wrong phone finds nothing: no hint whether the code exists.
		expect((await hall.api(`/api/appointments/${first.body.code}?phone=${phone(2)}`)).status).toBe(404);
		expect((await hall.api(`/api/appointments/${first.body.code}/cancel`, { body: { phone: phone(2) } })).status).toBe(404);
		const cancelled = await hall.api(`/api/appointments/${first.body.code}/cancel`, { body: { phone: phone(1) } });
		expect(cancelled.body.status).toBe('cancelled');
		// Cancelled: the phone may book the service that day again.
		expect((await book(hall, '11:00', 1)).status).toBe(201);
		expect((await hall.api('/api/appointments', { body: { serviceId: 'party-transfer', date: TODAY, start: '11:00', name: '李四', phone: '12345678901' } })).status).toBe(400);
	});
});

describe('days closed to booking', () => {
	it('the director closes a day with a reason and opens it again: validated, audited, a config fact; /book refuses and no longer offers it', async () => {
		hall = await startTestHall({ hallFile: bookingHall() });
		let director = await hall.login('director');
		let staff = await hall.login((await hall.addStaff(1))[0]);
		const offered = async () => (await hall.api('/api/appointments/options')).body.services[0].days as string[];
		const kept = (await book(hall, '10:00', 40, { date: TOMORROW })).body;
		expect(await offered()).toContain(TOMORROW);

		// Validated: a reason, a real day, not a past one; only the director; not twice.
		const close = (body: unknown, token = director) => hall.api('/api/appointments/closed-days', { token, body });
		expect((await close({ date: TOMORROW, reason: ' ' })).body.error.code).toBe('bad_request');
		expect((await close({ date: '2026-02-30', reason: '全员培训' })).status).toBe(400);
		const past = await close({ date: '2026-11-25', reason: '全员培训' });
		expect(past.status).toBe(400);
		expect(past.body.error.message).toContain('已经过去');
		expect((await close({ date: TOMORROW, reason: '全员培训' }, staff)).status).toBe(403);
		expect((await hall.api('/api/appointments/closed-days', { body: { date: TOMORROW, reason: '全员培训' } })).status).toBe(401);
		expect(await offered()).toContain(TOMORROW);
		const versionBefore = hall.app.hall.version;

		const closed = await close({ date: TOMORROW, reason: '全员业务培训' });
		expect(closed.status).toBe(201);
		// The booking made before stays valid and is counted, so the director knows whom to call.
		expect(closed.body).toEqual([{ date: TOMORROW, reason: '全员业务培训', bookings: 1 }]);
		expect((await close({ date: TOMORROW, reason: '再关一次' })).status).toBe(409);
		expect((await hall.api('/api/appointments/closed-days', { token: staff })).body).toEqual(closed.body);

		// /book: not offered, its slots and a booking refused as closed_day; the earlier booking still stands.
		expect(await offered()).not.toContain(TOMORROW);
		expect((await hall.api(`/api/appointments/slots?serviceId=party-transfer&date=${TOMORROW}`)).body.error.code).toBe('closed_day');
		const refused = await book(hall, '11:00', 41, { date: TOMORROW });
		expect(refused.status).toBe(400);
		expect(refused.body.error).toMatchObject({ code: 'closed_day' });
		expect((await hall.api(`/api/appointments/${kept.code}?phone=${phone(40)}`)).body.status).toBe('booked');

		// In the hall file (what the console's 配置 shows and saves), as a fact in the log, and audited.
		const file = (await hall.api('/api/console/config', { token: director })).body;
		expect(file.appointmentRules).toMatchObject({ closedDays: [TOMORROW], closedDayReasons: { [TOMORROW]: '全员业务培训' } });
		expect(hall.app.hall.version).toBeGreaterThan(versionBefore);
		const fact = hall.store.db.prepare(`SELECT actor FROM events WHERE type = 'config:changed' ORDER BY version DESC LIMIT 1`).get() as { actor: string };
		expect(fact.actor).toContain('d1');
		const audit = () => hall.store.db.prepare(`SELECT staff_id, action, target, detail FROM audit_log WHERE action LIKE 'appointment.%-day' ORDER BY seq`).all() as { staff_id: string; action: string; target: string; detail: string }[];
		expect(audit()).toEqual([{ staff_id: 'd1', action: 'appointment.close-day', target: TOMORROW, detail: JSON.stringify({ reason: '全员业务培训', bookings: 1 }) }]);

		// A restart keeps it: the director's last saved hall file wins over the one the hall was started with.
		const { dataDir, clock } = hall;
		await hall.stop();
		hall = await startTestHall({ hallFile: bookingHall(), dataDir, clock });
		director = await hall.login('director');
		staff = await hall.login('t1');
		expect((await hall.api('/api/appointments/closed-days', { token: staff })).body).toEqual(closed.body);
		expect(await offered()).not.toContain(TOMORROW);

		// Opened again: offered and bookable; taking off a day that is not closed says so.
		const reopen = (body: unknown, token = director) => hall.api('/api/appointments/closed-days/reopen', { token, body });
		expect((await reopen({ date: TOMORROW }, staff)).status).toBe(403);
		const reopened = await reopen({ date: TOMORROW });
		expect(reopened.status).toBe(200);
		expect(reopened.body).toEqual([]);
		expect((await reopen({ date: TOMORROW })).body.error.code).toBe('not_found');
		expect(await offered()).toContain(TOMORROW);
		expect((await book(hall, '11:00', 41, { date: TOMORROW })).status).toBe(201);
		expect((await hall.api('/api/console/config', { token: director })).body.appointmentRules).toMatchObject({ closedDays: [], closedDayReasons: {} });
		expect(audit().map((a) => a.action)).toEqual(['appointment.close-day', 'appointment.reopen-day']);
		expect(JSON.parse(audit()[1].detail)).toEqual({ closedFor: '全员业务培训' });
		await hall.close();
		rmSync(dataDir, { recursive: true, force: true });
	});
});

describe('签到 and the queue', () => {
	it('too early says from when; in time issues a 预约 ticket once, served from its slot ahead of walk-ins', async () => {
		hall = await startTestHall({ hallFile: bookingHall() });
		const booking = (await book(hall, '11:00', 1)).body;
		const early = await hall.api('/api/appointments/check-in', { body: { code: booking.code, station: 'K1' } });
		expect(early.status).toBe(409);
		expect(early.body.error).toMatchObject({ code: 'too_early', details: { from: at(TODAY, '10:30') } });
		expect((await hall.api('/api/appointments/check-in', { body: { code: 'AAAAAA', station: 'K1' } })).status).toBe(404);

		const walkIn1 = (await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body;
		hall.clock.ms = at(TODAY, '10:40');
		const checkedIn = await hall.api('/api/appointments/check-in', { body: { code: `${booking.code.slice(0, 3)}-${booking.code.slice(3)}`, station: 'K1' } });
		expect(checkedIn.status).toBe(201);
		expect(checkedIn.body).toMatchObject({ priority: 'appointment', status: 'waiting', slotStart: at(TODAY, '11:00') });
		const again = await hall.api('/api/appointments/check-in', { body: { code: booking.code, station: 'K1' } });
		expect(again.body.id).toBe(checkedIn.body.id);
		const walkIn2 = (await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body;

		const [staff] = await hall.addStaff(1);
		const token = await hall.login(staff);
		expect((await hall.api('/api/windows/1/sign-in', { token, body: {} })).status).toBe(200);
		// Before 11:00 the booking waits its slot: the walk-in goes first.
		const beforeSlot = await hall.api('/api/windows/1/call-next', { token, body: {} });
		expect(beforeSlot.body.id).toBe(walkIn1.id);
		await hall.api('/api/windows/1/start', { token, body: {} });
		await hall.api('/api/windows/1/finish', { token, body: { outcome: 'done' } });
		hall.clock.ms = at(TODAY, '11:00');
		const atSlot = await hall.api('/api/windows/1/call-next', { token, body: {} });
		expect(atSlot.body).toMatchObject({ id: checkedIn.body.id, priority: 'appointment' });
		expect(walkIn2.status).toBe('waiting');
		// The window sees the booking behind the ticket, masked.
		const behind = await hall.api(`/api/appointments/ticket?ticketId=${checkedIn.body.id}`, { token });
		expect(behind.body).toMatchObject({ status: 'checked_in', start: '11:00', name: '张*明', phone: '139****0001' });
		expect((await hall.api(`/api/appointments/ticket?ticketId=${checkedIn.body.id}`)).status).toBe(401);
		// Opening it in full leaves a line in the access log.
		const opened = await hall.api('/api/appointments/open', { token, body: { id: behind.body.id } });
		expect(opened.body).toMatchObject({ name: '张三明', phone: phone(1) });
		const logged = hall.store.db.prepare(`SELECT * FROM access_log WHERE record_type = 'appointment'`).all();
		expect(logged).toHaveLength(1);
		const facts = hall.store.db.prepare(`SELECT type FROM events WHERE type LIKE 'appointment:%' ORDER BY seq`).all() as { type: string }[];
		expect(facts.map((f) => f.type)).toEqual(['appointment:booked', 'appointment:checked-in']);
	});

	it('too late past the grace; a missed slot is a 爽约, and the limit bans the phone until the director lifts it', async () => {
		hall = await startTestHall({ hallFile: bookingHall() });
		const today = (await book(hall, '10:00', 7)).body;
		const tomorrow = (await book(hall, '10:00', 7, { date: TOMORROW })).body;
		hall.clock.ms = at(TODAY, '10:16');
		const late = await hall.api('/api/appointments/check-in', { body: { code: today.code, station: 'K1' } });
		expect(late.body.error.code).toBe('too_late');
		expect((await hall.api(`/api/appointments/${today.code}?phone=${phone(7)}`)).body.status).toBe('no_show');
		// One miss: still allowed.
		expect((await book(hall, '15:00', 7, { serviceId: 'archives' })).status).toBe(201);
		hall.clock.ms = at(TOMORROW, '10:16');
		const banned = await book(hall, '11:00', 7, { date: TOMORROW, serviceId: 'archives' });
		expect(banned.status).toBe(409);
		expect(banned.body.error.code).toBe('booking_banned');
		expect(banned.body.error.details.until).toBe(at(TOMORROW, '10:00') + 30 * 24 * 60 * MINUTE);
		void tomorrow;
		const staffToken = await hall.login((await hall.addStaff(1))[0]);
		expect((await hall.api('/api/appointments/lift-ban', { token: staffToken, body: { phone: phone(7), reason: '系统通知未送达' } })).status).toBe(403);
		const director = await hall.login('director');
		expect((await hall.api(`/api/appointments/ban?phone=${phone(7)}`, { token: director })).body.until).not.toBeNull();
		const lifted = await hall.api('/api/appointments/lift-ban', { token: director, body: { phone: phone(7), reason: '系统通知未送达' } });
		expect(lifted.body).toEqual({ lifted: true });
		expect((await book(hall, '11:00', 7, { date: TOMORROW, serviceId: 'archives' })).status).toBe(201);
		const report = await hall.api(`/api/appointments/report?from=${TODAY}&to=${TOMORROW}`, { token: director });
		expect(report.body.find((r: { serviceId: string }) => r.serviceId === 'party-transfer')).toMatchObject({ bookings: 2, noShows: 2, checkedIn: 0 });
	});

	it('staff check a resident in at the window (no kiosk): the fact names the staff member', async () => {
		hall = await startTestHall({ hallFile: bookingHall() });
		const booking = (await book(hall, '10:00', 2)).body;
		// Without a kiosk station, only staff may check in.
		expect((await hall.api('/api/appointments/check-in', { body: { code: booking.code } })).body.error.code).toBe('bad_request');
		const token = await hall.login((await hall.addStaff(1))[0]);
		const ticket = await hall.api('/api/appointments/check-in', { token, body: { code: booking.code } });
		expect(ticket.status).toBe(201);
		expect(ticket.body).toMatchObject({ priority: 'appointment', status: 'waiting' });
		const fact = hall.store.db.prepare(`SELECT actor FROM events WHERE type = 'appointment:checked-in'`).get() as { actor: string };
		expect(fact.actor).toBe('staff:t1');
		// A remote ticket too, through the same door.
		const remote = (await hall.api('/api/remote-tickets', { body: { serviceId: 'party-transfer', phone: phone(3) } })).body;
		const activated = await hall.api('/api/appointments/check-in', { token, body: { code: remote.code } });
		expect(activated.body).toMatchObject({ id: remote.id, status: 'waiting' });
	});

	it('staff checking residents in at windows are not limited with the kiosks of their address', async () => {
		// The hall's real limits (20 at once, 5 a second per key); the test clock stands still, so nothing refills.
		hall = await startTestHall({ hallFile: bookingHall(), rateLimit: true });
		const bookings = [];
		for (let n = 1; n <= 3; n++) bookings.push((await book(hall, '10:00', 20 + n)).body);
		const [t1, t2] = await hall.addStaff(2);
		const staff1 = await hall.login(t1);
		const staff2 = await hall.login(t2);
		// A kiosk on the same address (loopback here, the hall's NAT in a hall) types wrong codes until it is stopped.
		const kiosk = () => hall.api('/api/appointments/check-in', { body: { code: 'AAA-AAA', station: 'K1' } });
		for (let i = 0; i < 20; i++) expect((await kiosk()).body.error.code).toBe('unknown_appointment');
		const stopped = await kiosk();
		expect(stopped.status).toBe(429);
		expect(stopped.body.error.code).toBe('rate_limited');
		expect((await hall.api('/api/remote-tickets/check-in', { body: { code: 'AAA-AAA', station: 'K1' } })).status).toBe(429);
		// The windows on that address still check residents in, each on its own.
		expect((await hall.api('/api/appointments/check-in', { token: staff1, body: { code: bookings[0].code } })).status).toBe(201);
		expect((await hall.api('/api/appointments/check-in', { token: staff2, body: { code: bookings[1].code } })).status).toBe(201);
		// A staff member has a bucket of their own, so one at a window trying codes in a loop is still stopped, alone.
		for (let i = 0; i < 19; i++) await hall.api('/api/appointments/check-in', { token: staff1, body: { code: 'AAA-AAA' } });
		expect((await hall.api('/api/appointments/check-in', { token: staff1, body: { code: bookings[2].code } })).body.error.code).toBe('rate_limited');
		expect((await hall.api('/api/appointments/check-in', { token: staff2, body: { code: bookings[2].code } })).status).toBe(201);
		// And the kiosk is still stopped: staff took nothing from its bucket and gave it nothing.
		expect((await kiosk()).status).toBe(429);
	});

	it('staff cancel with a reason; the day list is masked', async () => {
		hall = await startTestHall({ hallFile: bookingHall() });
		const booking = (await book(hall, '11:00', 3)).body;
		const director = await hall.login('director');
		const day = await hall.api(`/api/appointments/day?date=${TODAY}`, { token: director });
		expect(day.body).toHaveLength(1);
		expect(day.body[0]).toMatchObject({ code: booking.code, name: '张*明', phone: '139****0003' });
		expect((await hall.api(`/api/appointments/day?date=${TODAY}`)).status).toBe(401);
		expect((await hall.api('/api/appointments/staff-cancel', { token: director, body: { id: booking.id, reason: '' } })).status).toBe(400);
		const cancelled = await hall.api('/api/appointments/staff-cancel', { token: director, body: { id: booking.id, reason: '窗口设备检修' } });
		expect(cancelled.body.status).toBe('cancelled');
		expect((await hall.api(`/api/appointments/day?date=${TODAY}`, { token: director })).body[0]).toMatchObject({ cancelReason: '窗口设备检修', cancelledBy: 'd1' });
	});
});

describe('线上取号', () => {
	it('holds a place, is passed over when its turn comes, checks in to that place, and is called', async () => {
		hall = await startTestHall({ hallFile: bookingHall() });
		const remote = await hall.api('/api/remote-tickets', { body: { serviceId: 'party-transfer', phone: phone(5) } });
		expect(remote.status).toBe(201);
		expect(remote.body).toMatchObject({ status: 'remote', number: 'A001', ahead: 0 });
		expect((await hall.api('/api/remote-tickets', { body: { serviceId: 'archives', phone: phone(5) } })).body.error.code).toBe('duplicate_remote');
		const walkIn = (await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body;
		const later = (await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } })).body;
		expect((await hall.api(`/api/tickets/${walkIn.id}`)).body.ahead).toBe(0);

		const token = await hall.login((await hall.addStaff(1))[0]);
		await hall.api('/api/windows/1/sign-in', { token, body: {} });
		const first = await hall.api('/api/windows/1/call-next', { token, body: {} });
		expect(first.body.id).toBe(walkIn.id);
		const held = await hall.api(`/api/remote-tickets/${remote.body.code}?phone=${phone(5)}`);
		expect(held.body).toMatchObject({ status: 'remote', heldUntil: THURSDAY_10AM + 10 * MINUTE });
		expect((await hall.api(`/api/remote-tickets/${remote.body.code}?phone=${phone(6)}`)).status).toBe(404);

		hall.clock.advance(5 * MINUTE);
		const checkedIn = await hall.api('/api/remote-tickets/check-in', { body: { code: remote.body.code, station: 'K1' } });
		expect(checkedIn.status).toBe(200);
		expect(checkedIn.body).toMatchObject({ id: remote.body.id, status: 'waiting', ahead: 0 });
		await hall.api('/api/windows/1/start', { token, body: {} });
		await hall.api('/api/windows/1/finish', { token, body: { outcome: 'done' } });
		// Its place: ahead of the walk-in who came after it.
		const next = await hall.api('/api/windows/1/call-next', { token, body: {} });
		expect(next.body.id).toBe(remote.body.id);
		expect(later.status).toBe('waiting');
	});

	it('expires with a record once the hold runs out; a late check-in is refused', async () => {
		hall = await startTestHall({ hallFile: bookingHall() });
		const remote = (await hall.api('/api/remote-tickets', { body: { serviceId: 'party-transfer', phone: phone(8) } })).body;
		await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } });
		const token = await hall.login((await hall.addStaff(1))[0]);
		await hall.api('/api/windows/1/sign-in', { token, body: {} });
		await hall.api('/api/windows/1/call-next', { token, body: {} });
		hall.clock.advance(10 * MINUTE);
		expect((await hall.api('/api/remote-tickets/check-in', { body: { code: remote.code, station: 'K1' } })).body.error.code).toBe('too_late');
		hall.app.hall.rollover();
		expect((await hall.api(`/api/tickets/${remote.id}`)).body.status).toBe('expired');
		const record = hall.store.db.prepare(`SELECT data FROM events WHERE ticket_id = ? AND type = 'ticket:expired'`).get(remote.id) as { data: string };
		expect(JSON.parse(record.data)).toMatchObject({ reason: 'remote_hold' });
		// Expired: the phone may take a new one.
		expect((await hall.api('/api/remote-tickets', { body: { serviceId: 'party-transfer', phone: phone(8) } })).status).toBe(201);
	});
});

describe('notifications', () => {
	it('a booking, its reminder and 「快到您了」 go through the outbox to the preview adapter', async () => {
		hall = await startTestHall({ hallFile: bookingHall() });
		const { outbox } = hall.app.appointments;
		const booking = (await book(hall, '11:30', 4)).body;
		await outbox.idle();
		const afterBooking = outbox.list();
		expect(afterBooking.find((n) => n.kind === 'booked')).toMatchObject({ status: 'sent', recipient: '139****0004' });
		// The reminder waits for 10:30, an hour before the slot.
		expect(afterBooking.find((n) => n.kind === 'reminder')).toMatchObject({ status: 'pending', dueAt: at(TODAY, '10:30') });
		const cancelled = await hall.api(`/api/appointments/${booking.code}/cancel`, { body: { phone: phone(4) } });
		expect(cancelled.body.status).toBe('cancelled');
		await outbox.idle();
		expect(outbox.list().find((n) => n.kind === 'reminder')?.status).toBe('cancelled');
		expect(outbox.list().find((n) => n.kind === 'cancelled')?.status).toBe('sent');

		// A remote ticket behind five walk-ins is told once when three or fewer are ahead.
		for (let i = 0; i < 5; i++) await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } });
		const remote = (await hall.api('/api/remote-tickets', { body: { serviceId: 'party-transfer', phone: phone(9) } })).body;
		expect(remote.ahead).toBe(5);
		const token = await hall.login((await hall.addStaff(1))[0]);
		await hall.api('/api/windows/1/sign-in', { token, body: {} });
		const almost = () => outbox.list().filter((n) => n.kind === 'almost_turn');
		await hall.api('/api/windows/1/call-next', { token, body: {} });
		expect(almost()).toHaveLength(0);
		await hall.api('/api/windows/1/start', { token, body: {} });
		await hall.api('/api/windows/1/finish', { token, body: { outcome: 'done' } });
		await hall.api('/api/windows/1/call-next', { token, body: {} });
		await outbox.idle();
		expect(almost()).toHaveLength(1);
		expect(almost()[0]).toMatchObject({ recipient: '139****0009', status: 'sent' });
		await hall.api('/api/windows/1/start', { token, body: {} });
		await hall.api('/api/windows/1/finish', { token, body: { outcome: 'done' } });
		await hall.api('/api/windows/1/call-next', { token, body: {} });
		expect(almost()).toHaveLength(1);
		const director = await hall.login('director');
		expect((await hall.api('/api/appointments/notifications', { token: director })).body.length).toBe(outbox.list().length);
		expect((await hall.api('/api/appointments/notifications')).status).toBe(401);
	});
});

describe('durability', () => {
	it('bookings, check-ins and remote holds survive a restart', async () => {
		hall = await startTestHall({ hallFile: bookingHall() });
		const booking = (await book(hall, '10:30', 1)).body;
		const remote = (await hall.api('/api/remote-tickets', { body: { serviceId: 'party-transfer', phone: phone(2) } })).body;
		const ticket = (await hall.api('/api/appointments/check-in', { body: { code: booking.code, station: 'K1' } })).body;
		const { dataDir, clock } = hall;
		await hall.stop();
		hall = await startTestHall({ hallFile: bookingHall(), dataDir, clock });
		expect((await hall.api(`/api/appointments/${booking.code}?phone=${phone(1)}`)).body).toMatchObject({ status: 'checked_in', ticketId: ticket.id });
		expect((await hall.api(`/api/tickets/${ticket.id}`)).body).toMatchObject({ priority: 'appointment', slotStart: at(TODAY, '10:30') });
		expect((await hall.api(`/api/remote-tickets/${remote.code}?phone=${phone(2)}`)).body).toMatchObject({ status: 'remote', id: remote.id });
		expect((await hall.api('/api/remote-tickets/check-in', { body: { code: remote.code, station: 'K1' } })).body.status).toBe('waiting');
	});
});
