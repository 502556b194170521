// 预约 and 线上取号 (server/appointments): residents book a slot and take a number from their
// phones, check in (签到) at a kiosk or a window; staff see the day's bookings and lift 爽约
// bans. A ticket checked in at a kiosk prints its slip because of the fact, as every slip does.

import { z } from 'zod';
import type { Actor } from '../appointments/bookings.ts';
import {
	bookSchema,
	cancelSchema,
	checkInSchema,
	closeDaySchema,
	codeSchema,
	dayQuerySchema,
	liftBanSchema,
	phoneQuerySchema,
	remoteTakeSchema,
	reopenDaySchema,
	reportQuerySchema,
	staffCancelSchema
} from '../appointments/schemas.ts';
import { localDate } from '../core/calendar.ts';
import { fail, ok } from '../errors.ts';
import { command, type Caller, type Services } from './table.ts';

const idSchema = z.strictObject({ id: z.string().min(1).max(64) });
const slotsSchema = z.strictObject({ serviceId: z.string().min(1).max(64), date: bookSchema.shape.date });
const notificationQuerySchema = z.strictObject({ status: z.enum(['pending', 'sent', 'failed', 'cancelled']).optional() });
const limited = (what: string) => ({ bucket: 'issue' as const, key: (_input: unknown, caller: Caller) => `${what}|${caller.address}`, message: '操作过于频繁，请稍后再试' });
/**
 * 签到: a kiosk or a phone is limited by its address, as for taking a number. Staff signed in
 * at a window are limited on their own: behind one address (the hall's network, a NAT) the
 * windows and the kiosks would otherwise share one bucket, and a busy kiosk would stop them.
 */
const checkInLimit = {
	bucket: 'issue' as const,
	key: (_input: unknown, caller: Caller) => (caller.staff ? `check-in|staff:${caller.staff.id}` : `check-in|${caller.address}`),
	message: '操作过于频繁，请稍后再试'
};

/** 签到 with a code: at a kiosk (its station) or by staff at a window. */
function checkIn(input: z.infer<typeof checkInSchema>, caller: Caller, { appointments }: Services, remoteOnly: boolean) {
	const station = input.station ?? null;
	if (!caller.staff && station === null) return fail('bad_request', '请在取号机或窗口签到');
	const actor: Actor = caller.staff ? { kind: 'staff', staffId: caller.staff.id } : { kind: 'station', station };
	const meta = { origin: caller.origin };
	return remoteOnly
		? appointments.bookings.checkInRemote(input.code, station, actor, meta)
		: appointments.bookings.checkInAny(input.code, station, actor, meta);
}

