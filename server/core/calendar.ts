// Office hours, holidays and working-day arithmetic for the hall. Pure: every
// function takes the instant it reasons about; nothing here reads a clock.

/** A local opening period, 'HH:MM' to 'HH:MM'; '24:00' closes at midnight. */
export type Period = [string, string];

export type DayKind = 'holiday' | 'workday';

export interface CalendarConfig {
	timeZone: string;
	/** Opening periods on a working day (Mon–Fri, and make-up days 调休). */
	workdayHours: Period[];
	/** Opening periods on weekends and holidays (值班); empty when the hall is shut. */
	restDayHours: Period[];
	/** Official holidays and make-up working days, plus the hall's own edits, by local date. */
	days: Record<string, DayKind>;
	/** The last year for which `days` holds an official schedule. */
	knownThroughYear: number;
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
	return { date, beyondKnownSchedule: Number(date.slice(0, 4)) > calendar.knownThroughYear };
}
