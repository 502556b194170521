// The kiosk's 公示 list against a real hall: a notice the director publishes or withdraws
// reaches an open kiosk by push, with no reload of the list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { KioskState } from './kiosk.svelte.ts';
import type { HallSocket } from '../shared/connection.svelte.ts';
import { startTestHall, type TestHall } from '../../../tests/support/test-hall.ts';
import { eventually } from '../../../tests/support/eventually.ts';

let hall: TestHall;
let kiosk: KioskState | null = null;

beforeEach(async () => {
	hall = await startTestHall();
});

afterEach(async () => {
	kiosk?.connection.close();
	kiosk = null;
	await hall.close();
});


describe('KioskState notices', () => {
	it('follows the notices the director publishes and withdraws', async () => {
		kiosk = new KioskState({
			station: 'K1',
			createSocket: () => io(hall.url, { autoConnect: false, forceNew: true, transports: ['websocket'] }) as HallSocket,
			loadWindows: async () => ({ data: [] })
		});
		kiosk.connection.start();
		await eventually(() => kiosk!.connection.synced, 'the kiosk snapshot');
		expect(kiosk.notices).toBeNull();

		const token = await hall.login('director');
		const created = await hall.api('/api/console/notices', {
			token,
			body: { title: '社区议事会成员公示', body: '名单如下。', category: '组织建设', publishFrom: '2026-11-26', publishTo: '2026-12-03', publish: true }
		});
		await eventually(() => kiosk!.notices?.some((n) => n.id === created.body.id) ?? false, 'the published notice');
		await hall.api(`/api/console/notices/${created.body.id}/withdraw`, { method: 'POST', token, body: {} });
		await eventually(() => !(kiosk!.notices?.some((n) => n.id === created.body.id) ?? true), 'the withdrawn notice to go');
		expect(kiosk.notices!.length).toBeGreaterThan(0);
	});
});
