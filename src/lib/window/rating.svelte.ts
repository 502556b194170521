// The rating tablet facing the resident at a window (好差评): idle (with the window's staff
// badge, 挂牌上岗) until a visit ends there ('rate:requested'), then the five grades, a
// thank-you, and idle again. A 不满意 or 非常不满意 asks why (common reasons as buttons, and
// free text) and offers an optional mobile number for the 回访. The question does not wait for
// ever: it goes after RATING_ASK_MS, or as soon as the window calls someone ('rate:closed') —
// the person in front of the tablet then is the next resident. On every (re)connect it asks
// again what is waiting to be rated, so a tablet that lost the network still asks about the
// visit that just ended.
import type { EvaluationReceipt, Grade, PendingRating, StaffBadge, WindowInfo } from '../protocol.ts';
import { maskPhone } from '../mask.ts';
import { HallConnection, type HallSocket } from '../shared/connection.svelte.ts';

export type RatingPhase = 'idle' | 'asking' | 'reason' | 'sending' | 'thanks';

export interface RatingTabletOptions {
	windowId: string;
	/** The window station's key, from the tablet's launcher URL (`?key=`): a real hall takes ratings only with it. */
	key?: string | null;
	/** How long the thank-you stays before the tablet is idle again. */
	thanksMs?: number;
	/** How long the five grades stay on screen after the visit ended. */
	askMs?: number;
	/** How long the reason form waits for a touch before it sends the grade as it is. */
	reasonIdleMs?: number;
	/** The window as the public list shows it (its name and, with 挂牌上岗, its staff). */
	loadWindow?: () => Promise<WindowInfo | null>;
	createSocket?: () => HallSocket;
}

export const THANKS_MS = 4_000;
/** Well inside the server's RATING_WINDOW_MS (5 minutes), with the reason form's time on top. */
export const RATING_ASK_MS = 2 * 60_000;
export const RATING_REASON_IDLE_MS = 90_000;

/** Why residents are most often not satisfied: one tap each; more than one may be chosen. */
export const BAD_REASONS: readonly string[] = [
	'等候时间太长',
	'办理时间太长',
	'工作人员态度不好',
	'材料要求没有一次讲清',
	'让我多跑了一趟',
	'环境或设施不方便'
];

/** The server's rule too (src/lib/commands.ts mobilePhone). */
export const MOBILE = /^1[3-9]\d{9}$/;

export class RatingTabletState {
	phase = $state<RatingPhase>('idle');
	pending = $state<PendingRating | null>(null);
	/** Chinese, for the screen; cleared by the next question. */
	error = $state<string | null>(null);
	/** The grade just given, for the thank-you. */
	given = $state<Grade | null>(null);
	/** The bad grade whose reason is being asked. */
	chosen = $state<Grade | null>(null);
	/** Reasons tapped, in the order of BAD_REASONS. */
	reasons = $state<string[]>([]);
	reasonText = $state('');
	phone = $state('');
	reasonError = $state<string | null>(null);
	phoneError = $state<string | null>(null);
	/** The number left for the 回访, masked, for the thank-you. */
	callBack = $state<string | null>(null);
	/** The window's name, and whoever is signed in there (挂牌上岗), for the idle screen. */
	windowName = $state('');
	staff = $state<StaffBadge | null>(null);

