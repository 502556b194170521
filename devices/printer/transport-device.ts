import { constants as fsc } from 'node:fs';
import fs from 'node:fs/promises';
import { faultStatus, unknownStatus, type PrinterStatus } from './status.ts';
import { exchangeStatus } from './status-exchange.ts';
import { createSerialRunner, delay, errnoCode, errorMessage, transportError } from './transport-common.ts';
import type { PrinterTransport, TransportError, WriteResult } from './transport-common.ts';

export interface DeviceTransportOptions {
	writeTimeoutMs?: number;
	statusTimeoutMs?: number;
}

const POLL_MS = 20;

/** Maps the errors the Linux usblp driver gives to printer conditions. */
function deviceError(err: unknown, path: string): TransportError & { code: 'paper_out' | 'offline' | 'unreachable' } {
	const code = errnoCode(err);
	switch (code) {
		case 'ENOSPC':
			return { code: 'paper_out', message: `${path}: paper out (ENOSPC)` };
		case 'EIO':
			return { code: 'offline', message: `${path}: printer offline or in error (EIO)` };
		case 'EACCES':
		case 'EPERM':
			return { code: 'unreachable', message: `${path}: permission denied (is the kiosk user in group lp?)` };
		case 'ENOENT':
		case 'ENODEV':
		case 'ENXIO':
			return { code: 'unreachable', message: `${path}: no such device (${code})` };
		case 'EBUSY':
			return { code: 'unreachable', message: `${path}: device busy` };
		default:
			return { code: 'offline', message: `${path}: ${code || 'error'}: ${errorMessage(err)}` };
	}
}

/**
 * A printer device file such as /dev/usb/lp0 (or any existing file). Data goes
 * through a plain write; status is asked with DLE EOT only on character devices,
 * and a device that does not answer reports 'unknown' instead of a fault.
 */
export class DeviceTransport implements PrinterTransport {
	readonly kind = 'file';
	readonly uri: string;
	private readonly path: string;
	private readonly writeTimeoutMs: number;
	private readonly statusTimeoutMs: number;
	private readonly serial = createSerialRunner();
	private closed = false;

	constructor(path: string, opts: DeviceTransportOptions = {}) {
		this.path = path;
		this.uri = `file://${path}`;
		this.writeTimeoutMs = opts.writeTimeoutMs ?? 10_000;
		this.statusTimeoutMs = opts.statusTimeoutMs ?? 500;
	}

	write(bytes: Uint8Array): Promise<WriteResult> {
		return this.serial(async () => {
			if (this.closed) return transportError('unreachable', 'transport closed');
			let handle: fs.FileHandle;
			try {
				// No O_CREAT: a missing /dev/usb/lp0 must fail, not become a regular file.
				handle = await fs.open(this.path, fsc.O_WRONLY | fsc.O_APPEND | fsc.O_NOCTTY);
			} catch (err) {
				return { ok: false, error: deviceError(err, this.path) };
			}
			const written = this.writeAll(handle, bytes);
			let timer: NodeJS.Timeout | undefined;
			const timedOut = new Promise<'timeout'>((resolve) => {
				timer = setTimeout(() => resolve('timeout'), this.writeTimeoutMs);
			});
			const outcome = await Promise.race([written, timedOut]);
			clearTimeout(timer);
			if (outcome === 'timeout') {
				// The blocked write keeps its thread; close once it returns.
				void written.finally(() => handle.close().catch(() => undefined));
				return transportError('timeout', `${this.path} did not take ${bytes.length} bytes within ${this.writeTimeoutMs} ms`);
			}
			await handle.close().catch(() => undefined);
			return outcome === null ? { ok: true } : { ok: false, error: outcome };
		});
	}

	status(): Promise<PrinterStatus> {
		return this.serial(async () => {
			if (this.closed) return faultStatus('unreachable', 'transport closed');
			let stat;
			try {
				stat = await fs.stat(this.path);
			} catch (err) {
				return faultStatus('unreachable', deviceError(err, this.path).message);
			}
			if (!stat.isCharacterDevice()) return unknownStatus(`${this.path} is not a device: no status channel`);
			let handle: fs.FileHandle;
			try {
				// Non-blocking, so an unanswered read cannot hold a libuv thread forever.
				handle = await fs.open(this.path, fsc.O_RDWR | fsc.O_NONBLOCK | fsc.O_NOCTTY);
			} catch (err) {
				const error = deviceError(err, this.path);
				// Write-only permission still lets jobs print; only reading back is impossible.
				return ['EACCES', 'EPERM'].includes(errnoCode(err))
					? unknownStatus(`${this.path} cannot be read back: ${error.message}`)
					: faultStatus(error.code, error.message);
			}
			try {
				return await exchangeStatus({
					send: (request) => this.writeAll(handle, request, Date.now() + this.statusTimeoutMs),
					read: async () => (await this.readByte(handle, Date.now() + this.statusTimeoutMs)) ?? 'silent',
					silent: () => unknownStatus(`${this.path} did not answer DLE EOT`),
					malformed: () => unknownStatus(`${this.path} gave no valid status reply`)
				});
			} finally {
				await handle.close().catch(() => undefined);
			}
		});
	}

	async close(): Promise<void> {
		this.closed = true;
		await this.serial(async () => undefined);
	}

	/** Short writes and EAGAIN happen on device files; `deadline` bounds the EAGAIN retries. */
	private async writeAll(
		handle: fs.FileHandle,
		bytes: Uint8Array,
		deadline = Infinity
	): Promise<ReturnType<typeof deviceError> | null> {
		let offset = 0;
		while (offset < bytes.length) {
			try {
				const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
				offset += bytesWritten;
			} catch (err) {
				if (errnoCode(err) !== 'EAGAIN' || Date.now() > deadline) return deviceError(err, this.path);
				await delay(POLL_MS);
			}
		}
		return null;
	}

	private async readByte(handle: fs.FileHandle, deadline: number): Promise<number | null> {
		const buf = Buffer.alloc(1);
		for (;;) {
			try {
				const { bytesRead } = await handle.read(buf, 0, 1, null);
				if (bytesRead === 1) return buf[0];
			} catch (err) {
				if (errnoCode(err) !== 'EAGAIN') return null;
			}
			if (Date.now() > deadline) return null;
			await delay(POLL_MS);
		}
	}
}
