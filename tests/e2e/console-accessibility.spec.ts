// axe-core on the console: the login form, every section and every part of the
// configuration editor, with no serious or critical violations.
import { expect, test } from '@playwright/test';
import { closeScreens, goToSection, openConsole, openScreen } from './console-helpers.ts';
import { expectNoSeriousViolations } from './axe.ts';

test.afterEach(closeScreens);


test('the console is accessible, login and every section', async ({ browser }) => {
	test.setTimeout(150_000);
	const login = await openScreen(browser, '/console');
	await expect(login.getByRole('heading', { name: '服务中心主任登录' })).toBeVisible();
	await expectNoSeriousViolations(login, 'login');

	const page = await openConsole(browser);
	await expect(page.getByTestId('live-waiting')).toBeVisible();
	await expectNoSeriousViolations(page, '今日概况');

	const ready: Record<string, () => Promise<void>> = {
		业务与窗口: () => expect(page.getByRole('tab', { name: '业务' })).toBeVisible(),
		工作人员: () => expect(page.getByTestId('staff-staff1')).toBeVisible(),
		公示: () => expect(page.getByRole('article').first()).toBeVisible(),
		投诉建议: () => expect(page.getByRole('heading', { name: '登记电话投诉' })).toBeVisible(),
		值班: () => expect(page.getByRole('heading', { name: '值班日志' })).toBeVisible(),
		统计报表: () => expect(page.getByRole('table', { name: '按业务' })).toBeVisible(),
		档案查阅: () => expect(page.getByRole('heading', { name: '个人信息查阅记录' })).toBeVisible(),
		操作日志: () => expect(page.getByRole('button', { name: '刷新' })).toBeVisible()
	};
	for (const [section, isReady] of Object.entries(ready)) {
		await goToSection(page, section);
		await isReady();
		await expectNoSeriousViolations(page, section);
	}
});

test('every part of the configuration editor is accessible', async ({ browser }) => {
	// axe takes seconds per page on a loaded machine: six parts need more than the default minute.
	test.setTimeout(150_000);
	const page = await openConsole(browser);
	await goToSection(page, '业务与窗口');
	await expectNoSeriousViolations(page, '业务与窗口/业务');
	for (const part of ['窗口', '办公时间', '节假日', '大厅设置', '终端']) {
		await page.getByRole('tab', { name: part }).click();
		await expect(page.getByRole('tabpanel', { name: part })).toBeVisible();
		await expectNoSeriousViolations(page, `业务与窗口/${part}`);
	}
});
