// Expected failures are values with stable codes; this module is where they are made and
// where each code meets its HTTP status. It imports nothing of the server, so every
// module (hall, services, doors) can use it without pulling the others in.

import type { z } from 'zod';
import { fieldLabel, issueLine, issueText, type IssueLike } from '../src/lib/console/validation-words.ts';
import type { ApiError, ErrorCode } from '../src/lib/protocol.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

const STATUS: Record<ErrorCode, number> = {
	bad_request: 400,
	payload_too_large: 413,
	unknown_service: 400,
	unknown_window: 404,
	unknown_ticket: 404,
	unknown_station: 400,
	service_disabled: 409,
	no_window: 409,
	closed: 409,
	queue_empty: 409,
	unauthorized: 401,
	forbidden: 403,
	bad_credentials: 401,
	not_your_window: 403,
	window_occupied: 409,
	window_paused: 409,
	window_closed: 409,
	ticket_in_progress: 409,
	no_current_ticket: 409,
	invalid_state: 409,
	recall_limit: 409,
	reason_required: 400,
	note_required: 400,
	same_target: 400,
	rate_limited: 429,
	nothing_to_rate: 409,
	bad_scan: 400,
	not_found: 404,
	service_in_use: 409,
	window_in_use: 409,
	media_type: 415,
	media_too_large: 413,
	staff_signed_in: 409,
	config_conflict: 412,
	idempotency_conflict: 422,
	notice_unreadable: 400,
	password_change_required: 403,
	export_busy: 429,
	export_not_ready: 409,
	slot_full: 409,
	duplicate_booking: 409,
	booking_banned: 409,
	closed_day: 400,
	too_early: 409,
	too_late: 409,
	unknown_appointment: 404,
	duplicate_remote: 409,
	appointments_disabled: 409,
	handwriting_unavailable: 503,
	unknown_reference: 404,
	rating_expired: 409,
	internal: 500
};

/** Every error code the hall can answer with (the type makes the table exhaustive). */
export const ERROR_CODES = new Set(Object.keys(STATUS) as ErrorCode[]);

export function statusOf(code: ErrorCode): number {
	return STATUS[code] ?? 400;
}

export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): { ok: false; error: ApiError } {
	return { ok: false, error: details ? { code, message, details } : { code, message } };
}

export function ok<T>(value: T): { ok: true; value: T } {
	return { ok: true, value };
}

/**
 * A zod failure as the answer a person can act on, in Chinese with the field's label:
 * 「服务事项 1 · 名称：不能为空」. Each issue keeps its path (the console finds the field by it).
 */
export function invalid(error: z.ZodError): ApiError {
	const issues = error.issues.map((i) => ({ path: i.path.join('.'), label: fieldLabel(i.path), message: issueText(i as IssueLike) }));
	const first = error.issues[0];
	const more = issues.length > 1 ? `（另有 ${issues.length - 1} 处需要修改）` : '';
	return {
		code: 'bad_request',
		message: first ? `${issueLine(first as IssueLike)}${more}` : '请求内容不正确',
		details: { issues }
	};
}

/** Parses with a schema into a Result, so callers never see a thrown ZodError. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): Result<z.infer<S>> {
	const parsed = schema.safeParse(value);
	return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: invalid(parsed.error) };
}
