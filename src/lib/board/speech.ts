// What the display board says for a call, as a list of clip tokens, and what it shows.
// Pure (no DOM, no clock): the announcer queues these token lists, a player turns them
// into sound. Tokens are the clip names of a voice pack (static/voice/<pack>/manifest.json),
// so a hall's own recorded pack only has to provide the same names.

export interface CallLike {
	number: string;
	windowName: string;
}

export interface CallTokenOptions {
	/** How many times the Chinese sentence is said (halls say it twice); clamped to 1..5. */
	repeat: number;
	/** Add the English sentence once after the Chinese ones. */
	english: boolean;
}

export type Lang = 'zh' | 'en';

/** The two-tone ding-dong that makes people look up before the sentence starts. */
export const CHIME = 'chime';
/** A short silence between the repeats; players make it themselves, no clip is needed. */
export const PAUSE = 'pause';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const ZH_DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** 十 and 百: window numbers are read as numbers (十二号), ticket numbers digit by digit. */
const ZH_TEN = '10';
const ZH_HUNDRED = '100';
const ZH_WORDS = ['qing', 'hao', 'dao', 'chuangkou', 'banli'] as const;
const EN_SMALL = Array.from({ length: 20 }, (_, n) => `en-${n}`);
const EN_TENS = [20, 30, 40, 50, 60, 70, 80, 90].map((n) => `en-${n}`);
const EN_WORDS = ['en-hundred', 'en-number', 'en-please-go-to-window'] as const;

/**
 * Every token that must be a clip in a voice pack. The pack builder generates exactly
 * these, and the voice-pack test checks the committed manifest covers them, so the
 * vocabulary lives in one place.
 */
export const CLIP_TOKENS: readonly string[] = Object.freeze([
	CHIME,
	...ZH_WORDS,
	...ZH_DIGITS,
	ZH_TEN,
	ZH_HUNDRED,
	...LETTERS,
	...EN_SMALL,
	...EN_TENS,
	...EN_WORDS
]);

const ZH_NUMERAL_CHARS = '零一二三四五六七八九';

/** Chinese text of each spoken token, for platform speech synthesis and for debugging. */
const ZH_TEXT: Record<string, string> = {
	qing: '请',
	hao: '号',
	dao: '到',
	chuangkou: '窗口',
	banli: '办理',
	[ZH_TEN]: '十',
	[ZH_HUNDRED]: '百'
};
ZH_DIGITS.forEach((d, i) => (ZH_TEXT[d] = ZH_NUMERAL_CHARS[i]));

const EN_NAMES = [
	'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
	'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'
];
const EN_TEN_NAMES: Record<number, string> = {
	20: 'twenty', 30: 'thirty', 40: 'forty', 50: 'fifty', 60: 'sixty', 70: 'seventy', 80: 'eighty', 90: 'ninety'
};
const EN_TEXT: Record<string, string> = {
	'en-hundred': 'hundred',
	'en-number': 'number',
	'en-please-go-to-window': 'please go to window'
};
EN_NAMES.forEach((name, n) => (EN_TEXT[`en-${n}`] = name));
for (const [n, name] of Object.entries(EN_TEN_NAMES)) EN_TEXT[`en-${n}`] = name;

/** Full-width digits and letters (from IME input of window names) read like ASCII ones. */
function toHalfWidth(s: string): string {
	return s.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * A number the way a hall reads a window: 3 → 三, 12 → 十二, 21 → 二十一, 60 → 六十,
 * 105 → 一百零五. Above 999 nobody has that many windows, so it falls back to digits.
 */
export function zhNumberTokens(n: number): string[] {
	if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a window number: ${n}`);
	if (n < 10) return [String(n)];
	if (n < 20) return n === 10 ? [ZH_TEN] : [ZH_TEN, String(n % 10)];
	if (n < 100) return n % 10 === 0 ? [String(n / 10), ZH_TEN] : [String(Math.floor(n / 10)), ZH_TEN, String(n % 10)];
	if (n < 1000) {
		const rest = n % 100;
		const head = [String(Math.floor(n / 100)), ZH_HUNDRED];
		if (rest === 0) return head;
		// 一百零五 needs the 零; 一百一十 says 一十, not the bare 十 used below 20.
		if (rest < 10) return [...head, '0', String(rest)];
		if (rest < 20) return [...head, '1', ...zhNumberTokens(rest)];
		return [...head, ...zhNumberTokens(rest)];
	}
	return String(n).split('');
}

/** The same in English: 3 → three, 21 → twenty one, 105 → one hundred five. */
export function enNumberTokens(n: number): string[] {
	if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a window number: ${n}`);
	if (n < 20) return [`en-${n}`];
	if (n < 100) return n % 10 === 0 ? [`en-${n}`] : [`en-${n - (n % 10)}`, `en-${n % 10}`];
	if (n < 1000) {
		const rest = n % 100;
		return [`en-${Math.floor(n / 100)}`, 'en-hundred', ...(rest === 0 ? [] : enNumberTokens(rest))];
	}
	return String(n)
		.split('')
		.map((d) => `en-${d}`);
}

