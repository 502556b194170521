// The USB caller keypad and the evaluator pad at 3号窗口, through fake HID devices that
// send the reports real ones send, read by the real window station agent: the keys call,
// start and finish at the staff member's terminal and rate the visit on the tablet, just
// as taps do. With nobody signed in, a key is refused and the agent is told why.
import { fileURLToPath } from 'node:url';
import { expect, test, type BrowserContext } from '@playwright/test';
import { pino } from 'pino';
import type { OpenHidDevice } from '../../devices/hid/hid-device.ts';
import { loadKeyMap } from '../../window-station/keymap.ts';
import { startWindowStation, type PressOutcome, type WindowStation } from '../../window-station/station.ts';
import { FakeHidDevice } from '../fakes/fake-hid.ts';
import { openScreen, signInAtTerminal, signOutAtTerminal, takeNumber, vacate } from './window-helpers.ts';

const KEYMAP = fileURLToPath(new URL('../../window-station/keymap.example.json', import.meta.url));
const KEYPAD = { next: 1, recall: 2, 'no-show': 3, start: 4, finish: 5, pause: 6, resume: 7 } as const;

const contexts: BrowserContext[] = [];
let station: WindowStation | null = null;
test.afterEach(async () => {
	await station?.close();
	station = null;
	await Promise.all(contexts.splice(0).map((context) => context.close()));
});

function answered(agent: WindowStation, device: PressOutcome['device']): Promise<PressOutcome> {
	return new Promise((resolve) => {
		const listener = (outcome: PressOutcome) => {
			if (outcome.device !== device) return;
			agent.events.off('press', listener);
			resolve(outcome);
		};
		agent.events.on('press', listener);
	});
}

test('the keypad calls, starts and finishes at 3号窗口 and the evaluator pad rates the visit', async ({ browser, request, baseURL }) => {
	test.setTimeout(120_000);
	await vacate(request, 'staff3', '3');
	const ticket = await takeNumber(request, 'letters-visits');

	const keypad = new FakeHidDevice(0x1a86, 0xe026);
	const evaluator = new FakeHidDevice(0x1a86, 0xe027);
	const open: OpenHidDevice = (vendorId, productId) =>
		(productId === keypad.productId ? keypad : evaluator).opener()(vendorId, productId);
	const agent = startWindowStation({
		server: baseURL!,
		windowId: '3',
		key: 'demo-w3-agent-key-change-me',
		keyMap: loadKeyMap(KEYMAP),
		logger: pino({ level: 'silent' }),
		open
	});
	station = agent;
	await expect(agent.ready()).resolves.toMatchObject({ station: 'W3', windowName: '3号窗口' });
	await expect.poll(() => keypad.opened > 0 && evaluator.opened > 0).toBe(true);

	const press = async (action: keyof typeof KEYPAD) => {
		const answer = answered(agent, 'keypad');
		keypad.report(Buffer.from([0x02, KEYPAD[action]]));
		keypad.report(Buffer.alloc(2));
		return (await answer).ack;
	};

	const terminal = await openScreen(browser, contexts, '/window');
	await signInAtTerminal(terminal, 'staff3', '3号窗口');
	const tablet = await openScreen(browser, contexts, '/rate/3', { width: 1280, height: 800 });
	await expect(tablet.getByRole('heading', { name: '欢迎对我们的服务进行评价' })).toBeVisible();

	await test.step('呼叫下一位 on the keypad: the terminal shows the number called', async () => {
		await press('next');
		await expect(terminal.getByTestId('current-number')).toHaveText(ticket.number);
		await expect(terminal.getByTestId('current-status')).toHaveText('已叫号');
	});

	await test.step('开始办理 and 办结 on the keypad; the terminal keeps the visit for 登记备案', async () => {
		await press('start');
		await expect(terminal.getByTestId('current-status')).toHaveText('办理中');
		await press('finish');
		await expect(terminal.getByText('当前没有号码')).toBeVisible();
		await expect(terminal.getByRole('region', { name: '上一位' })).toContainText(ticket.number);
	});

	await test.step('the evaluator pad rates the visit: the tablet thanks, the terminal shows it', async () => {
		await expect(tablet.getByTestId('rate-number')).toHaveText(ticket.number);
		const rated = answered(agent, 'evaluator');
		evaluator.report(Buffer.from([0x01, 0x05]));
		evaluator.report(Buffer.alloc(2));
		expect((await rated).ack).toMatchObject({ data: { grade: 5, followUpCaseReference: null } });
		await expect(tablet.getByRole('heading', { name: '感谢您的评价！' })).toBeVisible();
		await expect(tablet.getByText('您的评价：非常满意')).toBeVisible();
		await expect(terminal.getByTestId('last-rating')).toHaveText('群众评价：非常满意');
	});

	await test.step('signed out, the keypad is refused with a clear message to the agent', async () => {
		await signOutAtTerminal(terminal);
		await expect(terminal.getByRole('heading', { name: '请选择您的窗口' })).toBeVisible();
		const refused = await press('next');
		expect(refused).toMatchObject({ error: { code: 'window_closed' } });
		expect('error' in refused && refused.error.message).toContain('没有工作人员签到');
	});
});
