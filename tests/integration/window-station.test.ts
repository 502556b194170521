// The window station agent, end to end on loopback: a fake USB caller keypad and a fake
// evaluator pad (HID reports, as tests/fakes/fake-hid.ts emits them) drive the real agent,
// which drives the real hall. A key does what a tap on the staff screen does, as the staff
// member signed in at window 3; without one signed in, the agent is told so and nothing moves.
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeypadAction } from '../../src/lib/protocol.ts';
import { keyTable, loadKeyMap, parseKeyMap } from '../../window-station/keymap.ts';
import { startWindowStation, type PressOutcome, type WindowStation } from '../../window-station/station.ts';
import type { OpenHidDevice } from '../../devices/hid/hid-device.ts';
import { FakeHidDevice } from '../fakes/fake-hid.ts';
import { ask, next, startTestHall, type HallSocket, type TestHall } from '../support/test-hall.ts';

const KEYMAP = fileURLToPath(new URL('../../window-station/keymap.example.json', import.meta.url));
const KEY = 'demo-w3-agent-key-change-me';

/** The example key map's reports: keypad 02 0n, evaluator 01 0g. */
const KEYPAD: Record<KeypadAction, number> = { next: 1, recall: 2, 'no-show': 3, start: 4, finish: 5, pause: 6, resume: 7 };

let hall: TestHall;
let keypad: FakeHidDevice;
let evaluator: FakeHidDevice;
let stations: WindowStation[];
const silent = pino({ level: 'silent' });

/** Both fake devices on one bus: each is found by its own ids. */
function bus(...devices: FakeHidDevice[]): OpenHidDevice {
	return async (vendorId, productId) => {
		const device = devices.find((d) => d.vendorId === vendorId && d.productId === productId);
		if (!device) throw new Error(`no device ${vendorId.toString(16)}:${productId.toString(16)}`);
		return device.opener()(vendorId, productId);
	};
}

function start(options: { key?: string; windowId?: string; station?: string } = {}): WindowStation {
	const station = startWindowStation({
		server: hall.url,
		windowId: options.station ? undefined : (options.windowId ?? '3'),
		station: options.station,
		key: options.key ?? KEY,
		keyMap: loadKeyMap(KEYMAP),
		logger: silent,
		open: bus(keypad, evaluator),
		reopenMs: 30,
		socket: { reconnectionDelay: 50, reconnectionDelayMax: 200 }
	});
	stations.push(station);
	return station;
}

function pressed<D extends PressOutcome['device']>(station: WindowStation, device: D): Promise<Extract<PressOutcome, { device: D }>> {
	return new Promise((resolve) => {
		const listener = (outcome: PressOutcome) => {
			if (outcome.device !== device) return;
			station.events.off('press', listener);
			resolve(outcome as Extract<PressOutcome, { device: D }>);
		};
		station.events.on('press', listener);
	});
}

/** Presses a keypad key (press report, then the all-up report) and waits for the hall's answer. */
async function key(station: WindowStation, action: KeypadAction) {
	const answer = pressed(station, 'keypad');
	keypad.report(Buffer.from([0x02, KEYPAD[action]]));
	keypad.report(Buffer.alloc(2));
	return (await answer).ack;
}

async function rate(station: WindowStation, grade: 1 | 2 | 3 | 4 | 5) {
	const answer = pressed(station, 'evaluator');
	evaluator.report(Buffer.from([0x01, grade]));
	evaluator.report(Buffer.alloc(2));
	return (await answer).ack;
}

function deviceUp(station: WindowStation, device: 'keypad' | 'evaluator'): Promise<void> {
	return new Promise((resolve) => {
		const listener = (event: { device: string; state: { state: string } }) => {
			if (event.device !== device || event.state.state !== 'connected') return;
			station.events.off('device', listener);
			resolve();
		};
		station.events.on('device', listener);
	});
}

