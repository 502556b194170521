/**
 * Renders a PrintDocument to ESC/POS bytes for a GB18030/GBK thermal printer,
 * and to an SVG preview of the very same laid-out lines.
 */
import iconv from 'iconv-lite';
import type { Align, PrintDocument, Scale } from './document.ts';
import {
	DEFAULT_COLUMNS,
	DOTS_PER_COLUMN,
	charWidth,
	layoutDocument,
	type LaidOutLine,
	type QrErrorCorrection
} from './layout.ts';
import { qrMatrix } from './qr-matrix.ts';

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const LF = 0x0a;

export interface EscPosOptions {
	/** Font A columns: 32 for 58 mm paper (default), 48 for 80 mm. */
	columns?: number;
}

const ALIGN_CODE: Record<Align, number> = { left: 0, center: 1, right: 2 };
const ECC_CODE: Record<QrErrorCorrection, number> = { L: 48, M: 49, Q: 50, H: 51 };

export const cmd = {
	init: (): number[] => [ESC, 0x40],
	/** FS &: without it the printer reads each byte of a GB18030 pair as a Latin character. */
	chineseModeOn: (): number[] => [FS, 0x26],
	align: (align: Align): number[] => [ESC, 0x61, ALIGN_CODE[align]],
	size: (width: Scale, height: Scale): number[] => [GS, 0x21, ((width - 1) << 4) | (height - 1)],
	bold: (on: boolean): number[] => [ESC, 0x45, on ? 1 : 0],
	feed: (lines: number): number[] => [ESC, 0x64, Math.max(0, Math.min(255, Math.floor(lines)))],
	/** GS V 66 n: feed to the cutter (+n motion units) and cut partially, so the slip hangs until taken. */
	partialCutWithFeed: (n = 0): number[] => [GS, 0x56, 66, n & 0xff]
};

/** GS ( k pL pH cn fn …, where pL + 256·pH counts the bytes after pH. */
function qrFunction(fn: number, params: readonly number[]): number[] {
	const length = params.length + 2;
	return [GS, 0x28, 0x6b, length & 0xff, (length >> 8) & 0xff, 49, fn, ...params];
}

/** The standard QR sequence: model 2, module size, error correction, store data (fn 80), print (fn 81). */
export function qrCommands(data: string, moduleSize = 6, ecc: QrErrorCorrection = 'M'): Uint8Array {
	const payload = new TextEncoder().encode(data);
	return Uint8Array.from([
		...qrFunction(65, [50, 0]),
		...qrFunction(67, [Math.max(1, Math.min(16, Math.floor(moduleSize)))]),
		...qrFunction(69, [ECC_CODE[ecc]]),
		...qrFunction(80, [48, ...payload]),
		...qrFunction(81, [48])
	]);
}

export function encodeText(printable: string): Uint8Array {
	return new Uint8Array(iconv.encode(printable, 'gb18030'));
}

export function toEscPos(doc: PrintDocument, opts: EscPosOptions = {}): Uint8Array {
	return escPosOfLines(layoutDocument(doc, { columns: opts.columns }));
}

/** The bytes of lines already laid out (layoutDocument), so a slip and its preview share one layout. */
export function escPosOfLines(lines: readonly LaidOutLine[]): Uint8Array {
	const chunks: (number[] | Uint8Array)[] = [cmd.init(), cmd.chineseModeOn()];
	// State right after ESC @; commands are only sent when something changes.
	let align: Align = 'left';
	let size = 0;
	let bold = false;
	const setAlign = (a: Align): void => {
		if (a !== align) chunks.push(cmd.align(a));
		align = a;
	};
	for (const line of lines) {
		switch (line.kind) {
			case 'text': {
				setAlign(line.align);
				const nextSize = ((line.scaleW - 1) << 4) | (line.scaleH - 1);
				if (nextSize !== size) chunks.push(cmd.size(line.scaleW, line.scaleH));
				size = nextSize;
				if (line.bold !== bold) chunks.push(cmd.bold(line.bold));
				bold = line.bold;
				chunks.push(encodeText(line.text), [LF]);
				break;
			}
			case 'qr':
				setAlign(line.align);
				chunks.push(qrCommands(line.data, line.moduleSize, line.ecc));
				break;
			case 'feed':
				if (line.lines > 0) chunks.push(cmd.feed(line.lines));
				break;
			case 'cut':
				chunks.push(cmd.partialCutWithFeed(0));
				break;
		}
	}
	let total = 0;
	for (const c of chunks) total += c.length;
	const out = new Uint8Array(total);
	let offset = 0;
	for (const c of chunks) {
		out.set(c, offset);
		offset += c.length;
	}
	return out;
}

// ------------------------------------------------------------------ preview

export interface PreviewOptions extends EscPosOptions {
	/** Blank dots left and right of the printable area, for the look of paper. */
	margin?: number;
}

const CHAR_HEIGHT = 24;
// ESC 2 default line spacing is about 30 dots: 24-dot glyphs plus 6 dots of gap.
const LINE_GAP = 6;
const FONT_FAMILY = "'Noto Sans Mono CJK SC','Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',monospace";

