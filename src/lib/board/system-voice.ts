// The platform's own voice (speechSynthesis), for halls that prefer it to the clips and
// whose browser has a Mandarin voice. Split from clip-player.ts and imported on demand,
// so the boards that use the clips (the default) do not download it.

import { delay, type BoardPlayer } from './player.ts';
import { DEFAULT_PAUSE_MS, speechSegments } from './speech.ts';

export interface SpeechSynthesisPlayerOptions {
	synth: SpeechSynthesis;
	zhVoice: SpeechSynthesisVoice;
	/** Without one, English is played from the clips. */
	enVoice?: SpeechSynthesisVoice | null;
	/** For the chime, pauses' length, and any sentence the platform voice fails to say. */
	clips: BoardPlayer;
	/** Slightly slow: numbers in a hall must be caught the first time. */
	rate?: number;
	pauseMs?: number;
}

export class SpeechSynthesisPlayer implements BoardPlayer {
	readonly kind = 'system' as const;
	readonly #opts: SpeechSynthesisPlayerOptions;

	constructor(opts: SpeechSynthesisPlayerOptions) {
		this.#opts = opts;
	}

	get blocked(): boolean {
		// speechSynthesis has no state to ask; Chromium gates it on the same user activation
		// as Web Audio, so the clip context's state is the best signal there is.
		return this.#opts.clips.blocked;
	}

	resume(): Promise<boolean> {
		return this.#opts.clips.resume();
	}

	onBlockedChange(listener: (blocked: boolean) => void): () => void {
		return this.#opts.clips.onBlockedChange(listener);
	}

	async close(): Promise<void> {
		this.#opts.synth.cancel();
		await this.#opts.clips.close();
	}

	async play(tokens: string[]): Promise<void> {
		const { clips, zhVoice, enVoice } = this.#opts;
		for (const segment of speechSegments(tokens)) {
			if (segment.kind === 'pause') {
				await delay(this.#opts.pauseMs ?? DEFAULT_PAUSE_MS);
			} else if (segment.kind === 'clip') {
				// The chime is a nicety: if audio is blocked the voice may still work.
				await clips.play([segment.token]).catch(() => {});
			} else {
				const voice = segment.lang === 'zh' ? zhVoice : enVoice;
				if (!voice) {
					await clips.play(segment.tokens);
					continue;
				}
				try {
					await this.#say(segment.text, voice);
				} catch {
					// A network voice offline, or a voice the OS withdrew: say it with the clips.
					await clips.play(segment.tokens);
				}
			}
		}
	}

	#say(text: string, voice: SpeechSynthesisVoice): Promise<void> {
		const { synth } = this.#opts;
		return new Promise<void>((resolve, reject) => {
			const utterance = new SpeechSynthesisUtterance(text);
			utterance.voice = voice;
			utterance.lang = voice.lang;
			utterance.rate = this.#opts.rate ?? 0.9;
			const finish = (error?: unknown) => {
				clearTimeout(watchdog);
				utterance.onend = null;
				utterance.onerror = null;
				if (error) reject(error);
				else resolve();
			};
			utterance.onend = () => finish();
			utterance.onerror = (event) => finish(new Error(`speech synthesis: ${event.error}`));
			// Chromium sometimes never fires 'end' (and never starts when blocked); a
			// generous bound keeps the queue moving: ~0.5 s per character plus slack.
			const watchdog = setTimeout(() => {
				synth.cancel();
				finish(new Error('speech synthesis did not finish'));
			}, 3000 + text.length * 500);
			synth.speak(utterance);
		});
	}
}

/**
 * A platform voice for a language, preferring one that works offline (Chromium's
 * "Google 普通话" is a network voice and goes silent when the hall's line is down).
 */
export function findVoice(voices: readonly SpeechSynthesisVoice[], lang: 'zh' | 'en'): SpeechSynthesisVoice | null {
	const wanted = lang === 'zh' ? /^(zh[-_](cn|hans)|cmn)/i : /^en([-_]|$)/i;
	const exact = lang === 'zh' ? /^zh[-_]cn$/i : /^en[-_](us|gb)$/i;
	const matching = voices.filter((v) => wanted.test(v.lang));
	const score = (v: SpeechSynthesisVoice) => (v.localService ? 2 : 0) + (exact.test(v.lang) ? 1 : 0);
	return [...matching].sort((a, b) => score(b) - score(a))[0] ?? null;
}

/** Voices load asynchronously in Chromium: an empty list first, then 'voiceschanged'. */
function voicesOf(synth: SpeechSynthesis, waitMs: number): Promise<SpeechSynthesisVoice[]> {
	const now = synth.getVoices();
	if (now.length > 0) return Promise.resolve(now);
	return new Promise((resolve) => {
		const finish = () => {
			clearTimeout(timer);
			synth.removeEventListener('voiceschanged', finish);
			resolve(synth.getVoices());
		};
		const timer = setTimeout(finish, waitMs);
		synth.addEventListener('voiceschanged', finish);
	});
}

/**
 * The system player when the platform has a Mandarin voice, else the clips. Voices load
 * asynchronously, so this waits up to `waitMs` for them.
 */
export async function systemPlayer(synth: SpeechSynthesis, clips: BoardPlayer, waitMs: number): Promise<BoardPlayer> {
	const voices = await voicesOf(synth, waitMs);
	const zhVoice = findVoice(voices, 'zh');
	if (!zhVoice) return clips;
	return new SpeechSynthesisPlayer({ synth, zhVoice, enVoice: findVoice(voices, 'en'), clips });
}
