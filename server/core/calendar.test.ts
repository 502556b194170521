import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildCalendar, lunarAnchors, officialDays, packageLastYear, statutoryDays } from '../calendar-data.ts';
import { parseHolidayNotice } from '../calendar/notice.ts';
import {
	addDays,
	addWorkingDays,
	coverageOf,
	instantOf,
	isOpen,
	isWorkingDay,
	localDate,
	localTime,
	nextOpening,
	parseHm,
	weekdayOf,
	type CalendarConfig,
	type Period
} from './calendar.ts';

const TZ = 'Asia/Shanghai';
const SEED_HOURS: Period[] = [
	['08:30', '12:00'],
	['14:30', '18:00']
];

// Built once: the package walk is the slow part.
const seed = buildCalendar({ timeZone: TZ, workdayHours: SEED_HOURS, restDayHours: [], fromYear: 2025, toYear: 2027 });

const at = (date: string, hm: string) => instantOf(date, hm, TZ);
const open = (calendar: CalendarConfig, date: string, hm: string) => isOpen(calendar, at(date, hm));

describe('chinese-days data this calendar relies on', () => {
	it('has the 2026 国庆 schedule: 10-01..10-07 off, Sun 09-20 and Sat 10-10 worked', () => {
		for (let day = 1; day <= 7; day++) expect(chineseDays.isHoliday(`2026-10-0${day}`)).toBe(true);
		expect(chineseDays.isWorkday('2026-09-20')).toBe(true);
		expect(chineseDays.isWorkday('2026-10-10')).toBe(true);
		expect(chineseDays.findWorkday(5, '2026-09-28')).toBe('2026-10-10');
	});

	it('ends in 2026: 2027-01-01 and the 2027 Spring Festival come back as plain weekdays', () => {
		expect(chineseDays.isWorkday('2027-01-01')).toBe(true);
		expect(chineseDays.isWorkday('2027-02-08')).toBe(true);
	});
});

describe('officialDays', () => {
	const official = officialDays(2026, 2027);

	it('marks weekday holidays and weekend make-up days only', () => {
		expect(official.days['2026-10-01']).toBe('holiday'); // Thursday
		expect(official.days['2026-10-07']).toBe('holiday'); // Wednesday
		expect(official.days['2026-10-03']).toBeUndefined(); // a Saturday inside the holiday: closed anyway
		expect(official.days['2026-09-20']).toBe('workday'); // Sunday 调休
		expect(official.days['2026-10-10']).toBe('workday'); // Saturday 调休
		expect(official.days['2026-10-08']).toBeUndefined(); // plain Thursday
		expect(official.days['2026-02-14']).toBe('workday');
		expect(official.days['2026-02-16']).toBe('holiday');
		for (const [date, kind] of Object.entries(official.days)) {
			const weekday = weekdayOf(date);
			const weekend = weekday === 0 || weekday === 6;
			expect(kind === 'workday' ? weekend : !weekend, date).toBe(true);
		}
	});

	it('says how far the official schedule goes', () => {
		expect(official.knownThroughYear).toBe(2026);
		expect(Object.keys(official.days).some((date) => date.startsWith('2027'))).toBe(false);
		expect(officialDays(2024, 2025).knownThroughYear).toBe(2025);
		expect(officialDays(2027, 2028)).toEqual({ days: {}, knownThroughYear: 2026 });
	});

	it('gives the same days whatever the process time zone', () => {
		// The package keys its tables by the process's local clock; a server west of UTC must not shift them.
		const script = "import { officialDays } from './server/calendar-data.ts'; console.log(JSON.stringify(officialDays(2026, 2027)))";
		for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati']) {
			const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
				cwd: fileURLToPath(new URL('../..', import.meta.url)),
				env: { ...process.env, TZ: tz },
				encoding: 'utf8'
			});
			expect(JSON.parse(out), tz).toEqual(official);
		}
	});
});

