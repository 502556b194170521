// Every read of personal data (a name, a phone number) leaves a line: who, what, when.
// The table refuses updates and deletes (see migration 10).

import type { Database } from 'better-sqlite3';

export interface AccessEntry {
	at: number;
	staffId: string;
	/** `ticket`: a ticket's trail read from the record (档案查阅), live or from a yearly archive. */
	recordType: 'case' | 'objection' | 'complaint' | 'ticket' | 'appointment';
	recordId: string;
	fields: string[];
	requestId: string | null;
}

export function logAccess(db: Database, entry: AccessEntry): void {
	db.prepare(`INSERT INTO access_log (at, staff_id, record_type, record_id, fields, request_id) VALUES (?, ?, ?, ?, ?, ?)`).run(
		entry.at,
		entry.staffId,
		entry.recordType,
		entry.recordId,
		JSON.stringify(entry.fields),
		entry.requestId
	);
}

export function readAccessLog(db: Database, limit = 5000): (AccessEntry & { seq: number })[] {
	const rows = db.prepare(`SELECT * FROM access_log ORDER BY seq DESC LIMIT ?`).all(limit) as {
		seq: number;
		at: number;
		staff_id: string;
		record_type: AccessEntry['recordType'];
		record_id: string;
		fields: string;
		request_id: string | null;
	}[];
	return rows.map((r) => ({
		seq: r.seq,
		at: r.at,
		staffId: r.staff_id,
		recordType: r.record_type,
		recordId: r.record_id,
		fields: JSON.parse(r.fields) as string[],
		requestId: r.request_id
	}));
}

/** Administration actions (staff, notices, complaints, approvals): append-only as well. */
export function logAudit(db: Database, at: number, staffId: string, action: string, target: string | null, detail: unknown): void {
	db.prepare(`INSERT INTO audit_log (at, staff_id, action, target, detail) VALUES (?, ?, ?, ?, ?)`).run(
		at,
		staffId,
		action,
		target,
		JSON.stringify(detail ?? null)
	);
}
