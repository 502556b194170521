// Station presence (设备提醒): a configured board, kiosk or window station that is not
// connected shows in the director's live view, and its coming and going reaches staff
// screens at once as 'station:presence'.

import { afterEach, expect, it } from 'vitest';
import type { StationPresenceInfo } from '../../src/lib/protocol.ts';
import { ask, next, startTestHall, type TestHall } from '../support/test-hall.ts';

let hall: TestHall | undefined;

afterEach(async () => {
	await hall?.close();
	hall = undefined;
});

async function stations(h: TestHall, token: string): Promise<Record<string, StationPresenceInfo>> {
	const live = await h.api('/api/console/live', { token });
	expect(live.status).toBe(200);
	return Object.fromEntries((live.body.stations as StationPresenceInfo[]).map((s) => [s.station, s]));
}

it('shows every configured station offline until its screen or agent connects, then online, then offline again', async () => {
	hall = await startTestHall();
	const director = await hall.login('director');
	const before = await stations(hall, director);
	expect(Object.keys(before)).toEqual(['K1', 'K2', 'B1', 'W3']);
	expect(before.B1).toMatchObject({ kind: 'board', online: false, missing: ['screen'] });
	// K1 has an agent key: it needs its touch screen and its station agent.
	expect(before.K1).toMatchObject({ kind: 'kiosk', online: false, missing: ['screen', 'agent'] });
	expect(before.W3).toMatchObject({ kind: 'window', online: false, missing: ['agent'] });

	const staffScreen = await hall.socket(director);
	const boardOnline = next<StationPresenceInfo>(staffScreen, 'station:presence', (p) => p.station === 'B1' && p.online);
	const board = await hall.socket();
	expect(await ask(board, 'board:subscribe', { station: 'B1' })).toHaveProperty('data');
	await boardOnline;
	hall.clock.advance(60_000);
	expect((await stations(hall, director)).B1).toMatchObject({ online: true, missing: [] });

	// The kiosk's screen alone is not the whole kiosk: its agent is still missing.
	const kiosk = await hall.socket();
	expect(await ask(kiosk, 'kiosk:subscribe', { station: 'K1' })).toHaveProperty('data');
	expect((await stations(hall, director)).K1).toMatchObject({ online: false, missing: ['agent'] });

	const boardGone = next<StationPresenceInfo>(staffScreen, 'station:presence', (p) => p.station === 'B1' && !p.online);
	board.disconnect();
	const gone = await boardGone;
	expect(gone.missing).toEqual(['screen']);
	expect(gone.since).toBe(hall.clock.now());
});

it('refuses a board that names a station the hall does not have, or a station of another kind', async () => {
	hall = await startTestHall();
	const board = await hall.socket();
	expect((await ask(board, 'board:subscribe', { station: 'B9' })).error.code).toBe('unknown_station');
	expect((await ask(board, 'board:subscribe', { station: 'K1' })).error.code).toBe('unknown_station');
	expect((await ask(board, 'board:subscribe', { station: '<b>' })).error.code).toBe('bad_request');
});

it('keeps a reloading board online through the grace period, and no longer', async () => {
	hall = await startTestHall({ presenceGraceMs: 1_000 });
	const board = () => hall!.app.presence.list().find((s) => s.station === 'B1')!;
	const serverSockets = () => hall!.app.io.of('/').sockets.size;
	const first = await hall.socket();
	await ask(first, 'board:subscribe', { station: 'B1' });
	expect(board().online).toBe(true);
	first.disconnect();
	// Once the server has seen the board go, the board still counts: a reload takes a second.
	await expect.poll(serverSockets).toBe(0);
	expect(board().online).toBe(true);
	const second = await hall.socket();
	await ask(second, 'board:subscribe', { station: 'B1' });
	second.disconnect();
	await expect.poll(serverSockets).toBe(0);
	// Gone for longer than the grace: offline.
	await expect.poll(() => board().online, { timeout: 5_000 }).toBe(false);
});
