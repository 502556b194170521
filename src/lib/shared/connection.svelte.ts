// One socket.io connection per screen, with the rule every screen lives by: on each
// connect (the first and every reconnect) ask the server for a fresh snapshot and
// replace the screen's state with it; a fact whose version the snapshot already
// covers is dropped, so nothing is counted twice and nothing is missed.
import { io, type Socket } from 'socket.io-client';
import type { Ack, ApiError, ClientToServerEvents, ServerToClientEvents } from '../protocol.ts';

export type HallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type CommandName = keyof ClientToServerEvents;
export type CommandInput<E extends CommandName> = Parameters<ClientToServerEvents[E]>[0];
/** What the server acknowledges a command with: `{ data } | { error }`. */
export type CommandAck<E extends CommandName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
export type FactName = keyof ServerToClientEvents;
export type Fact<E extends FactName> = Parameters<ServerToClientEvents[E]>[0];

export const COMMAND_TIMEOUT_MS = 10_000;

/** Errors that the client itself produces; shaped like the server's so screens show one kind. */
export function offlineError(): ApiError {
	return { code: 'internal', message: '网络连接已断开，请稍后再试', details: { client: 'offline' } };
}

export function timeoutError(): ApiError {
	return { code: 'internal', message: '服务器没有响应，请稍后再试', details: { client: 'timeout' } };
}

export interface HallConnectionOptions<S> {
	/** Staff token for `auth: { token }`; screens open to the public pass none. */
	token?: string | null;
	/** Emits the screen's `*:subscribe` command; called on every connect. */
	subscribe: (connection: HallConnection<S>) => Promise<Ack<S>>;
	/** Replaces the screen's state with the snapshot. */
	onSnapshot: (snapshot: S) => void;
	/** The subscribe command failed (unknown ticket, not your window …) or the server refused the handshake. */
	onSubscribeError?: (error: ApiError) => void;
	/** Version carried by the snapshot; a snapshot without one accepts every later fact. */
	versionOf?: (snapshot: S) => number | undefined;
	/** For tests: build the socket yourself. */
	createSocket?: () => HallSocket;
}

export class HallConnection<S> {
	/** The socket is up. */
	connected = $state(false);
	/** The socket is down and trying to come back (also before the very first connect succeeds). */
	reconnecting = $state(false);
	/** A snapshot has been applied since the last connect. */
	synced = $state(false);
	/** The last subscribe error, or a refused handshake; cleared by the next good snapshot. */
	error = $state<ApiError | null>(null);
	/** Version of the last snapshot; facts at or below it are already in it. */
	snapshotVersion = -Infinity;

	readonly socket: HallSocket;
	#options: HallConnectionOptions<S>;
	#subscribing = false;
	#seq = 0;
	/** Facts that arrive while a subscribe is in flight, replayed once its snapshot is in. */
	#buffer: { version: number; run: () => void }[] = [];
	#closed = false;

	constructor(options: HallConnectionOptions<S>) {
		this.#options = options;
		this.socket =
			options.createSocket?.() ??
			(io({
				autoConnect: false,
				auth: options.token ? { token: options.token } : {},
				// Websocket first: the hall network is local, and long-polling through some proxies stalls.
				transports: ['websocket', 'polling'],
				reconnectionDelay: 500,
				reconnectionDelayMax: 5_000
			}) as HallSocket);

		this.socket.on('connect', () => {
			this.connected = true;
			this.reconnecting = false;
			void this.resync();
		});
		this.socket.on('disconnect', () => {
			this.connected = false;
			this.synced = false;
			// `active` is false only when we closed it or the server kicked us out for good.
			this.reconnecting = !this.#closed && this.socket.active;
		});
		this.socket.on('connect_error', (err) => {
			this.connected = false;
			this.reconnecting = !this.#closed && this.socket.active;
			if (!this.socket.active) {
				// The server refused the handshake (bad or expired token): retrying will not help.
				const data = (err as Error & { data?: { code?: string; message?: string } }).data;
				this.error = {
					code: data?.code === 'forbidden' ? 'forbidden' : 'unauthorized',
					message: data?.message ?? '登录已失效，请重新登录'
				};
				this.#options.onSubscribeError?.(this.error);
			}
		});
		// The server asks everyone to start over (a new day, a restored backup).
		this.socket.on('hall:resync', () => void this.resync());
	}

	start(): this {
		this.#closed = false;
		this.reconnecting = true;
		this.socket.connect();
		return this;
	}

	close(): void {
		this.#closed = true;
		this.reconnecting = false;
		this.socket.disconnect();
	}

	/**
	 * Listens to a fact. Facts the last snapshot already covers are dropped; facts
	 * that arrive while a snapshot is on its way wait for it.
	 */
	on<E extends FactName>(event: E, handler: (fact: Fact<E>) => void): () => void {
		const listener = ((fact: Fact<E> & { version: number }) => {
			if (this.#subscribing) {
				this.#buffer.push({ version: fact.version, run: () => handler(fact) });
				return;
			}
			if (fact.version <= this.snapshotVersion) return;
			handler(fact);
		}) as unknown as ServerToClientEvents[E];
		this.socket.on(event, listener as never);
		return () => {
			this.socket.off(event, listener as never);
		};
	}

	/** Asks for a fresh snapshot and replaces the state with it. Runs on every connect. */
	async resync(): Promise<void> {
		if (!this.socket.connected) return;
		const seq = ++this.#seq;
		this.#subscribing = true;
		let ack: Ack<S>;
		try {
			ack = await this.#options.subscribe(this);
		} catch {
			ack = { error: timeoutError() };
		}
		// A newer resync (a reconnect meanwhile) owns the state now.
		if (seq !== this.#seq) return;
		this.#subscribing = false;
		const buffered = this.#buffer.splice(0);
		if ('error' in ack) {
			this.error = ack.error;
			this.#options.onSubscribeError?.(ack.error);
			return;
		}
		const version = this.#options.versionOf?.(ack.data);
		this.snapshotVersion = version ?? -Infinity;
		this.#options.onSnapshot(ack.data);
		this.error = null;
		this.synced = true;
		// Without a snapshot version we cannot tell whether a buffered fact is newer: the snapshot wins.
		if (version === undefined) return;
		for (const fact of buffered) if (fact.version > version) fact.run();
	}

	/**
	 * Sends a command and resolves with its ack. Never throws: a dropped connection or a
	 * silent server become `{ error }` too, and a command is never queued while offline
	 * (a ticket must not be issued minutes after the resident walked away).
	 */
	request<E extends CommandName>(
		event: E,
		input: CommandInput<E>,
		timeoutMs = COMMAND_TIMEOUT_MS
	): Promise<CommandAck<E>> {
		if (!this.socket.connected) return Promise.resolve({ error: offlineError() } as CommandAck<E>);
		// socket.io's typing cannot follow a generic event name through timeout(); CommandAck
		// above is what the contract promises.
		const timed = this.socket.timeout(timeoutMs) as unknown as {
			emit(event: string, input: unknown, ack: (err: Error | null, ack: CommandAck<E>) => void): void;
		};
		return new Promise((resolve) => {
			timed.emit(event, input, (err, ack) => {
				if (err || !ack || typeof ack !== 'object') resolve({ error: timeoutError() } as CommandAck<E>);
				else resolve(ack);
			});
		});
	}
}

/** A fresh idempotency key. `crypto.randomUUID` needs a secure context; a kiosk on plain http has only getRandomValues. */
export function newIdempotencyKey(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	bytes[6] = (bytes[6] & 0x0f) | 0x40;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

