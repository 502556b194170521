// RatingTabletState against a real hall: a bad grade asks why before anything is sent and
// checks the 回访 number; the question goes away on its own, and when the window calls the
// next resident; a reason form left alone still sends the grade; the idle screen's badge
// follows who is signed in.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { WindowInfo } from '../protocol.ts';
import type { HallSocket } from '../shared/connection.svelte.ts';
import { RatingTabletState, type RatingTabletOptions } from './rating.svelte.ts';
import { startTestHall, type TestHall } from '../../../tests/support/test-hall.ts';
import { eventually } from '../../../tests/support/eventually.ts';

let hall: TestHall;
let staff: string;
let tablets: RatingTabletState[] = [];

beforeEach(async () => {
	hall = await startTestHall();
	staff = await hall.login('staff1');
	await hall.api('/api/windows/1/sign-in', { method: 'POST', token: staff });
	tablets = [];
});

afterEach(async () => {
	for (const tablet of tablets) tablet.close();
	await hall.close();
});


async function serveOne(): Promise<void> {
	await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } });
	await hall.api('/api/windows/1/call-next', { method: 'POST', token: staff });
	await hall.api('/api/windows/1/start', { method: 'POST', token: staff });
	await hall.api('/api/windows/1/finish', { token: staff, body: { outcome: 'done' } });
}

function openTablet(options: Partial<RatingTabletOptions> = {}): RatingTabletState {
	const tablet = new RatingTabletState({
		windowId: '1',
		thanksMs: 60_000,
		loadWindow: async () => ((await hall.api('/api/windows')).body as WindowInfo[]).find((w) => w.id === '1') ?? null,
		createSocket: () => io(hall.url, { autoConnect: false, forceNew: true, transports: ['websocket'] }) as HallSocket,
		...options
	});
	tablets.push(tablet);
	tablet.open();
	return tablet;
}

describe('RatingTabletState', () => {
	it('asks why after a bad grade, checks the phone, and sends both with the grade', async () => {
		const tablet = openTablet();
		await eventually(() => tablet.connection.synced, 'the first snapshot');
		await serveOne();
		await eventually(() => tablet.phase === 'asking', 'the question');

		expect(tablet.choose(2)).toBeNull();
		expect(tablet.phase).toBe('reason');
		expect(hall.store.db.prepare('SELECT COUNT(*) AS n FROM evaluations').get()).toEqual({ n: 0 });

		expect(tablet.sendReason()).toBeNull();
		expect(tablet.reasonError).toBe('请选择或填写不满意的原因');
		tablet.toggleReason('办理时间太长');
		tablet.toggleReason('等候时间太长');
		tablet.reasonText = '叫号声音太小';
		tablet.phone = '1234';
		expect(tablet.sendReason()).toBeNull();
		expect(tablet.phoneError).toBe('请填写 11 位手机号码，或不填');
		tablet.phone = '139 1234 5678';
		const receipt = await tablet.sendReason();
		expect(receipt).toMatchObject({ grade: 2 });
		expect(tablet.phase).toBe('thanks');
		expect(tablet.callBack).toBe('139****5678');
		// Listed in the order the tablet shows them, then the resident's own words.
		expect(hall.store.db.prepare('SELECT reason FROM evaluations').get()).toEqual({ reason: '等候时间太长；办理时间太长；叫号声音太小' });
	});

	it('drops the question on its own after a while, and at once when the window calls the next resident', async () => {
		const tablet = openTablet({ askMs: 150 });
		await eventually(() => tablet.connection.synced, 'the first snapshot');
		await serveOne();
		await eventually(() => tablet.phase === 'asking', 'the question');
		await eventually(() => tablet.phase === 'idle', 'the question to time out');
		expect(tablet.pending).toBeNull();

		const patient = openTablet({ askMs: 600_000 });
		await eventually(() => patient.connection.synced, 'the second tablet\'s snapshot');
		await serveOne();
		await eventually(() => patient.phase === 'asking', 'the second question');
		await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } });
		await hall.api('/api/windows/1/call-next', { method: 'POST', token: staff });
		await eventually(() => patient.phase === 'idle', 'the question withdrawn by the call');
	});

	it('sends a bad grade left on the reason form once the resident walks away', async () => {
		const tablet = openTablet({ reasonIdleMs: 150 });
		await eventually(() => tablet.connection.synced, 'the first snapshot');
		await serveOne();
		await eventually(() => tablet.phase === 'asking', 'the question');
		tablet.choose(1);
		tablet.toggleReason('工作人员态度不好');
		await eventually(() => tablet.phase === 'thanks', 'the grade sent after the form was left');
		expect(hall.store.db.prepare('SELECT grade, reason FROM evaluations').get()).toEqual({ grade: 1, reason: '工作人员态度不好' });
	});

	it('shows the staff member signed in at the window, and nobody once they sign out', async () => {
		const tablet = openTablet();
		await eventually(() => tablet.staff !== null, 'the badge');
		expect(tablet.staff).toEqual({ name: '王丽', staffNo: 'DQ001' });
		expect(tablet.windowName).toBe('1号窗口');
		await hall.api('/api/windows/1/sign-out', { method: 'POST', token: staff });
		await eventually(() => tablet.staff === null, 'the badge gone');
	});
});
