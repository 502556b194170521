// Phrase-level pinyin for the kiosk's on-screen keyboard, pure (no DOM, no fetch): the
// lexicon is parsed from the text that scripts/build-lexicon.mjs writes, the letters being
// typed are split into syllables (every reading: "xian" is 先 and 西安), words are found
// along every split, and the whole input is composed into the cheapest sentence of words
// (costs are −log frequencies, so they add up). A candidate that covers only the first
// syllables leaves the rest in the composition, as in every Chinese input method.

export interface LexiconNode {
	/** Next syllable → node: a trie over readings, so "dang'qun" is found letter run by letter run. Null on a leaf. */
	next: Map<string, LexiconNode> | null;
	/** Words read exactly as the path to this node, most frequent first. */
	readonly words: string[];
	readonly costs: number[];
}

export interface Lexicon {
	readonly root: LexiconNode;
	/** Every full syllable of the lexicon ("a" … "zuo"). */
	readonly syllables: ReadonlySet<string>;
	/** Every proper prefix of a syllable ("z", "zh", "zha", …): an unfinished syllable may end the input. */
	readonly prefixes: ReadonlySet<string>;
}

export interface Candidate {
	/** What choosing it writes, e.g. "部署". */
	text: string;
	/** How many letters of the composition's pinyin it stands for (from the start). */
	length: number;
	/** −log of its likelihood in the lexicon's units, penalties included; lower is better. */
	cost: number;
}

/** Syllable initials a resident may type alone as an abbreviation ("bsh" for 不舒服). */
const INITIALS = new Set(['b', 'p', 'm', 'f', 'd', 't', 'n', 'l', 'g', 'k', 'h', 'j', 'q', 'x', 'zh', 'ch', 'sh', 'r', 'z', 'c', 's', 'y', 'w']);
/** The longest syllable ("zhuang", "shuang", "chuang"). */
const MAX_SYLLABLE = 6;
/** Extra cost of a syllable given only by its initial or unfinished at the end: a full syllable of the same words is e⁴ likelier. */
const ABBREVIATED = 24;
/** Extra cost per word of a sentence: of two splits of equal frequency, the one of fewer, longer words reads better. */
const PER_WORD = 10;
/** Whole-input sentences kept per position: the best few, not every combination. */
const SENTENCES = 3;
/** Candidates listed at most (20 pages of 8): beyond them a resident types more letters. */
const MAX_CANDIDATES = 160;
/** Letters a composition holds at most: enough for a long phrase, and lookup time stays bounded. */
export const MAX_PINYIN = 40;

function node(): LexiconNode {
	return { next: null, words: [], costs: [] };
}

/** Reads the lexicon text: `reading<TAB>word cost word cost…`, readings' syllables joined by «'». */
export function parseLexicon(text: string): Lexicon {
	const reading = new LexiconReader(text);
	while (!reading.done) reading.readLines(Number.POSITIVE_INFINITY);
	return reading.lexicon();
}

/**
 * The same reading in slices of about `sliceMs`, giving the page back between them (`pause`):
 * the whole lexicon takes 0.2–0.6 s on a kiosk PC, and in one piece it froze the keyboard a
 * resident had just opened.
 */
export async function parseLexiconInSlices(text: string, pause: () => Promise<void>, sliceMs = 8, now: () => number = () => performance.now()): Promise<Lexicon> {
	const reading = new LexiconReader(text);
	while (!reading.done) {
		const until = now() + sliceMs;
		while (!reading.done && now() < until) reading.readLines(500);
		if (!reading.done) await pause();
	}
	return reading.lexicon();
}

class LexiconReader {
	readonly #text: string;
	readonly #root = node();
	readonly #syllables = new Set<string>();
	#lineStart = 0;

	constructor(text: string) {
		this.#text = text;
	}

	get done(): boolean {
		return this.#lineStart >= this.#text.length;
	}

