// Reads the State Council's yearly holiday notice (《国务院办公厅关于20XX年部分节假日安排的通知》)
// as the director pastes it: one line per festival, such as
//   一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
// Pure: text in, days out. Anything that looks like a schedule line but cannot be read is
// refused with its line number, so a half-read notice never changes the hall's calendar.

import { addDays, weekdayOf } from '../core/calendar.ts';

export interface NoticeFestival {
	/** The line's label as written: 元旦, 春节, 国庆节、中秋节 … */
	name: string;
	/** 1-based line number in the pasted text. */
	line: number;
	holidays: string[];
	workdays: string[];
}

export interface ParsedNotice {
	year: number;
	/** Every day off the notice names, weekends inside a holiday included, sorted. */
	holidays: string[];
	/** Every weekend day the notice says is worked (调休上班), sorted. */
	workdays: string[];
	festivals: NoticeFestival[];
}

export interface NoticeProblem {
	/** 1-based line number of the line that could not be read. */
	line: number;
	text: string;
	reason: string;
}

export type NoticeParse = { ok: true; value: ParsedNotice } | { ok: false; error: NoticeProblem };

const FESTIVALS = ['元旦', '春节', '清明节', '清明', '劳动节', '五一', '端午节', '端午', '中秋节', '中秋', '国庆节', '国庆'];
const ORDINAL = /^([一二三四五六七八九十]+)[、.]\s*/;
const LABELLED = /^([^:]{1,30}):(.*)$/;
const WEEKDAYS = '日一二三四五六';

/** A festival label: names joined by 、 和 及 (「国庆节、中秋节」). */
function isFestivalLabel(label: string): boolean {
	const parts = label.split(/[、,和及与]/).map((p) => p.trim());
	return parts.length > 0 && parts.every((p) => FESTIVALS.includes(p));
}

/**
 * Full-width digits, colons and brackets become ASCII (NFKC), dashes between dates read as
 * 至, and blanks inside a line go: pasted text from a web page or a PDF varies in all of these.
 */
function normalize(line: string): string {
	return line
		.normalize('NFKC')
		.replace(/[\s\u3000]+/g, '')
		.replace(/[〔【]/g, '[')
		.replace(/[〕】]/g, ']')
		.replace(/(日(?:\([^)]*\))?)[-~—–－]+/g, '$1至');
}

function pad(n: number): string {
	return String(n).padStart(2, '0');
}

function validDate(year: number, month: number, day: number): string | null {
	if (month < 1 || month > 12 || day < 1 || day > 31) return null;
	const date = `${year}-${pad(month)}-${pad(day)}`;
	return new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date ? date : null;
}

class Unreadable extends Error {}

interface DateRef {
	year: number;
	month: number;
	day: number;
	/** What the bracket after the date said, e.g. 周四 or 农历除夕、周二. */
	note: string | null;
}

function checkWeekday(date: string, note: string | null, written: string): void {
	const said = note?.match(/(?:周|星期)([日天一二三四五六])/);
	if (!said) return;
	const expected = said[1] === '天' ? 0 : WEEKDAYS.indexOf(said[1]);
	const actual = weekdayOf(date);
	if (expected !== actual) {
		throw new Unreadable(`${written}是${'周' + WEEKDAYS[actual]}，通知中写的是${said[0]}，请核对日期`);
	}
}

function toDate(ref: DateRef, written: string): string {
	const date = validDate(ref.year, ref.month, ref.day);
	if (!date) throw new Unreadable(`没有「${written}」这一天`);
	checkWeekday(date, ref.note, written);
	return date;
}

const DATE = /(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^)]*)\))?/y;

