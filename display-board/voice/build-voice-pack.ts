// Builds the display board's default voice pack: one short WAV clip per token of
// src/lib/board/speech.ts, spoken by the espeak-ng program, plus a chime made here.
//
//   npx tsx display-board/voice/build-voice-pack.ts [--out static/voice/default] [--rate 16000]
//
// Why clips and not speech at runtime: the board is a Chromium TV that usually has no
// speechSynthesis voices, and the espeak-ng WASM builds are GPL-3.0, which this MIT project
// does not ship. Running the espeak-ng *program* at build time and committing its output
// keeps GPL code out of the product; the board only plays WAV files. The clips are
// committed, so this script is needed only when the vocabulary or the voice changes.
//
// Needs /usr/bin/espeak-ng (Debian espeak-ng 1.51) and sox.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHIME, CLIP_TOKENS, MANIFEST_FORMAT, type VoiceManifest } from '../../src/lib/board/speech.ts';
import { encodeWav, parseWav } from './wav.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Pinyin with tone numbers for the Mandarin voice; see DESIGN.md for why not `-v cmn`. */
const PINYIN: Record<string, string> = {
	qing: 'qing3',
	hao: 'hao4',
	dao: 'dao4',
	chuangkou: 'chuang1kou3',
	banli: 'ban4li3',
	'0': 'ling2',
	'1': 'yi1',
	'2': 'er4',
	'3': 'san1',
	'4': 'si4',
	'5': 'wu3',
	'6': 'liu4',
	'7': 'qi1',
	'8': 'ba1',
	'9': 'jiu3',
	'10': 'shi2',
	'100': 'bai3'
};

const EN_SMALL = [
	'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
	'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'
];
const EN_TENS: Record<string, string> = {
	'20': 'twenty', '30': 'thirty', '40': 'forty', '50': 'fifty',
	'60': 'sixty', '70': 'seventy', '80': 'eighty', '90': 'ninety'
};
const EN_WORDS: Record<string, string> = {
	hundred: 'hundred',
	number: 'number',
	'please-go-to-window': 'please go to window'
};

interface Utterance {
	voice: string;
	text: string;
}

/** What espeak-ng is asked to say for each token. */
function utteranceFor(token: string): Utterance {
	if (token in PINYIN) return { voice: 'cmn-latn-pinyin', text: PINYIN[token] };
	// Halls say the letter prefix with its English name (A = "ei"); a lone capital is
	// read as the letter, whereas inside a sentence "A" would become the article.
	if (/^[A-Z]$/.test(token)) return { voice: 'en', text: token };
	const en = /^en-(.+)$/.exec(token);
	if (en) {
		const key = en[1];
		const text = /^\d+$/.test(key) ? (Number(key) < 20 ? EN_SMALL[Number(key)] : EN_TENS[key]) : EN_WORDS[key];
		if (text) return { voice: 'en', text };
	}
	throw new Error(`no pronunciation for token "${token}"`);
}

/** Clip file name for a token; letters get a prefix so A.wav/a.wav never meet on a case-insensitive disk. */
function fileFor(token: string): string {
	if (token === CHIME) return 'chime.wav';
	if (/^[A-Z]$/.test(token)) return `letter-${token}.wav`;
	if (token.startsWith('en-')) return `${token}.wav`;
	return `zh-${token}.wav`;
}

/**
 * Ding-dong: E5 then C5, each a bell-like tone (fundamental plus two soft partials) with a
 * fast attack and exponential decay. Made in code so the pack has no third-party sound.
 */
function chime(sampleRate: number): Float32Array {
	const total = Math.round(sampleRate * 0.95);
	const out = new Float32Array(total);
	const strike = (freq: number, startSec: number, lengthSec: number) => {
		const start = Math.round(startSec * sampleRate);
		const len = Math.round(lengthSec * sampleRate);
		for (let i = 0; i < len && start + i < total; i++) {
			const t = i / sampleRate;
			const attack = Math.min(1, t / 0.006);
			const decay = Math.exp(-t / 0.22);
			// A short fade at the very end so the cut is not a click.
			const tail = Math.min(1, (len - i) / (0.02 * sampleRate));
			const tone =
				Math.sin(2 * Math.PI * freq * t) +
				0.35 * Math.sin(2 * Math.PI * freq * 2 * t) * Math.exp(-t / 0.08) +
				0.12 * Math.sin(2 * Math.PI * freq * 3 * t) * Math.exp(-t / 0.05);
			out[start + i] += tone * attack * decay * tail;
		}
	};
	strike(659.26, 0, 0.55);
	strike(523.25, 0.4, 0.55);
	let peak = 0;
	for (const s of out) peak = Math.max(peak, Math.abs(s));
	for (let i = 0; i < total; i++) out[i] = (out[i] / peak) * 0.7;
	return out;
}

