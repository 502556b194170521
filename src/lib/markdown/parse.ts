// A small markdown subset of our own for service guides and notices, parsed into a plain
// tree that Markdown.svelte renders with ordinary Svelte elements: no HTML ever reaches the
// page as markup. Raw HTML in the source stays literal text. Two kinds of address survive
// parsing, and only in these forms: images uploaded to the hall (/media/<sha256>.<ext>) and
// http(s) links, which the screens show as text (a kiosk must not navigate away).

export type Inline =
	| { t: 'text'; v: string }
	| { t: 'strong'; c: Inline[] }
	| { t: 'em'; c: Inline[] }
	| { t: 'code'; v: string }
	| { t: 'br' }
	| { t: 'img'; src: string; alt: string }
	| { t: 'link'; c: Inline[]; url: string };

export interface ListItem {
	c: Inline[];
	sub?: ListBlock;
}

export type ListBlock = { t: 'list'; ordered: boolean; start: number; items: ListItem[] };

export type Block =
	| { t: 'h'; level: 1 | 2 | 3; c: Inline[] }
	| { t: 'p'; c: Inline[] }
	| ListBlock
	| { t: 'quote'; c: Block[] }
	| { t: 'hr' }
	| { t: 'table'; head: Inline[][]; rows: Inline[][][] };

