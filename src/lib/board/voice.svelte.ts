// The board's voice: one Announcer for the page's lifetime, fed with each new call,
// and the caption (the aria-live region) that shows the sentence being said, so that
// people who cannot hear read it, in the same order, even when the sound is blocked,
// broken or switched off.
//
// This file is the light half, in the board's first download; the announcer, sentence
// builder and players (voice-engine.ts) load on demand right after. Calls that arrive
// before they are in wait here, in order.

import type { VoiceSettings } from '../protocol.ts';
import type { Announcer } from './announcer.ts';
import type { BoardPlayer } from './player.ts';
import type { CallLike } from './speech.ts';

type Engine = typeof import('./voice-engine.ts');

/**
 * The least time a caption stays up. A spoken call takes longer than this (chime and two
 * sentences ≈ 8 s), so it only matters when nothing is said: a silent board, or audio
 * that is blocked or failed, where the queue would otherwise flash through the captions.
 */
export const CAPTION_MIN_MS = 3_500;

const DEFAULT_SETTINGS: VoiceSettings = { repeat: 2, english: false, engine: 'clips', pack: 'default' };

/** Calls kept while the engine loads; the announcer's own bound takes over after. */
const EARLY_LIMIT = 20;

/** `off`: captions only, for a second board in the same hall that must not talk over the first. */
export type VoiceMode = 'on' | 'off';

export interface Caption {
	/** Counts every caption shown, so a repeated sentence (a recall) is a new one to the page. */
	seq: number;
	zh: string;
	/** When the hall has English on. */
	en: string | null;
}

export interface BoardVoiceOptions {
	mode?: VoiceMode;
	/** Runs the voice's own waits this many times faster (the soak benchmark); 1 in a hall. */
	timeScale?: number;
	/** For tests; the default picks the clips or the platform voice as the hall prefers. */
	createPlayer?: (settings: VoiceSettings) => Promise<BoardPlayer>;
	/** Where trouble is reported (a missing pack, a failing player); console by default. */
	warn?: (message: string, detail?: unknown) => void;
	/** For tests: the engine module, instead of loading it. */
	engine?: Engine;
}

/** A player that says nothing: the `off` mode, and what the captions fall back on. */
export const silentPlayer: BoardPlayer = {
	kind: 'clips',
	blocked: false,
	play: () => Promise.resolve(),
	resume: () => Promise.resolve(true),
	onBlockedChange: () => () => {},
	close: () => Promise.resolve()
};

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `T`: the calls as the board has them; the one being said is given back whole (`current`). */
export class BoardVoice<T extends CallLike = CallLike> {
	/** The sentence being said, or the last one said; null before the first call. */
	caption = $state.raw<Caption | null>(null);
	/** A sentence is being said (or shown, when silent) right now. */
	speaking = $state(false);
	/** The call being said right now (the board's big panel shows it), or null when quiet. */
	current = $state.raw<T | null>(null);
	/** The browser keeps audio suspended until someone touches the screen. */
	blocked = $state(false);
	/** The voice the board actually uses: `clips`, `system`, or `off`. */
	engine = $state<'clips' | 'system' | 'off'>('clips');

	readonly #mode: VoiceMode;
	readonly #holdMs: number;
	readonly #createPlayer: ((settings: VoiceSettings) => Promise<BoardPlayer>) | undefined;
	readonly #warn: (message: string, detail?: unknown) => void;
	#engine: Engine | null = null;
	#loading: Promise<void> | null = null;
	#announcer: Announcer<T> | null = null;
	/** Calls that came before the engine, oldest first. */
	#early: T[] = [];
	#settings: VoiceSettings | null = null;
	/** The player of the current settings; each call takes whichever is current when it starts. */
	#player: Promise<BoardPlayer> | null = null;
	#playerKey = '';
	#unwatch: () => void = () => {};
	#seq = 0;
	#disposed = false;

	constructor(options: BoardVoiceOptions = {}) {
		this.#mode = options.mode ?? 'on';
		const scale = options.timeScale ?? 1;
		this.#holdMs = CAPTION_MIN_MS / (Number.isFinite(scale) && scale >= 1 ? scale : 1);
		this.#warn = options.warn ?? ((message, detail) => console.warn(`board voice: ${message}`, detail ?? ''));
		this.#createPlayer = options.createPlayer;
		if (this.#mode === 'off') {
			this.engine = 'off';
			this.#player = Promise.resolve(silentPlayer);
		}
		if (options.engine) this.#start(options.engine);
		else void this.#load();
	}

