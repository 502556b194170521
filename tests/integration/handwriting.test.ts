// 手写 through the hall's doors: the real zinnia recognizing characters written as strokes,
// the input bounds, the per-address rate limit, and the answer when there is no recognizer.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../server/errors.ts';
import { FakeRecognizer } from '../../server/handwriting/fake.ts';
import { ZinniaRecognizer } from '../../server/handwriting/zinnia.ts';
import { pino } from 'pino';
import { ask, startTestHall, type TestHall } from '../support/test-hall.ts';

/** A pad of the kiosk's size in CSS pixels. */
const PAD = { width: 480, height: 480 };

/** Points along a polyline, as a finger gives them (every few pixels), rounded like the pad sends them. */
function stroke(...corners: [number, number][]): [number, number][] {
	const points: [number, number][] = [];
	for (let i = 0; i < corners.length - 1; i++) {
		const [[x0, y0], [x1, y1]] = [corners[i], corners[i + 1]];
		const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 12));
		for (let k = 0; k < steps; k++) points.push([Math.round(x0 + ((x1 - x0) * k) / steps), Math.round(y0 + ((y1 - y0) * k) / steps)]);
	}
	points.push(corners[corners.length - 1]);
	return points;
}

/** Characters as a resident writes them on the pad, stroke by stroke in the standard order. */
const WRITTEN: Record<string, [number, number][][]> = {
	一: [stroke([70, 240], [240, 236], [410, 242])],
	十: [stroke([70, 230], [410, 228]), stroke([240, 60], [242, 250], [240, 420])],
	人: [stroke([240, 50], [228, 215], [156, 335], [48, 420]), stroke([216, 240], [312, 360], [432, 420])],
	口: [stroke([144, 144], [150, 336]), stroke([144, 144], [336, 138], [330, 336]), stroke([150, 330], [330, 330])]
};

async function recognize(hall: TestHall, strokes: unknown, extra: Record<string, unknown> = {}) {
	return hall.api('/api/handwriting/recognize', { body: { ...PAD, strokes, ...extra } });
}

describe('with the real zinnia', () => {
	let hall: TestHall;
	beforeAll(async () => {
		hall = await startTestHall();
	});
	afterAll(async () => {
		await hall.close();
	});

	it('says handwriting is available', async () => {
		const res = await hall.api('/api/handwriting');
		expect(res).toEqual({ status: 200, body: { available: true } });
	});

	it('recognizes 一 and 十 first, and has 口 and 人 among the first candidates', async () => {
		const top: Record<string, string[]> = {};
		for (const [char, strokes] of Object.entries(WRITTEN)) {
			const res = await recognize(hall, strokes);
			expect(res.status, JSON.stringify(res.body)).toBe(200);
			top[char] = res.body.candidates.map((c: { char: string }) => c.char);
			expect(res.body.candidates).toHaveLength(10);
		}
		expect(top['一'][0]).toBe('一');
		expect(top['十'][0]).toBe('十');
		expect(top['口'].slice(0, 3)).toContain('口');
		// The Tegaki model ranks 入 above 人 for most hands; 人 still shows in the pad's first row.
		expect(top['人'].slice(0, 5)).toContain('人');
	});

	it('answers after each stroke: the first stroke of 十 reads as 一', async () => {
		const first = await recognize(hall, WRITTEN['十'].slice(0, 1), { limit: 3 });
		expect(first.body.candidates[0].char).toBe('一');
		expect(first.body.candidates).toHaveLength(3);
		const both = await recognize(hall, WRITTEN['十'], { limit: 3 });
		expect(both.body.candidates[0].char).toBe('十');
	});

	it('recognizes over the socket too', async () => {
		const socket = await hall.socket();
		const ack = await ask(socket, 'handwriting:recognize', { ...PAD, strokes: WRITTEN['十'] });
		expect(ack.data.candidates[0].char).toBe('十');
		expect(await ask(socket, 'handwriting:status', {})).toEqual({ data: { available: true } });
	});

	it('answers a character written in a corner of a wide pad as if written in the middle', async () => {
		const shifted = WRITTEN['十'].map((s) => s.map(([x, y]) => [x * 0.6 + 10, y * 0.6 + 8]));
		const res = await hall.api('/api/handwriting/recognize', { body: { width: 960, height: 480, strokes: shifted } });
		expect(res.body.candidates[0].char).toBe('十');
	});

	it('refuses input out of bounds before it reaches zinnia', async () => {
		const line = WRITTEN['一'][0];
		const bad: [string, unknown][] = [
			['no strokes', { ...PAD, strokes: [] }],
			['an empty stroke', { ...PAD, strokes: [[]] }],
			['41 strokes', { ...PAD, strokes: Array.from({ length: 41 }, () => [[10, 10], [20, 20]]) }],
			['401 points in a stroke', { ...PAD, strokes: [Array.from({ length: 401 }, (_, i) => [i % 400, 10])] }],
			['2001 points in all', { ...PAD, strokes: Array.from({ length: 11 }, () => Array.from({ length: 182 }, (_, i) => [i, i])) }],
			['a point right of the pad', { ...PAD, strokes: [[...line, [481, 200]]] }],
			['a point below the pad', { ...PAD, strokes: [[[10, 481]]] }],
			['a negative coordinate', { ...PAD, strokes: [[[-1, 10]]] }],
			['a point of three numbers', { ...PAD, strokes: [[[1, 2, 3]]] }],
			['a coordinate as text', { ...PAD, strokes: [[['1', 2]]] }],
			['a pad of 0 px', { width: 0, height: 480, strokes: [[[0, 0]]] }],
			['a huge pad', { width: 100_000, height: 480, strokes: [[[0, 0]]] }],
			['limit 0', { ...PAD, strokes: [line], limit: 0 }],
			['limit 21', { ...PAD, strokes: [line], limit: 21 }],
			['an extra field', { ...PAD, strokes: [line], model: '/etc/passwd' }]
		];
		for (const [what, body] of bad) {
			const res = await hall.api('/api/handwriting/recognize', { body });
			expect(res.status, what).toBe(400);
			expect(res.body.error.code, what).toBe('bad_request');
			// The field in words (笔画, 书写板宽度, 候选字数…), never a raw key such as `strokes`.
			expect(res.body.error.message, what).toMatch(/[\u4e00-\u9fa5]/);
			expect(res.body.error.message, what).not.toMatch(/strokes|width|height|limit/);
		}
	});

	it('survives a fuzz of near-valid strokes: no 5xx, known codes, zinnia still answering after', async () => {
		const coordinate = fc.oneof(fc.integer({ min: -5, max: 500 }), fc.double({ min: 0, max: 480, noNaN: true }), fc.constantFrom(0, 480, 1e308, -0));
		const strokes = fc.array(fc.array(fc.tuple(coordinate, coordinate), { minLength: 0, maxLength: 30 }), { minLength: 0, maxLength: 45 });
		await fc.assert(
			fc.asyncProperty(strokes, fc.option(fc.integer({ min: -1, max: 25 }), { nil: undefined }), async (written, limit) => {
				const res = await hall.api('/api/handwriting/recognize', { body: { ...PAD, strokes: written, ...(limit === undefined ? {} : { limit }) } });
				expect(res.status).toBeLessThan(500);
				if (res.status >= 400) expect(ERROR_CODES.has(res.body.error.code), JSON.stringify(res.body)).toBe(true);
				else expect(res.body.candidates.length).toBeLessThanOrEqual(limit ?? 10);
			}),
			{ numRuns: 150 }
		);
		expect((await recognize(hall, WRITTEN['十'])).body.candidates[0].char).toBe('十');
	}, 60_000);
});

