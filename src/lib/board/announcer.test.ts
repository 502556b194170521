import { describe, expect, it } from 'vitest';
import { Announcer, type DropReason, type SpeechPlayer } from './announcer.ts';
import type { CallLike } from './speech.ts';

/** A player whose sentences end only when the test says so, like real audio taking seconds. */
class FakePlayer implements SpeechPlayer {
	readonly started: string[][] = [];
	#finish: Array<(error?: Error) => void> = [];
	playing = 0;
	maxPlaying = 0;

	play(tokens: string[]): Promise<void> {
		this.started.push(tokens);
		this.playing++;
		this.maxPlaying = Math.max(this.maxPlaying, this.playing);
		return new Promise<void>((resolve, reject) => {
			this.#finish.push((error) => {
				this.playing--;
				if (error) reject(error);
				else resolve();
			});
		});
	}

	/** Ends the sentence being played (optionally with a failure) and lets the queue move. */
	async finish(error?: Error): Promise<void> {
		const end = this.#finish.shift();
		if (!end) throw new Error('nothing is playing');
		end(error);
		await settle();
	}

	/** Which ticket numbers were said, in order. */
	get numbers(): string[] {
		return this.started.map((tokens) => {
			const from = tokens.indexOf('qing') + 1;
			return tokens.slice(from, tokens.indexOf('hao', from)).join('');
		});
	}
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const call = (number: string, windowName = '3号窗口'): CallLike => ({ number, windowName });

function setup(opts: { maxQueue?: number; hurryAt?: number } = {}) {
	const player = new FakePlayer();
	const spoken: Array<string | null> = [];
	const drops: Array<[string, DropReason]> = [];
	const errors: unknown[] = [];
	const announcer = new Announcer({
		player,
		onSpeaking: (text) => spoken.push(text),
		onDrop: (c, reason) => drops.push([c.number, reason]),
		onError: (error) => errors.push(error),
		hurryAt: Infinity,
		...opts
	});
	return { player, announcer, spoken, drops, errors };
}

