// The print service's refusals: errors as values with stable codes and Chinese messages.

import type { ApiError } from '../../src/lib/protocol.ts';

export function fail(code: ApiError['code'], message: string, details?: Record<string, unknown>): { ok: false; error: ApiError } {
	return { ok: false, error: { code, message, ...(details ? { details } : {}) } };
}