describe('window station agent (叫号器 and 评价器)', () => {
	beforeEach(async () => {
		hall = await startTestHall();
		keypad = new FakeHidDevice(0x1a86, 0xe026);
		evaluator = new FakeHidDevice(0x1a86, 0xe027);
		stations = [];
	});

	afterEach(async () => {
		await Promise.all(stations.map((s) => s.close()));
		await hall.close();
	});

	it('calls the next number at window 3 from the keypad, and the evaluator rates the visit', async () => {
		const token = await hall.login('staff3');
		expect((await hall.api('/api/windows/3/sign-in', { method: 'POST', token })).status).toBe(200);
		const ticket = (await hall.api('/api/tickets', { body: { serviceId: 'letters-visits' } })).body;

		// The staff member's own terminal, and the rating tablet facing the resident.
		const terminal: HallSocket = await hall.socket(token);
		expect((await ask(terminal, 'window:subscribe', { windowId: '3' })).data.queue[0].id).toBe(ticket.id);
		const tablet: HallSocket = await hall.socket();
		expect((await ask(tablet, 'rate:subscribe', { windowId: '3' })).data).toBeNull();

		const station = start();
		const up = Promise.all([deviceUp(station, 'keypad'), deviceUp(station, 'evaluator')]);
		expect(await station.ready()).toMatchObject({ station: 'W3', windowId: '3', windowName: '3号窗口' });
		await up;
		// The director's console sees the window station connected.
		expect(hall.app.presence.list().find((s) => s.station === 'W3')).toMatchObject({ online: true });

		const seen = next(terminal, 'window:changed', (s: any) => s.current?.id === ticket.id);
		const called = await key(station, 'next');
		expect(called).toMatchObject({ data: { action: 'next', ticket: { id: ticket.id, number: ticket.number, status: 'called', windowId: '3' } } });
		// Exactly what a tap does: the staff screen hears of it, and the call is the staff member's.
		expect((await seen).current).toMatchObject({ number: ticket.number, status: 'called', firstResponderStaffId: 's3' });

		expect(await key(station, 'recall')).toMatchObject({ data: { ticket: { recallCount: 1 } } });
		expect(await key(station, 'start')).toMatchObject({ data: { ticket: { status: 'serving' } } });
		const asked = next(tablet, 'rate:requested');
		expect(await key(station, 'finish')).toMatchObject({ data: { action: 'finish', ticket: { status: 'done' } } });
		expect(await asked).toMatchObject({ ticketId: ticket.id, staff: { staffNo: 'DQ003' } });

		const recorded = next(tablet, 'rate:recorded');
		const rated = await rate(station, 1);
		expect(rated).toMatchObject({ data: { ticketId: ticket.id, grade: 1 } });
		expect('data' in rated && rated.data.followUpCaseReference).toMatch(/^DJ-\d{8}-\d{3}$/);
		// The tablet stops asking; the pad's rating is the visit's one rating.
		expect(await recorded).toMatchObject({ windowId: '3', ticketId: ticket.id, grade: 1, source: 'pad' });
		expect(await rate(station, 5)).toMatchObject({ error: { code: 'nothing_to_rate' } });

		const open = (await hall.api('/api/cases?status=open', { token })).body;
		expect(open).toEqual([expect.objectContaining({ source: 'evaluation', ticketNumber: ticket.number, timeLimitDays: 15 })]);

		// An empty queue is the same value on every door: queue_empty, with the words the agent shows.
		expect(await key(station, 'next')).toMatchObject({ error: { code: 'queue_empty', message: '当前没有等候的号码' } });
		expect(await key(station, 'pause')).toMatchObject({ data: { window: { status: 'paused' } } });
		expect(await key(station, 'next')).toMatchObject({ error: { code: 'window_paused' } });
		expect(await key(station, 'resume')).toMatchObject({ data: { window: { status: 'open' } } });
	});

	it('tells the agent when nobody is signed in at the window, and changes nothing', async () => {
		const waiting = (await hall.api('/api/tickets', { body: { serviceId: 'letters-visits' } })).body;
		const station = start({ station: 'W3' });
		await Promise.all([station.ready(), deviceUp(station, 'keypad')]);
		const versionBefore = hall.app.hall.version;

		const answer = await key(station, 'next');
		expect(answer).toMatchObject({ error: { code: 'window_closed' } });
		expect('error' in answer && answer.error.message).toContain('没有工作人员签到');
		expect(await rate(station, 4)).toMatchObject({ error: { code: 'nothing_to_rate' } });

		expect(hall.app.hall.version).toBe(versionBefore);
		expect((await hall.api(`/api/tickets/${waiting.id}`)).body).toMatchObject({ status: 'waiting', windowId: null });
	});

	it('tells the tablets and the terminal of a rating whichever way it came (socket, HTTP)', async () => {
		const token = await hall.login('staff3');
		await hall.api('/api/windows/3/sign-in', { method: 'POST', token });
		const tablet: HallSocket = await hall.socket();
		await ask(tablet, 'rate:subscribe', { windowId: '3' });
		const terminal: HallSocket = await hall.socket(token);
		await ask(terminal, 'window:subscribe', { windowId: '3' });
		for (const via of ['socket', 'http'] as const) {
			const ticket = (await hall.api('/api/tickets', { body: { serviceId: 'letters-visits' } })).body;
			for (const verb of ['call-next', 'start']) await hall.api(`/api/windows/3/${verb}`, { method: 'POST', token });
			const asked = next(tablet, 'rate:requested');
			await hall.api('/api/windows/3/finish', { token, body: { outcome: 'done' } });
			await asked;
			const seen = Promise.all([next(tablet, 'rate:recorded'), next(terminal, 'rate:recorded')]);
			if (via === 'socket') expect((await ask(tablet, 'rate:submit', { windowId: '3', grade: 4 })).data.grade).toBe(4);
			else expect((await hall.api('/api/windows/3/rating', { body: { grade: 4 } })).status).toBe(201);
			for (const fact of await seen) expect(fact).toMatchObject({ windowId: '3', ticketId: ticket.id, number: ticket.number, grade: 4, source: 'screen' });
		}
	});

	it('refuses a wrong key or an unknown window, and a refused agent stops', async () => {
		const wrong = start({ key: 'not-the-key-of-this-station' });
		const refused = new Promise((resolve) => wrong.events.once('refused', resolve));
		await expect(wrong.ready()).rejects.toThrow('窗口终端密钥不正确');
		expect(await refused).toMatchObject({ code: 'forbidden' });
		expect(hall.app.presence.list().find((s) => s.station === 'W3')).toMatchObject({ online: false, missing: ['agent'] });

		const nowhere = start({ windowId: '5' });
		await expect(nowhere.ready()).rejects.toThrow('5 号窗口没有配置窗口终端');
	});

	it('finds the keypad again after it was unplugged, and drops a bouncing double press', async () => {
		const token = await hall.login('staff3');
		await hall.api('/api/windows/3/sign-in', { method: 'POST', token });
		await hall.api('/api/tickets', { body: { serviceId: 'letters-visits' } });
		await hall.api('/api/tickets', { body: { serviceId: 'letters-visits' } });
		const station = start();
		await Promise.all([station.ready(), deviceUp(station, 'keypad')]);

		const gone = new Promise<void>((resolve) => station.events.on('device', (e) => e.state.state === 'disconnected' && resolve()));
		keypad.unplug();
		await gone;
		const back = deviceUp(station, 'keypad');
		keypad.plugIn();
		await back;

		// Two presses of 呼叫下一位 within the debounce time call one number, not two.
		const presses: PressOutcome[] = [];
		station.events.on('press', (p) => presses.push(p));
		const first = pressed(station, 'keypad');
		keypad.report(Buffer.from([0x02, 0x01]));
		keypad.report(Buffer.alloc(2));
		keypad.report(Buffer.from([0x02, 0x01]));
		keypad.report(Buffer.alloc(2));
		expect((await first).ack).toMatchObject({ data: { ticket: { number: 'B001' } } });
		// A later key proves the second press was never sent: answers come back in order.
		expect(await key(station, 'start')).toMatchObject({ data: { ticket: { number: 'B001', status: 'serving' } } });
		expect(presses.map((p) => p.key)).toEqual(['next', 'start']);
	});
});

