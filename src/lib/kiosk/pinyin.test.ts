import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	applyKey,
	backspace,
	choose,
	commitBest,
	EMPTY_COMPOSITION,
	insertText,
	isComposing,
	lettersAsTyped,
	lookup,
	MAX_PINYIN,
	pageCandidates,
	parseLexicon,
	parseLexiconInSlices,
	syllablesOf,
	typeLetter,
	type Candidate,
	type Composition
} from './pinyin.ts';

// The real lexicon the kiosk ships (static/lexicon/), not a made-up one: the examples below are
// what a resident types, and they must come out right with the data that is deployed.
const LEXICON_PATH = fileURLToPath(new URL('../../../static/lexicon/pinyin-v1.txt', import.meta.url));
const lexicon = parseLexicon(readFileSync(LEXICON_PATH, 'utf8'));

const texts = (pinyin: string, first = 200) => lookup(lexicon, pinyin).slice(0, first).map((c) => c.text);

/** Types `letters` into a fresh composition. */
function spell(letters: string): Composition {
	return [...letters].reduce(typeLetter, EMPTY_COMPOSITION);
}

describe('the shipped lexicon', () => {
	it('reads the same in slices, giving the page back between them', async () => {
		let clock = 0;
		let pauses = 0;
		// A clock that moves 1 ms per look: 8 looks make a slice, so a slice holds a few batches of lines.
		const sliced = await parseLexiconInSlices(readFileSync(LEXICON_PATH, 'utf8'), async () => void pauses++, 8, () => clock++);
		expect(pauses).toBeGreaterThan(10);
		expect([...sliced.syllables].sort()).toEqual([...lexicon.syllables].sort());
		expect([...sliced.prefixes].sort()).toEqual([...lexicon.prefixes].sort());
		for (const pinyin of ['xian', 'sfz', 'dangqunfuwuzhongxin', 'bushushi', 'zhangs']) expect(lookup(sliced, pinyin)).toEqual(lookup(lexicon, pinyin));
	});

	it('is compact, says where its data comes from, and has every common syllable', () => {
		expect(statSync(LEXICON_PATH).size).toBeLessThan(1.2 * 1024 * 1024);
		expect(readFileSync(LEXICON_PATH, 'utf8')).toMatch(/^# .*\n# Data: rime-pinyin-simp .*Apache-2\.0/);
		for (const syllable of ['a', 'zhuang', 'lv', 'nue', 'er', 'qiong']) expect(lexicon.syllables).toContain(syllable);
		// The interjections n/ng/m would split real syllables (da|ng): they are left out.
		for (const dropped of ['n', 'ng', 'm', 'hm']) expect(lexicon.syllables).not.toContain(dropped);
	});
});

describe('lookup: phrases from whole pinyin', () => {
	it('the examples of the assignment come out at or near the top', () => {
		expect(texts('bushushi', 3)).toContain('不舒适');
		expect(texts('bushushi', 3).some((t) => t.startsWith('部署'))).toBe(true);
		expect(texts('zhengzhi')[0]).toBe('政治');
		expect(texts('shenfenzheng')[0]).toBe('身份证');
		expect(texts('dangqunfuwuzhongxin', 2)).toContain('党群服务中心');
		expect(texts('zhangsan', 5)).toContain('张三');
	});

	it('composes a sentence the lexicon has no entry for, word by word', () => {
		expect(texts('woyaotousu')[0]).toBe('我要投诉');
		expect(texts('fuwutaiduhenhao')[0]).toBe('服务态度很好');
	});

	it('the best whole-input phrase first, then shorter words, then single characters by frequency', () => {
		const found = lookup(lexicon, 'bushushi');
		const n = 'bushushi'.length;
		const firstShorter = found.findIndex((c) => c.length < n);
		expect(firstShorter).toBeGreaterThan(0);
		// Everything before the first shorter candidate covers the whole input, cheapest first.
		expect(found.slice(0, firstShorter).every((c) => c.length === n)).toBe(true);
		const whole = found.slice(0, firstShorter).map((c) => c.cost);
		expect(whole).toEqual([...whole].sort((a, b) => a - b));
		// Then words of several characters, longest reading first; then single characters by cost.
		const rest = found.slice(firstShorter);
		const firstSingle = rest.findIndex((c) => [...c.text].length === 1);
		expect(rest.slice(0, firstSingle).map((c) => c.text)).toContain('部署');
		expect(rest.slice(firstSingle).every((c) => [...c.text].length === 1)).toBe(true);
		const singles = rest.slice(firstSingle).map((c) => c.cost);
		expect(singles).toEqual([...singles].sort((a, b) => a - b));
		expect(rest[firstSingle].text).toBe('不');
	});

	it('reads ambiguous letters every way: xian is 先 and 西安; a separator forces xi|an', () => {
		expect(texts('xian', 8)).toEqual(expect.arrayContaining(['先', '西安']));
		expect(texts("xi'an")[0]).toBe('西安');
		expect(texts("xi'an")).not.toContain('先');
		expect(syllablesOf(lexicon, 'xian')).toEqual(['xian']);
		expect(syllablesOf(lexicon, "xi'an")).toEqual(['xi', 'an']);
		expect(syllablesOf(lexicon, 'bushushi')).toEqual(['bu', 'shu', 'shi']);
	});

	it('takes initials for whole syllables when the letters are not pinyin (bshf, dqfwzx)', () => {
		expect(texts('bshf', 3)).toContain('不舒服');
		expect(texts('dqfwzx')[0]).toBe('党群服务中心');
		expect(texts('sfz', 3)).toContain('身份证');
		expect(syllablesOf(lexicon, 'bsh')).toEqual(['b', 'sh']);
	});

	it('does not read initials into full pinyin: zhengzhi is zheng|zhi, not zhen|g…', () => {
		const found = lookup(lexicon, 'zhengzhi');
		expect(found.map((c) => c.text)).not.toContain('珍贵');
		// Nor first syllables that leave unreadable letters (dan|gqun…).
		expect(texts('dangqunfuwuzhongxin')).not.toContain('但');
	});

	it('offers words for an unfinished last syllable while typing', () => {
		expect(texts('zhengz', 3)).toContain('政治');
		expect(texts('shenfenzh', 3)).toContain('身份证');
		expect(texts('zh', 20)).toContain('中');
	});

	it('ü is typed v: lv, nv', () => {
		expect(texts('lvse')[0]).toBe('绿色');
		expect(texts('nv', 5)).toContain('女');
	});

	it('lists simplified characters before traditional ones', () => {
		const dang = texts('dang');
		expect(dang.indexOf('党')).toBeLessThan(dang.indexOf('黨'));
		expect(dang.slice(0, 8)).not.toContain('當');
	});

	it('answers nothing for no letters, non-letters, or letters that are no pinyin at all', () => {
		expect(lookup(lexicon, '')).toEqual([]);
		expect(lookup(lexicon, '党')).toEqual([]);
		expect(lookup(lexicon, 'ab1')).toEqual([]);
		expect(lookup(lexicon, 'i')).toEqual([]);
		expect(lookup(lexicon, 'constructor').map((c) => c.text)).not.toContain(undefined);
	});

	it('property: a run of real syllables always gets a first candidate for all of it, in Chinese', () => {
		const readable = [...lexicon.syllables].filter((s) => (lexicon.root.next?.get(s)?.words.length ?? 0) > 0);
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...readable), { minLength: 1, maxLength: 7 }), (syllables) => {
				const pinyin = syllables.join('');
				const found = lookup(lexicon, pinyin);
				expect(found.length).toBeGreaterThan(0);
				expect(found[0].length).toBe(pinyin.length);
				for (const candidate of found) {
					expect(candidate.length).toBeGreaterThan(0);
					expect(candidate.length).toBeLessThanOrEqual(pinyin.length);
					expect(candidate.text).not.toMatch(/[a-z]/i);
				}
				expect(new Set(found.map((c) => c.text)).size).toBe(found.length);
			}),
			{ numRuns: 150 }
		);
	});

	it('property: any letters at all are looked up without throwing, within the composition’s limit', () => {
		fc.assert(
			fc.property(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz\''), maxLength: 60 }), (letters) => {
				for (const candidate of lookup(lexicon, letters)) {
					expect(candidate.length).toBeLessThanOrEqual(Math.min(letters.length, MAX_PINYIN));
				}
			}),
			{ numRuns: 150 }
		);
	});
});

