// Checks the committed default voice pack (static/voice/default), not the builder: CI has
// no espeak-ng, and what ships is the files. A clip that went silent or missing would
// otherwise only be noticed in the hall, by nobody hearing their number.

import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHIME, CLIP_TOKENS, DEFAULT_PAUSE_MS, PAUSE, callTokens, parseManifest } from '../../src/lib/board/speech.ts';
import { parseWav, rms, type PcmAudio } from './wav.ts';

const packDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../static/voice/default');
const { manifest, missing } = parseManifest(JSON.parse(readFileSync(join(packDir, 'manifest.json'), 'utf8')));
const clips = new Map<string, PcmAudio>(
	Object.entries(manifest.clips).map(([token, clip]) => [token, parseWav(readFileSync(join(packDir, clip.file)))])
);

/** Speech from espeak at -a 80, peak-normalized, sits around 0.1 RMS; silence is ~0. */
const MIN_RMS = 0.03;

/** Joins clips the way ClipPlayer does: gapMs between clips, pauseMs for `pause`. */
function render(tokens: string[]): { samples: Float32Array; sampleRate: number } {
	const sampleRate = manifest.sampleRate ?? 16000;
	const gap = Math.round(((manifest.gapMs ?? 0) / 1000) * sampleRate);
	const pause = Math.round(((manifest.pauseMs ?? DEFAULT_PAUSE_MS) / 1000) * sampleRate);
	const parts: Array<Float32Array | number> = [];
	let previousWasClip = false;
	for (const token of tokens) {
		if (token === PAUSE) {
			parts.push(pause);
			previousWasClip = false;
			continue;
		}
		const clip = clips.get(token);
		if (!clip) throw new Error(`no clip for ${token}`);
		if (previousWasClip) parts.push(gap);
		parts.push(clip.samples);
		previousWasClip = true;
	}
	const length = parts.reduce<number>((n, p) => n + (typeof p === 'number' ? p : p.length), 0);
	const samples = new Float32Array(length);
	let at = 0;
	for (const part of parts) {
		if (typeof part === 'number') at += part;
		else {
			samples.set(part, at);
			at += part.length;
		}
	}
	return { samples, sampleRate };
}

/** Longest stretch (ms) where 20 ms windows stay below the level of quiet room noise. */
function longestSilenceMs(samples: Float32Array, sampleRate: number): number {
	const win = Math.round(sampleRate * 0.02);
	let longest = 0;
	let current = 0;
	for (let i = 0; i < samples.length; i += win) {
		if (rms(samples.subarray(i, i + win)) < 0.003) current += 20;
		else current = 0;
		longest = Math.max(longest, current);
	}
	return longest;
}

describe('committed voice pack', () => {
	it('has a clip for every token the announcements use', () => {
		expect(missing).toEqual([]);
		expect(Object.keys(manifest.clips).sort()).toEqual([...CLIP_TOKENS].sort());
	});

	it('stays small', () => {
		let bytes = statSync(join(packDir, 'manifest.json')).size;
		for (const clip of Object.values(manifest.clips)) bytes += statSync(join(packDir, clip.file)).size;
		expect(bytes).toBeLessThan(1_000_000);
	});

	it.each(CLIP_TOKENS.map((t) => [t]))('clip %s is mono 16-bit PCM, audible, unclipped, and as long as the manifest says', (token) => {
		const clip = clips.get(token)!;
		expect(clip.channels).toBe(1);
		expect(clip.bitsPerSample).toBe(16);
		expect(clip.sampleRate).toBe(manifest.sampleRate);
		expect(Math.abs(clip.durationMs - manifest.clips[token].durationMs)).toBeLessThanOrEqual(1);
		expect(clip.durationMs).toBeGreaterThan(120);
		expect(clip.durationMs).toBeLessThan(token === CHIME || token.startsWith('en-please') ? 1500 : 900);
		expect(rms(clip.samples)).toBeGreaterThan(MIN_RMS);
		let peak = 0;
		for (const s of clip.samples) peak = Math.max(peak, Math.abs(s));
		expect(peak).toBeLessThan(0.99);
		// Trimmed: a clip does not start or end with a long silence that would stretch the sentence.
		expect(longestSilenceMs(clip.samples.subarray(0, Math.round(clip.sampleRate * 0.1)), clip.sampleRate)).toBeLessThan(60);
	});

	it('renders 「请 A012 号到 3 号窗口办理」 as continuous speech of plausible length', () => {
		const tokens = callTokens({ number: 'A012', windowName: '3号窗口' }, { repeat: 1, english: false });
		expect(tokens[0]).toBe(CHIME);
		const { samples, sampleRate } = render(tokens.slice(1));
		const seconds = samples.length / sampleRate;
		// 11 syllables plus a letter: a hall announcer takes about 3 s.
		expect(seconds).toBeGreaterThan(2);
		expect(seconds).toBeLessThan(5.5);
		expect(rms(samples)).toBeGreaterThan(MIN_RMS);
		// No word went missing into a hole: nothing close to a pause inside the sentence.
		expect(longestSilenceMs(samples, sampleRate)).toBeLessThan(200);
	});

	it('keeps a whole announcement (chime, twice, English) short enough for a busy hall', () => {
		const tokens = callTokens({ number: 'A012', windowName: '12号窗口' }, { repeat: 2, english: true });
		const { samples, sampleRate } = render(tokens);
		const seconds = samples.length / sampleRate;
		expect(seconds).toBeGreaterThan(6);
		expect(seconds).toBeLessThan(14);
		expect(rms(samples)).toBeGreaterThan(MIN_RMS);
	});
});
