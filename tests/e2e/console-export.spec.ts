// 导出 Excel as the director sees a long export: a progress bar while the server builds the
// workbook in its own thread, and 取消导出 that stops it. The server's job answers are held at
// "running, 3 of 10" here so the screen can be checked at that moment (the job itself — its
// thread, progress, cancel and file — is tested against the real server in
// tests/integration/history.test.ts).
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { closeScreens, goToSection, openConsole } from './console-helpers.ts';

test.afterEach(closeScreens);

test('a long export shows its progress and can be cancelled', async ({ browser }) => {
	const console = await openConsole(browser);
	await goToSection(console, '统计报表');
	await console.getByRole('radio', { name: '月报' }).check();

	let job: Record<string, unknown> | null = null;
	let cancelled = false;
	await console.route('**/api/console/exports', async (route) => {
		const response = await route.fetch();
		job = await response.json();
		await route.fulfill({ status: 202, json: { ...job, state: 'running', done: 0, total: 10 } });
	});
	await console.route(/\/api\/console\/exports\/[^/]+$/, async (route) => {
		if (route.request().method() === 'DELETE') {
			cancelled = true;
			await route.fulfill({ json: { ...job, state: 'cancelled', message: '已取消导出', done: 3, total: 10 } });
			return;
		}
		await route.fulfill({ json: { ...job, state: cancelled ? 'cancelled' : 'running', done: 3, total: 10 } });
	});

	await console.getByRole('button', { name: '导出 Excel' }).click();
	const progress = console.getByRole('progressbar');
	await expect(progress).toBeVisible();
	await expect(progress).toHaveAttribute('value', '3');
	await expect(progress).toHaveAttribute('max', '10');
	await expect(console.getByRole('status').filter({ hasText: '正在导出' })).toContainText('（30%）');
	expect((await new AxeBuilder({ page: console }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
	await console.screenshot({ path: test.info().outputPath('console-export-progress.png') });

	await console.getByRole('button', { name: '取消导出' }).click();
	await expect(console.getByText('已取消导出。')).toBeVisible();
	await expect(progress).toHaveCount(0);
	await expect(console.getByRole('button', { name: '取消导出' })).toHaveCount(0);
	// A cancel is not an error, and nothing was downloaded.
	await expect(console.getByRole('alert')).toHaveCount(0);
	await expect(console.getByText('已导出，请在浏览器的下载中查看')).toHaveCount(0);
});
