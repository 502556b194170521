/**
 * A small ESC/POS decoder for tests: bytes → a list of operations. Text is
 * decoded from GB18030. Anything it does not understand becomes an 'unknown'
 * op with its offset and bytes, so a test can assert that nothing was skipped.
 */
import iconv from 'iconv-lite';

export type DecodedAlign = 'left' | 'center' | 'right';
export interface DecodedStyle {
	align: DecodedAlign;
	bold: boolean;
	width: number;
	height: number;
}
export type QrEcc = 'L' | 'M' | 'Q' | 'H';

export type EscPosOp = { offset: number } & (
	| { type: 'init' }
	| { type: 'chinese-mode'; on: boolean }
	| { type: 'text'; text: string; style: DecodedStyle; chineseMode: boolean; invalid: boolean }
	| { type: 'lf' }
	| { type: 'feed'; lines: number }
	| { type: 'align'; align: DecodedAlign }
	| { type: 'size'; width: number; height: number }
	| { type: 'bold'; on: boolean }
	| { type: 'qr-model'; model: number }
	| { type: 'qr-module-size'; size: number }
	| { type: 'qr-ecc'; level: QrEcc }
	/** Function 180 (fn 80): `length` is pL + 256·pH, which must equal data bytes + 3. */
	| { type: 'qr-store'; data: string; dataBytes: number; pL: number; pH: number; length: number }
	/** Function 181 (fn 81): prints what was stored, with the settings then in force. */
	| { type: 'qr'; data: string; model: number; moduleSize: number; ecc: QrEcc }
	| { type: 'cut'; partial: boolean; feed: number | null }
	| { type: 'status-request'; n: number }
	| { type: 'unknown'; bytes: number[]; reason: string }
);

const ALIGNS: Record<number, DecodedAlign> = { 0: 'left', 1: 'center', 2: 'right', 48: 'left', 49: 'center', 50: 'right' };
const ECC: Record<number, QrEcc> = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' };

