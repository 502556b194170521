// The handwriting pad's talk with the hall server (POST /api/handwriting/recognize) and the
// ink it sends: points a finger gives every few milliseconds are thinned to the ones that
// carry shape, within the bounds the server checks (src/lib/commands.ts, HANDWRITING_LIMITS;
// not imported, so zod stays out of the kiosk's bundle).
import type { Ack, HandwritingAnswer, HandwritingStatus } from '../protocol.ts';
import { call } from '../shared/api.ts';

export type Point = [number, number];

/** The keyboard's input methods: 手写, 拼音, ABC. */
export type InputMode = 'hand' | 'pinyin' | 'abc';

/** Kept below the server's bounds (40 strokes, 400 points a stroke, 2000 in all). */
export const PAD_LIMITS = { maxStrokes: 40, maxPointsPerStroke: 300, maxPoints: 1800 } as const;

/** Closer points than this (CSS px) add nothing zinnia sees; it resamples strokes anyway. */
const MIN_STEP = 4;

export function handwritingStatus(): Promise<Ack<HandwritingStatus>> {
	return call<HandwritingStatus>('GET', '/api/handwriting');
}

export function recognizeHandwriting(strokes: Point[][], width: number, height: number, limit = 10): Promise<Ack<HandwritingAnswer>> {
	return call<HandwritingAnswer>('POST', '/api/handwriting/recognize', { body: { width, height, strokes, limit } });
}

/**
 * A point of the pad, kept on the pad (a finger slides off its edge) and cut to a tenth of a
 * pixel: cut down, never rounded up, so that it is never past the edge the server checks.
 */
export function padPoint(x: number, y: number, width: number, height: number): Point {
	const clamp = (value: number, max: number) => Math.floor(Math.min(max, Math.max(0, value)) * 10) / 10;
	return [clamp(x, width), clamp(y, height)];
}

/**
 * Adds a point to the stroke being written unless it is too close to the last one or the
 * stroke is full; returns whether it was added.
 */
export function extendStroke(stroke: Point[], point: Point): boolean {
	if (stroke.length >= PAD_LIMITS.maxPointsPerStroke) return false;
	const last = stroke[stroke.length - 1];
	if (last && Math.hypot(point[0] - last[0], point[1] - last[1]) < MIN_STEP) return false;
	stroke.push(point);
	return true;
}

/** Ends a stroke at `point`: where a stroke ends matters to its shape even when it is close to the last point. */
export function endStroke(stroke: Point[], point: Point): void {
	const last = stroke[stroke.length - 1];
	if (last && last[0] === point[0] && last[1] === point[1]) return;
	if (stroke.length >= PAD_LIMITS.maxPointsPerStroke) stroke[stroke.length - 1] = point;
	else stroke.push(point);
}

/** Whether the pad takes another stroke (the server's totals; a character needs far fewer). */
export function roomForStroke(strokes: Point[][]): boolean {
	const points = strokes.reduce((sum, stroke) => sum + stroke.length, 0);
	return strokes.length < PAD_LIMITS.maxStrokes && points + PAD_LIMITS.maxPointsPerStroke <= PAD_LIMITS.maxPoints;
}
