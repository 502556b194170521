// 值班: the duty roster (who is on duty on which day — weekends, holidays, and any day the
// director names) and the duty log (值班日志) the people on duty keep: calls, visitors,
// what happened, the handover. The log is written at the time and never edited: a
// correction is a new entry, as on the paper log it replaces.

import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { ApiError, DutyDay, DutyLogEntry, DutyLogKind, DutyPerson, DutyRole } from '../src/lib/protocol.ts';
import { calendarDay, isCalendarDay } from '../src/lib/commands.ts';
import { invalid } from './errors.ts';
import type { AuthedStaff, Clock } from './auth.ts';
import { addDays, isWorkingDay, localDate, periodsOn, type CalendarConfig } from './core/calendar.ts';
import type { Result } from './hall.ts';
import type { Records } from './records.ts';
import type { Store } from './store/store.ts';

export type { DutyDay, DutyLogEntry, DutyLogKind, DutyPerson, DutyRole };

export const rosterSchema = z.strictObject({
	people: z
		.array(z.strictObject({ staffId: z.string().min(1).max(64), role: z.enum(['leader', 'member']) }))
		.max(20, '一天最多安排 20 人值班')
		.refine((people) => new Set(people.map((p) => p.staffId)).size === people.length, '同一人在同一天只能安排一次')
});

export const dutyLogSchema = z.strictObject({
	kind: z.enum(['call', 'visit', 'event', 'handover']),
	content: z.string().trim().min(1, '请填写值班记录的内容').max(2000, '值班记录最多 2000 字')
});

export const dutyRangeSchema = z
	.strictObject({ from: calendarDay, to: calendarDay })
	.refine((r) => r.from <= r.to, { message: '开始日期不能晚于结束日期' })
	// zod runs refinements even when a date failed its pattern: look only at well-formed ones.
	.refine((r) => !isCalendarDay(r.from) || !isCalendarDay(r.to) || addDays(r.from, 62) >= r.to, { message: '一次最多查看 62 天' });

const fail = (code: ApiError['code'], message: string): { ok: false; error: ApiError } => ({ ok: false, error: { code, message } });

export class Duty {
	readonly #db: Database;
	readonly #store: Store;
	readonly #clock: Clock;
	readonly #calendarOf: () => CalendarConfig;
	readonly #records: Records;

	constructor(store: Store, clock: Clock, calendar: () => CalendarConfig, records: Records) {
		this.#db = store.db;
		this.#store = store;
		this.#clock = clock;
		this.#calendarOf = calendar;
		this.#records = records;
	}

	today(): string {
		return localDate(this.#clock.now(), this.#calendarOf().timeZone);
	}

	/** Every day from `from` to `to`, with the calendar's verdict and who is on duty. */
	roster(from: string, to: string): DutyDay[] {
		const calendar = this.#calendarOf();
		const rows = this.#db
			.prepare(
				`SELECT d.day, d.staff_id, d.role, s.name, s.staff_no FROM duty_roster d LEFT JOIN staff s ON s.id = d.staff_id
				 WHERE d.day BETWEEN ? AND ? ORDER BY d.day, d.role = 'member', d.position`
			)
			.all(from, to) as { day: string; staff_id: string; role: DutyRole; name: string | null; staff_no: string | null }[];
		const byDay = new Map<string, DutyPerson[]>();
		for (const row of rows) {
			const people = byDay.get(row.day) ?? [];
			people.push({ staffId: row.staff_id, name: row.name ?? row.staff_id, staffNo: row.staff_no ?? '', role: row.role });
			byDay.set(row.day, people);
		}
		const days: DutyDay[] = [];
		for (let day = from; day <= to; day = addDays(day, 1)) {
			days.push({ day, workingDay: isWorkingDay(calendar, day), hours: periodsOn(calendar, day), people: byDay.get(day) ?? [] });
		}
		return days;
	}

	/** Replaces one day's roster. Days gone by are history: they cannot be rearranged. */
	setRoster(staff: AuthedStaff, day: string, input: unknown): Result<DutyDay> {
		if (!isCalendarDay(day)) return fail('bad_request', '日期格式应为 YYYY-MM-DD，且须是存在的日期');
		if (day < this.today()) return fail('bad_request', `${day} 已经过去，不能再修改当天的值班安排`);
		const parsed = rosterSchema.safeParse(input);
		if (!parsed.success) return { ok: false, error: invalid(parsed.error) };
		for (const person of parsed.data.people) {
			const record = this.#store.staffById(person.staffId);
			if (!record) return fail('not_found', `没有编号为 ${person.staffId} 的工作人员`);
			if (record.disabled) return fail('bad_request', `${record.name} 的账号已停用，不能安排值班`);
		}
		return this.#records.audited(staff, 'duty:roster', day, () => {
			this.#db.prepare(`DELETE FROM duty_roster WHERE day = ?`).run(day);
			const insert = this.#db.prepare(
				`INSERT INTO duty_roster (day, staff_id, role, position, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?)`
			);
			parsed.data.people.forEach((person, position) =>
				insert.run(day, person.staffId, person.role, position, staff.id, this.#clock.now())
			);
			return { ok: true, value: this.roster(day, day)[0] };
		});
	}

	/** Is this person on today's roster? Only they (and the director) keep today's log. */
	onDutyToday(staffId: string): boolean {
		return this.#db.prepare(`SELECT 1 FROM duty_roster WHERE day = ? AND staff_id = ?`).get(this.today(), staffId) !== undefined;
	}

	/** Writes an entry in today's log, stamped now: the log is kept as things happen. */
	write(staff: AuthedStaff, input: unknown): Result<DutyLogEntry> {
		const director = staff.role === 'director' || staff.role === 'admin';
		if (!director && !this.onDutyToday(staff.id)) return fail('forbidden', '您今天没有值班安排，不能填写值班日志');
		const parsed = dutyLogSchema.safeParse(input);
		if (!parsed.success) return { ok: false, error: invalid(parsed.error) };
		const entry: DutyLogEntry = {
			id: randomUUID(),
			day: this.today(),
			at: this.#clock.now(),
			staffId: staff.id,
			staffName: staff.name,
			kind: parsed.data.kind,
			content: parsed.data.content
		};
		this.#db
			.prepare(`INSERT INTO duty_log (id, day, at, staff_id, kind, content) VALUES (?, ?, ?, ?, ?, ?)`)
			.run(entry.id, entry.day, entry.at, entry.staffId, entry.kind, entry.content);
		return { ok: true, value: entry };
	}

	/** The log of the days from `from` to `to`, oldest first (it reads like the paper book). */
	log(from: string, to: string): DutyLogEntry[] {
		const rows = this.#db
			.prepare(
				`SELECT l.id, l.day, l.at, l.staff_id, l.kind, l.content, s.name FROM duty_log l LEFT JOIN staff s ON s.id = l.staff_id
				 WHERE l.day BETWEEN ? AND ? ORDER BY l.seq`
			)
			.all(from, to) as { id: string; day: string; at: number; staff_id: string; kind: DutyLogKind; content: string; name: string | null }[];
		return rows.map((r) => ({ id: r.id, day: r.day, at: r.at, staffId: r.staff_id, staffName: r.name, kind: r.kind, content: r.content }));
	}
}