/** Parses 一..九十九 (and 两) as written in window names like 十二号窗口. */
function parseZhNumeral(s: string): number | null {
	const digit = (c: string) => (c === '两' ? 2 : ZH_NUMERAL_CHARS.indexOf(c));
	if (s.length === 0) return null;
	const ten = s.indexOf('十');
	if (ten < 0) {
		// 三 → 3; a run like 一二 is digit-by-digit
		let n = 0;
		for (const c of s) {
			const d = digit(c);
			if (d < 0) return null;
			n = n * 10 + d;
		}
		return n;
	}
	const tensPart = s.slice(0, ten);
	const onesPart = s.slice(ten + 1);
	const tens = tensPart === '' ? 1 : tensPart.length === 1 ? digit(tensPart) : -1;
	const ones = onesPart === '' ? 0 : onesPart.length === 1 ? digit(onesPart) : -1;
	if (tens < 0 || ones < 0) return null;
	return tens * 10 + ones;
}

/**
 * The window's number as people say it, or null when the name has none (e.g. 综合窗口).
 * "3号窗口" → 3, "综合窗口2" → 2, "2楼5号窗口" → 5 (the number before 号 wins, because a
 * floor or building number may come first), "十二号窗口" → 12.
 */
export function windowNumber(windowName: string): number | null {
	const name = toHalfWidth(windowName);
	const beforeHao = /(\d+)\s*号/.exec(name);
	if (beforeHao) return Number(beforeHao[1]);
	const runs = name.match(/\d+/g);
	if (runs) return Number(runs[runs.length - 1]);
	const zh = /([零一二两三四五六七八九十]+)\s*号/.exec(name) ?? /([零一二两三四五六七八九十]+)$/.exec(name);
	return zh ? parseZhNumeral(zh[1]) : null;
}

/**
 * A ticket number is read letter by letter and digit by digit (A012 → A 零一二, never
 * 十二): people compare it with the slip in their hand. Anything else (a dash) is skipped.
 */
function numberChars(number: string): string[] {
	const out: string[] = [];
	for (const c of toHalfWidth(number).toUpperCase()) {
		if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out.push(c);
	}
	return out;
}

function zhSentence(call: CallLike): string[] {
	const win = windowNumber(call.windowName);
	// Without a number the clips cannot say the window's name; 「到窗口办理」 still tells
	// the person to go, and the board shows which window.
	const windowPart = win === null ? ['chuangkou'] : [...zhNumberTokens(win), 'hao', 'chuangkou'];
	return ['qing', ...numberChars(call.number), 'hao', 'dao', ...windowPart, 'banli'];
}

function enSentence(call: CallLike): string[] {
	const win = windowNumber(call.windowName);
	const number = numberChars(call.number).map((c) => (c >= '0' && c <= '9' ? `en-${c}` : c));
	return ['en-number', ...number, 'en-please-go-to-window', ...(win === null ? [] : enNumberTokens(win))];
}

function clampRepeat(repeat: number): number {
	if (!Number.isFinite(repeat)) return 1;
	return Math.min(5, Math.max(1, Math.floor(repeat)));
}

/**
 * The whole announcement: chime, the Chinese sentence `repeat` times with a pause between,
 * then the English sentence once. English is said once because it doubles the length of
 * each call, and a busy hall's backlog grows with every second spent per call.
 */
export function callTokens(call: CallLike, opts: CallTokenOptions): string[] {
	const zh = zhSentence(call);
	const tokens = [CHIME];
	for (let i = 0; i < clampRepeat(opts.repeat); i++) {
		if (i > 0) tokens.push(PAUSE);
		tokens.push(...zh);
	}
	if (opts.english) tokens.push(PAUSE, ...enSentence(call));
	return tokens;
}

/** Chinese typesetting convention: a space between Han characters and Latin letters or digits. */
function spaceMixed(s: string): string {
	return s
		.replace(/([\u3400-\u9fff])([A-Za-z0-9])/g, '$1 $2')
		.replace(/([A-Za-z0-9])([\u3400-\u9fff])/g, '$1 $2');
}

