// The hall's holiday calendar as the director manages it: which years are covered, the
// State Council's notice pasted in (read, previewed, applied), and the open deadlines that
// are counted again whenever the calendar changes.

import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { ApiError, CalendarInfo as YearView, NoticeApplied, NoticePreview, YearSource } from '../../src/lib/protocol.ts';
import { logAudit } from '../access-log.ts';
import type { Clock } from '../clock.ts';
import { buildCalendar, officialDays, statutoryDays } from '../calendar-data.ts';
import type { HallFile } from '../config.ts';
import { localDate, type CalendarConfig, type YearCoverage } from '../core/calendar.ts';
import type { Hall, Result } from '../hall.ts';
import type { Store } from '../store/store.ts';
import { changedDays, oldestOpenStart, recountDeadlines, type RecountedRecord } from './deadlines.ts';
import { describeProblem, parseHolidayNotice, type ParsedNotice } from './notice.ts';

/** Where a year's days off come from. */
// The answers' shapes are the contract's (src/lib/protocol.ts): the console reads exactly these.
export type { CalendarInfo as YearView, NoticeApplied, NoticePreview, YearSource } from '../../src/lib/protocol.ts';

export interface CalendarServiceDeps {
	store: Store;
	hall: Hall;
	clock: Clock;
	logger: Logger;
}

/** The part of the hall file that decides the days: a change elsewhere moves no deadline. */
function calendarInputs(file: HallFile): string {
	return JSON.stringify([file.hours.overrides, file.hours.published]);
}

export class CalendarService {
	readonly #db: Database;
	readonly #hall: Hall;
	readonly #clock: Clock;
	readonly #logger: Logger;
	/** The hall file whose calendar the open deadlines were last counted with. */
	#countedWith: HallFile;
	/** Why the next configuration change happens, when this service makes it. */
	#pending: { reason: string; staffId: string } | null = null;
	/** The records the last recount moved: the answer to an apply. */
	#lastRecount: RecountedRecord[] = [];

	constructor({ store, hall, clock, logger }: CalendarServiceDeps) {
		this.#db = store.db;
		this.#hall = hall;
		this.#clock = clock;
		this.#logger = logger;
		this.#countedWith = hall.configFile;
		hall.onCommitted((committed) => {
			// The event carries the new file: the hall takes it as its own only after its listeners ran.
			for (const event of committed.events) if (event.type === 'config:changed') this.#configChanged(event.file as HallFile);
		});
	}

	#today(): string {
		return localDate(this.#clock.now(), this.#hall.config.calendar.timeZone);
	}

	/** A calendar for counting: from the oldest open record's year to three years ahead. */
	#countingCalendar(file: HallFile): CalendarConfig {
		const today = this.#today();
		const oldest = oldestOpenStart(this.#db) ?? today;
		const thisYear = Number(today.slice(0, 4));
		return buildCalendar({
			timeZone: file.timeZone,
			workdayHours: [],
			restDayHours: [],
			overrides: file.hours.overrides,
			published: file.hours.published,
			fromYear: Math.min(Number(oldest.slice(0, 4)), thisYear - 1),
			toYear: thisYear + 3
		});
	}

