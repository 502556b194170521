// 值班: the director puts 李强 on today's duty roster in the console; at his window terminal
// a 值班日志 button appears, and the call he logs there shows in the console's duty log.
import { expect, test } from '@playwright/test';
import { closeScreens, goToSection, hallToday, openConsole, signIn } from './console-helpers.ts';
import { openScreen, signInAtTerminal, vacate } from './window-helpers.ts';
import type { BrowserContext } from '@playwright/test';

const contexts: BrowserContext[] = [];

test.afterEach(async ({ request }) => {
	await closeScreens();
	await Promise.all(contexts.splice(0).map((c) => c.close()));
	const director = await signIn(request, 'director');
	await director.send('PUT', `/api/console/duty/${hallToday()}`, { people: [] });
	await vacate(request, 'staff2', '2');
});

test('the director rosters today; the man on duty keeps the log from his window', async ({ browser, request }) => {
	await vacate(request, 'staff2', '2');
	const day = hallToday();
	const [, month, date] = day.split('-').map(Number);
	const label = `${month}月${date}日`;
	const note = `来电询问周六是否开放（${Date.now().toString(36).slice(-5)}）`;

	const consolePage = await openConsole(browser);
	await goToSection(consolePage, '值班');
	const row = consolePage.getByTestId(`duty-${day}`);
	await row.getByRole('button', { name: `安排 ${label}` }).click();
	await row.getByLabel(`${label} 第 1 人`, { exact: true }).selectOption({ label: '李强（DQ002）' });
	await row.getByRole('button', { name: '保存' }).click();
	await expect(row).toContainText('带班领导 李强');

	const terminal = await openScreen(browser, contexts, '/window');
	await signInAtTerminal(terminal, 'staff2', '2号窗口');
	await terminal.getByRole('button', { name: '值班日志' }).click();
	const dialog = terminal.getByRole('dialog', { name: /今日值班/ });
	await expect(dialog).toContainText('带班领导 李强');
	await dialog.getByLabel('类别').selectOption({ label: '来电' });
	// Nothing typed: said plainly, nothing written.
	await dialog.getByRole('button', { name: '写入值班日志' }).click();
	await expect(dialog.getByText('请填写记录内容')).toBeVisible();
	await dialog.getByLabel('记录内容').fill(note);
	await dialog.getByRole('button', { name: '写入值班日志' }).click();
	await expect(dialog.getByRole('status')).toHaveText('已记入值班日志');
	await expect(dialog.getByRole('listitem').filter({ hasText: note })).toContainText('来电 · 李强');

	await consolePage.getByRole('button', { name: '本月' }).click();
	const log = consolePage.getByRole('region', { name: '值班日志' });
	await expect(log.getByRole('listitem').filter({ hasText: note })).toContainText('李强');
});

test('staff who are not on duty today see no duty log at their window', async ({ browser, request }) => {
	await vacate(request, 'staff2', '2');
	const terminal = await openScreen(browser, contexts, '/window');
	await signInAtTerminal(terminal, 'staff2', '2号窗口');
	await expect(terminal.getByRole('button', { name: '呼叫下一位' })).toBeVisible();
	await expect(terminal.getByRole('button', { name: '值班日志' })).toHaveCount(0);
});
