// The on-screen keyboard's heavy half, loaded only when a form opens (a lazily imported
// chunk): simple-keyboard draws and handles the keys, and the Chinese layout of
// simple-keyboard-layouts supplies the pinyin candidate table. Both are DOM-only ESM.
import Keyboard from 'simple-keyboard/build/index.modern.esm.js';
import 'simple-keyboard/build/css/index.css';
import chinese from 'simple-keyboard-layouts/build/layouts/chinese.js';
import type { CandidateTable } from './pinyin.ts';

/** The layout module's object: its typings declare only `layout`, the candidates come with it. */
const chineseLayout = chinese as unknown as { layout: Record<string, string[]>; layoutCandidates: Record<string, string> };

export const CANDIDATES: CandidateTable = chineseLayout.layoutCandidates;

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
