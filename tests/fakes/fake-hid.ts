/**
 * A fake USB barcode scanner in HID keyboard mode: it emits the 8-byte boot keyboard
 * reports a real one sends (a press report per character, with Shift for capitals and
 * symbols, then an all-keys-up report), ending each scan with Enter. It can be unplugged
 * and plugged back. Its key table is written out here on its own, independent of the
 * adapter's, so a mistake in one is caught by the other.
 */
import { EventEmitter } from 'node:events';
import type { HidDevice, OpenHidDevice } from '../../devices/hid/hid-device.ts';

const SHIFT = 0x02;
const ENTER = 0x28;

function usageOf(ch: string): [usage: number, modifiers: number] {
	const code = ch.charCodeAt(0);
	if (ch >= 'a' && ch <= 'z') return [0x04 + code - 97, 0];
	if (ch >= 'A' && ch <= 'Z') return [0x04 + code - 65, SHIFT];
	if (ch >= '1' && ch <= '9') return [0x1e + code - 49, 0];
	if (ch === '0') return [0x27, 0];
	const table: Record<string, [number, number]> = {
		'!': [0x1e, SHIFT],
		'@': [0x1f, SHIFT],
		'#': [0x20, SHIFT],
		$: [0x21, SHIFT],
		'%': [0x22, SHIFT],
		'^': [0x23, SHIFT],
		'&': [0x24, SHIFT],
		'*': [0x25, SHIFT],
		'(': [0x26, SHIFT],
		')': [0x27, SHIFT],
		' ': [0x2c, 0],
		'-': [0x2d, 0],
		_: [0x2d, SHIFT],
		'=': [0x2e, 0],
		'+': [0x2e, SHIFT],
		'[': [0x2f, 0],
		'{': [0x2f, SHIFT],
		']': [0x30, 0],
		'}': [0x30, SHIFT],
		'\\': [0x31, 0],
		'|': [0x31, SHIFT],
		';': [0x33, 0],
		':': [0x33, SHIFT],
		"'": [0x34, 0],
		'"': [0x34, SHIFT],
		'`': [0x35, 0],
		'~': [0x35, SHIFT],
		',': [0x36, 0],
		'<': [0x36, SHIFT],
		'.': [0x37, 0],
		'>': [0x37, SHIFT],
		'/': [0x38, 0],
		'?': [0x38, SHIFT]
	};
	const hit = table[ch];
	if (!hit) throw new Error(`fake HID: a US keyboard cannot type ${JSON.stringify(ch)}`);
	return hit;
}

export function keyReport(usage: number, modifiers = 0): Buffer {
	return Buffer.from([modifiers, 0, usage, 0, 0, 0, 0, 0]);
}

export const RELEASE_REPORT = Buffer.alloc(8);

/** The reports a scanner sends for `text`, Enter included unless `enter: false`. */
export function reportsFor(text: string, { enter = true } = {}): Buffer[] {
	const reports: Buffer[] = [];
	for (const ch of text) {
		const [usage, modifiers] = usageOf(ch);
		reports.push(keyReport(usage, modifiers), RELEASE_REPORT);
	}
	if (enter) reports.push(keyReport(ENTER), RELEASE_REPORT);
	return reports;
}

export class FakeHidDevice extends EventEmitter implements HidDevice {
	opened = 0;
	closed = false;
	plugged = true;

	constructor(
		readonly vendorId = 0x0c2e,
		readonly productId = 0x0b61
	) {
		super();
	}

	/** Types `text` like the scanner does after reading a code. */
	scan(text: string, options?: { enter?: boolean }): void {
		for (const report of reportsFor(text, options)) this.report(report);
	}

	/** Emits one raw input report, well-formed or not. */
	report(bytes: Uint8Array): void {
		if (!this.plugged || this.closed) throw new Error('fake HID: the device is not open');
		this.emit('data', Buffer.from(bytes));
	}

	/** Pulls the cable: reading fails, as node-hid reports it. */
	unplug(): void {
		this.plugged = false;
		this.emit('error', new Error('could not read from HID device'));
	}

	plugIn(): void {
		this.plugged = true;
	}

	close(): void {
		this.closed = true;
		this.removeAllListeners('data');
		this.removeAllListeners('error');
	}

	/** An opener for createHidScanner: finds this device by its ids while it is plugged in. */
	opener(): OpenHidDevice {
		return async (vendorId, productId) => {
			if (!this.plugged || vendorId !== this.vendorId || productId !== this.productId) {
				throw new Error(`cannot open device with vendor id 0x${vendorId.toString(16)} and product id 0x${productId.toString(16)}`);
			}
			this.closed = false;
			this.opened++;
			return this;
		};
	}
}
