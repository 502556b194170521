// Public notices (公示) with objections, and complaints and suggestions (投诉建议): the
// records residents leave at the kiosk. Each gets a reference number to quote later.

import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type {
	AssignedComplaint,
	AuditEntry,
	ComplaintContact,
	ComplaintInput,
	ComplaintReceipt,
	NoticePublic,
	ObjectionInput,
	ObjectionReceipt,
	ReferenceLookup
} from '../src/lib/protocol.ts';
import type { AuthedStaff, Clock } from './auth.ts';
import { actorText, auditActionLabel, auditTargetText, logAccess, logAudit, logNames } from './access-log.ts';
import type { AuditAction } from '../src/lib/console/log-labels.ts';
import type { Hall } from './hall.ts';
import { addDays, addWorkingDays, localDate, type CalendarConfig } from './core/calendar.ts';
import type { Result } from './hall.ts';
import { maskName, maskPhone } from '../src/lib/mask.ts';
import { markdownToText } from '../src/lib/markdown/parse.ts';
import type { Store } from './store/store.ts';
import { latestDeadlineChanges } from './calendar/deadlines.ts';

/** Complaints are answered within 15 working days. */
export const COMPLAINT_DAYS = 15;
/** An objection to a notice is answered on the same working-day rule as a complaint. */
export const OBJECTION_DAYS = COMPLAINT_DAYS;

/** Where a resident filed it from: the kiosk station (its printer prints the receipt) and the address the hall was reached at (the receipt's QR). */
export interface FiledAt {
	origin?: string;
}

/**
 * Committed facts of the records, for the effects that follow them (server/effects/): a
 * receipt prints because a complaint was filed, boards hear of a notice because it was published.
 * Facts carry no contact beyond a masked name.
 */
export type RecordFact =
	| {
			type: 'complaint:filed';
			reference: string;
			category: ComplaintInput['category'];
			dueDate: string;
			beyondKnownSchedule: boolean;
			createdAt: number;
			maskedName: string | null;
			station: string | null;
			origin: string | null;
	  }
	| {
			type: 'objection:raised';
			reference: string;
			noticeTitle: string;
			dueDate: string;
			beyondKnownSchedule: boolean;
			createdAt: number;
			maskedName: string | null;
			station: string | null;
			origin: string | null;
	  }
	| { type: 'notice:changed'; noticeId: string; status: string };

export type RecordListener = (fact: RecordFact) => void;

/** TS-20261126-003, ts 20261126 003, ts－20261126－3: the forms a resident may type, as the stored one. */
export function normalizeReference(raw: string): string | null {
	const compact = raw.normalize('NFKC').toUpperCase().replace(/[\s_—–‐-]+/g, '-').replace(/^-|-$/g, '');
	const match = /^(TS|YY)-?(\d{8})-?(\d{1,6})$/.exec(compact);
	if (!match) return null;
	return `${match[1]}-${match[2]}-${match[3].padStart(3, '0')}`;
}

interface NoticeRow {
	id: string;
	title: string;
	body: string;
	category: string;
	publish_from: string;
	publish_to: string;
	status: string;
}

function toPublic(row: NoticeRow): NoticePublic {
	return {
		id: row.id,
		title: row.title,
		body: row.body,
		// Made here so the board need not carry the markdown parser in its bundle.
		summary: [...(markdownToText(row.body).split(/\n\s*\n/)[0] ?? '').replace(/\s+/g, ' ').trim()].slice(0, 200).join(''),
		category: row.category,
		publishFrom: row.publish_from,
		publishTo: row.publish_to
	};
}

interface ComplaintRow {
	id: string;
	reference: string;
	category: string;
	content: string;
	contact_name: string | null;
	contact_phone: string | null;
	created_at: number;
	due_date: string;
	status: string;
	assigned_to: string | null;
	answer: string | null;
}

export class Records {
	readonly #db: Database;
	readonly #clock: Clock;
	readonly #calendarOf: () => CalendarConfig;
	readonly #publicNotices: Statement;
	readonly #noticeById: Statement;
	readonly #listeners = new Set<RecordListener>();

