import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endStroke, extendStroke, PAD_LIMITS, padPoint, roomForStroke, type Point } from './handwriting.ts';

describe('padPoint', () => {
	it('is never past the pad’s edge, wherever the finger went (the server refuses such points)', () => {
		fc.assert(
			fc.property(fc.double({ min: -100, max: 2000, noNaN: true }), fc.double({ min: -100, max: 2000, noNaN: true }), fc.double({ min: 16, max: 1200, noNaN: true }), (x, y, side) => {
				const [px, py] = padPoint(x, y, side, side);
				expect(px >= 0 && px <= side && py >= 0 && py <= side).toBe(true);
			})
		);
	});

	it('keeps a tenth of a pixel and cuts down at the edge', () => {
		expect(padPoint(12.345, 7.06, 100, 100)).toEqual([12.3, 7]);
		// The case that once rounded up past a 561.59375 px pad.
		expect(padPoint(600, 561.6, 561.59375, 561.59375)).toEqual([561.5, 561.5]);
		expect(padPoint(-3, -0.01, 100, 100)).toEqual([0, 0]);
	});
});

describe('strokes', () => {
	it('drops points closer than a few pixels to the last one, and stops at the per-stroke limit', () => {
		const stroke: Point[] = [[10, 10]];
		expect(extendStroke(stroke, [11, 11])).toBe(false);
		expect(extendStroke(stroke, [20, 10])).toBe(true);
		expect(stroke).toEqual([[10, 10], [20, 10]]);
		const long: Point[] = Array.from({ length: PAD_LIMITS.maxPointsPerStroke }, (_, i) => [i, 0]);
		expect(extendStroke(long, [1000, 1000])).toBe(false);
		expect(long).toHaveLength(PAD_LIMITS.maxPointsPerStroke);
	});

	it('ends a stroke where the finger lifted, even close to the last point, without going over the limit', () => {
		const stroke: Point[] = [[10, 10], [20, 10]];
		endStroke(stroke, [21, 10]);
		expect(stroke.at(-1)).toEqual([21, 10]);
		endStroke(stroke, [21, 10]);
		expect(stroke).toHaveLength(3);
		const full: Point[] = Array.from({ length: PAD_LIMITS.maxPointsPerStroke }, (_, i) => [i, 0]);
		endStroke(full, [500, 5]);
		expect(full).toHaveLength(PAD_LIMITS.maxPointsPerStroke);
		expect(full.at(-1)).toEqual([500, 5]);
	});

	it('takes no stroke that could carry the ink past the server’s totals', () => {
		expect(roomForStroke([])).toBe(true);
		expect(roomForStroke(Array.from({ length: PAD_LIMITS.maxStrokes - 1 }, () => [[0, 0]]))).toBe(true);
		expect(roomForStroke(Array.from({ length: PAD_LIMITS.maxStrokes }, () => [[0, 0]]))).toBe(false);
		const heavy = Array.from({ length: 6 }, () => Array.from({ length: PAD_LIMITS.maxPointsPerStroke }, (): Point => [0, 0]));
		expect(roomForStroke(heavy)).toBe(false);
		expect(roomForStroke(heavy.slice(0, 5))).toBe(true);
	});
});