describe('buildCalendar', () => {
	it('lets the hall override the official days', () => {
		const calendar = buildCalendar({
			timeZone: TZ,
			workdayHours: SEED_HOURS,
			restDayHours: [],
			fromYear: 2026,
			toYear: 2026,
			overrides: { '2026-10-10': 'holiday', '2026-11-21': 'workday', '2026-11-23': 'holiday' }
		});
		expect(isWorkingDay(calendar, '2026-10-10')).toBe(false);
		expect(isWorkingDay(calendar, '2026-11-21')).toBe(true);
		expect(isWorkingDay(calendar, '2026-11-23')).toBe(false);
		expect(isWorkingDay(calendar, '2026-09-20')).toBe(true);
		expect(calendar.timeZone).toBe(TZ);
		expect(calendar.knownThroughYear).toBe(2026);
	});

	it('defaults to Asia/Shanghai and takes a hand-entered later schedule', () => {
		const calendar = buildCalendar({ workdayHours: SEED_HOURS, restDayHours: [], knownThroughYear: 2027 });
		expect(calendar.timeZone).toBe('Asia/Shanghai');
		expect(calendar.knownThroughYear).toBeGreaterThanOrEqual(2027);
	});

	it('copies the hours so later edits to the input do not leak in', () => {
		const hours: Period[] = [['09:00', '17:00']];
		const calendar = buildCalendar({ workdayHours: hours, restDayHours: [], fromYear: 2026, toYear: 2026 });
		hours[0][0] = '10:00';
		expect(calendar.workdayHours).toEqual([['09:00', '17:00']]);
	});
});

describe('localTime', () => {
	it('reads the Shanghai wall clock across UTC midnight', () => {
		// 2026-10-09T15:59Z is 23:59 on Friday in Shanghai; 16:30Z is already Saturday 00:30.
		expect(localTime(Date.parse('2026-10-09T15:59:00Z'), TZ)).toEqual({
			date: '2026-10-09',
			minutes: 23 * 60 + 59,
			weekday: 5
		});
		expect(localTime(Date.parse('2026-10-09T16:30:00Z'), TZ)).toEqual({ date: '2026-10-10', minutes: 30, weekday: 6 });
		// And the other way: 07:00 Shanghai is still the previous day in UTC.
		expect(localTime(Date.parse('2026-12-31T23:00:00Z'), TZ)).toEqual({ date: '2027-01-01', minutes: 420, weekday: 5 });
		expect(localDate(Date.parse('2026-12-31T15:59:59Z'), TZ)).toBe('2026-12-31');
	});

	it('round-trips through instantOf', () => {
		const instant = at('2026-10-10', '08:30');
		expect(instant).toBe(Date.parse('2026-10-10T00:30:00Z'));
		expect(localTime(instant, TZ)).toEqual({ date: '2026-10-10', minutes: parseHm('08:30'), weekday: 6 });
		expect(at('2026-03-01', '00:00')).toBe(Date.parse('2026-02-28T16:00:00Z'));
	});

	it('does date arithmetic on calendar dates', () => {
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
		expect(weekdayOf('2026-11-23')).toBe(1);
	});
});

