// 暂停 takes a reason: a pause without one is refused with a code; the reason is in the committed
// fact, on every board's window tile (pushed at once) and in the day's attendance (考勤) with the
// resume; the caller keypad, which cannot ask, pauses with its own stated reason.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { ask, next, startTestHall, TestClock, THURSDAY_10AM, type TestHall } from '../support/test-hall.ts';
import { KEYPAD_PAUSE_REASON } from '../../server/commands/agents.ts';

let hall: TestHall;

beforeEach(async () => {
	hall = await startTestHall();
});

afterEach(async () => {
	await hall.close();
});

describe('暂停 with a reason', () => {
	it('refuses a pause without a reason, on either door, and the window stays open', async () => {
		const token = await hall.login('staff1');
		await hall.api('/api/windows/1/sign-in', { method: 'POST', token });
		const bare = await hall.api('/api/windows/1/pause', { method: 'POST', token });
		expect(bare.status).toBe(400);
		expect(bare.body.error.code).toBe('bad_request');
		const blank = await hall.api('/api/windows/1/pause', { token, body: { reason: '   ' } });
		expect(blank.status).toBe(400);
		expect(JSON.stringify(blank.body.error)).toContain('请选择或填写暂停原因');
		const socket = await hall.socket(token);
		expect((await ask(socket, 'window:pause', { windowId: '1' })).error.code).toBe('bad_request');
		expect((await hall.api('/api/windows')).body.find((w: { id: string }) => w.id === '1').status).toBe('open');
	});

	it('shows 暂停服务 and the reason on the boards at once, in the fact, and in the attendance with the resume', async () => {
		const token = await hall.login('staff1');
		await hall.api('/api/windows/1/sign-in', { method: 'POST', token });
		const board = await hall.socket();
		await ask(board, 'board:subscribe', {});

		const pushed = next(board, 'window:changed', (f: { window: { id: string; status: string } }) => f.window.id === '1' && f.window.status === 'paused');
		const socket = await hall.socket(token);
		const paused = await ask(socket, 'window:pause', { windowId: '1', reason: ' 外出调取材料 ' });
		expect(paused.data).toMatchObject({ id: '1', status: 'paused', pauseReason: '外出调取材料' });
		expect((await pushed).window).toMatchObject({ status: 'paused', pauseReason: '外出调取材料' });

		// A board that opens now reads it from its snapshot.
		const late = await hall.socket();
		const snapshot = await ask(late, 'board:subscribe', {});
		expect(snapshot.data.windows.find((w: { id: string }) => w.id === '1')).toMatchObject({ status: 'paused', pauseReason: '外出调取材料' });

		const fact = hall.store.db.prepare(`SELECT data FROM events WHERE type = 'window:paused'`).get() as { data: string };
		expect(JSON.parse(fact.data)).toMatchObject({ staffId: 's1', reason: '外出调取材料' });

		const resumed = next(board, 'window:changed', (f: { window: { id: string; status: string; pauseReason?: string } }) => f.window.id === '1' && f.window.status === 'open');
		expect((await hall.api('/api/windows/1/resume', { method: 'POST', token })).body).not.toHaveProperty('pauseReason');
		expect((await resumed).window.pauseReason).toBeUndefined();

		const director = await hall.login('director');
		const attendance = (await hall.api('/api/attendance?date=2026-11-26', { token: director })).body as { type: string; reason?: string; windowId: string }[];
		expect(attendance.map((a) => [a.type, a.reason ?? null])).toEqual([
			['sign-in', null],
			['pause', '外出调取材料'],
			['resume', null]
		]);
	});

	it('pauses from the caller keypad with the keypad\'s own reason', async () => {
		const token = await hall.login('staff3');
		await hall.api('/api/windows/3/sign-in', { method: 'POST', token });
		const station = hall.app.hall.settings.stations.find((s) => s.kind === 'window' && s.windowId === '3' && s.agentKey);
		expect(station, 'the test hall has a window station for window 3').toBeDefined();
		const agent = await hall.socket();
		expect((await ask(agent, 'window-station:hello', { station: station!.id, key: station!.agentKey })).data).toMatchObject({ windowId: '3' });
		const pressed = await ask(agent, 'keypad:press', { action: 'pause' });
		expect(pressed.data.window).toMatchObject({ status: 'paused', pauseReason: KEYPAD_PAUSE_REASON });
	});

	it('keeps the reason of a paused window across a restart', async () => {
		await hall.close();
		const clock = new TestClock(THURSDAY_10AM);
		hall = await startTestHall({ clock });
		const dataDir = hall.dataDir;
		const token = await hall.login('staff1');
		await hall.api('/api/windows/1/sign-in', { method: 'POST', token });
		await hall.api('/api/windows/1/pause', { token, body: { reason: '午间休息' } });
		await hall.stop();
		hall = await startTestHall({ clock, dataDir });
		try {
			expect((await hall.api('/api/board')).body.windows.find((w: { id: string }) => w.id === '1')).toMatchObject({ status: 'paused', pauseReason: '午间休息' });
		} finally {
			await hall.stop();
			rmSync(dataDir, { recursive: true, force: true });
			// afterEach closes a fresh hall of its own.
			hall = await startTestHall();
		}
	});
});
