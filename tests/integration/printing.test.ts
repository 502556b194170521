// Printing end to end: a real hall on a loopback port, station K1's printer a fake
// network printer on 127.0.0.1; the bytes it receives are decoded back into text and
// commands. Faults are the printer's own (refused, silent, paper out) and the clock is
// the test's, so "older than 10 minutes" takes no time at all.

import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakePrinter, type FakePrinter } from '../fakes/fake-printer.ts';
import { decodedText, decodeEscPos, unknownOps } from '../support/escpos-decoder.ts';
import { watchKiosk } from '../support/kiosk-watch.ts';
import { ask, demoHallFile, startTestHall, type TestHall, type TestHallOptions } from '../support/test-hall.ts';

const MINUTE = 60_000;
/** Quick retries: a printer that comes back is used again within a fraction of a second. */
const FAST = { retry: { initialMs: 50, maxMs: 200 }, statusPollMs: null } as const;

let hall: TestHall | null = null;
let printer: FakePrinter | null = null;

afterEach(async () => {
	await hall?.close();
	await printer?.close();
	hall = null;
	printer = null;
});

async function hallWithPrinter(options: TestHallOptions & { publicUrl?: string } = {}): Promise<{ hall: TestHall; printer: FakePrinter }> {
	printer = await startFakePrinter();
	const file = demoHallFile();
	file.stations = file.stations.map((s) => (s.id === 'K1' ? { ...s, printer: printer!.uri } : s));
	if (options.publicUrl) file.publicUrl = options.publicUrl;
	hall = await startTestHall({ hallFile: file, printing: FAST, ...options });
	return { hall, printer };
}

function decode(bytes: Uint8Array) {
	const ops = decodeEscPos(bytes);
	return { ops, text: decodedText(ops), qr: ops.filter((op) => op.type === 'qr').map((op) => (op as { data: string }).data) };
}

async function closedPort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** POST with a Host header of our choosing (fetch will not let a script set it). */
function postWithHost(url: string, host: string, body: unknown): Promise<{ status: number; body: any }> {
	const target = new URL(url);
	const payload = JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const req = request(
			{ hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
			}
		);
		req.on('error', reject);
		req.end(payload);
	});
}

