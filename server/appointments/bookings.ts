// The bookings service (预约 and 线上取号). Bookings are rows of their own table, written in
// one immediate SQLite transaction with their fact in the event log and their messages in
// the outbox, so a slot never takes more than its capacity and nothing acknowledged is lost.
// Tickets go through the hall like every other ticket: this service only adds the slot, the
// booking and the remote hold to the issue command, and keeps the personal data here.

import { randomBytes } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type {
	ApiError,
	AppointmentReportRow,
	AppointmentSlot,
	AppointmentStaffView,
	AppointmentStatus,
	AppointmentView,
	BookingOptions,
	ErrorCode,
	RemoteTicketView,
	TicketPublic
} from '../../src/lib/protocol.ts';
import { maskName, maskPhone } from '../../src/lib/mask.ts';
import { logAccess, logAudit } from '../access-log.ts';
import type { AuthedStaff, Clock } from '../auth.ts';
import type { AppointmentRules, ServiceAppointments } from '../config.ts';
import { addDays, instantOf, isOpen, localDate, type CalendarConfig } from '../core/calendar.ts';
import { aheadOf, remoteHoldMs } from '../core/queue.ts';
import type { DomainEvent } from '../core/types.ts';
import type { CommandMeta, Committed, Hall, Result } from '../hall.ts';
import type { Outbox } from '../notifications/outbox.ts';
import type { Store } from '../store/store.ts';
import type { BookInput } from './schemas.ts';
import {
	banUntil,
	bookableDays,
	checkInWindow,
	formatCode,
	isCode,
	isMissed,
	newCode,
	normalizeCode,
	slotStartOf,
	slotStillBookable,
	slotsOn
} from './rules.ts';

interface AppointmentRow {
	id: string;
	code: string;
	service_id: string;
	day: string;
	start: string;
	end: string;
	slot_start: number;
	name: string;
	phone: string;
	status: AppointmentStatus;
	created_at: number;
	updated_at: number;
	cancelled_by: string | null;
	cancel_reason: string | null;
	ticket_id: string | null;
}

interface RemoteRow {
	id: string;
	code: string;
	ticket_id: string;
	service_id: string;
	day: string;
	phone: string;
	created_at: number;
}

export type Actor = { kind: 'resident' } | { kind: 'station'; station: string | null } | { kind: 'staff'; staffId: string };

function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): { ok: false; error: ApiError } {
	return { ok: false, error: details ? { code, message, details } : { code, message } };
}

function newId(): string {
	return randomBytes(9).toString('base64url');
}

function actorLabel(actor: Actor): string {
	if (actor.kind === 'staff') return `staff:${actor.staffId}`;
	if (actor.kind === 'station') return `station:${actor.station ?? '-'}`;
	return 'resident';
}

export interface BookingsDeps {
	store: Store;
	hall: Hall;
	clock: Clock;
	outbox: Outbox;
}

export class Bookings {
	readonly #db: Database;
	readonly #hall: Hall;
	readonly #clock: Clock;
	readonly #outbox: Outbox;
	readonly #insertEvent: Statement;
	readonly #byCode: Statement;
	readonly #remoteByCode: Statement;
	/** Active tickets of bookings and remote takes not yet told 「快到您了」. */
	readonly #watched = new Set<string>();

