// The staff journey at the window terminal: sign in at 2号窗口, call, tick the materials,
// reload without losing anything, recall, transfer to 6号窗口 with a note (where the
// board calls it again and the first responder stays on record), finish, register the
// case with a deadline in working days, refuse with a reason and print the slip, record
// the notification and the 一次性告知单 in the case register, sign out (考勤).
import { expect, test, type BrowserContext } from '@playwright/test';
import {
	act,
	apiLogin,
	openScreen,
	printedCount,
	signInAtTerminal,
	signOutAtTerminal,
	staffWindow,
	takeNumber,
	today,
	vacate,
	type Ticket
} from './window-helpers.ts';

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
	await Promise.all(contexts.splice(0).map((context) => context.close()));
});

test('staff calls, recalls, transfers, finishes, registers, refuses and records the notification', async ({ browser, request }) => {
	// A long journey across three screens: generous on a loaded two-core machine.
	test.setTimeout(120_000);
	// Archives (H) and assistance (D) are served at windows 2 and 6 only.
	await vacate(request, 'staff2', '2');
	const staff6 = await staffWindow(request, 'staff6', '6');
	const first: Ticket = await takeNumber(request, 'archives');
	const second: Ticket = await takeNumber(request, 'assistance');
	const third: Ticket = await takeNumber(request, 'archives');

	const terminal = await openScreen(browser, contexts, '/window');
	await test.step('staff2 signs in and chooses 2号窗口; the badge and the queue show', async () => {
		await signInAtTerminal(terminal, 'staff2', '2号窗口');
		await expect(terminal.getByText('挂牌上岗')).toBeVisible();
		await expect(terminal.getByText('工号 DQ002')).toBeVisible();
		const queue = terminal.getByRole('region', { name: '等候队列' });
		for (const ticket of [first, second, third]) await expect(queue.getByText(ticket.number)).toBeVisible();
		const byService = terminal.getByRole('region', { name: '各业务等候' });
		await expect(byService.getByText(`接下来： ${first.number}、${third.number}`)).toBeVisible();
	});

	await test.step('calls the next number; its guide shows the materials as a checklist', async () => {
		await terminal.getByRole('button', { name: '呼叫下一位', exact: true }).click();
		await expect(terminal.getByTestId('current-number')).toHaveText(first.number);
		await expect(terminal.getByRole('status').filter({ hasText: `已呼叫 ${first.number}` })).toBeVisible();
		await terminal.getByRole('checkbox', { name: '本人身份证', exact: true }).check();
		await expect(terminal.getByText('材料核对（1/3）')).toBeVisible();
	});

	await test.step('a reload loses nothing: the ticket in hand and the ticks are still there', async () => {
		await terminal.reload();
		await expect(terminal.getByTestId('current-number')).toHaveText(first.number);
		await expect(terminal.getByRole('checkbox', { name: '本人身份证', exact: true })).toBeChecked();
	});

	await test.step('recalls (重呼)', async () => {
		await terminal.getByRole('button', { name: '重呼', exact: true }).click();
		await expect(terminal.getByText('已重呼 1 次')).toBeVisible();
	});

	const note = '需调阅档案原件，请6号窗口办理';
	await test.step('transfers to 6号窗口: the note is required', async () => {
		await terminal.getByRole('button', { name: '转移', exact: true }).click();
		const dialog = terminal.getByRole('dialog', { name: '转移' });
		await dialog.getByLabel('指定窗口').check();
		await dialog.getByLabel('目标窗口').selectOption({ label: '6号窗口' });
		await dialog.getByRole('button', { name: '确认转移' }).click();
		await expect(dialog.getByText('请填写转移说明')).toBeVisible();
		await dialog.getByLabel(/转移说明/).fill(note);
		await dialog.getByRole('button', { name: '确认转移' }).click();
		await expect(dialog).toBeHidden();
		await expect(terminal.getByRole('status').filter({ hasText: `${first.number} 已转往6号窗口，排在队首` })).toBeVisible();
		await expect(terminal.getByText('当前没有号码')).toBeVisible();
	});

	const board = await openScreen(browser, contexts, '/board', { width: 1600, height: 900 });
	await expect(board.getByRole('heading', { name: '等候人数' })).toBeVisible();
	const window6 = await openScreen(browser, contexts, '/window');
	await test.step('at 6号窗口 it is first in the queue; called, the board calls it there, with the note and the first responder', async () => {
		await signInAtTerminal(window6, 'staff6', '6号窗口');
		await expect(window6.getByRole('region', { name: '等候队列' }).getByRole('listitem').first()).toContainText(first.number);
		await window6.getByRole('button', { name: '呼叫下一位', exact: true }).click();
		await expect(window6.getByTestId('current-number')).toHaveText(first.number);
		await expect(window6.getByTestId('transfer-info')).toContainText(`由2号窗口转来：「${note}」`);
		await expect(window6.getByTestId('transfer-info')).toContainText('首问责任窗口：2号窗口');
		await expect(board.getByTestId('latest-call')).toHaveText(`请 ${first.number} 号到 6号窗口办理`);
	});

	await test.step('calls, starts and finishes the next visit by keyboard (N, S, F)', async () => {
		await terminal.keyboard.press('n');
		await expect(terminal.getByTestId('current-number')).toHaveText(second.number);
		await terminal.getByRole('checkbox', { name: '本人身份证、户口簿' }).check();
		await terminal.getByRole('checkbox', { name: '家庭困难情况说明' }).check();
		await terminal.keyboard.press('s');
		await expect(terminal.getByTestId('current-status')).toHaveText('办理中');
		await terminal.keyboard.press('f');
		await expect(terminal.getByRole('status').filter({ hasText: `${second.number} 已办结` })).toBeVisible();
		await expect(terminal.getByRole('region', { name: '上一位' })).toContainText(second.number);
	});

	let reference = '';
	await test.step('registers the case (登记备案) with a deadline in working days', async () => {
		await terminal.keyboard.press('d');
		const dialog = terminal.getByRole('dialog', { name: '登记备案' });
		await expect(dialog.getByText(`来源：窗口办理 ${second.number}`)).toBeVisible();
		// The materials left unticked at the counter come pre-selected as missing.
		await expect(dialog.getByRole('checkbox', { name: '家庭收入证明或低保证明' })).toBeChecked();
		await expect(dialog.getByRole('checkbox', { name: '家庭困难情况说明' })).not.toBeChecked();
		await dialog.getByLabel('姓名').fill('张三明');
		await dialog.getByLabel('联系电话').fill('13812341234');
		await dialog.getByLabel('事项内容').fill('申请困难党员帮扶，待入户核实');
		await dialog.getByLabel('全程代办').check();
		await dialog.getByLabel('办结时限（工作日）').fill('5');
		await dialog.getByRole('button', { name: '登记', exact: true }).click();
		const saved = dialog.getByTestId('case-saved');
		await expect(saved).toContainText(/已登记，编号 DJ-\d{8}-\d{3}/);
		await expect(saved).toContainText(/应于 \d{4}-\d{2}-\d{2} 前办结（5 个工作日）/);
		reference = /DJ-\d{8}-\d{3}/.exec((await saved.textContent()) ?? '')![0];
		await dialog.getByRole('button', { name: '关闭', exact: true }).last().click();
		await expect(terminal.getByText(`已登记备案 ${reference}`)).toBeVisible();
	});

	await test.step('refuses the next visit: a reason is required; then the refusal slip prints', async () => {
		await terminal.getByRole('button', { name: '呼叫下一位', exact: true }).click();
		await expect(terminal.getByTestId('current-number')).toHaveText(third.number);
		await terminal.getByRole('button', { name: '开始办理', exact: true }).click();
		await expect(terminal.getByTestId('current-status')).toHaveText('办理中');
		await terminal.getByRole('button', { name: '不予受理', exact: true }).click();
		const dialog = terminal.getByRole('dialog', { name: '不予受理' });
		await dialog.getByRole('button', { name: '确认不予受理' }).click();
		await expect(dialog.getByText('请填写不予受理的原因')).toBeVisible();
		await dialog.getByRole('button', { name: '不属于本中心受理范围' }).click();
		await dialog.getByRole('button', { name: '确认不予受理' }).click();
		await expect(dialog.getByText(`${third.number} 已不予受理，原因已记录`)).toBeVisible();
		await expect(dialog.getByTestId('slip-refusal')).toContainText('不属于本中心受理范围');
		await dialog.getByRole('button', { name: '打印不予受理告知书' }).click();
		await expect.poll(() => printedCount(terminal)).toBe(1);
		await expect(terminal.getByTestId('print-area')).toContainText('不予受理告知书');
		await dialog.getByRole('button', { name: '关闭', exact: true }).last().click();
		await expect(terminal.getByRole('region', { name: '上一位' })).toContainText('不予受理：不属于本中心受理范围');
	});

	await test.step('in the case register: finds the case, records the notification, the 一次性告知单 and the result', async () => {
		await terminal.getByRole('link', { name: '待办事项' }).click();
		await expect(terminal.getByRole('heading', { name: '待办事项', level: 1 })).toBeVisible();
		await terminal.getByRole('button', { name: '全部', exact: true }).click();
		await terminal.getByPlaceholder('按号码、姓名或登记编号搜索').fill(second.number);
		await terminal.getByLabel('受理日期').fill(today());
		await terminal.getByRole('button', { name: '查询' }).click();
		const row = terminal.getByRole('row').filter({ hasText: reference });
		await expect(row).toContainText('张三明');
		await row.getByRole('button', { name: reference }).click();
		const detail = terminal.getByRole('article', { name: reference });
		await expect(detail.getByTestId('case-due')).toContainText('5 个工作日');

		await detail.getByLabel('告知方式').selectOption({ label: '电话' });
		await detail.getByRole('button', { name: '记录告知' }).click();
		await expect(detail.getByText('告知情况已记录')).toBeVisible();
		await expect(detail.getByTestId('case-notified')).toContainText('通过电话告知');

		await expect(detail.getByRole('checkbox', { name: '家庭收入证明或低保证明' })).toBeChecked();
		const printedBefore = await printedCount(terminal);
		await detail.getByRole('button', { name: '打印一次性告知单' }).click();
		await expect(detail.getByTestId('case-slip')).toContainText('家庭收入证明或低保证明');
		await expect.poll(() => printedCount(terminal)).toBe(printedBefore + 1);
		await expect(terminal.getByTestId('print-area')).toContainText('一次性告知单');

		await detail.getByLabel('办理结果').fill('已入户核实，帮扶已发放');
		await detail.getByRole('button', { name: '记录结果并办结' }).click();
		await expect(detail.getByText('办理结果已记录，事项已办结')).toBeVisible();
		await expect(row).toContainText('已办结');
	});

	await test.step('back at the terminal, signs out: both are attendance records (考勤)', async () => {
		await terminal.getByRole('link', { name: '返回窗口终端' }).click();
		await expect(terminal.getByRole('heading', { name: '2号窗口', level: 1 })).toBeVisible();
		await signOutAtTerminal(terminal);
		await expect(terminal.getByRole('heading', { name: '请选择您的窗口' })).toBeVisible();
		const director = await apiLogin(request, 'director');
		const attendance = (await (await request.get(`/api/attendance?date=${today()}`, { headers: { authorization: `Bearer ${director}` } })).json()) as {
			type: string;
			windowId: string;
			staff: { staffNo: string } | null;
		}[];
		const mine = attendance.filter((a) => a.windowId === '2' && a.staff?.staffNo === 'DQ002').map((a) => a.type);
		expect(mine.slice(-2)).toEqual(['sign-in', 'sign-out']);
	});

	// Leave 6号窗口 as it was found: empty and unstaffed.
	expect((await act(request, staff6, '6', 'start')).ok()).toBe(true);
	expect((await act(request, staff6, '6', 'finish', { outcome: 'done' })).ok()).toBe(true);
	expect((await act(request, staff6, '6', 'sign-out')).ok()).toBe(true);
});
