/**
 * Raw USB printing through the optional `usb` package (node-usb, `usb@^2`; it
 * needs libusb-1.0). It is not a dependency of the project: a station that
 * prints over USB without a /dev/usb/lp* device installs it, and every other
 * station runs without it. Only the small part of its API used here is typed.
 */
import { faultStatus, unknownStatus, type PrinterStatus } from './status.ts';
import { exchangeStatus } from './status-exchange.ts';
import { createSerialRunner, errorMessage, transportError } from './transport-common.ts';
import type { PrinterTransport, TransportError, WriteResult } from './transport-common.ts';

type TransferError = { errno?: number; message?: string } | undefined;

export interface UsbEndpointLike {
	direction: 'in' | 'out';
	timeout: number;
	transfer(
		bufferOrLength: Buffer | number,
		callback: (error: TransferError, data?: Buffer | number) => void
	): unknown;
}
export interface UsbInterfaceLike {
	descriptor?: { bInterfaceClass?: number };
	endpoints: UsbEndpointLike[];
	claim(): void;
	release(callback?: (error?: unknown) => void): void;
	isKernelDriverActive(): boolean;
	detachKernelDriver(): void;
}
export interface UsbDeviceLike {
	interfaces?: UsbInterfaceLike[];
	open(): void;
	close(): void;
}
export interface UsbModuleLike {
	findByIds(vendorId: number, productId: number): UsbDeviceLike | undefined;
}

export interface UsbTransportOptions {
	writeTimeoutMs?: number;
	statusTimeoutMs?: number;
}

const USB_CLASS_PRINTER = 7;
// libusb transfer status for a timed-out transfer, as node-usb reports it in `errno`.
const LIBUSB_TRANSFER_TIMED_OUT = 2;
const LIBUSB_ERROR_TIMEOUT = -7;

/** Loads node-usb if it is installed; null otherwise. */
export async function loadUsbModule(
	importer: () => Promise<unknown> = () => {
		const specifier = 'usb';
		return import(/* @vite-ignore */ specifier);
	}
): Promise<UsbModuleLike | null> {
	let mod: unknown;
	try {
		mod = await importer();
	} catch {
		return null;
	}
	const candidates = [mod, (mod as { usb?: unknown })?.usb, (mod as { default?: unknown })?.default];
	for (const c of candidates) {
		if (c && typeof (c as UsbModuleLike).findByIds === 'function') {
			const found = c as UsbModuleLike;
			return { findByIds: (v, p) => found.findByIds(v, p) };
		}
	}
	return null;
}

interface OpenDevice {
	device: UsbDeviceLike;
	iface: UsbInterfaceLike;
	out: UsbEndpointLike;
	in: UsbEndpointLike | null;
}

const isTimeout = (err: TransferError): boolean =>
	err?.errno === LIBUSB_TRANSFER_TIMED_OUT || err?.errno === LIBUSB_ERROR_TIMEOUT || /TIMED_?OUT/i.test(err?.message ?? '');

export class UsbTransport implements PrinterTransport {
	readonly kind = 'usb';
	readonly uri: string;
	private readonly usb: UsbModuleLike;
	private readonly vendorId: number;
	private readonly productId: number;
	private readonly writeTimeoutMs: number;
	private readonly statusTimeoutMs: number;
	private readonly serial = createSerialRunner();
	private open: OpenDevice | null = null;
	private closed = false;

	constructor(usb: UsbModuleLike, vendorId: number, productId: number, opts: UsbTransportOptions = {}) {
		this.usb = usb;
		this.vendorId = vendorId;
		this.productId = productId;
		const hex = (n: number): string => n.toString(16).padStart(4, '0');
		this.uri = `usb://${hex(vendorId)}:${hex(productId)}`;
		this.writeTimeoutMs = opts.writeTimeoutMs ?? 10_000;
		this.statusTimeoutMs = opts.statusTimeoutMs ?? 500;
	}

