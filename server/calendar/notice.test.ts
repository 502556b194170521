import { readFileSync } from 'node:fs';
import chineseDays from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, weekdayOf } from '../core/calendar.ts';
import { describeProblem, parseHolidayNotice } from './notice.ts';

const notice = (year: number) => readFileSync(new URL(`./fixtures/notice-${year}.txt`, import.meta.url), 'utf8');

/** The package's days of a year, read through its day-by-day API (its own keys, not ours). */
function packageDays(year: number): { holidays: string[]; workdays: string[] } {
	const holidays = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, true).filter((d) => chineseDays.getDayDetail(d).work === false && !/day$/.test(chineseDays.getDayDetail(d).name));
	const workdays = chineseDays.getWorkdaysInRange(`${year}-01-01`, `${year}-12-31`, true).filter((d) => !/day$/.test(chineseDays.getDayDetail(d).name));
	return { holidays: holidays.sort(), workdays: workdays.sort() };
}

function parsed(text: string) {
	const result = parseHolidayNotice(text);
	if (!result.ok) throw new Error(describeProblem(result.error));
	return result.value;
}

describe('the State Council notices of published years', () => {
	for (const year of [2024, 2025, 2026]) {
		it(`reads the ${year} notice day for day as the package has it`, () => {
			const value = parsed(notice(year));
			expect(value.year).toBe(year);
			const expected = packageDays(year);
			expect(expected.holidays.length).toBeGreaterThan(20);
			expect(value.holidays).toEqual(expected.holidays);
			expect(value.workdays).toEqual(expected.workdays);
		});
	}

	it('names each festival with its line', () => {
		const value = parsed(notice(2025));
		expect(value.festivals.map((f) => [f.name, f.line])).toEqual([
			['元旦', 6],
			['春节', 7],
			['清明节', 8],
			['劳动节', 9],
			['端午节', 10],
			['国庆节、中秋节', 11]
		]);
		expect(value.festivals[1]).toMatchObject({ holidays: expect.arrayContaining(['2025-01-28', '2025-02-04']), workdays: ['2025-01-26', '2025-02-08'] });
		expect(value.festivals[1].holidays).toHaveLength(8);
	});

	it('ignores advice that is not the schedule (2024: rest on 除夕 encouraged, not given)', () => {
		expect(parsed(notice(2024)).holidays).not.toContain('2024-02-09');
	});
});

describe('pasted text as it comes from web pages and PDFs', () => {
	it('takes full-width digits, half-width punctuation, blanks and a festival line broken in two', () => {
		const text = [
			'国务院办公厅关于２０２７年部分节假日安排的通知',
			'  一、元旦: 1月1日 (周五) 至 3日（周日）放假，共3天。',
			'二、春节：2月5日（农历除夕、周五）至',
			'12日（周五）放假调休，共8天。2月20日（周六）上班。'
		].join('\r\n');
		const value = parsed(text);
		expect(value.year).toBe(2027);
		expect(value.holidays.slice(0, 3)).toEqual(['2027-01-01', '2027-01-02', '2027-01-03']);
		expect(value.holidays).toContain('2027-02-12');
		expect(value.workdays).toEqual(['2027-02-20']);
	});

	it('reads ranges across a year end and dashes for 至', () => {
		const value = parsed('国务院办公厅关于2023年部分节假日安排的通知\n一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。\n二、劳动节：4月29日—5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。');
		expect(value.holidays.slice(0, 3)).toEqual(['2022-12-31', '2023-01-01', '2023-01-02']);
		expect(value.holidays).toContain('2023-05-03');
		expect(value.workdays).toEqual(['2023-04-23', '2023-05-06']);
	});
});

