// The rating tablet facing the resident at a window (好差评): idle until a visit ends
// there ('rate:requested'), then the five grades, a thank-you, and idle again. On every
// (re)connect it asks again what is waiting to be rated, so a tablet that lost the
// network still asks about the visit that just ended.
import type { EvaluationReceipt, Grade, PendingRating } from '../protocol.ts';
import { HallConnection, type HallSocket } from '../shared/connection.svelte.ts';

export type RatingPhase = 'idle' | 'asking' | 'sending' | 'thanks';

export interface RatingTabletOptions {
	windowId: string;
	/** The window station's key, from the tablet's launcher URL (`?key=`): a real hall takes ratings only with it. */
	key?: string | null;
	/** How long the thank-you stays before the tablet is idle again. */
	thanksMs?: number;
	createSocket?: () => HallSocket;
}

export const THANKS_MS = 4_000;

export class RatingTabletState {
	phase = $state<RatingPhase>('idle');
	pending = $state<PendingRating | null>(null);
	/** Chinese, for the screen; cleared by the next question. */
	error = $state<string | null>(null);
	/** The grade just given, for the thank-you. */
	given = $state<Grade | null>(null);

	readonly windowId: string;
	readonly connection: HallConnection<PendingRating | null>;
	#thanksMs: number;
	readonly #key: string | null;
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(options: RatingTabletOptions) {
		this.windowId = options.windowId;
		this.#key = options.key ?? null;
		this.#thanksMs = options.thanksMs ?? THANKS_MS;
		this.connection = new HallConnection<PendingRating | null>({
			subscribe: (c) => c.request('rate:subscribe', { windowId: this.windowId }),
			onSnapshot: (pending) => {
				// A thank-you on screen stays; otherwise the server's answer is the truth.
				if (this.phase === 'thanks') return;
				this.#ask(pending);
			},
			onSubscribeError: (error) => {
				this.error = error.message;
			},
			createSocket: options.createSocket
		});
		this.connection.on('rate:requested', (pending) => {
			if (pending.windowId === this.windowId) this.#ask(pending);
		});
		// Rated elsewhere (the evaluator pad, another tablet): this question is answered.
		this.connection.on('rate:recorded', (fact) => {
			if (fact.windowId !== this.windowId || fact.ticketId !== this.pending?.ticketId) return;
			if (this.phase === 'asking') this.#thank(fact.grade);
		});
	}

	async submit(grade: Grade): Promise<EvaluationReceipt | null> {
		if (this.phase !== 'asking') return null;
		this.phase = 'sending';
		this.error = null;
		const ack = await this.connection.request('rate:submit', { windowId: this.windowId, grade, ...(this.#key ? { key: this.#key } : {}) });
		if ('data' in ack) {
			this.#thank(grade);
			return ack.data;
		}
		if (ack.error.code === 'nothing_to_rate') {
			// Rated already, or too long ago: nothing more to ask.
			this.error = ack.error.message;
			this.#ask(null);
		} else {
			this.error = ack.error.message;
			this.phase = 'asking';
		}
		return null;
	}

	/** Connects (in the browser) and returns the function that disconnects. */
	open(): () => void {
		this.connection.start();
		return () => this.close();
	}

	close(): void {
		clearTimeout(this.#timer);
		this.connection.close();
	}

	#ask(pending: PendingRating | null): void {
		clearTimeout(this.#timer);
		this.pending = pending;
		this.given = null;
		if (pending) this.error = null;
		this.phase = pending ? 'asking' : 'idle';
	}

	#thank(grade: Grade): void {
		this.phase = 'thanks';
		this.given = grade;
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => {
			this.pending = null;
			this.given = null;
			this.phase = 'idle';
		}, this.#thanksMs);
	}
}
