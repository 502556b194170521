// The window terminal at 1366×768 follows the hall as it changes, without a reload: the
// director adds a material to a guide in the console and the open terminal's checklist shows
// it at once; and 暂停 asks for a reason (common ones as buttons, or typed) that the board
// shows beside 「暂停服务」 in its window grid.
import { expect, test, type BrowserContext } from '@playwright/test';
import { goToSection, hallFile, openConsole, restoreConfig, closeScreens, signIn, stamp } from './console-helpers.ts';
import { apiLogin, openScreen, signInAtTerminal, signOutAtTerminal, takeNumber, vacate } from './window-helpers.ts';
import { expectNoSeriousViolations } from './axe.ts';
import { shoot } from './screens.ts';

const LAPTOP = { width: 1366, height: 768 };
const contexts: BrowserContext[] = [];

test.afterEach(async () => {
	await closeScreens();
	await Promise.all(contexts.splice(0).map((context) => context.close()));
});


test('a material the director adds in the console appears on the open terminal without a reload', async ({ browser, request }) => {
	test.setTimeout(120_000);
	await vacate(request, 'staff4', '4');
	const ticket = await takeNumber(request, 'heart-talk');
	const director = await signIn(request, 'director');
	const original = await hallFile(director);
	const service = original.services.find((s: { id: string }) => s.id === 'heart-talk');
	const material = `本人党员证明材料（${stamp()}）`;

	try {
		const terminal = await openScreen(browser, contexts, '/window', LAPTOP);
		await signInAtTerminal(terminal, 'staff4', '4号窗口');
		await terminal.getByRole('button', { name: '呼叫下一位', exact: true }).click();
		await expect(terminal.getByTestId('current-number')).toHaveText(ticket.number);
		const checklist = terminal.getByRole('group', { name: /^材料核对/ });
		await expect(checklist.getByText(service.guide.materials[0], { exact: true })).toBeVisible();
		await expect(checklist.getByText(material)).toHaveCount(0);
		// A marker in the page: it survives only if the page is never reloaded.
		await terminal.evaluate(() => Object.assign(window, { liveGuideMarker: true }));

		const console = await openConsole(browser);
		await goToSection(console, '业务与窗口');
		await console.getByRole('button', { name: new RegExp(service.name) }).click();
		const materials = console.getByRole('group', { name: '所需材料' });
		await materials.getByRole('button', { name: '添加所需材料' }).click();
		await materials.getByRole('textbox', { name: `所需材料第 ${service.guide.materials.length + 1} 项` }).fill(material);
		await console.getByRole('button', { name: '保存配置' }).click();
		await expect(console.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();

		await expect(checklist.getByText(material, { exact: true })).toBeVisible();
		await expect(checklist).toContainText(`材料核对（0/${service.guide.materials.length + 1}）`);
		expect(await terminal.evaluate(() => (window as unknown as { liveGuideMarker?: boolean }).liveGuideMarker)).toBe(true);
		// The ticket in hand is still in hand: nothing was dropped on the way.
		await expect(terminal.getByTestId('current-number')).toHaveText(ticket.number);
		await shoot(terminal, 'terminal-live-guide-1366x768');

		await terminal.getByRole('button', { name: '开始办理', exact: true }).click();
		await terminal.getByRole('button', { name: '办结', exact: true }).click();
		await expect(terminal.getByRole('status').filter({ hasText: `${ticket.number} 已办结` })).toBeVisible();
		await signOutAtTerminal(terminal);
	} finally {
		await restoreConfig(director, original);
	}
});

test('暂停 asks for a reason; the board shows 暂停服务 and the reason for that window', async ({ browser, request }) => {
	test.setTimeout(120_000);
	await vacate(request, 'staff4', '4');
	const terminal = await openScreen(browser, contexts, '/window', LAPTOP);
	await signInAtTerminal(terminal, 'staff4', '4号窗口');
	const board = await openScreen(browser, contexts, '/board', { width: 1920, height: 1080 });
	const tile = board.getByTestId('window-grid').locator('li[data-window="4"]');
	await expect(tile).toBeVisible();
	await expect(tile.getByTestId('pause-reason')).toHaveCount(0);

	await test.step('the reason is required: the dialog says so next to the field', async () => {
		await terminal.getByRole('button', { name: /^暂停/ }).click();
		const dialog = terminal.getByRole('dialog', { name: '暂停服务' });
		await expect(dialog).toBeVisible();
		await dialog.getByRole('button', { name: '确认暂停' }).click();
		await expect(dialog.getByText('请选择或填写暂停原因')).toBeVisible();
		await expect(terminal.locator('.pill-open')).toBeVisible();
		await expectNoSeriousViolations(terminal);
	});

	await test.step('a common reason with one tap; the dialog fits the laptop screen', async () => {
		const dialog = terminal.getByRole('dialog', { name: '暂停服务' });
		await dialog.getByRole('button', { name: '外出调取材料' }).click();
		await expect(dialog.getByRole('button', { name: '外出调取材料' })).toHaveAttribute('aria-pressed', 'true');
		await expect(dialog.getByLabel(/^暂停原因/)).toHaveValue('外出调取材料');
		const box = await dialog.boundingBox();
		expect(box && box.y >= 0 && box.y + box.height <= LAPTOP.height).toBe(true);
		await shoot(terminal, 'terminal-pause-dialog-1366x768');
		await dialog.getByRole('button', { name: '确认暂停' }).click();
		await expect(dialog).toBeHidden();
		await expect(terminal.getByTestId('pause-reason')).toHaveText('外出调取材料');
		await expect(terminal.getByRole('status').filter({ hasText: '窗口已暂停：外出调取材料' })).toBeVisible();
	});

	await test.step('the board shows 暂停服务 and the reason on window 4, pushed, not polled', async () => {
		await expect(tile).toContainText('暂停服务');
		await expect(tile.getByTestId('pause-reason')).toHaveText('外出调取材料');
		await shoot(board, 'board-paused-window-1920x1080');
	});

	await test.step('typed words work too; 恢复 clears the board', async () => {
		await terminal.getByRole('button', { name: /^恢复/ }).click();
		await expect(tile.getByTestId('pause-reason')).toHaveCount(0);
		await terminal.getByRole('button', { name: /^暂停/ }).click();
		const dialog = terminal.getByRole('dialog', { name: '暂停服务' });
		await dialog.getByLabel(/^暂停原因/).fill('接待上级检查，10 分钟后恢复');
		await dialog.getByRole('button', { name: '确认暂停' }).click();
		await expect(tile.getByTestId('pause-reason')).toHaveText('接待上级检查，10 分钟后恢复');
		await terminal.getByRole('button', { name: /^恢复/ }).click();
		await expect(tile.getByTestId('pause-reason')).toHaveCount(0);
	});

	// The day's attendance lists the pauses with their reasons.
	const token = await apiLogin(request, 'director');
	const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
	const attendance = (await (await request.get(`/api/attendance?date=${date}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
		type: string;
		windowId: string;
		reason?: string;
	}[];
	expect(attendance.filter((a) => a.windowId === '4' && a.type === 'pause').map((a) => a.reason).slice(-2)).toEqual(['外出调取材料', '接待上级检查，10 分钟后恢复']);
	await signOutAtTerminal(terminal);
});