	write(bytes: Uint8Array): Promise<WriteResult> {
		return this.serial(async () => {
			if (this.closed) return transportError('unreachable', 'transport closed');
			const dev = this.ensureOpen();
			if ('code' in dev) return { ok: false, error: dev };
			const err = await this.transferOut(dev, bytes, this.writeTimeoutMs);
			if (err) {
				if (err.code !== 'timeout') this.release();
				return { ok: false, error: err };
			}
			return { ok: true };
		});
	}

	status(): Promise<PrinterStatus> {
		return this.serial(async () => {
			if (this.closed) return faultStatus('unreachable', 'transport closed');
			const dev = this.ensureOpen();
			if ('code' in dev) return faultStatus('unreachable', dev.message);
			if (!dev.in) return unknownStatus(`${this.uri} has no IN endpoint: no status channel`);
			const input = dev.in;
			return exchangeStatus({
				send: async (request) => {
					const err = await this.transferOut(dev, request, this.statusTimeoutMs);
					// A half-done exchange leaves the endpoints in an unknown state: open afresh next time.
					if (err) this.release();
					return err;
				},
				read: async () => (await this.readByte(input)) ?? 'silent',
				silent: () => unknownStatus(`${this.uri} did not answer DLE EOT`),
				malformed: () => unknownStatus(`${this.uri} gave no valid status reply`)
			});
		});
	}

	async close(): Promise<void> {
		this.closed = true;
		await this.serial(async () => this.release());
	}

	private ensureOpen(): OpenDevice | TransportError {
		if (this.open) return this.open;
		let device: UsbDeviceLike | undefined;
		try {
			device = this.usb.findByIds(this.vendorId, this.productId);
		} catch (err) {
			return { code: 'unreachable', message: `${this.uri}: ${errorMessage(err)}` };
		}
		if (!device) return { code: 'unreachable', message: `${this.uri}: no such USB device` };
		try {
			device.open();
			const interfaces = device.interfaces ?? [];
			const iface = interfaces.find((i) => i.descriptor?.bInterfaceClass === USB_CLASS_PRINTER) ?? interfaces[0];
			if (!iface) throw new Error('device has no interface');
			// usblp holds the interface when loaded; libusb cannot claim it until detached.
			if (iface.isKernelDriverActive()) iface.detachKernelDriver();
			iface.claim();
			const out = iface.endpoints.find((e) => e.direction === 'out');
			if (!out) throw new Error('device has no OUT endpoint');
			this.open = { device, iface, out, in: iface.endpoints.find((e) => e.direction === 'in') ?? null };
			return this.open;
		} catch (err) {
			try {
				device.close();
			} catch {
				// already closed
			}
			return { code: 'unreachable', message: `${this.uri}: cannot open: ${errorMessage(err)}` };
		}
	}

	private release(): void {
		const dev = this.open;
		this.open = null;
		if (!dev) return;
		try {
			dev.iface.release(() => {
				try {
					dev.device.close();
				} catch {
					// the device may be gone already
				}
			});
		} catch {
			try {
				dev.device.close();
			} catch {
				// the device may be gone already
			}
		}
	}

	private transferOut(dev: OpenDevice, bytes: Uint8Array, timeoutMs: number): Promise<TransportError | null> {
		return new Promise((resolve) => {
			dev.out.timeout = timeoutMs;
			try {
				dev.out.transfer(Buffer.from(bytes), (err) => {
					if (!err) resolve(null);
					else if (isTimeout(err))
						resolve({ code: 'timeout', message: `${this.uri} did not take ${bytes.length} bytes within ${timeoutMs} ms` });
					else resolve({ code: 'unreachable', message: `${this.uri}: ${err.message ?? 'transfer failed'}` });
				});
			} catch (err) {
				resolve({ code: 'unreachable', message: `${this.uri}: ${errorMessage(err)}` });
			}
		});
	}

	private readByte(endpoint: UsbEndpointLike): Promise<number | null> {
		return new Promise((resolve) => {
			endpoint.timeout = this.statusTimeoutMs;
			try {
				endpoint.transfer(64, (err, data) => {
					resolve(!err && Buffer.isBuffer(data) && data.length > 0 ? data[data.length - 1] : null);
				});
			} catch {
				resolve(null);
			}
		});
	}
}