export const appointmentCommands = [
	command({
		name: 'appointments:options',
		input: z.strictObject({}),
		who: 'anyone',
		kind: 'read',
		run: (_input, _caller, { appointments }) => ok(appointments.bookings.options()),
		http: { method: 'GET', path: '/api/appointments/options' }
	}),

	command({
		name: 'appointments:slots',
		input: slotsSchema,
		who: 'anyone',
		kind: 'read',
		run: ({ serviceId, date }, _caller, { appointments }) => appointments.bookings.slots(serviceId, date),
		http: { method: 'GET', path: '/api/appointments/slots' }
	}),

	command({
		name: 'appointment:book',
		input: bookSchema,
		who: 'anyone',
		kind: 'write',
		limit: limited('book'),
		run: (input, _caller, { appointments }) => appointments.bookings.book(input),
		logFields: (value) => ({ appointment: value.id }),
		http: { method: 'POST', path: '/api/appointments', status: 201 }
	}),

	command({
		name: 'appointment:get',
		input: phoneQuerySchema.extend({ code: codeSchema }),
		who: 'anyone',
		kind: 'read',
		limit: limited('lookup'),
		run: ({ code, phone }, _caller, { appointments }) => appointments.bookings.get(code, phone),
		http: { method: 'GET', path: '/api/appointments/:code' }
	}),

	command({
		name: 'appointment:cancel',
		input: cancelSchema.extend({ code: codeSchema }),
		who: 'anyone',
		kind: 'write',
		limit: limited('lookup'),
		run: ({ code, phone }, _caller, { appointments }) => appointments.bookings.cancel(code, phone),
		http: { method: 'POST', path: '/api/appointments/:code/cancel' }
	}),

	command({
		name: 'appointment:check-in',
		input: checkInSchema,
		who: 'anyone',
		kind: 'write',
		// Codes are short: a kiosk or phone trying many is slowed down like any other writer.
		limit: checkInLimit,
		run: (input, caller, services) => checkIn(input, caller, services, false),
		logFields: (value) => ({ ticket: value.number }),
		http: { method: 'POST', path: '/api/appointments/check-in', status: 201 }
	}),

	command({
		name: 'remote:take',
		input: remoteTakeSchema,
		who: 'anyone',
		kind: 'write',
		limit: limited('remote'),
		run: ({ serviceId, phone }, _caller, { appointments }) => appointments.bookings.takeRemote(serviceId, phone),
		logFields: (value) => ({ ticket: value.number }),
		http: { method: 'POST', path: '/api/remote-tickets', status: 201 }
	}),

	command({
		name: 'remote:check-in',
		input: checkInSchema,
		who: 'anyone',
		kind: 'write',
		limit: checkInLimit,
		run: (input, caller, services) => checkIn(input, caller, services, true),
		logFields: (value) => ({ ticket: value.number }),
		http: { method: 'POST', path: '/api/remote-tickets/check-in' }
	}),

	command({
		name: 'remote:get',
		input: phoneQuerySchema.extend({ code: codeSchema }),
		who: 'anyone',
		kind: 'read',
		limit: limited('lookup'),
		run: ({ code, phone }, _caller, { appointments }) => appointments.bookings.getRemote(code, phone),
		http: { method: 'GET', path: '/api/remote-tickets/:code' }
	}),

	// Staff ------------------------------------------------------------------------------

	command({
		name: 'appointments:day',
		input: dayQuerySchema,
		who: 'staff',
		kind: 'read',
		run: ({ date }, _caller, { appointments, hall, clock }) =>
			ok(appointments.bookings.day(date ?? localDate(clock.now(), hall.config.calendar.timeZone))),
		http: { method: 'GET', path: '/api/appointments/day' }
	}),

	command({
		name: 'appointments:of-ticket',
		input: z.strictObject({ ticketId: z.string().min(1).max(64) }),
		who: 'staff',
		kind: 'read',
		run: ({ ticketId }, _caller, { appointments }) => ok(appointments.bookings.ofTicket(ticketId)),
		http: { method: 'GET', path: '/api/appointments/ticket' }
	}),

	command({
		name: 'appointments:ban',
		input: phoneQuerySchema,
		who: 'staff',
		kind: 'read',
		run: ({ phone }, _caller, { appointments }) => ok({ until: appointments.bookings.banOf(phone) }),
		http: { method: 'GET', path: '/api/appointments/ban' }
	}),

	command({
		name: 'appointments:report',
		input: reportQuerySchema,
		who: 'staff',
		kind: 'read',
		run: ({ from, to }, _caller, { appointments }) => ok(appointments.bookings.report(from, to)),
		http: { method: 'GET', path: '/api/appointments/report' }
	}),

	command({
		name: 'notifications:list',
		input: notificationQuerySchema,
		who: 'staff',
		kind: 'read',
		run: (query, _caller, { appointments }) => ok(appointments.outbox.list(query)),
		http: { method: 'GET', path: '/api/appointments/notifications' }
	}),

	command({
		name: 'notification:retry',
		input: idSchema,
		who: 'staff',
		kind: 'write',
		run: ({ id }, _caller, { appointments }) =>
			appointments.outbox.retry(id) ? ok({ retried: true }) : fail('not_found', '没有这条失败的通知'),
		http: { method: 'POST', path: '/api/appointments/notifications' }
	}),

	command({
		name: 'appointment:open',
		input: idSchema,
		who: 'staff',
		kind: 'read',
		// The booking's personal data: access-logged by the service.
		run: ({ id }, caller, { appointments }) => appointments.bookings.open(id, caller.staff!),
		http: { method: 'POST', path: '/api/appointments/open' }
	}),

	command({
		name: 'appointment:staff-cancel',
		input: idSchema.extend(staffCancelSchema.shape),
		who: 'staff',
		kind: 'write',
		run: ({ id, reason }, caller, { appointments }) => appointments.bookings.cancelByStaff(id, caller.staff!, reason),
		http: { method: 'POST', path: '/api/appointments/staff-cancel' }
	}),

	command({
		name: 'appointment:lift-ban',
		input: liftBanSchema,
		who: 'staff',
		kind: 'write',
		run: ({ phone, reason }, caller, { appointments }) => appointments.bookings.liftBan(phone, caller.staff!, reason),
		http: { method: 'POST', path: '/api/appointments/lift-ban' }
	}),

	// Days closed to booking: the director adds one with a reason, or takes it off again.
	command({
		name: 'appointments:closed-days',
		input: z.strictObject({}),
		who: 'staff',
		kind: 'read',
		run: (_input, _caller, { appointments }) => ok(appointments.closedDays.list()),
		http: { method: 'GET', path: '/api/appointments/closed-days' }
	}),

	command({
		name: 'appointment:close-day',
		input: closeDaySchema,
		who: 'director',
		kind: 'write',
		run: ({ date, reason }, caller, { appointments }) => appointments.closedDays.close(date, reason, caller.staff!.id),
		http: { method: 'POST', path: '/api/appointments/closed-days', status: 201 }
	}),

	command({
		name: 'appointment:reopen-day',
		input: reopenDaySchema,
		who: 'director',
		kind: 'write',
		run: ({ date }, caller, { appointments }) => appointments.closedDays.reopen(date, caller.staff!.id),
		http: { method: 'POST', path: '/api/appointments/closed-days/reopen' }
	})
];