	readonly windowId: string;
	readonly connection: HallConnection<PendingRating | null>;
	#thanksMs: number;
	#askMs: number;
	#reasonIdleMs: number;
	readonly #key: string | null;
	readonly #loadWindow: (() => Promise<WindowInfo | null>) | null;
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(options: RatingTabletOptions) {
		this.windowId = options.windowId;
		this.#key = options.key ?? null;
		this.#thanksMs = options.thanksMs ?? THANKS_MS;
		this.#askMs = options.askMs ?? RATING_ASK_MS;
		this.#reasonIdleMs = options.reasonIdleMs ?? RATING_REASON_IDLE_MS;
		this.#loadWindow = options.loadWindow ?? null;
		this.connection = new HallConnection<PendingRating | null>({
			subscribe: (c) => c.request('rate:subscribe', { windowId: this.windowId }),
			onSnapshot: (pending) => {
				void this.refreshWindow();
				// A thank-you or a reason being typed stays; otherwise the server's answer is the truth.
				if (this.phase === 'thanks' || this.phase === 'reason' || this.phase === 'sending') return;
				if (pending?.ticketId === this.pending?.ticketId && this.phase === 'asking') return;
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
			if (this.phase === 'asking' || this.phase === 'reason') this.#thank(fact.grade);
		});
		// Someone was called to the window: whoever stands here now did not have that visit.
		// A reason already being typed is the previous resident's, still here: it stays.
		this.connection.on('rate:closed', (fact) => {
			if (fact.windowId === this.windowId && this.phase === 'asking') this.#ask(null);
		});
		this.connection.on('window:changed', ({ window }) => {
			if (window.id === this.windowId) this.#showWindow(window);
		});
	}

	/** The reasons as one text: the tapped ones, then the resident's own words. */
	get reasonSummary(): string {
		return [...this.reasons, this.reasonText.trim()].filter(Boolean).join('；');
	}

	async refreshWindow(): Promise<void> {
		const window = await this.#loadWindow?.();
		if (window) this.#showWindow(window);
	}

	/** A grade tapped: a good one is sent, a bad one asks why first. */
	choose(grade: Grade): Promise<EvaluationReceipt | null> | null {
		if (this.phase !== 'asking') return null;
		if (grade > 2) return this.submit(grade);
		this.chosen = grade;
		this.reasons = [];
		this.reasonText = '';
		this.phone = '';
		this.reasonError = null;
		this.phoneError = null;
		this.phase = 'reason';
		this.touch();
		return null;
	}

	toggleReason(reason: string): void {
		this.reasons = this.reasons.includes(reason) ? this.reasons.filter((r) => r !== reason) : BAD_REASONS.filter((r) => r === reason || this.reasons.includes(r));
		this.reasonError = null;
		this.touch();
	}

	/** The resident is still at it: the reason form waits another RATING_REASON_IDLE_MS. */
	touch(): void {
		if (this.phase !== 'reason') return;
		clearTimeout(this.#timer);
		// Walked away from the form: the grade they gave still counts, with what they wrote so far.
		this.#timer = setTimeout(() => {
			if (this.phase !== 'reason' || this.chosen === null) return;
			const phone = this.phone.trim();
			void this.submit(this.chosen, { reason: this.reasonSummary || undefined, phone: MOBILE.test(phone) ? phone : undefined });
		}, this.#reasonIdleMs);
	}

	/** Back from the reason form to the five grades. */
	back(): void {
		if (this.phase !== 'reason') return;
		this.chosen = null;
		this.#ask(this.pending);
	}

	/** The reason form's 提交: a reason is needed, the phone is optional but must be a mobile number. */
	sendReason(): Promise<EvaluationReceipt | null> | null {
		if (this.phase !== 'reason' || this.chosen === null) return null;
		const reason = this.reasonSummary;
		const phone = this.phone.replace(/\s+/g, '');
		this.reasonError = reason ? null : '请选择或填写不满意的原因';
		this.phoneError = phone === '' || MOBILE.test(phone) ? null : '请填写 11 位手机号码，或不填';
		if (this.reasonError || this.phoneError) {
			this.touch();
			return null;
		}
		return this.submit(this.chosen, { reason, phone: phone || undefined });
	}

	async submit(grade: Grade, details: { reason?: string; phone?: string } = {}): Promise<EvaluationReceipt | null> {
		if (this.phase !== 'asking' && this.phase !== 'reason') return null;
		const from = this.phase;
		clearTimeout(this.#timer);
		this.phase = 'sending';
		this.error = null;
		const ack = await this.connection.request('rate:submit', {
			windowId: this.windowId,
			grade,
			...(details.reason ? { reason: details.reason } : {}),
			...(details.phone ? { phone: details.phone } : {}),
			...(this.#key ? { key: this.#key } : {})
		});
		if ('data' in ack) {
			this.#thank(grade, details.phone ? maskPhone(details.phone) : null);
			return ack.data;
		}
		this.error = ack.error.message;
		if (ack.error.code === 'nothing_to_rate' || ack.error.code === 'rating_expired') {
			// Rated already, or too long ago: nothing more to ask.
			this.#ask(null);
			this.error = ack.error.message;
		} else {
			this.phase = from;
			if (from === 'reason') this.touch();
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

	#showWindow(window: WindowInfo): void {
		this.windowName = window.name;
		this.staff = window.status === 'closed' ? null : window.staff;
	}

	#ask(pending: PendingRating | null): void {
		clearTimeout(this.#timer);
		this.pending = pending;
		this.given = null;
		this.chosen = null;
		this.callBack = null;
		if (pending) this.error = null;
		this.phase = pending ? 'asking' : 'idle';
		if (!pending) return;
		// The question goes away by itself: the next resident must not find the last one's visit.
		this.#timer = setTimeout(() => {
			if (this.phase === 'asking') this.#ask(null);
		}, this.#askMs);
	}

	#thank(grade: Grade, callBack: string | null = null): void {
		this.phase = 'thanks';
		this.given = grade;
		this.callBack = callBack;
		this.chosen = null;
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => {
			this.pending = null;
			this.given = null;
			this.callBack = null;
			this.phase = 'idle';
		}, this.#thanksMs);
	}
}
