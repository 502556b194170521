// The long reads of history: period reports, their workbook, day closing and rebuilding.
// Runs on a read-only connection of its own (in the history worker), never on the
// connection or the event loop that serves the hall.

import type { Database } from 'better-sqlite3';
import type { PeriodReport, ReportPeopleRow as PeopleRow, ReportServiceRow as ServiceRow } from '../../src/lib/protocol.ts';
import { addDays, instantOf } from '../core/calendar.ts';
import { decodeEvent, type EventRow } from '../store/event-codec.ts';
import { DayFold, emptyDay, fromRows, mergeDay, statsOf, type DayFigures, type PeopleFigures, type TimeStats } from './rollup.ts';

export type { TimeStats };

// The report's shapes are the contract's (src/lib/protocol.ts): the console reads exactly these.
export type { PeriodReport, ReportHourRow as HourRow, ReportPeopleRow as PeopleRow, ReportServiceRow as ServiceRow } from '../../src/lib/protocol.ts';

/** What the hall knows that the database does not: names from the live configuration, the date. */
export interface ReportContext {
	timeZone: string;
	today: string;
	hallName: string;
	services: { id: string; name: string }[];
	windows: { id: string; name: string }[];
}

export interface Cursor {
	seq: number;
	day: string;
}

/** Progress of a long read: `done` of `total` steps. */
export type Progress = (done: number, total: number) => void;

const EVENTS_AFTER = `SELECT seq, type, at, ticket_id, window_id, data FROM events WHERE seq > ? ORDER BY seq`;

/** The months of a list of days, each the sum of its days given (in day order). */
export function monthsOf(days: DayFigures[]): DayFigures[] {
	const months = new Map<string, DayFigures>();
	for (const day of [...days].sort((a, b) => a.day.localeCompare(b.day))) {
		const key = day.day.slice(0, 7);
		let month = months.get(key);
		if (!month) months.set(key, (month = emptyDay(key)));
		mergeDay(month, day);
	}
	return [...months.values()];
}

function lastDayOfMonth(month: string): string {
	return addDays(`${addMonth(month)}-01`, -1);
}

