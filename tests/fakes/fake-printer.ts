/**
 * A fake network thermal printer on 127.0.0.1 that behaves like the real thing
 * at the byte level: it answers DLE EOT 1/2/3/4 in real time with the status
 * bytes of its simulated state, and while it cannot print (paper out, cover
 * open, offline) it keeps what it receives in its buffer and prints it when it
 * recovers, as real printers do. A "job" is everything printed up to a cut.
 */
import { EventEmitter } from 'node:events';
import net from 'node:net';

export type OfflineMode =
	/** Powered off: connections are refused and open ones reset. */
	| 'refuse'
	/** Hung or a black hole: accepts connections, never answers. */
	| 'silent'
	/** Answers status requests with the offline bit set. */
	| 'report';

export interface FakeConnection {
	id: number;
	/** Every byte received on this connection, status requests included. */
	bytes: Buffer;
	closed: boolean;
}

export interface FakePrintedJob {
	/** Print data up to and including the cut; real-time status requests are not part of it. */
	bytes: Buffer;
	connectionIds: number[];
}

export interface FakePrinterState {
	paperOut: boolean;
	paperNearEnd: boolean;
	coverOpen: boolean;
	offline: OfflineMode | null;
}

const DEFAULT_WAIT_MS = 10_000;

class Waiters extends EventEmitter {
	constructor() {
		super();
		this.setMaxListeners(0);
	}

	until<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
		return new Promise((resolve, reject) => {
			const attempt = (): boolean => {
				const value = check();
				if (value === undefined) return false;
				clearTimeout(timer);
				this.off('change', onChange);
				resolve(value);
				return true;
			};
			const onChange = (): void => void attempt();
			const timer = setTimeout(() => {
				this.off('change', onChange);
				reject(new Error(`fake printer: timed out after ${timeoutMs} ms waiting for ${what}`));
			}, timeoutMs);
			this.on('change', onChange);
			attempt();
		});
	}
}

export class FakePrinter {
	readonly host = '127.0.0.1';
	port = 0;
	readonly connections: FakeConnection[] = [];
	readonly jobs: FakePrintedJob[] = [];
	/** The n of every DLE EOT n received, answered or not. */
	readonly statusRequests: number[] = [];
	private readonly events = new Waiters();
	private readonly raw: Buffer[] = [];
	private readonly sockets = new Map<number, net.Socket>();
	private readonly pending = new Map<number, Buffer>();
	private state: FakePrinterState = { paperOut: false, paperNearEnd: false, coverOpen: false, offline: null };
	private server: net.Server | null = null;
	/** Received but not yet printed, because the printer could not print. */
	private buffered: { bytes: Buffer; cut: boolean; connectionId: number }[] = [];
	private current: { chunks: Buffer[]; connectionIds: Set<number> } = { chunks: [], connectionIds: new Set() };
	private nextConnectionId = 1;

	get uri(): string {
		return `tcp://${this.host}:${this.port}`;
	}

	received(): Buffer {
		return Buffer.concat(this.raw);
	}

	/** Everything printed so far, cut or not. */
	printed(): Buffer {
		return Buffer.concat([...this.jobs.map((j) => j.bytes), ...this.current.chunks]);
	}

	snapshot(): FakePrinterState {
		return { ...this.state };
	}