describe('text it cannot read is refused with the line', () => {
	const head = '国务院办公厅关于2027年部分节假日安排的通知\n';

	it('a count that does not match the dates', () => {
		const result = parseHolidayNotice(`${head}一、元旦：1月1日至3日放假，共4天。`);
		expect(result).toEqual({ ok: false, error: { line: 2, text: '一、元旦：1月1日至3日放假，共4天。', reason: expect.stringContaining('共 4 天') } });
	});

	it('a weekday that does not match the date', () => {
		const result = parseHolidayNotice(`${head}一、元旦：1月1日（周五）放假。\n二、春节：2月5日至11日放假调休，共7天。2月14日（周六）上班。`);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.error.line).toBe(3);
			expect(result.error.reason).toContain('2月14日是周日');
		}
	});

	it('a date that does not exist, a make-up day that is a weekday, a festival it does not know', () => {
		const bad = [
			[`${head}一、元旦：2月30日放假。`, 2, '没有「2月30日」'],
			[`${head}一、元旦：1月1日放假。1月4日（周一）上班。`, 2, '本来就是工作日'],
			[`${head}一、元旦：1月1日放假。\n二、腊八节：1月15日放假。`, 3, '节日名称'],
			[`${head}一、春节：放假调休，共8天。`, 2, '放假日期']
		] as const;
		for (const [text, line, reason] of bad) {
			const result = parseHolidayNotice(text);
			expect(result.ok, text).toBe(false);
			if (!result.ok) {
				expect(result.error.line, text).toBe(line);
				expect(result.error.reason, text).toContain(reason);
			}
		}
	});

	it('a text with no year or no schedule names its first line', () => {
		const noYear = parseHolidayNotice('\n一、元旦：1月1日放假。');
		expect(noYear).toMatchObject({ ok: false, error: { line: 2, reason: expect.stringContaining('年份') } });
		const noSchedule = parseHolidayNotice(`${head}节假日期间，各地区要妥善安排好值班。`);
		expect(noSchedule).toMatchObject({ ok: false, error: { line: 1, reason: expect.stringContaining('没有找到放假安排') } });
		if (!noSchedule.ok) expect(describeProblem(noSchedule.error)).toMatch(/^第 1 行无法识别：「国务院办公厅关于2027年/);
	});
});

describe('any schedule written the notice’s way reads back day for day (property)', () => {
	const WEEK = '日一二三四五六';
	const label = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日（周${WEEK[weekdayOf(date)]}）`;
	const NAMES = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'];

	it('holds for random years, ranges (across months and the year end) and make-up days', () => {
		const festival = fc.record({ start: fc.integer({ min: 0, max: 360 }), length: fc.integer({ min: 1, max: 9 }), worked: fc.array(fc.integer({ min: -12, max: 20 }), { maxLength: 2 }) });
		fc.assert(
			fc.property(fc.integer({ min: 2025, max: 2099 }), fc.array(festival, { minLength: 1, maxLength: 7 }), (year, festivals) => {
				const holidays = new Set<string>();
				const workdays = new Set<string>();
				const lines = [`国务院办公厅关于${year}年部分节假日安排的通知`];
				festivals.forEach((f, i) => {
					const from = addDays(`${year}-01-01`, f.start);
					const to = addDays(from, f.length - 1);
					const days = Array.from({ length: f.length }, (_, k) => addDays(from, k));
					if (days.some((d) => holidays.has(d) || workdays.has(d))) return;
					const sameMonth = from.slice(0, 7) === to.slice(0, 7);
					const end = f.length === 1 ? '' : `至${sameMonth ? `${Number(to.slice(8, 10))}日（周${WEEK[weekdayOf(to)]}）` : label(to)}`;
					const worked = f.worked
						.map((offset) => addDays(offset < 0 ? from : to, offset < 0 ? offset : offset + 1))
						.filter((d) => [0, 6].includes(weekdayOf(d)) && !holidays.has(d) && !days.includes(d) && d.startsWith(`${year}`));
					const uniqueWorked = [...new Set(worked)].filter((d) => !workdays.has(d));
					days.forEach((d) => holidays.add(d));
					uniqueWorked.forEach((d) => workdays.add(d));
					const work = uniqueWorked.length ? `${uniqueWorked.map(label).join('、')}上班。` : '';
					lines.push(`${'一二三四五六七'[i]}、${NAMES[i]}：${label(from)}${end}放假调休，共${f.length}天。${work}`);
				});
				// Make-up days listed before a later festival's range may fall inside it: such a schedule is not a notice.
				if ([...workdays].some((d) => holidays.has(d))) return;
				const value = parsed(lines.join('\n'));
				expect(value.holidays).toEqual([...holidays].sort());
				expect(value.workdays).toEqual([...workdays].sort());
			}),
			{ numRuns: 200 }
		);
	});
});
