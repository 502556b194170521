// The JSON API under /api. A handful of routes, so a small router of our own keeps
// the request path short and every failure a JSON error with a stable code.

import type { Duty } from '../duty.ts';
import type { StationPresence } from '../realtime/presence.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { ApiError, ErrorCode, EvaluationReceipt } from '../../src/lib/protocol.ts';
import {
	caseNotificationSchema,
	caseQuerySchema,
	caseResultSchema,
	caseSchema,
	gradeSchema,
	noticeSlipSchema,
	accessRequestSchema,
	passwordResetSchema,
	dateSchema,
	complaintSchema,
	invalid, isWindowAction, issueTicketSchema, loginSchema, objectionSchema, runWindowAction } from '../actions.ts';
import type { Auth, AuthedStaff } from '../auth.ts';
import type { Hall } from '../hall.ts';
import type { Records } from '../records.ts';
import type { Cases } from '../cases.ts';
import type { Reports } from '../reports.ts';
import { routeConsole } from './console-api.ts';
import { originFrom } from '../printing/origin.ts';
import type { PrintService } from '../printing/print-service.ts';
import { notificationBodySchema, printJobQuerySchema } from '../printing/schemas.ts';
import type { RateLimiter } from './rate-limit.ts';
import { MAX_MEDIA_BYTES, type Media } from '../media.ts';
import type { Appointments } from '../appointments/wiring.ts';

export const MAX_BODY_BYTES = 64 * 1024;
export const SESSION_COOKIE = 'hall_session';

const STATUS: Record<ErrorCode, number> = {
	bad_request: 400,
	payload_too_large: 413,
	unknown_service: 400,
	unknown_window: 404,
	unknown_ticket: 404,
	unknown_station: 400,
	service_disabled: 409,
	no_window: 409,
	closed: 409,
	queue_empty: 409,
	unauthorized: 401,
	forbidden: 403,
	bad_credentials: 401,
	not_your_window: 403,
	window_occupied: 409,
	window_paused: 409,
	window_closed: 409,
	ticket_in_progress: 409,
	no_current_ticket: 409,
	invalid_state: 409,
	recall_limit: 409,
	reason_required: 400,
	note_required: 400,
	same_target: 400,
	rate_limited: 429,
	nothing_to_rate: 409,
	bad_scan: 400,
	not_found: 404,
	service_in_use: 409,
	window_in_use: 409,
	media_type: 415,
	media_too_large: 413,
	staff_signed_in: 409,
	config_conflict: 412,
	slot_full: 409,
	duplicate_booking: 409,
	booking_banned: 409,
	closed_day: 400,
	too_early: 409,
	too_late: 409,
	unknown_appointment: 404,
	duplicate_remote: 409,
	appointments_disabled: 409,
	internal: 500
};

/** Every error code the hall can answer with (the type makes the table exhaustive). */
export const ERROR_CODES = new Set(Object.keys(STATUS) as ErrorCode[]);

export function statusOf(code: ErrorCode): number {
	return STATUS[code] ?? 400;
}

class HttpError extends Error {
	constructor(readonly error: ApiError) {
		super(error.message);
	}
}

export function newTicketId(): string {
	return randomBytes(9).toString('base64url');
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
	const payload = body === undefined ? '' : JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'cache-control': 'no-store',
		'content-length': Buffer.byteLength(payload),
		...headers
	});
	res.end(payload);
}

function sendResult<T>(res: ServerResponse, result: { ok: true; value: T } | { ok: false; error: ApiError }, status = 200): void {
	if (!result.ok) throw new HttpError(result.error);
	send(res, status, result.value);
}

function sendError(res: ServerResponse, error: ApiError, headers?: Record<string, string>): void {
	send(res, statusOf(error.code), { error }, headers);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
	const declared = Number(req.headers['content-length'] ?? 0);
	if (declared > MAX_BODY_BYTES) {
		req.resume();
		throw new HttpError({ code: 'payload_too_large', message: '请求内容过大' });
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > MAX_BODY_BYTES) throw new HttpError({ code: 'payload_too_large', message: '请求内容过大' });
		chunks.push(chunk);
	}
	const text = Buffer.concat(chunks).toString('utf8').trim();
	if (text === '') return {};
	try {
		return JSON.parse(text);
	} catch {
		throw new HttpError({ code: 'bad_request', message: '请求内容不是有效的 JSON' });
	}
}

