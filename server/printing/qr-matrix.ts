/**
 * The modules of a QR symbol (byte mode, error correction M) exactly as the `qrcode` package
 * builds them, for the preview SVG — at a quarter of its cost. The package picks the mask by
 * building the matrix, then for each of the eight masks applying it, scoring the four penalty
 * rules through a getter call per module, and undoing it: three quarters of a slip's rendering.
 * Here the package builds the symbol once with mask 0, and the eight candidates are scored with
 * the same rules (ISO/IEC 18004 §7.8.3, as the package counts them) in plain array loops; ties go
 * to the lower mask, as there. qr-matrix.test.ts compares the result with the package's own.
 */
import QRCode from 'qrcode';

const G15 = (1 << 10) | (1 << 8) | (1 << 5) | (1 << 4) | (1 << 2) | (1 << 1) | (1 << 0);
const G15_MASK = (1 << 14) | (1 << 12) | (1 << 10) | (1 << 4) | (1 << 1);
/** Error correction M: format bits 00. */
const ECC_M_BIT = 0;

function bchDigit(value: number): number {
	let digits = 0;
	while (value !== 0) {
		digits++;
		value >>>= 1;
	}
	return digits;
}

/** The 15 format bits of (error correction, mask), BCH-coded and masked. */
function formatBits(eccBit: number, mask: number): number {
	const data = (eccBit << 3) | mask;
	let d = data << 10;
	while (bchDigit(d) - bchDigit(G15) >= 0) d ^= G15 << (bchDigit(d) - bchDigit(G15));
	return ((data << 10) | d) ^ G15_MASK;
}

const FORMAT_M = Array.from({ length: 8 }, (_, mask) => formatBits(ECC_M_BIT, mask));

function maskAt(mask: number, i: number, j: number): boolean {
	switch (mask) {
		case 0:
			return (i + j) % 2 === 0;
		case 1:
			return i % 2 === 0;
		case 2:
			return j % 3 === 0;
		case 3:
			return (i + j) % 3 === 0;
		case 4:
			return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
		case 5:
			return ((i * j) % 2) + ((i * j) % 3) === 0;
		case 6:
			return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
		default:
			return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
	}
}

/** The format information cells, where the package writes them, and the fixed dark module. */
function writeFormat(m: Uint8Array, size: number, bits: number): void {
	for (let i = 0; i < 15; i++) {
		const bit = (bits >> i) & 1;
		if (i < 6) m[i * size + 8] = bit;
		else if (i < 8) m[(i + 1) * size + 8] = bit;
		else m[(size - 15 + i) * size + 8] = bit;
		if (i < 8) m[8 * size + (size - i - 1)] = bit;
		else if (i < 9) m[8 * size + (15 - i)] = bit;
		else m[8 * size + (15 - i - 1)] = bit;
	}
	m[(size - 8) * size + 8] = 1;
}

function popcount(x: number): number {
	x -= (x >>> 1) & 0x55555555;
	x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
	x = (x + (x >>> 4)) & 0x0f0f0f0f;
	return Math.imul(x, 0x01010101) >>> 24;
}

/** N1 + N3 of one line of bits: runs of five or more alike (3 + the excess each), and 1:1:3:1:1 patterns beside four light modules (40 each). */
function lineScore(x: number, size: number, width: number): number {
	// Bit k: modules k and k + 1 alike; f4 bit k: modules k … k + 4 alike. A run of L ≥ 5 sets L − 4 bits of f4,
	// in a block of its own, and scores L − 2 = (L − 4) + 2.
	const alike = ~(x ^ (x >>> 1)) & (width >>> 1);
	const f4 = alike & (alike >>> 1) & (alike >>> 2) & (alike >>> 3);
	const n1 = popcount(f4) + 2 * popcount(f4 & ~(f4 >>> 1));
	let n3 = 0;
	for (let shift = 0; shift + 11 <= size; shift++) {
		const window = (x >>> shift) & 0x7ff;
		if (window === 0x5d0 || window === 0x05d) n3++;
	}
	return n1 + n3 * 40;
}

/** The same score as penalty(), with each row and column of a symbol of at most 32 modules as one 32-bit number. */
function penaltyInBits(m: Uint8Array, size: number, rows: Uint32Array, cols: Uint32Array): number {
	rows.fill(0);
	cols.fill(0);
	for (let row = 0; row < size; row++) {
		let r = 0;
		for (let col = 0; col < size; col++) {
			const bit = m[row * size + col];
			r = (r << 1) | bit;
			cols[col] = (cols[col] << 1) | bit;
		}
		rows[row] = r;
	}
	const width = size === 32 ? 0xffffffff : (1 << size) - 1;
	let lines = 0;
	let n2 = 0;
	let dark = 0;
	for (let i = 0; i < size; i++) {
		const a = rows[i];
		lines += lineScore(a, size, width) + lineScore(cols[i], size, width);
		dark += popcount(a);
		if (i + 1 < size) {
			const b = rows[i + 1];
			n2 += popcount(~(a ^ b) & ~(a ^ (a >>> 1)) & ~(b ^ (b >>> 1)) & (width >>> 1));
		}
	}
	const k = Math.abs(Math.ceil((dark * 100) / m.length / 5) - 10);
	return lines + n2 * 3 + k * 10;
}

