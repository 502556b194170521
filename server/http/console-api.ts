// The director's console API under /api/console: configuration applied live, staff
// accounts, notices and objections, complaints, reports, and archive access approvals.

import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ApiError, StaffRole } from '../../src/lib/protocol.ts';
import { calendarDay, invalid } from '../actions.ts';
import type { Auth, AuthedStaff } from '../auth.ts';
import { officialDays } from '../calendar-data.ts';
import type { Cases } from '../cases.ts';
import type { Hall, Result } from '../hall.ts';
import { dutyRangeSchema, type Duty } from '../duty.ts';
import type { StationPresence } from '../realtime/presence.ts';
import type { Records } from '../records.ts';
import type { Reports } from '../reports.ts';
import { routeExports, routeTicketRecord } from '../history/exports-api.ts';

export interface ConsoleDeps {
	hall: Hall;
	auth: Auth;
	records: Records;
	cases: Cases;
	reports: Reports;
	presence: StationPresence;
	duty: Duty;
}

export interface ConsoleRequest {
	method: string;
	/** Path segments after /api/console. */
	path: string[];
	query: URLSearchParams;
	staff: AuthedStaff;
	body(): Promise<unknown>;
	/** A request header, lower-case name; null when absent or repeated. */
	header(name: string): string | null;
}

/** An answer: JSON, or a file to download. */
export type ConsoleAnswer =
	| { status: number; json: unknown; headers?: Record<string, string> }
	| { status: number; file: Buffer; contentType: string; fileName: string };

const date = calendarDay;

const staffCreateSchema = z.strictObject({
	username: z.string().regex(/^[a-z0-9_.-]{3,32}$/, '用户名为 3–32 位小写字母、数字'),
	name: z.string().trim().min(1).max(20),
	staffNo: z.string().trim().min(1).max(20),
	role: z.enum(['staff', 'director', 'admin']),
	password: z.string().min(8, '密码至少 8 位').max(200)
});

const staffUpdateSchema = z.strictObject({
	name: z.string().trim().min(1).max(20).optional(),
	staffNo: z.string().trim().min(1).max(20).optional(),
	role: z.enum(['staff', 'director', 'admin']).optional(),
	disabled: z.boolean().optional()
});

const noticeSchema = z
	.strictObject({
		title: z.string().trim().min(1).max(100),
		body: z.string().trim().min(1).max(20_000),
		category: z.string().trim().min(1).max(20),
		publishFrom: date,
		publishTo: date,
		publish: z.boolean().default(false)
	})
	.refine((n) => n.publishFrom <= n.publishTo, { message: '公示结束日期不能早于开始日期', path: ['publishTo'] });

const answerSchema = z.strictObject({ answer: z.string().trim().min(1, '请填写答复').max(2000) });

const complaintUpdateSchema = z.strictObject({
	assignedTo: z.string().min(1).max(64).optional(),
	answer: z.string().trim().min(1).max(2000).optional(),
	dueDate: date.optional(),
	status: z.enum(['open', 'answered', 'closed']).optional()
});

const phoneComplaintSchema = z.strictObject({
	category: z.enum(['complaint', 'report', 'suggestion', 'praise']),
	content: z.string().trim().min(1).max(2000),
	contactName: z.string().trim().max(20).optional(),
	contactPhone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/, '电话号码格式不正确').optional()
});

const periodSchema = z.strictObject({ from: date, to: date }).refine((p) => p.from <= p.to, { message: '开始日期不能晚于结束日期' });

const yearSchema = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });

const decisionSchema = z.strictObject({ approve: z.boolean(), hours: z.number().int().min(1).max(72).default(24) });

const forbidden: ApiError = { code: 'forbidden', message: '只有服务中心主任可以进行此操作' };

function answer<T>(result: Result<T>, status = 200): ConsoleAnswer | { error: ApiError } {
	return result.ok ? { status, json: result.value } : { error: result.error };
}

function parse<S extends z.ZodType>(schema: S, value: unknown): { ok: true; value: z.infer<S> } | { ok: false; error: ApiError } {
	const parsed = schema.safeParse(value);
	return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: invalid(parsed.error) };
}

const configConflict: ApiError = {
	code: 'config_conflict',
	message: '配置已被其他人修改并保存。请重新载入最新配置，再把您的修改做一遍后保存'
};

/** An ETag for the hall file as it is now (a strong tag: the bytes of its JSON). */
export function configTag(file: object): string {
	return `"${createHash('sha256').update(JSON.stringify(file)).digest('base64url').slice(0, 22)}"`;
}

const isDirector = (role: StaffRole) => role === 'director' || role === 'admin';

