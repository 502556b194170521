// The outbox against a fake SMS platform on 127.0.0.1: signed bodies, retries with back-off,
// failures kept and visible; and the preview adapter's files.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../store/store.ts';
import { previewAdapter, signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookAdapter } from './adapters.ts';
import { Outbox } from './outbox.ts';
import type { NotificationAdapter } from './port.ts';

const SECRET = 'a-hall-secret-of-some-length';
const logger = pino({ level: 'silent' });

interface Received {
	body: string;
	headers: IncomingMessage['headers'];
}

/** Answers with the given statuses in turn (the last one repeats), recording every request. */
async function fakePlatform(statuses: number[]): Promise<{ server: Server; url: string; received: Received[] }> {
	const received: Received[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
			const status = statuses[Math.min(received.length - 1, statuses.length - 1)];
			res.writeHead(status, { 'content-type': 'text/plain' });
			res.end(status === 200 ? 'ok' : 'platform down');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`, received };
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const step of cleanup.splice(0).reverse()) await step();
});

function outboxWith(adapter: NotificationAdapter, backoffMs: number[]) {
	const store = new Store(':memory:');
	const clock = { now: () => Date.now() };
	const outbox = new Outbox(store.db, clock, () => adapter, logger, { backoffMs });
	cleanup.push(() => store.close(), () => outbox.close());
	return { store, outbox };
}

/** Waits until the outbox settles on an answer for the message (no fixed sleeps: the machine is noisy). */
async function settled(outbox: Outbox, id: string) {
	for (;;) {
		await outbox.idle();
		const record = outbox.list({}, 1000).find((r) => r.id === id);
		if (record && record.status !== 'pending') return record;
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

const message = { kind: 'booked' as const, recipient: '13912345678', text: '【测试大厅】预约成功', data: { code: 'K7M-4TX' } };

describe('webhook adapter', () => {
	it('posts a body signed with the hall secret over timestamp and body', async () => {
		const platform = await fakePlatform([200]);
		cleanup.push(() => new Promise<void>((resolve) => platform.server.close(() => resolve())));
		const { outbox } = outboxWith(webhookAdapter({ url: platform.url, secret: SECRET }), [1]);
		const id = outbox.enqueue(message)!;
		const record = await settled(outbox, id);
		expect(record).toMatchObject({ status: 'sent', attempts: 1, recipient: '139****5678', lastError: null });
		expect(platform.received).toHaveLength(1);
		const [{ body, headers }] = platform.received;
		const timestamp = Number(headers[TIMESTAMP_HEADER]);
		expect(headers[SIGNATURE_HEADER]).toBe(signBody(SECRET, timestamp, body));
		expect(headers[SIGNATURE_HEADER]).not.toBe(signBody('another-secret-entirely', timestamp, body));
		expect(headers['idempotency-key']).toBe(id);
		expect(JSON.parse(body)).toMatchObject({ id, kind: 'booked', to: '13912345678', text: '【测试大厅】预约成功', data: { code: 'K7M-4TX' } });
	});

	it('retries with back-off until the platform answers', async () => {
		const platform = await fakePlatform([500, 503, 200]);
		cleanup.push(() => new Promise<void>((resolve) => platform.server.close(() => resolve())));
		const { outbox } = outboxWith(webhookAdapter({ url: platform.url, secret: SECRET }), [1, 1, 1]);
		const id = outbox.enqueue(message)!;
		const record = await settled(outbox, id);
		expect(record).toMatchObject({ status: 'sent', attempts: 3 });
		expect(platform.received).toHaveLength(3);
		// The same message each time: the platform can drop a repeat by its id.
		expect(new Set(platform.received.map((r) => r.headers['idempotency-key'])).size).toBe(1);
	});

	it('gives up after the last back-off, keeps the failure visible, and sends again on retry', async () => {
		const platform = await fakePlatform([500, 500, 500, 200]);
		cleanup.push(() => new Promise<void>((resolve) => platform.server.close(() => resolve())));
		const { outbox } = outboxWith(webhookAdapter({ url: platform.url, secret: SECRET }), [1, 1]);
		const id = outbox.enqueue(message)!;
		const failed = await settled(outbox, id);
		expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
		expect(failed.lastError).toContain('HTTP 500');
		expect(outbox.list({ status: 'failed' }).map((r) => r.id)).toEqual([id]);
		expect(outbox.retry(id)).toBe(true);
		expect(await settled(outbox, id)).toMatchObject({ status: 'sent' });
		expect(outbox.retry(id)).toBe(false);
	});

	it('counts an unreachable platform as a failure', async () => {
		const platform = await fakePlatform([200]);
		await new Promise<void>((resolve) => platform.server.close(() => resolve()));
		const { outbox } = outboxWith(webhookAdapter({ url: platform.url, secret: SECRET, timeoutMs: 2000 }), []);
		const id = outbox.enqueue(message)!;
		const record = await settled(outbox, id);
		expect(record.status).toBe('failed');
		expect(record.lastError).toBeTruthy();
	});
});

describe('outbox', () => {
	it('sends each deduplicated message once, holds reminders until due, and withdraws cancelled ones', async () => {
		const sent: string[] = [];
		const { outbox } = outboxWith({ name: 'preview', deliver: async (m) => void sent.push(m.text) }, [1]);
		expect(outbox.enqueue({ ...message, dedupeKey: 'almost:t1' })).not.toBeNull();
		expect(outbox.enqueue({ ...message, dedupeKey: 'almost:t1' })).toBeNull();
		const later = outbox.enqueue({ ...message, text: '提醒', dueAt: Date.now() + 3_600_000, dedupeKey: 'reminder:b1' })!;
		const cancelled = outbox.enqueue({ ...message, text: '取消的提醒', dueAt: Date.now() + 3_600_000, dedupeKey: 'reminder:b2' })!;
		outbox.cancel('reminder:b2');
		await outbox.idle();
		expect(sent).toEqual(['【测试大厅】预约成功']);
		const records = outbox.list({}, 10);
		expect(records.find((r) => r.id === later)?.status).toBe('pending');
		expect(records.find((r) => r.id === cancelled)?.status).toBe('cancelled');
	});
});

describe('preview adapter', () => {
	it('keeps each message as a file under the data directory, the number masked', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'jiaohao-notify-'));
		cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
		const { outbox } = outboxWith(previewAdapter(join(dir, 'notifications')), [1]);
		const id = outbox.enqueue(message)!;
		expect((await settled(outbox, id)).status).toBe('sent');
		const files = readdirSync(join(dir, 'notifications'));
		expect(files).toHaveLength(1);
		const saved = JSON.parse(readFileSync(join(dir, 'notifications', files[0]), 'utf8'));
		expect(saved).toMatchObject({ id, kind: 'booked', recipient: '139****5678', text: '【测试大厅】预约成功' });
	});
});