describe('key map (report bytes → key)', () => {
	it('matches the longest pattern, with ?? for any byte, and ignores the key-up report', () => {
		const map = parseKeyMap({
			keypad: { vendorId: '0x1A86', productId: 57382, keys: { '?? 00 3a': 'next', '02:3A': 'recall', '0x02': 'pause' } }
		});
		expect(map.debounceMs).toBe(300);
		const table = keyTable(map.keypad!);
		expect(table.vendorId).toBe(0x1a86);
		expect(table.match(Buffer.from([0x00, 0x00, 0x3a, 0, 0, 0, 0, 0]))).toBe('next');
		expect(table.match(Buffer.from([0x02, 0x00, 0x3a, 0, 0, 0, 0, 0]))).toBe('next');
		expect(table.match(Buffer.from([0x02, 0x3a]))).toBe('recall');
		expect(table.match(Buffer.from([0x02, 0x07]))).toBe('pause');
		expect(table.match(Buffer.alloc(8))).toBeNull();
		expect(table.match(Buffer.from([0x00]))).toBeNull();
	});

	it('refuses a map with unknown actions, bad grades, bad bytes or no device', () => {
		const keypad = { vendorId: 1, productId: 2 };
		expect(() => parseKeyMap({})).toThrow();
		expect(() => parseKeyMap({ keypad: { ...keypad, keys: { '01': 'explode' } } })).toThrow();
		expect(() => parseKeyMap({ evaluator: { ...keypad, keys: { '01': 6 } } })).toThrow();
		expect(() => parseKeyMap({ keypad: { ...keypad, keys: { '0g': 'next' } } })).toThrow();
		expect(() => parseKeyMap({ keypad: { ...keypad, keys: {} } })).toThrow();
		expect(() => parseKeyMap({ keypad: { vendorId: 'usb', productId: 2, keys: { '01': 'next' } } })).toThrow();
	});
});
