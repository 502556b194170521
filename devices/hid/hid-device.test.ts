import { describe, expect, it } from 'vitest';
import { FakeHidDevice } from '../../tests/fakes/fake-hid.ts';
import { openReconnectingHid, type HidState, type OpenHidDevice } from './hid-device.ts';

/** Resolves when the device reaches `state`, recorded in `states` by the onState given to it. */
function stateWatch() {
	const states: HidState[] = [];
	const waiters: { state: HidState['state']; resolve: () => void }[] = [];
	return {
		states,
		onState: (state: HidState) => {
			states.push(state);
			for (const w of waiters.filter((w) => w.state === state.state)) {
				waiters.splice(waiters.indexOf(w), 1);
				w.resolve();
			}
		},
		reach: (state: HidState['state']) =>
			new Promise<void>((resolve) => (states.at(-1)?.state === state ? resolve() : waiters.push({ state, resolve })))
	};
}

describe('the reconnecting HID device', () => {
	it('gives each connection a fresh report handler and finds the device again after an unplug', async () => {
		const device = new FakeHidDevice(0x1a86, 0xe026);
		const watch = stateWatch();
		const seen: string[] = [];
		let connections = 0;
		const hid = openReconnectingHid({
			name: 'keypad',
			vendorId: device.vendorId,
			productId: device.productId,
			open: device.opener(),
			reopenMs: 5,
			onConnect: () => {
				const n = ++connections;
				return (report) => seen.push(`${n}:${report[2]}`);
			},
			onState: watch.onState
		});
		await watch.reach('connected');
		device.report(Buffer.from([0, 0, 7, 0, 0, 0, 0, 0]));
		device.unplug();
		await watch.reach('disconnected');
		device.plugIn();
		await watch.reach('connected');
		device.report(Buffer.from([0, 0, 9, 0, 0, 0, 0, 0]));
		expect(seen).toEqual(['1:7', '2:9']);
		expect(watch.states).toEqual([
			{ state: 'connected' },
			{ state: 'disconnected', message: 'keypad 1a86:e026 went away: could not read from HID device' },
			{ state: 'connected' }
		]);
		await hid.close();
		expect(device.closed).toBe(true);
	});

	it('says a device that stays away only once, and stops looking once closed', async () => {
		let attempts = 0;
		const open: OpenHidDevice = async () => {
			attempts++;
			throw new Error('no such device');
		};
		const watch = stateWatch();
		const hid = openReconnectingHid({ name: 'scanner', vendorId: 1, productId: 2, open, reopenMs: 1, onConnect: () => () => undefined, onState: watch.onState });
		await watch.reach('disconnected');
		while (attempts < 3) await new Promise((resolve) => setTimeout(resolve, 2));
		await hid.close();
		const after = attempts;
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(attempts).toBe(after);
		expect(watch.states).toEqual([{ state: 'disconnected', message: 'scanner 0001:0002 not available: no such device' }]);
	});

	it('closes quietly a device whose close throws', async () => {
		const device = new FakeHidDevice();
		device.close = () => {
			throw new Error('already gone');
		};
		const watch = stateWatch();
		const hid = openReconnectingHid({ name: 'scanner', vendorId: device.vendorId, productId: device.productId, open: device.opener(), onConnect: () => () => undefined, onState: watch.onState });
		await watch.reach('connected');
		await expect(hid.close()).resolves.toBeUndefined();
	});
});
