/**
 * A USB HID device that is kept open: opened through node-hid (or a fake in tests), and
 * when it is unplugged or was never there, looked for again every few seconds. The barcode
 * scanner and the window's caller keypad and evaluator pad all sit on this one loop; each
 * brings only what its reports mean.
 */

/** What the loop needs of an open HID device; node-hid's HIDAsync has it. */
export interface HidDevice {
	on(event: 'data', listener: (data: Buffer) => void): unknown;
	on(event: 'error', listener: (error: unknown) => void): unknown;
	close(): Promise<void> | void;
}

export type OpenHidDevice = (vendorId: number, productId: number) => Promise<HidDevice>;

export type HidState = { state: 'connected' } | { state: 'disconnected'; message: string };

export interface ReconnectingHidOptions {
	/** Names the device in state messages, e.g. 'scanner' or 'keypad'. */
	name: string;
	vendorId: number;
	productId: number;
	/** Replaces node-hid, for tests and for other HID libraries. */
	open?: OpenHidDevice;
	/** How long to wait before looking for the device again after it went away. */
	reopenMs?: number;
	/** Called on every (re)connection; the handler it returns gets that connection's reports. */
	onConnect: () => (report: Buffer) => void;
	/** Told on changes only: a device that stays away is not reported every few seconds. */
	onState?: (state: HidState) => void;
}

export interface ReconnectingHid {
	close(): Promise<void>;
}

export const DEFAULT_REOPEN_MS = 3000;

/** Parses `VID:PID` in hex, e.g. `0c2e:0b61`. */
export function parseVidPid(value: string): { vendorId: number; productId: number } | null {
	const m = /^(?:0x)?([0-9a-fA-F]{1,4}):(?:0x)?([0-9a-fA-F]{1,4})$/.exec(value.trim());
	return m ? { vendorId: parseInt(m[1], 16), productId: parseInt(m[2], 16) } : null;
}

export const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** node-hid is loaded only when a real device is used: it is a native module. */
export const openNodeHid: OpenHidDevice = async (vendorId, productId) => {
	const hid = await import('node-hid');
	// Non-exclusive: on Linux the kernel's keyboard driver may hold the device too.
	return (await hid.HIDAsync.open(vendorId, productId, { nonExclusive: true })) as unknown as HidDevice;
};

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A device's close may throw or reject when it is already gone; neither matters here. */
async function closeQuietly(device: HidDevice): Promise<void> {
	await Promise.resolve()
		.then(() => device.close())
		.catch(() => undefined);
}

export function openReconnectingHid(options: ReconnectingHidOptions): ReconnectingHid {
	const open = options.open ?? openNodeHid;
	const reopenMs = options.reopenMs ?? DEFAULT_REOPEN_MS;
	const id = `${options.name} ${hex4(options.vendorId)}:${hex4(options.productId)}`;
	let device: HidDevice | null = null;
	let closed = false;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let lastState = '';

	const report = (state: HidState): void => {
		const key = JSON.stringify(state);
		if (key === lastState) return;
		lastState = key;
		try {
			options.onState?.(state);
		} catch {
			// A failing listener must not stop the device loop.
		}
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
			return retry(`${id} not available: ${messageOf(err)}`);
		}
		if (closed) {
			await closeQuietly(opened);
			return;
		}
		device = opened;
		opened.on('data', options.onConnect());
		opened.on('error', (err: unknown) => {
			if (device !== opened) return;
			device = null;
			void closeQuietly(opened);
			retry(`${id} went away: ${messageOf(err)}`);
		});
		report({ state: 'connected' });
	}

	void connect();

	return {
		async close() {
			closed = true;
			if (timer) clearTimeout(timer);
			timer = null;
			const current = device;
			device = null;
			if (current) await closeQuietly(current);
		}
	};
}
