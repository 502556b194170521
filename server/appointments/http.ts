// The doors of 预约 and 线上取号 under /api/appointments and /api/remote-tickets: each route
// validates with a schema from ./schemas.ts and calls one service method. api.ts hands the
// request here in one small block, so the routes move as one piece into the command table.

import type { z } from 'zod';
import type { ApiError, TicketPublic } from '../../src/lib/protocol.ts';
import { invalid } from '../actions.ts';
import type { AuthedStaff } from '../auth.ts';
import type { Result } from '../hall.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import type { Outbox } from '../notifications/outbox.ts';
import type { Actor, Bookings } from './bookings.ts';
import {
	bookSchema,
	cancelSchema,
	checkInSchema,
	dayQuerySchema,
	liftBanSchema,
	phoneQuerySchema,
	remoteTakeSchema,
	reportQuerySchema,
	slotsQuerySchema,
	staffCancelSchema
} from './schemas.ts';
import { z as zod } from 'zod';
import { localDate } from '../core/calendar.ts';

export interface AppointmentsDoorDeps {
	bookings: Bookings;
	outbox: Outbox;
	/** Per client address, as for the kiosk's issue. */
	limiter: RateLimiter | null;
	timeZone: () => string;
	now: () => number;
}

export interface AppointmentsRequest {
	method: string;
	/** Path segments after /api: ['appointments', 'slots'] … */
	path: string[];
	query: URLSearchParams;
	body: () => Promise<unknown>;
	client: string;
	/** The signed-in staff member, if any (window check-in, console views). */
	staff: () => AuthedStaff | null;
	/** A ticket was issued or activated at a kiosk: print its slip. */
	onIssued: (ticket: TicketPublic, station: string) => void;
}

export type AppointmentsAnswer = { status: number; json: unknown } | { error: ApiError } | null;

const idSchema = zod.strictObject({ id: zod.string().min(1).max(64) });
const cancelByStaffSchema = idSchema.extend(staffCancelSchema.shape);
const notificationQuerySchema = zod.strictObject({ status: zod.enum(['pending', 'sent', 'failed', 'cancelled']).optional() });

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> | { error: ApiError } {
	const parsed = schema.safeParse(value);
	return parsed.success ? parsed.data : { error: invalid(parsed.error) };
}

function isError(value: unknown): value is { error: ApiError } {
	return typeof value === 'object' && value !== null && 'error' in value && Object.keys(value).length === 1;
}

function answer<T>(result: Result<T>, status = 200): AppointmentsAnswer {
	return result.ok ? { status, json: result.value } : { error: result.error };
}

const unauthorized: AppointmentsAnswer = { error: { code: 'unauthorized', message: '请先登录' } };