	constructor({ store, hall, clock, outbox }: BookingsDeps) {
		this.#db = store.db;
		this.#hall = hall;
		this.#clock = clock;
		this.#outbox = outbox;
		this.#insertEvent = this.#db.prepare(
			`INSERT INTO events (version, type, at, ticket_id, window_id, actor, data) VALUES (?, ?, ?, ?, NULL, ?, ?)`
		);
		this.#byCode = this.#db.prepare(`SELECT * FROM appointments WHERE code = ?`);
		this.#remoteByCode = this.#db.prepare(`SELECT * FROM remote_takes WHERE code = ?`);
		// After a restart: every active ticket of a booking or remote take not yet told is watched again.
		const told = new Set(
			(this.#db.prepare(`SELECT dedupe_key FROM notifications WHERE dedupe_key LIKE 'almost:%'`).all() as { dedupe_key: string }[]).map((r) =>
				r.dedupe_key.slice('almost:'.length)
			)
		);
		for (const ticket of hall.state.active.values()) if (ticket.bookingId && !told.has(ticket.id)) this.#watched.add(ticket.id);
	}

	get #calendar(): CalendarConfig {
		return this.#hall.config.calendar;
	}

	get #rules(): AppointmentRules {
		return this.#hall.settings.appointmentRules;
	}

	#today(): string {
		return localDate(this.#clock.now(), this.#calendar.timeZone);
	}

	#service(serviceId: string) {
		return this.#hall.config.services.find((s) => s.id === serviceId);
	}

	#bookable(serviceId: string): Result<{ config: ServiceAppointments; name: string }> {
		const service = this.#service(serviceId);
		if (!service) return fail('unknown_service', '没有这项业务');
		const config = this.#hall.settings.appointments.get(serviceId);
		if (!config?.enabled) return fail('appointments_disabled', `「${service.name}」不提供预约`);
		if (!service.enabled) return fail('service_disabled', `「${service.name}」暂停办理`);
		return { ok: true, value: { config, name: service.name } };
	}

	/** A fact for the event log, in the caller's transaction; the queue core passes over these. */
	#fact(event: DomainEvent, actor: Actor, ticketId: string | null = null): void {
		this.#insertEvent.run(this.#hall.version, event.type, event.at, ticketId, actorLabel(actor), JSON.stringify(event));
	}

	#uniqueCode(): string {
		for (;;) {
			const code = newCode();
			if (!this.#byCode.get(code) && !this.#remoteByCode.get(code)) return code;
		}
	}

	// Residents: booking ---------------------------------------------------------

	options(): BookingOptions {
		const today = this.#today();
		const services = this.#hall.config.services.flatMap((s) => {
			const config = this.#hall.settings.appointments.get(s.id);
			if (!config?.enabled || !s.enabled) return [];
			return [{ id: s.id, name: s.name, nameEn: s.nameEn, slotMinutes: config.slotMinutes, days: bookableDays(this.#calendar, today, config, this.#rules) }];
		});
		const waiting = new Map(this.#hall.waiting().map((w) => [w.serviceId, w.waiting]));
		const remoteServices = this.#rules.remoteTaking
			? this.#hall.services().filter((s) => s.enabled && s.windowIds.length > 0).map((s) => ({ id: s.id, name: s.name, nameEn: s.nameEn, waiting: waiting.get(s.id) ?? 0 }))
			: [];
		const { settings } = this.#hall;
		return {
			hallName: settings.hallName,
			hallNameEn: settings.hallNameEn,
			timeZone: this.#calendar.timeZone,
			services,
			remoteServices,
			open: isOpen(this.#calendar, this.#clock.now()),
			rules: {
				checkInEarlyMinutes: this.#rules.checkInEarlyMinutes,
				lateGraceMinutes: this.#rules.lateGraceMinutes,
				remoteHoldMinutes: remoteHoldMs(this.#hall.config) / 60_000
			}
		};
	}

	slots(serviceId: string, date: string): Result<AppointmentSlot[]> {
		const bookable = this.#bookable(serviceId);
		if (!bookable.ok) return bookable;
		const { config } = bookable.value;
		if (!bookableDays(this.#calendar, this.#today(), config, this.#rules).includes(date)) {
			return fail('closed_day', `${date} 不接受预约`);
		}
		const counts = new Map(
			(
				this.#db
					.prepare(`SELECT start, COUNT(*) AS n FROM appointments WHERE service_id = ? AND day = ? AND status != 'cancelled' GROUP BY start`)
					.all(serviceId, date) as { start: string; n: number }[]
			).map((r) => [r.start, r.n])
		);
		const now = this.#clock.now();
		return {
			ok: true,
			value: slotsOn(this.#calendar, date, config.slotMinutes).map((slot) => {
				const booked = counts.get(slot.start) ?? 0;
				const open = slotStillBookable(slotStartOf(this.#calendar, date, slot.start), this.#rules, now);
				return { ...slot, capacity: config.capacity, booked, available: open ? Math.max(0, config.capacity - booked) : 0 };
			})
		};
	}

	/** When the phone may book again, or null: the 爽约 rule. */
	banOf(phone: string): number | null {
		const now = this.#clock.now();
		this.sweepNoShows();
		const rules = this.#rules;
		const since = now - (rules.noShowWindowDays + rules.banDays) * 24 * 60 * 60_000;
		const missed = (
			this.#db.prepare(`SELECT slot_start FROM appointments WHERE phone = ? AND status = 'no_show' AND slot_start > ?`).all(phone, since) as { slot_start: number }[]
		).map((r) => r.slot_start);
		const lift = this.#db.prepare(`SELECT MAX(at) AS at FROM booking_ban_lifts WHERE phone = ?`).get(phone) as { at: number | null };
		return banUntil(missed, lift.at, rules, now);
	}

	book(input: BookInput): Result<{ id: string; code: string; serviceId: string; date: string; start: string; end: string; status: 'booked' }> {
		const bookable = this.#bookable(input.serviceId);
		if (!bookable.ok) return bookable;
		const { config, name: serviceName } = bookable.value;
		const now = this.#clock.now();
		if (!bookableDays(this.#calendar, this.#today(), config, this.#rules).includes(input.date)) {
			return fail('closed_day', `${input.date} 不接受预约，请选择其他日期`);
		}
		const slot = slotsOn(this.#calendar, input.date, config.slotMinutes).find((s) => s.start === input.start);
		if (!slot) return fail('bad_request', `没有 ${input.start} 开始的预约时段`);
		const slotStart = slotStartOf(this.#calendar, input.date, slot.start);
		if (!slotStillBookable(slotStart, this.#rules, now)) return fail('slot_full', '该时段已过，请选择其他时段');
		const until = this.banOf(input.phone);
		if (until !== null) {
			const tz = this.#calendar.timeZone;
			const [y, m, d] = localDate(until, tz).split('-').map(Number);
			return fail('booking_banned', `您近期多次预约未到，${y}年${m}月${d}日 ${formatHm(until, tz)} 前不能预约，可到大厅现场取号`, { until });
		}
		const id = newId();
		const code = this.#uniqueCode();
		// IMMEDIATE: the count and the insert see the same slot, even with a second process on the file.
		const booked = this.#db
			.transaction((): Result<null> => {
				const duplicate = this.#db
					.prepare(`SELECT 1 FROM appointments WHERE phone = ? AND service_id = ? AND day = ? AND status != 'cancelled'`)
					.get(input.phone, input.serviceId, input.date);
				if (duplicate) return fail('duplicate_booking', '您当天已预约过这项业务，如需改期请先取消原预约');
				const taken = this.#db
					.prepare(`SELECT COUNT(*) AS n FROM appointments WHERE service_id = ? AND day = ? AND start = ? AND status != 'cancelled'`)
					.get(input.serviceId, input.date, slot.start) as { n: number };
				if (taken.n >= config.capacity) return fail('slot_full', '该时段已约满，请选择其他时段');
				this.#db
					.prepare(
						`INSERT INTO appointments (id, code, service_id, day, start, end, slot_start, name, phone, status, created_at, updated_at)
						 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?)`
					)
					.run(id, code, input.serviceId, input.date, slot.start, slot.end, slotStart, input.name, input.phone, now, now);
				this.#fact({ type: 'appointment:booked', at: now, appointmentId: id, serviceId: input.serviceId, day: input.date, start: slot.start }, { kind: 'resident' });
				const data = { service: serviceName, date: input.date, start: slot.start, end: slot.end, code: formatCode(code) };
				const hall = this.#hall.settings.hallName;
				this.#outbox.enqueue({
					kind: 'booked',
					recipient: input.phone,
					text: `【${hall}】预约成功：${serviceName}，${input.date} ${slot.start}-${slot.end}，预约码 ${formatCode(code)}。请在时段开始前 ${this.#rules.checkInEarlyMinutes} 分钟内到大厅取号机签到。`,
					data,
					dedupeKey: `booked:${id}`
				});
				const reminderAt = slotStart - this.#hall.settings.notifications.reminderMinutes * 60_000;
				if (this.#hall.settings.notifications.reminderMinutes > 0 && reminderAt > now) {
					this.#outbox.enqueue({
						kind: 'reminder',
						recipient: input.phone,
						text: `【${hall}】提醒：您预约的${serviceName}将于 ${input.date} ${slot.start} 开始，请带齐材料按时到大厅签到，预约码 ${formatCode(code)}。`,
						data,
						dueAt: reminderAt,
						dedupeKey: `reminder:${id}`
					});
				}
				return { ok: true, value: null };
			})
			.immediate();
		if (!booked.ok) return booked;
		return { ok: true, value: { id, code, serviceId: input.serviceId, date: input.date, start: slot.start, end: slot.end, status: 'booked' } };
	}

	#row(code: string): AppointmentRow | null {
		const normalized = normalizeCode(code);
		if (!isCode(normalized)) return null;
		return (this.#byCode.get(normalized) as AppointmentRow | undefined) ?? null;
	}

	/** The holder's row: the code and the phone must both match, else it does not exist (no hint which was wrong). */
	#own(code: string, phone: string): AppointmentRow | null {
		const row = this.#row(code);
		return row && row.phone === phone ? row : null;
	}

	#view(row: AppointmentRow): AppointmentView {
		const rules = this.#rules;
		return {
			id: row.id,
			code: row.code,
			serviceId: row.service_id,
			serviceName: this.#service(row.service_id)?.name ?? row.service_id,
			date: row.day,
			start: row.start,
			end: row.end,
			status: this.#effectiveStatus(row),
			name: maskName(row.name),
			phone: maskPhone(row.phone),
			checkInFrom: row.slot_start - rules.checkInEarlyMinutes * 60_000,
			checkInUntil: row.slot_start + rules.lateGraceMinutes * 60_000,
			ticketId: row.ticket_id
		};
	}

	#effectiveStatus(row: AppointmentRow): AppointmentStatus {
		return row.status === 'booked' && isMissed(row.slot_start, this.#rules, this.#clock.now()) ? 'no_show' : row.status;
	}

	get(code: string, phone: string): Result<AppointmentView> {
		const row = this.#own(code, phone);
		if (!row) return fail('unknown_appointment', '没有找到这个预约，请核对预约码和手机号');
		return { ok: true, value: this.#view(row) };
	}

	cancel(code: string, phone: string): Result<AppointmentView> {
		const row = this.#own(code, phone);
		if (!row) return fail('unknown_appointment', '没有找到这个预约，请核对预约码和手机号');
		return this.#cancel(row, { kind: 'resident' }, null);
	}

	#cancel(row: AppointmentRow, actor: Actor, reason: string | null): Result<AppointmentView> {
		if (row.status === 'cancelled') return { ok: true, value: this.#view(row) };
		if (this.#effectiveStatus(row) !== 'booked') return fail('invalid_state', '该预约已签到或已过期，不能取消');
		const now = this.#clock.now();
		const by = actor.kind === 'staff' ? 'staff' : 'resident';
		this.#db.transaction(() => {
			this.#db
				.prepare(`UPDATE appointments SET status = 'cancelled', updated_at = ?, cancelled_by = ?, cancel_reason = ? WHERE id = ?`)
				.run(now, actor.kind === 'staff' ? actor.staffId : 'resident', reason, row.id);
			this.#fact({ type: 'appointment:cancelled', at: now, appointmentId: row.id, by, reason }, actor);
			this.#outbox.cancel(`reminder:${row.id}`);
			const service = this.#service(row.service_id)?.name ?? row.service_id;
			this.#outbox.enqueue({
				kind: 'cancelled',
				recipient: row.phone,
				text: `【${this.#hall.settings.hallName}】您 ${row.day} ${row.start} 的${service}预约已取消${reason ? `（${reason}）` : ''}。`,
				data: { service, date: row.day, start: row.start, code: formatCode(row.code) },
				dedupeKey: `cancelled:${row.id}`
			});
		})();
		return { ok: true, value: this.#view(this.#byCode.get(row.code) as AppointmentRow) };
	}

	// At the hall: check-in --------------------------------------------------------

	/**
	 * 签到 of a booking: issues its 预约 ticket (once: a repeated check-in, e.g. after a lost
	 * answer, gets the same ticket). Too early says from when; too late past the grace.
	 */
	checkIn(code: string, station: string | null, actor: Actor, meta?: CommandMeta): Result<TicketPublic> {
		const row = this.#row(code);
		if (!row || row.status === 'cancelled') return fail('unknown_appointment', '没有找到这个预约码，请核对后重试');
		if (row.status === 'checked_in' && row.ticket_id) {
			const ticket = this.#hall.ticketById(row.ticket_id);
			if (ticket) return { ok: true, value: this.#hall.publicTicket(ticket) };
		}
		const now = this.#clock.now();
		const window = checkInWindow(row.slot_start, this.#rules, now);
		if (!window.ok) {
			if (window.code === 'too_early') {
				const local = `${localDate(window.from, this.#calendar.timeZone)} ${formatHm(window.from, this.#calendar.timeZone)}`;
				return fail('too_early', `还没到签到时间，请于 ${local} 后签到`, { from: window.from });
			}
			return fail('too_late', `已超过预约时段 ${this.#rules.lateGraceMinutes} 分钟，预约已失效，请取普通号`);
		}
		return this.#db.transaction((): Result<TicketPublic> => {
			const issued = this.#hall.issueTicket(
				{
					serviceId: row.service_id,
					priority: 'appointment',
					station,
					// The booking's own key: a second check-in replays the first ticket instead of a second one.
					idempotencyKey: `appointment:${row.id}`,
					extras: { slotStart: row.slot_start, bookingId: row.id }
				},
				meta,
				newId()
			);
			if (!issued.ok) return issued;
			const ticket = issued.value.ticket;
			this.#db.prepare(`UPDATE appointments SET status = 'checked_in', ticket_id = ?, updated_at = ? WHERE id = ?`).run(ticket.id, now, row.id);
			this.#fact({ type: 'appointment:checked-in', at: now, appointmentId: row.id, ticketId: ticket.id, station }, actor, ticket.id);
			this.#watched.add(ticket.id);
			return { ok: true, value: ticket };
		})();
	}

	/** Booked slots whose check-in closed without one become 爽约, with a record. */
	sweepNoShows(): number {
		const now = this.#clock.now();
		const rows = this.#db
			.prepare(`SELECT id FROM appointments WHERE status = 'booked' AND slot_start < ?`)
			.all(now - this.#rules.lateGraceMinutes * 60_000) as { id: string }[];
		if (rows.length === 0) return 0;
		this.#db.transaction(() => {
			for (const { id } of rows) {
				this.#db.prepare(`UPDATE appointments SET status = 'no_show', updated_at = ? WHERE id = ? AND status = 'booked'`).run(now, id);
				this.#fact({ type: 'appointment:no-show', at: now, appointmentId: id }, { kind: 'station', station: null });
			}
		})();
		return rows.length;
	}

	// Residents: 线上取号 ---------------------------------------------------------------

	takeRemote(serviceId: string, phone: string): Result<RemoteTicketView> {
		if (!this.#rules.remoteTaking) return fail('appointments_disabled', '本大厅未开通线上取号');
		const today = this.#today();
		const open = (this.#db.prepare(`SELECT ticket_id FROM remote_takes WHERE phone = ? AND day = ?`).all(phone, today) as { ticket_id: string }[]).some(
			(r) => this.#hall.state.active.has(r.ticket_id)
		);
		if (open) return fail('duplicate_remote', '您已有一个未办结的线上取号，请先签到办理或等其过期');
		const id = newId();
		const code = this.#uniqueCode();
		return this.#db.transaction((): Result<RemoteTicketView> => {
			const issued = this.#hall.issueTicket(
				{ serviceId, priority: 'normal', station: null, idempotencyKey: null, extras: { remote: true, bookingId: id } },
				undefined,
				newId()
			);
			if (!issued.ok) return issued;
			const ticket = issued.value.ticket;
			this.#db
				.prepare(`INSERT INTO remote_takes (id, code, ticket_id, service_id, day, phone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
				.run(id, code, ticket.id, serviceId, today, phone, this.#clock.now());
			this.#watched.add(ticket.id);
			return { ok: true, value: { ...ticket, code } };
		})();
	}

	#remote(code: string): RemoteRow | null {
		const normalized = normalizeCode(code);
		if (!isCode(normalized)) return null;
		return (this.#remoteByCode.get(normalized) as RemoteRow | undefined) ?? null;
	}

	getRemote(code: string, phone: string): Result<RemoteTicketView> {
		const row = this.#remote(code);
		const ticket = row && row.phone === phone ? this.#hall.ticketById(row.ticket_id) : null;
		if (!row || !ticket) return fail('unknown_appointment', '没有找到这个线上取号，请核对取号码和手机号');
		return { ok: true, value: { ...this.#hall.publicTicket(ticket), code: row.code } };
	}

	/** 签到 of a remote ticket: it takes the place it has held. */
	checkInRemote(code: string, station: string | null, actor: Actor, meta?: CommandMeta): Result<TicketPublic> {
		const row = this.#remote(code);
		if (!row) return fail('unknown_appointment', '没有找到这个取号码，请核对后重试');
		const ticket = this.#hall.ticketById(row.ticket_id);
		if (!ticket || ticket.endedAt !== null) return fail('too_late', '该线上取号已过期，请重新取号');
		if (ticket.status !== 'remote') return { ok: true, value: this.#hall.publicTicket(ticket) };
		const hallActor = actor.kind === 'staff' ? actor : { kind: 'station' as const, station };
		return this.#hall.checkInTicket(ticket.id, station, hallActor, meta);
	}

	/** Whether `code` (typed, scanned, with or without the dash) is a booking's or a remote ticket's. */
	knows(code: string): boolean {
		return this.#row(code) !== null || this.#remote(code) !== null;
	}

	/** The kiosk's one code box: a booking's code, else a remote ticket's. */
	checkInAny(code: string, station: string | null, actor: Actor, meta?: CommandMeta): Result<TicketPublic> {
		if (this.#row(code)) return this.checkIn(code, station, actor, meta);
		if (this.#remote(code)) return this.checkInRemote(code, station, actor, meta);
		return fail('unknown_appointment', '没有找到这个预约码或取号码，请核对后重试');
	}

	// Notifications: 「快到您了」 -------------------------------------------------------

	/** After each committed command: residents of bookings and remote takes near the head are told once. */
	onCommitted(committed: Committed): void {
		for (const ticket of committed.touched) if (ticket.bookingId && ticket.endedAt === null) this.#watched.add(ticket.id);
		if (this.#watched.size === 0) return;
		const limit = this.#hall.settings.notifications.almostTurnAhead;
		for (const id of [...this.#watched]) {
			const ticket = this.#hall.state.active.get(id);
			if (!ticket || !ticket.bookingId) {
				this.#watched.delete(id);
				continue;
			}
			if (ticket.status !== 'remote' && ticket.status !== 'waiting') continue;
			const ahead = aheadOf(this.#hall.state, ticket);
			if (ahead > limit) continue;
			this.#watched.delete(id);
			const phone = this.#phoneOf(ticket.bookingId);
			if (!phone) continue;
			const service = this.#service(ticket.serviceId)?.name ?? ticket.serviceId;
			const remote = ticket.status === 'remote';
			this.#outbox.enqueue({
				kind: 'almost_turn',
				recipient: phone,
				text: `【${this.#hall.settings.hallName}】快到您了：${service} ${ticket.number}，前面还有 ${ahead} 人。${remote ? '请尽快到大厅签到，过号将只保留一段时间。' : '请在大厅留意叫号。'}`,
				data: { service, number: ticket.number, ahead },
				dedupeKey: `almost:${ticket.id}`
			});
		}
	}

	#phoneOf(bookingId: string): string | null {
		const row = (this.#db.prepare(`SELECT phone FROM appointments WHERE id = ?`).get(bookingId) ??
			this.#db.prepare(`SELECT phone FROM remote_takes WHERE id = ?`).get(bookingId)) as { phone: string } | undefined;
		return row?.phone ?? null;
	}

	// Staff -------------------------------------------------------------------------

	/** The day's bookings for the console and the windows, masked. */
	day(date: string): AppointmentStaffView[] {
		this.sweepNoShows();
		const rows = this.#db.prepare(`SELECT * FROM appointments WHERE day = ? ORDER BY slot_start, created_at`).all(date) as AppointmentRow[];
		return rows.map((r) => this.#staffView(r));
	}

	#staffView(row: AppointmentRow): AppointmentStaffView {
		return { ...this.#view(row), createdAt: row.created_at, cancelledBy: row.cancelled_by, cancelReason: row.cancel_reason };
	}

	/** One booking in full (name and number), for the window serving it: the read is access-logged. */
	open(appointmentId: string, staff: AuthedStaff): Result<AppointmentStaffView> {
		const row = this.#db.prepare(`SELECT * FROM appointments WHERE id = ?`).get(appointmentId) as AppointmentRow | undefined;
		if (!row) return fail('unknown_appointment', '没有这个预约');
		logAccess(this.#db, { at: this.#clock.now(), staffId: staff.id, recordType: 'appointment', recordId: row.id, fields: ['name', 'phone'], requestId: null });
		return { ok: true, value: { ...this.#staffView(row), name: row.name, phone: row.phone } };
	}

	/** The booking behind a 预约 ticket, masked: what the window shows beside the ticket. */
	ofTicket(ticketId: string): AppointmentStaffView | null {
		const row = this.#db.prepare(`SELECT * FROM appointments WHERE ticket_id = ?`).get(ticketId) as AppointmentRow | undefined;
		return row ? this.#staffView(row) : null;
	}

	cancelByStaff(appointmentId: string, staff: AuthedStaff, reason: string): Result<AppointmentView> {
		const row = this.#db.prepare(`SELECT * FROM appointments WHERE id = ?`).get(appointmentId) as AppointmentRow | undefined;
		if (!row) return fail('unknown_appointment', '没有这个预约');
		const result = this.#cancel(row, { kind: 'staff', staffId: staff.id }, reason);
		if (result.ok) logAudit(this.#db, this.#clock.now(), staff.id, 'appointment.cancel', row.id, { reason });
		return result;
	}

	/** The director lifts a 爽约 ban: missed bookings so far no longer count. */
	liftBan(phone: string, staff: AuthedStaff, reason: string): Result<{ lifted: boolean }> {
		if (staff.role !== 'director' && staff.role !== 'admin') return fail('forbidden', '只有中心主任可以解除预约限制');
		const banned = this.banOf(phone) !== null;
		const now = this.#clock.now();
		const id = newId();
		this.#db.transaction(() => {
			this.#db.prepare(`INSERT INTO booking_ban_lifts (id, phone, at, staff_id, reason) VALUES (?, ?, ?, ?, ?)`).run(id, phone, now, staff.id, reason);
			this.#fact({ type: 'appointment:ban-lifted', at: now, liftId: id, staffId: staff.id, reason }, { kind: 'staff', staffId: staff.id });
			logAudit(this.#db, now, staff.id, 'appointment.lift-ban', maskPhone(phone), { reason, wasBanned: banned });
		})();
		return { ok: true, value: { lifted: banned } };
	}

	/** Counts by service over local days `from`..`to`: bookings, cancellations, check-ins, no-shows, remote tickets. */
	report(from: string, to: string): AppointmentReportRow[] {
		this.sweepNoShows();
		const tz = this.#calendar.timeZone;
		const fromMs = instantOf(from, '00:00', tz);
		const toMs = instantOf(addDays(to, 1), '00:00', tz);
		const bookings = this.#db
			.prepare(
				`SELECT service_id, COUNT(*) AS bookings, SUM(status = 'cancelled') AS cancelled, SUM(status = 'checked_in') AS checked_in,
				 SUM(status = 'no_show') AS no_shows FROM appointments WHERE day BETWEEN ? AND ? GROUP BY service_id`
			)
			.all(from, to) as { service_id: string; bookings: number; cancelled: number; checked_in: number; no_shows: number }[];
		const remote = this.#db
			.prepare(
				`SELECT r.service_id, COUNT(*) AS taken,
				 SUM(EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = r.ticket_id AND e.type = 'ticket:checked-in')) AS checked_in,
				 SUM(EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = r.ticket_id AND e.type = 'ticket:expired')) AS expired
				 FROM remote_takes r WHERE r.created_at >= ? AND r.created_at < ? GROUP BY r.service_id`
			)
			.all(fromMs, toMs) as { service_id: string; taken: number; checked_in: number; expired: number }[];
		const ids = new Set([...bookings.map((b) => b.service_id), ...remote.map((r) => r.service_id)]);
		return [...ids].sort().map((serviceId) => {
			const b = bookings.find((x) => x.service_id === serviceId);
			const r = remote.find((x) => x.service_id === serviceId);
			return {
				serviceId,
				serviceName: this.#service(serviceId)?.name ?? serviceId,
				bookings: b?.bookings ?? 0,
				cancelled: b?.cancelled ?? 0,
				checkedIn: b?.checked_in ?? 0,
				noShows: b?.no_shows ?? 0,
				remoteTickets: r?.taken ?? 0,
				remoteCheckedIn: r?.checked_in ?? 0,
				remoteExpired: r?.expired ?? 0
			};
		});
	}
}

function formatHm(epochMs: number, timeZone: string): string {
	return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(epochMs);
}
