// The case register (登记备案 / 待办事项记录) and the resident's rating (好差评).
// A case records time, person, content, how it was resolved, the deadline in working
// days (限时办结), the result and how the person was told. Every change is logged.

import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type {
	CaseInput,
	CaseRecord,
	CaseSource,
	CaseUrgency,
	EvaluationReceipt,
	Grade,
	NotifyVia,
	PendingRating,
	RatingRecorded,
	Resolution
} from '../src/lib/protocol.ts';
import { z } from 'zod';
import type { ApiError } from '../src/lib/protocol.ts';
import { maskName, maskPhone } from '../src/lib/mask.ts';
import type { AuthedStaff, Clock } from './auth.ts';
import { describeAccessLog, logAccess, logAudit, logNames, readAccessLog } from './access-log.ts';
import { addWorkingDays, isWorkingDay, addDays, localDate } from './core/calendar.ts';
import type { DomainEvent } from './core/types.ts';
import { decodeEvent, type EventRow } from './store/event-codec.ts';
import type { Hall, Result } from './hall.ts';
import type { Store } from './store/store.ts';
import { caseDeadlineChanges } from './calendar/deadlines.ts';

/** A bad rating's follow-up and call-back are due within 15 working days. */
export const FOLLOW_UP_DAYS = 15;
/** Cases due within this many working days are flagged 临近到期. */
export const DUE_SOON_DAYS = 2;
/**
 * A rating belongs to the visit just finished at the window: after this the server takes none
 * for it (`rating_expired`), so the next resident cannot rate the previous visit. Long enough for
 * the tablet's own limits: the question stays RATING_ASK_MS, a bad rating's reason form
 * RATING_REASON_IDLE_MS after the last touch (src/lib/window/rating.svelte.ts).
 */
export const RATING_WINDOW_MS = 5 * 60_000;

/** What a resident leaves with a 不满意 or 非常不满意: why, and a mobile number for the 回访 if they wish. */
export interface BadRatingDetails {
	reason?: string;
	phone?: string;
}

/** 转交: hand an open case on to another staff member (POST /api/cases/:id/transfer). */
export const caseTransferSchema = z.strictObject({
	toStaffId: z.string().min(1).max(64),
	note: z.string().trim().min(1, '请填写转交说明').max(500)
});

const notYours: ApiError = { code: 'forbidden', message: '只能处理本人登记或转交给本人的事项' };

/** `%`, `_` and the escape character itself, taken literally by `LIKE … ESCAPE '\'`. */
export function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const isDirector = (staff: AuthedStaff) => staff.role === 'director' || staff.role === 'admin';

interface CaseRow {
	id: string;
	reference: string;
	source: CaseSource;
	ticket_id: string | null;
	service_id: string | null;
	window_id: string | null;
	staff_id: string;
	assigned_to: string | null;
	person_name: string | null;
	person_phone: string | null;
	content: string;
	resolution: Resolution;
	accepted_date: string;
	time_limit_days: number;
	due_date: string;
	beyond_known_schedule: number;
	status: 'open' | 'done';
	result: string | null;
	result_at: number | null;
	notified_via: NotifyVia | null;
	notified_at: number | null;
	notice_slip_printed_at: number | null;
	missing_materials: string;
	created_at: number;
}

export interface CaseQuery {
	status?: 'open' | 'due_soon' | 'overdue' | 'done' | 'all';
	/** Ticket number, reference, or the person's name. */
	q?: string;
	/** Accepted on this local date. */
	date?: string;
	limit?: number;
}

export class Cases {
	readonly #db: Database;
	readonly #hall: Hall;
	readonly #clock: Clock;

	readonly #ratedListeners = new Set<(fact: RatingRecorded) => void>();

	constructor(store: Store, hall: Hall, clock: Clock) {
		this.#db = store.db;
		this.#hall = hall;
		this.#clock = clock;
	}