	/** `calendar` is read on each use: the director may edit holidays while the hall runs. */
	constructor(store: Store, clock: Clock, calendar: () => CalendarConfig) {
		this.#db = store.db;
		this.#clock = clock;
		this.#calendarOf = calendar;
		this.#publicNotices = this.#db.prepare(
			`SELECT * FROM notices WHERE status = 'published' AND publish_from <= ? AND publish_to >= ? ORDER BY publish_from DESC, created_at DESC`
		);
		this.#noticeById = this.#db.prepare(`SELECT * FROM notices WHERE id = ?`);
	}

	/** Hears each fact after it is committed; returns the function that stops listening. */
	onCommitted(listener: RecordListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** The district's notices were stored here (server/upstream): the hall's screens hear of each change. */
	districtNoticesChanged(changes: readonly { id: string; status: string }[]): void {
		for (const change of changes) this.#emit({ type: 'notice:changed', noticeId: change.id, status: change.status });
	}

	#emit(fact: RecordFact): void {
		for (const listener of this.#listeners) {
			try {
				listener(fact);
			} catch {
				// An effect that fails (a printer) must not undo or fail what the resident filed; the effect logs its own errors.
			}
		}
	}

	get #calendar(): CalendarConfig {
		return this.#calendarOf();
	}

	#today(): string {
		return localDate(this.#clock.now(), this.#calendar.timeZone);
	}

	/** Notices in their publicity period today. */
	publicNotices(): NoticePublic[] {
		const today = this.#today();
		return (this.#publicNotices.all(today, today) as NoticeRow[]).map(toPublic);
	}

	publicNotice(id: string): NoticePublic | null {
		const row = this.#noticeById.get(id) as NoticeRow | undefined;
		const today = this.#today();
		if (!row || row.status !== 'published' || row.publish_from > today || row.publish_to < today) return null;
		return toPublic(row);
	}

	/** A per-day sequence, e.g. YY-20261126-003. */
	#reference(prefix: string, table: 'objections' | 'complaints'): string {
		const day = this.#today().replaceAll('-', '');
		const stem = `${prefix}-${day}-`;
		const row = this.#db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE reference LIKE ?`).get(`${stem}%`) as { n: number };
		return `${stem}${String(row.n + 1).padStart(3, '0')}`;
	}

	raiseObjection(noticeId: string, input: ObjectionInput, at: FiledAt = {}): Result<ObjectionReceipt> {
		const notice = this.publicNotice(noticeId);
		if (!notice) return { ok: false, error: { code: 'not_found', message: '该公示不存在或已过公示期' } };
		const createdAt = this.#clock.now();
		const deadline = addWorkingDays(this.#calendar, this.#today(), OBJECTION_DAYS);
		const receipt = this.#db.transaction((): ObjectionReceipt => {
			const reference = this.#reference('YY', 'objections');
			this.#db
				.prepare(
					`INSERT INTO objections (id, reference, notice_id, name, phone, content, station, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
				)
				.run(randomUUID(), reference, noticeId, input.name.trim(), input.phone.trim(), input.content.trim(), input.station ?? null, createdAt);
			return { reference, noticeId, createdAt, dueDate: deadline.date, beyondKnownSchedule: deadline.beyondKnownSchedule };
		})();
		this.#emit({
			type: 'objection:raised',
			reference: receipt.reference,
			noticeTitle: notice.title,
			dueDate: deadline.date,
			beyondKnownSchedule: deadline.beyondKnownSchedule,
			createdAt,
			maskedName: maskName(input.name) || null,
			station: input.station ?? null,
			origin: at.origin ?? null
		});
		return { ok: true, value: receipt };
	}

	fileComplaint(input: ComplaintInput, source: 'kiosk' | 'phone', loggedBy: string | null, at: FiledAt = {}): Result<ComplaintReceipt> {
		const createdAt = this.#clock.now();
		const acceptedDate = this.#today();
		const deadline = addWorkingDays(this.#calendar, acceptedDate, COMPLAINT_DAYS);
		const receipt = this.#db.transaction((): ComplaintReceipt => {
			const reference = this.#reference('TS', 'complaints');
			// The start day and the working days are kept so the due date can follow a calendar change.
			this.#db
				.prepare(
					`INSERT INTO complaints (id, reference, category, content, contact_name, contact_phone, source, station, logged_by, created_at, due_date, status,
						accepted_date, time_limit_days, beyond_known_schedule)
					 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`
				)
				.run(
					randomUUID(),
					reference,
					input.category,
					input.content.trim(),
					input.contactName?.trim() || null,
					input.contactPhone?.trim() || null,
					source,
					input.station ?? null,
					loggedBy,
					createdAt,
					deadline.date,
					acceptedDate,
					COMPLAINT_DAYS,
					deadline.beyondKnownSchedule ? 1 : 0
				);
			return { reference, dueDate: deadline.date, beyondKnownSchedule: deadline.beyondKnownSchedule, createdAt };
		})();
		this.#emit({
			type: 'complaint:filed',
			reference: receipt.reference,
			category: input.category,
			dueDate: receipt.dueDate,
			beyondKnownSchedule: deadline.beyondKnownSchedule,
			createdAt,
			maskedName: input.contactName?.trim() ? maskName(input.contactName) : null,
			station: input.station ?? null,
			origin: at.origin ?? null
		});
		return { ok: true, value: receipt };
	}

	/**
	 * A complaint or an objection by its reference, for the resident who holds the receipt:
	 * what it is, where it stands, the answer; never the name or phone of whoever filed it.
	 */
	lookupReference(reference: string): Omit<ReferenceLookup, 'hallName'> | null {
		if (reference.startsWith('TS-')) {
			const row = this.#db
				.prepare(`SELECT reference, category, status, created_at, due_date, beyond_known_schedule, answer, answered_at FROM complaints WHERE reference = ?`)
				.get(reference) as
				| { reference: string; category: ComplaintInput['category']; status: string; created_at: number; due_date: string; beyond_known_schedule: number; answer: string | null; answered_at: number | null }
				| undefined;
			if (!row) return null;
			return {
				reference: row.reference,
				kind: 'complaint',
				category: row.category,
				noticeTitle: null,
				status: row.status === 'closed' ? 'closed' : row.status === 'answered' || row.answer ? 'answered' : 'open',
				filedDate: localDate(row.created_at, this.#calendar.timeZone),
				dueDate: row.due_date,
				beyondKnownSchedule: row.beyond_known_schedule === 1,
				answer: row.answer,
				answeredAt: row.answered_at
			};
		}
		const row = this.#db
			.prepare(
				`SELECT o.reference, o.created_at, o.answer, o.answered_at, n.title, n.status AS notice_status FROM objections o JOIN notices n ON n.id = o.notice_id WHERE o.reference = ?`
			)
			.get(reference) as
			| { reference: string; created_at: number; answer: string | null; answered_at: number | null; title: string; notice_status: string }
			| undefined;
		if (!row) return null;
		const filedDate = localDate(row.created_at, this.#calendar.timeZone);
		// Not stored: counted from the day it was raised by today's calendar, as the receipt counted it.
		const deadline = addWorkingDays(this.#calendar, filedDate, OBJECTION_DAYS);
		return {
			reference: row.reference,
			kind: 'objection',
			category: null,
			noticeTitle: row.title,
			// Answered, and the notice has since ended: nothing more will happen to it.
			status: row.answer ? (row.notice_status === 'passed' || row.notice_status === 'withdrawn' ? 'closed' : 'answered') : 'open',
			filedDate,
			dueDate: deadline.date,
			beyondKnownSchedule: deadline.beyondKnownSchedule,
			answer: row.answer,
			answeredAt: row.answered_at
		};
	}

	// The director's side ------------------------------------------------------------

	/** Runs an administrative change and writes who did what into the audit log, together. */
	audited<T>(staff: AuthedStaff, action: AuditAction, target: string | null, change: () => Result<T>): Result<T> {
		return this.#db.transaction(() => {
			const result = change();
			if (result.ok) logAudit(this.#db, this.#clock.now(), staff.id, action, target, result.value);
			return result;
		})();
	}

	/**
	 * Configuration changes (from the event log) and administrative actions, newest first, in
	 * words: the action's label, the actor's name and 工号, the target as people name it.
	 */
	auditTrail(hall: Hall): AuditEntry[] {
		const config = this.#db
			.prepare(`SELECT at, actor FROM events WHERE type = 'config:changed' ORDER BY seq DESC LIMIT 500`)
			.all() as { at: number; actor: string }[];
		const admin = this.#db.prepare(`SELECT at, staff_id, action, target FROM audit_log ORDER BY seq DESC LIMIT 500`).all() as {
			at: number;
			staff_id: string;
			action: string;
			target: string | null;
		}[];
		const entries = [
			...config.map((c) => ({ at: c.at, staffId: c.actor.replace(/^staff:/, ''), action: 'config:change', target: null })),
			...admin.map((a) => ({ at: a.at, staffId: a.staff_id, action: a.action, target: a.target }))
		];
		const names = logNames(hall);
		return entries
			.sort((a, b) => b.at - a.at)
			.slice(0, 500)
			.map((e) => ({
				...e,
				staffName: hall.staffBadge(e.staffId)?.name ?? null,
				staffLabel: actorText(this.#db, names, e.staffId),
				actionLabel: auditActionLabel(e.action),
				targetLabel: auditTargetText(this.#db, names, e.action, e.target)
			}));
	}

	allNotices(): (NoticePublic & { status: string; objections: number; unanswered: number })[] {
		const rows = this.#db
			.prepare(
				`SELECT n.*, COUNT(o.id) AS objections, SUM(CASE WHEN o.id IS NOT NULL AND o.answer IS NULL THEN 1 ELSE 0 END) AS unanswered
				 FROM notices n LEFT JOIN objections o ON o.notice_id = n.id GROUP BY n.id ORDER BY n.created_at DESC`
			)
			.all() as (NoticeRow & { objections: number; unanswered: number | null })[];
		return rows.map((r) => ({ ...toPublic(r), status: r.status, objections: r.objections, unanswered: r.unanswered ?? 0 }));
	}

	createNotice(
		input: { title: string; body: string; category: string; publishFrom: string; publishTo: string; publish: boolean },
		staff: AuthedStaff
	): Result<NoticePublic & { status: string }> {
		if (input.publishTo < this.#today()) {
			return { ok: false, error: { code: 'bad_request', message: '公示结束日期已经过去，请重新选择' } };
		}
		const id = randomUUID();
		const now = this.#clock.now();
		const status = input.publish ? 'published' : 'draft';
		const created = this.audited(staff, 'notice:create', id, () => {
			this.#db
				.prepare(
					`INSERT INTO notices (id, title, body, category, publish_from, publish_to, status, created_by, created_at, updated_at)
					 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
				)
				.run(id, input.title, input.body, input.category, input.publishFrom, input.publishTo, status, staff.id, now, now);
			return { ok: true, value: { ...toPublic(this.#noticeById.get(id) as NoticeRow), status } };
		});
		if (created.ok && input.publish) this.#emit({ type: 'notice:changed', noticeId: id, status });
		return created;
	}

	changeNotice(id: string, change: 'publish' | 'withdraw' | 'close', staff: AuthedStaff): Result<{ id: string; status: string }> {
		const row = this.#noticeById.get(id) as NoticeRow | undefined;
		if (!row) return { ok: false, error: { code: 'not_found', message: '没有这条公示' } };
		const next = { publish: 'published', withdraw: 'withdrawn', close: 'passed' }[change];
		if (change === 'close') {
			const open = this.#db.prepare(`SELECT COUNT(*) AS n FROM objections WHERE notice_id = ? AND answer IS NULL`).get(id) as { n: number };
			if (open.n > 0) {
				return { ok: false, error: { code: 'invalid_state', message: `还有 ${open.n} 条异议未答复，公示不能以无异议结束` } };
			}
		}
		if (change === 'publish' && row.publish_to < this.#today()) {
			return { ok: false, error: { code: 'bad_request', message: '公示结束日期已经过去，不能发布' } };
		}
		const changed = this.audited(staff, `notice:${change}`, id, () => {
			this.#db.prepare(`UPDATE notices SET status = ?, updated_at = ? WHERE id = ?`).run(next, this.#clock.now(), id);
			return { ok: true, value: { id, status: next } };
		});
		if (changed.ok) this.#emit({ type: 'notice:changed', noticeId: id, status: next });
		return changed;
	}

	/** The objections to a notice, with the names and phones the director needs to answer: a logged read. */
	objectionsOf(noticeId: string, staff: AuthedStaff) {
		if (!this.#noticeById.get(noticeId)) return { ok: false as const, error: { code: 'not_found' as const, message: '没有这条公示' } };
		const rows = this.#db.prepare(`SELECT * FROM objections WHERE notice_id = ? ORDER BY created_at`).all(noticeId) as {
			id: string;
			reference: string;
			name: string;
			phone: string;
			content: string;
			created_at: number;
			answer: string | null;
			answered_at: number | null;
		}[];
		const now = this.#clock.now();
		// One read, one line, naming every objection it showed.
		if (rows.length > 0) {
			logAccess(this.#db, { at: now, staffId: staff.id, recordType: 'objection', recordId: rows[0].id, recordIds: rows.map((r) => r.id), fields: ['name', 'phone'], requestId: null });
		}
		return {
			ok: true as const,
			value: rows.map((r) => ({
				id: r.id,
				reference: r.reference,
				name: r.name,
				phone: r.phone,
				content: r.content,
				createdAt: r.created_at,
				answer: r.answer,
				answeredAt: r.answered_at
			}))
		};
	}

	answerObjection(id: string, answer: string, staff: AuthedStaff): Result<{ id: string; answer: string; answeredAt: number }> {
		const row = this.#db.prepare(`SELECT id FROM objections WHERE id = ?`).get(id);
		if (!row) return { ok: false, error: { code: 'not_found', message: '没有这条异议' } };
		const now = this.#clock.now();
		return this.audited(staff, 'objection:answer', id, () => {
			this.#db.prepare(`UPDATE objections SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ?`).run(answer, staff.id, now, id);
			return { ok: true, value: { id, answer, answeredAt: now } };
		});
	}

	/** The complaints inbox. Contacts are shown masked: the director calls back from the case, not from a list. */
	complaints() {
		const rows = this.#db.prepare(`SELECT * FROM complaints ORDER BY status = 'closed', due_date, created_at`).all() as {
			id: string;
			reference: string;
			category: string;
			content: string;
			contact_name: string | null;
			contact_phone: string | null;
			source: string;
			created_at: number;
			due_date: string;
			status: string;
			assigned_to: string | null;
			answer: string | null;
			answered_at: number | null;
			beyond_known_schedule: number;
		}[];
		const today = this.#today();
		const changes = latestDeadlineChanges(this.#db);
		return rows.map((r) => ({
			id: r.id,
			reference: r.reference,
			category: r.category,
			content: r.content,
			contactName: r.contact_name ? maskName(r.contact_name) : null,
			contactPhone: r.contact_phone ? maskPhone(r.contact_phone) : null,
			source: r.source,
			createdAt: r.created_at,
			dueDate: r.due_date,
			/** Counted past the published holiday schedule: the date may move when it is published. */
			beyondKnownSchedule: r.beyond_known_schedule === 1,
			/** The last time the due date moved with the calendar: old date, new date, why. */
			dueDateChange: changes.get(r.id) ?? null,
			overdue: r.status !== 'closed' && r.status !== 'answered' && r.due_date < today,
			status: r.status,
			assignedTo: r.assigned_to,
			answer: r.answer,
			answeredAt: r.answered_at
		}));
	}

	updateComplaint(
		id: string,
		patch: { assignedTo?: string; answer?: string; dueDate?: string; status?: 'open' | 'answered' | 'closed' },
		staff: AuthedStaff
	): Result<{ id: string; status: string }> {
		const row = this.#db.prepare(`SELECT status FROM complaints WHERE id = ?`).get(id) as { status: string } | undefined;
		if (!row) return { ok: false, error: { code: 'not_found', message: '没有这条投诉' } };
		if (patch.dueDate && patch.dueDate < this.#today()) {
			return { ok: false, error: { code: 'bad_request', message: '答复期限不能早于今天' } };
		}
		if (patch.status === 'closed' && !patch.answer && !(this.#db.prepare(`SELECT answer FROM complaints WHERE id = ?`).get(id) as { answer: string | null }).answer) {
			return { ok: false, error: { code: 'invalid_state', message: '投诉尚未答复，不能结案' } };
		}
		const now = this.#clock.now();
		const status = patch.status ?? (patch.answer ? 'answered' : row.status);
		// Handing a complaint to someone is its own line in the log: 指派, not 处理.
		const action = Object.keys(patch).every((k) => k === 'assignedTo') ? 'complaint:assign' : 'complaint:update';
		return this.audited(staff, action, id, () => {
			this.#db
				.prepare(
					`UPDATE complaints SET assigned_to = COALESCE(?, assigned_to), answer = COALESCE(?, answer), answered_by = CASE WHEN ? IS NULL THEN answered_by ELSE ? END,
					 answered_at = CASE WHEN ? IS NULL THEN answered_at ELSE ? END, due_date = COALESCE(?, due_date), status = ? WHERE id = ?`
				)
				.run(patch.assignedTo ?? null, patch.answer ?? null, patch.answer ?? null, staff.id, patch.answer ?? null, now, patch.dueDate ?? null, status, id);
			// A date the director chose stays his: later calendar changes do not move it.
			if (patch.dueDate) this.#db.prepare(`UPDATE complaints SET due_set_by_hand = 1, beyond_known_schedule = 0 WHERE id = ?`).run(id);
			return { ok: true, value: { id, status } };
		});
	}

	/** The open complaints handed to this staff member: their 待办 (contacts masked until asked for). */
	complaintsAssignedTo(staff: AuthedStaff): AssignedComplaint[] {
		const rows = this.#db
			.prepare(`SELECT * FROM complaints WHERE assigned_to = ? AND status != 'closed' ORDER BY due_date, created_at`)
			.all(staff.id) as ComplaintRow[];
		const today = this.#today();
		return rows.map((r) => ({
			id: r.id,
			reference: r.reference,
			category: r.category as AssignedComplaint['category'],
			content: r.content,
			contactName: r.contact_name ? maskName(r.contact_name) : null,
			contactPhone: r.contact_phone ? maskPhone(r.contact_phone) : null,
			createdAt: r.created_at,
			dueDate: r.due_date,
			overdue: r.status === 'open' && r.due_date < today,
			status: r.status as AssignedComplaint['status'],
			answer: r.answer
		}));
	}

	/**
	 * The contact in full, to call the resident back: for the staff member the complaint is
	 * assigned to, and the director. Every read is a line of the access log.
	 */
	complaintContact(id: string, staff: AuthedStaff): Result<ComplaintContact> {
		const row = this.#db.prepare(`SELECT * FROM complaints WHERE id = ?`).get(id) as ComplaintRow | undefined;
		if (!row) return { ok: false, error: { code: 'not_found', message: '没有这条投诉' } };
		const director = staff.role === 'director' || staff.role === 'admin';
		if (!director && row.assigned_to !== staff.id) {
			return { ok: false, error: { code: 'forbidden', message: '只有承办人和服务中心主任可以查看联系人的完整信息' } };
		}
		if (row.contact_name === null && row.contact_phone === null) {
			return { ok: true, value: { id, reference: row.reference, contactName: null, contactPhone: null } };
		}
		logAccess(this.#db, { at: this.#clock.now(), staffId: staff.id, recordType: 'complaint', recordId: id, fields: ['contactName', 'contactPhone'], requestId: null });
		return { ok: true, value: { id, reference: row.reference, contactName: row.contact_name, contactPhone: row.contact_phone } };
	}

	/** A few notices in their publicity period, so the demo hall's kiosk has something to show. */
	seedDemoNotices(): void {
		const count = (this.#db.prepare(`SELECT COUNT(*) AS n FROM notices`).get() as { n: number }).n;
		if (count > 0) return;
		const today = this.#today();
		const now = this.#clock.now();
		const insert = this.#db.prepare(
			`INSERT INTO notices (id, title, body, category, publish_from, publish_to, status, created_by, created_at, updated_at)
			 VALUES (?, ?, ?, ?, ?, ?, 'published', 'system', ?, ?)`
		);
		const demo: [string, string, string][] = [
			[
				'2026年度困难党员帮扶救助对象公示',
				'经本人申请、入户核实和支部研究，拟将以下同志列为本年度困难党员帮扶救助对象：\n\n王*华（第一党支部），因病致困；\n李*芳（第三党支部），因灾致困。\n\n公示期内如有异议，请在触摸屏上提出，或拨打服务中心投诉电话反映。',
				'帮扶救助'
			],
			[
				'发展党员对象公示',
				'根据《中国共产党发展党员工作细则》，经支部委员会研究，拟确定张*同志为发展对象。\n\n公示期内，党员和群众可通过来信、来访、电话或触摸屏反映情况。',
				'组织建设'
			],
			[
				'党群活动室开放时间调整',
				'自下月起，党群活动室开放时间为工作日 8:30—12:00、14:30—18:00。预约请到 1 号或 5 号窗口办理。',
				'服务公告'
			]
		];
		this.#db.transaction(() => {
			for (const [title, body, category] of demo) {
				insert.run(randomUUID(), title, body, category, addDays(today, -3), addDays(today, 7), now, now);
			}
		})();
	}
}
