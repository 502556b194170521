import net from 'node:net';
import { faultStatus, type PrinterStatus } from './status.ts';
import { exchangeStatus } from './status-exchange.ts';
import {
	createSerialRunner,
	errorMessage,
	errnoCode,
	transportError,
	type PrinterTransport,
	type TransportError,
	type WriteResult
} from './transport-common.ts';

export interface TcpTransportOptions {
	connectTimeoutMs?: number;
	writeTimeoutMs?: number;
	/** How long to wait for each 1-byte DLE EOT reply. */
	statusTimeoutMs?: number;
	/** Many network printers serve one connection at a time, so an idle one is given back. */
	idleCloseMs?: number;
}

type ReadOutcome = number | 'timeout' | 'closed';

/** A raw TCP printer (JetDirect / port 9100), status read back on the same connection. */
export class TcpTransport implements PrinterTransport {
	readonly kind = 'tcp';
	readonly uri: string;
	private readonly host: string;
	private readonly port: number;
	private readonly connectTimeoutMs: number;
	private readonly writeTimeoutMs: number;
	private readonly statusTimeoutMs: number;
	private readonly idleCloseMs: number;
	private readonly serial = createSerialRunner();
	private socket: net.Socket | null = null;
	private inbox: number[] = [];
	private wake: (() => void) | null = null;
	private idleTimer: NodeJS.Timeout | null = null;
	private closed = false;

	constructor(host: string, port: number, opts: TcpTransportOptions = {}) {
		this.host = host;
		this.port = port;
		this.uri = `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`;
		this.connectTimeoutMs = opts.connectTimeoutMs ?? 3000;
		this.writeTimeoutMs = opts.writeTimeoutMs ?? 10_000;
		this.statusTimeoutMs = opts.statusTimeoutMs ?? 1500;
		this.idleCloseMs = opts.idleCloseMs ?? 3000;
	}

	write(bytes: Uint8Array): Promise<WriteResult> {
		return this.serial(async () => {
			if (this.closed) return transportError('unreachable', 'transport closed');
			this.stopIdleTimer();
			const conn = await this.connect();
			if (conn) return { ok: false, error: conn };
			const failed = await this.send(bytes);
			if (failed) {
				this.drop();
				return { ok: false, error: failed };
			}
			this.startIdleTimer();
			return { ok: true };
		});
	}

	status(): Promise<PrinterStatus> {
		return this.serial(async () => {
			if (this.closed) return faultStatus('unreachable', 'transport closed');
			this.stopIdleTimer();
			const status = await this.queryStatus();
			this.startIdleTimer();
			return status;
		});
	}

	close(): Promise<void> {
		this.closed = true;
		return this.serial(async () => {
			this.stopIdleTimer();
			const socket = this.socket;
			this.socket = null;
			if (!socket || socket.destroyed) return;
			await new Promise<void>((resolve) => {
				const timer = setTimeout(() => {
					socket.destroy();
					resolve();
				}, 1000);
				socket.once('close', () => {
					clearTimeout(timer);
					resolve();
				});
				socket.destroySoon();
			});
		});
	}

	private async queryStatus(): Promise<PrinterStatus> {
		const conn = await this.connect();
		if (conn) return faultStatus('unreachable', conn.message);
		// Bytes that arrived unasked (late replies, ASB) must not pass for answers.
		this.inbox = [];
		return exchangeStatus({
			send: async (request) => {
				const failed = await this.send(request);
				if (failed) this.drop();
				return failed;
			},
			read: async () => {
				const reply = await this.readByte(this.statusTimeoutMs);
				// A late answer would be taken as the reply to the next request: start afresh.
				if (reply === 'timeout') this.drop();
				return reply === 'timeout' ? 'silent' : reply;
			},
			silent: () => faultStatus('offline', `no answer to DLE EOT 1 within ${this.statusTimeoutMs} ms`),
			malformed: (replies) => {
				this.drop();
				return faultStatus('offline', `not a status reply: 0x${(replies[1] ?? 0).toString(16).padStart(2, '0')}`);
			}
		});
	}

