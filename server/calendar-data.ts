// Official Chinese holidays and make-up working days (调休) from `chinese-days`, merged
// with the hall's own edits into the core's CalendarConfig.

import chineseDays from 'chinese-days';
import { weekdayOf, type CalendarConfig, type DayKind, type Period } from './core/calendar.ts';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const WEEKDAY_NAMES = new Set(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']);

/**
 * Whether the package lists `date` as an official day off or an official make-up day.
 * The package keys its tables with the process's local clock, so under a negative UTC
 * offset its own weekday for a date is a day off; a table hit is still right because
 * key and lookup shift together. So only the hit and its `work` flag are trusted here,
 * and the weekday is computed by us.
 */
function officialKind(date: string): DayKind | null {
	const detail = chineseDays.getDayDetail(date);
	if (WEEKDAY_NAMES.has(detail.name)) return null;
	return detail.work ? 'workday' : 'holiday';
}

export interface OfficialDays {
	/** Only the days that differ from the plain Mon–Fri week. */
	days: Record<string, DayKind>;
	/** The last year in range with any official weekday holiday: later years are plain weekdays in the data. */
	knownThroughYear: number;
}

export function officialDays(fromYear: number, toYear: number): OfficialDays {
	const days: Record<string, DayKind> = {};
	let knownThroughYear = fromYear - 1;
	// Plain counters instead of Date arithmetic per day: this runs at server start.
	let weekday = weekdayOf(`${fromYear}-01-01`);
	for (let year = fromYear; year <= toYear; year++) {
		for (let month = 1; month <= 12; month++) {
			const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
			for (let day = 1; day <= length; day++, weekday = (weekday + 1) % 7) {
				const date = `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
				const kind = officialKind(date);
				if (!kind) continue;
				const weekend = weekday === 0 || weekday === 6;
				if (kind === 'holiday' && !weekend) {
					days[date] = 'holiday';
					knownThroughYear = year;
				} else if (kind === 'workday' && weekend) {
					days[date] = 'workday';
				}
			}
		}
	}
	return { days, knownThroughYear };
}

export interface CalendarOptions {
	timeZone?: string;
	workdayHours: Period[];
	restDayHours: Period[];
	/** The hall's own edits (a local closure, a newly published schedule); they win over the package. */
	overrides?: Record<string, DayKind>;
	/** Years to take from the package; default: last year through two years ahead. */
	fromYear?: number;
	toYear?: number;
	/**
	 * Set when the director has entered a later year's official schedule by hand, so that
	 * deadlines in that year stop being flagged as beyond the known schedule.
	 */
	knownThroughYear?: number;
}

export function buildCalendar(opts: CalendarOptions): CalendarConfig {
	const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
	// The UTC year is close enough: the default range has a year of slack either side.
	const thisYear = new Date().getUTCFullYear();
	const official = officialDays(opts.fromYear ?? thisYear - 1, opts.toYear ?? thisYear + 2);
	return {
		timeZone,
		workdayHours: opts.workdayHours.map(([from, to]): Period => [from, to]),
		restDayHours: opts.restDayHours.map(([from, to]): Period => [from, to]),
		days: { ...official.days, ...(opts.overrides ?? {}) },
		knownThroughYear: Math.max(official.knownThroughYear, opts.knownThroughYear ?? -Infinity)
	};
}