describe('printing a ticket at a kiosk station', () => {
	it('never prints an address from a forged Host header in the QR code', async () => {
		const { hall, printer } = await hallWithPrinter();
		const res = await postWithHost(`${hall.url}/api/tickets`, 'phishing.example.com', { serviceId: 'party-transfer', station: 'K1' });
		expect(res.status).toBe(201);
		const [job] = await printer.waitForJobs(1);
		expect(decode(job.bytes).qr).toEqual([`${hall.url}/t/${res.body.id}`]);
	});

	it('prints the slip of a ticket issued over HTTP: hall, number, service in GB18030, materials, QR of the status URL, cut', async () => {
		const { hall, printer } = await hallWithPrinter();
		const kiosk = await watchKiosk(hall, 'K1');
		const res = await hall.api('/api/tickets', { body: { serviceId: 'party-transfer', station: 'K1' } });
		expect(res.status).toBe(201);
		const ticket = res.body;

		const [job] = await printer.waitForJobs(1);
		const { ops, text, qr } = decode(job.bytes);
		expect(unknownOps(ops)).toEqual([]);
		expect(text).toContain('幸福社区党群服务中心');
		expect(text).toContain(ticket.number);
		expect(text).toContain('党组织关系转接');
		expect(text).toContain('本人身份证原件');
		expect(text).toContain('0571-12345678');
		expect(job.bytes.includes(iconv.encode('党组织关系转接', 'gb18030'))).toBe(true);
		expect(qr).toEqual([`${hall.url}/t/${ticket.id}`]);
		expect(ops.at(-1)).toMatchObject({ type: 'cut', partial: true });
		// The printer's state was read before the job (DLE EOT 1, 2, 4) and after it.
		expect(printer.statusRequests.length).toBeGreaterThanOrEqual(6);

		const printed = await kiosk.untilJob((j) => j.ticketId === ticket.id && j.state === 'printed');
		expect(printed).toMatchObject({ station: 'K1', kind: 'ticket', number: ticket.number, via: 'server' });
		const token = await hall.login('director');
		const records = await hall.api(`/api/print-jobs?ticketId=${ticket.id}`, { token });
		expect(records.body).toEqual([expect.objectContaining({ id: printed.id, state: 'printed', printer: printer.uri })]);
	});

	it('prints a ticket issued over the socket once, even when the tap is replayed; QR base from the handshake', async () => {
		const { hall, printer } = await hallWithPrinter();
		const kiosk = await watchKiosk(hall, 'K1');
		expect(kiosk.snapshot.printer).toMatchObject({ station: 'K1', via: 'server' });
		const first = await ask(kiosk.socket, 'ticket:issue', { serviceId: 'volunteer', station: 'K1', idempotencyKey: 'tap-0000001' });
		expect(first.data).toMatchObject({ number: 'F001' });
		const replay = await ask(kiosk.socket, 'ticket:issue', { serviceId: 'volunteer', station: 'K1', idempotencyKey: 'tap-0000001' });
		expect(replay.data.id).toBe(first.data.id);
		const second = await ask(kiosk.socket, 'ticket:issue', { serviceId: 'volunteer', station: 'K1', priority: 'green' });

		const jobs = await printer.waitForJobs(2);
		expect(decode(jobs[0].bytes).qr).toEqual([`${hall.url}/t/${first.data.id}`]);
		const two = decode(jobs[1].bytes);
		expect(two.text).toContain('F002');
		expect(two.text).toContain('绿色通道');
		expect(two.qr).toEqual([`${hall.url}/t/${second.data.id}`]);
		await kiosk.untilJob((j) => j.ticketId === second.data.id && j.state === 'printed');
		expect(kiosk.jobs.filter((j) => j.ticketId === first.data.id && j.state === 'queued')).toHaveLength(1);
		expect(printer.jobs).toHaveLength(2);
	});

	it("uses the hall file's publicUrl for the QR code when set", async () => {
		const { hall, printer } = await hallWithPrinter({ publicUrl: 'https://dangqun.example.cn/' });
		const res = await hall.api('/api/tickets', { body: { serviceId: 'heart-talk', station: 'K1' } });
		const [job] = await printer.waitForJobs(1);
		expect(decode(job.bytes).qr).toEqual([`https://dangqun.example.cn/t/${res.body.id}`]);
	});

	it('saves each slip as .bin and .svg under DATA_DIR/prints with the demo default printer (preview)', async () => {
		hall = await startTestHall({ printing: FAST });
		const kiosk = await watchKiosk(hall, 'K2');
		const res = await hall.api('/api/tickets', { body: { serviceId: 'party-transfer', station: 'K2' } });
		const printed = await kiosk.untilJob((j) => j.ticketId === res.body.id && j.state === 'printed');
		const dir = join(hall.dataDir, 'prints');
		const files = readdirSync(dir).filter((f) => f.includes(printed.id));
		expect(files.map((f) => f.slice(-4)).sort()).toEqual(['.bin', '.svg']);
		const bin = readFileSync(join(dir, files.find((f) => f.endsWith('.bin'))!));
		expect(decode(bin).text).toContain(res.body.number);
		const svg = readFileSync(join(dir, files.find((f) => f.endsWith('.svg'))!), 'utf8');
		expect(svg).toContain('党组织关系转接');
		expect(svg).toContain(`data-qr="${hall.url}/t/${res.body.id}"`);
	});

	it('prints the 一次性告知单 of a service over HTTP and over the socket', async () => {
		const { hall, printer } = await hallWithPrinter();
		const kiosk = await watchKiosk(hall, 'K1');
		const res = await hall.api('/api/stations/K1/print-notification', { body: { serviceId: 'assistance' } });
		expect(res.status).toBe(202);
		expect(res.body).toMatchObject({ station: 'K1', kind: 'notification', serviceId: 'assistance', ticketId: null });
		const ack = await ask(kiosk.socket, 'print:notification', { serviceId: 'archives', station: 'K1' });
		expect(ack.data).toMatchObject({ kind: 'notification', serviceId: 'archives' });
		const jobs = await printer.waitForJobs(2);
		const one = decode(jobs[0].bytes).text;
		expect(one).toContain('一次性告知单');
		expect(one).toContain('困难党员帮扶救助');
		expect(one).toContain('家庭困难情况说明');
		expect(one).toContain('10 个工作日');
		expect(decode(jobs[1].bytes).text).toContain('档案查阅');

		// A guide's 办事说明 (markdown) prints too, as text: the slip is the whole notification.
		await hall.api('/api/stations/K1/print-notification', { body: { serviceId: 'party-transfer' } });
		const withDetails = decode((await printer.waitForJobs(3))[2].bytes).text;
		expect(withDetails).toContain('七、办事说明');
		expect(withDetails).toContain('省内转接：当场开具介绍信');
		expect(withDetails).not.toContain('**');

		expect((await hall.api('/api/stations/K1/print-notification', { body: { serviceId: 'nope' } })).body.error.code).toBe('unknown_service');
		expect((await hall.api('/api/stations/K9/print-notification', { body: { serviceId: 'archives' } })).body.error.code).toBe('unknown_station');
		expect((await hall.api('/api/stations/K1/print-notification', { body: { serviceId: 'archives', extra: 1 } })).status).toBe(400);
		expect((await ask(kiosk.socket, 'print:notification', { serviceId: 'archives' })).error.code).toBe('bad_request');
	});
});

