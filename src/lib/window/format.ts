// Dates and times on the staff screens and slips, always in the browser's zone (the
// hall's PCs run in the hall's zone).

/** 2026年11月26日 14:05 */
export function formatSlipTime(ms: number): string {
	return new Intl.DateTimeFormat('zh-CN', {
		year: 'numeric',
		month: 'long',
		day: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).format(ms);
}

/** 2026-11-26 14:05 — compact, for lists; the year too, as cases outlive the year they were taken. */
export function formatShort(ms: number): string {
	const d = new Date(ms);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
