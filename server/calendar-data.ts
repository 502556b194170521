// The hall's days off, year by year, into the core's CalendarConfig: the official holidays
// and make-up working days (调休) from `chinese-days` while its data lasts (to 2026), a
// schedule the director pasted from the State Council's notice, else the statutory holidays
// computed from the lunar calendar (the 调休 swaps unknown); the hall's own edits on top.

import chineseDays from 'chinese-days';
import {
	addDays,
	statutoryHolidays,
	weekdayOf,
	type CalendarConfig,
	type DayKind,
	type LunarAnchors,
	type Period,
	type StatutoryHoliday,
	type YearCoverage
} from './core/calendar.ts';

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

/** The last year the package has a published schedule for (国庆 is in every one), looking back from `before`. */
export function packageLastYear(before: number): number {
	for (let year = before; year > 2004; year--) if (officialKind(`${year}-10-01`) === 'holiday') return year;
	return 2004;
}

/** The years whose statutory holidays this hall can compute (the lunar table and the 清明 rule hold there). */
export const STATUTORY_YEARS = { from: 2001, to: 2099 } as const;

function lunarDay(date: string): { month: number; day: number; leap: boolean } {
	const lunar = chineseDays.getLunarDate(date);
	return { month: lunar.lunarMon, day: lunar.lunarDay, leap: lunar.isLeap };
}

/** The first date from `from` (at most `span` days on) that is the given day of a lunar month (not a leap month). */
function findLunar(from: string, span: number, month: number, day: number): string {
	for (let offset = 0; offset < span; offset++) {
		const date = addDays(from, offset);
		const lunar = lunarDay(date);
		if (lunar.month === month && lunar.day === day && !lunar.leap) return date;
	}
	throw new Error(`no lunar ${month}/${day} within ${span} days of ${from}`);
}

/**
 * 清明 by the common rule for the sun's 15° longitude: day = ⌊Y·0.2422 + C⌋ − ⌊Y/4⌋ in
 * April, Y the year within its century, C = 4.81 in the 21st century and 5.59 in the 20th.
 * Our own: the package's solar terms move by a day under a process time zone west of UTC.
 */
export function qingmingOf(year: number): string {
	const y = year % 100;
	const c = year > 2000 ? 4.81 : 5.59;
	const day = Math.floor(y * 0.2422 + c) - Math.floor(y / 4);
	return `${year}-04-0${day}`;
}

/**
 * The dates a year's statutory holidays hang on, or null outside the years we can compute.
 * The lunar dates come from the package's lunar table through `getLunarDate`, the one
 * conversion of the package that gives the same answer whatever the process time zone
 * (its lunar-to-solar conversion does not; see calendar.test.ts).
 */
export function lunarAnchors(year: number): LunarAnchors | null {
	if (!Number.isInteger(year) || year < STATUTORY_YEARS.from || year > STATUTORY_YEARS.to) return null;
	return {
		year,
		// 正月初一 falls between 21 January and 20 February.
		lunarNewYear: findLunar(`${year}-01-20`, 33, 1, 1),
		qingming: qingmingOf(year),
		// 端午 falls between 28 May and 25 June; 中秋 between 7 September and 8 October.
		duanwu: findLunar(`${year}-05-25`, 35, 5, 5),
		midAutumn: findLunar(`${year}-09-05`, 38, 8, 15)
	};
}

/** A year's statutory holidays, or null when the year is beyond what we can compute. */
export function statutoryDays(year: number): StatutoryHoliday[] | null {
	const anchors = lunarAnchors(year);
	return anchors ? statutoryHolidays(anchors) : null;
}

/** A State Council schedule the director entered (a pasted notice): every day off, every weekend day worked. */
export interface PublishedSchedule {
	holidays: string[];
	workdays: string[];
}

export interface CalendarOptions {
	timeZone?: string;
	workdayHours: Period[];
	restDayHours: Period[];
	/** The hall's own edits (a local closure, a newly published schedule); they win over the package. */
	overrides?: Record<string, DayKind>;
	/** Schedules the director entered from the State Council's notices, by year ('2027'): they win over the package. */
	published?: Record<string, PublishedSchedule>;
	/** Years to build; default: last year (or the package's last year, if earlier) through three years ahead. */
	fromYear?: number;
	toYear?: number;
	/**
	 * Set when the director has entered a later year's official schedule by hand, so that
	 * deadlines in that year stop being flagged as beyond the known schedule.
	 */
	knownThroughYear?: number;
}

const isWeekend = (date: string) => {
	const weekday = weekdayOf(date);
	return weekday === 0 || weekday === 6;
};

/**
 * The hall's calendar: per year the package's official schedule, else a schedule the
 * director entered, else the statutory holidays alone (no 调休 known yet); the hall's own
 * overrides on top.
 */
export function buildCalendar(opts: CalendarOptions): CalendarConfig {
	const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
	// The UTC year is close enough: the default range has a year of slack either side.
	const thisYear = new Date().getUTCFullYear();
	// From the package's last year at the latest: every year after it needs its statutory days,
	// however long the hall runs (or a test's clock stays) without a newer package.
	const fromYear = opts.fromYear ?? Math.min(thisYear - 1, packageLastYear(thisYear + 3));
	const toYear = opts.toYear ?? thisYear + 3;
	const official = officialDays(fromYear, toYear);
	const published = opts.published ?? {};
	const days: Record<string, DayKind> = {};
	const years: Record<string, YearCoverage> = {};
	for (let year = fromYear; year <= toYear; year++) {
		if (published[year] || year <= official.knownThroughYear) {
			years[year] = 'published';
			continue;
		}
		const statutory = statutoryDays(year);
		years[year] = statutory ? 'statutory' : 'unknown';
		for (const day of statutory ?? []) if (!isWeekend(day.date)) days[day.date] = 'holiday';
	}
	for (const [date, kind] of Object.entries(official.days)) if (!published[date.slice(0, 4)]) days[date] = kind;
	for (const year of Object.keys(published).sort()) {
		years[year] = 'published';
		for (const date of published[year].holidays) if (!isWeekend(date)) days[date] = 'holiday';
		for (const date of published[year].workdays) if (isWeekend(date)) days[date] = 'workday';
	}
	let knownThroughYear = Math.max(official.knownThroughYear, opts.knownThroughYear ?? -Infinity);
	while (years[knownThroughYear + 1] === 'published') knownThroughYear++;
	return {
		timeZone,
		workdayHours: opts.workdayHours.map(([from, to]): Period => [from, to]),
		restDayHours: opts.restDayHours.map(([from, to]): Period => [from, to]),
		days: { ...days, ...(opts.overrides ?? {}) },
		knownThroughYear,
		years
	};
}
