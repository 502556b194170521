// Office hours, holidays and working-day arithmetic for the hall. Pure: every
// function takes the instant it reasons about; nothing here reads a clock.

/** A local opening period, 'HH:MM' to 'HH:MM'; '24:00' closes at midnight. */
export type Period = [string, string];

export type DayKind = 'holiday' | 'workday';

/**
 * How much the hall knows of a year's days off: the State Council's published schedule
 * (holidays and 调休 swaps), only the statutory holidays of 《全国年节及纪念日放假办法》
 * (the swaps are not known until the schedule is published), or nothing.
 */
export type YearCoverage = 'published' | 'statutory' | 'unknown';

export interface CalendarConfig {
	timeZone: string;
	/** Opening periods on a working day (Mon–Fri, and make-up days 调休). */
	workdayHours: Period[];
	/** Opening periods on weekends and holidays (值班); empty when the hall is shut. */
	restDayHours: Period[];
	/** Official holidays and make-up working days, plus the hall's own edits, by local date. */
	days: Record<string, DayKind>;
	/** The last year of the unbroken run of years whose official schedule `days` holds. */
	knownThroughYear: number;
	/**
	 * Coverage by year ('2027'), for the years the calendar was built for. A year missing
	 * here counts as published up to `knownThroughYear` and unknown after it.
	 */
	years?: Record<string, YearCoverage>;
}

export interface LocalTime {
	/** 'YYYY-MM-DD' in the hall's time zone. */
	date: string;
	/** Minutes since local midnight. */
	minutes: number;
	/** 0 = Sunday … 6 = Saturday. */
	weekday: number;
}

interface ZoneFormatter {
	format: Intl.DateTimeFormat;
	/** The last answer, by minute: the hot path asks about "now" several times per command. */
	lastMinute: number;
	last: LocalTime | null;
}

const formatters = new Map<string, ZoneFormatter>();