describe('isOpen with the seed hours', () => {
	const monday = '2026-11-23';

	it('opens at 08:30 and 14:30 and closes at 12:00 and 18:00', () => {
		expect(open(seed, monday, '08:29')).toBe(false);
		expect(open(seed, monday, '08:30')).toBe(true);
		expect(open(seed, monday, '11:59')).toBe(true);
		expect(open(seed, monday, '12:00')).toBe(false);
		expect(open(seed, monday, '14:29')).toBe(false);
		expect(open(seed, monday, '14:30')).toBe(true);
		expect(open(seed, monday, '17:59')).toBe(true);
		expect(open(seed, monday, '18:00')).toBe(false);
		expect(isOpen(seed, at(monday, '08:29') + 59_999)).toBe(false);
		expect(isOpen(seed, at(monday, '17:59') + 59_999)).toBe(true);
	});

	it('is closed on weekends', () => {
		expect(open(seed, '2026-11-21', '10:00')).toBe(false);
		expect(open(seed, '2026-11-22', '15:00')).toBe(false);
	});

	it('is closed on an official holiday and open on a make-up Saturday and Sunday', () => {
		expect(open(seed, '2026-10-01', '10:00')).toBe(false);
		expect(open(seed, '2026-10-07', '15:00')).toBe(false);
		expect(open(seed, '2026-10-10', '09:00')).toBe(true);
		expect(open(seed, '2026-09-20', '15:00')).toBe(true);
	});

	it('opens rest days for duty hours (值班) when configured', () => {
		const duty = { ...seed, restDayHours: [['09:00', '11:00']] as Period[] };
		expect(open(duty, '2026-10-02', '10:00')).toBe(true);
		expect(open(duty, '2026-10-02', '11:00')).toBe(false);
		expect(open(duty, '2026-11-21', '08:30')).toBe(false);
	});

	it('treats 24:00 as midnight', () => {
		const allDay = { ...seed, workdayHours: [['00:00', '24:00']] as Period[], restDayHours: [['00:00', '24:00']] as Period[] };
		expect(open(allDay, '2026-11-21', '00:00')).toBe(true);
		expect(open(allDay, '2026-11-21', '23:59')).toBe(true);
	});
});

describe('nextOpening', () => {
	it('goes from Friday evening to Monday 08:30', () => {
		expect(nextOpening(seed, at('2026-11-20', '18:30'))).toBe(at('2026-11-23', '08:30'));
		expect(nextOpening(seed, at('2026-11-21', '10:00'))).toBe(at('2026-11-23', '08:30'));
	});

	it('goes from lunch to 14:30 and from early morning to 08:30 the same day', () => {
		expect(nextOpening(seed, at('2026-11-23', '12:00'))).toBe(at('2026-11-23', '14:30'));
		expect(nextOpening(seed, at('2026-11-23', '14:29'))).toBe(at('2026-11-23', '14:30'));
		expect(nextOpening(seed, at('2026-11-23', '06:00'))).toBe(at('2026-11-23', '08:30'));
	});

	it('crosses the 2026 国庆 holiday and lands on make-up days', () => {
		// Wednesday 09-30 evening → the holiday → Thursday 10-08.
		expect(nextOpening(seed, at('2026-09-30', '18:00'))).toBe(at('2026-10-08', '08:30'));
		expect(nextOpening(seed, at('2026-10-03', '09:00'))).toBe(at('2026-10-08', '08:30'));
		// Friday 10-09 evening → make-up Saturday 10-10.
		expect(nextOpening(seed, at('2026-10-09', '18:30'))).toBe(at('2026-10-10', '08:30'));
		// Saturday 09-19 → make-up Sunday 09-20.
		expect(nextOpening(seed, at('2026-09-19', '10:00'))).toBe(at('2026-09-20', '08:30'));
	});

	it('answers null when the hall never opens', () => {
		const shut = { ...seed, workdayHours: [], restDayHours: [] };
		expect(nextOpening(shut, at('2026-11-23', '09:00'))).toBeNull();
	});
});