/** Images the hall serves itself: the sha256 of the bytes and a raster type (never SVG). */
export const MEDIA_PATH = /^\/media\/[0-9a-f]{64}\.(?:png|jpg|webp|gif)$/;
/** Links shown as text: plain http(s) with no spaces, quotes or angle brackets. */
export const LINK_URL = /^https?:\/\/[^\s"'<>`\\]+$/i;

/** How far a closing marker is looked for: keeps pathological input (`[[[[…`) linear enough. */
const SCAN = 2000;
/** Nesting of emphasis, links and quotes beyond this is left as text. */
const MAX_DEPTH = 6;

// Inline ----------------------------------------------------------------------------------

const ESCAPABLE = '\\`*_{}[]()#+-.!|>~<';

function pushText(out: Inline[], v: string): void {
	if (v === '') return;
	const last = out[out.length - 1];
	if (last && last.t === 'text') last.v += v;
	else out.push({ t: 'text', v });
}

/** `s.indexOf(needle, from)`, looking no further than SCAN characters ahead. */
function near(s: string, needle: string, from: number): number {
	const at = s.slice(from, from + SCAN).indexOf(needle);
	return at < 0 ? -1 : from + at;
}

const isWord = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
const isSpace = (ch: string | undefined) => ch === undefined || /\s/.test(ch);

function starRun(s: string, at: number): number {
	let n = 0;
	while (s[at + n] === '*') n++;
	return n;
}

/**
 * The run of exactly `n` asterisks closing emphasis opened before `from`, within SCAN characters.
 * A single `*` closes only before a space, punctuation or the end, so masked names (张*明) stay text.
 */
function closer(s: string, from: number, n: number): number {
	const end = Math.min(s.length, from + SCAN);
	for (let j = from; j < end; j++) {
		if (s[j] === '\\') {
			j++;
			continue;
		}
		if (s[j] !== '*') continue;
		const run = starRun(s, j);
		if (run === n && !isSpace(s[j - 1]) && (n === 2 || !isWord(s[j + 1]))) return j;
		j += run - 1;
	}
	return -1;
}

/** Index of the `]` closing the `[` at `open`, counting nested brackets; -1 if none near. */
function closingBracket(s: string, open: number): number {
	let depth = 0;
	// Labels and alt texts are short: a smaller window than SCAN.
	const end = Math.min(s.length, open + 500);
	for (let i = open; i < end; i++) {
		const ch = s[i];
		if (ch === '\\') i++;
		else if (ch === '[') depth++;
		else if (ch === ']' && --depth === 0) return i;
	}
	return -1;
}

/** `(dest)` or `(dest "title")` right after a `]` (balanced parentheses inside): the destination and the index after `)`. */
function destination(s: string, at: number): { dest: string; end: number } | null {
	if (s[at] !== '(') return null;
	const end = Math.min(s.length, at + SCAN);
	let depth = 0;
	for (let j = at; j < end; j++) {
		const ch = s[j];
		if (ch === '\\') j++;
		else if (ch === '\n') return null;
		else if (ch === '(') depth++;
		else if (ch === ')' && --depth === 0) {
			const dest = s.slice(at + 1, j).trim().split(/\s+/)[0] ?? '';
			return { dest, end: j + 1 };
		}
	}
	return null;
}

/** Plain text of inline nodes (image alts, link texts). */
function inlineText(nodes: Inline[]): string {
	let out = '';
	for (const n of nodes) {
		if (n.t === 'text' || n.t === 'code') out += n.v;
		else if (n.t === 'br') out += '\n';
		else if (n.t === 'img') out += n.alt;
		else if (n.t === 'link') out += `${inlineText(n.c)} (${n.url})`;
		else out += inlineText(n.c);
	}
	return out;
}

export function parseInline(s: string, depth = 0): Inline[] {
	const out: Inline[] = [];
	let i = 0;
	let text = '';
	const flush = () => {
		pushText(out, text);
		text = '';
	};
	while (i < s.length) {
		const ch = s[i];
		if (ch === '\\' && i + 1 < s.length && ESCAPABLE.includes(s[i + 1])) {
			text += s[i + 1];
			i += 2;
			continue;
		}
		if (ch === '\n') {
			flush();
			out.push({ t: 'br' });
			i++;
			continue;
		}
		if (ch === '`') {
			let run = 1;
			while (s[i + run] === '`') run++;
			const fence = '`'.repeat(run);
			const close = near(s, fence, i + run);
			if (close > 0 && s[close + run] !== '`') {
				flush();
				out.push({ t: 'code', v: s.slice(i + run, close).replace(/\n/g, ' ') });
				i = close + run;
			} else {
				text += fence;
				i += run;
			}
			continue;
		}
		if ((ch === '[' || (ch === '!' && s[i + 1] === '[')) && depth < MAX_DEPTH) {
			const image = ch === '!';
			const open = image ? i + 1 : i;
			const close = closingBracket(s, open);
			const target = close > 0 ? destination(s, close + 1) : null;
			if (target) {
				const label = parseInline(s.slice(open + 1, close), depth + 1);
				flush();
				if (image) {
					const alt = inlineText(label);
					if (MEDIA_PATH.test(target.dest)) out.push({ t: 'img', src: target.dest, alt });
					else pushText(out, alt);
				} else if (LINK_URL.test(target.dest)) {
					out.push({ t: 'link', c: label, url: target.dest });
				} else {
					// Any other address (javascript:, data:, relative paths…) is dropped; the words stay.
					for (const node of label) if (node.t === 'text') pushText(out, node.v);
					else out.push(node);
				}
				i = target.end;
				continue;
			}
			text += image ? '![' : '[';
			i = open + 1;
			continue;
		}
		if (ch === '*') {
			// Runs of three or more (138****1234, 欧**明's longer cousins) are never markup;
			// a single `*` opens only after a space, punctuation or the start (张*明 is a masked name).
			const run = starRun(s, i);
			const opens = depth < MAX_DEPTH && run <= 2 && !isSpace(s[i + run]) && (run === 2 || !isWord(s[i - 1]));
			const close = opens ? closer(s, i + run, run) : -1;
			if (close > 0) {
				flush();
				const c = parseInline(s.slice(i + run, close), depth + 1);
				out.push(run === 2 ? { t: 'strong', c } : { t: 'em', c });
				i = close + run;
				continue;
			}
			text += '*'.repeat(run);
			i += run;
			continue;
		}
		text += ch;
		i++;
	}
	flush();
	return out;
}

// Blocks ----------------------------------------------------------------------------------

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const ITEM = /^( *)([-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
const TABLE_DELIMITER = /^ *\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$/;

function blank(line: string): boolean {
	return line.trim() === '';
}

function startsBlock(line: string): boolean {
	return HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || ITEM.test(line);
}

function cells(line: string, depth: number): Inline[][] {
	let row = line.trim();
	if (row.startsWith('|')) row = row.slice(1);
	if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
	return row.split(/(?<!\\)\|/).map((cell) => parseInline(cell.trim(), depth));
}

function parseList(lines: string[], start: number, depth: number): { block: ListBlock; next: number } {
	const first = ITEM.exec(lines[start]) as RegExpExecArray;
	const indent = first[1].length;
	const ordered = /\d/.test(first[2]);
	const block: ListBlock = { t: 'list', ordered, start: ordered ? Number.parseInt(first[2], 10) : 1, items: [] };
	let text: string[] = [];
	let i = start;
	const finish = () => {
		if (text.length > 0) block.items.push({ c: parseInline(text.join('\n'), depth) });
		text = [];
	};
	while (i < lines.length) {
		const line = lines[i];
		if (blank(line)) {
			// Blank lines inside a list go on only if another item of this list follows.
			let j = i + 1;
			while (j < lines.length && blank(lines[j])) j++;
			const m = j < lines.length ? ITEM.exec(lines[j]) : null;
			if (!m || m[1].length < indent || /\d/.test(m[2]) !== ordered) break;
			i = j;
			continue;
		}
		if (RULE.test(line)) break;
		const m = ITEM.exec(line);
		if (m && m[1].length < indent) break;
		if (m && m[1].length >= indent + 2 && depth < MAX_DEPTH && text.length > 0) {
			// One deeper level: the items indented under the current one.
			finish();
			const sub = parseList(lines, i, depth + 1);
			block.items[block.items.length - 1].sub = sub.block;
			i = sub.next;
			continue;
		}
		if (m && m[1].length <= indent + 1) {
			if (/\d/.test(m[2]) !== ordered) break;
			finish();
			text.push(m[3]);
			i++;
			continue;
		}
		if (m || (!/^\s/.test(line) && startsBlock(line))) break;
		if (text.length === 0 && block.items.length > 0 && !/^\s/.test(line)) break;
		if (text.length === 0) break;
		text.push(line.trim());
		i++;
	}
	finish();
	return { block, next: i };
}

function parseLines(lines: string[], depth: number): Block[] {
	const blocks: Block[] = [];
	let i = 0;
	while (i < lines.length) {
		const line = lines[i];
		if (blank(line)) {
			i++;
			continue;
		}
		const heading = HEADING.exec(line);
		if (heading) {
			const level = Math.min(heading[1].length, 3) as 1 | 2 | 3;
			blocks.push({ t: 'h', level, c: parseInline(heading[2], depth) });
			i++;
			continue;
		}
		if (RULE.test(line)) {
			blocks.push({ t: 'hr' });
			i++;
			continue;
		}
		if (QUOTE.test(line)) {
			const inner: string[] = [];
			let m: RegExpExecArray | null;
			while (i < lines.length && (m = QUOTE.exec(lines[i]))) {
				inner.push(m[1]);
				i++;
			}
			if (depth < MAX_DEPTH) blocks.push({ t: 'quote', c: parseLines(inner, depth + 1) });
			else blocks.push({ t: 'p', c: parseInline(inner.join('\n'), depth) });
			continue;
		}
		if (ITEM.test(line)) {
			const list = parseList(lines, i, depth);
			blocks.push(list.block);
			i = Math.max(list.next, i + 1);
			continue;
		}
		if (line.includes('|') && i + 1 < lines.length && TABLE_DELIMITER.test(lines[i + 1]) && lines[i + 1].includes('-')) {
			const head = cells(line, depth);
			const rows: Inline[][][] = [];
			i += 2;
			while (i < lines.length && !blank(lines[i]) && lines[i].includes('|')) {
				const row = cells(lines[i], depth).slice(0, head.length);
				while (row.length < head.length) row.push([]);
				rows.push(row);
				i++;
			}
			blocks.push({ t: 'table', head, rows });
			continue;
		}
		const para: string[] = [];
		while (i < lines.length && !blank(lines[i]) && (para.length === 0 || !startsBlock(lines[i]))) {
			para.push(lines[i].trim());
			i++;
		}
		blocks.push({ t: 'p', c: parseInline(para.join('\n'), depth) });
	}
	return blocks;
}

/** Parses the subset; never throws, and never yields an address outside MEDIA_PATH / LINK_URL. */
export function parseMarkdown(source: string): Block[] {
	return parseLines(source.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n'), 0);
}

function blockText(block: Block): string {
	switch (block.t) {
		case 'h':
		case 'p':
			return inlineText(block.c);
		case 'hr':
			return '';
		case 'quote':
			return block.c.map(blockText).join('\n');
		case 'table':
			return [block.head, ...block.rows].map((row) => row.map(inlineText).join(' | ')).join('\n');
		case 'list':
			return block.items
				.map((item, n) => {
					const mark = block.ordered ? `${block.start + n}. ` : '• ';
					return mark + inlineText(item.c) + (item.sub ? `\n${blockText(item.sub)}` : '');
				})
				.join('\n');
	}
}

/** The words of a markdown text without its markup: blocks separated by a blank line. */
export function markdownToText(source: string): string {
	return parseMarkdown(source)
		.map(blockText)
		.filter((text) => text.trim() !== '')
		.join('\n\n');
}
