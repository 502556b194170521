// The on-screen keyboard's heavy half, loaded only when a form opens (a lazily imported
// chunk): simple-keyboard draws and handles the keys (DOM-only ESM), and the pinyin lexicon
// (static/lexicon/, built by scripts/build-lexicon.mjs) is fetched and read once per page.
import Keyboard from 'simple-keyboard/build/index.modern.esm.js';
import 'simple-keyboard/build/css/index.css';
import { parseLexiconInSlices, type Lexicon } from './pinyin.ts';

/** The lexicon's address: the version is in the name, so a new lexicon is never an old cached one. */
export const LEXICON_URL = '/lexicon/pinyin-v1.txt';

let lexicon: Promise<Lexicon> | null = null;

/**
 * The pinyin lexicon, fetched and parsed on first use and kept for the page's life (the
 * keyboard comes and goes with each form; reading ~900 KB again each time would be waste).
 * A failed fetch is forgotten, so the next form tries again.
 */
export function loadLexicon(fetcher: typeof fetch = fetch): Promise<Lexicon> {
	lexicon ??= fetcher(LEXICON_URL)
		.then((response) => {
			if (!response.ok) throw new Error(`lexicon: HTTP ${response.status}`);
			return response.text();
		})
		// In slices, a task each: the keyboard that just opened answers its keys meanwhile.
		.then((text) => parseLexiconInSlices(text, () => new Promise((resolve) => setTimeout(resolve, 0))))
		.catch((error: unknown) => {
			lexicon = null;
			throw error;
		});
	return lexicon;
}

/**
 * Rows for residents, not typists: no tab, caps lock or ".com", Chinese punctuation on
 * the letter layout, and a phone pad for phone numbers.
 */
export const LAYOUTS: Record<'default' | 'shift' | 'digits', string[]> = {
	default: ['1 2 3 4 5 6 7 8 9 0 {bksp}', 'q w e r t y u i o p', 'a s d f g h j k l', '{shift} z x c v b n m ， 。', '、 ？ {space} ！ ：'],
	shift: ['1 2 3 4 5 6 7 8 9 0 {bksp}', 'Q W E R T Y U I O P', 'A S D F G H J K L', '{shift} Z X C V B N M ( )', '“ ” {space} - ；'],
	digits: ['1 2 3', '4 5 6', '7 8 9', '- 0 {bksp}']
};

export type LayoutName = keyof typeof LAYOUTS;

export interface KeyboardHandle {
	setLayout(name: LayoutName): void;
	setDisplay(display: Record<string, string>): void;
	destroy(): void;
}

export function mountKeyboard(
	element: HTMLElement,
	options: { layout: LayoutName; display: Record<string, string>; onKey: (button: string) => void }
): KeyboardHandle {
	const keyboard = new Keyboard(element, {
		layout: LAYOUTS,
		layoutName: options.layout,
		display: options.display,
		mergeDisplay: true,
		theme: 'hg-theme-default kiosk-keys',
		// Real <button>s: screen readers and Playwright see keys as buttons.
		useButtonTag: true,
		// Keep the focus (and the caret) in the field being typed into.
		preventMouseDownDefault: true,
		// An older hand rests on a key: one press, not a stream of letters.
		disableButtonHold: true,
		// Our candidate bar handles pinyin; the library's own box is too small for a finger.
		enableLayoutCandidates: false,
		onKeyPress: (button: string) => options.onKey(button)
	});
	return {
		setLayout: (name) => keyboard.setOptions({ layoutName: name }),
		setDisplay: (display) => keyboard.setOptions({ display }),
		destroy: () => keyboard.destroy()
	};
}
