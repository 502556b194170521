// The handwriting pad's own words, Chinese first. Kept beside the pad rather than in the
// kiosk's dictionary (src/lib/i18n/kiosk.ts), which the keyboard's other modes share.
import { locale } from '../shared/locale.svelte.ts';

const zh = {
	modes: '输入方式',
	hand: '手写',
	pinyin: '拼音',
	abc: 'ABC',
	pad: '手写板：用手指在框内写一个字',
	padHint: '在框内写一个字，写完一笔会出现候选字',
	candidates: '手写候选字',
	noCandidates: '写完后，在这里点选要输入的字',
	clear: '重写',
	backspace: '⌫ 退格',
	recognizing: '正在识别…',
	unavailable: '本机暂不支持手写输入，请使用拼音输入',
	failed: '识别没有成功，请重写一次',
	full: '笔画太多了，请点“重写”'
} as const;

const en: Record<keyof typeof zh, string> = {
	modes: 'Input method',
	hand: 'Handwriting',
	pinyin: 'Pinyin',
	abc: 'ABC',
	pad: 'Handwriting pad: write one character with your finger',
	padHint: 'Write one character in the box; choices appear after each stroke',
	candidates: 'Handwriting choices',
	noCandidates: 'When you have written, tap the character you meant here',
	clear: 'Rewrite',
	backspace: '⌫ Delete',
	recognizing: 'Reading your writing…',
	unavailable: 'Handwriting is not available on this kiosk: please use pinyin',
	failed: 'That did not work: please write it again',
	full: 'Too many strokes: tap “Rewrite”'
};

export type HandwritingText = keyof typeof zh;

export function ht(key: HandwritingText): string {
	return locale.lang === 'en' ? en[key] : zh[key];
}
