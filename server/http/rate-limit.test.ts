import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';

describe('createRateLimiter', () => {
	it('lets a burst through, stops the next, and refills with time', () => {
		const clock = { ms: 1_000_000, now() { return this.ms; } };
		const limiter = createRateLimiter(clock, { burst: 3, perSecond: 1 });
		for (let i = 0; i < 3; i++) expect(limiter.take('k')).toBeNull();
		expect(limiter.take('k')?.code).toBe('rate_limited');
		// Another key has its own bucket.
		expect(limiter.take('other')).toBeNull();
		clock.ms += 1_000;
		expect(limiter.take('k')).toBeNull();
	});

	it('does not lock a key out when the wall clock is set back', () => {
		const clock = { ms: 1_000_000, now() { return this.ms; } };
		const limiter = createRateLimiter(clock, { burst: 3, perSecond: 1 });
		expect(limiter.take('k')).toBeNull();
		// An hour back (an NTP step): the bucket keeps what it had instead of going an hour's refill below zero.
		clock.ms -= 3_600_000;
		expect(limiter.take('k')).toBeNull();
		expect(limiter.take('k')).toBeNull();
		expect(limiter.take('k')?.code).toBe('rate_limited');
	});
});
