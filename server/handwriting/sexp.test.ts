import { describe, expect, it } from 'vitest';
import { preferCharacters } from './rank.ts';
import { BOX, EMPTY_REQUEST, encodeCharacter, isAnswerHeader, parseCandidates } from './sexp.ts';

/** The points of an encoded request, stroke by stroke. */
function pointsOf(request: string): number[][][] {
	const strokes = request.slice(request.indexOf('(strokes ') + '(strokes '.length, -2);
	return [...strokes.matchAll(/\(((?:\(\d+ \d+\))+)\)/g)].map((stroke) => [...stroke[1].matchAll(/\((\d+) (\d+)\)/g)].map((p) => [Number(p[1]), Number(p[2])]));
}

describe('encodeCharacter', () => {
	it('writes the S-expression zinnia reads: a box, then each stroke as a list of (x y)', () => {
		// A 600 px pad is 1000 in the box; the ink (400 px, 667 in the box) is already centred.
		const request = encodeCharacter([[[100, 100], [500, 500]], [[500, 100], [100, 500]]], { width: 600, height: 600 });
		expect(request).toBe('(character (width 1000)(height 1000)(strokes ((167 167)(833 833))((833 167)(167 833))))');
	});

	it('keeps the size a character was written at: 口 written small stays smaller than 囗 written large', () => {
		const square = (from: number, to: number) => [[[from, from], [from, to]], [[from, from], [to, from], [to, to]], [[from, to], [to, to]]] as const;
		const small = pointsOf(encodeCharacter(square(150, 450), { width: 600, height: 600 }));
		const large = pointsOf(encodeCharacter(square(50, 550), { width: 600, height: 600 }));
		expect(small[0][0]).toEqual([250, 250]);
		expect(small[2][1]).toEqual([750, 750]);
		expect(large[0][0]).toEqual([83, 83]);
	});

	it('keeps the aspect: a flat 一 stays flat and centred, not stretched to a square', () => {
		const [[start, end]] = pointsOf(encodeCharacter([[[50, 200], [450, 210]]], { width: 500, height: 400 }));
		expect(start[1]).toBe(end[1] - 20);
		expect(start[0]).toBe(100);
		expect(end[0]).toBe(900);
		expect((start[1] + end[1]) / 2).toBe(BOX / 2);
	});

	it('moves a character written in a corner of a wide pad to the middle of the box', () => {
		const corner = encodeCharacter([[[10, 160], [310, 160]], [[160, 10], [160, 310]]], { width: 900, height: 400 });
		const middle = encodeCharacter([[[300, 200], [600, 200]], [[450, 50], [450, 350]]], { width: 900, height: 400 });
		expect(corner).toBe(middle);
		const [horizontal, vertical] = pointsOf(corner);
		expect(horizontal[0][1]).toBe(500);
		expect(vertical[0][0]).toBe(500);
	});

	it('brings tiny writing up to a readable size, and ink over the edges within them', () => {
		const [[a, b]] = pointsOf(encodeCharacter([[[300, 300], [310, 300]]], { width: 600, height: 600 }));
		expect(b[0] - a[0]).toBe(400);
		const [[c, d]] = pointsOf(encodeCharacter([[[0, 300], [600, 300]]], { width: 600, height: 600 }));
		expect([c[0], d[0]]).toEqual([50, 950]);
	});

	it('keeps every coordinate an integer within the box, and a one-point stroke a stroke', () => {
		const request = encodeCharacter([[[0.4, 0.6]], [[333.3, 12.7], [599.9, 599.9], [1, 599]]], { width: 600, height: 600 });
		const strokes = pointsOf(request);
		expect(strokes.map((s) => s.length)).toEqual([1, 3]);
		for (const [x, y] of strokes.flat()) {
			expect(Number.isInteger(x) && Number.isInteger(y)).toBe(true);
			expect(x >= 0 && x <= BOX && y >= 0 && y <= BOX).toBe(true);
		}
	});

	it('leaves out empty strokes, so a request never reads as the empty end marker by accident', () => {
		expect(encodeCharacter([[], [[10, 10], [90, 90]], []], { width: 100, height: 100 })).toBe(encodeCharacter([[[10, 10], [90, 90]]], { width: 100, height: 100 }));
		expect(EMPTY_REQUEST).toBe('(character (width 1000)(height 1000)(strokes ))');
	});
});

describe('answers', () => {
	it('reads the header line with or without its trailing space', () => {
		expect(isAnswerHeader('Answer: ')).toBe(true);
		expect(isAnswerHeader('Answer:')).toBe(true);
		expect(isAnswerHeader('一 0.92')).toBe(false);
		expect(isAnswerHeader('Answer: 一')).toBe(false);
	});

	it('parses zinnia’s lines into ranked candidates, best first', () => {
		// As zinnia 0.06 printed them for a horizontal stroke.
		expect(parseCandidates(['一 0.924806', '七 -0.340538', '士 -0.475223'])).toEqual([
			{ char: '一', score: 0.924806 },
			{ char: '七', score: -0.340538 },
			{ char: '士', score: -0.475223 }
		]);
	});

	it('skips lines that are not one character and a number', () => {
		expect(parseCandidates(['', '一', '一二 0.5', '口 x', '十 1e400', '  人 0.25  ', '𠀀 0.1'])).toEqual([
			{ char: '人', score: 0.25 },
			{ char: '𠀀', score: 0.1 }
		]);
	});
});

describe('preferCharacters', () => {
	it('puts bare radicals behind the characters, keeping zinnia’s order within each', () => {
		const ranked = preferCharacters(['囗', '口', '丨', '田', '十'].map((char, i) => ({ char, score: -i })));
		expect(ranked.map((c) => c.char)).toEqual(['口', '田', '十', '囗', '丨']);
	});
});