	/**
	 * Counts every open deadline again with the calendar as built now. Run at start, so a
	 * newer holiday package (or deadlines counted by an older version of the hall) moves
	 * what it must; nothing moves when nothing changed.
	 */
	recountAtStart(): RecountedRecord[] {
		const file = this.#hall.configFile;
		const recounted = recountDeadlines(this.#db, {
			calendar: this.#countingCalendar(file),
			reason: '节假日数据更新后重新计算',
			staffId: null,
			at: this.#clock.now()
		});
		if (recounted.length > 0) this.#logger.info({ recounted: recounted.length }, 'deadlines recounted at start');
		this.#countedWith = file;
		return recounted;
	}

	#configChanged(after: HallFile): void {
		const before = this.#countedWith;
		this.#countedWith = after;
		const pending = this.#pending;
		this.#pending = null;
		if (calendarInputs(before) === calendarInputs(after)) return;
		const calendar = this.#countingCalendar(after);
		const days = changedDays(this.#countingCalendar(before), calendar);
		const actor = this.#db.prepare(`SELECT actor FROM events WHERE type = 'config:changed' ORDER BY seq DESC LIMIT 1`).get() as { actor: string } | undefined;
		const staffId = pending?.staffId ?? actor?.actor.replace(/^staff:/, '') ?? null;
		this.#lastRecount = recountDeadlines(this.#db, {
			calendar,
			reason: pending?.reason ?? '大厅节假日调整',
			days,
			staffId,
			at: this.#clock.now()
		});
		if (this.#lastRecount.length > 0) this.#logger.info({ recounted: this.#lastRecount.length, days: days.length }, 'deadlines recounted after a calendar change');
	}

	/** How much the hall knows of a year, and its official days. */
	yearView(year: number): YearView {
		const file = this.#hall.configFile;
		const published = file.hours.published[String(year)];
		const fromPackage = !published && officialDays(year, year).knownThroughYear === year;
		const statutory = statutoryDays(year);
		const built = buildCalendar({ timeZone: file.timeZone, workdayHours: [], restDayHours: [], published: file.hours.published, fromYear: year, toYear: year });
		const official = Object.fromEntries(Object.entries(built.days).filter(([date]) => date.startsWith(`${year}-`)));
		return {
			year,
			coverage: published || fromPackage ? 'published' : statutory ? 'statutory' : 'unknown',
			source: published ? 'notice' : fromPackage ? 'package' : statutory ? 'statutory' : null,
			knownThroughYear: this.#hall.config.calendar.knownThroughYear,
			official,
			statutory,
			appliedBy: published?.appliedBy ?? null,
			appliedAt: published?.appliedAt ?? null
		};
	}

	coverage(from: number, to: number): { today: string; years: { year: number; coverage: YearCoverage; source: YearSource }[] } {
		const years = [];
		for (let year = from; year <= to; year++) {
			const view = this.yearView(year);
			years.push({ year, coverage: view.coverage, source: view.source });
		}
		return { today: this.#today(), years };
	}

	#read(text: string): Result<ParsedNotice> {
		const parsed = parseHolidayNotice(text);
		if (!parsed.ok) {
			const error: ApiError = { code: 'notice_unreadable', message: describeProblem(parsed.error), details: { ...parsed.error } };
			return { ok: false, error };
		}
		// A published schedule replaces the statutory days of its year: a notice missing one (a line
		// not pasted) would turn a holiday into a working day. Since the 2024 amendment every notice has all 13.
		const { year, holidays } = parsed.value;
		const missing = year >= 2025 ? (statutoryDays(year) ?? []).filter((day) => !holidays.includes(day.date)) : [];
		if (missing.length > 0) {
			const named = missing.map((d) => `${d.name}（${d.date}）`).join('、');
			return {
				ok: false,
				error: {
					code: 'notice_unreadable',
					message: `通知中没有这些法定节假日：${named}。请粘贴通知全文（一、元旦 …… 七、国庆节）`,
					details: { line: null, missing }
				}
			};
		}
		return parsed;
	}

	#withNotice(file: HallFile, notice: ParsedNotice, staffId: string | null): HallFile {
		const next = structuredClone(file);
		next.hours.published[String(notice.year)] = {
			holidays: notice.holidays,
			workdays: notice.workdays,
			...(staffId ? { appliedBy: staffId, appliedAt: this.#clock.now() } : {})
		};
		return next;
	}

	#preview(notice: ParsedNotice): NoticePreview {
		const file = this.#hall.configFile;
		const before = this.#countingCalendar(file);
		const after = this.#countingCalendar(this.#withNotice(file, notice, null));
		const changes = changedDays(before, after).filter((d) => d.date.startsWith(`${notice.year}-`) || notice.holidays.includes(d.date) || notice.workdays.includes(d.date));
		// Counted in a transaction that is rolled back: the preview changes nothing.
		let affected = 0;
		const probe = this.#db.transaction(() => {
			affected = recountDeadlines(this.#db, { calendar: after, reason: 'preview', staffId: null, at: this.#clock.now() }).length;
			throw new RollBack();
		});
		try {
			probe();
		} catch (error) {
			if (!(error instanceof RollBack)) throw error;
		}
		return {
			year: notice.year,
			holidays: notice.holidays,
			workdays: notice.workdays,
			festivals: notice.festivals,
			coverage: this.yearView(notice.year).coverage,
			changes,
			affected
		};
	}

	/** Reads a pasted notice and says what it would change. Changes nothing. */
	previewNotice(text: string): Result<NoticePreview> {
		const notice = this.#read(text);
		return notice.ok ? { ok: true, value: this.#preview(notice.value) } : notice;
	}

	/** Enters a pasted notice's schedule into the hall file (an event in the log), audits it, and recounts open deadlines. */
	applyNotice(text: string, staffId: string): Result<NoticeApplied> {
		const notice = this.#read(text);
		if (!notice.ok) return notice;
		const preview = this.#preview(notice.value);
		this.#pending = { reason: `录入国务院${notice.value.year}年放假安排`, staffId };
		this.#lastRecount = [];
		const saved = this.#hall.reconfigure(this.#withNotice(this.#hall.configFile, notice.value, staffId), staffId);
		this.#pending = null;
		if (!saved.ok) return saved;
		const recounted = this.#lastRecount;
		this.#db.transaction(() => {
			logAudit(this.#db, this.#clock.now(), staffId, 'calendar:notice', String(notice.value.year), {
				year: notice.value.year,
				holidays: notice.value.holidays,
				workdays: notice.value.workdays,
				changes: preview.changes,
				recounted: recounted.map((r) => ({ kind: r.kind, reference: r.reference, from: r.from, to: r.to }))
			});
		})();
		return { ok: true, value: { ...preview, recounted } };
	}
}

class RollBack extends Error {}