	/** Loads the engine; a failed load (server restarting) is retried by the next call or snapshot. */
	#load(): Promise<void> {
		this.#loading ??= import('./voice-engine.ts').then(
			(engine) => this.#start(engine),
			(error: unknown) => {
				this.#loading = null;
				this.#warn('voice engine did not load; retrying with the next call', error);
			}
		);
		return this.#loading;
	}

	#start(engine: Engine): void {
		if (this.#disposed || this.#engine) return;
		this.#engine = engine;
		this.#announcer = new engine.Announcer<T>({
			player: { play: (tokens) => this.#play(tokens) },
			onSpeaking: (text) => this.#show(text),
			onError: (error, call) => this.#failed(error, call)
		});
		// Normally the first snapshot has brought the hall's settings already.
		this.configure(this.#settings ?? DEFAULT_SETTINGS);
		for (const call of this.#early.splice(0)) this.#announcer.announce(call);
	}

	/**
	 * Applies the hall's voice settings (from every snapshot). Repeat and English apply from
	 * the next call; a new engine or pack swaps the player once the current sentence is done.
	 */
	configure(settings: VoiceSettings): void {
		if (this.#disposed) return;
		this.#settings = settings;
		const engine = this.#engine;
		const announcer = this.#announcer;
		if (!engine || !announcer) {
			void this.#load();
			return;
		}
		announcer.setOptions({ repeat: settings.repeat, english: settings.english });
		if (this.#mode === 'off') return;
		const key = `${settings.engine}/${settings.pack}`;
		if (key === this.#playerKey) return;
		this.#playerKey = key;
		const previous = this.#player;
		const create = this.#createPlayer ?? ((s: VoiceSettings) => engine.hallPlayer(s, this.#warn));
		const next = create(settings).catch((error: unknown) => {
			// Only a bug gets here (the default pack is committed): the captions still run.
			this.#warn('no voice player', error);
			return silentPlayer;
		});
		this.#player = next;
		void next.then((player) => {
			if (this.#disposed) {
				void player.close();
				return;
			}
			if (this.#player !== next) return;
			this.engine = player === silentPlayer ? 'off' : player.kind;
			this.#unwatch();
			this.#unwatch = player.onBlockedChange((blocked) => (this.blocked = blocked));
			this.blocked = player.blocked;
		});
		if (previous) void announcer.whenIdle().then(() => previous.then((player) => player.close()));
	}

	/** Queues a new call (or recall); it is said after those before it, never over them. */
	announce(call: T): void {
		if (this.#disposed) return;
		if (this.#announcer) {
			this.#announcer.announce(call);
			return;
		}
		this.#early.push(call);
		if (this.#early.length > EARLY_LIMIT) this.#early.shift();
		void this.#load();
	}

	/** How many calls are waiting to be said. */
	get pending(): number {
		return this.#announcer?.pending ?? this.#early.length;
	}

	/** Settles when nothing is being said or waiting (once the engine is in). */
	async whenIdle(): Promise<void> {
		await this.#loading;
		await this.#announcer?.whenIdle();
	}

	/**
	 * Call from a tap or key press: browsers let audio start only after one. Resolves true
	 * when the sound now works.
	 */
	async unlock(): Promise<boolean> {
		if (!this.#player) return false;
		const player = await this.#player;
		const ok = await player.resume();
		this.blocked = !ok;
		return ok;
	}

	/** The page is going away: say nothing more and free the audio device. */
	dispose(): void {
		if (this.#disposed) return;
		this.#disposed = true;
		this.#early.length = 0;
		this.#announcer?.dispose();
		this.#unwatch();
		void this.#player?.then((player) => player.close());
	}

	async #play(tokens: string[]): Promise<void> {
		const started = performance.now();
		let failure: unknown = null;
		try {
			const player = await (this.#player ?? Promise.resolve(silentPlayer));
			await player.play(tokens);
		} catch (error) {
			failure = error;
		}
		// Hold the caption long enough to be read, whatever the sound did.
		const rest = this.#holdMs - (performance.now() - started);
		if (rest > 0) await delay(rest);
		if (failure !== null) throw failure;
	}

	#show(text: string | null): void {
		if (text === null) {
			this.speaking = false;
			this.current = null;
			return;
		}
		// The announcer sets the call it is saying before it reports the text.
		const call = this.#announcer?.speaking ?? null;
		this.current = call;
		const english = this.#settings?.english && call && this.#engine ? this.#engine.callText(call, 'en') : null;
		this.caption = { seq: ++this.#seq, zh: text, en: english };
		this.speaking = true;
	}

	#failed(error: unknown, call: T): void {
		if (this.#engine && error instanceof this.#engine.AudioBlockedError) {
			this.blocked = true;
			return;
		}
		this.#warn(`could not say ${call.number}`, error);
	}
}
