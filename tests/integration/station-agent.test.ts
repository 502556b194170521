// Station agents end to end: the hall on a loopback port with K1's server-side printer a
// fake network printer, and an in-process agent (the same code `npm run kiosk` runs)
// with a second fake printer and a fake HID barcode scanner.

import { once } from 'node:events';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startStationAgent, type StationAgent, type StationAgentOptions } from '../../kiosk/agent/station-agent.ts';
import { createHidScanner } from '../../devices/scanner/scanner.ts';
import { FakeHidDevice } from '../fakes/fake-hid.ts';
import { startFakePrinter, type FakePrinter } from '../fakes/fake-printer.ts';
import { decodedText, decodeEscPos } from '../support/escpos-decoder.ts';
import { watchKiosk } from '../support/kiosk-watch.ts';
import { ask, demoHallFile, startTestHall, type TestHall } from '../support/test-hall.ts';

const KEY = 'test-k1-agent-key-0001';

let hall: TestHall;
let serverPrinter: FakePrinter;
let agentPrinter: FakePrinter;
const agents: StationAgent[] = [];

afterEach(async () => {
	for (const agent of agents.splice(0)) await agent.close();
	await hall?.close();
	await serverPrinter?.close();
	await agentPrinter?.close();
});

async function setup(): Promise<void> {
	serverPrinter = await startFakePrinter();
	agentPrinter = await startFakePrinter();
	const file = demoHallFile();
	file.stations = file.stations.map((s) => (s.id === 'K1' ? { ...s, printer: serverPrinter.uri, agentKey: KEY } : s));
	hall = await startTestHall({ hallFile: file, printing: { retry: { initialMs: 50, maxMs: 200 }, statusPollMs: null } });
}

/** K1's agent with a fake HID barcode scanner, connected: the test scans through `device`. */
async function agentWithScanner(): Promise<{ device: FakeHidDevice; station: StationAgent }> {
	const device = new FakeHidDevice();
	const scanner = createHidScanner({ vendorId: device.vendorId, productId: device.productId, open: device.opener() });
	const station = await agent({ scanner });
	await station.ready();
	return { device, station };
}

async function agent(options: Partial<StationAgentOptions> = {}): Promise<StationAgent> {
	const started = await startStationAgent({
		server: hall.url,
		station: 'K1',
		key: KEY,
		printer: agentPrinter.uri,
		logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
		retry: { initialMs: 50, maxMs: 200 },
		socket: { reconnectionDelay: 50, reconnectionDelayMax: 200 },
		...options
	});
	agents.push(started);
	return started;
}

const textOf = (bytes: Uint8Array) => decodedText(decodeEscPos(bytes));
const qrOf = (bytes: Uint8Array) => decodeEscPos(bytes).flatMap((op) => (op.type === 'qr' ? [op.data] : []));

