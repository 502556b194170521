// A token bucket per key (kiosk station + client address): a stuck touch screen or a
// script cannot drain the day's numbers, while a real opening-time rush still passes.

import type { ApiError } from '../../src/lib/protocol.ts';
import type { Clock } from '../clock.ts';

export interface RateLimitOptions {
	/** Tickets allowed at once. */
	burst: number;
	/** Tickets per second refilled. */
	perSecond: number;
}

export interface RateLimiter {
	/** Takes one token for `key`; returns an error when there is none. */
	take(key: string): ApiError | null;
}

const MAX_KEYS = 10_000;

export function createRateLimiter(clock: Clock, options: RateLimitOptions | null): RateLimiter {
	if (!options) return { take: () => null };
	const buckets = new Map<string, { tokens: number; at: number }>();
	return {
		take(key) {
			const now = clock.now();
			const bucket = buckets.get(key) ?? { tokens: options.burst, at: now };
			// A wall clock set back (NTP, a test clock) refills nothing; it must not drain the bucket either.
			bucket.tokens = Math.min(options.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * options.perSecond);
			bucket.at = now;
			// Keep the map bounded: an idle full bucket carries no information.
			if (buckets.size >= MAX_KEYS && !buckets.has(key)) {
				for (const [k, b] of buckets) if (b.tokens >= options.burst || now - b.at > 60_000) buckets.delete(k);
			}
			buckets.set(key, bucket);
			if (bucket.tokens < 1) {
				const retryAfterSeconds = Math.ceil((1 - bucket.tokens) / options.perSecond);
				return { code: 'rate_limited', message: '取号过于频繁，请稍后再试', details: { retryAfterSeconds } };
			}
			bucket.tokens -= 1;
			return null;
		}
	};
}
