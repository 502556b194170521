// npx tsx bench/pinyin.ts — the kiosk's pinyin lookup, per keystroke: each phrase is typed a
// letter at a time and every prefix looked up, as the on-screen keyboard does. Printed, never
// asserted (the machines are shared and noisy). Also the time to read the shipped lexicon.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lookup, parseLexicon } from '../src/lib/kiosk/pinyin.ts';

const text = readFileSync(fileURLToPath(new URL('../static/lexicon/pinyin-v1.txt', import.meta.url)), 'utf8');
const PHRASES = [
	'bushushi',
	'zhengzhi',
	'shenfenzheng',
	'dangqunfuwuzhongxin',
	'zhangsan',
	'woyaotousugongzuorenyuantaiduhaobuhao',
	'bshf',
	'dqfwzx',
	'xyzqwrtp'
];
const ROUNDS = 20;

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const parses: number[] = [];
let lexicon = parseLexicon(text);
for (let i = 0; i < 5; i++) {
	const start = performance.now();
	lexicon = parseLexicon(text);
	parses.push(performance.now() - start);
}
parses.sort((a, b) => a - b);
console.log(`lexicon: ${(text.length / 1024).toFixed(0)} K chars, parse median ${percentile(parses, 0.5).toFixed(0)} ms`);

// Warm up the JIT as a kiosk that has been typed on would be.
for (const phrase of PHRASES) for (let i = 1; i <= phrase.length; i++) lookup(lexicon, phrase.slice(0, i));

const all: number[] = [];
for (const phrase of PHRASES) {
	const times: number[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		for (let i = 1; i <= phrase.length; i++) {
			const start = performance.now();
			lookup(lexicon, phrase.slice(0, i));
			times.push(performance.now() - start);
		}
	}
	times.sort((a, b) => a - b);
	all.push(...times);
	console.log(
		`${phrase.padEnd(40)} per keystroke: median ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms, max ${times.at(-1)?.toFixed(2)} ms`
	);
}
all.sort((a, b) => a - b);
console.log(`${'all'.padEnd(40)} per keystroke: median ${percentile(all, 0.5).toFixed(2)} ms, p95 ${percentile(all, 0.95).toFixed(2)} ms`);
