// Public notices (公示) with objections, and complaints and suggestions (投诉建议): the
// records residents leave at the kiosk. Each gets a reference number to quote later.

import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type {
	ComplaintInput,
	ComplaintReceipt,
	NoticePublic,
	ObjectionInput,
	ObjectionReceipt
} from '../src/lib/protocol.ts';
import type { Clock } from './auth.ts';
import { addDays, addWorkingDays, localDate, type CalendarConfig } from './core/calendar.ts';
import type { Result } from './hall.ts';
import type { Store } from './store/store.ts';

/** Complaints are answered within 15 working days. */
export const COMPLAINT_DAYS = 15;

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
		category: row.category,
		publishFrom: row.publish_from,
		publishTo: row.publish_to
	};
}

export class Records {
	readonly #db: Database;
	readonly #clock: Clock;
	readonly #calendar: CalendarConfig;
	readonly #publicNotices: Statement;
	readonly #noticeById: Statement;

	constructor(store: Store, clock: Clock, calendar: CalendarConfig) {
		this.#db = store.db;
		this.#clock = clock;
		this.#calendar = calendar;
		this.#publicNotices = this.#db.prepare(
			`SELECT * FROM notices WHERE status = 'published' AND publish_from <= ? AND publish_to >= ? ORDER BY publish_from DESC, created_at DESC`
		);
		this.#noticeById = this.#db.prepare(`SELECT * FROM notices WHERE id = ?`);
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

	raiseObjection(noticeId: string, input: ObjectionInput): Result<ObjectionReceipt> {
		const notice = this.publicNotice(noticeId);
		if (!notice) return { ok: false, error: { code: 'not_found', message: '该公示不存在或已过公示期' } };
		const createdAt = this.#clock.now();
		const receipt = this.#db.transaction((): ObjectionReceipt => {
			const reference = this.#reference('YY', 'objections');
			this.#db
				.prepare(
					`INSERT INTO objections (id, reference, notice_id, name, phone, content, station, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
				)
				.run(randomUUID(), reference, noticeId, input.name.trim(), input.phone.trim(), input.content.trim(), input.station ?? null, createdAt);
			return { reference, noticeId, createdAt };
		})();
		return { ok: true, value: receipt };
	}

	fileComplaint(input: ComplaintInput, source: 'kiosk' | 'phone', loggedBy: string | null): Result<ComplaintReceipt> {
		const createdAt = this.#clock.now();
		const deadline = addWorkingDays(this.#calendar, this.#today(), COMPLAINT_DAYS);
		const receipt = this.#db.transaction((): ComplaintReceipt => {
			const reference = this.#reference('TS', 'complaints');
			this.#db
				.prepare(
					`INSERT INTO complaints (id, reference, category, content, contact_name, contact_phone, source, station, logged_by, created_at, due_date, status)
					 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`
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
					deadline.date
				);
			return { reference, dueDate: deadline.date, createdAt };
		})();
		return { ok: true, value: receipt };
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