function penalty(m: Uint8Array, size: number): number {
	let n1 = 0;
	let n3 = 0;
	for (let a = 0; a < size; a++) {
		let runRow = 0;
		let runCol = 0;
		let lastRow = -1;
		let lastCol = -1;
		let bitsRow = 0;
		let bitsCol = 0;
		for (let b = 0; b < size; b++) {
			// Along row a (the package's "col" counters) and down column a (its "row" counters).
			const along = m[a * size + b];
			const down = m[b * size + a];
			if (along === lastRow) runRow++;
			else {
				if (runRow >= 5) n1 += 3 + (runRow - 5);
				lastRow = along;
				runRow = 1;
			}
			if (down === lastCol) runCol++;
			else {
				if (runCol >= 5) n1 += 3 + (runCol - 5);
				lastCol = down;
				runCol = 1;
			}
			bitsRow = ((bitsRow << 1) & 0x7ff) | along;
			if (b >= 10 && (bitsRow === 0x5d0 || bitsRow === 0x05d)) n3++;
			bitsCol = ((bitsCol << 1) & 0x7ff) | down;
			if (b >= 10 && (bitsCol === 0x5d0 || bitsCol === 0x05d)) n3++;
		}
		if (runRow >= 5) n1 += 3 + (runRow - 5);
		if (runCol >= 5) n1 += 3 + (runCol - 5);
	}
	let n2 = 0;
	for (let row = 0; row < size - 1; row++) {
		for (let col = 0; col < size - 1; col++) {
			const i = row * size + col;
			const sum = m[i] + m[i + 1] + m[i + size] + m[i + size + 1];
			if (sum === 4 || sum === 0) n2++;
		}
	}
	let dark = 0;
	for (let i = 0; i < m.length; i++) dark += m[i];
	const k = Math.abs(Math.ceil((dark * 100) / m.length / 5) - 10);
	return n1 + n2 * 3 + n3 * 40 + k * 10;
}

/**
 * For each mask, which modules it flips: the same for every symbol of a size (the function
 * patterns and the format and version areas depend on the version only), so made once per size.
 */
const flipsBySize = new Map<number, Uint8Array[]>();

function flipsOf(size: number, reserved: Uint8Array): Uint8Array[] {
	const known = flipsBySize.get(size);
	if (known) return known;
	const flips: Uint8Array[] = [];
	for (let mask = 0; mask < 8; mask++) {
		const flip = new Uint8Array(size * size);
		for (let row = 0; row < size; row++) {
			for (let col = 0; col < size; col++) {
				const i = row * size + col;
				if (!reserved[i] && maskAt(mask, row, col)) flip[i] = 1;
			}
		}
		flips.push(flip);
	}
	flipsBySize.set(size, flips);
	return flips;
}

export interface QrMatrix {
	size: number;
	/** Row by row, 1 for a dark module. */
	dark: Uint8Array;
}

/** The symbol `QRCode.create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: 'M' })` builds, as modules. */
export function qrMatrix(data: string): QrMatrix {
	const symbol = QRCode.create([{ data: new TextEncoder().encode(data), mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: 0 });
	const size: number = symbol.modules.size;
	const reserved: Uint8Array = symbol.modules.reservedBit;
	const flips = flipsOf(size, reserved);
	// The data modules before masking.
	const plain = Uint8Array.from(symbol.modules.data as Uint8Array);
	for (let i = 0; i < plain.length; i++) plain[i] ^= flips[0][i];
	const candidate = new Uint8Array(size * size);
	const build = (mask: number): Uint8Array => {
		const flip = flips[mask];
		for (let i = 0; i < plain.length; i++) candidate[i] = plain[i] ^ flip[i];
		writeFormat(candidate, size, FORMAT_M[mask]);
		return candidate;
	};
	const rows = new Uint32Array(size);
	const cols = new Uint32Array(size);
	let best = 0;
	let lowest = Infinity;
	for (let mask = 0; mask < 8; mask++) {
		const score = size <= 32 ? penaltyInBits(build(mask), size, rows, cols) : penalty(build(mask), size);
		if (score < lowest) {
			lowest = score;
			best = mask;
		}
	}
	return { size, dark: Uint8Array.from(build(best)) };
}
