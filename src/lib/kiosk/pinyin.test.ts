import { describe, expect, it } from 'vitest';
import chinese from 'simple-keyboard-layouts/build/layouts/chinese.js';
import { applyCandidate, applyKey, candidatesFor } from './pinyin.ts';

const table = { dang: '当 党 档', an: '安 按', a: '阿 啊', yuan: '元 员' };

describe('candidatesFor', () => {
	it('offers the characters of the longest pinyin ending the text', () => {
		expect(candidatesFor('dang', table)).toEqual({ pinyin: 'dang', candidates: ['当', '党', '档'] });
		expect(candidatesFor('党员dang', table)).toEqual({ pinyin: 'dang', candidates: ['当', '党', '档'] });
		expect(candidatesFor('Dang', table)?.pinyin).toBe('Dang');
	});

	it('offers nothing after a character, a space or punctuation', () => {
		expect(candidatesFor('党', table)).toBeNull();
		expect(candidatesFor('dang ', table)).toBeNull();
		expect(candidatesFor('dang。', table)).toBeNull();
		expect(candidatesFor('', table)).toBeNull();
		expect(candidatesFor('xyz', table)).toBeNull();
	});

	it('ignores keys inherited from Object.prototype', () => {
		expect(candidatesFor('constructor', {})).toBeNull();
	});

	it('with the Chinese layout of simple-keyboard-layouts, "dang" offers 党', () => {
		const real = (chinese as unknown as { layoutCandidates: Record<string, string> }).layoutCandidates;
		expect(candidatesFor('dang', real)?.candidates).toContain('党');
		expect(candidatesFor('yuan', real)?.candidates).toContain('员');
	});
});

describe('applyCandidate and applyKey', () => {
	it('replaces the pinyin with the chosen character', () => {
		expect(applyCandidate('党员dang', 'dang', '党')).toBe('党员党');
		expect(applyCandidate('Dang', 'Dang', '党')).toBe('党');
	});

	it('types, deletes whole characters, and stops at the field’s limit', () => {
		expect(applyKey('党', 'a', 10, false)).toBe('党a');
		expect(applyKey('党员', '{bksp}', 10, false)).toBe('党');
		expect(applyKey('😀', '{bksp}', 10, false)).toBe('');
		expect(applyKey('ab', '{space}', 10, false)).toBe('ab ');
		expect(applyKey('ab', '{enter}', 10, true)).toBe('ab\n');
		expect(applyKey('ab', '{enter}', 10, false)).toBe('ab');
		expect(applyKey('ab', '{shift}', 10, false)).toBe('ab');
		expect(applyKey('1234', '5', 4, false)).toBe('1234');
	});
});
