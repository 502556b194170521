import { describe, expect, it } from 'vitest';
import { formatReference, referenceDigits, referencePrefix } from './reference.ts';

describe('the reference keypad', () => {
	it('puts the dashes in as the resident types', () => {
		const steps = ['TS', 'TS2', 'TS20261206', 'TS202612060', 'TS20261206001'];
		expect(steps.map(formatReference)).toEqual(['TS', 'TS-2', 'TS-20261206', 'TS-20261206-0', 'TS-20261206-001']);
	});

	it('reads what a USB keyboard or a scanner types: lower case, full-width, spaces, dashes of any kind', () => {
		expect(formatReference('ts 20261206 001')).toBe('TS-20261206-001');
		expect(formatReference('ＹＹ－２０２６１２０６－００２')).toBe('YY-20261206-002');
		expect(formatReference('TS—20261206—001')).toBe('TS-20261206-001');
	});

	it('takes the number out of the receipt QR\'s link, as a keyboard-wedge scanner types it', () => {
		expect(formatReference('http://192.168.1.20:3000/r/TS-20261206-001')).toBe('TS-20261206-001');
		expect(formatReference('https://dangqun.example.cn/r/YY-20261206-012')).toBe('YY-20261206-012');
	});

	it('keeps digits without letters, and stops at the longest number a hall can give', () => {
		expect(formatReference('2026120600')).toBe('20261206-00');
		expect(referencePrefix('2026')).toBeNull();
		expect(referenceDigits(formatReference('TS2026120600112345'))).toHaveLength(14);
	});
});
