// WindowTerminalState against a real hall: a key pressed while a command is out runs after
// it; a visit the caller keypad finished is kept like one finished on screen; the checklist
// and the last visit survive a reload; a staff member signed in elsewhere is told so.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { ApiError, ServiceInfo } from '../protocol.ts';
import type { HallSocket } from '../shared/connection.svelte.ts';
import { WindowTerminalState } from './window.svelte.ts';
import { startTestHall, type TestHall } from '../../../tests/support/test-hall.ts';
import { eventually } from '../../../tests/support/eventually.ts';

let hall: TestHall;
let terminals: WindowTerminalState[] = [];

beforeEach(async () => {
	hall = await startTestHall();
	terminals = [];
});

afterEach(async () => {
	for (const terminal of terminals) terminal.close();
	await hall.close();
});


function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { items: Map<string, string> } {
	const items = new Map<string, string>();
	return {
		items,
		getItem: (key) => items.get(key) ?? null,
		setItem: (key, value) => void items.set(key, value),
		removeItem: (key) => void items.delete(key)
	};
}

async function openTerminal(
	token: string,
	windowId: string,
	options: { storage?: ReturnType<typeof memoryStorage>; lost?: ApiError[]; liveCatalogue?: boolean } = {}
) {
	const services = (await hall.api('/api/services')).body as ServiceInfo[];
	const live = async () => ({ hallName: '测试大厅', complaintPhone: '', services: (await hall.api('/api/services')).body as ServiceInfo[] });
	const terminal = new WindowTerminalState({
		windowId,
		token,
		staffNo: 'DQ003',
		storage: options.storage ?? memoryStorage(),
		onAccessLost: (error) => options.lost?.push(error),
		loadCatalogue: options.liveCatalogue ? live : async () => ({ hallName: '测试大厅', complaintPhone: '', services }),
		createSocket: () =>
			io(hall.url, {
				autoConnect: false,
				forceNew: true,
				transports: ['websocket'],
				auth: { token },
				reconnectionDelay: 50,
				reconnectionDelayMax: 100
			}) as HallSocket
	});
	terminals.push(terminal);
	terminal.open();
	await eventually(() => terminal.connection.synced && terminal.services.length > 0, 'the first snapshot');
	return terminal;
}

