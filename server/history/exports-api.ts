// /api/console/exports: a long export as a job with progress and cancel.
//   POST   /exports {from, to}   → 202 the job (state running, done/total)
//   GET    /exports/:id          → the job
//   GET    /exports/:id/file     → the .xlsx once done
//   DELETE /exports/:id          → cancels it (its worker thread stops at once)

import { z } from 'zod';
import type { ApiError } from '../../src/lib/protocol.ts';
import { calendarDay, invalid } from '../actions.ts';
import type { ConsoleAnswer, ConsoleRequest } from '../http/console-api.ts';
import type { Result } from '../hall.ts';
import type { History } from './history.ts';

export const exportRequestSchema = z
	.strictObject({ from: calendarDay, to: calendarDay })
	.refine((p) => p.from <= p.to, { message: '开始日期不能晚于结束日期' });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function answer<T>(result: Result<T>, status = 200): ConsoleAnswer | { error: ApiError } {
	return result.ok ? { status, json: result.value } : { error: result.error };
}

export async function routeExports(history: History, req: ConsoleRequest): Promise<ConsoleAnswer | { error: ApiError } | null> {
	const [, id, verb] = req.path;
	if (!id && req.method === 'POST') {
		const body = exportRequestSchema.safeParse(await req.body());
		if (!body.success) return { error: invalid(body.error) };
		return answer(history.startExport(body.data.from, body.data.to, req.staff.id), 202);
	}
	if (id && !verb && req.method === 'GET') return answer(history.exportJob(id, req.staff.id));
	if (id && !verb && req.method === 'DELETE') return answer(history.cancelExport(id, req.staff.id));
	if (id && verb === 'file' && req.method === 'GET') {
		const file = history.exportFile(id, req.staff.id);
		if (!file.ok) return { error: file.error };
		// The header carries an ASCII name; the console saves the file under the job's Chinese `fileName`.
		return { status: 200, file: file.value.file, contentType: XLSX, fileName: file.value.asciiName };
	}
	return null;
}

/** GET /api/console/records/tickets/:id — a ticket's record and trail, live or archived (档案查阅, access-logged). */
export async function routeTicketRecord(history: History, req: ConsoleRequest): Promise<ConsoleAnswer | { error: ApiError } | null> {
	const [, kind, id] = req.path;
	if (kind !== 'tickets' || !id || req.method !== 'GET' || req.path.length !== 3) return null;
	return answer(await history.ticketRecord(id, req.staff.id));
}

/** The reports routes' answer for a period report or workbook computed in the worker. */
export function reportAnswer(result: Result<unknown>): ConsoleAnswer | { error: ApiError } {
	return answer(result);
}
