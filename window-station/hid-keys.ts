// One USB key device (the caller keypad or the evaluator pad): opened through the HID port
// the kiosk's scanner uses (kiosk/scanner/scanner.ts: node-hid in production, a fake in
// tests), its reports matched against the key map, and kept open: when it is unplugged
// it is looked for again every few seconds.

import type { HidDevice, OpenHidDevice } from '../kiosk/scanner/scanner.ts';
import type { KeyTable } from './keymap.ts';

export type DeviceState = { state: 'connected' } | { state: 'disconnected'; message: string };

export interface HidKeysOptions<T> {
	name: string;
	table: KeyTable<T>;
	open: OpenHidDevice;
	debounceMs: number;
	reopenMs?: number;
	now?: () => number;
	onKey: (key: T) => void;
	onState?: (state: DeviceState) => void;
	/** A report that matched no key (not the all-zero key-up report): for logging unknown keys. */
	onUnknown?: (report: Uint8Array) => void;
}

export interface HidKeys {
	close(): Promise<void>;
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

export function hexOf(report: Uint8Array): string {
	return [...report].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function openHidKeys<T>(options: HidKeysOptions<T>): HidKeys {
	const now = options.now ?? Date.now;
	const reopenMs = options.reopenMs ?? 3000;
	const id = `${options.name} ${hex4(options.table.vendorId)}:${hex4(options.table.productId)}`;
	let device: HidDevice | null = null;
	let closed = false;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let last: { key: T; at: number } | null = null;
	let lastState = '';

	const report = (state: DeviceState): void => {
		const text = JSON.stringify(state);
		if (text === lastState) return;
		lastState = text;
		options.onState?.(state);
	};

	const retry = (message: string): void => {
		report({ state: 'disconnected', message });
		if (closed || timer) return;
		timer = setTimeout(() => {
			timer = null;
			void connect();
		}, reopenMs);
		timer.unref?.();
	};

	const onData = (data: Buffer): void => {
		const key = options.table.match(data);
		if (key === null) {
			if (data.some((b) => b !== 0)) options.onUnknown?.(data);
			return;
		}
		const at = now();
		// A bouncing contact or a nervous double press must not call two numbers.
		if (last && last.key === key && at - last.at < options.debounceMs) return;
		last = { key, at };
		options.onKey(key);
	};

	async function connect(): Promise<void> {
		if (closed) return;
		let opened: HidDevice;
		try {
			opened = await options.open(options.table.vendorId, options.table.productId);
		} catch (error) {
			return retry(`${id} not available: ${error instanceof Error ? error.message : String(error)}`);
		}
		if (closed) {
			await opened.close();
			return;
		}
		device = opened;
		opened.on('data', onData);
		opened.on('error', (error: unknown) => {
			if (device !== opened) return;
			device = null;
			void Promise.resolve(opened.close()).catch(() => undefined);
			retry(`${id} went away: ${error instanceof Error ? error.message : String(error)}`);
		});
		report({ state: 'connected' });
	}

	void connect();

	return {
		async close() {
			closed = true;
			if (timer) clearTimeout(timer);
			timer = null;
			const open = device;
			device = null;
			if (open) await open.close();
		}
	};
}
