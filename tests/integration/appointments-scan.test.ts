// 预约签到 with the kiosk's barcode scanner: the station agent (fake HID scanner, fake
// printer) reads the booking's QR; the 预约 ticket is issued, printed and shown on K1.

import { once } from 'node:events';
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { startStationAgent, type StationAgent } from '../../kiosk/agent/station-agent.ts';
import { createHidScanner } from '../../devices/scanner/scanner.ts';
import { FakeHidDevice } from '../fakes/fake-hid.ts';
import { startFakePrinter, type FakePrinter } from '../fakes/fake-printer.ts';
import { decodedText, decodeEscPos } from '../support/escpos-decoder.ts';
import { watchKiosk } from '../support/kiosk-watch.ts';
import { demoHallFile, startTestHall, type TestHall } from '../support/test-hall.ts';

const KEY = 'test-k1-agent-key-0001';
let hall: TestHall;
let serverPrinter: FakePrinter;
let agentPrinter: FakePrinter;
let station: StationAgent | null = null;

afterEach(async () => {
	await station?.close();
	await hall?.close();
	await serverPrinter?.close();
	await agentPrinter?.close();
});

it('a scanned booking code checks in, prints the 预约 slip at the agent and shows the ticket on K1', async () => {
	serverPrinter = await startFakePrinter();
	agentPrinter = await startFakePrinter();
	const file = demoHallFile();
	file.stations = file.stations.map((s) => (s.id === 'K1' ? { ...s, printer: serverPrinter.uri, agentKey: KEY } : s));
	hall = await startTestHall({ hallFile: file, printing: { retry: { initialMs: 50, maxMs: 200 }, statusPollMs: null } });
	const device = new FakeHidDevice();
	const scanner = createHidScanner({ vendorId: device.vendorId, productId: device.productId, open: device.opener() });
	station = await startStationAgent({
		server: hall.url,
		station: 'K1',
		key: KEY,
		printer: agentPrinter.uri,
		logger: pino({ level: 'silent' }),
		retry: { initialMs: 50, maxMs: 200 },
		socket: { reconnectionDelay: 50, reconnectionDelayMax: 200 },
		scanner
	});
	await station.ready();
	const kiosk = await watchKiosk(hall, 'K1');

	// The demo hall books 档案查阅; 10:00 is the slot running now.
	const booking = await hall.api('/api/appointments', { body: { serviceId: 'archives', date: '2026-11-26', start: '10:00', name: '张三', phone: '13912345678' } });
	expect(booking.status).toBe(201);

	const scanned = once(station.events, 'scan');
	device.scan(booking.body.code);
	const [{ ack }] = await scanned;
	expect(ack.data).toMatchObject({ priority: 'appointment', serviceId: 'archives', status: 'waiting' });
	const [job] = await agentPrinter.waitForJobs(1);
	const text = decodedText(decodeEscPos(job.bytes));
	expect(text).toContain(ack.data.number);
	expect(text).toContain('预约');
	await kiosk.until('the checked-in ticket', () => kiosk.scans.length === 1);
	expect(kiosk.scans[0]).toMatchObject({ station: 'K1', ticket: { id: ack.data.id, priority: 'appointment' } });
	expect((await hall.api(`/api/appointments/${booking.body.code}?phone=13912345678`)).body.status).toBe('checked_in');

	// A code nobody booked is no ticket either.
	const unknown = once(station.events, 'scan');
	device.scan('AAAAAA');
	expect((await unknown)[0].ack.error.code).toBe('unknown_ticket');
});
