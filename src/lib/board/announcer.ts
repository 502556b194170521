// The display board's announcement queue. Calls arrive whenever windows press "call";
// speech takes seconds. So calls wait in a FIFO and are said one after another: a new
// call never cuts off the one being spoken (half a number is worse than a late one), and
// a recall of the same number is said again. The queue stays short: a call waiting for a
// window that has since called someone else is not said (that person is no longer
// expected there), and in a burst the oldest waiting calls give way to the newest, so the
// voice is never more than a few calls behind the board.
//
// Pure logic: no DOM, no timers. The sound comes from an injected player port, which
// owns time (and its own watchdog); this class only owns order.

import { callText, callTokens, type CallLike } from './speech.ts';

/** Anything that can say a token list and settle when it has finished saying it. */
export interface SpeechPlayer {
	play(tokens: string[]): Promise<void>;
}

export type DropReason = 'duplicate' | 'superseded' | 'overflow';

export interface AnnouncerOptions<T extends CallLike = CallLike> {
	player: SpeechPlayer;
	/** The sentence being said (for the aria-live region), or null when the board falls quiet. */
	onSpeaking?: (text: string | null) => void;
	/** Times the Chinese sentence is said; halls use 2. */
	repeat?: number;
	english?: boolean;
	/**
	 * Most calls that may wait at once: it bounds how far behind the voice can fall (a call
	 * said once takes about 4 s, so 4 waiting is at most ~20 s behind). See `announce`.
	 */
	maxQueue?: number;
	/**
	 * When at least this many calls are still waiting, the next one is said once instead
	 * of `repeat` times, so a burst clears quicker. Infinity turns it off.
	 */
	hurryAt?: number;
	/** A player failure (e.g. audio blocked); the queue moves on to the next call. */
	onError?: (error: unknown, call: T) => void;
	/** A call that will not be said, and why; for the board's log. */
	onDrop?: (call: T, reason: DropReason) => void;
}

const DEFAULTS = { repeat: 2, english: false, maxQueue: 4, hurryAt: 2 };

function sameCall(a: CallLike, b: CallLike): boolean {
	return a.number === b.number && a.windowName.trim() === b.windowName.trim();
}

/** `T`: the calls as the board has them (the announcer keeps them whole, so the board can show the one being said). */
export class Announcer<T extends CallLike = CallLike> {
	readonly #player: SpeechPlayer;
	readonly #onSpeaking: (text: string | null) => void;
	readonly #onError: (error: unknown, call: T) => void;
	readonly #onDrop: (call: T, reason: DropReason) => void;
	readonly #maxQueue: number;
	readonly #hurryAt: number;
	#repeat: number;
	#english: boolean;
	/** Waiting calls, oldest first; never longer than maxQueue. */
	#queue: T[] = [];
	#current: T | null = null;
	#disposed = false;
	/** One shared promise for everyone awaiting idleness, dropped once resolved, so waiters never pile up. */
	#idle: { promise: Promise<void>; resolve: () => void } | null = null;

	constructor(opts: AnnouncerOptions<T>) {
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
	 * Queues a call. Rules, in this order:
	 * 1. an exact duplicate (same number, same window) already waiting is not queued twice:
	 *    the waiting one will say it, and sooner (a recall of the call being spoken *is*
	 *    queued, since that one is already under way);
	 * 2. a call waiting for the same window is dropped: that window has moved on, so the
	 *    older number is no longer expected there (stale);
	 * 3. when maxQueue calls are waiting (each for a different window, by rule 2), the
	 *    oldest is dropped: the board still shows it, and the newest calls are the ones
	 *    people are listening for.
	 */
	announce(call: T): void {
		if (this.#disposed) return;
		if (this.#queue.some((waiting) => sameCall(waiting, call))) {
			this.#reportDrop(call, 'duplicate');
			return;
		}
		const window = call.windowName.trim();
		for (let i = this.#queue.length - 1; i >= 0; i--) {
			if (this.#queue[i].windowName.trim() !== window) continue;
			const [stale] = this.#queue.splice(i, 1);
			this.#reportDrop(stale, 'superseded');
		}
		while (this.#queue.length >= this.#maxQueue) this.#reportDrop(this.#queue.shift()!, 'overflow');
		this.#queue.push(call);
		if (this.#current === null) void this.#drain();
	}

	#reportDrop(call: T, reason: DropReason): void {
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

	get speaking(): T | null {
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
		let next: T | undefined;
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
