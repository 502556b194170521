import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth, printableText, wrapText } from './layout.ts';

describe('printableText', () => {
	it('removes control characters that a printer would execute as commands', () => {
		expect(printableText('A\x1b@B\x10\x04\x01C\x1dV\x00D\x7fE\x85F')).toBe('A@BCVDEF');
	});

	it('turns tabs into spaces and drops zero-width characters', () => {
		expect(printableText('a\tb\u200bc\ufeff')).toBe('a bc');
	});

	it('keeps GBK characters and replaces those GB18030 only reaches with 4 bytes', () => {
		expect(printableText('党群·服务—中心：é')).toBe('党群·服务—中心：é');
		expect(printableText('𠮷😀\u20bf')).toBe('???');
	});

	it('prints list bullets and dashes outside GBK as their GBK look-alikes', () => {
		expect(printableText('• 省内转接 ・ 跨省−转接')).toBe('· 省内转接 · 跨省-转接');
	});
});

describe('displayWidth', () => {
	it('counts CJK and every other double-byte character as two columns', () => {
		expect(displayWidth('A012')).toBe(4);
		expect(displayWidth('党群')).toBe(4);
		expect(displayWidth('前面还有 3 人')).toBe(13);
		expect(displayWidth('：·')).toBe(4);
	});
});

describe('wrapText', () => {
	it('breaks Chinese text at the paper width counting 2 columns per character', () => {
		const lines = wrapText('党组织关系转接证明材料及其他相关的一些说明文字', 32);
		expect(lines).toEqual(['党组织关系转接证明材料及其他相关', '的一些说明文字']);
		expect(lines.every((l) => displayWidth(l) <= 32)).toBe(true);
	});

	it('fills a line exactly when mixed widths allow it', () => {
		expect(displayWidth('党群服务中心电话：0571-123456789')).toBe(32);
		expect(wrapText('党群服务中心电话：0571-123456789', 32)).toEqual(['党群服务中心电话：0571-123456789']);
		expect(wrapText('党群服务中心电话：0571-1234567890', 32)).toEqual(['党群服务中心电话：', '0571-1234567890']);
	});

	it('moves whole Latin words to the next line', () => {
		expect(wrapText('Take a new number or ask the staff', 12)).toEqual(['Take a new', 'number or', 'ask the', 'staff']);
	});

	it('breaks a word longer than the line', () => {
		expect(wrapText('https://hall.example.cn/t/x', 10)).toEqual(['https://ha', 'll.example', '.cn/t/x']);
	});

	it('keeps closing punctuation off the start of a line', () => {
		const lines = wrapText('一二三四五六七八九十一二三四五六，后面', 32);
		expect(lines[1].startsWith('，')).toBe(false);
		expect(lines).toEqual(['一二三四五六七八九十一二三四五', '六，后面']);
	});

	it('indents continuation lines under a numbered item', () => {
		expect(wrapText('3. 组织关系转接证明材料及其他相关的说明文字', 32, 3)).toEqual([
			'3. 组织关系转接证明材料及其他相',
			'   关的说明文字'
		]);
	});

	it('keeps explicit line breaks', () => {
		expect(wrapText('甲\n\n乙', 32)).toEqual(['甲', '', '乙']);
	});

	it('never exceeds the width and never loses a printable non-space character', () => {
		const char = fc.constantFrom(...'党群服务中心，。 abcXYZ0123-:：（）'.split(''));
		fc.assert(
			fc.property(fc.array(char, { maxLength: 120 }), fc.integer({ min: 2, max: 48 }), fc.nat(6), (chars, width, indent) => {
				const input = chars.join('');
				const lines = wrapText(input, width, indent);
				for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
				expect(lines.join('').replace(/ /g, '')).toBe(input.replace(/ /g, ''));
			})
		);
	});
});
