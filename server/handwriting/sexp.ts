// zinnia's line protocol, both ways. A request is one line, an S-expression of the strokes:
//   (character (width 1000)(height 1000)(strokes ((x y)(x y)…)((x y)…)))
// and zinnia answers with a line `Answer: ` followed by up to n lines `<character> <score>`.
// An empty `(strokes )` is answered with `Answer: ` and no lines at all: the adapter sends one
// after every request, so the next `Answer: ` marks where the real answer ended.

import type { Candidate, PadSize, Stroke } from './recognizer.ts';

/** The square the strokes are drawn into for zinnia (Tegaki's samples were written in such a box). */
export const BOX = 1000;
/**
 * How large the ink may be within the box. The model knows characters at the size people
 * wrote them in a square box (口 small, 囗 filling it): the ink keeps its size relative to the
 * pad, and is only brought within these bounds when it is tiny or touches the edges.
 */
const SMALLEST_INK = 400;
const LARGEST_INK = 900;

/** The line that answers with `Answer: ` and nothing else (the end-of-answer marker). */
export const EMPTY_REQUEST = `(character (width ${BOX})(height ${BOX})(strokes ))`;

/**
 * The request line for these strokes. The pad is scaled to the box by its longer side, the
 * ink moved to the middle (residents write off-centre; zinnia compares positions within the
 * box), and kept between SMALLEST_INK and LARGEST_INK with its aspect.
 */
export function encodeCharacter(strokes: readonly Stroke[], size: PadSize): string {
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	for (const stroke of strokes) {
		for (const [x, y] of stroke) {
			if (x < minX) minX = x;
			if (x > maxX) maxX = x;
			if (y < minY) minY = y;
			if (y > maxY) maxY = y;
		}
	}
	const padScale = BOX / Math.max(size.width, size.height);
	const ink = Math.max(maxX - minX, maxY - minY) * padScale;
	const scale = ink < SMALLEST_INK ? (padScale * SMALLEST_INK) / Math.max(ink, 1e-9) : ink > LARGEST_INK ? (padScale * LARGEST_INK) / ink : padScale;
	const centreX = (minX + maxX) / 2;
	const centreY = (minY + maxY) / 2;
	const place = (value: number, centre: number): number => {
		const placed = Math.round(BOX / 2 + (value - centre) * scale);
		return Math.min(BOX, Math.max(0, placed));
	};
	const encoded = strokes
		.filter((stroke) => stroke.length > 0)
		.map((stroke) => `(${stroke.map(([x, y]) => `(${place(x, centreX)} ${place(y, centreY)})`).join('')})`)
		.join('');
	return `(character (width ${BOX})(height ${BOX})(strokes ${encoded}))`;
}

/** True for the line that opens an answer. */
export function isAnswerHeader(line: string): boolean {
	return line.trimEnd() === 'Answer:';
}

/**
 * The candidates of one answer's lines (those after `Answer: `), in zinnia's order (best first).
 * A line that is not `<one character> <number>` is skipped rather than trusted.
 */
export function parseCandidates(lines: readonly string[]): Candidate[] {
	const candidates: Candidate[] = [];
	for (const raw of lines) {
		const line = raw.trim();
		const gap = line.lastIndexOf(' ');
		if (gap <= 0) continue;
		const char = line.slice(0, gap).trim();
		const score = Number(line.slice(gap + 1));
		if ([...char].length !== 1 || !Number.isFinite(score)) continue;
		candidates.push({ char, score });
	}
	return candidates;
}
