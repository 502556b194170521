import type { OpeningInfo } from '../protocol.ts';

/** Epoch ms of "HH:MM" today in the browser's time zone (the hall's own clock). */
function todayAt(now: number, hhmm: string): number {
	const [h, m] = hhmm.split(':').map(Number);
	const date = new Date(now);
	date.setHours(h, m, 0, 0);
	return date.getTime();
}

/**
 * When the snapshot's opening facts may stop being true: the next start or end of an
 * opening period, the next opening, or midnight. The server stays the judge of
 * open/closed; the screen only asks it again at that moment.
 */
export function nextOpeningChange(opening: OpeningInfo, now: number): number {
	const midnight = new Date(now);
	midnight.setHours(24, 0, 0, 0);
	const candidates = [midnight.getTime()];
	for (const [start, end] of opening.todayPeriods) candidates.push(todayAt(now, start), todayAt(now, end));
	if (opening.nextOpening !== null) candidates.push(opening.nextOpening);
	return Math.min(...candidates.filter((at) => Number.isFinite(at) && at > now));
}

/** Schedules `refresh` for the next change of the opening facts; returns a cancel function. */
export function refreshAtOpeningChange(opening: OpeningInfo, refresh: () => void): () => void {
	const delay = nextOpeningChange(opening, Date.now()) - Date.now();
	// A second late, so the server's clock has certainly crossed the boundary too; setTimeout caps near 24.8 days.
	const timer = setTimeout(refresh, Math.min(delay + 1000, 2 ** 31 - 1));
	return () => clearTimeout(timer);
}