/** Reads the holiday sentence: 「1月28日（农历除夕、周二）至2月4日（…）放假调休，共8天」. */
function readHolidays(sentence: string, year: number): string[] {
	DATE.lastIndex = 0;
	const first = DATE.exec(sentence);
	if (!first || !first[2]) throw new Unreadable('放假日期应写作「1月1日」或「1月1日至3日」');
	const start: DateRef = { year: first[1] ? Number(first[1]) : year, month: Number(first[2]), day: Number(first[3]), note: first[4] ?? null };
	const from = toDate(start, first[0].replace(/\(.*$/, ''));
	let to = from;
	if (sentence.startsWith('至', DATE.lastIndex)) {
		DATE.lastIndex += 1;
		const second = DATE.exec(sentence);
		if (!second) throw new Unreadable('「至」后面应是结束日期');
		const month = second[2] ? Number(second[2]) : start.month;
		const endYear = second[1] ? Number(second[1]) : month < start.month ? start.year + 1 : start.year;
		to = toDate({ year: endYear, month, day: Number(second[3]), note: second[4] ?? null }, second[0].replace(/\(.*$/, ''));
		if (to < from) throw new Unreadable('结束日期早于开始日期');
	}
	const days: string[] = [];
	for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
	if (days.length > 16) throw new Unreadable(`一次放假 ${days.length} 天，不像是节假日安排`);
	const stated = sentence.match(/(?:共|放假)(\d{1,2})天/);
	if (stated && Number(stated[1]) !== days.length) {
		throw new Unreadable(`通知写共 ${stated[1]} 天，但所写日期共 ${days.length} 天`);
	}
	return days;
}

/** Reads the make-up working days: 「1月26日（周日）、2月8日（周六）上班」. */
function readWorkdays(sentence: string, year: number): string[] {
	const days: string[] = [];
	const all = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:\(([^)]*)\))?/g;
	for (const m of sentence.matchAll(all)) {
		const date = toDate({ year: m[1] ? Number(m[1]) : year, month: Number(m[2]), day: Number(m[3]), note: m[4] ?? null }, m[0].replace(/\(.*$/, ''));
		const weekday = weekdayOf(date);
		if (weekday !== 0 && weekday !== 6) throw new Unreadable(`${m[0].replace(/\(.*$/, '')}本来就是工作日，不需要调休上班`);
		days.push(date);
	}
	if (days.length === 0) throw new Unreadable('上班日期应写作「1月4日（周日）上班」');
	return days;
}

function readFestival(body: string, year: number): { holidays: string[]; workdays: string[] } {
	const holidays: string[] = [];
	const workdays: string[] = [];
	for (const raw of body.split(/[。;]/)) {
		const sentence = raw.trim();
		if (!sentence) continue;
		if (sentence.includes('放假')) holidays.push(...readHolidays(sentence, year));
		else if (/上班$/.test(sentence)) workdays.push(...readWorkdays(sentence, year));
		// Anything else is advice (「鼓励各单位……安排职工在除夕休息」), not the schedule.
	}
	if (holidays.length === 0) throw new Unreadable('这一行没有放假日期');
	return { holidays, workdays };
}

function findYear(lines: string[]): number | null {
	for (const line of lines) {
		const m = line.match(/关于(\d{4})年(?:部分)?节假日安排/) ?? line.match(/现将(\d{4})年/);
		if (m) return Number(m[1]);
	}
	return null;
}

export function parseHolidayNotice(text: string): NoticeParse {
	const raw = text.split(/\r\n|\r|\n/);
	const lines = raw.map(normalize);
	const year = findYear(lines);
	const firstLine = raw.findIndex((l) => l.trim() !== '');
	if (year === null) {
		return {
			ok: false,
			error: { line: firstLine + 1, text: (raw[firstLine] ?? '').trim(), reason: '找不到通知所属的年份，请连同标题「国务院办公厅关于20XX年部分节假日安排的通知」一起粘贴' }
		};
	}
	const festivals: NoticeFestival[] = [];
	let current: { name: string; line: number; body: string } | null = null;
	const bodies: { name: string; line: number; body: string; lines: number[] }[] = [];
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		if (!line) continue;
		const ordinal = line.match(ORDINAL);
		const rest = ordinal ? line.slice(ordinal[0].length) : line;
		const labelled = rest.match(LABELLED);
		if (labelled && isFestivalLabel(labelled[1])) {
			current = { name: labelled[1], line: i + 1, body: labelled[2] };
			bodies.push({ ...current, lines: [i + 1] });
			continue;
		}
		if (ordinal) {
			return { ok: false, error: { line: i + 1, text: raw[i].trim(), reason: '不认识这一条的节日名称（应为元旦、春节、清明节、劳动节、端午节、中秋节或国庆节）' } };
		}
		// A festival's line broken in two by the page it was copied from: its dates continue here.
		if (current && /\d{1,2}月\d{1,2}日.*(?:放假|上班)/.test(line)) {
			const last = bodies[bodies.length - 1];
			last.body += line;
			last.lines.push(i + 1);
			continue;
		}
		current = null;
	}
	if (bodies.length === 0) {
		return {
			ok: false,
			error: { line: firstLine + 1, text: (raw[firstLine] ?? '').trim(), reason: '没有找到放假安排，通知中应有「一、元旦：1月1日放假……」这样的条目' }
		};
	}
	for (const body of bodies) {
		try {
			const days = readFestival(body.body, year);
			festivals.push({ name: body.name, line: body.line, ...days });
		} catch (error) {
			if (!(error instanceof Unreadable)) throw error;
			const text = body.lines.map((n) => raw[n - 1].trim()).join('');
			return { ok: false, error: { line: body.line, text, reason: error.message } };
		}
	}
	const holidays = [...new Set(festivals.flatMap((f) => f.holidays))].sort();
	const workdays = [...new Set(festivals.flatMap((f) => f.workdays))].sort();
	for (const festival of festivals) {
		const stray = [...festival.holidays, ...festival.workdays].find((d) => Math.abs(Number(d.slice(0, 4)) - year) > 1);
		const clash = festival.workdays.find((d) => holidays.includes(d));
		const problem = stray ? `${stray} 不在 ${year} 年前后` : clash ? `${clash} 既是放假日又是上班日` : null;
		if (problem) return { ok: false, error: { line: festival.line, text: raw[festival.line - 1].trim(), reason: problem } };
	}
	return { ok: true, value: { year, holidays, workdays, festivals } };
}

/** The problem said in one sentence, for an API error or the console. */
export function describeProblem(problem: NoticeProblem): string {
	return `第 ${problem.line} 行无法识别：「${problem.text.length > 60 ? problem.text.slice(0, 60) + '…' : problem.text}」——${problem.reason}`;
}
