// Builds the kiosk's pinyin lexicon (static/lexicon/pinyin-v1.txt) from Rime's simplified
// pinyin dictionary — Debian package `rime-data-pinyin-simp`, file pinyin_simp.dict.yaml,
// Apache-2.0, derived from the Android Pinyin IME — plus the hall's own words in
// scripts/lexicon-extra.tsv. The output is committed: CI and the kiosk never need the package.
//
//   apt-get install rime-data-pinyin-simp && node scripts/build-lexicon.mjs [path/to/pinyin_simp.dict.yaml]
//
// Output, one line per reading, readings sorted:
//   zheng'zhi<TAB>政治12正直40
// syllables joined by «'», then each word followed by its cost: round(SCALE × ln(top weight / weight)),
// so 0 is the most frequent word of the whole lexicon and every step of SCALE is a factor e less likely.
// Costs of different readings compare directly: the lookup adds them up along a sentence.

import { readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const source = process.argv[2] ?? '/usr/share/rime-data/pinyin_simp.dict.yaml';
const extra = join(root, 'scripts/lexicon-extra.tsv');
const out = join(root, 'static/lexicon/pinyin-v1.txt');

/** Cost units per factor e of frequency: fine enough to keep the dictionary's order, small numbers. */
const SCALE = 6;
/** Interjection "syllables" without a vowel (嗯 n/ng, 呣 m, 噷 hm): they would split real syllables apart (da|ng). */
const DROPPED_SYLLABLES = new Set(['m', 'n', 'ng', 'hm']);
/** Rare characters (weight below this) only cost the kiosk bytes: a resident can't read them either. */
const MIN_CHAR_WEIGHT = 2;
/** Words longer than this many syllables are sentences, which the lookup composes itself. */
const MAX_WORD_SYLLABLES = 8;
/**
 * The dictionary mixes in traditional forms (當, 時). Simplified Chinese is GB2312's 6763 characters
 * (byte rows B0–F7 of EUC-CN, decoded here with the GBK decoder, its superset): other characters stay
 * as single characters for rare names, ranked behind every common one; words with them are dropped.
 */
const OUTSIDE_GB2312_PENALTY = 18;
const GB2312 = new Set();
{
	const decoder = new TextDecoder('gbk');
	for (let row = 0xb0; row <= 0xf7; row++)
		for (let cell = 0xa1; cell <= 0xfe; cell++) GB2312.add(decoder.decode(new Uint8Array([row, cell])));
}
const simplified = (word) => [...word].every((c) => GB2312.has(c));

/** @type {Map<string, Map<string, number>>} reading → word → weight */
const readings = new Map();

function add(word, syllables, weight) {
	if (syllables.some((s) => DROPPED_SYLLABLES.has(s) || !/^[a-z]+$/.test(s))) return;
	if (syllables.length !== [...word].length || syllables.length > MAX_WORD_SYLLABLES) return;
	if (syllables.length === 1 && weight < MIN_CHAR_WEIGHT) return;
	if (syllables.length > 1 && !simplified(word)) return;
	const key = syllables.join("'");
	let words = readings.get(key);
	if (!words) readings.set(key, (words = new Map()));
	words.set(word, Math.max(words.get(word) ?? 0, weight));
}

function readTable(text, { skipHeader }) {
	let inBody = !skipHeader;
	for (const line of text.split('\n')) {
		if (!inBody) {
			if (line.trim() === '...') inBody = true;
			continue;
		}
		if (!line || line.startsWith('#')) continue;
		const [word, reading, weight] = line.split('\t');
		if (!word || !reading) continue;
		add(word, reading.trim().split(/\s+/), Number(weight) || 0);
	}
}

readTable(readFileSync(source, 'utf8'), { skipHeader: true });
readTable(readFileSync(extra, 'utf8'), { skipHeader: false });

let top = 1;
for (const words of readings.values()) for (const weight of words.values()) top = Math.max(top, weight);
// A weight of 0 is "seen, but rarely": half of the rarest counted word.
const cost = (word, weight) =>
	Math.round(SCALE * Math.log(top / Math.max(weight, 0.5))) + (simplified(word) ? 0 : OUTSIDE_GB2312_PENALTY);

const lines = [
	'# 叫号 kiosk pinyin lexicon v1, built by scripts/build-lexicon.mjs.',
	'# Data: rime-pinyin-simp pinyin_simp.dict.yaml (Apache-2.0, from the Android Pinyin IME) + scripts/lexicon-extra.tsv.',
	`# Format: reading<TAB>word cost word cost… (cost = round(${SCALE} × ln(top weight / weight)); lower is more frequent).`
];
let entries = 0;
for (const key of [...readings.keys()].sort()) {
	const words = [...readings.get(key)].map(([word, weight]) => [word, cost(word, weight)]).sort((a, b) => a[1] - b[1]);
	entries += words.length;
	lines.push(`${key}\t${words.map(([word, c]) => `${word}${c}`).join('')}`);
}
mkdirSync(dirname(out), { recursive: true });
const text = lines.join('\n') + '\n';
writeFileSync(out, text);
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`${out}: ${readings.size} readings, ${entries} words, ${kb(statSync(out).size)} (${kb(gzipSync(text).length)} gzipped)`);
