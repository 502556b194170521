// Every input of the 预约 and 线上取号 doors, validated once, for HTTP and the socket alike.

import { z } from 'zod';
import { calendarDay } from '../../src/lib/commands.ts';
import { PHONE_PATTERN } from './rules.ts';

const serviceId = z.string().min(1).max(64);
const station = z.string().regex(/^[A-Za-z0-9-]{1,20}$/);
export const phoneSchema = z.string().trim().regex(PHONE_PATTERN, '请填写 11 位手机号码');
/** Typed (with or without the dash, any case) or scanned: checked against the alphabet by the service. */
export const codeSchema = z.string().trim().min(4).max(200);

export const slotsQuerySchema = z.strictObject({ serviceId, date: calendarDay });

export const bookSchema = z.strictObject({
	serviceId,
	date: calendarDay,
	start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时段格式应为 HH:MM'),
	name: z.string().trim().min(1, '请填写姓名').max(20, '姓名最多 20 个字'),
	phone: phoneSchema
});

export const phoneQuerySchema = z.strictObject({ phone: phoneSchema });

export const cancelSchema = z.strictObject({ phone: phoneSchema });

export const staffCancelSchema = z.strictObject({ reason: z.string().trim().min(2, '请填写取消原因').max(200) });

export const checkInSchema = z.strictObject({ code: codeSchema, station: station.optional() });

export const remoteTakeSchema = z.strictObject({ serviceId, phone: phoneSchema });

export const liftBanSchema = z.strictObject({ phone: phoneSchema, reason: z.string().trim().min(2, '请填写解除原因').max(200) });

export const dayQuerySchema = z.strictObject({ date: calendarDay.optional() });

export const reportQuerySchema = z.strictObject({ from: calendarDay, to: calendarDay });

export type BookInput = z.infer<typeof bookSchema>;

/** A day closed to booking: which, and why (shown to the staff; the resident only sees it refused). */
export const closeDaySchema = z.strictObject({
	date: calendarDay,
	reason: z.string().trim().min(2, '请填写不接受预约的原因').max(200, '原因最多 200 个字')
});

export const reopenDaySchema = z.strictObject({ date: calendarDay });
