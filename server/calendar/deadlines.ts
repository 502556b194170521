// Deadlines that follow the calendar: when the holiday calendar changes (a pasted notice, a
// day the director edits, a newer holiday package), every open case, complaint and 差评
// follow-up is counted again from its start day and its number of working days. A moved
// date, or a "beyond the known schedule" flag that clears, is written to the record's own
// log with the old date, the new date and why. Closed records are never touched.

import type { Database } from 'better-sqlite3';
import { addWorkingDays, isWorkingDay, type CalendarConfig } from '../core/calendar.ts';

export interface DeadlineChange {
	from: string;
	to: string;
	beyondBefore: boolean;
	beyondAfter: boolean;
	why: string;
	at: number;
}

export interface RecountedRecord extends Omit<DeadlineChange, 'at'> {
	kind: 'case' | 'complaint';
	id: string;
	reference: string;
}

/** A day whose kind differs between two calendars. */
export interface DayChange {
	date: string;
	/** true: a working day. */
	before: boolean;
	after: boolean;
}

/** The days two calendars disagree on. Days in neither `days` table are plain weekdays in both. */
export function changedDays(before: CalendarConfig, after: CalendarConfig): DayChange[] {
	const dates = new Set([...Object.keys(before.days), ...Object.keys(after.days)]);
	const changes: DayChange[] = [];
	for (const date of [...dates].sort()) {
		const was = isWorkingDay(before, date);
		const is = isWorkingDay(after, date);
		if (was !== is) changes.push({ date, before: was, after: is });
	}
	return changes;
}

function describeDays(days: DayChange[]): string {
	const shown = days.slice(0, 6).map((d) => `${d.date} ${d.after ? '改为上班' : '改为放假'}`);
	return days.length > 6 ? `${shown.join('、')} 等 ${days.length} 天` : shown.join('、');
}

interface OpenRecord {
	id: string;
	reference: string;
	accepted_date: string;
	time_limit_days: number;
	due_date: string;
	beyond_known_schedule: number;
}

export interface Recount {
	/** The calendar to count with; it must cover every year from the oldest open record on. */
	calendar: CalendarConfig;
	/** What changed, said for people: 「录入国务院2027年放假安排」. */
	reason: string;
	/** The days that changed, when known: each record names those inside its own count. */
	days?: DayChange[];
	staffId: string | null;
	at: number;
}

/** The start day of the oldest open record: the calendar for a recount must reach back that far. */
export function oldestOpenStart(db: Database): string | null {
	const row = db
		.prepare(
			`SELECT MIN(d) AS d FROM (
				SELECT MIN(accepted_date) AS d FROM cases WHERE status = 'open'
				UNION ALL SELECT MIN(accepted_date) FROM complaints WHERE status = 'open' AND due_set_by_hand = 0)`
		)
		.get() as { d: string | null };
	return row.d;
}

/** Counts every open deadline again; one transaction, so a crash leaves all or none. */
export function recountDeadlines(db: Database, recount: Recount): RecountedRecord[] {
	const changed: RecountedRecord[] = [];
	const sources = [
		{
			kind: 'case' as const,
			rows: `SELECT id, reference, accepted_date, time_limit_days, due_date, beyond_known_schedule FROM cases WHERE status = 'open'`,
			update: `UPDATE cases SET due_date = ?, beyond_known_schedule = ?, updated_at = ? WHERE id = ? AND status = 'open'`,
			log: `INSERT INTO case_events (case_id, type, at, staff_id, data) VALUES (?, 'case:due-changed', ?, ?, ?)`
		},
		{
			kind: 'complaint' as const,
			rows: `SELECT id, reference, accepted_date, time_limit_days, due_date, beyond_known_schedule FROM complaints
				WHERE status = 'open' AND due_set_by_hand = 0 AND accepted_date IS NOT NULL`,
			update: `UPDATE complaints SET due_date = ?, beyond_known_schedule = ? WHERE id = ? AND status = 'open'`,
			log: `INSERT INTO complaint_events (complaint_id, type, at, staff_id, data) VALUES (?, 'complaint:due-changed', ?, ?, ?)`
		}
	];
	db.transaction(() => {
		for (const source of sources) {
			const update = db.prepare(source.update);
			const log = db.prepare(source.log);
			for (const row of db.prepare(source.rows).all() as OpenRecord[]) {
				const deadline = addWorkingDays(recount.calendar, row.accepted_date, row.time_limit_days);
				const beyondBefore = row.beyond_known_schedule === 1;
				if (deadline.date === row.due_date && deadline.beyondKnownSchedule === beyondBefore) continue;
				const last = deadline.date > row.due_date ? deadline.date : row.due_date;
				const inSpan = (recount.days ?? []).filter((d) => d.date > row.accepted_date && d.date <= last);
				let why = inSpan.length > 0 ? `${recount.reason}：${describeDays(inSpan)}` : recount.reason;
				if (deadline.date === row.due_date) why += deadline.beyondKnownSchedule ? '（到期日不变，仍待国务院公布放假安排）' : '（到期日不变，放假安排已公布）';
				const change = { from: row.due_date, to: deadline.date, beyondBefore, beyondAfter: deadline.beyondKnownSchedule, why };
				if (source.kind === 'case') update.run(deadline.date, deadline.beyondKnownSchedule ? 1 : 0, recount.at, row.id);
				else update.run(deadline.date, deadline.beyondKnownSchedule ? 1 : 0, row.id);
				log.run(row.id, recount.at, recount.staffId, JSON.stringify(change));
				changed.push({ kind: source.kind, id: row.id, reference: row.reference, ...change });
			}
		}
	})();
	return changed;
}

function toChange(row: { at: number; data: string }): DeadlineChange {
	return { ...(JSON.parse(row.data) as Omit<DeadlineChange, 'at'>), at: row.at };
}

/** A case's deadline changes, oldest first: shown on the case. */
export function caseDeadlineChanges(db: Database, caseId: string): DeadlineChange[] {
	const rows = db.prepare(`SELECT at, data FROM case_events WHERE case_id = ? AND type = 'case:due-changed' ORDER BY seq`).all(caseId) as { at: number; data: string }[];
	return rows.map(toChange);
}

/** The last deadline change of every complaint that has one. */
export function latestDeadlineChanges(db: Database): Map<string, DeadlineChange> {
	const rows = db
		.prepare(
			`SELECT complaint_id, at, data FROM complaint_events WHERE seq IN
				(SELECT MAX(seq) FROM complaint_events WHERE type = 'complaint:due-changed' GROUP BY complaint_id)`
		)
		.all() as { complaint_id: string; at: number; data: string }[];
	return new Map(rows.map((r) => [r.complaint_id, toChange(r)]));
}
