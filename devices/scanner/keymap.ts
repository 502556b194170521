/**
 * HID keyboard usages (USB HID Usage Tables, page 0x07) as a US-layout keyboard types
 * them. A barcode scanner in keyboard mode "types" its reading with these codes, so the
 * scanner must be set to the US layout (the factory default of nearly all of them).
 */

/** [unshifted, shifted] for each usage that produces a character. */
const CHARACTERS = new Map<number, readonly [string, string]>();

const letters = 'abcdefghijklmnopqrstuvwxyz';
for (let i = 0; i < letters.length; i++) CHARACTERS.set(0x04 + i, [letters[i], letters[i].toUpperCase()]);

const digits = '1234567890';
const shiftedDigits = '!@#$%^&*()';
for (let i = 0; i < digits.length; i++) CHARACTERS.set(0x1e + i, [digits[i], shiftedDigits[i]]);

const punctuation: [number, string, string][] = [
	[0x2c, ' ', ' '],
	[0x2d, '-', '_'],
	[0x2e, '=', '+'],
	[0x2f, '[', '{'],
	[0x30, ']', '}'],
	[0x31, '\\', '|'],
	[0x32, '#', '~'],
	[0x33, ';', ':'],
	[0x34, "'", '"'],
	[0x35, '`', '~'],
	[0x36, ',', '<'],
	[0x37, '.', '>'],
	[0x38, '/', '?'],
	// Keypad: some scanners type digits there; Num Lock is assumed on.
	[0x54, '/', '/'],
	[0x55, '*', '*'],
	[0x56, '-', '-'],
	[0x57, '+', '+'],
	[0x59, '1', '1'],
	[0x5a, '2', '2'],
	[0x5b, '3', '3'],
	[0x5c, '4', '4'],
	[0x5d, '5', '5'],
	[0x5e, '6', '6'],
	[0x5f, '7', '7'],
	[0x60, '8', '8'],
	[0x61, '9', '9'],
	[0x62, '0', '0'],
	[0x63, '.', '.']
];
for (const [usage, plain, shifted] of punctuation) CHARACTERS.set(usage, [plain, shifted]);

export const USAGE_ENTER = 0x28;
export const USAGE_KEYPAD_ENTER = 0x58;
export const USAGE_CAPS_LOCK = 0x39;
/** Every key slot reads 0x01 when too many keys are down at once (ErrorRollOver). */
export const USAGE_ERROR_ROLLOVER = 0x01;

export const MODIFIER_LEFT_CTRL = 0x01;
export const MODIFIER_LEFT_SHIFT = 0x02;
export const MODIFIER_LEFT_ALT = 0x04;
export const MODIFIER_LEFT_GUI = 0x08;
export const MODIFIER_RIGHT_CTRL = 0x10;
export const MODIFIER_RIGHT_SHIFT = 0x20;
export const MODIFIER_RIGHT_ALT = 0x40;
export const MODIFIER_RIGHT_GUI = 0x80;

const SHIFT = MODIFIER_LEFT_SHIFT | MODIFIER_RIGHT_SHIFT;
// AltGr (right Alt) is left out: some scanners hold it for nothing; Ctrl/GUI chords are commands, not text.
const CHORD = MODIFIER_LEFT_CTRL | MODIFIER_RIGHT_CTRL | MODIFIER_LEFT_GUI | MODIFIER_RIGHT_GUI | MODIFIER_LEFT_ALT;

export type KeyMeaning = { kind: 'char'; char: string } | { kind: 'enter' } | { kind: 'caps-lock' } | { kind: 'ignored' } | { kind: 'unknown'; usage: number };

export function keyMeaning(usage: number, modifiers: number, capsLock: boolean): KeyMeaning {
	if (usage === USAGE_ENTER || usage === USAGE_KEYPAD_ENTER) return { kind: 'enter' };
	if (usage === USAGE_CAPS_LOCK) return { kind: 'caps-lock' };
	const chars = CHARACTERS.get(usage);
	if (!chars) return { kind: 'unknown', usage };
	if ((modifiers & CHORD) !== 0) return { kind: 'ignored' };
	let shifted = (modifiers & SHIFT) !== 0;
	// Caps Lock shifts letters only.
	if (capsLock && usage >= 0x04 && usage <= 0x1d) shifted = !shifted;
	return { kind: 'char', char: chars[shifted ? 1 : 0] };
}
