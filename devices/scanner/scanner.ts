/**
 * The scanner port: something that hands over whole scans (one barcode or QR reading
 * each). The real adapter reads a USB barcode scanner in HID keyboard mode through the
 * reconnecting HID device; tests drive the same adapter with a fake HID device.
 */
import { openReconnectingHid, type HidState, type OpenHidDevice } from '../hid/hid-device.ts';
import { HidKeyboardDecoder, type ScanRejection } from './hid-keyboard.ts';

export type ScannerState = HidState;

export interface Scanner {
	onScan(listener: (text: string) => void): () => void;
	onReject(listener: (rejection: ScanRejection) => void): () => void;
	onState(listener: (state: ScannerState) => void): () => void;
	close(): Promise<void>;
}

export interface HidScannerOptions {
	vendorId: number;
	productId: number;
	/** Replaces node-hid, for tests and for other HID libraries. */
	open?: OpenHidDevice;
	/** How long to wait before looking for the device again after it went away. */
	reopenMs?: number;
	maxLength?: number;
	gapMs?: number;
	now?: () => number;
}

function listeners<T>() {
	const set = new Set<(value: T) => void>();
	return {
		add(listener: (value: T) => void): () => void {
			set.add(listener);
			return () => set.delete(listener);
		},
		emit(value: T): void {
			for (const listener of set) {
				try {
					listener(value);
				} catch {
					// A failing listener must not stop the scanner.
				}
			}
		}
	};
}

/** Opens the scanner and keeps it open: unplugged, it is looked for again every few seconds. */
export function createHidScanner(options: HidScannerOptions): Scanner {
	const scans = listeners<string>();
	const rejects = listeners<ScanRejection>();
	const states = listeners<ScannerState>();
	const device = openReconnectingHid({
		name: 'scanner',
		vendorId: options.vendorId,
		productId: options.productId,
		open: options.open,
		reopenMs: options.reopenMs,
		onConnect: () => {
			// A fresh decoder per connection: half a scan from before an unplug is no scan.
			const decoder = new HidKeyboardDecoder({
				onScan: (text) => scans.emit(text),
				onReject: (rejection) => rejects.emit(rejection),
				maxLength: options.maxLength,
				gapMs: options.gapMs,
				now: options.now
			});
			return (report) => decoder.push(report);
		},
		onState: (state) => states.emit(state)
	});
	return {
		onScan: scans.add,
		onReject: rejects.add,
		onState: states.add,
		close: () => device.close()
	};
}
