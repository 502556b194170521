// Every input from outside is validated here, once, for both doors: the HTTP API and
// the socket. A window action has one name, one schema and one command shape.

import { z } from 'zod';
import type { ApiError, TicketDetail, WindowInfo } from '../src/lib/protocol.ts';
import type { Command } from './core/types.ts';
import type { Hall, Result } from './hall.ts';

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().max(max);

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A local date 'YYYY-MM-DD' that exists: 2026-02-30 and 2026-13-45 match the pattern but are no days. */
export function isCalendarDay(value: string): boolean {
	if (!DAY_PATTERN.test(value)) return false;
	const parsed = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export const calendarDay = z.string().refine(isCalendarDay, '日期格式应为 YYYY-MM-DD，且须是存在的日期');

export const issueTicketSchema = z.strictObject({
	serviceId: id,
	priority: z.enum(['normal', 'green']).default('normal'),
	station: z.string().regex(/^[A-Za-z0-9-]{1,20}$/).optional(),
	idempotencyKey: z.string().min(8).max(100).optional()
});

export const loginSchema = z.strictObject({
	username: z.string().min(1).max(64),
	password: z.string().min(1).max(200)
});

const station = z.string().regex(/^[A-Za-z0-9-]{1,20}$/).optional();
const phone = z.string().trim().regex(/^[0-9+\- ]{5,20}$/, '电话号码格式不正确');

export const objectionSchema = z.strictObject({
	name: z.string().trim().min(1).max(20),
	phone,
	content: z.string().trim().min(1).max(1000),
	station
});

export const complaintSchema = z.strictObject({
	category: z.enum(['complaint', 'report', 'suggestion', 'praise']),
	content: z.string().trim().min(1).max(2000),
	contactName: z.string().trim().max(20).optional(),
	contactPhone: phone.optional().or(z.literal('')),
	station
});

export const caseSchema = z.strictObject({
	ticketId: id.optional(),
	serviceId: id.optional(),
	windowId: z.string().regex(/^[A-Za-z0-9-]{1,20}$/).optional(),
	personName: z.string().trim().min(1, '请填写姓名').max(20),
	personPhone: phone,
	content: z.string().trim().min(1, '请填写事项内容').max(2000),
	resolution: z.enum(['on_the_spot', 'agency', 'referred', 'refused']),
	timeLimitDays: z.number().int().min(0).max(365).optional(),
	missingMaterials: z.array(z.string().trim().min(1).max(100)).max(30).optional()
});

export const caseQuerySchema = z.strictObject({
	status: z.enum(['open', 'due_soon', 'overdue', 'done', 'all']).optional(),
	q: z.string().trim().min(1).max(40).optional(),
	date: calendarDay.optional()
});

export const caseResultSchema = z.strictObject({ result: z.string().trim().min(1, '请填写办理结果').max(2000) });

export const caseNotificationSchema = z.strictObject({
	via: z.enum(['phone', 'sms', 'in_person', 'letter']),
	at: z.number().int().positive().optional()
});

export const noticeSlipSchema = z.strictObject({
	missingMaterials: z.array(z.string().trim().min(1).max(100)).min(1).max(30)
});

export const gradeSchema = z.strictObject({ grade: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]) });

export const accessRequestSchema = z.strictObject({ reason: z.string().trim().min(2, '请说明查阅原因').max(500) });

export const passwordResetSchema = z.strictObject({ password: z.string().min(8, '密码至少 8 位').max(200) });

export const dateSchema = z.strictObject({ date: calendarDay });

export const windowIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,20}$/);

const noBody = z.strictObject({});

type StaffCommand = Extract<Command, { staffId: string }>;

interface WindowAction<S extends z.ZodType> {
	schema: S;
	command(windowId: string, staffId: string, body: z.infer<S>): StaffCommand;
}

function action<S extends z.ZodType>(a: WindowAction<S>): WindowAction<S> {
	return a;
}

export const windowActions = {
	'sign-in': action({ schema: noBody, command: (windowId, staffId) => ({ type: 'sign-in', windowId, staffId }) }),
	'sign-out': action({ schema: noBody, command: (windowId, staffId) => ({ type: 'sign-out', windowId, staffId }) }),
	'call-next': action({ schema: noBody, command: (windowId, staffId) => ({ type: 'call-next', windowId, staffId }) }),
	call: action({
		schema: z.strictObject({ ticketId: id }),
		command: (windowId, staffId, body) => ({ type: 'call', windowId, staffId, ticketId: body.ticketId })
	}),
	recall: action({ schema: noBody, command: (windowId, staffId) => ({ type: 'recall', windowId, staffId }) }),
	'no-show': action({ schema: noBody, command: (windowId, staffId) => ({ type: 'no-show', windowId, staffId }) }),
	start: action({ schema: noBody, command: (windowId, staffId) => ({ type: 'start', windowId, staffId }) }),
	finish: action({
		schema: z.strictObject({ outcome: z.enum(['done', 'refused']), reason: text(500).optional() }),
		command: (windowId, staffId, body) => ({
			type: 'finish',
			windowId,
			staffId,
			outcome: body.outcome,
			reason: body.reason ?? null
		})
	}),
	transfer: action({
		schema: z.strictObject({ toServiceId: id.optional(), toWindowId: windowIdSchema.optional(), note: text(500) }),
		command: (windowId, staffId, body) => ({
			type: 'transfer',
			windowId,
			staffId,
			toServiceId: body.toServiceId ?? null,
			toWindowId: body.toWindowId ?? null,
			note: body.note
		})
	}),
	pause: action({ schema: noBody, command: (windowId, staffId) => ({ type: 'pause', windowId, staffId }) }),
	resume: action({ schema: noBody, command: (windowId, staffId) => ({ type: 'resume', windowId, staffId }) })
} as const;

export type WindowActionName = keyof typeof windowActions;

export function isWindowAction(name: string): name is WindowActionName {
	return Object.hasOwn(windowActions, name);
}

export function invalid(error: z.ZodError): ApiError {
	const first = error.issues[0];
	const where = first?.path.length ? `（${first.path.join('.')}）` : '';
	// Our own messages are Chinese and say what is wrong; zod's defaults are English.
	const own = first && /[\u4e00-\u9fa5]/.test(first.message) ? `：${first.message}` : '';
	return {
		code: 'bad_request',
		message: `请求内容不正确${where}${own}`,
		details: { issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) }
	};
}

/** Validates and runs one window action for a staff member. */
export function runWindowAction(
	hall: Hall,
	name: WindowActionName,
	windowId: unknown,
	staffId: string,
	body: unknown
): Result<{ ticket: TicketDetail | null; window: WindowInfo }> {
	const windowIdParsed = windowIdSchema.safeParse(windowId);
	if (!windowIdParsed.success) return { ok: false, error: invalid(windowIdParsed.error) };
	const spec = windowActions[name] as WindowAction<z.ZodType>;
	const parsed = spec.schema.safeParse(body ?? {});
	if (!parsed.success) return { ok: false, error: invalid(parsed.error) };
	return hall.windowCommand(spec.command(windowIdParsed.data, staffId, parsed.data) as Parameters<Hall['windowCommand']>[0]);
}