	readLines(count: number): void {
		const text = this.#text;
		for (let n = 0; n < count && this.#lineStart < text.length; n++) {
			const lineStart = this.#lineStart;
			let lineEnd = text.indexOf('\n', lineStart);
			if (lineEnd < 0) lineEnd = text.length;
			const tab = text.indexOf('\t', lineStart);
			if (text[lineStart] !== '#' && tab > lineStart && tab < lineEnd) {
				let at = this.#root;
				for (const syllable of text.slice(lineStart, tab).split("'")) {
					this.#syllables.add(syllable);
					at.next ??= new Map();
					let child = at.next.get(syllable);
					if (!child) at.next.set(syllable, (child = node()));
					at = child;
				}
				// Words and costs alternate: a run of non-digits, then its digits ("政治12正直40").
				let i = tab + 1;
				while (i < lineEnd) {
					const wordStart = i;
					while (i < lineEnd && (text.charCodeAt(i) < 48 || text.charCodeAt(i) > 57)) i++;
					const word = text.slice(wordStart, i);
					let cost = 0;
					while (i < lineEnd && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) cost = cost * 10 + text.charCodeAt(i++) - 48;
					if (word) {
						at.words.push(word);
						at.costs.push(cost);
					}
				}
			}
			this.#lineStart = lineEnd + 1;
		}
	}

