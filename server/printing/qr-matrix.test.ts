import fc from 'fast-check';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrMatrix } from './qr-matrix.ts';

/** The package's own symbol, mask chosen by its own scoring. */
function packageSymbol(data: string) {
	return QRCode.create([{ data: new TextEncoder().encode(data), mode: 'byte' }], { errorCorrectionLevel: 'M' });
}

function sameAsPackage(data: string): { same: boolean; mask: number } {
	const expected = packageSymbol(data);
	const ours = qrMatrix(data);
	return { same: ours.size === expected.modules.size && Buffer.from(ours.dark).equals(Buffer.from(expected.modules.data)), mask: expected.maskPattern ?? -1 };
}

describe('qrMatrix', () => {
	it('gives the modules the qrcode package gives, for status and receipt links, whichever mask wins', () => {
		const masks = new Set<number>();
		for (let i = 0; i < 600; i++) {
			const link = i % 2 === 0 ? `http://192.168.${i % 250}.10:3000/t/${(i * 7919).toString(36)}-${i}` : `https://hall.example.cn/r/TS-2026${String(i).padStart(4, '0')}`;
			const { same, mask } = sameAsPackage(link);
			expect(same, link).toBe(true);
			masks.add(mask);
		}
		// Every one of the eight masks won somewhere: each candidate's scoring was compared.
		expect([...masks].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
	});

	it('gives the modules the qrcode package gives for any text of up to 200 characters', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 1, maxLength: 200 }), (text) => sameAsPackage(text).same),
			{ numRuns: 300 }
		);
	});
});
