// The screen language lives here because runes only work in `.svelte.ts` modules;
// `$lib/i18n.ts` holds the dictionary and reads this state through `t()`.

export type Lang = 'zh-CN' | 'en';

export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

class Locale {
	#lang = $state<Lang>('zh-CN');

	get lang(): Lang {
		return this.#lang;
	}

	set lang(value: Lang) {
		this.#lang = value;
		// Screen readers pick the voice from the document language.
		if (typeof document !== 'undefined') document.documentElement.lang = value;
	}
}

/** One language per browser tab: a kiosk switches to English for one resident, then back. */
export const locale = new Locale();
