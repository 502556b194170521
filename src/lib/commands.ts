// The inputs of every command, once: the server validates each door's input with these
// schemas (server/commands/), and the screens import their inferred types from the
// contract (protocol.ts re-exports them as types). Screens must import this file with
// `import type` only, so zod never reaches a screen's bundle.

import { z } from 'zod';

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A local date 'YYYY-MM-DD' that exists: 2026-02-30 and 2026-13-45 match the pattern but are no days. */
export function isCalendarDay(value: string): boolean {
	if (!DAY_PATTERN.test(value)) return false;
	const parsed = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export const calendarDay = z.string().refine(isCalendarDay, '日期格式应为 YYYY-MM-DD，且须是存在的日期');

export const id = z.string().min(1).max(64);
export const stationId = z.string().regex(/^[A-Za-z0-9-]{1,20}$/);
export const windowId = z.string().regex(/^[A-Za-z0-9-]{1,20}$/);
const text = (max: number) => z.string().max(max);
const phone = z.string().trim().regex(/^[0-9+\- ]{5,20}$/, '电话号码格式不正确');
const noInput = z.strictObject({});

// Tickets and the kiosk -------------------------------------------------------------

export const issueTicketSchema = z.strictObject({
	serviceId: id,
	priority: z.enum(['normal', 'green']).default('normal'),
	station: stationId.optional(),
	idempotencyKey: z.string().min(8, 'Idempotency-Key 至少 8 个字符').max(100).optional()
});

export const ticketRefSchema = z.strictObject({ ticketId: id });

export const boardSubscribeSchema = z.strictObject({
	zone: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(),
	station: stationId.optional()
});

export const kioskSubscribeSchema = z.strictObject({ station: stationId.optional() });

export const stationRefSchema = z.strictObject({ station: stationId });

export const printNotificationSchema = z.strictObject({ serviceId: id, station: stationId });

export const printJobQuerySchema = z.strictObject({
	station: stationId.optional(),
	ticketId: id.optional(),
	limit: z.coerce.number().int().min(1).max(500).optional()
});

// Window actions ---------------------------------------------------------------------

export const windowRefSchema = z.strictObject({ windowId });

export const callTicketSchema = z.strictObject({ windowId, ticketId: id });

export const finishSchema = z.strictObject({
	windowId,
	outcome: z.enum(['done', 'refused']),
	reason: text(500).optional()
});

export const transferSchema = z.strictObject({
	windowId,
	toServiceId: id.optional(),
	toWindowId: windowId.optional(),
	note: text(500)
});

export const gradeSchema = z.strictObject({ grade: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]) });

/** `key`: the window station's agentKey, which the hall gives that window's rating tablet (its launcher URL). */
export const rateSubmitSchema = z.strictObject({ windowId, grade: gradeSchema.shape.grade, key: z.string().min(1).max(200).optional() });

// Public records: notices, objections, complaints ------------------------------------

export const objectionSchema = z.strictObject({
	noticeId: id,
	name: z.string().trim().min(1).max(20),
	phone,
	content: z.string().trim().min(1).max(1000),
	station: stationId.optional()
});

const complaintCategory = z.enum(['complaint', 'report', 'suggestion', 'praise']);

export const complaintSchema = z.strictObject({
	category: complaintCategory,
	content: z.string().trim().min(1).max(2000),
	contactName: z.string().trim().max(20).optional(),
	contactPhone: phone.optional().or(z.literal('')),
	station: stationId.optional()
});

export const phoneComplaintSchema = z.strictObject({
	category: complaintCategory,
	content: z.string().trim().min(1).max(2000),
	contactName: z.string().trim().max(20).optional(),
	contactPhone: phone.optional()
});

// Cases (登记备案) ---------------------------------------------------------------------

export const caseSchema = z.strictObject({
	ticketId: id.optional(),
	serviceId: id.optional(),
	windowId: windowId.optional(),
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

export const caseRefSchema = z.strictObject({ caseId: id });
export const caseResultSchema = z.strictObject({ caseId: id, result: z.string().trim().min(1, '请填写办理结果').max(2000) });
export const caseNotificationSchema = z.strictObject({
	caseId: id,
	via: z.enum(['phone', 'sms', 'in_person', 'letter']),
	at: z.number().int().positive().optional()
});
export const caseNoticeSlipSchema = z.strictObject({
	caseId: id,
	missingMaterials: z.array(z.string().trim().min(1).max(100)).min(1).max(30)
});
export const accessRequestSchema = z.strictObject({ caseId: id, reason: z.string().trim().min(2, '请说明查阅原因').max(500) });

// Staff, sessions and the director's console -------------------------------------------

export const loginSchema = z.strictObject({
	username: z.string().min(1).max(64),
	password: z.string().min(1).max(200)
});

export const passwordResetSchema = z.strictObject({ staffId: id, password: z.string().min(8, '密码至少 8 位').max(200) });

export const dateSchema = z.strictObject({ date: calendarDay });

export const staffCreateSchema = z.strictObject({
	username: z.string().regex(/^[a-z0-9_.-]{3,32}$/, '用户名为 3–32 位小写字母、数字'),
	name: z.string().trim().min(1).max(20),
	staffNo: z.string().trim().min(1).max(20),
	role: z.enum(['staff', 'director', 'admin']),
	password: z.string().min(8, '密码至少 8 位').max(200)
});

export const staffUpdateSchema = z.strictObject({
	staffId: id,
	name: z.string().trim().min(1).max(20).optional(),
	staffNo: z.string().trim().min(1).max(20).optional(),
	role: z.enum(['staff', 'director', 'admin']).optional(),
	disabled: z.boolean().optional()
});

export const noticeSchema = z
	.strictObject({
		title: z.string().trim().min(1).max(100),
		body: z.string().trim().min(1).max(20_000),
		category: z.string().trim().min(1).max(20),
		publishFrom: calendarDay,
		publishTo: calendarDay,
		publish: z.boolean().default(false)
	})
	.refine((n) => n.publishFrom <= n.publishTo, { message: '公示结束日期不能早于开始日期', path: ['publishTo'] });

export const noticeRefSchema = z.strictObject({ noticeId: id });
export const noticeChangeSchema = z.strictObject({ noticeId: id, change: z.enum(['publish', 'withdraw', 'close']) });

export const objectionAnswerSchema = z.strictObject({ objectionId: id, answer: z.string().trim().min(1, '请填写答复').max(2000) });

export const complaintUpdateSchema = z.strictObject({
	complaintId: id,
	assignedTo: z.string().min(1).max(64).optional(),
	answer: z.string().trim().min(1).max(2000).optional(),
	dueDate: calendarDay.optional(),
	status: z.enum(['open', 'answered', 'closed']).optional()
});

export const periodSchema = z.strictObject({ from: calendarDay, to: calendarDay }).refine((p) => p.from <= p.to, { message: '开始日期不能晚于结束日期' });

export const yearSchema = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });

export const accessDecisionSchema = z.strictObject({
	requestId: id,
	approve: z.boolean(),
	hours: z.number().int().min(1).max(72).default(24)
});

/** PUT /api/console/config: the hall file (validated by the hall's own parser) and the revision it was made from. */
export const configSaveSchema = z.strictObject({ file: z.unknown(), ifMatch: z.string().max(100).nullable().default(null) });

export const dutyDaySchema = z.strictObject({ day: calendarDay, roster: z.unknown() });

// Station agents ------------------------------------------------------------------------

export const agentHelloSchema = z.strictObject({
	station: stationId,
	key: z.string().min(1).max(200).optional(),
	printer: z.enum(['tcp', 'file', 'usb', 'preview']),
	version: z.string().max(40).optional()
});

export const agentStatusSchema = z.strictObject({
	code: z.enum(['ok', 'unknown', 'unreachable', 'offline', 'paper_out', 'cover_open', 'timeout', 'printer_error']),
	paperNearEnd: z.boolean().optional(),
	detail: z.string().max(300).optional()
});

export const agentScanSchema = z.strictObject({ data: z.string().min(1).max(512) });

export const windowStationHelloSchema = z
	.strictObject({
		station: stationId.optional(),
		windowId: windowId.optional(),
		key: z.string().min(1).max(200)
	})
	.refine((hello) => hello.station !== undefined || hello.windowId !== undefined, '请提供终端编号（station）或窗口编号（windowId）');

export const keypadActions = ['next', 'recall', 'no-show', 'start', 'finish', 'pause', 'resume'] as const;
export const keypadSchema = z.strictObject({ action: z.enum(keypadActions) });

export { noInput };

// Handwriting (手写) on the kiosk's keyboard ---------------------------------------------------

/** Bounds of one recognition request: the most complex characters have about 30 strokes. */
export const HANDWRITING_LIMITS = { maxStrokes: 40, maxPointsPerStroke: 400, maxPoints: 2000, maxPad: 4096, maxCandidates: 20 } as const;

const padLength = z.number().min(16).max(HANDWRITING_LIMITS.maxPad);
const coordinate = z.number().min(0).max(HANDWRITING_LIMITS.maxPad);

export const handwritingRecognizeSchema = z
	.strictObject({
		/** The pad's size in the kiosk's CSS pixels; every point lies within it. */
		width: padLength,
		height: padLength,
		/** Strokes in writing order, each its points `[x, y]` in drawing order. */
		strokes: z
			.array(z.array(z.tuple([coordinate, coordinate])).min(1).max(HANDWRITING_LIMITS.maxPointsPerStroke))
			.min(1)
			.max(HANDWRITING_LIMITS.maxStrokes, `最多 ${HANDWRITING_LIMITS.maxStrokes} 笔`),
		limit: z.number().int().min(1).max(HANDWRITING_LIMITS.maxCandidates).default(10)
	})
	.refine((input) => input.strokes.reduce((sum, stroke) => sum + stroke.length, 0) <= HANDWRITING_LIMITS.maxPoints, `笔画的点太多（最多 ${HANDWRITING_LIMITS.maxPoints} 个）`)
	.refine((input) => input.strokes.every((stroke) => stroke.every(([x, y]) => x <= input.width && y <= input.height)), '笔画超出了书写板');

// A complaint's or an objection's reference (回执编号), as a resident types or scans it: the
// server reads TS-20261206-001 in the ways people write it (lower case, spaces, no dashes).
export const referenceRefSchema = z.strictObject({ reference: z.string().trim().min(1, '请输入回执编号').max(40, '回执编号太长') });
/** 暂停: why the window stops, shown on the boards beside 「暂停服务」 (a common reason or the staff member's own words). */
export const pauseSchema = z.strictObject({
	windowId,
	reason: z.string().trim().min(1, '请选择或填写暂停原因').max(30, '暂停原因请控制在 30 字以内')
});

/** A mainland mobile number, for a 回访 after a bad rating. */
export const mobilePhone = z.string().trim().regex(/^1[3-9]\d{9}$/, '请填写 11 位手机号码（1 开头）');

/**
 * 好差评 from the tablet: a 不满意 or 非常不满意 may say why (the tablet asks) and leave a mobile
 * number for the 回访, which goes only into the follow-up case. Both are ignored for good grades.
 */
export const rateWithReasonSchema = rateSubmitSchema.extend({
	reason: z.string().trim().min(1, '请选择或填写不满意的原因').max(300, '原因请控制在 300 字以内').optional(),
	phone: z.union([mobilePhone, z.literal('')]).optional()
});