describe('print order', () => {
	it.each([
		['on the event loop (default)', false],
		['in a thread of their own (SLIP_RENDER_THREAD=on)', true]
	])('slips rendered %s print in the order the tickets were issued, and a 告知单 asked after them after them', async (_, renderThread) => {
		const { hall, printer } = await hallWithPrinter({ printing: { ...FAST, renderThread } });
		const kiosk = await watchKiosk(hall, 'K1');
		// One socket: the hall takes the taps in this order, without waiting for any slip.
		const taps = Array.from({ length: 12 }, (_, i) => ask(kiosk.socket, 'ticket:issue', { serviceId: i % 2 === 0 ? 'party-transfer' : 'volunteer', station: 'K1' }));
		const notification = ask(kiosk.socket, 'print:notification', { serviceId: 'archives', station: 'K1' });
		const numbers = (await Promise.all(taps)).map((ack) => ack.data.number as string);
		expect((await notification).data).toMatchObject({ kind: 'notification', serviceId: 'archives' });
		const jobs = await printer.waitForJobs(13);
		const printed = jobs.map((job) => decode(job.bytes).text);
		numbers.forEach((number, i) => expect(printed[i]).toContain(number));
		expect(printed[12]).toContain('一次性告知单');
		expect(printed[12]).toContain('档案查阅');
		// Every job recorded, each printed once.
		const token = await hall.login('director');
		const records = (await hall.api('/api/print-jobs?station=K1', { token })).body as { state: string; kind: string }[];
		expect(records.filter((r) => r.state === 'printed').map((r) => r.kind).sort()).toEqual([...Array(12).fill('ticket'), 'notification'].sort());
	});
});