	lexicon(): Lexicon {
		const prefixes = new Set<string>();
		for (const syllable of this.#syllables) for (let i = 1; i < syllable.length; i++) prefixes.add(syllable.slice(0, i));
		return { root: this.#root, syllables: this.#syllables, prefixes };
	}
}

/** One syllable as typed, from `start` to `end` of the pinyin. */
interface Token {
	end: number;
	/** The syllable, or the letters a syllable starts with (an initial, or the unfinished last one). */
	letters: string;
	exact: boolean;
}

/**
 * The ways a syllable can start at each position of the pinyin. An initial alone stands for a
 * syllable ("bsh" is b|sh|…) only when the letters cannot be read as full syllables: "zhengzhi"
 * is zheng|zhi, never zhen|g…|zhi. The unfinished end ("zhangs") always counts.
 */
function tokenize(lexicon: Lexicon, pinyin: string): Token[][] {
	const strict = tokenizeWith(lexicon, pinyin, false);
	return finishing(strict, pinyin.length)[0] ? strict : tokenizeWith(lexicon, pinyin, true);
}

/** For each position: can the letters from there to the end be read as syllables? */
function finishing(tokens: Token[][], n: number): boolean[] {
	const finishes = new Array<boolean>(n + 1).fill(false);
	finishes[n] = true;
	for (let start = n - 1; start >= 0; start--) finishes[start] = tokens[start].some((t) => finishes[t.end]);
	return finishes;
}

function tokenizeWith(lexicon: Lexicon, pinyin: string, initials: boolean): Token[][] {
	const n = pinyin.length;
	const tokens: Token[][] = Array.from({ length: n + 1 }, () => []);
	for (let start = 0; start < n; start++) {
		if (pinyin[start] === "'") continue;
		let exactLonger = false;
		const found: Token[] = [];
		for (let length = 1; length <= MAX_SYLLABLE && start + length <= n; length++) {
			const letters = pinyin.slice(start, start + length);
			if (letters.includes("'")) break;
			let end = start + length;
			// A typed separator belongs to the syllable before it.
			if (pinyin[end] === "'") end++;
			if (lexicon.syllables.has(letters)) {
				found.push({ end, letters, exact: true });
				if (length > 1) exactLonger = true;
			} else if (lexicon.prefixes.has(letters) && (end === n || (initials && INITIALS.has(letters)))) {
				found.push({ end, letters, exact: false });
			}
		}
		// Even then, not where a real syllable starts: "zhangsan" is never z|hang|san.
		tokens[start] = exactLonger ? found.filter((t) => t.exact || t.end === n) : found;
	}
	return tokens;
}

interface WordMatch {
	text: string;
	end: number;
	cost: number;
	syllables: number;
}

/** Every lexicon word whose reading starts at `start`, along every split of the letters. */
function wordsFrom(lexicon: Lexicon, tokens: Token[][], start: number): WordMatch[] {
	const found: WordMatch[] = [];
	const walk = (at: LexiconNode, position: number, penalty: number, depth: number): void => {
		for (const token of tokens[position] ?? []) {
			const children: LexiconNode[] = [];
			if (token.exact) {
				const child = at.next?.get(token.letters);
				if (child) children.push(child);
			} else {
				for (const [syllable, child] of at.next ?? []) if (syllable.startsWith(token.letters)) children.push(child);
			}
			const cost = penalty + (token.exact ? 0 : ABBREVIATED);
			for (const child of children) {
				for (let i = 0; i < child.words.length; i++) {
					found.push({ text: child.words[i], end: token.end, cost: child.costs[i] + cost, syllables: depth + 1 });
				}
				if (child.next) walk(child, token.end, cost, depth + 1);
			}
		}
	};
	walk(lexicon.root, start, 0, 0);
	return found;
}

/** The best word of each text at each end (an abbreviation can reach the same word twice). */
function dedupe(words: WordMatch[]): WordMatch[] {
	const best = new Map<string, WordMatch>();
	for (const word of words) {
		const key = `${word.end}|${word.text}`;
		const seen = best.get(key);
		if (!seen || word.cost < seen.cost) best.set(key, word);
	}
	return [...best.values()];
}

interface Sentence {
	text: string;
	cost: number;
	words: number;
}

/**
 * Candidates for the pinyin being composed: the best sentences for the whole input and the
 * words read exactly as it, by cost; then words of its first syllables, longer first; then
 * single characters by frequency.
 */
export function lookup(lexicon: Lexicon, input: string): Candidate[] {
	const pinyin = input.toLowerCase().slice(0, MAX_PINYIN);
	const n = pinyin.length;
	if (n === 0 || !/^[a-z']+$/.test(pinyin)) return [];
	const tokens = tokenize(lexicon, pinyin);

	// Best few sentences reaching each position, built left to right from the words starting there.
	const sentences: Sentence[][] = Array.from({ length: n + 1 }, () => []);
	sentences[0] = [{ text: '', cost: 0, words: 0 }];
	let fromStart: WordMatch[] = [];
	for (let start = 0; start < n; start++) {
		const before = sentences[start];
		if (before.length === 0 && start > 0) continue;
		const words = dedupe(wordsFrom(lexicon, tokens, start));
		if (start === 0) fromStart = words;
		for (const word of words) {
			const after = sentences[word.end];
			for (const sentence of before) {
				const text = sentence.text + word.text;
				const cost = sentence.cost + word.cost + PER_WORD;
				const same = after.findIndex((s) => s.text === text);
				if (same >= 0) {
					if (after[same].cost <= cost) continue;
					after.splice(same, 1);
				}
				if (after.length === SENTENCES && after[SENTENCES - 1].cost <= cost) continue;
				after.push({ text, cost, words: sentence.words + 1 });
				after.sort((a, b) => a.cost - b.cost);
				if (after.length > SENTENCES) after.pop();
			}
		}
	}

	const seen = new Set<string>();
	const out: Candidate[] = [];
	const add = (text: string, length: number, cost: number): void => {
		if (out.length >= MAX_CANDIDATES || seen.has(text)) return;
		seen.add(text);
		out.push({ text, length, cost });
	};
	const whole = [
		...sentences[n].map((s) => ({ text: s.text, cost: s.cost - PER_WORD })),
		...fromStart.filter((w) => w.end === n)
	].sort((a, b) => a.cost - b.cost);
	for (const candidate of whole) add(candidate.text, n, candidate.cost);
	// A word of the first syllables only where the rest can still be read ("dangqun" offers 党, not 但 of dan|gqun).
	const finishes = finishing(tokens, n);
	const partial = fromStart.filter((w) => w.end < n && (finishes[w.end] || !finishes[0]));
	partial
		.filter((w) => w.syllables > 1)
		.sort((a, b) => b.end - a.end || a.cost - b.cost)
		.forEach((w) => add(w.text, w.end, w.cost));
	partial
		.filter((w) => w.syllables === 1)
		.sort((a, b) => a.cost - b.cost)
		.forEach((w) => add(w.text, w.end, w.cost));
	return out;
}

/** The pinyin split for reading back in the composition line: "bushushi" → bu'shu'shi (fewest, full syllables). */
export function syllablesOf(lexicon: Lexicon, input: string): string[] {
	const pinyin = input.toLowerCase();
	const n = pinyin.length;
	const tokens = tokenize(lexicon, pinyin);
	const best: ({ cost: number; parts: string[] } | null)[] = Array.from({ length: n + 1 }, () => null);
	best[0] = { cost: 0, parts: [] };
	for (let start = 0; start < n; start++) {
		const here = best[start];
		if (!here) continue;
		for (const token of tokens[start]) {
			const cost = here.cost + (token.exact ? 1 : 2);
			const there = best[token.end];
			if (!there || cost < there.cost) best[token.end] = { cost, parts: [...here.parts, token.letters] };
		}
	}
	return best[n]?.parts ?? [pinyin.replaceAll("'", '')];
}

/** What is being composed: words already chosen for the first syllables, and the letters still pinyin. */
export interface Composition {
	readonly chosen: readonly { text: string; pinyin: string }[];
	readonly pinyin: string;
}

export const EMPTY_COMPOSITION: Composition = { chosen: [], pinyin: '' };

export function isComposing(composition: Composition): boolean {
	return composition.pinyin.length > 0 || composition.chosen.length > 0;
}

/** A letter typed into the composition (lower case; a full composition takes no more). */
export function typeLetter(composition: Composition, letter: string): Composition {
	if (!/^[a-z']$/i.test(letter) || composition.pinyin.length >= MAX_PINYIN) return composition;
	if (letter === "'" && (composition.pinyin === '' || composition.pinyin.endsWith("'"))) return composition;
	return { chosen: composition.chosen, pinyin: composition.pinyin + letter.toLowerCase() };
}

/** Backspace inside the composition: the last letter, or else the last choice goes back to pinyin. */
export function backspace(composition: Composition): Composition {
	if (composition.pinyin) return { chosen: composition.chosen, pinyin: composition.pinyin.slice(0, -1) };
	const last = composition.chosen.at(-1);
	if (!last) return composition;
	return { chosen: composition.chosen.slice(0, -1), pinyin: last.pinyin };
}

export interface Choice {
	composition: Composition;
	/** Text for the field once nothing is left to compose, else null. */
	committed: string | null;
}

/** Takes a candidate for the first `candidate.length` letters; the rest stays pinyin. */
export function choose(composition: Composition, candidate: Pick<Candidate, 'text' | 'length'>): Choice {
	const used = composition.pinyin.slice(0, candidate.length);
	const rest = composition.pinyin.slice(candidate.length).replace(/^'+/, '');
	const chosen = [...composition.chosen, { text: candidate.text, pinyin: used }];
	if (rest) return { composition: { chosen, pinyin: rest }, committed: null };
	return { composition: EMPTY_COMPOSITION, committed: chosen.map((c) => c.text).join('') };
}

/** Ends the composition at once (a punctuation key, leaving the field): the best candidates all the way, letters where none. */
export function commitBest(lexicon: Lexicon | null, composition: Composition): string {
	let current = composition;
	for (let guard = 0; guard <= MAX_PINYIN && current.pinyin; guard++) {
		const first = lexicon ? lookup(lexicon, current.pinyin)[0] : undefined;
		if (!first) break;
		const next = choose(current, first);
		if (next.committed !== null) return next.committed;
		current = next.composition;
	}
	return lettersAsTyped(current);
}

/** The composition written as it is: the words chosen, then the letters (for a Latin word or code). */
export function lettersAsTyped(composition: Composition): string {
	return composition.chosen.map((c) => c.text).join('') + composition.pinyin.replaceAll("'", '');
}

/** The field's text with `text` added at the end, cut to the field's limit (in characters). */
export function insertText(value: string, text: string, maxLength: number): string {
	const room = maxLength - [...value].length;
	if (room <= 0) return value;
	return value + [...text].slice(0, room).join('');
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

/** Candidates on one page when the row's width is not known yet. */
const FALLBACK_PER_PAGE = 8;
/** A page of more buttons than this is hard to scan, however wide the screen. */
const MAX_PER_PAGE = 10;

/**
 * Candidates split into pages that each fit a row `room` px wide, given the width in px of
 * a candidate's button (gap included) as the screen draws it: the row never wraps, so the
 * docked keyboard keeps its height, and elder mode's larger type fits fewer per page.
 * A candidate wider than the row still gets a page of its own.
 */
export function pageCandidates(candidates: readonly Candidate[], room: number, widthOf: (text: string) => number): Candidate[][] {
	const pages: Candidate[][] = [];
	if (!(room > 0)) {
		for (let i = 0; i < candidates.length; i += FALLBACK_PER_PAGE) pages.push(candidates.slice(i, i + FALLBACK_PER_PAGE));
		return pages;
	}
	let page: Candidate[] = [];
	let used = 0;
	for (const candidate of candidates) {
		const needed = widthOf(candidate.text);
		if (page.length > 0 && (used + needed > room || page.length >= MAX_PER_PAGE)) {
			pages.push(page);
			page = [];
			used = 0;
		}
		page.push(candidate);
		used += needed;
	}
	if (page.length > 0) pages.push(page);
	return pages;
}
