// Dates and numbers as the console shows them. Days are local 'YYYY-MM-DD' strings, as the
// API takes them; the console runs on a PC in the hall, so the browser's zone is the hall's.

export type PeriodKind = 'day' | 'week' | 'month';

const pad = (n: number) => String(n).padStart(2, '0');

function toDay(date: Date): string {
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Noon avoids daylight-saving edges in zones that have them. */
function fromDay(day: string): Date {
	const [y, m, d] = day.split('-').map(Number);
	return new Date(y, m - 1, d, 12);
}

export function today(now = Date.now()): string {
	return toDay(new Date(now));
}

export function addDays(day: string, days: number): string {
	const date = fromDay(day);
	date.setDate(date.getDate() + days);
	return toDay(date);
}

/** The day, its week (Monday to Sunday, as Chinese calendars run) or its month. */
export function periodOf(kind: PeriodKind, day: string): { from: string; to: string } {
	if (kind === 'day') return { from: day, to: day };
	const date = fromDay(day);
	if (kind === 'week') {
		const sinceMonday = (date.getDay() + 6) % 7;
		const from = addDays(day, -sinceMonday);
		return { from, to: addDays(from, 6) };
	}
	const first = new Date(date.getFullYear(), date.getMonth(), 1, 12);
	const last = new Date(date.getFullYear(), date.getMonth() + 1, 0, 12);
	return { from: toDay(first), to: toDay(last) };
}

/** 2026年11月26日 */
export function dayText(day: string): string {
	const [y, m, d] = day.split('-').map(Number);
	return `${y}年${m}月${d}日`;
}

/** 11月26日 14:05 — for log lines and deadlines; the year only when it is not this one. */
export function dateTimeText(ms: number | null, now = Date.now()): string {
	if (ms === null) return '—';
	const date = new Date(ms);
	const year = date.getFullYear() === new Date(now).getFullYear() ? '' : `${date.getFullYear()}年`;
	return `${year}${date.getMonth() + 1}月${date.getDate()}日 ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function minutesText(minutes: number | null): string {
	return minutes === null ? '—' : `${minutes} 分钟`;
}

export function gradeText(grade: number | null): string {
	return grade === null ? '—' : grade.toFixed(2);
}