	async listen(port = 0): Promise<void> {
		const server = net.createServer((socket) => this.accept(socket));
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, this.host, () => {
				server.off('error', reject);
				resolve();
			});
		});
		const address = server.address();
		if (address && typeof address === 'object') this.port = address.port;
		this.server = server;
	}

	setPaperOut(on: boolean): void {
		this.update({ paperOut: on });
	}

	setPaperNearEnd(on: boolean): void {
		this.update({ paperNearEnd: on });
	}

	setCoverOpen(on: boolean): void {
		this.update({ coverOpen: on });
	}

	async setOffline(on: boolean, mode: OfflineMode = 'refuse'): Promise<void> {
		const wasRefusing = this.state.offline === 'refuse';
		const next: OfflineMode | null = on ? mode : null;
		if (next === 'refuse' && !wasRefusing) {
			for (const socket of this.sockets.values()) socket.resetAndDestroy();
			await this.stopListening();
		}
		if (wasRefusing && next !== 'refuse') await this.listen(this.port);
		this.update({ offline: next });
	}

	waitForBytes(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<Buffer> {
		return this.events.until(
			() => {
				const all = this.received();
				return all.length >= count ? all : undefined;
			},
			timeoutMs,
			`${count} received bytes`
		);
	}

	waitForJobs(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<FakePrintedJob[]> {
		return this.events.until(
			() => (this.jobs.length >= count ? this.jobs.slice(0, count) : undefined),
			timeoutMs,
			`${count} printed job(s)`
		);
	}

	/** Resolves with the next job to be cut after this call. */
	nextCut(timeoutMs = DEFAULT_WAIT_MS): Promise<FakePrintedJob> {
		const seen = this.jobs.length;
		return this.events.until(() => this.jobs[seen], timeoutMs, 'the next cut');
	}

	waitForStatusRequests(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<number[]> {
		return this.events.until(
			() => (this.statusRequests.length >= count ? [...this.statusRequests] : undefined),
			timeoutMs,
			`${count} status request(s)`
		);
	}

	waitForConnections(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<FakeConnection[]> {
		return this.events.until(
			() => (this.connections.length >= count ? [...this.connections] : undefined),
			timeoutMs,
			`${count} connection(s)`
		);
	}

	async close(): Promise<void> {
		for (const socket of this.sockets.values()) socket.destroy();
		await this.stopListening();
	}

	/** The 1-byte reply a real printer gives to DLE EOT n in the current state. */
	statusByte(n: number): number {
		const { paperOut, paperNearEnd, coverOpen, offline } = this.state;
		const base = 0x12;
		switch (n) {
			case 1:
				return base | (paperOut || coverOpen || offline !== null ? 0x08 : 0);
			case 2:
				return base | (coverOpen ? 0x04 : 0) | (paperOut ? 0x20 : 0);
			case 3:
				return base;
			default:
				return base | (paperOut || paperNearEnd ? 0x0c : 0) | (paperOut ? 0x60 : 0);
		}
	}

	private canPrint(): boolean {
		const { paperOut, coverOpen, offline } = this.state;
		return !paperOut && !coverOpen && offline === null;
	}

	private update(patch: Partial<FakePrinterState>): void {
		this.state = { ...this.state, ...patch };
		if (this.canPrint()) {
			const held = this.buffered;
			this.buffered = [];
			for (const item of held) this.print(item.bytes, item.cut, item.connectionId);
		}
		this.events.emit('change');
	}

	private async stopListening(): Promise<void> {
		const server = this.server;
		this.server = null;
		if (!server) return;
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	private accept(socket: net.Socket): void {
		if (this.state.offline === 'refuse') {
			socket.destroy();
			return;
		}
		const conn: FakeConnection = { id: this.nextConnectionId++, bytes: Buffer.alloc(0), closed: false };
		this.connections.push(conn);
		this.sockets.set(conn.id, socket);
		this.pending.set(conn.id, Buffer.alloc(0));
		socket.on('error', () => undefined);
		socket.on('close', () => {
			conn.closed = true;
			this.sockets.delete(conn.id);
			this.events.emit('change');
		});
		socket.on('data', (chunk: Buffer) => {
			this.raw.push(chunk);
			conn.bytes = Buffer.concat([conn.bytes, chunk]);
			this.consume(conn.id, socket, Buffer.concat([this.pending.get(conn.id) ?? Buffer.alloc(0), chunk]));
			this.events.emit('change');
		});
		this.events.emit('change');
	}

	/** Splits the stream into real-time requests, print data and cuts; keeps an incomplete command for the next chunk. */
	private consume(connectionId: number, socket: net.Socket, data: Buffer): void {
		let i = 0;
		let printStart = 0;
		const flushPrint = (end: number, cut: boolean): void => {
			if (end > printStart || cut) this.receivePrintData(data.subarray(printStart, end), cut, connectionId);
			printStart = end;
		};
		while (i < data.length) {
			const b = data[i];
			if (b === 0x10) {
				if (i + 1 >= data.length || (data[i + 1] === 0x04 && i + 2 >= data.length)) break;
				if (data[i + 1] === 0x04 && data[i + 2] >= 1 && data[i + 2] <= 4) {
					flushPrint(i, false);
					const n = data[i + 2];
					this.statusRequests.push(n);
					if (this.state.offline !== 'silent' && !socket.destroyed) socket.write(Uint8Array.of(this.statusByte(n)));
					i += 3;
					printStart = i;
					continue;
				}
			} else if (b === 0x1d) {
				if (i + 1 >= data.length) break;
				if (data[i + 1] === 0x28) {
					// GS ( fn pL pH …: skip the parameters so their bytes are not read as commands.
					if (i + 5 > data.length) break;
					const total = 5 + data[i + 3] + data[i + 4] * 256;
					if (i + total > data.length) break;
					i += total;
					continue;
				}
				if (data[i + 1] === 0x56) {
					if (i + 2 >= data.length) break;
					const length = data[i + 2] === 65 || data[i + 2] === 66 ? 4 : 3;
					if (i + length > data.length) break;
					i += length;
					flushPrint(i, true);
					continue;
				}
			}
			i += 1;
		}
		flushPrint(i, false);
		this.pending.set(connectionId, Buffer.from(data.subarray(i)));
	}

	private receivePrintData(bytes: Buffer, cut: boolean, connectionId: number): void {
		const copy = Buffer.from(bytes);
		if (this.canPrint()) this.print(copy, cut, connectionId);
		else this.buffered.push({ bytes: copy, cut, connectionId });
	}

	private print(bytes: Buffer, cut: boolean, connectionId: number): void {
		if (bytes.length > 0) {
			this.current.chunks.push(bytes);
			this.current.connectionIds.add(connectionId);
		}
		if (cut) {
			this.jobs.push({ bytes: Buffer.concat(this.current.chunks), connectionIds: [...this.current.connectionIds] });
			this.current = { chunks: [], connectionIds: new Set() };
		}
	}
}

export async function startFakePrinter(initial: Partial<FakePrinterState> = {}): Promise<FakePrinter> {
	const printer = new FakePrinter();
	await printer.listen(0);
	if (initial.paperOut) printer.setPaperOut(true);
	if (initial.paperNearEnd) printer.setPaperNearEnd(true);
	if (initial.coverOpen) printer.setCoverOpen(true);
	if (initial.offline) await printer.setOffline(true, initial.offline);
	return printer;
}