describe('composition: choosing part of the input, backspace, commit', () => {
	it('a candidate for the first syllables leaves the rest in the composition (bushushi → 部署 + shi)', () => {
		const typed = spell('bushushi');
		const bushu = lookup(lexicon, typed.pinyin).find((c) => c.text === '部署') as Candidate;
		const first = choose(typed, bushu);
		expect(first.committed).toBeNull();
		expect(first.composition).toEqual({ chosen: [{ text: '部署', pinyin: 'bushu' }], pinyin: 'shi' });
		const shi = lookup(lexicon, first.composition.pinyin).find((c) => c.text === '时') as Candidate;
		const second = choose(first.composition, shi);
		expect(second).toEqual({ composition: EMPTY_COMPOSITION, committed: '部署时' });
	});

	it('choosing the whole input commits it at once', () => {
		const typed = spell('zhengzhi');
		expect(choose(typed, lookup(lexicon, typed.pinyin)[0])).toEqual({ composition: EMPTY_COMPOSITION, committed: '政治' });
	});

	it('backspace takes the last letter, then undoes the last choice back to its pinyin', () => {
		const typed = spell('bushushi');
		expect(backspace(typed).pinyin).toBe('bushush');
		const chosen = choose(typed, { text: '部署', length: 5 }).composition;
		const shi = backspace(backspace(backspace(chosen)));
		expect(shi).toEqual({ chosen: [{ text: '部署', pinyin: 'bushu' }], pinyin: '' });
		expect(isComposing(shi)).toBe(true);
		expect(backspace(shi)).toEqual({ chosen: [], pinyin: 'bushu' });
		expect(backspace(EMPTY_COMPOSITION)).toBe(EMPTY_COMPOSITION);
	});

	it('letters are lower-cased, a separator only between letters, and the composition has a limit', () => {
		expect(spell('XiAn').pinyin).toBe('xian');
		expect(spell("'xi''an").pinyin).toBe("xi'an");
		expect(typeLetter(EMPTY_COMPOSITION, '1')).toBe(EMPTY_COMPOSITION);
		expect(spell('a'.repeat(MAX_PINYIN + 5)).pinyin).toHaveLength(MAX_PINYIN);
	});

	it('commitBest ends a composition with the best reading; lettersAsTyped writes the letters', () => {
		expect(commitBest(lexicon, spell('shenfenzheng'))).toBe('身份证');
		expect(commitBest(lexicon, choose(spell('bushushi'), { text: '部署', length: 5 }).composition)).toBe('部署是');
		expect(commitBest(null, spell('abc'))).toBe('abc');
		expect(commitBest(lexicon, spell('iiii'))).toBe('iiii');
		expect(lettersAsTyped(choose(spell("xi'an"), { text: '西', length: 3 }).composition)).toBe('西an');
	});

	it('property: choosing candidates again and again commits Chinese and empties the composition', () => {
		const readable = [...lexicon.syllables].filter((s) => (lexicon.root.next?.get(s)?.words.length ?? 0) > 0);
		fc.assert(
			fc.property(
				fc.array(fc.constantFrom(...readable), { minLength: 1, maxLength: 6 }),
				fc.nat(),
				(syllables, pickSeed) => {
					let composition = spell(syllables.join(''));
					// Every choice takes at least one letter: as many steps as letters at most.
					for (let step = 0; step <= syllables.join('').length; step++) {
						const found = lookup(lexicon, composition.pinyin);
						// Any candidate, not only the first: partial choices always move forward.
						const choice = choose(composition, found[pickSeed % found.length]);
						if (choice.committed !== null) {
							expect(choice.committed).not.toMatch(/[a-z]/i);
							expect(choice.composition).toEqual(EMPTY_COMPOSITION);
							return;
						}
						expect(choice.composition.pinyin.length).toBeLessThan(composition.pinyin.length);
						composition = choice.composition;
					}
					throw new Error(`never committed: ${syllables.join("'")}`);
				}
			),
			{ numRuns: 150 }
		);
	});
});

