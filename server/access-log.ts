// Every read of personal data (a name, a phone number) leaves a line: who, what, when.
// One read is one line, however many records it showed (the records are listed beside it).
// The tables refuse updates and deletes (see migrations 10 and 20).
//
// Administrative actions go to the audit log. Both logs are read by the director in words
// (src/lib/console/log-labels.ts): actions and record kinds by label, people by name and
// 工号, records by their reference — never a raw key or id.

import type { Database } from 'better-sqlite3';
import type { Hall } from './hall.ts';
import {
	ACCESS_RECORD_LABELS,
	accessFieldsText,
	auditActionLabel,
	staffText,
	type AccessRecordType,
	type AuditAction
} from '../src/lib/console/log-labels.ts';

export interface AccessEntry {
	at: number;
	staffId: string;
	/** `ticket`: a ticket's trail read from the record (档案查阅), live or from a yearly archive. */
	recordType: AccessRecordType;
	/** The record read; with `recordIds`, the first of them. */
	recordId: string;
	/** Every record one read showed (a list): still one line. */
	recordIds?: readonly string[];
	fields: string[];
	requestId: string | null;
}

/** One read, one line. A read that showed nothing personal is not logged (call with no records). */
export function logAccess(db: Database, entry: AccessEntry): void {
	const ids = entry.recordIds && entry.recordIds.length > 0 ? [...new Set(entry.recordIds)] : [entry.recordId];
	db.transaction(() => {
		const { lastInsertRowid } = db
			.prepare(`INSERT INTO access_log (at, staff_id, record_type, record_id, fields, request_id) VALUES (?, ?, ?, ?, ?, ?)`)
			.run(entry.at, entry.staffId, entry.recordType, ids[0], JSON.stringify(entry.fields), entry.requestId);
		const covered = db.prepare(`INSERT INTO access_log_records (seq, record_id) VALUES (?, ?)`);
		for (const id of ids) covered.run(lastInsertRowid, id);
	})();
}

export interface AccessLine extends Omit<AccessEntry, 'recordIds'> {
	seq: number;
	recordIds: string[];
}

export function readAccessLog(db: Database, limit = 5000): AccessLine[] {
	const rows = db.prepare(`SELECT * FROM access_log ORDER BY seq DESC LIMIT ?`).all(limit) as {
		seq: number;
		at: number;
		staff_id: string;
		record_type: AccessRecordType;
		record_id: string;
		fields: string;
		request_id: string | null;
	}[];
	const covered = db.prepare(`SELECT record_id FROM access_log_records WHERE seq = ?`).pluck();
	return rows.map((r) => {
		const listed = covered.all(r.seq) as string[];
		return {
			seq: r.seq,
			at: r.at,
			staffId: r.staff_id,
			recordType: r.record_type,
			recordId: r.record_id,
			// Lines from before migration 20 name their one record only.
			recordIds: listed.length > 0 ? [r.record_id, ...listed.filter((id) => id !== r.record_id)] : [r.record_id],
			fields: JSON.parse(r.fields) as string[],
			requestId: r.request_id
		};
	});
}

/** Administration actions (staff, notices, complaints, approvals): append-only as well. */
export function logAudit(db: Database, at: number, staffId: string, action: AuditAction, target: string | null, detail: unknown): void {
	db.prepare(`INSERT INTO audit_log (at, staff_id, action, target, detail) VALUES (?, ?, ?, ?, ?)`).run(
		at,
		staffId,
		action,
		target,
		JSON.stringify(detail ?? null)
	);
}

// Reading the logs in words ------------------------------------------------------------

/** What the hall knows by name, besides the tables: staff, stations. */
export interface LogNames {
	staff(staffId: string): { name: string; staffNo: string } | null;
	station(stationId: string): string | null;
	service(serviceId: string): string | null;
}

/** The names the logs print instead of ids: staff by name and 工号, stations by name. */
export function logNames(hall: Hall): LogNames {
	return {
		staff: (staffId) => hall.staffBadge(staffId),
		station: (stationId) => hall.configFile.stations.find((s) => s.id === stationId)?.name ?? null,
		service: (serviceId) => hall.config.services.find((s) => s.id === serviceId)?.name ?? null
	};
}

/** 「张三（工号 A001）」, or who else can act: the command line, an anonymous login attempt. */
export function actorText(db: Database, names: LogNames, staffId: string): string {
	if (staffId === '-') return '未登录的访问者';
	if (staffId === 'system') return '系统';
	if (staffId.startsWith('cli')) return `服务器命令行${staffId.includes(':') ? `（系统用户 ${staffId.slice(4)}）` : ''}`;
	const badge = names.staff(staffId);
	if (badge) return staffText(badge, '');
	const byName = db.prepare(`SELECT name, staff_no FROM staff WHERE username = ?`).get(staffId) as { name: string; staff_no: string } | undefined;
	return byName ? staffText({ name: byName.name, staffNo: byName.staff_no }, '') : '已删除的账号';
}

function one<T>(db: Database, sql: string, id: string): T | undefined {
	return db.prepare(sql).get(id) as T | undefined;
}

function staffTarget(db: Database, names: LogNames, idOrUsername: string): string {
	const badge = names.staff(idOrUsername);
	if (badge) return staffText(badge, '');
	const byName = one<{ name: string; staff_no: string }>(db, `SELECT name, staff_no FROM staff WHERE username = ?`, idOrUsername);
	return byName ? staffText({ name: byName.name, staffNo: byName.staff_no }, '') : `账号「${idOrUsername}」（不存在）`;
}

