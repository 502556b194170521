// Days closed to booking (`appointmentRules.closedDays`), edited from the console one day at a
// time. Each change is a new hall file applied through the hall (a config fact in the event log,
// the same path as the console's 保存配置) and a line in the audit log; bookings already made
// for a day stay valid when it closes, and the answer says how many there are.

import type { Database } from 'better-sqlite3';
import type { ClosedDay } from '../../src/lib/protocol.ts';
import { logAudit } from '../access-log.ts';
import type { Clock } from '../clock.ts';
import type { HallFile } from '../config.ts';
import { localDate } from '../core/calendar.ts';
import { fail, ok, type Result } from '../errors.ts';
import type { Hall } from '../hall.ts';

const MAX_CLOSED_DAYS = 400;

export class ClosedDays {
	readonly #db: Database;
	readonly #hall: Hall;
	readonly #clock: Clock;

	constructor(db: Database, hall: Hall, clock: Clock) {
		this.#db = db;
		this.#hall = hall;
		this.#clock = clock;
	}

	#today(): string {
		return localDate(this.#clock.now(), this.#hall.config.calendar.timeZone);
	}

	#bookingsOn(day: string): number {
		return (this.#db.prepare(`SELECT COUNT(*) AS n FROM appointments WHERE day = ? AND status != 'cancelled'`).get(day) as { n: number }).n;
	}

	/** Every closed day, in date order, with its reason and the bookings already made for it. */
	list(): ClosedDay[] {
		const { closedDays, closedDayReasons } = this.#hall.settings.appointmentRules;
		return [...closedDays].sort().map((date) => ({ date, reason: closedDayReasons[date] ?? '', bookings: this.#bookingsOn(date) }));
	}

	close(date: string, reason: string, staffId: string): Result<ClosedDay[]> {
		if (date < this.#today()) return fail('bad_request', `${date} 已经过去，不能再设为不接受预约`);
		const file = this.#hall.configFile;
		const rules = file.appointmentRules;
		if (rules.closedDays.includes(date)) return fail('invalid_state', `${date} 已经是不接受预约的日期`);
		if (rules.closedDays.length >= MAX_CLOSED_DAYS) return fail('bad_request', `不接受预约的日期最多 ${MAX_CLOSED_DAYS} 个，请先删除已经过去的日期`);
		rules.closedDays = [...rules.closedDays, date].sort();
		rules.closedDayReasons = { ...rules.closedDayReasons, [date]: reason };
		return this.#save(file, staffId, 'appointment.close-day', date, { reason, bookings: this.#bookingsOn(date) });
	}

	reopen(date: string, staffId: string): Result<ClosedDay[]> {
		const file = this.#hall.configFile;
		const rules = file.appointmentRules;
		if (!rules.closedDays.includes(date)) return fail('not_found', `${date} 不在不接受预约的日期中`);
		const reason = rules.closedDayReasons[date] ?? '';
		rules.closedDays = rules.closedDays.filter((d) => d !== date);
		rules.closedDayReasons = Object.fromEntries(Object.entries(rules.closedDayReasons).filter(([d]) => d !== date));
		return this.#save(file, staffId, 'appointment.reopen-day', date, { closedFor: reason });
	}

	#save(file: HallFile, staffId: string, action: 'appointment.close-day' | 'appointment.reopen-day', date: string, detail: Record<string, unknown>): Result<ClosedDay[]> {
		const saved = this.#hall.reconfigure(file, staffId);
		if (!saved.ok) return saved;
		logAudit(this.#db, this.#clock.now(), staffId, action, date, detail);
		return ok(this.list());
	}
}
