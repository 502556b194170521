import { describe, expect, it } from 'vitest';
import { FakeHidDevice, keyReport, RELEASE_REPORT, reportsFor } from '../../tests/fakes/fake-hid.ts';
import { HidKeyboardDecoder, type ScanRejection } from './hid-keyboard.ts';
import { parseVidPid } from '../hid/hid-device.ts';
import { createHidScanner, type ScannerState } from './scanner.ts';

function decoder(options: { maxLength?: number; gapMs?: number } = {}) {
	let t = 0;
	const scans: string[] = [];
	const rejects: ScanRejection[] = [];
	const d = new HidKeyboardDecoder({ onScan: (s) => scans.push(s), onReject: (r) => rejects.push(r), now: () => t, ...options });
	return { d, scans, rejects, advance: (ms: number) => void (t += ms), feed: (reports: Buffer[]) => reports.forEach((r) => d.push(r)) };
}

describe('HID keyboard decoder', () => {
	it('reads a status URL with capitals, digits and symbols, ending at Enter', () => {
		const { scans, rejects, feed } = decoder();
		const url = 'http://hall.lan:3000/t/Ab_9-Zq~x?k=1&v=%20';
		feed(reportsFor(url));
		expect(scans).toEqual([url]);
		expect(rejects).toEqual([]);
	});

	it('counts a key once while held, and twice only with a release in between', () => {
		const { scans, feed } = decoder();
		const a = keyReport(0x04);
		feed([a, a, a, RELEASE_REPORT, a, RELEASE_REPORT, keyReport(0x28), RELEASE_REPORT]);
		expect(scans).toEqual(['aa']);
	});

	it('takes several new keys from one report (fast scanners roll keys over)', () => {
		const { scans, feed } = decoder();
		feed([Buffer.from([0, 0, 0x04, 0x05, 0, 0, 0, 0]), Buffer.from([0, 0, 0x05, 0x06, 0, 0, 0, 0]), keyReport(0x58)]);
		expect(scans).toEqual(['abc']);
	});

	it('honours Caps Lock for letters only, keypad digits, and a leading report id', () => {
		const { scans, feed } = decoder();
		feed([keyReport(0x39), RELEASE_REPORT, keyReport(0x04), RELEASE_REPORT, keyReport(0x04, 0x20), RELEASE_REPORT, keyReport(0x1e), RELEASE_REPORT]);
		feed([keyReport(0x59), RELEASE_REPORT, Buffer.from([1, 0, 0, 0x62, 0, 0, 0, 0, 0]), Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 0])]);
		feed([keyReport(0x28)]);
		expect(scans).toEqual(['Aa110']);
	});

	it('ignores ErrorRollOver reports, Ctrl chords and a lone Enter', () => {
		const { scans, feed } = decoder();
		feed([Buffer.from([0, 0, 1, 1, 1, 1, 1, 1]), keyReport(0x06, 0x01), RELEASE_REPORT, keyReport(0x28), RELEASE_REPORT]);
		expect(scans).toEqual([]);
	});

	it('rejects bad reports, overlong readings, unknown keys and a reading cut short', () => {
		const { scans, rejects, feed, advance } = decoder({ maxLength: 5 });
		feed([Buffer.from([0, 0, 4, 0])]);
		feed(reportsFor('abcdefg'));
		feed([keyReport(0x04), RELEASE_REPORT, keyReport(0x3a), RELEASE_REPORT, keyReport(0x28), RELEASE_REPORT]);
		feed(reportsFor('ab', { enter: false }));
		advance(2000);
		feed(reportsFor('cd'));
		expect(rejects).toEqual([
			{ reason: 'bad_report', length: 4 },
			{ reason: 'too_long', length: 7 },
			{ reason: 'unknown_keys', partial: 'a', usages: [0x3a] },
			{ reason: 'incomplete', partial: 'ab' }
		]);
		expect(scans).toEqual(['cd']);
	});
});

describe('HID scanner adapter', () => {
	it('parses VID:PID in hex', () => {
		expect(parseVidPid('0c2e:0b61')).toEqual({ vendorId: 0x0c2e, productId: 0x0b61 });
		expect(parseVidPid('0x05E0:0x1200')).toEqual({ vendorId: 0x05e0, productId: 0x1200 });
		expect(parseVidPid('scanner')).toBeNull();
	});

	it('reads scans from the device, and finds it again after it was unplugged', async () => {
		const device = new FakeHidDevice();
		const scanner = createHidScanner({ vendorId: device.vendorId, productId: device.productId, open: device.opener(), reopenMs: 10 });
		const scans: string[] = [];
		const states: ScannerState[] = [];
		scanner.onScan((s) => scans.push(s));
		const waitState = (state: ScannerState['state']) =>
			new Promise<void>((resolve) => {
				if (states.at(-1)?.state === state) return resolve();
				const off = scanner.onState((s) => {
					if (s.state !== state) return;
					off();
					resolve();
				});
			});
		scanner.onState((s) => states.push(s));
		await waitState('connected');
		device.scan('A1b2');
		device.unplug();
		await waitState('disconnected');
		expect(states.at(-1)).toMatchObject({ state: 'disconnected', message: expect.stringContaining('went away') });
		device.plugIn();
		await waitState('connected');
		device.scan('C3');
		expect(scans).toEqual(['A1b2', 'C3']);
		expect(device.opened).toBe(2);
		await scanner.close();
		expect(device.closed).toBe(true);
	});

	it('keeps looking for a scanner that is not plugged in', async () => {
		const device = new FakeHidDevice();
		device.plugged = false;
		const scanner = createHidScanner({ vendorId: device.vendorId, productId: device.productId, open: device.opener(), reopenMs: 10 });
		const connected = new Promise<void>((resolve) => scanner.onState((s) => s.state === 'connected' && resolve()));
		const disconnected = new Promise<ScannerState>((resolve) => scanner.onState((s) => s.state === 'disconnected' && resolve(s)));
		expect(await disconnected).toMatchObject({ message: expect.stringContaining('not available') });
		device.plugIn();
		await connected;
		await scanner.close();
	});
});