	/** Resolves with an error, or null once connected. */
	private connect(): Promise<TransportError | null> {
		if (this.socket && !this.socket.destroyed) return Promise.resolve(null);
		return new Promise((resolve) => {
			const socket = net.connect({ host: this.host, port: this.port });
			let settled = false;
			const settle = (error: TransportError | null): void => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				if (error) socket.destroy();
				resolve(error);
			};
			const timer = setTimeout(
				() => settle({ code: 'unreachable', message: `no connection to ${this.uri} within ${this.connectTimeoutMs} ms` }),
				this.connectTimeoutMs
			);
			// Kept for the socket's whole life: an unhandled 'error' event would crash the process.
			socket.on('error', (err) =>
				settle({ code: 'unreachable', message: `${errnoCode(err) || 'error'} on ${this.uri}: ${errorMessage(err)}` })
			);
			socket.on('data', (chunk: Buffer) => {
				for (const byte of chunk) this.inbox.push(byte);
				this.wake?.();
			});
			socket.on('close', () => {
				if (this.socket === socket) this.socket = null;
				settle({ code: 'unreachable', message: `connection to ${this.uri} closed` });
				this.wake?.();
			});
			socket.once('connect', () => {
				if (settled) return;
				socket.setNoDelay(true);
				socket.setKeepAlive(true, 10_000);
				this.socket = socket;
				this.inbox = [];
				settle(null);
			});
		});
	}

	private send(bytes: Uint8Array): Promise<TransportError | null> {
		const socket = this.socket;
		if (!socket || socket.destroyed) return Promise.resolve({ code: 'unreachable', message: 'not connected' });
		return new Promise((resolve) => {
			let settled = false;
			const settle = (error: TransportError | null): void => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				socket.off('close', onClose);
				resolve(error);
			};
			const onClose = (): void => settle({ code: 'unreachable', message: `connection to ${this.uri} closed while writing` });
			// The callback only fires once the kernel took the bytes; a printer whose buffer is full stops reading.
			const timer = setTimeout(
				() => settle({ code: 'timeout', message: `${this.uri} did not take ${bytes.length} bytes within ${this.writeTimeoutMs} ms` }),
				this.writeTimeoutMs
			);
			socket.once('close', onClose);
			socket.write(bytes, (err) =>
				settle(err ? { code: 'unreachable', message: `write to ${this.uri} failed: ${errorMessage(err)}` } : null)
			);
		});
	}

	private readByte(timeoutMs: number): Promise<ReadOutcome> {
		return new Promise((resolve) => {
			const take = (): boolean => {
				const byte = this.inbox.shift();
				if (byte !== undefined) {
					resolve(byte);
					return true;
				}
				if (!this.socket || this.socket.destroyed) {
					resolve('closed');
					return true;
				}
				return false;
			};
			if (take()) return;
			const timer = setTimeout(() => {
				this.wake = null;
				resolve('timeout');
			}, timeoutMs);
			this.wake = () => {
				if (take()) {
					clearTimeout(timer);
					this.wake = null;
				}
			};
		});
	}

	private drop(): void {
		const socket = this.socket;
		this.socket = null;
		this.inbox = [];
		socket?.destroy();
	}

	private startIdleTimer(): void {
		this.stopIdleTimer();
		this.idleTimer = setTimeout(() => {
			this.idleTimer = null;
			void this.serial(async () => {
				if (this.idleTimer !== null || !this.socket) return;
				const socket = this.socket;
				this.socket = null;
				socket.destroySoon();
			});
		}, this.idleCloseMs);
		this.idleTimer.unref();
	}

	private stopIdleTimer(): void {
		if (this.idleTimer) clearTimeout(this.idleTimer);
		this.idleTimer = null;
	}
}