export async function routeAppointments(deps: AppointmentsDoorDeps, req: AppointmentsRequest): Promise<AppointmentsAnswer> {
	const { bookings } = deps;
	const [resource, param, verb] = req.path;
	const query = Object.fromEntries(req.query);
	const limited = (what: string): AppointmentsAnswer => {
		const refused = deps.limiter?.take(`${what}|${req.client}`);
		return refused ? { error: { ...refused, message: '操作过于频繁，请稍后再试' } } : null;
	};
	const checkIn = async (remoteOnly: boolean): Promise<AppointmentsAnswer> => {
		const body = parse(checkInSchema, await req.body());
		if (isError(body)) return body;
		const staff = req.staff();
		// Codes are short: a kiosk or phone trying many is slowed down like any other writer.
		const refused = staff ? null : limited('check-in');
		if (refused) return refused;
		const station = body.station ?? null;
		if (!staff && station === null) return { error: { code: 'bad_request', message: '请在取号机或窗口签到' } };
		const actor: Actor = staff ? { kind: 'staff', staffId: staff.id } : { kind: 'station', station };
		const result = remoteOnly ? bookings.checkInRemote(body.code, station, actor) : bookings.checkInAny(body.code, station, actor);
		if (result.ok && station) req.onIssued(result.value, station);
		return answer(result, remoteOnly ? 200 : 201);
	};

	if (resource === 'remote-tickets') {
		if (!param && req.method === 'POST') {
			const body = parse(remoteTakeSchema, await req.body());
			if (isError(body)) return body;
			return limited('remote') ?? answer(bookings.takeRemote(body.serviceId, body.phone), 201);
		}
		if (param === 'check-in' && !verb && req.method === 'POST') return checkIn(true);
		if (param && !verb && req.method === 'GET') {
			const q = parse(phoneQuerySchema, query);
			if (isError(q)) return q;
			return limited('lookup') ?? answer(bookings.getRemote(param, q.phone));
		}
		return null;
	}

	if (resource !== 'appointments') return null;
	if (!param) {
		if (req.method !== 'POST') return null;
		const body = parse(bookSchema, await req.body());
		if (isError(body)) return body;
		return limited('book') ?? answer(bookings.book(body), 201);
	}
	if (verb === undefined && req.method === 'GET') {
		switch (param) {
			case 'options':
				return { status: 200, json: bookings.options() };
			case 'slots': {
				const q = parse(slotsQuerySchema, query);
				if (isError(q)) return q;
				return answer(bookings.slots(q.serviceId, q.date));
			}
			case 'day': {
				if (!req.staff()) return unauthorized;
				const q = parse(dayQuerySchema, query);
				if (isError(q)) return q;
				return { status: 200, json: bookings.day(q.date ?? localDate(deps.now(), deps.timeZone())) };
			}
			case 'ticket': {
				if (!req.staff()) return unauthorized;
				const q = parse(zod.strictObject({ ticketId: zod.string().min(1).max(64) }), query);
				if (isError(q)) return q;
				return { status: 200, json: bookings.ofTicket(q.ticketId) };
			}
			case 'ban': {
				if (!req.staff()) return unauthorized;
				const q = parse(phoneQuerySchema, query);
				if (isError(q)) return q;
				return { status: 200, json: { until: bookings.banOf(q.phone) } };
			}
			case 'report': {
				if (!req.staff()) return unauthorized;
				const q = parse(reportQuerySchema, query);
				if (isError(q)) return q;
				return { status: 200, json: bookings.report(q.from, q.to) };
			}
			case 'notifications': {
				if (!req.staff()) return unauthorized;
				const q = parse(notificationQuerySchema, query);
				if (isError(q)) return q;
				return { status: 200, json: deps.outbox.list(q) };
			}
			default: {
				const q = parse(phoneQuerySchema, query);
				if (isError(q)) return q;
				return limited('lookup') ?? answer(bookings.get(param, q.phone));
			}
		}
	}
	if (req.method !== 'POST') return null;
	if (param === 'check-in' && verb === undefined) return checkIn(false);
	if (verb === 'cancel') {
		const body = parse(cancelSchema, await req.body());
		if (isError(body)) return body;
		return limited('lookup') ?? answer(bookings.cancel(param, body.phone));
	}
	if (verb !== undefined) return null;
	const staff = req.staff();
	if (!staff) return unauthorized;
	switch (param) {
		case 'open': {
			const body = parse(idSchema, await req.body());
			if (isError(body)) return body;
			return answer(bookings.open(body.id, staff));
		}
		case 'staff-cancel': {
			const body = parse(cancelByStaffSchema, await req.body());
			if (isError(body)) return body;
			return answer(bookings.cancelByStaff(body.id, staff, body.reason));
		}
		case 'lift-ban': {
			const body = parse(liftBanSchema, await req.body());
			if (isError(body)) return body;
			return answer(bookings.liftBan(body.phone, staff, body.reason));
		}
		case 'notifications': {
			const body = parse(idSchema, await req.body());
			if (isError(body)) return body;
			return deps.outbox.retry(body.id) ? { status: 200, json: { retried: true } } : { error: { code: 'not_found', message: '没有这条失败的通知' } };
		}
		default:
			return null;
	}
}