function escapeXml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function alignedX(align: Align, contentWidth: number, paperWidth: number): number {
	if (align === 'center') return Math.floor((paperWidth - contentWidth) / 2);
	if (align === 'right') return paperWidth - contentWidth;
	return 0;
}

/** Splits into runs of half-width and full-width characters, each drawn with an exact textLength. */
function widthRuns(s: string): { text: string; columns: number }[] {
	const runs: { text: string; columns: number; w: number }[] = [];
	for (const ch of s) {
		const w = charWidth(ch);
		const last = runs[runs.length - 1];
		if (last && last.w === w) {
			last.text += ch;
			last.columns += w;
		} else runs.push({ text: ch, columns: w, w });
	}
	return runs;
}

function qrPath(data: string, moduleSize: number, x0: number, y0: number): string {
	// The same modules as QRCode.create(…, { errorCorrectionLevel: 'M' }), its mask chosen faster (qr-matrix.ts).
	const { size, dark } = qrMatrix(data);
	let d = '';
	for (let row = 0; row < size; row++) {
		let col = 0;
		while (col < size) {
			if (!dark[row * size + col]) {
				col++;
				continue;
			}
			const start = col;
			while (col < size && dark[row * size + col]) col++;
			d += `M${x0 + start * moduleSize} ${y0 + row * moduleSize}h${(col - start) * moduleSize}v${moduleSize}h${-(col - start) * moduleSize}z`;
		}
	}
	return d;
}

/** One SVG image of the slip, in printer dots (1 unit = 1 dot), from the same layout as toEscPos. */
export function toPreviewSvg(doc: PrintDocument, opts: PreviewOptions = {}): string {
	const columns = opts.columns ?? DEFAULT_COLUMNS;
	return svgOfLines(layoutDocument(doc, { columns }), doc.title, opts);
}

/** The preview of lines already laid out for `opts.columns` (layoutDocument with the same columns). */
export function svgOfLines(lines: readonly LaidOutLine[], title: string, opts: PreviewOptions = {}): string {
	const columns = opts.columns ?? DEFAULT_COLUMNS;
	const paper = Math.max(8, Math.floor(columns)) * DOTS_PER_COLUMN;
	const margin = opts.margin ?? 16;
	const body: string[] = [];
	let y = margin;
	for (const line of lines) {
		switch (line.kind) {
			case 'text': {
				const height = CHAR_HEIGHT * line.scaleH;
				const colWidth = DOTS_PER_COLUMN * line.scaleW;
				let x = margin + alignedX(line.align, line.columns * colWidth, paper);
				const baseline = y + Math.round(height * 0.86);
				for (const run of widthRuns(line.text)) {
					if (run.text.trim() !== '') {
						body.push(
							`<text x="${x}" y="${baseline}" font-size="${height}" textLength="${run.columns * colWidth}" lengthAdjust="spacingAndGlyphs"${line.bold ? ' font-weight="700"' : ''} xml:space="preserve">${escapeXml(run.text)}</text>`
						);
					}
					x += run.columns * colWidth;
				}
				y += height + LINE_GAP;
				break;
			}
			case 'qr': {
				const side = line.modules * line.moduleSize;
				const x = margin + alignedX(line.align, side, paper);
				body.push(
					`<path d="${qrPath(line.data, line.moduleSize, x, y)}" fill="#000" data-qr="${escapeXml(line.data)}"/>`
				);
				y += side + LINE_GAP;
				break;
			}
			case 'feed':
				y += line.lines * (CHAR_HEIGHT + LINE_GAP);
				break;
			case 'cut':
				y += LINE_GAP;
				body.push(
					`<line x1="0" y1="${y}" x2="${paper + 2 * margin}" y2="${y}" stroke="#999" stroke-width="2" stroke-dasharray="8 6" data-cut="partial"/>`
				);
				y += LINE_GAP;
				break;
		}
	}
	const width = paper + 2 * margin;
	const height = y + margin;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
		`<title>${escapeXml(title)}</title>`,
		`<rect width="${width}" height="${height}" fill="#fff"/>`,
		`<g fill="#000" font-family="${escapeXml(FONT_FAMILY)}">`,
		...body,
		'</g>',
		'</svg>'
	].join('\n');
}

// ------------------------------------------------------------------ both at once

export interface RenderedSlip {
	bytes: Uint8Array;
	/** The preview image; null unless asked for. */
	svg: string | null;
}

/** A slip's bytes and, for a printer that keeps pictures, its preview: laid out once for both. */
export function renderSlip(doc: PrintDocument, opts: { columns?: number; svg?: boolean } = {}): RenderedSlip {
	const columns = opts.columns ?? DEFAULT_COLUMNS;
	const lines = layoutDocument(doc, { columns });
	return { bytes: escPosOfLines(lines), svg: opts.svg ? svgOfLines(lines, doc.title, { columns }) : null };
}