/** Routes one console request; `null` when no route matches. */
export async function routeConsole(
	{ hall, auth, records, cases, reports, presence, duty }: ConsoleDeps,
	req: ConsoleRequest
): Promise<ConsoleAnswer | { error: ApiError } | null> {
	const { method, path, staff } = req;
	const [resource, id, verb] = path;

	// Staff log phone complaints (投诉电话); everything else here is the director's.
	if (resource === 'complaints' && !id && method === 'POST') {
		const body = parse(phoneComplaintSchema, await req.body());
		if (!body.ok) return { error: body.error };
		return answer(records.fileComplaint(body.value, 'phone', staff.id), 201);
	}
	if (!isDirector(staff.role)) return { error: forbidden };

	if (resource === 'config' && !id) {
		if (method === 'GET') return { status: 200, json: hall.configFile, headers: { etag: configTag(hall.configFile) } };
		if (method === 'PUT') {
			// Two directors editing at once: the second save must not silently undo the first.
			// The check and the save run in one turn, after the body is in: nothing can come between.
			const body = await req.body();
			const base = req.header('if-match');
			if (base !== null && base !== '*' && base !== configTag(hall.configFile)) return { error: configConflict };
			const saved = hall.reconfigure(body, staff.id);
			if (!saved.ok) return { error: saved.error };
			return { status: 200, json: saved.value, headers: { etag: configTag(hall.configFile) } };
		}
	}

	// The holiday editor: the package's official days of a year, and the last year it knows, so the
	// console can warn before the coming year's schedule is missing (the package lags the State Council).
	if (resource === 'calendar' && !id && method === 'GET') {
		const query = parse(yearSchema, Object.fromEntries(req.query));
		if (!query.ok) return { error: query.error };
		const { year } = query.value;
		return { status: 200, json: { year, knownThroughYear: hall.state.config.calendar.knownThroughYear, official: officialDays(year, year).days } };
	}

	if (resource === 'audit' && !id && method === 'GET') return { status: 200, json: records.auditTrail(hall) };

	if (resource === 'staff') {
		if (!id && method === 'GET') return { status: 200, json: auth.listStaff() };
		if (!id && method === 'POST') {
			const body = parse(staffCreateSchema, await req.body());
			if (!body.ok) return { error: body.error };
			return answer(records.audited(staff, 'staff:create', body.value.username, () => auth.createStaff(body.value)), 201);
		}
		if (id && !verb && method === 'PATCH') {
			const body = parse(staffUpdateSchema, await req.body());
			if (!body.ok) return { error: body.error };
			if (body.value.disabled && hall.windowOfStaff(id)) {
				return { error: { code: 'staff_signed_in', message: '该工作人员正在窗口签到，请先签退再停用' } };
			}
			const result = records.audited(staff, 'staff:update', id, () => auth.updateStaff(id, body.value));
			if (result.ok) hall.forgetBadge(id);
			return answer(result);
		}
	}

	if (resource === 'notices') {
		if (!id && method === 'GET') return { status: 200, json: records.allNotices() };
		if (!id && method === 'POST') {
			const body = parse(noticeSchema, await req.body());
			if (!body.ok) return { error: body.error };
			return answer(records.createNotice(body.value, staff), 201);
		}
		if (id && verb === 'objections' && method === 'GET') return answer(records.objectionsOf(id, staff));
		if (id && (verb === 'publish' || verb === 'withdraw' || verb === 'close') && method === 'POST') {
			return answer(records.changeNotice(id, verb, staff));
		}
	}

	if (resource === 'objections' && id && verb === 'answer' && method === 'POST') {
		const body = parse(answerSchema, await req.body());
		if (!body.ok) return { error: body.error };
		return answer(records.answerObjection(id, body.value.answer, staff));
	}

	if (resource === 'complaints') {
		if (!id && method === 'GET') return { status: 200, json: records.complaints() };
		if (id && !verb && method === 'PATCH') {
			const body = parse(complaintUpdateSchema, await req.body());
			if (!body.ok) return { error: body.error };
			return answer(records.updateComplaint(id, body.value, staff));
		}
	}

	if (resource === 'reports' && !id && method === 'GET') {
		const period = parse(periodSchema, Object.fromEntries(req.query));
		if (!period.ok) return { error: period.error };
		const report = await reports.period(period.value.from, period.value.to);
		return report.ok ? { status: 200, json: report.value } : { error: report.error };
	}
	if (resource === 'exports') return routeExports(reports.history, req);
	if (resource === 'records') return routeTicketRecord(reports.history, req);
	if (resource === 'reports.xlsx' && !id && method === 'GET') {
		const period = parse(periodSchema, Object.fromEntries(req.query));
		if (!period.ok) return { error: period.error };
		const file = await reports.workbook(period.value.from, period.value.to);
		if (!file.ok) return { error: file.error };
		return {
			status: 200,
			file: file.value,
			contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			fileName: `report-${period.value.from}-${period.value.to}.xlsx`
		};
	}
	// 值班: the roster of a range of days with its log; a day's roster replaced; the director's own log entries.
	if (resource === 'duty') {
		if (!id && method === 'GET') {
			const range = parse(dutyRangeSchema, { from: req.query.get('from') ?? '', to: req.query.get('to') ?? '' });
			if (!range.ok) return { error: range.error };
			return { status: 200, json: { days: duty.roster(range.value.from, range.value.to), log: duty.log(range.value.from, range.value.to), today: duty.today() } };
		}
		if (id === 'log' && !verb && method === 'POST') return answer(duty.write(staff, await req.body()), 201);
		if (id && id !== 'log' && !verb && method === 'PUT') return answer(duty.setRoster(staff, id, await req.body()));
	}

	if (resource === 'live' && !id && method === 'GET') return { status: 200, json: { ...reports.live(), stations: presence.list() } };

	if (resource === 'access-requests') {
		if (!id && method === 'GET') return { status: 200, json: cases.accessRequests() };
		if (id && verb === 'decide' && method === 'POST') {
			const body = parse(decisionSchema, await req.body());
			if (!body.ok) return { error: body.error };
			return answer(cases.decideAccess(id, body.value.approve, body.value.hours, staff));
		}
	}
	if (resource === 'access-log' && !id && method === 'GET') return { status: 200, json: cases.accessLog() };
	if (resource === 'access-log.xlsx' && !id && method === 'GET') {
		return {
			status: 200,
			file: await reports.accessLogWorkbook(cases.accessLog()),
			contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			fileName: 'access-log.xlsx'
		};
	}
	return null;
}
