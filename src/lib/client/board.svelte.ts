// The display board's view of the hall: built from a BoardSnapshot, kept current by
// the 'ticket:called', 'queue:changed' and 'window:changed' facts.
import type { BoardSnapshot, CallInfo, OpeningInfo, WaitingCount, WindowInfo } from '../protocol.ts';
import { HallConnection, type HallSocket } from './connection.svelte.ts';
import { refreshAtOpeningChange } from './opening.ts';

/** How many calls the board lists. */
export const BOARD_HISTORY = 10;

export interface BoardOptions {
	/** Boards can show one zone of a large hall. */
	zone?: string;
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

export class BoardState {
	hallName = $state('');
	day = $state('');
	/** Newest first, at most BOARD_HISTORY. */
	calls = $state<CallInfo[]>([]);
	waiting = $state<WaitingCount[]>([]);
	windows = $state<WindowInfo[]>([]);
	opening = $state<OpeningInfo>({ open: false, todayPeriods: [], nextOpening: null });

	readonly connection: HallConnection<BoardSnapshot>;
	// Plain listeners, not screen state: nothing renders from this set.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#callListeners = new Set<(call: CallInfo) => void>();
	#cancelOpeningRefresh: (() => void) | undefined;

	constructor(options: BoardOptions = {}) {
		this.connection = new HallConnection<BoardSnapshot>({
			subscribe: (c) => c.request('board:subscribe', options.zone ? { zone: options.zone } : {}),
			onSnapshot: (snapshot) => this.#replace(snapshot),
			versionOf: (snapshot) => snapshot.version,
			createSocket: options.createSocket
		});
		this.connection.on('ticket:called', ({ call }) => {
			this.calls = history([call, ...this.calls]);
			for (const listener of this.#callListeners) listener(call);
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

	/** The call on the big banner. */
	get latest(): CallInfo | null {
		return this.calls[0] ?? null;
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
		this.day = snapshot.day;
		this.calls = history(snapshot.calls);
		this.waiting = snapshot.waiting;
		this.windows = snapshot.windows;
		this.opening = snapshot.opening;
		this.#cancelOpeningRefresh?.();
		this.#cancelOpeningRefresh = refreshAtOpeningChange(snapshot.opening, () => void this.connection.resync());
	}
}

/** 「请 A001 号到 1号窗口办理」 in Chinese; the board's words and the screen reader's. */
export function callText(call: Pick<CallInfo, 'number' | 'windowName'>): string {
	return `请 ${call.number} 号到 ${call.windowName}办理`;
}
