// Pinyin → characters for the on-screen keyboard. The candidate table is the one in
// simple-keyboard-layouts' Chinese layout (`layoutCandidates`: "dang" → "当 党 档 …");
// the matching rule is the one simple-keyboard itself uses (the longest table key that
// ends the text), limited to the run of Latin letters being typed, so "党员dang" offers
// 当/党 for the last syllable only. Our own candidate bar (real buttons, large enough
// for a finger) replaces the library's small `<li>` box.

export type CandidateTable = Readonly<Record<string, string>>;

export interface Candidates {
	/** The pinyin the candidates would replace, e.g. "dang". */
	pinyin: string;
	candidates: string[];
}

const TRAILING_LETTERS = /[a-z]+$/i;

export function candidatesFor(text: string, table: CandidateTable): Candidates | null {
	const run = TRAILING_LETTERS.exec(text)?.[0];
	if (!run) return null;
	const lower = run.toLowerCase();
	for (let start = 0; start < lower.length; start++) {
		const key = lower.slice(start);
		const value = Object.hasOwn(table, key) ? table[key] : undefined;
		if (value) return { pinyin: run.slice(start), candidates: value.split(/\s+/).filter(Boolean) };
	}
	return null;
}

/** The text with the trailing `pinyin` replaced by the chosen character. */
export function applyCandidate(text: string, pinyin: string, choice: string): string {
	if (!text.toLowerCase().endsWith(pinyin.toLowerCase())) return text + choice;
	return text.slice(0, text.length - pinyin.length) + choice;
}

/** One key of the on-screen keyboard applied to a field's text (the caret is always at the end on the kiosk). */
export function applyKey(text: string, key: string, maxLength: number, multiline: boolean): string {
	if (key === '{bksp}') return [...text].slice(0, -1).join('');
	let add: string;
	if (key === '{space}') add = ' ';
	else if (key === '{enter}') add = multiline ? '\n' : '';
	else if (key.startsWith('{')) add = '';
	else add = key;
	if (!add) return text;
	return [...(text + add)].length > maxLength ? text : text + add;
}
