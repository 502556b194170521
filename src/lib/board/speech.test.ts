import { describe, expect, it } from 'vitest';
import {
	CHIME,
	CLIP_TOKENS,
	PAUSE,
	callText,
	callTokens,
	enNumberTokens,
	parseManifest,
	speechSegments,
	windowNumber,
	zhNumberTokens
} from './speech.ts';

const once = { repeat: 1, english: false };

describe('callTokens', () => {
	it('reads A012 letter by letter and digit by digit, window 3 as 三号窗口', () => {
		expect(callTokens({ number: 'A012', windowName: '3号窗口' }, once)).toEqual([
			'chime', 'qing', 'A', '0', '1', '2', 'hao', 'dao', '3', 'hao', 'chuangkou', 'banli'
		]);
	});

	it.each([
		[3, ['3']],
		[10, ['10']],
		[12, ['10', '2']],
		[20, ['2', '10']],
		[21, ['2', '10', '1']],
		[60, ['6', '10']],
		[100, ['1', '100']],
		[105, ['1', '100', '0', '5']],
		[110, ['1', '100', '1', '10']],
		[0, ['0']]
	])('reads window %i the way a hall does', (n, tokens) => {
		expect(zhNumberTokens(n)).toEqual(tokens);
		const said = callTokens({ number: 'B001', windowName: `${n}号窗口` }, once);
		expect(said.slice(said.indexOf('dao') + 1, -2)).toEqual([...tokens, 'hao']);
	});

	it.each([
		['3号窗口', 3],
		['12号窗口', 12],
		['综合窗口2', 2],
		['综合窗口21', 21],
		['2楼5号窗口', 5],
		['５号窗口', 5],
		['十二号窗口', 12],
		['二十一号窗口', 21],
		['窗口六十', 60],
		['Window 7', 7],
		['综合窗口', null]
	])('finds the window number in %s', (name, n) => {
		expect(windowNumber(name)).toBe(n);
	});

	it('says 到窗口办理 for a window with no number rather than inventing one', () => {
		expect(callTokens({ number: 'C100', windowName: '综合窗口' }, once)).toEqual([
			'chime', 'qing', 'C', '1', '0', '0', 'hao', 'dao', 'chuangkou', 'banli'
		]);
	});

	it('repeats the sentence with one chime and pauses between', () => {
		const sentence = callTokens({ number: 'A012', windowName: '3' }, once).slice(1);
		expect(callTokens({ number: 'A012', windowName: '3' }, { repeat: 2, english: false })).toEqual([
			CHIME, ...sentence, PAUSE, ...sentence
		]);
		const thrice = callTokens({ number: 'A012', windowName: '3' }, { repeat: 3, english: false });
		expect(thrice.filter((t) => t === 'qing')).toHaveLength(3);
		expect(thrice.filter((t) => t === CHIME)).toHaveLength(1);
	});

	it('clamps a silly repeat to 1..5', () => {
		const count = (repeat: number) =>
			callTokens({ number: 'A1', windowName: '1' }, { repeat, english: false }).filter((t) => t === 'qing').length;
		expect(count(0)).toBe(1);
		expect(count(-3)).toBe(1);
		expect(count(Number.NaN)).toBe(1);
		expect(count(2.7)).toBe(2);
		expect(count(99)).toBe(5);
	});

	it('adds the English sentence once, after the Chinese ones', () => {
		const tokens = callTokens({ number: 'A012', windowName: '12号窗口' }, { repeat: 2, english: true });
		const en = tokens.slice(tokens.lastIndexOf(PAUSE) + 1);
		expect(en).toEqual(['en-number', 'A', 'en-0', 'en-1', 'en-2', 'en-please-go-to-window', 'en-12']);
		expect(tokens.filter((t) => t === 'en-number')).toHaveLength(1);
		expect(enNumberTokens(21)).toEqual(['en-20', 'en-1']);
		expect(enNumberTokens(60)).toEqual(['en-60']);
		expect(enNumberTokens(105)).toEqual(['en-1', 'en-hundred', 'en-5']);
	});

	it('only ever uses tokens of the clip vocabulary', () => {
		const vocabulary = new Set([...CLIP_TOKENS, PAUSE]);
		const unknown = new Set<string>();
		for (let w = 0; w <= 1200; w++) {
			for (const number of ['A012', 'z999', 'GB0001', 'Ａ０１２']) {
				for (const token of callTokens({ number, windowName: `${w}号窗口` }, { repeat: 2, english: true })) {
					if (!vocabulary.has(token)) unknown.add(token);
				}
			}
		}
		expect([...unknown]).toEqual([]);
	});
});

describe('callText', () => {
	it('shows the sentence with spaces around the Latin part', () => {
		expect(callText({ number: 'A012', windowName: '3号窗口' }, 'zh')).toBe('请 A012 号到 3 号窗口办理');
		expect(callText({ number: 'A012', windowName: '3' })).toBe('请 A012 号到 3 号窗口办理');
		expect(callText({ number: 'B007', windowName: '综合窗口' })).toBe('请 B007 号到综合窗口办理');
	});

	it('has an English version', () => {
		expect(callText({ number: 'A012', windowName: '3号窗口' }, 'en')).toBe('Number A012, please go to window 3.');
	});
});

describe('speechSegments', () => {
	it('groups tokens into one utterance per language and keeps the chime as a clip', () => {
		const tokens = callTokens({ number: 'A012', windowName: '12号窗口' }, { repeat: 1, english: true });
		expect(speechSegments(tokens)).toEqual([
			{ kind: 'clip', token: 'chime' },
			{
				kind: 'say',
				lang: 'zh',
				text: '请A零一二号到十二号窗口办理',
				tokens: ['qing', 'A', '0', '1', '2', 'hao', 'dao', '10', '2', 'hao', 'chuangkou', 'banli']
			},
			{ kind: 'pause' },
			{
				kind: 'say',
				lang: 'en',
				text: 'number A zero one two please go to window twelve',
				tokens: ['en-number', 'A', 'en-0', 'en-1', 'en-2', 'en-please-go-to-window', 'en-12']
			}
		]);
	});
});

describe('parseManifest', () => {
	it('lists missing clips and refuses file names that leave the pack directory', () => {
		const base = { format: 'jiaohao-voice-pack', version: 1, name: 'x' };
		const { missing } = parseManifest({ ...base, clips: { chime: { file: 'chime.wav', durationMs: 900 } } });
		expect(missing).toHaveLength(CLIP_TOKENS.length - 1);
		expect(() => parseManifest({ ...base, clips: { chime: { file: '../x.wav', durationMs: 1 } } })).toThrow();
		expect(() => parseManifest({ ...base, clips: { chime: { file: 'https://e.com/x.wav', durationMs: 1 } } })).toThrow();
		expect(() => parseManifest({ version: 1, clips: {} })).toThrow();
	});
});