describe('pageCandidates', () => {
	const many = lookup(lexicon, 'shi');
	/** A button as the panel draws it: characters of 1.3em at `font` px, padding, border and gap. */
	const drawn = (font: number) => (text: string) => Math.max(64, 1.3 * font * ([...text].length + 0.9) + 4) + 0.35 * font;

	it('pages hold every candidate once, in order, none empty, each within the row', () => {
		for (const [room, font] of [
			[700, 20],
			[1500, 28],
			[0, 20]
		]) {
			const pages = pageCandidates(many, room, drawn(font));
			expect(pages.flat()).toEqual(many);
			expect(pages.every((p) => p.length > 0)).toBe(true);
			if (room > 0) for (const page of pages) expect(page.reduce((sum, c) => sum + drawn(font)(c.text), 0)).toBeLessThanOrEqual(room);
		}
	});

	it('larger type (elder mode) fits fewer on a page; a wider row fits more', () => {
		const normal = pageCandidates(many, 700, drawn(20))[0].length;
		expect(pageCandidates(many, 700, drawn(30))[0].length).toBeLessThan(normal);
		expect(pageCandidates(many, 1500, drawn(20))[0].length).toBeGreaterThan(normal);
	});

	it('a phrase too long for the row still gets a page of its own', () => {
		const long = [{ text: '党群服务中心党群服务中心', length: 12, cost: 1 }];
		expect(pageCandidates(long, 200, drawn(30))).toEqual([long]);
	});
});

describe('insertText and applyKey', () => {
	it('adds committed text within the field’s limit, counting characters', () => {
		expect(insertText('党员', '服务', 10)).toBe('党员服务');
		expect(insertText('党员', '服务中心', 4)).toBe('党员服务');
		expect(insertText('1234', '党', 4)).toBe('1234');
		expect(insertText('😀', '党群', 2)).toBe('😀党');
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