/** The display sentence for the aria-live region: 「请 A012 号到 3 号窗口办理」. */
export function callText(call: CallLike, lang: Lang = 'zh'): string {
	const name = call.windowName.trim();
	const win = windowNumber(name);
	if (lang === 'en') {
		return `Number ${call.number}, please go to ${win === null ? name : `window ${win}`}.`;
	}
	// A bare "3" as the window's name still reads as a window.
	const windowPart = /^\d+$/.test(toHalfWidth(name)) ? `${name}号窗口` : name;
	return spaceMixed(`请${call.number}号到${windowPart}办理`);
}

export type SpeechSegment =
	| { kind: 'clip'; token: string }
	| { kind: 'pause' }
	/** `tokens` are kept so a player can fall back to clips when a platform voice fails. */
	| { kind: 'say'; lang: Lang; text: string; tokens: string[] };

function tokenLang(token: string): Lang | 'any' | null {
	if (token.startsWith('en-')) return 'en';
	if (token in ZH_TEXT) return 'zh';
	if (token.length === 1 && token >= 'A' && token <= 'Z') return 'any';
	return null;
}

/**
 * Groups tokens into sentences a platform speech synthesizer can say with one utterance
 * per language run; the chime (and anything it cannot say) stays a clip. Letters join the
 * run they sit in, since both languages say "A" the same way.
 */
export function speechSegments(tokens: readonly string[]): SpeechSegment[] {
	const out: SpeechSegment[] = [];
	let run: { lang: Lang | 'any'; parts: string[]; tokens: string[] } | null = null;
	const flush = () => {
		if (!run) return;
		const lang: Lang = run.lang === 'en' ? 'en' : 'zh';
		out.push({ kind: 'say', lang, text: run.parts.join(lang === 'en' ? ' ' : ''), tokens: run.tokens });
		run = null;
	};
	for (const token of tokens) {
		const lang = tokenLang(token);
		if (lang === null) {
			flush();
			out.push(token === PAUSE ? { kind: 'pause' } : { kind: 'clip', token });
			continue;
		}
		const text = lang === 'en' ? EN_TEXT[token] : lang === 'zh' ? ZH_TEXT[token] : token;
		if (run && run.lang !== 'any' && lang !== 'any' && run.lang !== lang) flush();
		if (!run) run = { lang, parts: [], tokens: [] };
		else if (run.lang === 'any') run.lang = lang;
		run.parts.push(text);
		run.tokens.push(token);
	}
	flush();
	return out;
}

/** Identifies a voice pack manifest, so a stray JSON file is not taken for one. */
export const MANIFEST_FORMAT = 'jiaohao-voice-pack';

/**
 * static/voice/<pack>/manifest.json: clip token → WAV file in the same directory.
 * A hall's own recorded pack uses the same shape (see display-board/voice/README.md).
 */
export interface VoiceManifest {
	format: typeof MANIFEST_FORMAT;
	version: 1;
	name: string;
	description?: string;
	generator?: string;
	/** Informational; the browser resamples whatever the files hold. */
	sampleRate?: number;
	/** Length of the `pause` token; 450 ms when absent. */
	pauseMs?: number;
	/** Silence put between consecutive clips, for packs whose clips are trimmed tight; 0 when absent. */
	gapMs?: number;
	clips: Record<string, { file: string; durationMs: number }>;
}

export const DEFAULT_PAUSE_MS = 450;

/**
 * Checks a fetched manifest and lists the clip tokens it lacks, so a hall's pack with a
 * missing clip is reported when it loads instead of going quiet mid-sentence.
 */
export function parseManifest(json: unknown): { manifest: VoiceManifest; missing: string[] } {
	const m = json as Partial<VoiceManifest> | null;
	if (!m || typeof m !== 'object' || m.format !== MANIFEST_FORMAT || m.version !== 1) {
		throw new Error(`not a ${MANIFEST_FORMAT} v1 manifest`);
	}
	if (!m.clips || typeof m.clips !== 'object') throw new Error('manifest has no clips');
	for (const [token, clip] of Object.entries(m.clips)) {
		// Files must stay inside the pack directory: no paths, no URLs.
		if (!clip || typeof clip.file !== 'string' || !/^[A-Za-z0-9._-]+$/.test(clip.file) || clip.file.startsWith('.')) {
			throw new Error(`clip "${token}" has a bad file name`);
		}
	}
	const missing = CLIP_TOKENS.filter((t) => !(t in m.clips!));
	return { manifest: m as VoiceManifest, missing };
}
