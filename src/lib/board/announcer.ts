// The display board's announcement queue. Calls arrive whenever windows press "call";
// speech takes seconds. So calls wait in a FIFO and are said one after another: a new
// call never cuts off the one being spoken (half a number is worse than a late one),
// none is lost in normal operation, and a recall of the same number is said again.
//
// Pure logic: no DOM, no timers. The sound comes from an injected player port, which
// owns time (and its own watchdog); this class only owns order.

import { callText, callTokens, type CallLike } from './speech.ts';

/** Anything that can say a token list and settle when it has finished saying it. */
export interface SpeechPlayer {
	play(tokens: string[]): Promise<void>;
}

export type DropReason = 'duplicate' | 'superseded' | 'overflow';

export interface AnnouncerOptions {
	player: SpeechPlayer;
	/** The sentence being said (for the aria-live region), or null when the board falls quiet. */
	onSpeaking?: (text: string | null) => void;
	/** Times the Chinese sentence is said; halls use 2. */
	repeat?: number;
	english?: boolean;
	/**
	 * Most calls that may wait at once. A hall never gets near it in normal work; it
	 * bounds memory and delay when something floods the board (see `announce`).
	 */
	maxQueue?: number;
	/**
	 * When at least this many calls are still waiting, the next one is said once instead
	 * of `repeat` times, so a burst clears quicker. Infinity turns it off.
	 */
	hurryAt?: number;
	/** A player failure (e.g. audio blocked); the queue moves on to the next call. */
	onError?: (error: unknown, call: CallLike) => void;
	/** A call that will not be said, and why; for the board's log. */
	onDrop?: (call: CallLike, reason: DropReason) => void;
}

const DEFAULTS = { repeat: 2, english: false, maxQueue: 20, hurryAt: 3 };

function sameCall(a: CallLike, b: CallLike): boolean {
	return a.number === b.number && a.windowName.trim() === b.windowName.trim();
}

export class Announcer {
	readonly #player: SpeechPlayer;
	readonly #onSpeaking: (text: string | null) => void;
	readonly #onError: (error: unknown, call: CallLike) => void;
	readonly #onDrop: (call: CallLike, reason: DropReason) => void;
	readonly #maxQueue: number;
	readonly #hurryAt: number;
	#repeat: number;
	#english: boolean;
	/** Waiting calls, oldest first; never longer than maxQueue. */
	#queue: CallLike[] = [];
	#current: CallLike | null = null;
	#disposed = false;
	/** One shared promise for everyone awaiting idleness, dropped once resolved, so waiters never pile up. */
	#idle: { promise: Promise<void>; resolve: () => void } | null = null;

	constructor(opts: AnnouncerOptions) {
		this.#player = opts.player;
		this.#onSpeaking = opts.onSpeaking ?? (() => {});
		this.#onError = opts.onError ?? (() => {});
		this.#onDrop = opts.onDrop ?? (() => {});
		this.#maxQueue = Math.max(1, Math.floor(opts.maxQueue ?? DEFAULTS.maxQueue));
		this.#hurryAt = opts.hurryAt ?? DEFAULTS.hurryAt;
		this.#repeat = opts.repeat ?? DEFAULTS.repeat;
		this.#english = opts.english ?? DEFAULTS.english;
	}

	/** Hall settings can change while the board runs; they apply from the next call said. */
	setOptions(opts: { repeat?: number; english?: boolean }): void {
		if (opts.repeat !== undefined) this.#repeat = opts.repeat;
		if (opts.english !== undefined) this.#english = opts.english;
	}

	/**
	 * Queues a call. Flood rule, in this order:
	 * 1. an exact duplicate (same number, same window) already waiting is not queued twice:
	 *    the waiting one will say it, and sooner (a recall of the call being spoken *is*
	 *    queued, since that one is already under way);
	 * 2. when maxQueue calls are waiting, the oldest one whose window has a newer call
	 *    waiting (or is the new call's window) is dropped: that window has moved on, so
	 *    the older number is no longer expected there;
	 * 3. if every waiting call is for a different window, the oldest is dropped: the board
	 *    still shows it, and the newest calls are the ones people are listening for.
	 */
	announce(call: CallLike): void {
		if (this.#disposed) return;
		const entry: CallLike = { number: call.number, windowName: call.windowName };
		if (this.#queue.some((waiting) => sameCall(waiting, entry))) {
			this.#reportDrop(entry, 'duplicate');
			return;
		}
		if (this.#queue.length >= this.#maxQueue) this.#makeRoom(entry);
		this.#queue.push(entry);
		if (this.#current === null) void this.#drain();
	}

	#makeRoom(incoming: CallLike): void {
		const windowOf = (c: CallLike) => c.windowName.trim();
		const stale = this.#queue.findIndex(
			(c, i) =>
				windowOf(c) === windowOf(incoming) || this.#queue.some((later, j) => j > i && windowOf(later) === windowOf(c))
		);
		const [dropped] = this.#queue.splice(stale >= 0 ? stale : 0, 1);
		this.#reportDrop(dropped, stale >= 0 ? 'superseded' : 'overflow');
	}

	#reportDrop(call: CallLike, reason: DropReason): void {
		try {
			this.#onDrop(call, reason);
		} catch (error) {
			console.error('announcer: onDrop failed', error);
		}
	}

	/** For a resync: forget every waiting call. The one being spoken finishes; it is not cut off. */
	clear(): void {
		this.#queue.length = 0;
	}

	/** Stops taking calls and forgets the waiting ones; the sentence under way still ends cleanly. */
	dispose(): void {
		this.#disposed = true;
		this.clear();
	}

	get pending(): number {
		return this.#queue.length;
	}

	get speaking(): CallLike | null {
		return this.#current;
	}

	/** Settles when nothing is being said or waiting. */
	whenIdle(): Promise<void> {
		if (this.#current === null && this.#queue.length === 0) return Promise.resolve();
		if (!this.#idle) {
			let resolve!: () => void;
			const promise = new Promise<void>((r) => (resolve = r));
			this.#idle = { promise, resolve };
		}
		return this.#idle.promise;
	}

	async #drain(): Promise<void> {
		let next: CallLike | undefined;
		while ((next = this.#queue.shift()) !== undefined) {
			const call = next;
			this.#current = call;
			const repeat = this.#queue.length >= this.#hurryAt ? 1 : this.#repeat;
			if (!this.#disposed) this.#notify(callText(call, 'zh'));
			try {
				await this.#player.play(callTokens(call, { repeat, english: this.#english }));
			} catch (error) {
				// A failing player must not stall the board: report and go on with the next call.
				try {
					this.#onError(error, call);
				} catch {
					// the report itself failed; the queue still has to move on
				}
			}
		}
		this.#current = null;
		if (!this.#disposed) this.#notify(null);
		// The callback may have queued a call and started a new drain; then we are not idle.
		if (this.#current !== null) return;
		const idle = this.#idle;
		this.#idle = null;
		idle?.resolve();
	}

	/** A throwing UI callback must not leave the loop half-run (it would never speak again). */
	#notify(text: string | null): void {
		try {
			this.#onSpeaking(text);
		} catch (error) {
			console.error('announcer: onSpeaking failed', error);
		}
	}
}