describe('without a recognizer', () => {
	it('answers handwriting_unavailable (503) when the model file is missing, and says so in the status', async () => {
		const zinnia = new ZinniaRecognizer({ logger: pino({ level: 'silent' }), model: '/nonexistent/handwriting-zh_CN.model' });
		const hall = await startTestHall({ handwriting: zinnia });
		try {
			expect((await hall.api('/api/handwriting')).body).toEqual({ available: false });
			const res = await recognize(hall, WRITTEN['一']);
			expect(res.status).toBe(503);
			expect(res.body.error.code).toBe('handwriting_unavailable');
			expect(res.body.error.message).toMatch(/手写/);
		} finally {
			await hall.close();
		}
	});

	it('answers handwriting_unavailable when the recognizer is switched off, and recovers when it is back', async () => {
		const fake = new FakeRecognizer({ available: false });
		const hall = await startTestHall({ handwriting: fake });
		try {
			expect((await recognize(hall, WRITTEN['十'])).body.error.code).toBe('handwriting_unavailable');
			fake.setAvailable(true);
			expect((await hall.api('/api/handwriting')).body).toEqual({ available: true });
			expect((await recognize(hall, WRITTEN['十'])).body.candidates[0].char).toBe('十');
			// The command passes the pad's size, the strokes as sent and the default limit on.
			expect(fake.requests).toEqual([{ strokes: WRITTEN['十'], size: PAD, limit: 10 }]);
		} finally {
			await hall.close();
		}
	});
});

describe('rate limit', () => {
	it('gives each address a bucket: a burst of a character’s strokes passes, a flood is refused', async () => {
		const fake = new FakeRecognizer();
		const hall = await startTestHall({ rateLimit: true, handwriting: fake });
		try {
			const statuses: number[] = [];
			for (let i = 0; i < 45; i++) statuses.push((await recognize(hall, WRITTEN['一'])).status);
			expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
			const refused = await recognize(hall, WRITTEN['一']);
			expect(refused.status).toBe(429);
			expect(refused.body.error.code).toBe('rate_limited');
			expect(refused.body.error.message).toBe('书写过快，请稍后再写');
			// Refused requests never reach the recognizer.
			expect(fake.requests.length).toBe(40);
			// The status read is not limited: the kiosk may always ask whether to show its pad.
			expect((await hall.api('/api/handwriting')).status).toBe(200);
			// Time refills the bucket (the test clock, not the wall clock).
			hall.clock.advance(1_000);
			expect((await recognize(hall, WRITTEN['一'])).status).toBe(200);
		} finally {
			await hall.close();
		}
	});
});
