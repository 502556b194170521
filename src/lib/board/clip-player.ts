// Browser players for the announcer. ClipPlayer plays a voice pack (static/voice/<pack>/)
// through the Web Audio API and works on a Chromium TV with no speech voices and no
// network; SpeechSynthesisPlayer (system-voice.ts, loaded on demand) uses the platform's
// Mandarin voice when a hall prefers it and one exists, and falls back to the clips for
// anything it cannot say.

import { delay, type BoardPlayer } from './player.ts';
import { DEFAULT_PAUSE_MS, PAUSE, parseManifest, type VoiceManifest } from './speech.ts';


/** Audio is suspended by the autoplay policy; the call is still shown on the board. */
export class AudioBlockedError extends Error {
	constructor() {
		super('audio is blocked until a user gesture (or start Chromium with --autoplay-policy=no-user-gesture-required)');
		this.name = 'AudioBlockedError';
	}
}

export interface ClipPlayerOptions {
	/** Directory name under /voice/; a hall's own recorded pack sits next to "default". */
	pack?: string;
	baseUrl?: string;
	/** 0..1 */
	volume?: number;
	/** Injected in tests; otherwise one AudioContext is made on first use. */
	context?: AudioContext;
	fetch?: typeof fetch;
	/**
	 * How long play() waits for a suspended context to resume. Chromium leaves resume()
	 * pending (not rejected) until a gesture, so the wait must be bounded.
	 */
	resumeWaitMs?: number;
	/** Clips the pack lacks: they are skipped when played, so the hall should know. */
	onMissingClips?: (tokens: string[]) => void;
}

interface LoadedPack {
	manifest: VoiceManifest;
	buffers: Map<string, AudioBuffer>;
	missing: string[];
}


export class ClipPlayer implements BoardPlayer {
	readonly kind = 'clips' as const;
	readonly #baseUrl: string;
	readonly #fetch: typeof fetch;
	readonly #volume: number;
	readonly #resumeWaitMs: number;
	readonly #onMissing: (tokens: string[]) => void;
	#context: AudioContext | null;
	/** The pack loads once; a failed load is forgotten so the next call retries (server restarting). */
	#loading: Promise<LoadedPack> | null = null;
	readonly #blockedListeners = new Set<(blocked: boolean) => void>();

	constructor(opts: ClipPlayerOptions = {}) {
		const pack = opts.pack ?? 'default';
		if (!/^[A-Za-z0-9_-]+$/.test(pack)) throw new Error(`bad voice pack name "${pack}"`);
		this.#baseUrl = `${(opts.baseUrl ?? '/voice').replace(/\/$/, '')}/${pack}/`;
		this.#fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
		this.#volume = Math.min(1, Math.max(0, opts.volume ?? 1));
		this.#resumeWaitMs = opts.resumeWaitMs ?? 300;
		this.#onMissing = opts.onMissingClips ?? (() => {});
		this.#context = opts.context ?? null;
		if (this.#context) this.#watch(this.#context);
	}

	#ctx(): AudioContext {
		if (!this.#context) {
			this.#context = new AudioContext({ latencyHint: 'playback' });
			this.#watch(this.#context);
		}
		return this.#context;
	}

	/** One statechange listener per context, fanned out, so subscribers never add DOM listeners. */
	#watch(ctx: AudioContext): void {
		ctx.addEventListener('statechange', () => {
			const blocked = ctx.state !== 'running';
			for (const listener of this.#blockedListeners) listener(blocked);
		});
	}

	get blocked(): boolean {
		return this.#ctx().state !== 'running';
	}

	/** Tells the board when to show or hide its "点击屏幕开启声音" hint; returns the unsubscribe. */
	onBlockedChange(listener: (blocked: boolean) => void): () => void {
		this.#blockedListeners.add(listener);
		return () => this.#blockedListeners.delete(listener);
	}