function formatterFor(timeZone: string): ZoneFormatter {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		const format = new Intl.DateTimeFormat('en-CA', {
			timeZone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		});
		formatter = { format, lastMinute: NaN, last: null };
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

export function localTime(epochMs: number, timeZone: string): LocalTime {
	const formatter = formatterFor(timeZone);
	// Every zone in use has whole-minute offsets, so one minute has one local answer.
	const minute = Math.floor(epochMs / 60_000);
	if (minute === formatter.lastMinute && formatter.last) return formatter.last;
	const parts: Record<string, string> = {};
	for (const part of formatter.format.formatToParts(new Date(epochMs))) parts[part.type] = part.value;
	const date = `${parts.year}-${parts.month}-${parts.day}`;
	const local: LocalTime = Object.freeze({ date, minutes: Number(parts.hour) * 60 + Number(parts.minute), weekday: weekdayOf(date) });
	formatter.lastMinute = minute;
	formatter.last = local;
	return local;
}

export function localDate(epochMs: number, timeZone: string): string {
	return localTime(epochMs, timeZone).date;
}

export function weekdayOf(date: string): number {
	return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function addDays(date: string, days: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

export function parseHm(hm: string): number {
	const [h, m] = hm.split(':').map(Number);
	return h * 60 + m;
}

/** The instant at which the local wall clock in `timeZone` reads `date` `hm`. */
export function instantOf(date: string, hm: string, timeZone: string): number {
	const wanted = Date.parse(`${date}T00:00:00Z`) + parseHm(hm) * 60_000;
	// Guess with the zone's offset near that moment, then correct once for a DST edge.
	let guess = wanted;
	for (let i = 0; i < 2; i++) {
		const seen = localTime(guess, timeZone);
		const seenAsUtc = Date.parse(`${seen.date}T00:00:00Z`) + seen.minutes * 60_000;
		guess += wanted - seenAsUtc;
	}
	return guess;
}

export function isWorkingDay(calendar: CalendarConfig, date: string): boolean {
	const kind = calendar.days[date];
	if (kind === 'holiday') return false;
	if (kind === 'workday') return true;
	const weekday = weekdayOf(date);
	return weekday !== 0 && weekday !== 6;
}

export function periodsOn(calendar: CalendarConfig, date: string): Period[] {
	return isWorkingDay(calendar, date) ? calendar.workdayHours : calendar.restDayHours;
}

export function isOpen(calendar: CalendarConfig, epochMs: number): boolean {
	const now = localTime(epochMs, calendar.timeZone);
	return periodsOn(calendar, now.date).some(
		([from, to]) => now.minutes >= parseHm(from) && now.minutes < parseHm(to)
	);
}

/** The next instant the hall opens after `epochMs`, or null if it never opens within a year. */
export function nextOpening(calendar: CalendarConfig, epochMs: number): number | null {
	const now = localTime(epochMs, calendar.timeZone);
	for (let offset = 0; offset <= 370; offset++) {
		const date = addDays(now.date, offset);
		const starts = periodsOn(calendar, date)
			.map(([from]) => parseHm(from))
			.sort((a, b) => a - b);
		for (const start of starts) {
			if (offset === 0 && start <= now.minutes) continue;
			const hh = String(Math.floor(start / 60)).padStart(2, '0');
			const mm = String(start % 60).padStart(2, '0');
			return instantOf(date, `${hh}:${mm}`, calendar.timeZone);
		}
	}
	return null;
}

export function coverageOf(calendar: CalendarConfig, year: number): YearCoverage {
	return calendar.years?.[String(year)] ?? (year <= calendar.knownThroughYear ? 'published' : 'unknown');
}

/**
 * True when the days from `fromDate` to `toDate` (both counted) cross a year whose official schedule is
 * not in: the date may move once the State Council publishes it.
 */
export function beyondKnownSchedule(calendar: CalendarConfig, fromDate: string, toDate: string): boolean {
	const first = Number(fromDate.slice(0, 4));
	const last = Number(toDate.slice(0, 4));
	for (let year = first; year <= last; year++) {
		if (coverageOf(calendar, year) !== 'published') return true;
	}
	return false;
}

export interface Deadline {
	date: string;
	/** True when the count ran past the official schedule: the date may move once it is published. */
	beyondKnownSchedule: boolean;
}

/**
 * The date `workingDays` working days after `fromDate` (the day of acceptance does not
 * count), as 限时办结 deadlines are counted. Official holidays and make-up days count as
 * the calendar says.
 */
export function addWorkingDays(calendar: CalendarConfig, fromDate: string, workingDays: number): Deadline {
	let date = fromDate;
	let left = workingDays;
	while (left > 0) {
		date = addDays(date, 1);
		if (isWorkingDay(calendar, date)) left--;
	}
	return { date, beyondKnownSchedule: workingDays > 0 && beyondKnownSchedule(calendar, addDays(fromDate, 1), date) };
}

/** The lunar and solar-term dates a year's statutory holidays hang on (Gregorian 'YYYY-MM-DD'). */
export interface LunarAnchors {
	year: number;
	/** 正月初一 of the lunar year that begins in `year`. */
	lunarNewYear: string;
	/** 清明: the day the sun reaches 15° ecliptic longitude, China Standard Time. */
	qingming: string;
	/** 端午: 五月初五. */
	duanwu: string;
	/** 中秋: 八月十五. */
	midAutumn: string;
}

export interface StatutoryHoliday {
	date: string;
	/** 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节. */
	name: string;
}

/**
 * The days off every citizen has by 《全国年节及纪念日放假办法》 as amended in 2024
 * (13 days): 元旦 1 Jan; 春节 除夕 and 正月初一–初三; 清明; 劳动节 1–2 May; 端午; 中秋;
 * 国庆节 1–3 Oct. What the State Council adds each year (the 调休 swaps that join them to
 * weekends, the make-up day off for a holiday on a weekend) is not here: it is only known
 * once the year's schedule is published.
 */
export function statutoryHolidays(anchors: LunarAnchors): StatutoryHoliday[] {
	const y = anchors.year;
	const days: StatutoryHoliday[] = [
		{ date: `${y}-01-01`, name: '元旦' },
		...[-1, 0, 1, 2].map((offset) => ({ date: addDays(anchors.lunarNewYear, offset), name: '春节' })),
		{ date: anchors.qingming, name: '清明节' },
		{ date: `${y}-05-01`, name: '劳动节' },
		{ date: `${y}-05-02`, name: '劳动节' },
		{ date: anchors.duanwu, name: '端午节' },
		{ date: anchors.midAutumn, name: '中秋节' },
		{ date: `${y}-10-01`, name: '国庆节' },
		{ date: `${y}-10-02`, name: '国庆节' },
		{ date: `${y}-10-03`, name: '国庆节' }
	];
	// 中秋 may fall on 1–3 October (2028, 2039): one day off, both names.
	const byDate = new Map<string, string>();
	for (const day of days) byDate.set(day.date, byDate.has(day.date) ? `${byDate.get(day.date)}、${day.name}` : day.name);
	return [...byDate].map(([date, name]) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date));
}