function run(cmd: string, args: string[]): string {
	return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function parseArgs(argv: string[]): { out: string; rate: number } {
	let out = join(repoRoot, 'static/voice/default');
	// 16 kHz keeps the s/sh hiss that tells 四 (si) from 十 (shi) apart (espeak puts a
	// good part of it between 5.5 and 8 kHz) while keeping the pack under 1 MB (~0.85 MB);
	// 11025 Hz would save a third but blur exactly those sounds.
	let rate = 16000;
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--out') out = resolve(argv[++i] ?? '');
		else if (argv[i] === '--rate') rate = Number(argv[++i]);
		else throw new Error(`unknown argument ${argv[i]}`);
	}
	if (!Number.isInteger(rate) || rate < 8000 || rate > 48000) throw new Error('--rate must be 8000..48000');
	return { out, rate };
}

function main(): void {
	const { out, rate } = parseArgs(process.argv.slice(2));
	let espeakVersion: string;
	try {
		espeakVersion = run('espeak-ng', ['--version']).split(/\s+Data at:/)[0].trim();
		run('sox', ['--version']);
	} catch {
		throw new Error('espeak-ng and sox must be installed (apt-get install espeak-ng sox)');
	}
	mkdirSync(out, { recursive: true });

	// Remove only the files our own previous manifest listed: --out may point at a
	// directory that also holds other things.
	const manifestPath = join(out, 'manifest.json');
	if (existsSync(manifestPath)) {
		const old = JSON.parse(readFileSync(manifestPath, 'utf8')) as VoiceManifest;
		for (const clip of Object.values(old.clips ?? {})) rmSync(join(out, clip.file), { force: true });
	}

	const tmp = mkdtempSync(join(tmpdir(), 'voice-pack-'));
	const clips: VoiceManifest['clips'] = {};
	try {
		for (const token of CLIP_TOKENS) {
			const file = fileFor(token);
			const target = join(out, file);
			if (token === CHIME) {
				writeFileSync(target, encodeWav(chime(rate), rate));
			} else {
				const { voice, text } = utteranceFor(token);
				const raw = join(tmp, 'raw.wav');
				// -a 80: espeak's default amplitude clips on some syllables.
				run('espeak-ng', ['-v', voice, '-a', '80', '-w', raw, text]);
				// Trim espeak's lead-in and tail silence so clips join tightly, normalize the
				// peak so the English letter voice and the Mandarin voice match in loudness, then
				// pad a few ms so consecutive syllables do not run into each other.
				// -D: no dither, so a rebuild with the same espeak gives byte-identical files and
				// a commit of the pack only changes when the sound does.
				run('sox', [
					'-D',
					raw, '-b', '16', '-c', '1', '-r', String(rate), target,
					'silence', '1', '0.01', '-40d', 'reverse', 'silence', '1', '0.01', '-40d', 'reverse',
					'gain', '-n', '-3',
					'pad', '0.005', '0.01'
				]);
			}
			const audio = parseWav(readFileSync(target));
			clips[token] = { file, durationMs: Math.round(audio.durationMs) };
		}
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}

	const manifest: VoiceManifest = {
		format: MANIFEST_FORMAT,
		version: 1,
		name: 'default',
		description: 'Synthetic Mandarin (pinyin) and English clips made with espeak-ng at build time; chime made in code.',
		generator: `${espeakVersion}; sox; display-board/voice/build-voice-pack.ts`,
		sampleRate: rate,
		pauseMs: 450,
		// The clips are trimmed to the sound itself; a short breath between them keeps
		// "A 零 一 二" from running together without baking the silence into every file.
		gapMs: 40,
		clips
	};
	writeFileSync(manifestPath, JSON.stringify(manifest, null, '\t') + '\n');

	let bytes = statSync(manifestPath).size;
	for (const clip of Object.values(clips)) bytes += statSync(join(out, clip.file)).size;
	console.log(`${Object.keys(clips).length} clips, ${(bytes / 1024).toFixed(0)} KiB → ${out}`);
}

main();