describe('addWorkingDays (限时办结)', () => {
	it('counts 5 working days from 2026-09-28 to the make-up Saturday 2026-10-10', () => {
		expect(addWorkingDays(seed, '2026-09-28', 5)).toEqual({ date: '2026-10-10', beyondKnownSchedule: false });
	});

	it('counts 15 working days across 国庆', () => {
		// 09-29, 09-30, 10-08, 10-09, 10-10, then 10-12..16 and 10-19..23.
		expect(addWorkingDays(seed, '2026-09-28', 15)).toEqual({ date: '2026-10-23', beyondKnownSchedule: false });
	});

	it('does not count the day of acceptance and skips weekends', () => {
		expect(addWorkingDays(seed, '2026-11-20', 1).date).toBe('2026-11-23');
		expect(addWorkingDays(seed, '2026-11-23', 0).date).toBe('2026-11-23');
	});

	it('flags a deadline past the published schedule, with the statutory 1 January already counted', () => {
		// 12-21..25 (5), 12-28..31 (4), 1 January off, 01-04..08 (5), 01-11 the 15th.
		expect(addWorkingDays(seed, '2026-12-20', 15)).toEqual({ date: '2027-01-11', beyondKnownSchedule: true });
		expect(addWorkingDays(seed, '2026-12-31', 1)).toEqual({ date: '2027-01-04', beyondKnownSchedule: true });
		expect(addWorkingDays(seed, '2026-12-01', 5).beyondKnownSchedule).toBe(false);
		expect(addWorkingDays(seed, '2026-12-30', 1)).toEqual({ date: '2026-12-31', beyondKnownSchedule: false });
	});

	it('follows a published 2027 schedule once it is in, and stops flagging', () => {
		const published = buildCalendar({
			timeZone: TZ,
			workdayHours: SEED_HOURS,
			restDayHours: [],
			fromYear: 2025,
			toYear: 2027,
			// An invented schedule: 元旦 1–3 January, Sunday 10 January worked.
			published: { '2027': { holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: ['2027-01-10'] } }
		});
		expect(published.knownThroughYear).toBe(2027);
		expect(coverageOf(published, 2027)).toBe('published');
		// Whatever the notice says: here the worked Sunday is the 15th working day.
		expect(addWorkingDays(published, '2026-12-20', 15)).toEqual({ date: '2027-01-10', beyondKnownSchedule: false });
		expect(addWorkingDays(published, '2026-12-20', 14)).toEqual({ date: '2027-01-08', beyondKnownSchedule: false });
		// The published schedule replaces the statutory guess: no 2027 Spring Festival in this one.
		expect(isWorkingDay(published, '2027-02-08')).toBe(true);
		expect(isWorkingDay(seed, '2027-02-08')).toBe(false);
	});
});