	get #calendar() {
		return this.#hall.config.calendar;
	}

	#today(): string {
		return localDate(this.#clock.now(), this.#calendar.timeZone);
	}

	#reference(): string {
		const stem = `DJ-${this.#today().replaceAll('-', '')}-`;
		// A range on the unique index (LIKE would read every case ever registered).
		const row = this.#db.prepare(`SELECT COUNT(*) AS n FROM cases WHERE reference >= ? AND reference < ?`).get(stem, `${stem}~`) as { n: number };
		return `${stem}${String(row.n + 1).padStart(3, '0')}`;
	}

	#log(caseId: string, type: string, staffId: string | null, data: unknown): void {
		this.#db
			.prepare(`INSERT INTO case_events (case_id, type, at, staff_id, data) VALUES (?, ?, ?, ?, ?)`)
			.run(caseId, type, this.#clock.now(), staffId, JSON.stringify(data));
	}

	/** Working days from today to `date`: 0 when due today, negative when overdue. */
	#workingDaysLeft(date: string): number {
		const today = this.#today();
		if (date === today) return 0;
		const step = date > today ? 1 : -1;
		let count = 0;
		for (let d = today; d !== date; ) {
			d = addDays(d, step);
			if (isWorkingDay(this.#calendar, d)) count += step;
		}
		return count;
	}

	#urgency(row: CaseRow): CaseUrgency {
		if (row.status === 'done') return 'closed';
		const today = this.#today();
		if (row.due_date < today) return 'overdue';
		return this.#workingDaysLeft(row.due_date) <= DUE_SOON_DAYS ? 'due_soon' : 'on_time';
	}

	/** The staff member answers for this case: they registered it or it was handed on to them; or they direct the hall. */
	#isResponsible(row: CaseRow, staff: AuthedStaff): boolean {
		return isDirector(staff) || row.staff_id === staff.id || row.assigned_to === staff.id;
	}

	/**
	 * An open case's personal data is for whoever answers for it (its owner, the staff member
	 * it was handed to, the director); a closed case is an archive (档案): its personal data
	 * needs an approved access request. Every unmasked read is logged.
	 */
	#toRecord(row: CaseRow, reader: AuthedStaff | null): CaseRecord {
		return this.#toRecords([row], reader)[0];
	}

	/** Cases as one read: however many show personal data, the read is one line of the access log. */
	#toRecords(rows: CaseRow[], reader: AuthedStaff | null): CaseRecord[] {
		const revealed: { id: string; grant: string | null }[] = [];
		const records = rows.map((row) => this.#view(row, reader, revealed));
		if (reader && revealed.length > 0) {
			const grants = [...new Set(revealed.map((r) => r.grant).filter((g) => g !== null))];
			logAccess(this.#db, {
				at: this.#clock.now(),
				staffId: reader.id,
				recordType: 'case',
				recordId: revealed[0].id,
				recordIds: revealed.map((r) => r.id),
				fields: ['personName', 'personPhone'],
				// The approval the read rests on; a list mixing several approvals names the first.
				requestId: grants[0] ?? null
			});
		}
		return records;
	}

	#view(row: CaseRow, reader: AuthedStaff | null, revealed: { id: string; grant: string | null }[]): CaseRecord {
		const grant = reader && row.status === 'done' ? this.#approvedRequest(row.id, reader.id) : null;
		const mask = !reader || (row.status === 'done' ? !grant : !this.#isResponsible(row, reader));
		if (!mask && reader && (row.person_name !== null || row.person_phone !== null)) revealed.push({ id: row.id, grant });
		const ticket = row.ticket_id ? this.#hall.ticketById(row.ticket_id) : null;
		const service = row.service_id ? this.#hall.config.services.find((s) => s.id === row.service_id) : null;
		return {
			id: row.id,
			reference: row.reference,
			source: row.source,
			ticketId: row.ticket_id,
			ticketNumber: ticket?.number ?? null,
			serviceId: row.service_id,
			serviceName: service?.name ?? null,
			windowId: row.window_id,
			staffId: row.staff_id,
			staffName: this.#hall.staffBadge(row.staff_id)?.name ?? null,
			assignedTo: row.assigned_to,
			personName: row.person_name === null ? null : mask ? maskName(row.person_name) : row.person_name,
			personPhone: row.person_phone === null ? null : mask ? maskPhone(row.person_phone) : row.person_phone,
			personDataMasked: mask,
			content: row.content,
			resolution: row.resolution,
			acceptedDate: row.accepted_date,
			timeLimitDays: row.time_limit_days,
			dueDate: row.due_date,
			beyondKnownSchedule: row.beyond_known_schedule === 1,
			status: row.status,
			urgency: this.#urgency(row),
			result: row.result,
			resultAt: row.result_at,
			notifiedVia: row.notified_via,
			notifiedAt: row.notified_at,
			noticeSlipPrintedAt: row.notice_slip_printed_at,
			missingMaterials: JSON.parse(row.missing_materials),
			createdAt: row.created_at
		};
	}

	#row(id: string): CaseRow | null {
		return (this.#db.prepare(`SELECT * FROM cases WHERE id = ?`).get(id) as CaseRow | undefined) ?? null;
	}

	open(input: CaseInput, staff: AuthedStaff, windowId: string | null): Result<CaseRecord> {
		let serviceId = input.serviceId ?? null;
		let source: CaseSource = 'phone';
		if (input.ticketId) {
			const ticket = this.#hall.ticketById(input.ticketId);
			if (!ticket) return { ok: false, error: { code: 'unknown_ticket', message: '没有这个号码' } };
			if (ticket.status === 'waiting' || ticket.status === 'transferred') {
				return { ok: false, error: { code: 'invalid_state', message: '号码尚未办理，不能登记' } };
			}
			serviceId ??= ticket.serviceId;
			source = 'ticket';
		}
		const service = serviceId ? this.#hall.config.services.find((s) => s.id === serviceId) : null;
		if (serviceId && !service) return { ok: false, error: { code: 'unknown_service', message: '没有这项业务' } };
		const timeLimitDays = input.timeLimitDays ?? service?.timeLimitDays ?? 0;
		const acceptedDate = this.#today();
		const deadline = addWorkingDays(this.#calendar, acceptedDate, timeLimitDays);
		const now = this.#clock.now();
		const id = randomUUID();
		this.#db.transaction(() => {
			this.#db
				.prepare(
					`INSERT INTO cases (id, reference, source, ticket_id, service_id, window_id, staff_id, person_name, person_phone, content,
						resolution, accepted_date, time_limit_days, due_date, beyond_known_schedule, status, result, result_at,
						missing_materials, created_at, updated_at)
					 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
				)
				.run(
					id,
					this.#reference(),
					source,
					input.ticketId ?? null,
					serviceId,
					windowId,
					staff.id,
					input.personName.trim(),
					input.personPhone.trim(),
					input.content.trim(),
					input.resolution,
					acceptedDate,
					timeLimitDays,
					deadline.date,
					deadline.beyondKnownSchedule ? 1 : 0,
					// Settled at the counter, or refused: nothing is left to do but to record it.
					input.resolution === 'on_the_spot' || input.resolution === 'refused' ? 'done' : 'open',
					input.resolution === 'on_the_spot' || input.resolution === 'refused' ? input.content.trim() : null,
					input.resolution === 'on_the_spot' || input.resolution === 'refused' ? now : null,
					JSON.stringify(input.missingMaterials ?? []),
					now,
					now
				);
			this.#log(id, 'case:opened', staff.id, { ...input, personName: maskName(input.personName), personPhone: maskPhone(input.personPhone) });
		})();
		return { ok: true, value: this.#toRecord(this.#row(id)!, staff) };
	}

	get(id: string, reader: AuthedStaff): Result<CaseRecord> {
		const row = this.#row(id);
		if (!row) return { ok: false, error: { code: 'not_found', message: '没有这条登记' } };
		const myAccessRequest = row.status === 'done' ? this.#latestRequest(id, reader.id) : null;
		return { ok: true, value: { ...this.#toRecord(row, reader), dueDateChanges: caseDeadlineChanges(this.#db, id), myAccessRequest } };
	}

	list(query: CaseQuery, reader: AuthedStaff): CaseRecord[] {
		const where: string[] = [];
		const params: unknown[] = [];
		const today = this.#today();
		if (query.status === 'open' || query.status === 'due_soon') where.push(`status = 'open'`);
		if (query.status === 'overdue') {
			where.push(`status = 'open' AND due_date < ?`);
			params.push(today);
		}
		if (query.status === 'done') where.push(`status = 'done'`);
		if (query.date) {
			where.push('accepted_date = ?');
			params.push(query.date);
		}
		if (query.q) {
			// Through the cases (a few a day) to their tickets by key, never a scan of every ticket ever issued.
			const ticketIds = this.#db
				.prepare(`SELECT t.id FROM cases c CROSS JOIN tickets t ON t.id = c.ticket_id WHERE t.number = ?`)
				.all(query.q.toUpperCase()) as { id: string }[];
			const ids = ticketIds.map((t) => t.id);
			// A name matches only where the reader may see the name: otherwise a search for 张三明
			// would confirm what the mask 张*明 hides. Closed cases need an approved request.
			const granted = `id IN (SELECT case_id FROM access_requests WHERE requested_by = ? AND status = 'approved' AND expires_at > ?)`;
			const openVisible = isDirector(reader) ? `status = 'open'` : `(status = 'open' AND (staff_id = ? OR assigned_to = ?))`;
			where.push(
				`(reference = ? ${ids.length ? `OR ticket_id IN (${ids.map(() => '?').join(',')})` : ''} OR (person_name LIKE ? ESCAPE '\\' AND (${openVisible} OR ${granted})))`
			);
			params.push(query.q, ...ids, `%${escapeLike(query.q)}%`);
			if (!isDirector(reader)) params.push(reader.id, reader.id);
			params.push(reader.id, this.#clock.now());
		}
		const sql = `SELECT * FROM cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY status = 'done', due_date, created_at LIMIT ?`;
		const rows = this.#db.prepare(sql).all(...params, Math.min(query.limit ?? 200, 500)) as CaseRow[];
		const records = this.#toRecords(rows, reader);
		return query.status === 'due_soon' ? records.filter((r) => r.urgency === 'due_soon' || r.urgency === 'overdue') : records;
	}

	recordResult(id: string, result: string, staff: AuthedStaff): Result<CaseRecord> {
		const row = this.#row(id);
		if (!row) return { ok: false, error: { code: 'not_found', message: '没有这条登记' } };
		if (!this.#isResponsible(row, staff)) return { ok: false, error: notYours };
		if (row.status === 'done') return { ok: false, error: { code: 'invalid_state', message: '该事项已办结' } };
		const now = this.#clock.now();
		this.#db.transaction(() => {
			this.#db.prepare(`UPDATE cases SET status = 'done', result = ?, result_at = ?, updated_at = ? WHERE id = ?`).run(result.trim(), now, now, id);
			this.#log(id, 'case:result', staff.id, { result: result.trim() });
		})();
		return { ok: true, value: this.#toRecord(this.#row(id)!, staff) };
	}

	recordNotification(id: string, via: NotifyVia, at: number | undefined, staff: AuthedStaff): Result<CaseRecord> {
		const row = this.#row(id);
		if (!row) return { ok: false, error: { code: 'not_found', message: '没有这条登记' } };
		if (!this.#isResponsible(row, staff)) return { ok: false, error: notYours };
		const now = this.#clock.now();
		const when = at ?? now;
		if (when > now + 60_000) return { ok: false, error: { code: 'bad_request', message: '告知时间不能晚于现在' } };
		this.#db.transaction(() => {
			this.#db.prepare(`UPDATE cases SET notified_via = ?, notified_at = ?, updated_at = ? WHERE id = ?`).run(via, when, now, id);
			this.#log(id, 'case:notified', staff.id, { via, at: when });
		})();
		return { ok: true, value: this.#toRecord(this.#row(id)!, staff) };
	}

	/** Records that the 一次性告知单 was printed for this case (the missing materials it listed). */
	recordNoticeSlip(id: string, missingMaterials: string[], staff: AuthedStaff): Result<CaseRecord> {
		const row = this.#row(id);
		if (!row) return { ok: false, error: { code: 'not_found', message: '没有这条登记' } };
		if (!this.#isResponsible(row, staff)) return { ok: false, error: notYours };
		const now = this.#clock.now();
		this.#db.transaction(() => {
			this.#db
				.prepare(`UPDATE cases SET notice_slip_printed_at = ?, missing_materials = ?, updated_at = ? WHERE id = ?`)
				.run(now, JSON.stringify(missingMaterials), now, id);
			this.#log(id, 'case:notice-slip', staff.id, { missingMaterials });
		})();
		return { ok: true, value: this.#toRecord(this.#row(id)!, staff) };
	}

	/**
	 * 转交: hands an open case on to another staff member, who then sees its personal data and
	 * records its result. Its owner keeps it; a previous holder does not.
	 */
	transfer(id: string, input: z.infer<typeof caseTransferSchema>, staff: AuthedStaff): Result<CaseRecord> {
		const row = this.#row(id);
		if (!row) return { ok: false, error: { code: 'not_found', message: '没有这条登记' } };
		if (!this.#isResponsible(row, staff)) return { ok: false, error: notYours };
		if (row.status === 'done') return { ok: false, error: { code: 'invalid_state', message: '该事项已办结，不能转交' } };
		const target = this.#hall.staffBadge(input.toStaffId);
		const active = this.#db.prepare(`SELECT 1 FROM staff WHERE id = ? AND disabled = 0`).get(input.toStaffId);
		if (!target || !active) return { ok: false, error: { code: 'not_found', message: '没有这名工作人员' } };
		if (input.toStaffId === (row.assigned_to ?? row.staff_id)) return { ok: false, error: { code: 'same_target', message: '该事项已由这名工作人员负责' } };
		const now = this.#clock.now();
		this.#db.transaction(() => {
			this.#db.prepare(`UPDATE cases SET assigned_to = ?, updated_at = ? WHERE id = ?`).run(input.toStaffId, now, id);
			this.#log(id, 'case:transferred', staff.id, { from: row.assigned_to ?? row.staff_id, to: input.toStaffId, note: input.note });
		})();
		return { ok: true, value: this.#toRecord(this.#row(id)!, staff) };
	}

	// 档案查阅: access to the personal data of closed cases --------------------------------

	#approvedRequest(caseId: string, staffId: string): string | null {
		const row = this.#db
			.prepare(
				`SELECT id FROM access_requests WHERE case_id = ? AND requested_by = ? AND status = 'approved' AND expires_at > ? ORDER BY decided_at DESC LIMIT 1`
			)
			.get(caseId, staffId, this.#clock.now()) as { id: string } | undefined;
		return row?.id ?? null;
	}

	/** The reader's newest 查阅 request for a case: the case register shows whether it waits, was approved or refused. */
	#latestRequest(caseId: string, staffId: string): NonNullable<CaseRecord['myAccessRequest']> | null {
		const row = this.#db
			.prepare(`SELECT id, status, requested_at, expires_at FROM access_requests WHERE case_id = ? AND requested_by = ? ORDER BY requested_at DESC LIMIT 1`)
			.get(caseId, staffId) as { id: string; status: 'pending' | 'approved' | 'rejected'; requested_at: number; expires_at: number | null } | undefined;
		return row ? { id: row.id, status: row.status, requestedAt: row.requested_at, expiresAt: row.expires_at } : null;
	}

	requestAccess(caseId: string, reason: string, staff: AuthedStaff): Result<{ id: string; status: string }> {
		const row = this.#row(caseId);
		if (!row) return { ok: false, error: { code: 'not_found', message: '没有这条登记' } };
		if (row.status !== 'done') return { ok: false, error: { code: 'invalid_state', message: '该事项尚未办结，无需申请查阅' } };
		// A second tap (or a reload and another tap) while the director has not decided: the same request, not a second one.
		const waiting = this.#latestRequest(caseId, staff.id);
		if (waiting?.status === 'pending') return { ok: true, value: { id: waiting.id, status: 'pending' } };
		const id = randomUUID();
		this.#db
			.prepare(`INSERT INTO access_requests (id, case_id, requested_by, reason, requested_at, status) VALUES (?, ?, ?, ?, ?, 'pending')`)
			.run(id, caseId, staff.id, reason, this.#clock.now());
		return { ok: true, value: { id, status: 'pending' } };
	}

	accessRequests() {
		const rows = this.#db.prepare(`SELECT r.*, c.reference FROM access_requests r JOIN cases c ON c.id = r.case_id ORDER BY r.status = 'pending' DESC, r.requested_at DESC`).all() as {
			id: string;
			case_id: string;
			reference: string;
			requested_by: string;
			reason: string;
			requested_at: number;
			status: string;
			decided_by: string | null;
			decided_at: number | null;
			expires_at: number | null;
		}[];
		return rows.map((r) => ({
			id: r.id,
			caseId: r.case_id,
			caseReference: r.reference,
			requestedBy: r.requested_by,
			requestedByName: this.#hall.staffBadge(r.requested_by)?.name ?? null,
			reason: r.reason,
			requestedAt: r.requested_at,
			status: r.status,
			decidedBy: r.decided_by,
			decidedAt: r.decided_at,
			expiresAt: r.expires_at
		}));
	}

	decideAccess(id: string, approve: boolean, hours: number, director: AuthedStaff): Result<{ id: string; status: string; expiresAt: number | null }> {
		const row = this.#db.prepare(`SELECT status FROM access_requests WHERE id = ?`).get(id) as { status: string } | undefined;
		if (!row) return { ok: false, error: { code: 'not_found', message: '没有这条查阅申请' } };
		if (row.status !== 'pending') return { ok: false, error: { code: 'invalid_state', message: '该申请已处理' } };
		const now = this.#clock.now();
		const status = approve ? 'approved' : 'rejected';
		const expiresAt = approve ? now + hours * 3600_000 : null;
		this.#db.transaction(() => {
			this.#db
				.prepare(`UPDATE access_requests SET status = ?, decided_by = ?, decided_at = ?, expires_at = ? WHERE id = ?`)
				.run(status, director.id, now, expiresAt, id);
			logAudit(this.#db, now, director.id, `access:${status}`, id, { hours });
		})();
		return { ok: true, value: { id, status, expiresAt } };
	}

	/** The access log in words (names, references, labels): what the director reads and exports. */
	accessLog() {
		return describeAccessLog(this.#db, logNames(this.#hall), readAccessLog(this.#db));
	}

	// 好差评 -------------------------------------------------------------------------

	/** The last visit finished at this window, unrated, with whether its time to be rated is over. */
	#lastVisit(windowId: string): { event: Extract<DomainEvent, { type: 'ticket:finished' }>; seq: number; expired: boolean } | null {
		const last = this.#db
			.prepare(`SELECT seq, type, at, ticket_id, window_id, data FROM events WHERE type = 'ticket:finished' AND window_id = ? ORDER BY seq DESC LIMIT 1`)
			.get(windowId) as (EventRow & { seq: number }) | undefined;
		if (!last) return null;
		const event = decodeEvent(last) as Extract<DomainEvent, { type: 'ticket:finished' }>;
		const rated = this.#db.prepare(`SELECT 1 FROM evaluations WHERE ticket_id = ?`).get(event.ticketId);
		if (rated) return null;
		return { event, seq: last.seq, expired: this.#clock.now() - event.at > RATING_WINDOW_MS };
	}

	/**
	 * The visit just finished at this window that the tablet should ask about: not rated, not
	 * expired, no one called to the window since — the person in front of the tablet now is the
	 * next resident — and nobody signed in there since: a new shift's badge is not rated for the
	 * last one's visit. (A rating already begun on the tablet is still taken: `evaluate`.)
	 */
	pendingRating(windowId: string): PendingRating | null {
		const last = this.#lastVisit(windowId);
		if (!last || last.expired) return null;
		const calledSince = this.#db
			.prepare(`SELECT 1 FROM events WHERE type IN ('ticket:called', 'ticket:recalled', 'window:signed-in') AND seq > ? AND window_id = ? LIMIT 1`)
			.get(last.seq, windowId);
		if (calledSince) return null;
		return this.#pending(windowId, last.event);
	}

	#pending(windowId: string, event: Extract<DomainEvent, { type: 'ticket:finished' }>): PendingRating | null {
		const ticket = this.#hall.ticketById(event.ticketId);
		if (!ticket) return null;
		return {
			windowId,
			ticketId: ticket.id,
			number: ticket.number,
			serviceName: this.#hall.config.services.find((s) => s.id === ticket.serviceId)?.name ?? ticket.serviceId,
			staff: this.#hall.staffBadge(event.staffId),
			finishedAt: event.at
		};
	}

	/**
	 * Rates the last visit at the window. The tablet asks a 差评 why; the grade counts even when
	 * no reason comes (the resident walked away from the question, or the evaluator pad, which
	 * cannot ask): the follow-up case says so. A phone left for the 回访 is written into the
	 * follow-up case only, and its reads are access-logged like every case's personal data.
	 */
	evaluate(windowId: string, grade: Grade, source: 'screen' | 'pad', details: BadRatingDetails = {}): Result<EvaluationReceipt> {
		if (!this.#hall.hasWindow(windowId)) return { ok: false, error: { code: 'unknown_window', message: '没有这个窗口' } };
		const last = this.#lastVisit(windowId);
		if (!last) return { ok: false, error: { code: 'nothing_to_rate', message: '当前没有待评价的办理' } };
		if (last.expired) return { ok: false, error: { code: 'rating_expired', message: '本次办理已结束较久，评价已关闭' } };
		const pending = this.#pending(windowId, last.event);
		if (!pending) return { ok: false, error: { code: 'nothing_to_rate', message: '当前没有待评价的办理' } };
		const bad = grade <= 2;
		const reason = bad ? (details.reason?.trim() ?? '') : '';
		const phone = bad && details.phone ? details.phone.trim() : null;
		const ticket = this.#hall.ticketById(pending.ticketId)!;
		const now = this.#clock.now();
		let followUp: string | null = null;
		this.#db.transaction(() => {
			if (bad) {
				const id = randomUUID();
				const deadline = addWorkingDays(this.#calendar, this.#today(), FOLLOW_UP_DAYS);
				followUp = this.#reference();
				const gradeName = grade === 1 ? '非常不满意' : '不满意';
				const said = reason ? `原因：${reason}。` : '群众未说明原因。';
				const callBack = phone ? '群众留有回访电话，' : '群众未留回访电话，';
				this.#db
					.prepare(
						`INSERT INTO cases (id, reference, source, ticket_id, service_id, window_id, staff_id, person_name, person_phone, content,
							resolution, accepted_date, time_limit_days, due_date, beyond_known_schedule, status, missing_materials, created_at, updated_at)
						 VALUES (?, ?, 'evaluation', ?, ?, ?, ?, NULL, ?, ?, 'agency', ?, ?, ?, ?, 'open', '[]', ?, ?)`
					)
					.run(
						id,
						followUp,
						ticket.id,
						ticket.serviceId,
						windowId,
						ticket.staffId ?? 'system',
						phone,
						`群众对 ${ticket.number}（${pending.serviceName}）的办理评价为「${gradeName}」。${said}${callBack}请核实原因、整改，并在时限内回访。`,
						this.#today(),
						FOLLOW_UP_DAYS,
						deadline.date,
						deadline.beyondKnownSchedule ? 1 : 0,
						now,
						now
					);
				// The log keeps that a phone was left, never the number itself.
				this.#log(id, 'case:opened', null, { source: 'evaluation', grade, ticketId: ticket.id, reason: reason || null, phone: phone ? maskPhone(phone) : null });
			}
			this.#db
				.prepare(
					`INSERT INTO evaluations (id, ticket_id, window_id, staff_id, service_id, grade, source, follow_up_case_id, created_at, reason)
					 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
				)
				.run(randomUUID(), ticket.id, windowId, ticket.staffId, ticket.serviceId, grade, source, followUp, now, reason || null);
		})();
		const fact: RatingRecorded = { windowId, ticketId: ticket.id, number: ticket.number, grade, source, at: now };
		for (const listener of this.#ratedListeners) listener(fact);
		return { ok: true, value: { ticketId: ticket.id, grade, followUpCaseReference: followUp } };
	}

	/** A visit was rated (tablet or pad), after the rating is durable: the broadcaster tells the window's screens. */
	onRated(listener: (fact: RatingRecorded) => void): () => void {
		this.#ratedListeners.add(listener);
		return () => this.#ratedListeners.delete(listener);
	}
}