export function decodeEscPos(input: Uint8Array): EscPosOp[] {
	const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
	const ops: EscPosOp[] = [];
	const initialStyle = (): DecodedStyle => ({ align: 'left', bold: false, width: 1, height: 1 });
	let style = initialStyle();
	let chineseMode = false;
	const qr = { model: 2, moduleSize: 3, ecc: 'L' as QrEcc, data: null as string | null };
	let i = 0;

	const unknown = (offset: number, length: number, reason: string): void => {
		ops.push({ type: 'unknown', offset, bytes: [...bytes.subarray(offset, Math.min(bytes.length, offset + length))], reason });
	};
	const need = (count: number): boolean => i + count <= bytes.length;

	while (i < bytes.length) {
		const at = i;
		const b = bytes[i];

		if (b >= 0x20 && b !== 0x7f) {
			while (i < bytes.length && bytes[i] >= 0x20 && bytes[i] !== 0x7f) i++;
			const text = iconv.decode(bytes.subarray(at, i), 'gb18030');
			ops.push({ type: 'text', offset: at, text, style: { ...style }, chineseMode, invalid: text.includes('\ufffd') });
			continue;
		}
		if (b === 0x0a) {
			ops.push({ type: 'lf', offset: at });
			i++;
			continue;
		}
		if (b === 0x1b) {
			if (!need(2)) {
				unknown(at, 2, 'truncated ESC command');
				break;
			}
			const c = bytes[i + 1];
			if (c === 0x40) {
				ops.push({ type: 'init', offset: at });
				style = initialStyle();
				chineseMode = false;
				i += 2;
				continue;
			}
			if (c === 0x61 || c === 0x45 || c === 0x64) {
				if (!need(3)) {
					unknown(at, 3, 'truncated ESC command');
					break;
				}
				const n = bytes[i + 2];
				i += 3;
				if (c === 0x61) {
					const align = ALIGNS[n];
					if (align === undefined) unknown(at, 3, `ESC a with n=${n}`);
					else {
						style.align = align;
						ops.push({ type: 'align', offset: at, align });
					}
				} else if (c === 0x45) {
					style.bold = (n & 1) === 1;
					ops.push({ type: 'bold', offset: at, on: style.bold });
				} else {
					ops.push({ type: 'feed', offset: at, lines: n });
				}
				continue;
			}
			unknown(at, 2, `ESC 0x${c.toString(16)}`);
			i += 2;
			continue;
		}
		if (b === 0x1c) {
			if (!need(2)) {
				unknown(at, 2, 'truncated FS command');
				break;
			}
			const c = bytes[i + 1];
			i += 2;
			if (c === 0x26 || c === 0x2e) {
				chineseMode = c === 0x26;
				ops.push({ type: 'chinese-mode', offset: at, on: chineseMode });
			} else unknown(at, 2, `FS 0x${c.toString(16)}`);
			continue;
		}
		if (b === 0x10) {
			if (need(3) && bytes[i + 1] === 0x04 && bytes[i + 2] >= 1 && bytes[i + 2] <= 4) {
				ops.push({ type: 'status-request', offset: at, n: bytes[i + 2] });
				i += 3;
				continue;
			}
			unknown(at, need(3) ? 3 : bytes.length - at, need(3) ? 'DLE command' : 'truncated DLE command');
			i += need(3) ? 3 : bytes.length - at;
			continue;
		}
		if (b === 0x1d) {
			if (!need(2)) {
				unknown(at, 2, 'truncated GS command');
				break;
			}
			const c = bytes[i + 1];
			if (c === 0x21) {
				if (!need(3)) {
					unknown(at, 3, 'truncated GS !');
					break;
				}
				const n = bytes[i + 2];
				style.width = (n >> 4) + 1;
				style.height = (n & 0x0f) + 1;
				ops.push({ type: 'size', offset: at, width: style.width, height: style.height });
				i += 3;
				continue;
			}
			if (c === 0x56) {
				if (!need(3)) {
					unknown(at, 3, 'truncated GS V');
					break;
				}
				const m = bytes[i + 2];
				if (m === 0 || m === 48 || m === 1 || m === 49) {
					ops.push({ type: 'cut', offset: at, partial: m === 1 || m === 49, feed: null });
					i += 3;
				} else if (m === 65 || m === 66) {
					if (!need(4)) {
						unknown(at, 4, 'truncated GS V');
						break;
					}
					ops.push({ type: 'cut', offset: at, partial: m === 66, feed: bytes[i + 3] });
					i += 4;
				} else {
					unknown(at, 3, `GS V with m=${m}`);
					i += 3;
				}
				continue;
			}
			if (c === 0x28) {
				if (!need(5)) {
					unknown(at, bytes.length - at, 'truncated GS ( command');
					break;
				}
				const pL = bytes[i + 3];
				const pH = bytes[i + 4];
				const length = pL + pH * 256;
				if (!need(5 + length)) {
					unknown(at, bytes.length - at, `GS ( with pL pH = ${length} but only ${bytes.length - at - 5} bytes follow`);
					break;
				}
				const params = bytes.subarray(i + 5, i + 5 + length);
				i += 5 + length;
				if (bytes[at + 2] !== 0x6b || params[0] !== 49) {
					unknown(at, 5 + length, `GS ( 0x${bytes[at + 2].toString(16)} cn=${params[0]}`);
					continue;
				}
				const fn = params[1];
				if (fn === 65 && length === 4) {
					qr.model = params[2] - 48;
					ops.push({ type: 'qr-model', offset: at, model: qr.model });
				} else if (fn === 67 && length === 3) {
					qr.moduleSize = params[2];
					ops.push({ type: 'qr-module-size', offset: at, size: qr.moduleSize });
				} else if (fn === 69 && length === 3 && ECC[params[2]]) {
					qr.ecc = ECC[params[2]];
					ops.push({ type: 'qr-ecc', offset: at, level: qr.ecc });
				} else if (fn === 80 && length >= 3 && params[2] === 48) {
					const data = new TextDecoder().decode(params.subarray(3));
					qr.data = data;
					ops.push({ type: 'qr-store', offset: at, data, dataBytes: length - 3, pL, pH, length });
				} else if (fn === 81 && length === 3 && params[2] === 48) {
					if (qr.data === null) unknown(at, 5 + length, 'QR print with no stored data');
					else ops.push({ type: 'qr', offset: at, data: qr.data, model: qr.model, moduleSize: qr.moduleSize, ecc: qr.ecc });
				} else {
					unknown(at, 5 + length, `GS ( k QR fn=${fn}`);
				}
				continue;
			}
			unknown(at, 2, `GS 0x${c.toString(16)}`);
			i += 2;
			continue;
		}
		unknown(at, 1, `control byte 0x${b.toString(16).padStart(2, '0')}`);
		i++;
	}
	return ops;
}

/** The printed text as lines: text ops joined, a newline for each LF and fed line. */
export function decodedText(ops: readonly EscPosOp[]): string {
	let out = '';
	for (const op of ops) {
		if (op.type === 'text') out += op.text;
		else if (op.type === 'lf') out += '\n';
		else if (op.type === 'feed') out += '\n'.repeat(op.lines);
	}
	return out;
}

export function unknownOps(ops: readonly EscPosOp[]): Extract<EscPosOp, { type: 'unknown' }>[] {
	return ops.filter((op): op is Extract<EscPosOp, { type: 'unknown' }> => op.type === 'unknown');
}