	async resume(): Promise<boolean> {
		const ctx = this.#ctx();
		if (ctx.state === 'running') return true;
		await Promise.race([ctx.resume().catch(() => {}), delay(this.#resumeWaitMs)]);
		return (ctx.state as AudioContextState) === 'running';
	}

	/** Fetches and decodes the whole pack (about 75 small clips) once; later calls share the result. */
	load(): Promise<{ missing: string[] }> {
		return this.#pack().then(({ missing }) => ({ missing }));
	}

	#pack(): Promise<LoadedPack> {
		if (!this.#loading) {
			const loading = this.#loadPack();
			this.#loading = loading;
			loading.catch(() => {
				if (this.#loading === loading) this.#loading = null;
			});
		}
		return this.#loading;
	}

	async #loadPack(): Promise<LoadedPack> {
		const res = await this.#fetch(`${this.#baseUrl}manifest.json`);
		if (!res.ok) throw new Error(`voice pack manifest: HTTP ${res.status}`);
		const { manifest, missing } = parseManifest(await res.json());
		const ctx = this.#ctx();
		const buffers = new Map<string, AudioBuffer>();
		await Promise.all(
			Object.entries(manifest.clips).map(async ([token, clip]) => {
				const r = await this.#fetch(`${this.#baseUrl}${clip.file}`);
				if (!r.ok) throw new Error(`voice clip ${clip.file}: HTTP ${r.status}`);
				// decodeAudioData resamples to the context's rate, so clips of any rate can be joined.
				buffers.set(token, await ctx.decodeAudioData(await r.arrayBuffer()));
			})
		);
		if (missing.length > 0) this.#onMissing(missing);
		return { manifest, buffers, missing };
	}

	/**
	 * Says the tokens back to back and settles when the sound has ended. The clips are
	 * copied into one buffer and played by one source node: that is gapless to the sample
	 * (separately scheduled nodes can click or drift), and one 'ended' event means done.
	 */
	async play(tokens: string[]): Promise<void> {
		const pack = await this.#pack();
		const ctx = this.#ctx();
		if (ctx.state !== 'running' && !(await this.resume())) throw new AudioBlockedError();
		const buffer = this.#render(ctx, pack, tokens);
		if (buffer === null) return;
		await this.#playBuffer(ctx, buffer);
	}

	#render(ctx: AudioContext, pack: LoadedPack, tokens: string[]): AudioBuffer | null {
		const rate = ctx.sampleRate;
		const pause = Math.round(((pack.manifest.pauseMs ?? DEFAULT_PAUSE_MS) / 1000) * rate);
		const gap = Math.round(((pack.manifest.gapMs ?? 0) / 1000) * rate);
		const parts: Array<AudioBuffer | number> = [];
		let length = 0;
		let previousWasClip = false;
		for (const token of tokens) {
			if (token === PAUSE) {
				parts.push(pause);
				length += pause;
				previousWasClip = false;
				continue;
			}
			const clip = pack.buffers.get(token);
			if (!clip) continue; // reported once at load via onMissingClips
			if (previousWasClip && gap > 0) {
				parts.push(gap);
				length += gap;
			}
			parts.push(clip);
			length += clip.length;
			previousWasClip = true;
		}
		if (length === 0) return null;
		const out = ctx.createBuffer(1, length, rate);
		const data = out.getChannelData(0);
		let at = 0;
		for (const part of parts) {
			if (typeof part === 'number') {
				at += part; // a new buffer is already zero-filled
				continue;
			}
			// A recorded pack may be stereo; the board speaker needs one channel.
			data.set(part.getChannelData(0), at);
			at += part.length;
		}
		return out;
	}

	#playBuffer(ctx: AudioContext, buffer: AudioBuffer): Promise<void> {
		return new Promise<void>((resolve) => {
			const source = ctx.createBufferSource();
			const gain = ctx.createGain();
			gain.gain.value = this.#volume;
			source.buffer = buffer;
			source.connect(gain).connect(ctx.destination);
			const done = () => {
				clearTimeout(watchdog);
				source.onended = null;
				try {
					source.stop();
				} catch {
					// already stopped
				}
				source.disconnect();
				gain.disconnect();
				resolve();
			};
			source.onended = done;
			// If the context is suspended mid-sentence (TV input switched, OS audio reset),
			// 'ended' never comes; without this the announcer would wait forever.
			const watchdog = setTimeout(done, buffer.duration * 1000 + 2000);
			source.start();
		});
	}

	/** Frees the audio device (the board page is going away). */
	async close(): Promise<void> {
		this.#blockedListeners.clear();
		if (this.#context && this.#context.state !== 'closed') await this.#context.close();
	}
}

export type VoicePreference = 'clips' | 'system';

export interface PickPlayerOptions extends ClipPlayerOptions {
	/** Defaults to window.speechSynthesis when the platform has it. */
	synth?: SpeechSynthesis | null;
	voiceWaitMs?: number;
}

/**
 * The board's player for the hall's preference: the system Mandarin voice only when
 * asked for and present, otherwise the clips (which always exist, being committed).
 */
export async function pickPlayer(preference: VoicePreference, opts: PickPlayerOptions = {}): Promise<BoardPlayer> {
	const clips = new ClipPlayer(opts);
	// Start fetching the pack now so the first call does not wait for ~75 downloads.
	clips.load().catch(() => {});
	if (preference !== 'system') return clips;
	const synth = opts.synth !== undefined ? opts.synth : (globalThis.speechSynthesis ?? null);
	if (!synth) return clips;
	// Loaded only for halls that prefer the platform voice: most boards never need it.
	const { systemPlayer } = await import('./system-voice.ts');
	return systemPlayer(synth, clips, opts.voiceWaitMs ?? 1500);
}