/** The thing an audit line acted on, as people name it. */
export function auditTargetText(db: Database, names: LogNames, action: string, target: string | null): string {
	const [family] = action.split(/[:.]/);
	if (action === 'config:change') return '大厅配置（业务、窗口、时间、终端）';
	if (action === 'media:upload') return '图片';
	if (target === null) return '—';
	switch (family) {
		case 'staff':
		case 'cli':
		case 'password':
		case 'login':
			return staffTarget(db, names, target);
		case 'notice': {
			const notice = one<{ title: string }>(db, `SELECT title FROM notices WHERE id = ?`, target);
			return notice ? `公示「${notice.title}」` : '已删除的公示';
		}
		case 'objection': {
			const objection = one<{ reference: string; title: string | null }>(
				db,
				`SELECT o.reference, n.title FROM objections o LEFT JOIN notices n ON n.id = o.notice_id WHERE o.id = ?`,
				target
			);
			return objection ? `异议 ${objection.reference}${objection.title ? `（公示「${objection.title}」）` : ''}` : '异议';
		}
		case 'complaint': {
			const complaint = one<{ reference: string }>(db, `SELECT reference FROM complaints WHERE id = ?`, target);
			return complaint ? `投诉建议 ${complaint.reference}` : '投诉建议';
		}
		case 'access': {
			const request = one<{ reference: string; requested_by: string }>(
				db,
				`SELECT c.reference, r.requested_by FROM access_requests r JOIN cases c ON c.id = r.case_id WHERE r.id = ?`,
				target
			);
			return request ? `登记事项 ${request.reference} 的查阅申请（申请人 ${actorText(db, names, request.requested_by)}）` : '查阅申请';
		}
		case 'duty':
			return `${target} 的值班表`;
		case 'calendar':
			return `${target} 年节假日安排`;
		case 'appointment': {
			if (action === 'appointment.lift-ban') return `手机号 ${target} 的预约限制`;
			const booking = one<{ code: string; day: string; start: string }>(db, `SELECT code, day, start FROM appointments WHERE id = ?`, target);
			return booking ? `预约 ${booking.code}（${booking.day} ${booking.start}）` : '预约';
		}
		case 'station':
			return `终端「${names.station(target) ?? target}」`;
		default:
			return target;
	}
}

/** The records one access line covered: 「登记事项 BJ-20261206-001」, or the first few and a count. */
export function accessRecordText(db: Database, names: LogNames, type: AccessRecordType, ids: string[]): string {
	const label = ACCESS_RECORD_LABELS[type] ?? '记录';
	const reference = (id: string): string => {
		switch (type) {
			case 'case': {
				const row = one<{ reference: string; service_id: string | null }>(db, `SELECT reference, service_id FROM cases WHERE id = ?`, id);
				const service = row?.service_id ? names.service(row.service_id) : null;
				return row ? `${row.reference}${service && ids.length === 1 ? `（${service}）` : ''}` : '（已删除）';
			}
			case 'objection':
				return one<{ reference: string }>(db, `SELECT reference FROM objections WHERE id = ?`, id)?.reference ?? '（已删除）';
			case 'complaint':
				return one<{ reference: string }>(db, `SELECT reference FROM complaints WHERE id = ?`, id)?.reference ?? '（已删除）';
			case 'appointment': {
				const booking = one<{ code: string; day: string }>(db, `SELECT code, day FROM appointments WHERE id = ?`, id);
				return booking ? `${booking.code}（${booking.day}）` : '（已删除）';
			}
			case 'ticket': {
				const ticket = one<{ number: string; day: string; service_id: string }>(db, `SELECT number, day, service_id FROM tickets WHERE id = ?`, id);
				const service = ticket ? names.service(ticket.service_id) : null;
				return ticket ? `${ticket.day} ${ticket.number} 号${service ? `（${service}）` : ''}` : '（年度档案中的号票）';
			}
		}
	};
	const shown = ids.slice(0, 3).map(reference).join('、');
	return ids.length > 3 ? `${label} ${shown} 等 ${ids.length} 条` : `${label} ${shown}`;
}

export interface AccessLineText extends AccessLine {
	staffName: string | null;
	staffLabel: string;
	recordTypeLabel: string;
	recordLabel: string;
	fieldsLabel: string;
	basisLabel: string;
}

/** The access log as the director reads it (and exports it). */
export function describeAccessLog(db: Database, names: LogNames, lines: AccessLine[]): AccessLineText[] {
	return lines.map((line) => ({
		...line,
		staffName: names.staff(line.staffId)?.name ?? null,
		staffLabel: actorText(db, names, line.staffId),
		recordTypeLabel: ACCESS_RECORD_LABELS[line.recordType] ?? '记录',
		recordLabel: accessRecordText(db, names, line.recordType, line.recordIds),
		fieldsLabel: accessFieldsText(line.fields),
		basisLabel: line.requestId
			? '经批准的查阅申请（主任审批）'
			: {
					case: '承办中的事项（本人承办或主任）',
					objection: '答复公示异议',
					complaint: '回访投诉人（承办人或主任）',
					ticket: '档案查阅（号票记录）',
					appointment: '窗口办理预约'
				}[line.recordType]
	}));
}

export { auditActionLabel };
