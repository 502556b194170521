// The board's voice as people see it: every call's sentence reaches the caption, in
// order, whether the sound plays, is blocked, or is switched off.
import { describe, expect, it } from 'vitest';
import type { VoiceSettings } from '../protocol.ts';
import type { BoardPlayer } from './player.ts';
import * as engine from './voice-engine.ts';
import { BoardVoice, CAPTION_MIN_MS, type Caption } from './voice.svelte.ts';

const SETTINGS: VoiceSettings = { repeat: 2, english: false, engine: 'clips', pack: 'default' };
// Captions are held CAPTION_MIN_MS / scale: 3.5 ms here.
const FAST = 1000;

class FakePlayer implements BoardPlayer {
	readonly kind = 'clips' as const;
	blocked = false;
	played: string[][] = [];
	closed = false;
	#listeners = new Set<(blocked: boolean) => void>();
	constructor(private readonly behaviour: 'ok' | 'blocked' | 'broken' = 'ok') {
		this.blocked = behaviour === 'blocked';
	}
	async play(tokens: string[]): Promise<void> {
		this.played.push(tokens);
		await new Promise((resolve) => setTimeout(resolve, 1));
		if (this.behaviour === 'blocked') throw new engine.AudioBlockedError();
		if (this.behaviour === 'broken') throw new Error('audio device gone');
	}
	async resume(): Promise<boolean> {
		this.blocked = false;
		for (const listener of this.#listeners) listener(false);
		return true;
	}
	onBlockedChange(listener: (blocked: boolean) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}
	async close(): Promise<void> {
		this.closed = true;
	}
}

/** Records each caption as the page would show it (a new one per call said). */
function captions(voice: BoardVoice): { list: Caption[]; poll: () => void } {
	const list: Caption[] = [];
	return {
		list,
		poll: () => {
			if (voice.caption && list.at(-1)?.seq !== voice.caption.seq) list.push(voice.caption);
		}
	};
}

async function sayAll(voice: BoardVoice, seen: { poll: () => void }): Promise<void> {
	// Poll the state as the page's render would, until the queue is empty.
	const timer = setInterval(seen.poll, 0);
	try {
		await voice.whenIdle();
	} finally {
		clearInterval(timer);
		seen.poll();
	}
}

const call = (number: string, windowName = '3号窗口') => ({ number, windowName });

describe('BoardVoice', () => {
	it('gives back the call being said, whole, while it is said, and nothing once quiet', async () => {
		const player = new FakePlayer();
		const voice = new BoardVoice<{ number: string; windowName: string; ticketId: string }>({
			engine,
			timeScale: FAST,
			createPlayer: async () => player
		});
		voice.configure(SETTINGS);
		const first = { ...call('A001', '1号窗口'), ticketId: 't1' };
		const second = { ...call('B001', '2号窗口'), ticketId: 't2' };
		const seen: Array<[string | null, string | null]> = [];
		const timer = setInterval(() => {
			const pair: [string | null, string | null] = [voice.current?.ticketId ?? null, voice.speaking ? (voice.caption?.zh ?? null) : null];
			const last = seen.at(-1);
			if (!last || last[0] !== pair[0] || last[1] !== pair[1]) seen.push(pair);
		}, 0);
		voice.announce(first);
		voice.announce(second);
		// While A001 is said, B001 (newer) waits: what is shown is A001.
		expect(voice.current).toBe(first);
		await voice.whenIdle();
		clearInterval(timer);
		expect(seen.filter(([id]) => id !== null)).toEqual([
			['t1', '请 A001 号到 1 号窗口办理'],
			['t2', '请 B001 号到 2 号窗口办理']
		]);
		expect(voice.current).toBeNull();
		expect(voice.speaking).toBe(false);
		voice.dispose();
	});

	it('captions every call in order, each said once, a recall again', async () => {
		const player = new FakePlayer();
		const voice = new BoardVoice({ engine, timeScale: FAST, createPlayer: async () => player });
		voice.configure(SETTINGS);
		const seen = captions(voice);
		voice.announce(call('A001', '1号窗口'));
		voice.announce(call('A002', '2号窗口'));
		voice.announce(call('A001', '1号窗口'));
		await sayAll(voice, seen);
		expect(seen.list.map((c) => c.zh)).toEqual(['请 A001 号到 1 号窗口办理', '请 A002 号到 2 号窗口办理', '请 A001 号到 1 号窗口办理']);
		expect(player.played).toHaveLength(3);
		expect(voice.speaking).toBe(false);
		voice.dispose();
		await Promise.resolve();
		expect(player.closed).toBe(true);
	});

	it('keeps the calls that come before the engine, in order', async () => {
		const voice = new BoardVoice({ timeScale: FAST, createPlayer: async () => new FakePlayer() });
		const seen = captions(voice);
		voice.configure(SETTINGS);
		voice.announce(call('B001'));
		voice.announce(call('B002'));
		await sayAll(voice, seen);
		expect(seen.list.map((c) => c.zh)).toEqual(['请 B001 号到 3 号窗口办理', '请 B002 号到 3 号窗口办理']);
	});

	it('still captions every call when the sound is blocked, and the hint goes after a tap', async () => {
		const player = new FakePlayer('blocked');
		const voice = new BoardVoice({ engine, timeScale: FAST, createPlayer: async () => player, warn: () => {} });
		voice.configure(SETTINGS);
		await Promise.resolve();
		const seen = captions(voice);
		voice.announce(call('C001'));
		voice.announce(call('C002'));
		await sayAll(voice, seen);
		expect(seen.list.map((c) => c.zh)).toEqual(['请 C001 号到 3 号窗口办理', '请 C002 号到 3 号窗口办理']);
		expect(voice.blocked).toBe(true);
		expect(await voice.unlock()).toBe(true);
		expect(voice.blocked).toBe(false);
	});

	it('holds each caption long enough to read when nothing is said', async () => {
		const voice = new BoardVoice({ engine, mode: 'off', timeScale: 10 });
		voice.configure(SETTINGS);
		const started = performance.now();
		voice.announce(call('D001'));
		voice.announce(call('D002'));
		await voice.whenIdle();
		expect(performance.now() - started).toBeGreaterThanOrEqual((2 * CAPTION_MIN_MS) / 10 - 5);
		expect(voice.engine).toBe('off');
		expect(voice.caption?.zh).toBe('请 D002 号到 3 号窗口办理');
	});

	it('a broken player is reported and the queue moves on', async () => {
		const warnings: string[] = [];
		const voice = new BoardVoice({ engine, timeScale: FAST, createPlayer: async () => new FakePlayer('broken'), warn: (m) => warnings.push(m) });
		voice.configure(SETTINGS);
		voice.announce(call('E001'));
		voice.announce(call('E002'));
		await voice.whenIdle();
		expect(warnings).toEqual(['could not say E001', 'could not say E002']);
		expect(voice.caption?.zh).toBe('请 E002 号到 3 号窗口办理');
	});

	it('adds the English sentence to the caption when the hall has English on', async () => {
		const voice = new BoardVoice({ engine, timeScale: FAST, createPlayer: async () => new FakePlayer() });
		voice.configure({ ...SETTINGS, english: true });
		voice.announce(call('F012', '12号窗口'));
		await voice.whenIdle();
		expect(voice.caption).toMatchObject({ zh: '请 F012 号到 12 号窗口办理', en: 'Number F012, please go to window 12.' });
	});

	it('swaps the player when the hall changes engine or pack, closing the old one', async () => {
		const players: FakePlayer[] = [];
		const voice = new BoardVoice({
			engine,
			timeScale: FAST,
			createPlayer: async () => {
				const player = new FakePlayer();
				players.push(player);
				return player;
			}
		});
		voice.configure(SETTINGS);
		voice.configure({ ...SETTINGS, repeat: 1 });
		expect(players).toHaveLength(1);
		voice.configure({ ...SETTINGS, pack: 'hall-recorded' });
		voice.announce(call('G001'));
		await voice.whenIdle();
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(players).toHaveLength(2);
		expect(players[0].closed).toBe(true);
		expect(players[1].played).toHaveLength(1);
	});
});
