// The board's notice line against a real hall: it loads the notices on start and then hears
// the director's publish and withdraw by push at once — its backstop refresh is set to an
// hour here, so only the push can bring them within the test.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { BoardState } from './board.svelte.ts';
import { NoticeTicker } from './notices.svelte.ts';
import type { HallSocket } from '../shared/connection.svelte.ts';
import { startTestHall, type TestHall } from '../../../tests/support/test-hall.ts';
import { eventually } from '../../../tests/support/eventually.ts';

let hall: TestHall;
let board: BoardState | null = null;
let stop: (() => void) | null = null;

beforeEach(async () => {
	hall = await startTestHall();
});

afterEach(async () => {
	stop?.();
	board?.close();
	board = null;
	await hall.close();
});


describe('NoticeTicker by push', () => {
	it('shows a notice the director publishes, and drops it when withdrawn, without polling', async () => {
		board = new BoardState({
			createSocket: () => io(hall.url, { autoConnect: false, forceNew: true, transports: ['websocket'] }) as HallSocket
		});
		const ticker = new NoticeTicker({ url: `${hall.url}/api/notices`, refreshMs: 3_600_000 });
		stop = ticker.start(board.connection.socket);
		board.open();
		await eventually(() => ticker.items.length > 0 && board!.connection.synced, 'the first notices');
		const before = ticker.items.length;

		const token = await hall.login('director');
		const created = await hall.api('/api/console/notices', {
			token,
			body: { title: '党员志愿服务队招募', body: '欢迎报名参加。\n\n第二段', category: '服务公告', publishFrom: '2026-11-26', publishTo: '2026-12-03', publish: true }
		});
		expect(created.status).toBe(201);
		await eventually(() => ticker.items.some((i) => i.title === '党员志愿服务队招募'), 'the pushed notice');
		expect(ticker.items.find((i) => i.title === '党员志愿服务队招募')?.excerpt).toBe('欢迎报名参加。');
		expect(ticker.items).toHaveLength(before + 1);

		await hall.api(`/api/console/notices/${created.body.id}/withdraw`, { method: 'POST', token, body: {} });
		await eventually(() => !ticker.items.some((i) => i.title === '党员志愿服务队招募'), 'the withdrawn notice to go');
		expect(ticker.items).toHaveLength(before);
	});
});
