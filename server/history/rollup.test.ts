// Summing days gives exactly the figures of the whole period: the average and the nearest-rank
// 90th percentile of merged histograms equal those computed over every duration.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, emptyDay, fromRows, mergeDay, minutesOf, statsOf, toRows, type DayFigures } from './rollup.ts';

/** The old report's arithmetic over raw durations (ms). */
function rawStats(ms: number[]) {
	if (ms.length === 0) return { count: 0, averageMinutes: null, p90Minutes: null };
	const sorted = [...ms].sort((a, b) => a - b);
	const minutes = (v: number) => Math.round((v / 60_000) * 10) / 10;
	return { count: ms.length, averageMinutes: minutes(sorted.reduce((a, b) => a + b, 0) / sorted.length), p90Minutes: minutes(sorted[Math.max(0, Math.ceil(0.9 * sorted.length) - 1)]) };
}

function dayWith(day: string, durations: number[]): DayFigures {
	const figures = emptyDay(day);
	const hist: number[] = [];
	const counts = new Map<number, number>();
	for (const ms of durations) counts.set(bucketOf(ms), (counts.get(bucketOf(ms)) ?? 0) + 1);
	for (const [bucket, count] of [...counts].sort((a, b) => a[0] - b[0])) hist.push(bucket, count);
	figures.services.s = {
		issued: durations.length,
		done: durations.length,
		refused: 0,
		noShow: 0,
		expired: 0,
		transferredAway: 0,
		transferredIn: 0,
		wait: { n: durations.length, sumMs: durations.reduce((a, b) => a + b, 0), hist },
		service: { n: 0, sumMs: 0, hist: [] }
	};
	return figures;
}

describe('rollup histograms', () => {
	it('sum to the exact average and 90th percentile of every duration (under an hour)', () => {
		fc.assert(
			fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 3_570_000 }), { maxLength: 40 }), { minLength: 1, maxLength: 8 }), (days) => {
				const sum = emptyDay('2026-01-01');
				// Through the stored form, as a report reads them.
				days.forEach((durations, i) => mergeDay(sum, fromRows(`2026-01-0${i + 1}`, toRows(dayWith(`2026-01-0${i + 1}`, durations)))));
				const all = days.flat();
				const stats = statsOf(sum.services.s?.wait ?? { n: 0, sumMs: 0, hist: [] });
				expect(stats).toEqual(rawStats(all));
			})
		);
	});

	it('widens to whole minutes above an hour and stops at a day', () => {
		expect(bucketOf(59.96 * 60_000)).toBe(600);
		expect(minutesOf(bucketOf(61 * 60_000))).toBe(61);
		expect(minutesOf(bucketOf(90.4 * 60_000))).toBe(90);
		expect(minutesOf(bucketOf(3 * 86_400_000))).toBe(1440);
		expect(statsOf({ n: 3, sumMs: 0, hist: [5, 1, 700, 2] }).p90Minutes).toBe(160);
	});
});
