// BoardState against a real hall: `onCall` (where the voice hangs) fires once for each
// call made while the board listens, never for the calls a (re)connect snapshot brings,
// so a reconnect does not read the history aloud.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { CallInfo } from '../protocol.ts';
import { BoardState } from './board.svelte.ts';
import type { HallSocket } from '../shared/connection.svelte.ts';
import { startTestHall, type TestHall } from '../../../tests/support/test-hall.ts';
import { eventually } from '../../../tests/support/eventually.ts';

let hall: TestHall;
let board: BoardState | null = null;

beforeEach(async () => {
	hall = await startTestHall();
});

afterEach(async () => {
	board?.close();
	board = null;
	await hall.close();
});


function openBoard(zone?: string): { board: BoardState; heard: CallInfo[]; snapshots: number[] } {
	const state = new BoardState({
		zone,
		createSocket: () =>
			io(hall.url, { autoConnect: false, forceNew: true, transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 100 }) as HallSocket
	});
	const heard: CallInfo[] = [];
	const snapshots: number[] = [];
	state.onCall((call) => heard.push(call));
	state.onSnapshot((snapshot) => snapshots.push(snapshot.version));
	state.open();
	board = state;
	return { board: state, heard, snapshots };
}

describe('BoardState.onCall', () => {
	it('hears each new call once, and nothing of a reconnect snapshot', async () => {
		const token = await hall.login('staff1');
		await hall.api('/api/windows/1/sign-in', { method: 'POST', token });
		for (let i = 0; i < 4; i++) await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } });
		const callNext = async () => {
			// The visitor in hand is served first: call-next refuses while a ticket is in hand.
			const { body } = await hall.api('/api/windows/1', { token });
			if (body.current) {
				if (body.current.status === 'called') await hall.api('/api/windows/1/start', { method: 'POST', token });
				await hall.api('/api/windows/1/finish', { body: { outcome: 'done' }, token });
			}
			const res = await hall.api('/api/windows/1/call-next', { method: 'POST', token });
			expect(res.status).toBe(200);
		};
		// A call before the board opens is history: shown, not heard.
		await callNext();

		const { board, heard, snapshots } = openBoard();
		await eventually(() => board.connection.synced, 'the first snapshot');
		expect(board.calls.map((c) => c.number)).toEqual(['A001']);
		expect(heard).toEqual([]);
		expect(board.voice).toEqual({ repeat: 2, english: false, engine: 'clips', pack: 'default' });

		await callNext();
		await eventually(() => heard.length === 1, 'the live call');
		expect(heard.map((c) => c.number)).toEqual(['A002']);

		// The network drops; meanwhile a call is made. The snapshot on reconnect brings it,
		// and the board shows it, but does not say it (nor A002 again).
		// Reconnection is held back until the call is made, so the order is certain.
		const manager = board.connection.socket.io;
		manager.reconnection(false);
		manager.engine.close();
		await eventually(() => !board.connection.connected, 'the drop');
		await callNext();
		manager.reconnection(true);
		board.connection.socket.connect();
		await eventually(() => board.connection.synced && snapshots.length === 2, 'the resync');
		expect(board.calls.map((c) => c.number)).toEqual(['A003', 'A002', 'A001']);
		expect(heard.map((c) => c.number)).toEqual(['A002']);

		await hall.api('/api/windows/1/recall', { method: 'POST', token });
		await eventually(() => heard.length === 2, 'the recall');
		expect(heard.map((c) => [c.number, c.recall])).toEqual([
			['A002', false],
			['A003', true]
		]);
	});

	it('on a zone board hears only the zone, and counts only its queues', async () => {
		const east = await hall.login('staff1');
		const west = await hall.login('staff4');
		await hall.api('/api/windows/1/sign-in', { method: 'POST', token: east });
		await hall.api('/api/windows/4/sign-in', { method: 'POST', token: west });
		await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } });
		await hall.api('/api/tickets', { body: { serviceId: 'heart-talk' } });

		const { board, heard } = openBoard('west');
		await eventually(() => board.connection.synced, 'the first snapshot');
		expect(board.windows.map((w) => w.id)).toEqual(['4', '5', '6']);
		expect(board.shownWaiting.map((w) => w.serviceId)).not.toContain('party-transfer');
		expect(board.shownWaiting.map((w) => w.serviceId)).toContain('heart-talk');

		await hall.api('/api/windows/1/call-next', { method: 'POST', token: east });
		await hall.api('/api/windows/4/call-next', { method: 'POST', token: west });
		await eventually(() => heard.length > 0, 'the west call');
		expect(heard.map((c) => c.windowId)).toEqual(['4']);
	});
});
