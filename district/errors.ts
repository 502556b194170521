// The hub's answers: errors are values with stable codes and Chinese messages, as on the hall.

import type { z } from 'zod';

export type DistrictErrorCode =
	| 'bad_request'
	| 'payload_too_large'
	| 'unauthorized'
	| 'forbidden'
	| 'bad_credentials'
	| 'locked'
	| 'not_found'
	/** A batch starts after events the hub does not have: the hall resends from `details.ackedSeq`. */
	| 'upstream_gap'
	| 'conflict'
	| 'internal';

export interface DistrictError {
	code: DistrictErrorCode;
	message: string;
	details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DistrictError };

export const STATUS: Record<DistrictErrorCode, number> = {
	bad_request: 400,
	payload_too_large: 413,
	unauthorized: 401,
	forbidden: 403,
	bad_credentials: 401,
	locked: 423,
	not_found: 404,
	upstream_gap: 409,
	conflict: 409,
	internal: 500
};

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: DistrictErrorCode, message: string, details?: unknown): { ok: false; error: DistrictError } => ({
	ok: false,
	error: details === undefined ? { code, message } : { code, message, details }
});

export function parse<T>(schema: z.ZodType<T>, input: unknown): Result<T> {
	const parsed = schema.safeParse(input);
	if (parsed.success) return ok(parsed.data);
	const issue = parsed.error.issues[0];
	return fail('bad_request', `${issue.path.join('.') || '请求'}：${issue.message}`, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}
