// The kiosk's state against a real hall (a double tap, an unknown station, the printer in
// the snapshot), and the screen state's idle rule with a clock the test turns.
import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { Ack, WindowInfo } from '../protocol.ts';
import { KioskState } from './kiosk.svelte.ts';
import type { HallSocket } from '../shared/connection.svelte.ts';
import { locale, setLang } from '../i18n.ts';
import { startTestHall, type TestHall } from '../../../tests/support/test-hall.ts';
import { eventually } from '../../../tests/support/eventually.ts';
import { IDLE_MS, IDLE_WARN_MS, KioskApp } from './app.svelte.ts';
import { ReadAloud } from './read-aloud.svelte.ts';

let hall: TestHall | null = null;
const open: KioskState[] = [];

afterEach(async () => {
	for (const kiosk of open.splice(0)) kiosk.close();
	await hall?.close();
	hall = null;
	setLang('zh-CN');
});


function kioskAt(h: TestHall, station: string | null): KioskState {
	const kiosk = new KioskState({
		station,
		createSocket: () => io(h.url, { autoConnect: false, forceNew: true, transports: ['websocket'] }) as HallSocket,
		loadWindows: async (): Promise<Ack<WindowInfo[]>> => (await h.api('/api/windows')) as unknown as Ack<WindowInfo[]>
	});
	open.push(kiosk);
	kiosk.open();
	return kiosk;
}

describe('KioskState against a hall', () => {
	it('a double tap gets one answer and makes one ticket', async () => {
		hall = await startTestHall();
		const kiosk = kioskAt(hall, 'K1');
		await eventually(() => kiosk.connection.synced, 'the snapshot');
		expect(kiosk.printer?.station).toBe('K1');

		const [first, second] = await Promise.all([kiosk.issue('party-transfer'), kiosk.issue('party-transfer')]);
		expect(first).toBe(second);
		expect('ticket' in first && first.ticket.number).toBe('A001');
		const snapshot = await hall.api('/api/kiosk');
		expect(snapshot.body.waiting.find((w: { serviceId: string }) => w.serviceId === 'party-transfer').waiting).toBe(1);
		await eventually(() => kiosk.waitingFor('party-transfer') === 1, 'the queue change');
	});

	it('an unknown station is an error the screen can name, with no services', async () => {
		hall = await startTestHall();
		const kiosk = kioskAt(hall, 'K99');
		await eventually(() => kiosk.unknownStation !== null, 'the refusal');
		expect(kiosk.unknownStation?.message).toBe('没有编号为 K99 的取号机');
		expect(kiosk.services).toEqual([]);
	});
});

describe('KioskApp idle rule', () => {
	function app(): { app: KioskApp; advance: (ms: number) => void } {
		let now = 1_000_000;
		const kiosk = new KioskState({
			station: 'K1',
			createSocket: () => io('http://127.0.0.1:9', { autoConnect: false }) as HallSocket
		});
		const voice = new ReadAloud(null);
		return { app: new KioskApp({ station: 'K1', kiosk, voice, now: () => now }), advance: (ms) => (now += ms) };
	}

	it('after 60 s alone: home, Chinese, normal mode, and what was typed wiped', () => {
		const { app: a, advance } = app();
		a.go({ name: 'notices' });
		a.go({ name: 'objection', noticeId: 'n1', title: '公示' });
		a.objection = { noticeId: 'n1', name: '张三', phone: '13800138000', content: '异议' };
		a.elder = true;
		setLang('en');
		a.poke();

		advance(IDLE_MS - IDLE_WARN_MS - 1000);
		a.tick();
		expect(a.idleWarning).toBe(false);
		advance(2000);
		a.tick();
		expect(a.idleWarning).toBe(true);
		expect(a.view.name).toBe('objection');

		advance(IDLE_WARN_MS);
		a.tick();
		expect(a.view).toEqual({ name: 'home' });
		expect(a.objection).toEqual({ noticeId: null, name: '', phone: '', content: '' });
		expect(a.elder).toBe(false);
		expect(locale.lang).toBe('zh-CN');
		expect(a.pristine).toBe(true);
		expect(a.idleWarning).toBe(false);
	});

	it('a touch starts the minute again; a clean home screen never counts down', () => {
		const { app: a, advance } = app();
		a.go({ name: 'complaint' });
		advance(IDLE_MS - 1000);
		a.poke();
		advance(IDLE_MS - 1000);
		a.tick();
		expect(a.view.name).toBe('complaint');

		a.home();
		expect(a.pristine).toBe(true);
		advance(10 * IDLE_MS);
		a.tick();
		expect(a.idleWarning).toBe(false);
	});

	it('返回 retraces the way; the ticket replaces the guide so 返回 never offers 取号 again', () => {
		const { app: a } = app();
		a.go({ name: 'guides' });
		a.go({ name: 'guide', serviceId: 'archives' });
		a.replace({ name: 'ticket', ticket: { id: 't' } as never });
		a.back();
		expect(a.view).toEqual({ name: 'guides' });
		a.back();
		a.back();
		expect(a.view).toEqual({ name: 'home' });
	});
});
