/**
 * Turns a PrintDocument into physical lines for a given paper width. Both the
 * ESC/POS encoder and the SVG preview render this output, so wrapping, scaling
 * and QR sizing are decided once.
 */
import iconv from 'iconv-lite';
import QRCode from 'qrcode';
import type { Align, PrintDocument, Scale } from './document.ts';

/** Font A is 12 dots wide: 384 dots on 58 mm paper, 576 on 80 mm. */
export const COLUMNS_58MM = 32;
export const COLUMNS_80MM = 48;
export const DEFAULT_COLUMNS = COLUMNS_58MM;
export const DOTS_PER_COLUMN = 12;

export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

export type LaidOutLine =
	| {
			kind: 'text';
			/** Already printable and wrapped: never wider than the paper at this scale. */
			text: string;
			/** Display width in columns at scale 1. */
			columns: number;
			align: Align;
			scaleW: Scale;
			scaleH: Scale;
			bold: boolean;
	  }
	| { kind: 'qr'; data: string; align: Align; moduleSize: number; modules: number; ecc: QrErrorCorrection }
	| { kind: 'feed'; lines: number }
	| { kind: 'cut' };

export interface LayoutOptions {
	columns?: number;
}

// Zero-width and bidi format characters print as junk or '?' on a thermal printer.
const INVISIBLE = /[\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/** Common typographic marks outside GBK, printed as their nearest GBK mark rather than '?'. */
const NEAREST: Record<string, string> = { '•': '·', '・': '·', '‧': '·', '∙': '·', '⁃': '-', '‐': '-', '‑': '-', '‒': '-', '−': '-' };

/**
 * Makes a string safe and faithful for a GB18030 printer in Chinese mode:
 * control characters are removed (they would be executed as printer commands),
 * tabs become spaces, bullets and dashes outside GBK become their GBK look-alikes, and
 * other characters that GB18030 only reaches with 4 bytes become '?', because the printers' fonts cover the 2-byte (GBK) set only.
 */
export function printableText(input: string): string {
	let out = '';
	for (const ch of input.replace(INVISIBLE, '')) {
		const cp = ch.codePointAt(0) ?? 0;
		if (ch === '\t') out += ' ';
		else if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) continue;
		else if (cp < 0x80) out += ch;
		else if (cp >= 0xd800 && cp <= 0xdfff) out += '?';
		else if (isDoubleByte(cp)) out += ch;
		else out += NEAREST[ch] ?? '?';
	}
	return out;
}

/** Per BMP code point: 0 not yet known, 1 a 2-byte GB18030 code, 2 not. Encoding one character costs ~10 µs. */
const doubleByte = new Uint8Array(0x10000);

function isDoubleByte(cp: number): boolean {
	if (cp > 0xffff) return false; // 4 bytes in GB18030, like every code point outside the BMP
	doubleByte[cp] ||= iconv.encode(String.fromCharCode(cp), 'gb18030').length === 2 ? 1 : 2;
	return doubleByte[cp] === 1;
}

/** Columns a printable character takes: in Chinese mode every double-byte code prints full width. */
export function charWidth(ch: string): 1 | 2 {
	return (ch.codePointAt(0) ?? 0) < 0x80 ? 1 : 2;
}

export function displayWidth(printable: string): number {
	let width = 0;
	for (const ch of printable) width += charWidth(ch);
	return width;
}

// Chinese typesetting keeps closing punctuation off the start of a line (避头点).
const NO_LINE_START = new Set([...'，。、；：！？）》」』】〉”’…·,.;:!?)]}%']);
const isWordChar = (ch: string): boolean => /[\x21-\x7e]/.test(ch);

/**
 * Wraps text into lines of at most `maxColumns` display columns. Latin words and
 * numbers (a phone number, a URL) move whole to the next line when they fit on
 * one; CJK breaks between any two characters.
 */
