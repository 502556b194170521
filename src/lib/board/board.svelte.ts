// The display board's view of the hall: built from a BoardSnapshot, kept current by
// the 'ticket:called', 'queue:changed' and 'window:changed' facts.
import { io } from 'socket.io-client';
import type { BoardSnapshot, CallInfo, OpeningInfo, VoiceSettings, WaitingCount, WindowInfo } from '../protocol.ts';
import { HallConnection, type HallSocket } from '../shared/connection.svelte.ts';
import { refreshAtOpeningChange } from '../shared/opening.ts';

/** How many calls the board lists. */
export const BOARD_HISTORY = 10;

/**
 * Longest wait between reconnect attempts. A board must show the hall again within a
 * few seconds of the server coming back; the screens' default (5 s) is too slow for a
 * TV everyone is looking at, and one board more knocking every 2 s costs the server nothing.
 */
export const BOARD_RECONNECT_MAX_MS = 2_000;

/** Until the first snapshot says otherwise: the hall file's defaults. */
export const DEFAULT_VOICE: VoiceSettings = { repeat: 2, english: false, engine: 'clips', pack: 'default' };

function boardSocket(): HallSocket {
	return io({
		autoConnect: false,
		transports: ['websocket', 'polling'],
		reconnectionDelay: 500,
		reconnectionDelayMax: BOARD_RECONNECT_MAX_MS
	}) as HallSocket;
}

export interface BoardOptions {
	/** Boards can show one zone of a large hall. */
	zone?: string;
	/** The board's station id in the hall file: lets the director's console see it is on. */
	station?: string;
	createSocket?: () => HallSocket;
}

/** Newest first, one line per ticket (a recall moves the number back to the top). */
function history(calls: CallInfo[]): CallInfo[] {
	const result: CallInfo[] = [];
	for (const call of [...calls].sort((a, b) => b.at - a.at)) {
		if (result.some((shown) => shown.ticketId === call.ticketId)) continue;
		result.push(call);
		if (result.length === BOARD_HISTORY) break;
	}
	return result;
}

/** A failing listener (the voice, the notices) must not stop the board from updating. */
function notify<T>(listener: (value: T) => void, value: T): void {
	try {
		listener(value);
	} catch (error) {
		console.error('board listener failed', error);
	}
}

export class BoardState {
	hallName = $state('');
	hallNameEn = $state('');
	/** The hall's logo (a /media image), or null. */
	logo = $state<string | null>(null);
	day = $state('');
	voice = $state.raw<VoiceSettings>(DEFAULT_VOICE);
	/** Newest first, at most BOARD_HISTORY. */
	calls = $state<CallInfo[]>([]);
	waiting = $state<WaitingCount[]>([]);
	windows = $state<WindowInfo[]>([]);
	opening = $state<OpeningInfo>({ open: false, todayPeriods: [], nextOpening: null });

	readonly connection: HallConnection<BoardSnapshot>;
	/** The zone this board shows (`/board?zone=east`), or null for the whole hall. */
	readonly zone: string | null;
	// Plain listeners, not screen state: nothing renders from this set.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#callListeners = new Set<(call: CallInfo) => void>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#snapshotListeners = new Set<(snapshot: BoardSnapshot) => void>();
	#cancelOpeningRefresh: (() => void) | undefined;

	constructor(options: BoardOptions = {}) {
		this.zone = options.zone ?? null;
		this.connection = new HallConnection<BoardSnapshot>({
			subscribe: (c) =>
				c.request('board:subscribe', {
					...(options.zone ? { zone: options.zone } : {}),
					...(options.station ? { station: options.station } : {})
				}),
			onSnapshot: (snapshot) => this.#replace(snapshot),
			versionOf: (snapshot) => snapshot.version,
			createSocket: options.createSocket ?? boardSocket
		});
		this.connection.on('ticket:called', ({ call }) => {
			this.calls = history([call, ...this.calls]);
			for (const listener of this.#callListeners) notify(listener, call);
		});
		this.connection.on('queue:changed', ({ waiting }) => {
			this.waiting = waiting;
		});
		this.connection.on('window:changed', ({ window }) => {
			const index = this.windows.findIndex((w) => w.id === window.id);
			if (index >= 0) this.windows[index] = window;
			else this.windows.push(window);
		});
	}

	/** The number a window called last (its current one), if still among the calls listed. */
	numberAt(windowId: string): CallInfo | null {
		return this.calls.find((c) => c.windowId === windowId) ?? null;
	}

	/** The newest call. */
	get latest(): CallInfo | null {
		return this.calls[0] ?? null;
	}

	/**
	 * Waiting counts for the services this board's windows serve: a zone board shows only
	 * the queues its windows call from (the server sends every service's count to all).
	 */
	get shownWaiting(): WaitingCount[] {
		if (this.zone === null) return this.waiting;
		const served = this.windows.flatMap((w) => w.serviceIds);
		return this.waiting.filter((w) => served.includes(w.serviceId));
	}

	get totalWaiting(): number {
		return this.waiting.reduce((sum, w) => sum + w.waiting, 0);
	}

	/**
	 * Runs `listener` for each new call as it arrives (not for the calls in a snapshot,
	 * which were announced already). The announcer hangs here.
	 */
	onCall(listener: (call: CallInfo) => void): () => void {
		this.#callListeners.add(listener);
		return () => this.#callListeners.delete(listener);
	}

	/**
	 * Runs `listener` after each snapshot has replaced the state: the first connect, every
	 * reconnect and every `hall:resync`. Things the snapshot does not carry (notices) refresh here.
	 */
	onSnapshot(listener: (snapshot: BoardSnapshot) => void): () => void {
		this.#snapshotListeners.add(listener);
		return () => this.#snapshotListeners.delete(listener);
	}

	/** Connects (in the browser) and returns the function that disconnects. */
	open(): () => void {
		this.connection.start();
		return () => this.close();
	}

	close(): void {
		this.#cancelOpeningRefresh?.();
		this.connection.close();
	}

	#replace(snapshot: BoardSnapshot): void {
		this.hallName = snapshot.hallName;
		this.hallNameEn = snapshot.hallNameEn;
		this.logo = snapshot.logo ?? null;
		this.day = snapshot.day;
		// An older server (mid-upgrade) sends no voice block: keep the defaults.
		this.voice = snapshot.voice ?? DEFAULT_VOICE;
		this.calls = history(snapshot.calls);
		this.waiting = snapshot.waiting;
		this.windows = snapshot.windows;
		this.opening = snapshot.opening;
		this.#cancelOpeningRefresh?.();
		this.#cancelOpeningRefresh = refreshAtOpeningChange(snapshot.opening, () => void this.connection.resync());
		for (const listener of this.#snapshotListeners) notify(listener, snapshot);
	}
}