describe('printer faults: the ticket is always issued, the kiosk is told', () => {
	it('paper out: the kiosk hears it and keeps the ticket; paper back: the held slip prints', async () => {
		const { hall, printer } = await hallWithPrinter();
		const token = await hall.login('director');
		const staff = await watchKiosk(hall, null, token);
		const kiosk = await watchKiosk(hall, 'K1');
		await kiosk.untilPrinter((s) => s.code === 'ok');
		printer.setPaperOut(true);

		const issued = await ask(kiosk.socket, 'ticket:issue', { serviceId: 'party-transfer', station: 'K1' });
		expect(issued.data).toMatchObject({ number: 'A001', status: 'waiting' });
		const alert = await kiosk.untilPrinter((s) => s.code === 'paper_out');
		expect(alert).toMatchObject({ station: 'K1', ready: false, message: expect.stringContaining('缺纸'), via: 'server' });
		await staff.untilPrinter((s) => s.station === 'K1' && s.code === 'paper_out');
		expect((await hall.api('/api/printers', { token })).body).toContainEqual(expect.objectContaining({ station: 'K1', code: 'paper_out' }));
		// A reloaded kiosk learns it from its snapshot.
		const reloaded = await watchKiosk(hall, 'K1');
		expect(reloaded.snapshot.printer).toMatchObject({ code: 'paper_out', ready: false, pending: 1 });
		expect(printer.jobs).toHaveLength(0);

		printer.setPaperOut(false);
		const [job] = await printer.waitForJobs(1);
		expect(decode(job.bytes).text).toContain('A001');
		await kiosk.untilPrinter((s) => s.code === 'ok');
		await kiosk.untilJob((j) => j.ticketId === issued.data.id && j.state === 'printed');
	});

	it('drops a held slip older than 10 minutes with a record, and prints the fresh one', async () => {
		const { hall, printer } = await hallWithPrinter();
		const kiosk = await watchKiosk(hall, 'K1');
		await kiosk.untilPrinter((s) => s.code === 'ok');
		printer.setPaperOut(true);
		const old = await ask(kiosk.socket, 'ticket:issue', { serviceId: 'party-transfer', station: 'K1' });
		await kiosk.untilPrinter((s) => s.code === 'paper_out');

		hall.clock.advance(11 * MINUTE);
		const fresh = await ask(kiosk.socket, 'ticket:issue', { serviceId: 'party-transfer', station: 'K1' });
		const dropped = await kiosk.untilJob((j) => j.ticketId === old.data.id && j.state === 'dropped');
		expect(dropped.reason).toBe('expired');
		printer.setPaperOut(false);
		const [job] = await printer.waitForJobs(1);
		expect(decode(job.bytes).text).toContain(fresh.data.number);
		expect(decode(job.bytes).text).not.toContain(old.data.number);
		await kiosk.untilJob((j) => j.ticketId === fresh.data.id && j.state === 'printed');

		const token = await hall.login('director');
		const records = (await hall.api(`/api/print-jobs?ticketId=${old.data.id}`, { token })).body;
		expect(records).toEqual([expect.objectContaining({ state: 'dropped', reason: 'expired' })]);
		expect(hall.app.prints.jobEvents(records[0].id).map((e) => e.type)).toEqual(['queued', 'dropped']);
		// The ticket itself is untouched: still waiting in its queue.
		expect((await hall.api(`/api/tickets/${old.data.id}`)).body).toMatchObject({ status: 'waiting' });
	});

	it('printer off (connection refused): the kiosk hears unreachable; back on, the slip prints', async () => {
		const { hall, printer } = await hallWithPrinter();
		const kiosk = await watchKiosk(hall, 'K1');
		await kiosk.untilPrinter((s) => s.code === 'ok');
		await printer.setOffline(true, 'refuse');
		const res = await hall.api('/api/tickets', { body: { serviceId: 'party-transfer', station: 'K1' } });
		expect(res.status).toBe(201);
		const alert = await kiosk.untilPrinter((s) => s.code === 'unreachable');
		expect(alert.message).toContain('无法连接打印机');
		await printer.setOffline(false);
		const [job] = await printer.waitForJobs(1);
		expect(decode(job.bytes).text).toContain(res.body.number);
		await kiosk.untilPrinter((s) => s.code === 'ok');
	});

	it('printer hung (accepts, never answers): offline after the status timeout; back, the slip prints', async () => {
		const { hall, printer } = await hallWithPrinter({ printing: { ...FAST, transport: { statusTimeoutMs: 1000 } } });
		const kiosk = await watchKiosk(hall, 'K1');
		await kiosk.untilPrinter((s) => s.code === 'ok');
		await printer.setOffline(true, 'silent');
		const issued = await ask(kiosk.socket, 'ticket:issue', { serviceId: 'letters-visits', station: 'K1' });
		expect(issued.data.number).toBe('B001');
		await kiosk.untilPrinter((s) => s.code === 'offline');
		expect(printer.jobs).toHaveLength(0);
		await printer.setOffline(false);
		const [job] = await printer.waitForJobs(1);
		expect(decode(job.bytes).text).toContain('B001');
	});

	it('a station whose printer is unreachable still issues tickets; the kiosk and staff see the alert', async () => {
		const file = demoHallFile();
		const port = await closedPort();
		file.stations = file.stations.map((s) => (s.id === 'K1' ? { ...s, printer: `tcp://127.0.0.1:${port}` } : s));
		hall = await startTestHall({ hallFile: file, printing: FAST });
		const token = await hall.login('staff1');
		const kiosk = await watchKiosk(hall, 'K1');
		const res = await hall.api('/api/tickets', { body: { serviceId: 'party-transfer', station: 'K1' } });
		expect(res.status).toBe(201);
		await kiosk.untilPrinter((s) => s.code === 'unreachable' && !s.ready);
		// A staff screen that connects now takes the alert from its snapshot.
		const staff = await hall.socket(token);
		const printers = await ask(staff, 'printers:subscribe', {});
		expect(printers.data).toContainEqual(expect.objectContaining({ station: 'K1', code: 'unreachable', message: expect.stringContaining('无法连接') }));
		expect((await ask(await hall.socket(), 'printers:subscribe', {})).error.code).toBe('unauthorized');
		expect((await hall.api('/api/stations/K1/printer')).body).toMatchObject({ code: 'unreachable', pending: 1 });
		expect((await hall.api(`/api/tickets/${res.body.id}`)).body.status).toBe('waiting');
		// K2 prints to its own (preview) printer meanwhile.
		expect((await hall.api('/api/kiosk?station=K2')).body.printer).toMatchObject({ station: 'K2', ready: true });
	});
});