describe('Announcer', () => {
	it('says calls one at a time, in arrival order, without cutting one off', async () => {
		const { player, announcer, spoken } = setup();
		announcer.announce(call('A001'));
		announcer.announce(call('A002', '5号窗口'));
		announcer.announce(call('B001', '12号窗口'));
		await settle();
		// A002 arrived while A001 was being said: A001 carries on, A002 waits.
		expect(player.started).toHaveLength(1);
		expect(announcer.pending).toBe(2);
		expect(spoken).toEqual(['请 A001 号到 3 号窗口办理']);

		await player.finish();
		expect(player.numbers).toEqual(['A001', 'A002']);
		await player.finish();
		await player.finish();
		expect(player.numbers).toEqual(['A001', 'A002', 'B001']);
		expect(player.maxPlaying).toBe(1);
		expect(spoken).toEqual([
			'请 A001 号到 3 号窗口办理',
			'请 A002 号到 5 号窗口办理',
			'请 B001 号到 12 号窗口办理',
			null
		]);
		await announcer.whenIdle();
		expect(announcer.speaking).toBeNull();
	});

	it('says the configured repeat and English', async () => {
		const { player, announcer } = setup();
		announcer.setOptions({ repeat: 3, english: true });
		announcer.announce(call('A001'));
		await settle();
		expect(player.started[0].filter((t) => t === 'qing')).toHaveLength(3);
		expect(player.started[0]).toContain('en-number');
	});

	it('says a recall again, even of the number being spoken right now', async () => {
		const { player, announcer, drops } = setup();
		announcer.announce(call('A012'));
		await settle();
		announcer.announce({ ...call('A012'), recall: true } as CallLike);
		await player.finish();
		await player.finish();
		expect(player.numbers).toEqual(['A012', 'A012']);
		expect(drops).toEqual([]);
	});

	it('collapses an exact duplicate that is still waiting, keeping its earlier place', async () => {
		const { player, announcer, drops } = setup();
		announcer.announce(call('A001'));
		announcer.announce(call('A002', '5号窗口'));
		announcer.announce(call('B001', '6号窗口'));
		announcer.announce(call('A002', '5号窗口')); // recall pressed before the first was said
		expect(announcer.pending).toBe(2);
		expect(drops).toEqual([['A002', 'duplicate']]);
		// Same number at another window (a transfer) is a different call.
		announcer.announce(call('A002', '7号窗口'));
		expect(announcer.pending).toBe(3);
		for (let i = 0; i < 4; i++) await player.finish();
		expect(player.numbers).toEqual(['A001', 'A002', 'B001', 'A002']);
	});

	it('clear() forgets waiting calls for a resync but lets the current one finish', async () => {
		const { player, announcer, spoken } = setup();
		announcer.announce(call('A001'));
		announcer.announce(call('A002'));
		announcer.announce(call('A003'));
		await settle();
		announcer.clear();
		expect(announcer.pending).toBe(0);
		expect(announcer.speaking?.number).toBe('A001');
		await player.finish();
		expect(player.numbers).toEqual(['A001']);
		expect(spoken.at(-1)).toBeNull();
		announcer.announce(call('A004'));
		await player.finish();
		expect(player.numbers).toEqual(['A001', 'A004']);
	});

	it('moves on when the player fails (e.g. audio blocked)', async () => {
		const { player, announcer, errors } = setup();
		announcer.announce(call('A001'));
		announcer.announce(call('A002'));
		await settle();
		await player.finish(new Error('blocked'));
		await player.finish();
		expect(player.numbers).toEqual(['A001', 'A002']);
		expect(errors).toHaveLength(1);
	});

	it('survives a player that throws synchronously and a callback that throws', async () => {
		let n = 0;
		const announcer = new Announcer({
			player: {
				play: () => {
					n++;
					throw new Error('sync');
				}
			},
			onSpeaking: () => {
				throw new Error('ui');
			}
		});
		const quiet = console.error;
		console.error = () => {};
		try {
			announcer.announce(call('A001'));
			announcer.announce(call('A002'));
			await announcer.whenIdle();
		} finally {
			console.error = quiet;
		}
		expect(n).toBe(2);
	});

	it('in a flood, drops superseded calls first, then the oldest, and never exceeds the bound', async () => {
		const { player, announcer, drops } = setup({ maxQueue: 3 });
		announcer.announce(call('A001', '1号窗口')); // being said
		announcer.announce(call('A002', '1号窗口'));
		announcer.announce(call('B001', '2号窗口'));
		announcer.announce(call('C001', '3号窗口'));
		expect(announcer.pending).toBe(3);
		// Full. Window 1 has moved on from A002 to A003: A002 is stale.
		announcer.announce(call('A003', '1号窗口'));
		expect(drops).toEqual([['A002', 'superseded']]);
		// Full again, every waiting call at a different window: the oldest waiting goes.
		announcer.announce(call('D001', '4号窗口'));
		expect(drops.at(-1)).toEqual(['B001', 'overflow']);
		expect(announcer.pending).toBe(3);
		for (let i = 0; i < 4; i++) await player.finish();
		expect(player.numbers).toEqual(['A001', 'C001', 'A003', 'D001']);
	});

	it('says each call once while a backlog builds up, so it clears sooner', async () => {
		const { player, announcer } = setup({ hurryAt: 2 });
		announcer.announce(call('A001', '1号窗口'));
		announcer.announce(call('A002', '2号窗口'));
		announcer.announce(call('A003', '3号窗口'));
		announcer.announce(call('A004', '4号窗口'));
		await settle();
		const times = () => player.started.at(-1)!.filter((t) => t === 'qing').length;
		expect(times()).toBe(2); // A001 started with an empty queue
		await player.finish(); // A002: two still waiting
		expect(times()).toBe(1);
		await player.finish(); // A003: one waiting
		expect(times()).toBe(2);
	});

	it('does not say a waiting call once its window has called someone else', async () => {
		const { player, announcer, drops } = setup();
		announcer.announce(call('A001', '1号窗口')); // being said
		announcer.announce(call('B001', '2号窗口'));
		announcer.announce(call('C001', '3号窗口'));
		announcer.announce(call('B002', '2号窗口')); // 2号窗口 has moved on from B001
		expect(drops).toEqual([['B001', 'superseded']]);
		for (let i = 0; i < 3; i++) await player.finish();
		expect(player.numbers).toEqual(['A001', 'C001', 'B002']);
	});

	it('by default falls at most four calls behind, keeping the newest', async () => {
		const player = new FakePlayer();
		const announcer = new Announcer({ player });
		announcer.announce(call('A001', '1号窗口')); // being said
		for (let w = 2; w <= 11; w++) announcer.announce(call(`B${String(w).padStart(3, '0')}`, `${w}号窗口`));
		expect(announcer.pending).toBe(4);
		for (let i = 0; i < 5; i++) await player.finish();
		expect(player.numbers).toEqual(['A001', 'B008', 'B009', 'B010', 'B011']);
	});

	it('keeps nothing around over a long run', async () => {
		let played = 0;
		const announcer = new Announcer({
			player: { play: async () => void played++ },
			maxQueue: 1000
		});
		for (let round = 0; round < 200; round++) {
			for (let i = 0; i < 50; i++) announcer.announce(call(`A${String(i).padStart(3, '0')}`, `${i % 60}号窗口`));
			const idle = announcer.whenIdle();
			expect(announcer.whenIdle()).toBe(idle); // one shared promise, not one per caller
			await idle;
			expect(announcer.pending).toBe(0);
			expect(announcer.speaking).toBeNull();
		}
		expect(played).toBe(10_000);
	});

	it('stops taking calls after dispose()', async () => {
		const { player, announcer } = setup();
		announcer.announce(call('A001'));
		announcer.announce(call('A002'));
		await settle();
		announcer.dispose();
		announcer.announce(call('A003'));
		await player.finish();
		expect(player.numbers).toEqual(['A001']);
		expect(announcer.pending).toBe(0);
	});
});