describe('statutory holidays (全国年节及纪念日放假办法, 2024)', () => {
	it('computes 2027 from the lunar calendar: 13 days', () => {
		expect(statutoryDays(2027)).toEqual([
			{ date: '2027-01-01', name: '元旦' },
			{ date: '2027-02-05', name: '春节' },
			{ date: '2027-02-06', name: '春节' },
			{ date: '2027-02-07', name: '春节' },
			{ date: '2027-02-08', name: '春节' },
			{ date: '2027-04-05', name: '清明节' },
			{ date: '2027-05-01', name: '劳动节' },
			{ date: '2027-05-02', name: '劳动节' },
			{ date: '2027-06-09', name: '端午节' },
			{ date: '2027-09-15', name: '中秋节' },
			{ date: '2027-10-01', name: '国庆节' },
			{ date: '2027-10-02', name: '国庆节' },
			{ date: '2027-10-03', name: '国庆节' }
		]);
	});

	it('knows the published lunar dates of coming years, a leap month included', () => {
		// 正月初一, 清明, 端午, 中秋 as the almanacs print them.
		const known: [number, string, string, string, string][] = [
			[2028, '2028-01-26', '2028-04-04', '2028-05-28', '2028-10-03'],
			[2029, '2029-02-13', '2029-04-04', '2029-06-16', '2029-09-22'],
			[2030, '2030-02-03', '2030-04-05', '2030-06-05', '2030-09-12'],
			[2031, '2031-01-23', '2031-04-05', '2031-06-24', '2031-10-01'],
			// 2033 has a leap eleventh month (闰十一月): 2034's new year is the third new moon after 冬至.
			[2034, '2034-02-19', '2034-04-05', '2034-06-20', '2034-09-27']
		];
		for (const [year, lunarNewYear, qingming, duanwu, midAutumn] of known) {
			expect(lunarAnchors(year)).toEqual({ year, lunarNewYear, qingming, duanwu, midAutumn });
		}
		// 中秋 on 3 October 2028: one day off with both names, 12 days that year.
		const days2028 = statutoryDays(2028)!;
		expect(days2028).toHaveLength(12);
		expect(days2028.find((d) => d.date === '2028-10-03')?.name).toBe('中秋节、国庆节');
	});

	it('agrees with every published schedule in the package: the anchors are days off, and since 2025 all 13 days are', () => {
		const data = chineseDays as unknown as { isHoliday(date: string): boolean };
		for (let year = 2008; year <= 2026; year++) {
			const anchors = lunarAnchors(year)!;
			for (const date of [anchors.lunarNewYear, anchors.qingming, anchors.duanwu, anchors.midAutumn, `${year}-01-01`, `${year}-05-01`, `${year}-10-01`]) {
				expect(data.isHoliday(date), `${year}: ${date}`).toBe(true);
			}
		}
		for (const year of [2025, 2026]) {
			for (const day of statutoryDays(year)!) expect(chineseDays.isHoliday(day.date), `${day.name} ${day.date}`).toBe(true);
		}
	});

	it('says when a year is beyond what it can compute', () => {
		expect(statutoryDays(2100)).toBeNull();
		expect(statutoryDays(1999)).toBeNull();
		expect(statutoryDays(2099)).toHaveLength(13);
		const calendar = buildCalendar({ timeZone: TZ, workdayHours: SEED_HOURS, restDayHours: [], fromYear: 2099, toYear: 2100 });
		expect(calendar.years).toEqual({ '2099': 'statutory', '2100': 'unknown' });
	});

	it('gives the same anchors whatever the process time zone', () => {
		// The package's lunar-to-solar conversion shifts a day west of UTC; ours must not.
		const script = "import { lunarAnchors } from './server/calendar-data.ts'; console.log(JSON.stringify([2027, 2030, 2034].map(lunarAnchors)))";
		const here = JSON.stringify([2027, 2030, 2034].map(lunarAnchors));
		for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati']) {
			const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
				cwd: fileURLToPath(new URL('../..', import.meta.url)),
				env: { ...process.env, TZ: tz },
				encoding: 'utf8'
			});
			expect(out.trim(), tz).toBe(here);
		}
	});

	it('marks statutory-only years in the calendar and keeps the package years as published', () => {
		expect(seed.years).toEqual({ '2025': 'published', '2026': 'published', '2027': 'statutory' });
		expect(seed.knownThroughYear).toBe(2026);
		expect(coverageOf(seed, 2024)).toBe('published');
		expect(coverageOf(seed, 2031)).toBe('unknown');
		// Weekday statutory days only: 2027-05-01 is a Saturday, closed anyway.
		expect(seed.days['2027-01-01']).toBe('holiday');
		expect(seed.days['2027-05-01']).toBeUndefined();
		expect(seed.days['2027-09-15']).toBe('holiday');
	});

	it('changes no 2026 day when the 2026 notice is entered (it agrees with the package)', () => {
		const notice = parseHolidayNotice(readFileSync(new URL('../calendar/fixtures/notice-2026.txt', import.meta.url), 'utf8'));
		if (!notice.ok) throw new Error(notice.error.reason);
		const withNotice = buildCalendar({
			timeZone: TZ,
			workdayHours: SEED_HOURS,
			restDayHours: [],
			fromYear: 2025,
			toYear: 2027,
			published: { '2026': { holidays: notice.value.holidays, workdays: notice.value.workdays } }
		});
		expect(withNotice.days).toEqual(seed.days);
		expect(withNotice.knownThroughYear).toBe(2026);
	});
});

describe('the default range of years', () => {
	it('starts at the package’s last year at the latest, so a later start still knows the years after it', () => {
		expect(packageLastYear(2030)).toBe(2026);
		const calendar = buildCalendar({ timeZone: TZ, workdayHours: SEED_HOURS, restDayHours: [] });
		expect(calendar.years?.['2026']).toBe('published');
		expect(calendar.years?.['2027']).toBe('statutory');
	});
});