describe('WindowTerminalState', () => {
	it('runs a key pressed while a command is out right after it', async () => {
		const token = await hall.login('staff3');
		await hall.api('/api/windows/3/sign-in', { method: 'POST', token });
		const ticket = (await hall.api('/api/tickets', { body: { serviceId: 'letters-visits' } })).body;
		const terminal = await openTerminal(token, '3');
		await eventually(() => terminal.queue.length === 1, 'the queue');

		const call = terminal.perform('callNext');
		expect(terminal.pending).toBe('callNext');
		// Pressed before the call was acknowledged: 开始办理 must not be lost.
		const start = terminal.perform('start');
		await Promise.all([call, start]);
		expect(terminal.current).toMatchObject({ id: ticket.id, status: 'serving' });
	});

	it('keeps a visit the caller keypad finished as the last visit, with the unticked materials', async () => {
		const token = await hall.login('staff3');
		await hall.api('/api/windows/3/sign-in', { method: 'POST', token });
		const ticket = (await hall.api('/api/tickets', { body: { serviceId: 'letters-visits' } })).body;
		const storage = memoryStorage();
		const terminal = await openTerminal(token, '3', { storage });
		await terminal.perform('callNext');
		await terminal.perform('start');
		expect(terminal.materials).toEqual(['本人身份证件', '反映问题的书面材料或证据（如有）']);
		terminal.toggleMaterial('本人身份证件');

		// Another device (the keypad, through the same API) finishes it.
		await hall.api('/api/windows/3/finish', { token, body: { outcome: 'done' } });
		await eventually(() => terminal.lastFinished !== null, 'the last visit');
		expect(terminal.lastFinished).toMatchObject({
			ticket: { id: ticket.id, status: 'done' },
			outcome: 'done',
			missing: ['反映问题的书面材料或证据（如有）']
		});
		expect(terminal.current).toBeNull();

		// A reload (a new state on the same storage) still has it.
		terminal.close();
		const again = await openTerminal(token, '3', { storage });
		expect(again.lastFinished?.ticket.id).toBe(ticket.id);
		again.markRegistered(ticket.id, 'DJ-20261126-001');
		again.forgetLastFinished();
		expect([...storage.items.keys()].filter((k) => k.endsWith('.last'))).toEqual([]);
	});

	it('keeps the ticks of the ticket in hand across a reload', async () => {
		const token = await hall.login('staff3');
		await hall.api('/api/windows/3/sign-in', { method: 'POST', token });
		await hall.api('/api/tickets', { body: { serviceId: 'letters-visits' } });
		const storage = memoryStorage();
		const terminal = await openTerminal(token, '3', { storage });
		await terminal.perform('callNext');
		terminal.toggleMaterial('本人身份证件');
		terminal.close();
		const again = await openTerminal(token, '3', { storage });
		expect(again.current).not.toBeNull();
		expect(again.checked).toEqual(['本人身份证件']);
	});

	it('tells the page when the staff member was signed in elsewhere meanwhile', async () => {
		const token = await hall.login('staff3');
		await hall.api('/api/windows/3/sign-in', { method: 'POST', token });
		const lost: ApiError[] = [];
		await openTerminal(token, '3', { lost });
		await hall.api('/api/windows/4/sign-in', { method: 'POST', token });
		await eventually(() => lost.length > 0, 'the access lost');
		expect(lost[0]).toMatchObject({ code: 'not_your_window' });
		expect(lost[0].message).toContain('您已不在本窗口签到');
	});

	it('shows the rating of the last visit when it comes in', async () => {
		const token = await hall.login('staff3');
		await hall.api('/api/windows/3/sign-in', { method: 'POST', token });
		await hall.api('/api/tickets', { body: { serviceId: 'letters-visits' } });
		const terminal = await openTerminal(token, '3');
		await terminal.perform('callNext');
		await terminal.perform('start');
		await terminal.perform('finish');
		expect(terminal.lastFinished?.outcome).toBe('done');
		expect((await hall.api('/api/windows/3/rating', { body: { grade: 3 } })).status).toBe(201);
		await eventually(() => terminal.lastRating !== null, 'the rating');
		expect(terminal.lastRating).toMatchObject({ grade: 3, ticketId: terminal.lastFinished!.ticket.id });
	});

	it('shows a material the director adds to the guide without being opened again', async () => {
		const token = await hall.login('staff3');
		await hall.api('/api/windows/3/sign-in', { method: 'POST', token });
		await hall.api('/api/tickets', { body: { serviceId: 'letters-visits' } });
		const terminal = await openTerminal(token, '3', { liveCatalogue: true });
		await terminal.perform('callNext');
		expect(terminal.materials).not.toContain('新增：户口簿原件');

		const director = await hall.login('director');
		const file = (await hall.api('/api/console/config', { token: director })).body as { services: { id: string; guide: { materials: string[] } }[] };
		file.services.find((s) => s.id === 'letters-visits')!.guide.materials.push('新增：户口簿原件');
		expect((await hall.api('/api/console/config', { method: 'PUT', token: director, body: file })).status).toBe(200);

		await eventually(() => terminal.materials.includes('新增：户口簿原件'), 'the new material');
		// The same visit, still in hand: nothing was reloaded or dropped.
		expect(terminal.current?.status).toBe('called');
	});

	it('pauses only with a reason, and shows the reason it was given', async () => {
		const token = await hall.login('staff3');
		await hall.api('/api/windows/3/sign-in', { method: 'POST', token });
		const terminal = await openTerminal(token, '3');
		const refused = await terminal.pause('   ');
		expect(refused && 'error' in refused && refused.error.code).toBe('bad_request');
		expect(terminal.window?.status).toBe('open');
		const paused = await terminal.pause('午间休息');
		expect(paused && 'data' in paused && paused.data.pauseReason).toBe('午间休息');
		expect(terminal.window).toMatchObject({ status: 'paused', pauseReason: '午间休息' });
		expect(terminal.notice?.text).toBe('窗口已暂停：午间休息');
	});

	it('tells the staff member that a 绿色通道 number missed goes back to its own lane', async () => {
		const token = await hall.login('staff3');
		await hall.api('/api/windows/3/sign-in', { method: 'POST', token });
		await hall.api('/api/tickets', { body: { serviceId: 'letters-visits', priority: 'green' } });
		const terminal = await openTerminal(token, '3');
		await terminal.perform('callNext');
		expect(terminal.current?.priority).toBe('green');
		const number = terminal.current!.number;
		await terminal.perform('noShow');
		expect(terminal.notice?.text).toBe(`${number} 已过号，回到绿色通道队列末尾，仍优先于普通号呼叫`);
	});
});
