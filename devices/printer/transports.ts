/**
 * Printer transports behind one port, chosen by URI:
 *   tcp://HOST[:PORT]        network printer, raw port (default 9100)
 *   file:///dev/usb/lp0      Linux usblp device file (a plain absolute path works too)
 *   usb://VID:PID            raw USB through the optional `usb@^2` package (hex ids)
 *   preview:DIR              no printer: jobs saved as .bin and .svg files under DIR
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeviceTransport, type DeviceTransportOptions } from './transport-device.ts';
import { PreviewTransport, type PreviewTransportOptions } from './transport-preview.ts';
import { TcpTransport, type TcpTransportOptions } from './transport-tcp.ts';
import { UsbTransport, loadUsbModule, type UsbTransportOptions } from './transport-usb.ts';
import type { PrinterTransport, TransportError } from './transport-common.ts';

export type {
	PrinterTransport,
	TransportError,
	TransportErrorCode,
	WriteMeta,
	WriteResult
} from './transport-common.ts';
export type { PrinterStatus, PrinterStatusCode } from './status.ts';

export type PrinterUri =
	| { kind: 'tcp'; host: string; port: number }
	| { kind: 'file'; path: string }
	| { kind: 'usb'; vendorId: number; productId: number }
	| { kind: 'preview'; dir: string };

export type ParsedUri = { ok: true; value: PrinterUri } | { ok: false; error: TransportError };
export type OpenResult = { ok: true; transport: PrinterTransport } | { ok: false; error: TransportError };

export interface TransportOptions
	extends TcpTransportOptions,
		DeviceTransportOptions,
		UsbTransportOptions,
		PreviewTransportOptions {
	/** Replaces `import('usb')`; for tests and for bundlers that need a static import. */
	importUsb?: () => Promise<unknown>;
}

export const DEFAULT_RAW_PORT = 9100;

const SUPPORTED = 'expected tcp://HOST[:PORT], file:///dev/usb/lpN, /dev/usb/lpN, usb://VID:PID or preview:DIR';

function badUri(uri: unknown, why: string): ParsedUri {
	return { ok: false, error: { code: 'bad_uri', message: `bad printer URI ${JSON.stringify(uri)}: ${why}` } };
}

/** A bare `preview` (the demo's printer) saves slips under `${dataDir}/prints`; any other URI is as given. */
export function withPreviewDir(printer: string, dataDir: string): string {
	const uri = printer.trim();
	return uri === 'preview' ? `preview:${path.join(dataDir, 'prints')}` : uri;
}

export function parsePrinterUri(uri: string): ParsedUri {
	if (typeof uri !== 'string' || uri.trim() === '') return badUri(uri, SUPPORTED);
	const value = uri.trim();

	if (/^tcp:/i.test(value)) {
		const m = /^tcp:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\/?$/i.exec(value);
		if (!m) return badUri(uri, 'expected tcp://HOST[:PORT]');
		const port = m[2] === undefined ? DEFAULT_RAW_PORT : Number(m[2]);
		if (!(port >= 1 && port <= 65535)) return badUri(uri, 'port must be 1–65535');
		return { ok: true, value: { kind: 'tcp', host: m[1].replace(/^\[|\]$/g, ''), port } };
	}
	if (/^file:/i.test(value)) {
		let file: string;
		try {
			file = fileURLToPath(value);
		} catch (err) {
			return badUri(uri, err instanceof Error ? err.message : 'not a file URL');
		}
		return { ok: true, value: { kind: 'file', path: file } };
	}
	if (value.startsWith('/')) return { ok: true, value: { kind: 'file', path: path.normalize(value) } };
	if (/^usb:/i.test(value)) {
		const m = /^usb:\/\/([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})$/.exec(value);
		if (!m) return badUri(uri, 'expected usb://VID:PID with 4 hex digits each, e.g. usb://0416:5011');
		return { ok: true, value: { kind: 'usb', vendorId: parseInt(m[1], 16), productId: parseInt(m[2], 16) } };
	}
	if (/^preview:/i.test(value)) {
		const dir = value.slice('preview:'.length);
		if (dir === '') return badUri(uri, 'expected preview:DIR');
		return { ok: true, value: { kind: 'preview', dir: path.resolve(dir) } };
	}
	return badUri(uri, SUPPORTED);
}

/**
 * Opens nothing eagerly except the `usb` package: printers may be off when the
 * station starts, and each write or status call connects as needed.
 */
export async function openTransport(uri: string, opts: TransportOptions = {}): Promise<OpenResult> {
	const parsed = parsePrinterUri(uri);
	if (!parsed.ok) return parsed;
	const target = parsed.value;
	switch (target.kind) {
		case 'tcp':
			return { ok: true, transport: new TcpTransport(target.host, target.port, opts) };
		case 'file':
			return { ok: true, transport: new DeviceTransport(target.path, opts) };
		case 'preview':
			return { ok: true, transport: new PreviewTransport(target.dir, opts) };
		case 'usb': {
			const usb = await loadUsbModule(opts.importUsb);
			if (!usb) {
				return {
					ok: false,
					error: {
						code: 'usb_unavailable',
						message: 'usb:// printers need the optional package usb@^2 (npm install usb@^2, with libusb-1.0 installed)'
					}
				};
			}
			return { ok: true, transport: new UsbTransport(usb, target.vendorId, target.productId, opts) };
		}
	}
}
