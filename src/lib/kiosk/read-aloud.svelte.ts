// 长辈模式's read-aloud through the platform's speechSynthesis. Voices arrive late in
// Chromium (after 'voiceschanged'), and on many Linux kiosks never: we wait a moment,
// then report plainly whether this machine can read the screen's language.
import type { Lang } from '../shared/locale.svelte.ts';
import { pickVoice } from './speech.ts';

/** How long to wait for the voice list before calling it empty. */
const VOICES_GRACE_MS = 2_000;

export type ReadSupport = 'checking' | 'available' | 'unavailable';

export class ReadAloud {
	/** Voices of the platform, once known. */
	voices = $state.raw<SpeechSynthesisVoice[]>([]);
	/** The voice list has been heard from (or the grace period has passed). */
	settled = $state(false);
	/** The text last read, for 再读一遍. */
	lastText = $state('');

	#synth: SpeechSynthesis | null;

	constructor(synth: SpeechSynthesis | null = typeof speechSynthesis === 'undefined' ? null : speechSynthesis) {
		this.#synth = synth;
	}

	support(lang: Lang): ReadSupport {
		if (!this.#synth) return 'unavailable';
		if (pickVoice(this.voices, lang)) return 'available';
		return this.settled ? 'unavailable' : 'checking';
	}

	/** Starts listening for the voice list; returns the function that stops. */
	start(): () => void {
		const synth = this.#synth;
		if (!synth) {
			this.settled = true;
			return () => {};
		}
		const load = (): void => {
			let voices: SpeechSynthesisVoice[] = [];
			try {
				voices = synth.getVoices();
			} catch {
				// A broken speech engine is no engine: the screen says it cannot read aloud.
				this.settled = true;
			}
			this.voices = voices;
			if (voices.length > 0) this.settled = true;
		};
		load();
		synth.addEventListener('voiceschanged', load);
		const grace = setTimeout(() => (this.settled = true), VOICES_GRACE_MS);
		return () => {
			clearTimeout(grace);
			synth.removeEventListener('voiceschanged', load);
			synth.cancel();
		};
	}

	/** Reads `text` in `lang` with a real voice of that language; false when there is none. */
	say(text: string, lang: Lang): boolean {
		const synth = this.#synth;
		const voice = pickVoice(this.voices, lang);
		if (!synth || !voice || !text.trim()) return false;
		synth.cancel();
		const utterance = new SpeechSynthesisUtterance(text);
		utterance.voice = voice;
		utterance.lang = voice.lang;
		// A little slower than the default: the listeners are older residents.
		utterance.rate = 0.85;
		synth.speak(utterance);
		this.lastText = text;
		return true;
	}

	stop(): void {
		this.#synth?.cancel();
	}
}
