// ClipPlayer against a hand-made Web Audio stand-in (Node has no AudioContext), fed
// with the real committed pack: checks loading once, gapless joining, the end signal and
// autoplay blocking. How it sounds is the voice-pack test's business.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseWav } from '../../../display-board/voice/wav.ts';
import { AudioBlockedError, ClipPlayer, pickPlayer } from './clip-player.ts';
import { SpeechSynthesisPlayer, findVoice } from './system-voice.ts';
import { callTokens } from './speech.ts';

const packDir = resolve(import.meta.dirname, '../../../static/voice/default');
const manifest = JSON.parse(readFileSync(join(packDir, 'manifest.json'), 'utf8'));

class FakeBuffer {
	readonly numberOfChannels = 1;
	readonly #data: Float32Array;
	constructor(
		readonly length: number,
		readonly sampleRate: number
	) {
		this.#data = new Float32Array(length);
	}
	get duration() {
		return this.length / this.sampleRate;
	}
	getChannelData() {
		return this.#data;
	}
}

class FakeContext extends EventTarget {
	state: AudioContextState = 'running';
	readonly sampleRate = 16000;
	readonly destination = {};
	readonly sources: Array<{ buffer: FakeBuffer; onended: (() => void) | null; started: boolean; end(): void }> = [];
	decoded = 0;
	allowResume = true;

	async decodeAudioData(bytes: ArrayBuffer) {
		this.decoded++;
		const wav = parseWav(new Uint8Array(bytes));
		expect(wav.sampleRate).toBe(this.sampleRate); // the fake does not resample
		const buffer = new FakeBuffer(wav.samples.length, wav.sampleRate);
		buffer.getChannelData().set(wav.samples);
		return buffer;
	}
	createBuffer(_channels: number, length: number, rate: number) {
		return new FakeBuffer(length, rate);
	}
	createGain() {
		const node = { gain: { value: 1 }, connect: (next: unknown) => next, disconnect() {} };
		return node;
	}
	createBufferSource() {
		const source = {
			buffer: null as unknown as FakeBuffer,
			onended: null as (() => void) | null,
			started: false,
			connect: (next: unknown) => next,
			disconnect() {},
			start() {
				source.started = true;
			},
			stop() {},
			end() {
				source.onended?.();
			}
		};
		this.sources.push(source);
		return source;
	}
	resume() {
		// Chromium without a gesture: the promise just stays pending.
		if (!this.allowResume) return new Promise<void>(() => {});
		this.state = 'running';
		this.dispatchEvent(new Event('statechange'));
		return Promise.resolve();
	}
}

function setup() {
	const context = new FakeContext();
	const fetched: string[] = [];
	const fetchFake = (async (url: string) => {
		fetched.push(url);
		const path = join(packDir, url.replace('/voice/default/', ''));
		const bytes = readFileSync(path);
		return new Response(bytes, { status: 200 });
	}) as unknown as typeof fetch;
	const player = new ClipPlayer({ context: context as unknown as AudioContext, fetch: fetchFake, resumeWaitMs: 10 });
	return { context, fetched, player };
}

const settle = () => new Promise<void>((r) => setImmediate(r));
const samplesOf = (token: string) => parseWav(readFileSync(join(packDir, manifest.clips[token].file))).samples.length;

describe('ClipPlayer', () => {
	it('loads the pack once and joins the clips into one gapless buffer', async () => {
		const { context, fetched, player } = setup();
		const tokens = callTokens({ number: 'A012', windowName: '3号窗口' }, { repeat: 1, english: false });
		const first = player.play(tokens);
		await vi.waitFor(() => expect(context.sources).toHaveLength(1));
		const source = context.sources[0];
		expect(source.started).toBe(true);
		const clipSamples = tokens.reduce((n, t) => n + samplesOf(t), 0);
		const gaps = (tokens.length - 1) * Math.round((manifest.gapMs / 1000) * 16000);
		expect(source.buffer.length).toBe(clipSamples + gaps);
		// The start of the buffer is the chime, sample for sample.
		const chime = parseWav(readFileSync(join(packDir, 'chime.wav'))).samples;
		expect(Array.from(source.buffer.getChannelData().subarray(0, 100))).toEqual(Array.from(chime.subarray(0, 100)));

		let done = false;
		void first.then(() => (done = true));
		await settle();
		expect(done).toBe(false); // still sounding
		source.end();
		await first;

		const second = player.play(['pause', '1']);
		await vi.waitFor(() => expect(context.sources).toHaveLength(2));
		expect(context.sources[1].buffer.length).toBe(Math.round((manifest.pauseMs / 1000) * 16000) + samplesOf('1'));
		context.sources[1].end();
		await second;
		expect(fetched.filter((u) => u.endsWith('manifest.json'))).toHaveLength(1);
		expect(context.decoded).toBe(Object.keys(manifest.clips).length);
	});

	it('reports blocked audio instead of hanging, and resumes after a gesture', async () => {
		const { context, player } = setup();
		context.state = 'suspended';
		context.allowResume = false;
		const changes: boolean[] = [];
		player.onBlockedChange((b) => changes.push(b));
		expect(player.blocked).toBe(true);
		await expect(player.play(['1'])).rejects.toBeInstanceOf(AudioBlockedError);
		expect(context.sources).toHaveLength(0);

		context.allowResume = true; // the user touched the screen
		expect(await player.resume()).toBe(true);
		expect(player.blocked).toBe(false);
		expect(changes).toEqual([false]);
	});

	it('retries a failed pack load on the next call', async () => {
		const context = new FakeContext();
		let fail = true;
		const player = new ClipPlayer({
			context: context as unknown as AudioContext,
			fetch: (async (url: string) =>
				fail
					? new Response('', { status: 503 })
					: new Response(readFileSync(join(packDir, url.replace('/voice/default/', ''))))) as unknown as typeof fetch
		});
		await expect(player.load()).rejects.toThrow(/503/);
		fail = false;
		await expect(player.load()).resolves.toEqual({ missing: [] });
	});
});

describe('choosing a player', () => {
	const voice = (lang: string, localService: boolean, name = lang) =>
		({ lang, localService, name, voiceURI: name, default: false }) as SpeechSynthesisVoice;

	it('prefers an offline zh-CN voice', () => {
		const voices = [voice('en-US', true), voice('zh-CN', false, 'Google 普通话'), voice('zh-CN', true, 'Local'), voice('zh-TW', true)];
		expect(findVoice(voices, 'zh')?.name).toBe('Local');
		expect(findVoice([voice('en-US', true)], 'zh')).toBeNull();
	});

	it('falls back to clips when the hall prefers the system voice but there is none', async () => {
		const synth = Object.assign(new EventTarget(), { getVoices: () => [] as SpeechSynthesisVoice[] }) as unknown as SpeechSynthesis;
		const fetchFake = (async () => new Response('', { status: 404 })) as unknown as typeof fetch;
		const ctx = new FakeContext() as unknown as AudioContext;
		expect((await pickPlayer('system', { synth, voiceWaitMs: 5, fetch: fetchFake, context: ctx })).kind).toBe('clips');
		expect((await pickPlayer('clips', { synth, fetch: fetchFake, context: ctx })).kind).toBe('clips');
		const withZh = Object.assign(new EventTarget(), {
			getVoices: () => [voice('zh-CN', true)]
		}) as unknown as SpeechSynthesis;
		const picked = await pickPlayer('system', { synth: withZh, fetch: fetchFake, context: ctx });
		expect(picked).toBeInstanceOf(SpeechSynthesisPlayer);
	});
});
