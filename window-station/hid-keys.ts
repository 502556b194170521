// One USB key device (the caller keypad or the evaluator pad): kept open by the devices
// package's reconnecting HID device, its reports matched against the key map, and a key
// pressed twice in a moment taken once.

import { openReconnectingHid, type HidState, type OpenHidDevice, type ReconnectingHid } from '../devices/hid/hid-device.ts';
import type { KeyTable } from './keymap.ts';

export type DeviceState = HidState;

export interface HidKeysOptions<T> {
	name: string;
	table: KeyTable<T>;
	open?: OpenHidDevice;
	debounceMs: number;
	reopenMs?: number;
	now?: () => number;
	onKey: (key: T) => void;
	onState?: (state: DeviceState) => void;
	/** A report that matched no key (not the all-zero key-up report): for logging unknown keys. */
	onUnknown?: (report: Uint8Array) => void;
}

export type HidKeys = ReconnectingHid;

export function hexOf(report: Uint8Array): string {
	return [...report].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function openHidKeys<T>(options: HidKeysOptions<T>): HidKeys {
	const now = options.now ?? Date.now;
	// Kept across reconnections: a key bouncing over a replug is still one press.
	let last: { key: T; at: number } | null = null;

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

	return openReconnectingHid({
		name: options.name,
		vendorId: options.table.vendorId,
		productId: options.table.productId,
		open: options.open,
		reopenMs: options.reopenMs,
		onConnect: () => onData,
		onState: options.onState
	});
}