/** The body as bytes, refused once it passes `limit` (declared or counted). */
async function readRaw(req: IncomingMessage, limit: number, tooLarge: ApiError): Promise<Buffer> {
	if (Number(req.headers['content-length'] ?? 0) > limit) {
		req.resume();
		throw new HttpError(tooLarge);
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit) throw new HttpError(tooLarge);
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

export function tokenFrom(req: IncomingMessage): string | null {
	const header = req.headers.authorization;
	if (header?.startsWith('Bearer ')) return header.slice(7).trim();
	const cookie = req.headers.cookie;
	if (!cookie) return null;
	for (const part of cookie.split(';')) {
		const [name, ...rest] = part.trim().split('=');
		if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
	}
	return null;
}

export interface ApiDeps {
	hall: Hall;
	auth: Auth;
	records: Records;
	cases: Cases;
	reports: Reports;
	duty: Duty;
	prints: PrintService;
	presence: StationPresence;
	/** 预约 and 线上取号: routed by server/appointments/http.ts. */
	appointments: Appointments;
	logger: Logger;
	issueLimiter: RateLimiter;
	/** Objections and complaints: people type these, so a few a minute per client is plenty. */
	writeLimiter: RateLimiter;
	/** Uploaded images (POST /api/console/media); served by app.ts under /media. */
	media: Media;
	/** A visit was rated here: the realtime side tells the window's tablets and terminal, as for a socket rating. */
	onRated?: (windowId: string, receipt: EvaluationReceipt) => void;
}

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createApi({ media, hall, auth, records, cases, reports, duty, prints, presence, appointments, logger, issueLimiter, writeLimiter, onRated }: ApiDeps): ApiHandler {
	function requireStaff(req: IncomingMessage): AuthedStaff {
		const staff = auth.authenticate(tokenFrom(req));
		if (!staff) throw new HttpError({ code: 'unauthorized', message: '请先登录' });
		return staff;
	}

	async function route(req: IncomingMessage, res: ServerResponse, path: string[], url: URL): Promise<void> {
		const method = req.method ?? 'GET';
		const [resource, param, verb, ...rest] = path;
		if (rest.length > 0 && resource !== 'console') throw new HttpError({ code: 'not_found', message: '没有这个接口' });

		if (resource === 'health' && !param && method === 'GET') return send(res, 200, { status: 'ok' });

		// An image upload: the raw bytes as the body, not JSON, so it is read here before the console router.
		if (resource === 'console' && param === 'media' && !verb && method === 'POST') {
			const staff = requireStaff(req);
			if (staff.role !== 'director' && staff.role !== 'admin') {
				throw new HttpError({ code: 'forbidden', message: '只有服务中心主任可以进行此操作' });
			}
			const bytes = await readRaw(req, MAX_MEDIA_BYTES, { code: 'media_too_large', message: '图片不能超过 2 MB，请压缩后再上传' });
			return sendResult(res, records.audited(staff, 'media:upload', null, () => media.save(bytes, staff.id)), 201);
		}

		if (resource === 'console') {
			const staff = requireStaff(req);
			const answer = await routeConsole(
				{ hall, auth, records, cases, reports, duty, presence },
				{
					method,
					path: path.slice(1),
					query: url.searchParams,
					staff,
					body: () => readJson(req),
					header: (name) => {
						const value = req.headers[name];
						return typeof value === 'string' ? value : null;
					}
				}
			);
			if (!answer) throw new HttpError({ code: 'not_found', message: '没有这个接口' });
			if ('error' in answer) throw new HttpError(answer.error);
			if ('file' in answer) {
				res.writeHead(answer.status, {
					'content-type': answer.contentType,
					'content-length': answer.file.length,
					'content-disposition': `attachment; filename="${answer.fileName}"`,
					'cache-control': 'no-store'
				});
				res.end(answer.file);
				return;
			}
			return send(res, answer.status, answer.json, answer.headers);
		}

		if (resource === 'appointments' || resource === 'remote-tickets') {
			const secure = 'encrypted' in req.socket && req.socket.encrypted === true;
			const answer = await appointments.route(issueLimiter, {
				method,
				path,
				query: url.searchParams,
				body: () => readJson(req),
				client: req.socket.remoteAddress ?? '',
				staff: () => auth.authenticate(tokenFrom(req)),
				onIssued: (ticket, station) => prints.ticketIssued(ticket, station, originFrom(req.headers.host, secure))
			});
			if (!answer) throw new HttpError({ code: 'not_found', message: '没有这个接口' });
			if ('error' in answer) throw new HttpError(answer.error);
			return send(res, answer.status, answer.json);
		}

		if (resource === 'services' && !param && method === 'GET') return send(res, 200, hall.services());

		if (resource === 'board' && !param && method === 'GET') {
			const zone = url.searchParams.get('zone') ?? undefined;
			return send(res, 200, hall.boardSnapshot(zone));
		}

		if (resource === 'kiosk' && !param && method === 'GET') {
			const station = url.searchParams.get('station');
			if (station === null) return send(res, 200, hall.kioskSnapshot());
			const printer = prints.status(station);
			if (!printer) throw new HttpError({ code: 'unknown_station', message: `没有编号为 ${station.slice(0, 20)} 的取号机` });
			return send(res, 200, { ...hall.kioskSnapshot(), printer });
		}

		if (resource === 'stations' && param) {
			if (!prints.isKiosk(param)) throw new HttpError({ code: 'unknown_station', message: `没有编号为 ${param.slice(0, 20)} 的取号机` });
			if (verb === 'printer' && method === 'GET') return send(res, 200, prints.status(param));
			if (verb === 'print-notification' && method === 'POST') {
				const parsed = notificationBodySchema.safeParse(await readJson(req));
				if (!parsed.success) throw new HttpError(invalid(parsed.error));
				const limited = issueLimiter.take(`notify:${param}|${req.socket.remoteAddress ?? ''}`);
				if (limited) throw new HttpError({ ...limited, message: '打印过于频繁，请稍后再试' });
				return sendResult(res, prints.printNotification({ serviceId: parsed.data.serviceId, station: param }), 202);
			}
		}

		if (resource === 'printers' && !param && method === 'GET') {
			requireStaff(req);
			return send(res, 200, prints.statuses());
		}

		if (resource === 'print-jobs' && !param && method === 'GET') {
			requireStaff(req);
			const parsed = printJobQuerySchema.safeParse(Object.fromEntries(url.searchParams));
			if (!parsed.success) throw new HttpError(invalid(parsed.error));
			const { station, ticketId, limit } = parsed.data;
			return send(res, 200, ticketId ? prints.jobsOfTicket(ticketId) : prints.recentJobs(station ?? null, limit ?? 50));
		}

		if (resource === 'tickets') {
			if (!param && method === 'POST') {
				const body = await readJson(req);
				const parsed = issueTicketSchema.safeParse(body);
				if (!parsed.success) throw new HttpError(invalid(parsed.error));
				const headerKey = req.headers['idempotency-key'];
				const idempotencyKey = (typeof headerKey === 'string' ? headerKey : undefined) ?? parsed.data.idempotencyKey;
				if (idempotencyKey !== undefined && (idempotencyKey.length < 1 || idempotencyKey.length > 100)) {
					throw new HttpError({ code: 'bad_request', message: 'Idempotency-Key 长度应为 1–100' });
				}
				const limited = issueLimiter.take(`station:${parsed.data.station ?? '-'}|${req.socket.remoteAddress ?? ''}`);
				if (limited) throw new HttpError(limited);
				const result = hall.issueTicket(
					{
						serviceId: parsed.data.serviceId,
						priority: parsed.data.priority,
						station: parsed.data.station ?? null,
						idempotencyKey: idempotencyKey ?? null
					},
					newTicketId()
				);
				if (!result.ok) throw new HttpError(result.error);
				send(res, result.value.replayed ? 200 : 201, result.value.ticket);
				// After the answer, and never for a replay: the slip of a ticket prints once.
				if (!result.value.replayed && parsed.data.station) {
					const secure = 'encrypted' in req.socket && req.socket.encrypted === true;
					prints.ticketIssued(result.value.ticket, parsed.data.station, originFrom(req.headers.host, secure));
				}
				return;
			}
			if (param && !verb && method === 'GET') {
				const ticket = param.length <= 64 ? hall.ticketById(param) : null;
				if (!ticket) throw new HttpError({ code: 'unknown_ticket', message: '没有这个号码' });
				return send(res, 200, hall.publicTicket(ticket));
			}
		}

		if (resource === 'notices') {
			if (!param && method === 'GET') return send(res, 200, records.publicNotices());
			if (param && !verb && method === 'GET') {
				const notice = records.publicNotice(param);
				if (!notice) throw new HttpError({ code: 'not_found', message: '该公示不存在或已过公示期' });
				return send(res, 200, notice);
			}
			if (param && verb === 'objections' && method === 'POST') {
				const parsed = objectionSchema.safeParse(await readJson(req));
				if (!parsed.success) throw new HttpError(invalid(parsed.error));
				const limited = writeLimiter.take(`objection|${parsed.data.station ?? '-'}|${req.socket.remoteAddress ?? ''}`);
				if (limited) throw new HttpError({ ...limited, message: '提交过于频繁，请稍后再试' });
				const result = records.raiseObjection(param, parsed.data);
				if (!result.ok) throw new HttpError(result.error);
				return send(res, 201, result.value);
			}
		}

		if (resource === 'complaints' && !param && method === 'POST') {
			const parsed = complaintSchema.safeParse(await readJson(req));
			if (!parsed.success) throw new HttpError(invalid(parsed.error));
			const limited = writeLimiter.take(`complaint|${parsed.data.station ?? '-'}|${req.socket.remoteAddress ?? ''}`);
			if (limited) throw new HttpError({ ...limited, message: '提交过于频繁，请稍后再试' });
			const result = records.fileComplaint(
				{ ...parsed.data, contactPhone: parsed.data.contactPhone || undefined },
				'kiosk',
				null
			);
			if (!result.ok) throw new HttpError(result.error);
			return send(res, 201, result.value);
		}

		if (resource === 'cases') {
			const staff = requireStaff(req);
			if (!param && method === 'GET') {
				const parsed = caseQuerySchema.safeParse(Object.fromEntries(url.searchParams));
				if (!parsed.success) throw new HttpError(invalid(parsed.error));
				return send(res, 200, cases.list(parsed.data, staff));
			}
			if (!param && method === 'POST') {
				const parsed = caseSchema.safeParse(await readJson(req));
				if (!parsed.success) throw new HttpError(invalid(parsed.error));
				const { windowId, ...input } = parsed.data;
				return sendResult(res, cases.open(input, staff, windowId ?? null), 201);
			}
			if (param && !verb && method === 'GET') return sendResult(res, cases.get(param, staff));
			if (param && method === 'POST') {
				const body = await readJson(req);
				if (verb === 'result') {
					const parsed = caseResultSchema.safeParse(body);
					if (!parsed.success) throw new HttpError(invalid(parsed.error));
					return sendResult(res, cases.recordResult(param, parsed.data.result, staff));
				}
				if (verb === 'notification') {
					const parsed = caseNotificationSchema.safeParse(body);
					if (!parsed.success) throw new HttpError(invalid(parsed.error));
					return sendResult(res, cases.recordNotification(param, parsed.data.via, parsed.data.at, staff));
				}
				if (verb === 'access-requests') {
					const parsed = accessRequestSchema.safeParse(body);
					if (!parsed.success) throw new HttpError(invalid(parsed.error));
					return sendResult(res, cases.requestAccess(param, parsed.data.reason, staff), 201);
				}
				if (verb === 'notice-slip') {
					const parsed = noticeSlipSchema.safeParse(body);
					if (!parsed.success) throw new HttpError(invalid(parsed.error));
					return sendResult(res, cases.recordNoticeSlip(param, parsed.data.missingMaterials, staff));
				}
			}
		}

		if (resource === 'windows' && param && verb === 'rating') {
			if (!hall.hasWindow(param)) throw new HttpError({ code: 'unknown_window', message: '没有这个窗口' });
			if (method === 'GET') return send(res, 200, cases.pendingRating(param));
			if (method === 'POST') {
				const parsed = gradeSchema.safeParse(await readJson(req));
				if (!parsed.success) throw new HttpError(invalid(parsed.error));
				const rated = cases.evaluate(param, parsed.data.grade, 'screen');
				sendResult(res, rated, 201);
				if (rated.ok) onRated?.(param, rated.value);
				return;
			}
		}

		if (resource === 'staff' && param && verb === 'reset-password' && method === 'POST') {
			const actor = requireStaff(req);
			const parsed = passwordResetSchema.safeParse(await readJson(req));
			if (!parsed.success) throw new HttpError(invalid(parsed.error));
			const result = records.audited(actor, 'staff:reset-password', param, () => {
				const reset = auth.resetPassword(actor, param, parsed.data.password);
				return reset.ok ? { ok: true as const, value: { staffId: param } } : reset;
			});
			if (!result.ok) throw new HttpError(result.error);
			return send(res, 200, { ok: true });
		}

		if (resource === 'attendance' && !param && method === 'GET') {
			const actor = requireStaff(req);
			if (actor.role === 'staff') throw new HttpError({ code: 'forbidden', message: '只有服务中心主任可以查看考勤' });
			const parsed = dateSchema.safeParse(Object.fromEntries(url.searchParams));
			if (!parsed.success) throw new HttpError(invalid(parsed.error));
			return send(res, 200, hall.attendance(parsed.data.date));
		}

		// 值班: the people on today's roster see it and keep today's log from their window screen.
		if (resource === 'duty' && param === 'today' && !verb && method === 'GET') {
			const staff = requireStaff(req);
			const day = duty.today();
			return send(res, 200, { day, onDuty: duty.onDutyToday(staff.id), roster: duty.roster(day, day)[0], log: duty.log(day, day) });
		}
		if (resource === 'duty' && param === 'log' && !verb && method === 'POST') {
			const staff = requireStaff(req);
			return sendResult(res, duty.write(staff, await readJson(req)), 201);
		}

		if (resource === 'session' && !param) {
			if (method === 'POST') {
				const parsed = loginSchema.safeParse(await readJson(req));
				if (!parsed.success) throw new HttpError(invalid(parsed.error));
				const result = auth.login(parsed.data.username, parsed.data.password);
				if (!result.ok) throw new HttpError(result.error);
				const cookie = `${SESSION_COOKIE}=${encodeURIComponent(result.token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200`;
				return send(res, 200, { token: result.token, staff: result.staff }, { 'set-cookie': cookie });
			}
			if (method === 'GET') return send(res, 200, { staff: requireStaff(req) });
			if (method === 'DELETE') {
				const token = tokenFrom(req);
				if (token) auth.logout(token);
				return send(res, 200, { ok: true }, { 'set-cookie': `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0` });
			}
		}

		if (resource === 'windows') {
			if (!param && method === 'GET') return send(res, 200, hall.windows());
			if (param && !verb && method === 'GET') {
				requireStaff(req);
				const snapshot = hall.windowSnapshot(param);
				if (!snapshot) throw new HttpError({ code: 'unknown_window', message: '没有这个窗口' });
				return send(res, 200, snapshot);
			}
			if (param && verb && method === 'POST' && isWindowAction(verb)) {
				const staff = requireStaff(req);
				const body = await readJson(req);
				const result = runWindowAction(hall, verb, param, staff.id, body);
				if (!result.ok) {
					if (result.error.code === 'queue_empty' && verb === 'call-next') {
						res.writeHead(204, { 'cache-control': 'no-store' });
						res.end();
						return;
					}
					throw new HttpError(result.error);
				}
				const ticketVerbs = new Set(['call-next', 'call', 'recall', 'no-show', 'start', 'finish', 'transfer']);
				return send(res, 200, ticketVerbs.has(verb) ? result.value.ticket : result.value.window);
			}
		}

		throw new HttpError({ code: 'not_found', message: '没有这个接口' });
	}

	return async (req, res) => {
		let url: URL;
		try {
			url = new URL(req.url ?? '/', 'http://hall.local');
		} catch {
			return sendError(res, { code: 'bad_request', message: '地址不正确' });
		}
		const path = url.pathname
			.replace(/^\/api\/?/, '')
			.split('/')
			.filter(Boolean)
			.map((segment) => {
				try {
					return decodeURIComponent(segment);
				} catch {
					return '\u0000';
				}
			});
		try {
			await route(req, res, path, url);
		} catch (error) {
			if (error instanceof HttpError) {
				const headers: Record<string, string> = {};
				if (error.error.code === 'rate_limited') headers['retry-after'] = String(error.error.details?.retryAfterSeconds ?? 1);
				if (error.error.code === 'payload_too_large' || error.error.code === 'media_too_large') headers.connection = 'close';
				if (!res.headersSent) sendError(res, error.error, headers);
				return;
			}
			logger.error({ err: error, url: req.url, method: req.method }, 'api handler failed');
			if (!res.headersSent) sendError(res, { code: 'internal', message: '系统内部错误，请稍后重试' });
		}
	};
}