export function wrapText(input: string, maxColumns: number, hangingIndent = 0): string[] {
	const full = Math.max(1, Math.floor(maxColumns));
	// Continuation lines start under the text of a numbered item, not under its number.
	const indent = Math.max(0, Math.min(Math.floor(hangingIndent), full - 2));
	const out: string[] = [];
	for (const paragraph of input.split(/\r\n|\r|\n/)) {
		const chars = [...printableText(paragraph)];
		if (chars.length === 0) {
			out.push('');
			continue;
		}
		let line: string[] = [];
		let width = 0;
		let continuation = false;
		let limit = full;
		const emit = (value: string): void => {
			out.push(continuation && value !== '' ? ' '.repeat(indent) + value : value);
		};
		for (const ch of chars) {
			const w = charWidth(ch);
			if (continuation && line.length === 0 && ch === ' ') continue;
			if (line.length === 0 || width + w <= limit) {
				line.push(ch);
				width += w;
				continue;
			}
			let carry: string[] = [];
			if (ch !== ' ' && isWordChar(ch)) {
				// The word in progress starts after the last space or full-width character.
				let start = line.length;
				while (start > 0 && isWordChar(line[start - 1])) start--;
				if (start > 0) carry = line.slice(start);
			} else if (NO_LINE_START.has(ch) && line.length > 1) {
				carry = line.slice(-1);
			}
			if (displayWidth(carry.join('')) + w > full - indent) carry = [];
			line = line.slice(0, line.length - carry.length);
			emit(line.join('').trimEnd());
			continuation = true;
			limit = full - indent;
			line = ch === ' ' ? [...carry] : [...carry, ch];
			width = displayWidth(line.join(''));
		}
		if (line.length > 0) emit(line.join('').trimEnd());
	}
	return out;
}

const clampScale = (n: number | undefined, fallback: Scale): Scale =>
	Math.min(8, Math.max(1, Math.floor(n ?? fallback))) as Scale;

/**
 * In byte mode the symbol's version, hence its size, depends only on the byte count and the
 * error correction level: every ticket's status URL has the same length, so one answer serves.
 */
const moduleCounts = new Map<string, number | null>();

/** Module count of the QR symbol, as the printer will build it (byte mode, model 2). */
export function qrModuleCount(data: string, ecc: QrErrorCorrection = 'M'): number | null {
	const bytes = new TextEncoder().encode(data);
	const key = `${ecc}:${bytes.length}`;
	const known = moduleCounts.get(key);
	if (known !== undefined) return known;
	let size: number | null;
	try {
		// The mask does not change the size: a fixed one skips scoring all eight.
		size = QRCode.create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: ecc, maskPattern: 0 }).modules.size;
	} catch {
		size = null;
	}
	if (moduleCounts.size >= 256) moduleCounts.clear();
	moduleCounts.set(key, size);
	return size;
}

export function layoutDocument(doc: PrintDocument, opts: LayoutOptions = {}): LaidOutLine[] {
	const columns = Math.max(8, Math.floor(opts.columns ?? DEFAULT_COLUMNS));
	const out: LaidOutLine[] = [];
	const pushText = (value: string, align: Align, scaleW: Scale, scaleH: Scale, bold: boolean, indent = 0): void => {
		for (const line of wrapText(value, columns / scaleW, indent)) {
			out.push({ kind: 'text', text: line, columns: displayWidth(line), align, scaleW, scaleH, bold });
		}
	};
	for (const line of doc.lines) {
		switch (line.type) {
			case 'text':
				pushText(
					line.text,
					line.align ?? 'left',
					clampScale(line.width, 1),
					clampScale(line.height, 1),
					!!line.bold,
					line.hangingIndent
				);
				break;
			case 'number': {
				const width = Math.max(1, displayWidth(printableText(line.text)));
				const scale = clampScale(Math.min(Math.floor(columns / width), line.maxScale ?? 6), 1);
				pushText(line.text, line.align ?? 'center', scale, scale, true);
				break;
			}
			case 'qr': {
				if (line.data.length === 0) break;
				const modules = qrModuleCount(line.data);
				if (modules === null) {
					// Too long for a QR symbol: printing the text keeps the information on paper.
					pushText(line.data, line.align ?? 'center', 1, 1, false);
					break;
				}
				const fit = Math.floor((columns * DOTS_PER_COLUMN) / modules);
				const wanted = line.moduleSize ?? (columns >= COLUMNS_80MM ? 8 : 6);
				const moduleSize = Math.max(1, Math.min(16, fit, Math.floor(wanted)));
				out.push({ kind: 'qr', data: line.data, align: line.align ?? 'center', moduleSize, modules, ecc: 'M' });
				break;
			}
			case 'rule': {
				const ch = [...printableText(line.char ?? '-')][0] ?? '-';
				out.push({
					kind: 'text',
					text: ch.repeat(Math.floor(columns / charWidth(ch))),
					columns: Math.floor(columns / charWidth(ch)) * charWidth(ch),
					align: 'left',
					scaleW: 1,
					scaleH: 1,
					bold: false
				});
				break;
			}
			case 'feed':
				out.push({ kind: 'feed', lines: Math.max(0, Math.min(255, Math.floor(line.lines))) });
				break;
			case 'cut':
				out.push({ kind: 'cut' });
				break;
		}
	}
	return out;
}
