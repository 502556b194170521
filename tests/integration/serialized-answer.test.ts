// Answers serialized where they were computed (SerializedJson): the HTTP door writes their
// bytes as they are, byte for byte what it writes for the same value as an object, and the
// socket door acks the same data; the period report the history worker serializes is the
// very JSON the object report would have been.

import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Auth } from '../../server/auth.ts';
import { SerializedJson } from '../../server/commands/serialized.ts';
import { command, type AnyCommand, type Services } from '../../server/commands/table.ts';
import { createHttpDoor } from '../../server/doors/http.ts';
import { attachSocketDoor, type HallIo } from '../../server/doors/socket.ts';
import { ok } from '../../server/errors.ts';
import { Store } from '../../server/store/store.ts';
import { startTestHall, TestClock, THURSDAY_10AM, type TestHall } from '../support/test-hall.ts';

/** Chinese, an emoji (4 UTF-8 bytes), escapes, nulls, nesting and numbers: what a byte count or a re-encoding could get wrong. */
const VALUE = {
	hall: '东城区党群服务中心',
	services: [{ id: 'party-transfer', name: '党组织关系转接', wait: { averageMinutes: 4.5, p90Minutes: null } }],
	note: '引号 " 反斜杠 \\ 换行 \n 😀',
	empty: [],
	count: 0
};

const plain = command({ name: 'test:plain', input: z.strictObject({}), who: 'anyone', kind: 'read', run: () => ok(VALUE), http: { method: 'GET', path: '/api/test/plain' }, socket: { event: 'test:plain' } });
const serialized = command({
	name: 'test:serialized',
	input: z.strictObject({}),
	who: 'anyone',
	kind: 'read',
	run: () => ok(SerializedJson.of(VALUE)),
	http: { method: 'GET', path: '/api/test/serialized' },
	socket: { event: 'test:serialized' }
});

let server: HttpServer | null = null;
let store: Store | null = null;
let socket: Socket | null = null;
let hall: TestHall | null = null;

afterEach(async () => {
	socket?.close();
	socket = null;
	await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
	server = null;
	store?.close();
	store = null;
	await hall?.close();
	hall = null;
});

describe('an answer sent pre-serialized', () => {
	it('is byte-identical JSON with the same headers through the HTTP door, and the same data through the socket door', async () => {
		store = new Store(':memory:');
		const logger = pino({ level: 'silent' });
		// The doors need only these services for an anonymous read without limits.
		const services = { auth: new Auth(store, new TestClock(THURSDAY_10AM)), logger, trustProxy: new Set<string>() } as unknown as Services;
		const table = [plain, serialized] as AnyCommand[];
		const api = createHttpDoor(table, services);
		server = createServer((req, res) => void api(req, res));
		const io: HallIo = new Server(server, { transports: ['websocket'] });
		attachSocketDoor(io, table, services, null);
		await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

		const [a, b] = await Promise.all(['plain', 'serialized'].map((name) => fetch(`${url}/api/test/${name}`)));
		const [bytesA, bytesB] = await Promise.all([a, b].map(async (res) => Buffer.from(await res.arrayBuffer())));
		expect(b.status).toBe(200);
		expect(bytesB.equals(bytesA)).toBe(true);
		expect(bytesB.toString('utf8')).toBe(JSON.stringify(VALUE));
		for (const header of ['content-type', 'content-length', 'cache-control']) expect(b.headers.get(header)).toBe(a.headers.get(header));
		expect(Number(b.headers.get('content-length'))).toBe(Buffer.byteLength(JSON.stringify(VALUE)));

		socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
		await new Promise<void>((resolve, reject) => {
			socket!.once('connect', () => resolve());
			socket!.once('connect_error', reject);
		});
		const ask = (event: string) => new Promise<unknown>((resolve) => socket!.emit(event, {}, resolve));
		const viaSocket = await ask('test:serialized');
		expect(viaSocket).toEqual(await ask('test:plain'));
		expect(viaSocket).toEqual({ data: VALUE });
	});

	it('the period report the history worker serializes is the JSON of the report object, byte for byte', async () => {
		hall = await startTestHall();
		const director = await hall.login('director');
		const staff = (await hall.addStaff(1))[0];
		const token = await hall.login(staff);
		await hall.api('/api/windows/1/sign-in', { method: 'POST', token });
		for (let i = 0; i < 3; i++) await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } });
		for (const outcome of ['done', 'refused']) {
			for (const verb of ['call-next', 'start']) expect((await hall.api(`/api/windows/1/${verb}`, { token, body: {} })).status).toBe(200);
			hall.clock.advance(3 * 60_000);
			expect((await hall.api('/api/windows/1/finish', { token, body: outcome === 'done' ? { outcome } : { outcome, reason: '缺少介绍信' } })).status).toBe(200);
		}
		const day = '2026-11-26';
		const res = await fetch(`${hall.url}/api/console/reports?from=${day}&to=${day}`, { headers: { authorization: `Bearer ${director}` } });
		expect(res.status).toBe(200);
		const body = Buffer.from(await res.arrayBuffer());
		// The same report as an object (the worker's structured clone), serialized here as the door does for any value.
		const report = await hall.app.history.period(day, day);
		if (!report.ok) throw new Error(report.error.message);
		expect(report.value.refusals).toEqual([expect.objectContaining({ reason: '缺少介绍信' })]);
		expect(body.toString('utf8')).toBe(JSON.stringify(report.value));
		expect(Number(res.headers.get('content-length'))).toBe(body.length);
		expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
	});
});