describe('station agents', () => {
	it('applies a rotated key and a new paper width at once: the agent with the old key is dropped and refused, slips print 48 columns', async () => {
		await setup();
		const station = await agent();
		await station.ready();
		const kiosk = await watchKiosk(hall, 'K1');
		await kiosk.untilPrinter((s) => s.via === 'agent' && s.code === 'ok');
		const token = await hall.login('director');
		const file = (await hall.api('/api/console/config', { token })).body;
		const NEW_KEY = 'k1-rotated-key-0123456789';
		file.stations = file.stations.map((s: any) => (s.id === 'K1' ? { ...s, agentKey: NEW_KEY, paper: '80mm' } : s));
		const saved = await hall.api('/api/console/config', { method: 'PUT', body: file, token, headers: { 'if-match': '*' } });
		expect(saved.status).toBe(200);
		// The agent that proved itself with the old key is gone; the server's own printer takes the jobs.
		await kiosk.untilPrinter((s) => s.via === 'server');
		const issued = await ask(kiosk.socket, 'ticket:issue', { serviceId: 'party-transfer', station: 'K1' });
		const [job] = await serverPrinter.waitForJobs(1);
		expect(textOf(job.bytes)).toContain(issued.data.number);
		// 80 mm paper: lines up to 48 columns wide (58 mm paper has 32).
		const widest = Math.max(...textOf(job.bytes).split('\n').map((line) => [...line].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0)));
		expect(widest).toBeGreaterThan(32);
		expect(agentPrinter.jobs).toHaveLength(0);
		// The old key no longer opens the station.
		const again = await agent();
		const [refused] = await once(again.events, 'refused');
		expect(refused).toMatchObject({ code: 'forbidden' });
	});

	it("sends the station's jobs to its connected agent, which prints them on its own printer", async () => {
		await setup();
		const station = await agent();
		expect(await station.ready()).toMatchObject({ station: 'K1', hallName: '幸福社区党群服务中心', maxAgeMs: 600_000 });
		const kiosk = await watchKiosk(hall, 'K1');
		await kiosk.untilPrinter((s) => s.via === 'agent' && s.code === 'ok');
		// Screen and agent both connected: the whole kiosk is online for the director.
		expect(hall.app.presence.list().find((s) => s.station === 'K1')).toMatchObject({ online: true, missing: [] });

		const issued = await ask(kiosk.socket, 'ticket:issue', { serviceId: 'party-transfer', station: 'K1' });
		const [job] = await agentPrinter.waitForJobs(1);
		expect(textOf(job.bytes)).toContain(issued.data.number);
		expect(textOf(job.bytes)).toContain('党组织关系转接');
		expect(qrOf(job.bytes)).toEqual([`${hall.url}/t/${issued.data.id}`]);
		const printed = await kiosk.untilJob((j) => j.ticketId === issued.data.id && j.state === 'printed');
		expect(printed.via).toBe('agent');
		expect(kiosk.jobs.filter((j) => j.id === printed.id).map((j) => j.state)).toEqual(['queued', 'sent', 'printed']);
		expect(serverPrinter.jobs).toHaveLength(0);

		// The agent's printer runs out of paper: the kiosk hears it through the agent.
		agentPrinter.setPaperOut(true);
		const notice = await ask(kiosk.socket, 'print:notification', { serviceId: 'archives', station: 'K1' });
		expect(notice.data).toMatchObject({ state: 'sent', via: 'agent' });
		const alert = await kiosk.untilPrinter((s) => s.code === 'paper_out');
		expect(alert).toMatchObject({ via: 'agent', ready: false, message: expect.stringContaining('缺纸') });
		agentPrinter.setPaperOut(false);
		const jobs = await agentPrinter.waitForJobs(2);
		expect(textOf(jobs[1].bytes)).toContain('一次性告知单');
		await kiosk.untilJob((j) => j.id === notice.data.id && j.state === 'printed');
	});

	it('refuses an agent without the right key: it gets no jobs, the server printer prints them', async () => {
		await setup();
		const intruder = await agent({ key: 'not-the-right-key-000' });
		const [error] = await once(intruder.events, 'refused');
		expect(error).toMatchObject({ code: 'forbidden' });
		expect(intruder.registered).toBe(false);

		const raw = await hall.socket();
		expect((await ask(raw, 'agent:hello', { station: 'K1', printer: 'tcp' })).error.code).toBe('forbidden');
		expect((await ask(raw, 'agent:hello', { station: 'K9', key: KEY, printer: 'tcp' })).error.code).toBe('unknown_station');
		expect((await ask(raw, 'agent:hello', { station: 'K1', key: KEY, printer: 'laser' })).error.code).toBe('bad_request');
		expect((await ask(raw, 'agent:status', { code: 'ok' })).error.code).toBe('unauthorized');

		const kiosk = await watchKiosk(hall, 'K1');
		expect(kiosk.snapshot.printer.via).toBe('server');
		const res = await hall.api('/api/tickets', { body: { serviceId: 'volunteer', station: 'K1' } });
		const [job] = await serverPrinter.waitForJobs(1);
		expect(textOf(job.bytes)).toContain(res.body.number);
		await kiosk.untilJob((j) => j.ticketId === res.body.id && j.state === 'printed' && j.via === 'server');
		expect(agentPrinter.jobs).toHaveLength(0);
	});

	it("falls back to the server printer with the agent's unprinted jobs when the agent goes", async () => {
		await setup();
		agentPrinter.setPaperOut(true);
		const station = await agent();
		await station.ready();
		const kiosk = await watchKiosk(hall, 'K1');
		await kiosk.untilPrinter((s) => s.via === 'agent' && s.code === 'paper_out');

		const issued = await ask(kiosk.socket, 'ticket:issue', { serviceId: 'party-transfer', station: 'K1' });
		const sent = await kiosk.untilJob((j) => j.ticketId === issued.data.id && j.state === 'sent');
		await station.close();

		const [job] = await serverPrinter.waitForJobs(1);
		expect(textOf(job.bytes)).toContain(issued.data.number);
		await kiosk.untilJob((j) => j.id === sent.id && j.state === 'printed' && j.via === 'server');
		await kiosk.untilPrinter((s) => s.via === 'server' && s.code === 'ok');
		expect(agentPrinter.jobs).toHaveLength(0);
		expect(hall.app.prints.jobEvents(sent.id).map((e) => e.type)).toEqual(['queued', 'sent', 'fallback', 'printed']);

		// Later tickets print at the server until an agent is back.
		const next = await hall.api('/api/tickets', { body: { serviceId: 'party-transfer', station: 'K1' } });
		const jobs = await serverPrinter.waitForJobs(2);
		expect(textOf(jobs[1].bytes)).toContain(next.body.number);
	});

	it('lets a newer agent take the station over; the older one is disconnected', async () => {
		await setup();
		const first = await agent();
		await first.ready();
		const kicked = once(first.events, 'disconnected');
		const otherPrinter = await startFakePrinter();
		try {
			const second = await agent({ printer: otherPrinter.uri });
			await second.ready();
			expect((await kicked)[0]).toBe('io server disconnect');
			const kiosk = await watchKiosk(hall, 'K1');
			const res = await hall.api('/api/tickets', { body: { serviceId: 'agency', station: 'K1' } });
			const [job] = await otherPrinter.waitForJobs(1);
			expect(textOf(job.bytes)).toContain(res.body.number);
			await kiosk.untilJob((j) => j.ticketId === res.body.id && j.state === 'printed' && j.via === 'agent');
			expect(agentPrinter.jobs).toHaveLength(0);
			expect(serverPrinter.jobs).toHaveLength(0);
		} finally {
			for (const a of agents.splice(0)) await a.close();
			await otherPrinter.close();
		}
	});

	it('shows the ticket whose QR is scanned at K1 on K1’s kiosk screen', async () => {
		await setup();
		const { device, station } = await agentWithScanner();
		const k1 = await watchKiosk(hall, 'K1');
		const k2 = await watchKiosk(hall, 'K2');
		const issued = await ask(k1.socket, 'ticket:issue', { serviceId: 'heart-talk', station: 'K1' });
		await k1.untilJob((j) => j.ticketId === issued.data.id && j.state === 'printed');

		const result = once(station.events, 'scan');
		device.scan(`${hall.url}/t/${issued.data.id}`);
		const [{ data, ack }] = await result;
		expect(data).toBe(`${hall.url}/t/${issued.data.id}`);
		expect(ack.data).toMatchObject({ id: issued.data.id, number: 'C001', status: 'waiting' });
		await k1.until('the scanned ticket', () => k1.scans.length === 1);
		expect(k1.scans[0]).toMatchObject({ station: 'K1', ticket: { id: issued.data.id, number: 'C001', serviceName: '党员谈心谈话' } });

		// A bare ticket id is a ticket too.
		const bare = once(station.events, 'scan');
		device.scan(issued.data.id);
		expect((await bare)[0].ack.data.number).toBe('C001');
		await k1.until('the second scan', () => k1.scans.length === 2);
		expect(k2.scans).toHaveLength(0);
	});

	it('opens 进度查询 on K1 when a 回执’s QR is scanned there: the number only, no record', async () => {
		await setup();
		const { device, station } = await agentWithScanner();
		const k1 = await watchKiosk(hall, 'K1');
		const k2 = await watchKiosk(hall, 'K2');

		const result = once(station.events, 'scan');
		device.scan(`${hall.url}/r/ts-20261206-007`);
		const [{ ack }] = await result;
		expect(ack.data).toEqual({ reference: 'TS-20261206-007' });
		await k1.until('the scanned receipt', () => k1.references.length === 1);
		expect(k1.references[0]).toEqual({ station: 'K1', reference: 'TS-20261206-007', at: expect.any(Number) });
		expect(k1.scans).toHaveLength(0);
		expect(k2.references).toHaveLength(0);

		// Another hall's receipt, or a link that is not a number, is noise like any other.
		const foreign = once(station.events, 'scan');
		device.scan('https://evil.example.com/r/TS-20261206-007');
		expect((await foreign)[0].ack.error.code).toBe('bad_scan');
		const malformed = once(station.events, 'scan');
		device.scan(`${hall.url}/r/TS-2026-<script>`);
		expect((await malformed)[0].ack.error.code).toBe('bad_scan');
		expect(k1.references).toHaveLength(1);
	});

	it('answers malformed scans with an error code and shows nothing', async () => {
		await setup();
		const { device, station } = await agentWithScanner();
		const kiosk = await watchKiosk(hall, 'K1');
		const issued = await ask(kiosk.socket, 'ticket:issue', { serviceId: 'party-transfer', station: 'K1' });

		const scanAck = async (text: string) => {
			const result = once(station.events, 'scan');
			device.scan(text);
			return (await result)[0].ack;
		};
		expect((await scanAck(`https://evil.example.com/t/${issued.data.id}`)).error).toMatchObject({ code: 'bad_scan', message: expect.stringContaining('无法识别') });
		expect((await scanAck('not a ticket!')).error.code).toBe('bad_scan');
		expect((await scanAck(`${hall.url}/admin/${issued.data.id}`)).error.code).toBe('bad_scan');
		expect((await scanAck('ZZZZZZZZZZZZ')).error.code).toBe('unknown_ticket');

		// Broken reports and overlong readings never reach the hall.
		const rejected = once(station.events, 'scan-rejected');
		device.report(Buffer.from([0, 0, 4]));
		expect((await rejected)[0]).toMatchObject({ reason: 'bad_report', length: 3 });
		const tooLong = once(station.events, 'scan-rejected');
		device.scan('x'.repeat(600));
		expect((await tooLong)[0]).toMatchObject({ reason: 'too_long', length: 600 });

		// Only an agent may send scans.
		const raw = await hall.socket();
		expect((await ask(raw, 'agent:scan', { data: issued.data.id })).error.code).toBe('unauthorized');

		// Nothing reached the kiosk screen; a good scan after all that still works.
		expect(kiosk.scans).toHaveLength(0);
		expect((await scanAck(issued.data.id)).data.number).toBe(issued.data.number);
		await kiosk.until('the good scan', () => kiosk.scans.length === 1);
		expect(kiosk.scans[0].ticket.id).toBe(issued.data.id);
	});
});
