// What the history worker can be asked: one function, so the same requests also run
// in-process (a database in memory has no file for a worker to open; the CLI needs no thread).

import Database, { type Database as Db } from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { EventRow } from '../store/event-codec.ts';
import { decodeEvent } from '../store/event-codec.ts';
import { forScreen, HistoryReader, type Progress, type ReportContext } from './reader.ts';
import { reportWorkbook } from './workbook.ts';

export type HistoryRequest =
	| { op: 'period'; from: string; to: string; context: ReportContext }
	/** The screen's report as UTF-8 JSON bytes: the hall writes them as they are (SerializedJson). */
	| { op: 'periodJson'; from: string; to: string; context: ReportContext }
	| { op: 'workbook'; from: string; to: string; context: ReportContext }
	| { op: 'closeDays'; beforeDay: string; timeZone: string }
	| { op: 'archivedTicket'; file: string; ticketId: string };

export async function runHistoryRequest(db: Db, request: HistoryRequest, progress: Progress): Promise<unknown> {
	const reader = new HistoryReader(db);
	switch (request.op) {
		case 'period':
			return forScreen(reader.period(request.from, request.to, request.context, progress));
		case 'periodJson':
			return new TextEncoder().encode(JSON.stringify(forScreen(reader.period(request.from, request.to, request.context, progress))));
		case 'workbook': {
			const report = reader.period(request.from, request.to, request.context, (done, total) => progress(done, total + 1));
			const file = await reportWorkbook(report, request.context.hallName, request.context.timeZone);
			progress(1, 1);
			return file;
		}
		case 'closeDays':
			return reader.closeDays(request.beforeDay, request.timeZone);
		case 'archivedTicket':
			return archivedTicket(request.file, request.ticketId);
	}
}

/** A ticket and its whole trail from a yearly archive file (档案查阅 of a closed year). */
export function archivedTicket(file: string, ticketId: string): { ticket: Record<string, unknown>; events: { seq: number; at: number; type: string; actor: string; data: unknown }[] } | null {
	if (!existsSync(file)) return null;
	const archive = new Database(file, { readonly: true, fileMustExist: true });
	try {
		const ticket = archive.prepare(`SELECT * FROM tickets WHERE id = ?`).get(ticketId) as Record<string, unknown> | undefined;
		if (!ticket) return null;
		const rows = archive.prepare(`SELECT seq, type, at, ticket_id, window_id, actor, data FROM events WHERE ticket_id = ? ORDER BY seq`).all(ticketId) as (EventRow & { seq: number; actor: string })[];
		return { ticket, events: rows.map((r) => ({ seq: r.seq, at: r.at, type: r.type, actor: r.actor, data: decodeEvent(r) })) };
	} finally {
		archive.close();
	}
}