describe('records across a restart', () => {
	it('records a slip still held at shutdown as dropped; the ticket survives the restart', async () => {
		const { hall: first, printer } = await hallWithPrinter();
		const kiosk = await watchKiosk(first, 'K1');
		await kiosk.untilPrinter((s) => s.code === 'ok');
		printer.setPaperOut(true);
		const issued = await ask(kiosk.socket, 'ticket:issue', { serviceId: 'party-transfer', station: 'K1' });
		const queued = await kiosk.untilJob((j) => j.ticketId === issued.data.id && j.state === 'queued');
		await kiosk.untilPrinter((s) => s.code === 'paper_out');
		await first.stop();

		hall = await startTestHall({ dataDir: first.dataDir, hallFile: demoHallFile(), printing: FAST });
		const token = await hall.login('director');
		const records = (await hall.api(`/api/print-jobs?ticketId=${issued.data.id}`, { token })).body;
		expect(records).toEqual([expect.objectContaining({ id: queued.id, state: 'dropped', reason: 'shutdown' })]);
		expect((await hall.api(`/api/tickets/${issued.data.id}`)).body).toMatchObject({ number: 'A001', status: 'waiting' });
		await hall.close();
		hall = first;
	});
});

describe('bad input at the printing edge', () => {
	it('refuses unknown stations with 400 unknown_station and changes nothing', async () => {
		hall = await startTestHall({ printing: FAST });
		const res = await hall.api('/api/tickets', { body: { serviceId: 'party-transfer', station: 'K9' } });
		expect(res.status).toBe(400);
		expect(res.body.error).toMatchObject({ code: 'unknown_station', message: expect.stringContaining('K9') });
		expect((await hall.api('/api/kiosk?station=K9')).body.error.code).toBe('unknown_station');
		expect((await hall.api('/api/kiosk?station=B1')).body.error.code).toBe('unknown_station');
		expect((await hall.api('/api/stations/K9/printer')).body.error.code).toBe('unknown_station');
		const socket = await hall.socket();
		expect((await ask(socket, 'kiosk:subscribe', { station: 'K9' })).error.code).toBe('unknown_station');
		expect((await ask(socket, 'print:notification', { serviceId: 'archives', station: 'K9' })).error.code).toBe('unknown_station');
		expect((await hall.api('/api/kiosk')).body.waiting.every((w: { waiting: number }) => w.waiting === 0)).toBe(true);
		const token = await hall.login('director');
		expect((await hall.api('/api/print-jobs', { token })).body).toEqual([]);
		expect((await hall.api('/api/printers')).status).toBe(401);
	});
});
