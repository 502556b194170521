import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHall, type TestHall } from '../support/test-hall.ts';
import { solidPng } from '../support/png.ts';

let hall: TestHall;
let director: string;

beforeEach(async () => {
	hall = await startTestHall();
	director = await hall.login('director');
});

afterEach(async () => {
	await hall.close();
});

async function upload(bytes: Buffer | string, token: string | null = director, contentType = 'image/png') {
	const res = await fetch(`${hall.url}/api/console/media`, {
		method: 'POST',
		headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
		body: typeof bytes === 'string' ? bytes : new Uint8Array(bytes)
	});
	return { status: res.status, body: (await res.json()) as any };
}

describe('media uploads', () => {
	it('stores a PNG under its sha256 and serves the exact bytes, cacheable and nosniff', async () => {
		const png = solidPng(16, 9);
		const res = await upload(png, director, 'application/octet-stream');
		expect(res.status).toBe(201);
		expect(res.body.id).toMatch(/^[0-9a-f]{64}$/);
		expect(res.body.url).toBe(`/media/${res.body.id}.png`);

		const got = await fetch(hall.url + res.body.url);
		expect(got.status).toBe(200);
		expect(got.headers.get('content-type')).toBe('image/png');
		expect(got.headers.get('x-content-type-options')).toBe('nosniff');
		expect(got.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);

		// The same picture again is the same image; it is in the audit trail.
		const again = await upload(png);
		expect(again.body.id).toBe(res.body.id);
		const audit = (await hall.api('/api/console/audit', { token: director })).body as { action: string }[];
		expect(audit.filter((e) => e.action === 'media:upload')).toHaveLength(2);
		// In the database, so a backup carries it.
		const row = hall.store.db.prepare(`SELECT size, content_type FROM media WHERE id = ?`).get(res.body.id);
		expect(row).toEqual({ size: png.length, content_type: 'image/png' });
	});

	it('judges the type by the bytes: JPEG, GIF and WebP signatures get their own extension', async () => {
		// The smallest files of each kind that carry their size fields and end markers.
		const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32), Buffer.from([0xff, 0xd9])]);
		const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([1, 0, 1, 0]), Buffer.alloc(28), Buffer.from([0x3b])]);
		const webp = Buffer.concat([Buffer.from('RIFF\x28\x00\x00\x00WEBPVP8 ', 'latin1'), Buffer.alloc(32)]);
		expect((await upload(jpeg, director, 'image/png')).body.url).toMatch(/\.jpg$/);
		expect((await upload(gif)).body.url).toMatch(/\.gif$/);
		const w = await upload(webp);
		expect(w.body.url).toMatch(/\.webp$/);
		const served = await fetch(hall.url + w.body.url);
		expect(served.headers.get('content-type')).toBe('image/webp');
	});

	it('refuses SVG, HTML named as a PNG, empty and unknown bytes', async () => {
		const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>';
		for (const [body, type] of [
			[svg, 'image/svg+xml'],
			[svg, 'image/png'],
			['<!doctype html><script>alert(1)</script>', 'image/png'],
			['', 'image/png'],
			[Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png']
		] as const) {
			const res = await upload(body, director, type);
			expect(res.status).toBe(415);
			expect(res.body.error.code).toBe('media_type');
			expect(res.body.error.message).toMatch(/PNG/);
		}
		expect(hall.store.db.prepare(`SELECT COUNT(*) AS n FROM media`).get()).toEqual({ n: 0 });
	});

	it('refuses an image cut short or with a borrowed signature, saying it is damaged', async () => {
		const png = solidPng(16, 9);
		for (const body of [
			png.subarray(0, png.length - 20),
			Buffer.concat([png.subarray(0, 8), Buffer.alloc(64)]),
			Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64)]),
			Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([0, 0, 0, 0]), Buffer.alloc(28), Buffer.from([0x3b])]),
			Buffer.concat([Buffer.from('RIFF\xff\x00\x00\x00WEBPVP8 ', 'latin1'), Buffer.alloc(32)])
		]) {
			const res = await upload(body);
			expect(res.status).toBe(415);
			expect(res.body.error).toMatchObject({ code: 'media_type', message: expect.stringContaining('不完整或已损坏') });
		}
		expect(hall.store.db.prepare(`SELECT COUNT(*) AS n FROM media`).get()).toEqual({ n: 0 });
	});

	it('refuses an image over 2 MB', async () => {
		const big = Buffer.concat([solidPng(), Buffer.alloc(2 * 1024 * 1024)]);
		const res = await upload(big);
		expect(res.status).toBe(413);
		expect(res.body.error.code).toBe('media_too_large');
	});

	it('is the director’s: staff are forbidden, strangers unauthorised', async () => {
		const staff = await hall.login('staff1');
		expect((await upload(solidPng(), staff)).status).toBe(403);
		expect((await upload(solidPng(), null)).status).toBe(401);
	});

	it('answers 404 JSON for unknown images, wrong extensions and other paths under /media', async () => {
		const { body } = await upload(solidPng());
		for (const path of [`/media/${'0'.repeat(64)}.png`, `/media/${body.id}.gif`, `/media/${body.id}.svg`, '/media/x', '/media/']) {
			const res = await fetch(hall.url + path);
			expect(res.status).toBe(404);
			expect(((await res.json()) as any).error.code).toBe('not_found');
		}
		expect((await fetch(hall.url + body.url, { method: 'POST' })).status).toBe(405);
	});

	it('takes a logo and guide details in the hall file; refuses a logo that is not an uploaded image', async () => {
		const { body } = await upload(solidPng());
		const file = (await hall.api('/api/console/config', { token: director })).body;
		file.logo = body.url;
		file.services[0].guide.details = `## 流程图\n\n![流程图](${body.url})`;
		expect((await hall.api('/api/console/config', { method: 'PUT', body: file, token: director })).status).toBe(200);
		const kiosk = (await hall.api('/api/kiosk')).body;
		expect(kiosk.logo).toBe(body.url);
		expect(kiosk.services[0].guide.details).toContain(body.url);
		expect((await hall.api('/api/board')).body.logo).toBe(body.url);

		for (const logo of ['javascript:alert(1)', 'https://evil.example/a.png', `/media/${body.id}.svg`]) {
			const res = await hall.api('/api/console/config', { method: 'PUT', body: { ...file, logo }, token: director });
			expect(res.status).toBe(400);
		}
	});
});

describe('markdown notices', () => {
	it('carry a plain-text summary of their first paragraph for the board', async () => {
		const today = '2026-11-26';
		const body = '**重要**：请[查看](javascript:alert(1))通知 <img src=x onerror=alert(1)>\n第二行\n\n第二段';
		const created = await hall.api('/api/console/notices', {
			token: director,
			body: { title: '测试', body, category: '测试', publishFrom: today, publishTo: today, publish: true }
		});
		expect(created.status).toBe(201);
		const notice = (await hall.api(`/api/notices/${created.body.id}`)).body;
		expect(notice.body).toBe(body);
		expect(notice.summary).toBe('重要：请查看通知 <img src=x onerror=alert(1)> 第二行');
	});
});
