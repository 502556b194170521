// 节假日: the calendar starts from the holiday package's official days, stays editable, and
// the console warns while the coming year has no official schedule yet (the package lags the
// State Council's announcement); a day the director adds is kept in the hall file.
import { expect, test } from '@playwright/test';
import { closeScreens, goToSection, hallFile, openConsole, restoreConfig, signIn } from './console-helpers.ts';

test.afterEach(closeScreens);

test('the holiday calendar: official days, the coming-year warning, and the hall’s own days', async ({ browser, request }) => {
	const director = await signIn(request, 'director');
	const original = await hallFile(director);
	const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(Date.now()));
	const comingYear = thisYear + 1;
	const calendar = await director.get(`/api/console/calendar?year=${thisYear}`);
	const newYearsDay = `${comingYear}-01-01`;

	try {
		const page = await openConsole(browser);
		await goToSection(page, '业务与窗口');
		await page.getByRole('tab', { name: '节假日' }).click();

		const official = page.getByRole('table', { name: `${thisYear} 年法定节假日和调休上班日` });
		const officialDays = Object.keys(calendar.official);
		if (officialDays.length > 0) await expect(official.getByRole('row')).toHaveCount(officialDays.length + 1);

		const warning = page.getByTestId('holiday-warning');
		if (calendar.knownThroughYear < comingYear) {
			await expect(warning).toContainText(`${comingYear} 年的法定节假日安排尚未收录`);
			await expect(warning).toContainText(`节假日数据目前只到 ${calendar.knownThroughYear} 年`);
		} else {
			await expect(warning).toHaveCount(0);
		}

		await page.getByLabel('日期', { exact: true }).fill(newYearsDay);
		await page.getByLabel('安排', { exact: true }).selectOption('holiday');
		await page.getByRole('button', { name: '添加调整' }).click();
		await expect(page.getByRole('table', { name: '大厅调整的日期' })).toContainText(`${comingYear}年1月1日`);
		await page.getByRole('button', { name: '保存配置' }).click();
		await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
		expect((await hallFile(director)).hours.overrides[newYearsDay]).toBe('holiday');
		if (calendar.knownThroughYear < comingYear) await expect(warning).toContainText('已手动添加 1 天');
	} finally {
		await restoreConfig(director, original);
	}
});
