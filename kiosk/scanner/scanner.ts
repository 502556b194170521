/**
 * The scanner port: something that hands over whole scans (one barcode or QR reading
 * each). The real adapter reads a USB barcode scanner in HID keyboard mode through
 * node-hid; tests drive the same adapter with a fake HID device that emits reports.
 */
import { HidKeyboardDecoder, type ScanRejection } from './hid-keyboard.ts';

export type ScannerState = { state: 'connected' } | { state: 'disconnected'; message: string };

export interface Scanner {
	onScan(listener: (text: string) => void): () => void;
	onReject(listener: (rejection: ScanRejection) => void): () => void;
	onState(listener: (state: ScannerState) => void): () => void;
	close(): Promise<void>;
}

/** What the adapter needs of an open HID device; node-hid's HIDAsync has it. */
export interface HidDevice {
	on(event: 'data', listener: (data: Buffer) => void): unknown;
	on(event: 'error', listener: (error: unknown) => void): unknown;
	close(): Promise<void> | void;
}

export type OpenHidDevice = (vendorId: number, productId: number) => Promise<HidDevice>;

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

/** Parses `VID:PID` in hex, e.g. `0c2e:0b61`. */
export function parseVidPid(value: string): { vendorId: number; productId: number } | null {
	const m = /^(?:0x)?([0-9a-fA-F]{1,4}):(?:0x)?([0-9a-fA-F]{1,4})$/.exec(value.trim());
	return m ? { vendorId: parseInt(m[1], 16), productId: parseInt(m[2], 16) } : null;
}

/** node-hid is loaded only when a real scanner is used: it is a native module. */
export const openNodeHid: OpenHidDevice = async (vendorId, productId) => {
	const hid = await import('node-hid');
	// Non-exclusive: on Linux the kernel's keyboard driver may hold the device too.
	return (await hid.HIDAsync.open(vendorId, productId, { nonExclusive: true })) as unknown as HidDevice;
};

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

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** Opens the scanner and keeps it open: unplugged, it is looked for again every few seconds. */
export function createHidScanner(options: HidScannerOptions): Scanner {
	const open = options.open ?? openNodeHid;
	const reopenMs = options.reopenMs ?? 3000;
	const scans = listeners<string>();
	const rejects = listeners<ScanRejection>();
	const states = listeners<ScannerState>();
	const id = `${hex4(options.vendorId)}:${hex4(options.productId)}`;
	let device: HidDevice | null = null;
	let closed = false;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let lastState = '';

	const report = (state: ScannerState): void => {
		const key = JSON.stringify(state);
		if (key === lastState) return;
		lastState = key;
		states.emit(state);
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

	async function connect(): Promise<void> {
		if (closed) return;
		let opened: HidDevice;
		try {
			opened = await open(options.vendorId, options.productId);
		} catch (err) {
			return retry(`scanner ${id} not available: ${err instanceof Error ? err.message : String(err)}`);
		}
		if (closed) {
			await opened.close();
			return;
		}
		device = opened;
		// A fresh decoder per connection: half a scan from before an unplug is no scan.
		const decoder = new HidKeyboardDecoder({
			onScan: (text) => scans.emit(text),
			onReject: (rejection) => rejects.emit(rejection),
			maxLength: options.maxLength,
			gapMs: options.gapMs,
			now: options.now
		});
		opened.on('data', (data: Buffer) => decoder.push(data));
		opened.on('error', (err: unknown) => {
			if (device !== opened) return;
			device = null;
			void Promise.resolve()
				.then(() => opened.close())
				.catch(() => undefined);
			retry(`scanner ${id} went away: ${err instanceof Error ? err.message : String(err)}`);
		});
		report({ state: 'connected' });
	}

	void connect();

	return {
		onScan: scans.add,
		onReject: rejects.add,
		onState: states.add,
		async close() {
			closed = true;
			if (timer) clearTimeout(timer);
			timer = null;
			const current = device;
			device = null;
			if (current) await Promise.resolve(current.close()).catch(() => undefined);
		}
	};
}