function addMonth(month: string): string {
	const [y, m] = month.split('-').map(Number);
	return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export const SCREEN_REFUSALS = 200;
export const SCREEN_ATTENDANCE_DAYS = 31;

/** The report for a screen: the long lists cut (see PeriodReport.listed). */
export function forScreen(report: PeriodReport): PeriodReport {
	const days = Math.round((Date.parse(`${report.to}T00:00:00Z`) - Date.parse(`${report.from}T00:00:00Z`)) / 86_400_000) + 1;
	const refusals = report.refusals.slice(-SCREEN_REFUSALS);
	const attendance = days <= SCREEN_ATTENDANCE_DAYS;
	return { ...report, refusals, attendance: attendance ? report.attendance : [], listed: { refusals: refusals.length, refusalsTotal: report.refusals.length, attendance } };
}

export class HistoryReader {
	readonly #db: Database;

	constructor(db: Database) {
		this.#db = db;
	}

	cursor(): Cursor | null {
		return (this.#db.prepare(`SELECT seq, day FROM rollup_cursor WHERE id = 1`).get() as Cursor | undefined) ?? null;
	}

	/** Every day's figures from the events after `seq` (and the ratings of those days). */
	fold(events: Iterable<EventRow & { seq: number }>, timeZone: string): { days: Map<string, DayFigures>; lastSeq: Map<string, number> } {
		const fold = new DayFold(timeZone);
		for (const row of events) fold.add(row.seq, decodeEvent(row));
		const days = [...fold.lastSeq.keys()].sort();
		if (days.length > 0) {
			const ratings = this.#db
				.prepare(`SELECT window_id, staff_id, grade, created_at FROM evaluations WHERE created_at >= ? AND created_at < ?`)
				.all(instantOf(days[0], '00:00', timeZone), instantOf(addDays(days.at(-1)!, 1), '00:00', timeZone)) as {
				window_id: string;
				staff_id: string | null;
				grade: number;
				created_at: number;
			}[];
			for (const r of ratings) fold.addRating({ windowId: r.window_id, staffId: r.staff_id, grade: r.grade, at: r.created_at });
		}
		return { days: fold.finish(), lastSeq: fold.lastSeq };
	}

	#eventsAfter(seq: number): Iterable<EventRow & { seq: number }> {
		return this.#db.prepare(EVENTS_AFTER).iterate(seq) as Iterable<EventRow & { seq: number }>;
	}

	/** The days not yet rolled up, counted from the event log's tail. */
	liveDays(timeZone: string): Map<string, DayFigures> {
		return this.fold(this.#eventsAfter(this.cursor()?.seq ?? 0), timeZone).days;
	}

	/**
	 * The figures of the days before `beforeDay` that are not rolled up yet, and the cursor
	 * after them: what the hall stores when a day closes.
	 */
	closeDays(beforeDay: string, timeZone: string): { days: DayFigures[]; cursor: Cursor; months: DayFigures[] } | null {
		const cursor = this.cursor();
		const { days, lastSeq } = this.fold(this.#eventsAfter(cursor?.seq ?? 0), timeZone);
		const closed = [...days.values()].filter((d) => d.day < beforeDay && (!cursor || d.day > cursor.day)).sort((a, b) => a.day.localeCompare(b.day));
		if (closed.length === 0) return null;
		const seq = Math.max(cursor?.seq ?? 0, ...closed.map((d) => lastSeq.get(d.day) ?? 0));
		// Each month touched: its stored days and the newly closed ones, summed again.
		const months = [...new Set(closed.map((d) => d.day.slice(0, 7)))].map((month) => {
			const stored = this.storedDays(`${month}-01`, lastDayOfMonth(month));
			for (const day of closed) if (day.day.startsWith(month)) stored.set(day.day, day);
			return monthsOf([...stored.values()])[0];
		});
		return { days: closed, cursor: { seq, day: closed.at(-1)!.day }, months };
	}

	/** Every day from the whole event log (the archives' events first, then the live file's). */
	rebuild(timeZone: string, archived: Iterable<EventRow & { seq: number }>[], beforeDay: string): { days: DayFigures[]; cursor: Cursor | null } {
		const all = (function* (self: HistoryReader) {
			for (const source of archived) yield* source;
			yield* self.#eventsAfter(0);
		})(this);
		const { days, lastSeq } = this.fold(all, timeZone);
		const closed = [...days.values()].filter((d) => d.day < beforeDay).sort((a, b) => a.day.localeCompare(b.day));
		if (closed.length === 0) return { days: [], cursor: null };
		return { days: closed, cursor: { seq: Math.max(...closed.map((d) => lastSeq.get(d.day) ?? 0)), day: closed.at(-1)!.day } };
	}

	storedMonth(month: string): DayFigures | null {
		const rows = this.#db.prepare(`SELECT dim, key, figures FROM rollup_months WHERE month = ?`).all(month) as { dim: string; key: string; figures: string }[];
		return rows.length ? fromRows(month, rows) : null;
	}

	storedDays(from: string, to: string): Map<string, DayFigures> {
		const rows = this.#db.prepare(`SELECT day, dim, key, figures FROM rollups WHERE day >= ? AND day <= ? ORDER BY day`).all(from, to) as {
			day: string;
			dim: string;
			key: string;
			figures: string;
		}[];
		const byDay = new Map<string, typeof rows>();
		for (const row of rows) {
			let list = byDay.get(row.day);
			if (!list) byDay.set(row.day, (list = []));
			list.push(row);
		}
		return new Map([...byDay].map(([day, list]) => [day, fromRows(day, list)]));
	}

	/**
	 * A period's figures: whole closed months from their month rollups, the other closed days
	 * from their day rollups, and the days after the cursor counted live from the log.
	 */
	figures(from: string, to: string, timeZone: string, progress?: Progress): { figures: DayFigures; rolledUpDays: number; liveDays: number } {
		const sum = emptyDay(from);
		const cursor = this.cursor();
		const covered = new Set<string>();
		let rolledUpDays = 0;
		const months: string[] = [];
		for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = addMonth(m)) months.push(m);
		let done = 0;
		const total = months.length + 1;
		for (const month of months) {
			const first = `${month}-01`;
			const last = lastDayOfMonth(month);
			const whole = from <= first && last <= to && cursor !== null && last <= cursor.day;
			const monthly = whole ? this.storedMonth(month) : null;
			if (monthly) {
				mergeDay(sum, monthly);
				for (let d = first; d <= last; d = addDays(d, 1)) covered.add(d);
				rolledUpDays += (this.#db.prepare(`SELECT COUNT(*) AS n FROM rollup_days WHERE day >= ? AND day <= ?`).get(first, last) as { n: number }).n;
			} else {
				for (const day of this.storedDays(from > first ? from : first, to < last ? to : last).values()) {
					mergeDay(sum, day);
					covered.add(day.day);
					rolledUpDays++;
				}
			}
			progress?.(++done, total);
		}
		let liveDays = 0;
		if (!cursor || to > cursor.day) {
			for (const day of this.liveDays(timeZone).values()) {
				if (day.day < from || day.day > to || covered.has(day.day) || (cursor && day.day <= cursor.day)) continue;
				mergeDay(sum, day);
				liveDays++;
			}
		}
		progress?.(total, total);
		return { figures: sum, rolledUpDays, liveDays };
	}

	period(from: string, to: string, context: ReportContext, progress?: Progress): PeriodReport {
		const { figures, rolledUpDays, liveDays } = this.figures(from, to, context.timeZone, progress);
		const staffNames = new Map(
			(this.#db.prepare(`SELECT id, name FROM staff`).all() as { id: string; name: string }[]).map((s) => [s.id, s.name])
		);
		const serviceName = (id: string) => context.services.find((s) => s.id === id)?.name ?? id;
		const people = (map: Record<string, PeopleFigures>, ids: { id: string; name: string }[]): PeopleRow[] =>
			ids.map(({ id, name }) => {
				const p = map[id];
				return {
					id,
					name,
					served: p?.served ?? 0,
					service: statsOf(p?.service ?? { n: 0, sumMs: 0, hist: [] }),
					ratings: p?.ratings ?? 0,
					averageGrade: p?.ratings ? Math.round((p.gradeSum / p.ratings) * 100) / 100 : null,
					badRatings: p?.badRatings ?? 0
				};
			});
		const services = context.services.map((service): ServiceRow => {
			const s = figures.services[service.id];
			return {
				serviceId: service.id,
				serviceName: service.name,
				issued: s?.issued ?? 0,
				done: s?.done ?? 0,
				refused: s?.refused ?? 0,
				noShow: s?.noShow ?? 0,
				expired: s?.expired ?? 0,
				transferredAway: s?.transferredAway ?? 0,
				transferredIn: s?.transferredIn ?? 0,
				wait: statsOf(s?.wait ?? { n: 0, sumMs: 0, hist: [] }),
				service: statsOf(s?.service ?? { n: 0, sumMs: 0, hist: [] })
			};
		});
		const all = Object.values(figures.services);
		const total = (key: 'issued' | 'done' | 'refused' | 'noShow' | 'expired') => all.reduce((a, s) => a + s[key], 0);
		const staffIds = Object.keys(figures.staff).sort((a, b) => (staffNames.get(a) ?? a).localeCompare(staffNames.get(b) ?? b, 'zh'));

		const [start, end] = [instantOf(from, '00:00', context.timeZone), instantOf(addDays(to, 1), '00:00', context.timeZone)];
		const caseCounts = this.#db
			.prepare(
				`SELECT (SELECT COUNT(*) FROM cases WHERE accepted_date >= @from AND accepted_date <= @to) AS opened,
				        (SELECT COUNT(*) FROM cases WHERE status = 'open') AS open,
				        (SELECT COUNT(*) FROM cases WHERE status = 'open' AND due_date < @today) AS overdue,
				        (SELECT COUNT(*) FROM cases WHERE accepted_date >= @from AND accepted_date <= @to AND status = 'done') AS done`
			)
			      .get({ from, to, today: context.today }) as { opened: number; open: number; overdue: number; done: number };
		const complaintCounts = this.#db
			.prepare(`SELECT COUNT(*) AS received, SUM(status = 'open') AS open, SUM(status != 'open') AS answered FROM complaints WHERE created_at >= ? AND created_at < ?`)
			.get(start, end) as Record<string, number | null>;

		return {
			from,
			to,
			totals: { issued: total('issued'), done: total('done'), refused: total('refused'), noShow: total('noShow'), expired: total('expired'), transfers: figures.transfers },
			services,
			windows: people(figures.windows, context.windows),
			staff: people(figures.staff, staffIds.map((id) => ({ id, name: staffNames.get(id) ?? id }))),
			hours: Object.entries(figures.hours)
				.sort(([a], [b]) => a.localeCompare(b))
				.map(([hour, h]) => ({ hour, ...h })),
			refusals: figures.refusals.map((r) => ({
				number: r.number,
				serviceName: serviceName(r.serviceId),
				reason: r.reason,
				staffName: r.staffId ? (staffNames.get(r.staffId) ?? null) : null,
				at: r.at
			})),
			cases: caseCounts,
			complaints: { received: complaintCounts.received ?? 0, open: complaintCounts.open ?? 0, answered: complaintCounts.answered ?? 0 },
			attendanceDays: [...Object.values(figures.attendance).reduce((m, a) => m.set(a.staffId, (m.get(a.staffId) ?? 0) + (a.firstSignIn !== null ? 1 : 0)), new Map<string, number>())]
				.map(([id, days]) => ({ staffName: staffNames.get(id) ?? id, days }))
				.sort((a, b) => a.staffName.localeCompare(b.staffName, 'zh')),
			listed: { refusals: figures.refusals.length, refusalsTotal: figures.refusals.length, attendance: true },
			attendance: Object.entries(figures.attendance)
				.map(([key, a]) => ({ staffName: staffNames.get(a.staffId) ?? a.staffId, day: key.split('|')[0], firstSignIn: a.firstSignIn, lastSignOut: a.lastSignOut }))
				.sort((a, b) => a.day.localeCompare(b.day) || a.staffName.localeCompare(b.staffName, 'zh')),
			basis: { rolledUpDays, liveDays }
		};
	}
}
