// Validation at the calendar's edges: the pasted notice, the year asked about, and the
// published schedules kept in the hall file.

import { z } from 'zod';
import { calendarDay } from '../../src/lib/commands.ts';

/** A State Council schedule entered from its notice, as kept in the hall file under `hours.published`. */
export const publishedScheduleSchema = z.strictObject({
	holidays: z.array(calendarDay).max(60),
	workdays: z.array(calendarDay).max(30),
	/** Who entered it and when (epoch ms): the console says so next to the year. */
	appliedBy: z.string().max(64).optional(),
	appliedAt: z.number().int().optional()
});

export const publishedSchedulesSchema = z.record(z.string().regex(/^\d{4}$/, '年份应为四位数字'), publishedScheduleSchema).default({});

export type PublishedScheduleEntry = z.infer<typeof publishedScheduleSchema>;

export const noticeTextSchema = z.strictObject({
	text: z.string().trim().min(1, '请粘贴国务院办公厅的放假安排通知全文').max(20_000, '通知文字过长（超过 20000 字），请只粘贴通知本身')
});

export const coverageQuerySchema = z.strictObject({
	from: z.coerce.number().int().min(2000).max(2100),
	to: z.coerce.number().int().min(2000).max(2100)
}).refine((q) => q.from <= q.to && q.to - q.from <= 10, { message: '年份范围应在 10 年以内' });
