// 节假日 on fixed years and a fake clock (the browser's clock set to 20 December 2026): 2026
// comes from the holiday package, 2027 is statutory only (said in words) and the console warns
// about it; the State Council notice pasted in is previewed as a year with its differences,
// applied, and the warning goes; a day the director adds is kept in the hall file.
import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, goToSection, hallFile, restoreConfig, signIn } from './console-helpers.ts';

const notice = (name: string) => readFileSync(new URL(`../../server/calendar/fixtures/${name}.txt`, import.meta.url), 'utf8');

/** Sunday 20 December 2026, 10:00 in the hall: after 1 November, before the 2027 notice. */
const DEC_20 = new Date('2026-12-20T10:00:00+08:00');

async function holidaysTab(page: Page): Promise<void> {
	await page.goto('/console');
	await page.getByLabel('用户名').fill('director');
	await page.getByLabel('密码').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await expect(page.getByRole('heading', { name: '今日概况', level: 1 })).toBeVisible();
	await goToSection(page, '业务与窗口');
	await page.getByRole('tab', { name: '节假日' }).click();
}

test('the holiday calendar: 2026 published, 2027 statutory only with a warning, the notice pasted in, and the hall’s own days', async ({ browser, request }) => {
	// axe and a year of cells take a while on a loaded machine.
	test.setTimeout(120_000);
	const director = await signIn(request, 'director');
	const original = await hallFile(director);
	expect(original.hours.published?.['2027']).toBeUndefined();
	const year2026 = await director.get('/api/console/calendar?year=2026');
	const official2026 = Object.keys(year2026.official);
	// The package's 2026 schedule: weekday holidays and weekend make-up days (调休).
	expect(official2026.length).toBeGreaterThan(20);

	const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
	const page = await context.newPage();
	await page.clock.setFixedTime(DEC_20);
	try {
		await holidaysTab(page);

		// Which years are covered, in words.
		await expect(page.getByTestId('coverage-2026')).toContainText('已公布（节假日数据包）');
		await expect(page.getByTestId('coverage-2027')).toContainText('仅法定节假日（放假安排尚未公布）');
		const warning = page.getByTestId('holiday-warning');
		await expect(warning).toHaveCount(1);
		await expect(warning).toContainText('2027 年的放假安排尚未录入');
		await expect(warning).toContainText('只按法定节假日计算');

		// 2026: every official day listed.
		await expect(page.getByRole('table', { name: '2026 年法定节假日和调休上班日' }).getByRole('row')).toHaveCount(official2026.length + 1);
		// 2027: the statutory days on weekdays, each said to be statutory with the schedule not yet published.
		await page.getByLabel('年份').selectOption('2027');
		await expect(page.getByTestId('year-coverage')).toContainText('2027 年：仅法定节假日（放假安排尚未公布）');
		const table2027 = page.getByRole('table', { name: '2027 年法定节假日和调休上班日' });
		await expect(table2027.getByRole('row').filter({ hasText: '2027年1月1日' })).toContainText('元旦法定节假日（放假安排尚未公布）');
		await expect(table2027.getByRole('row').filter({ hasText: '2027年2月5日' })).toContainText('春节');
		// 13 statutory days; 2-06, 2-07, 5-01, 5-02, 10-02 and 10-03 fall on weekends (closed anyway): 7 rows.
		await expect(table2027.getByRole('row')).toHaveCount(7 + 1);

		// Text it cannot read: the line is named, nothing changes.
		const text = page.getByLabel('通知全文');
		await text.fill(notice('notice-2027-invented').replace('共8天', '共9天'));
		await page.getByRole('button', { name: '读取通知' }).click();
		await expect(page.getByTestId('notice-error')).toContainText('第 5 行无法识别');
		await expect(page.getByTestId('notice-error')).toContainText('共 9 天');

		// The 2026 notice agrees with the package: nothing would change.
		await text.fill(notice('notice-2026'));
		await page.getByRole('button', { name: '读取通知' }).click();
		await expect(page.getByTestId('notice-summary')).toContainText('与大厅现在的 2026 年安排完全一致');
		await page.getByRole('button', { name: '取消' }).click();

		// The 2027 notice: previewed as a year with its differences, then applied.
		await text.fill(notice('notice-2027-invented'));
		await page.getByRole('button', { name: '读取通知' }).click();
		const preview = page.getByTestId('notice-preview');
		await expect(preview.getByRole('heading', { name: '2027 年放假安排（预览，尚未录入）' })).toBeVisible();
		await expect(page.getByTestId('notice-summary')).toContainText('有 16 天不同');
		await expect(preview.getByLabel('2月9日 放假（与现在不同）')).toBeVisible();
		await expect(preview.getByLabel('2月20日 调休上班（与现在不同）')).toBeVisible();
		await expect(preview.getByLabel('1月1日 放假', { exact: true })).toBeVisible();
		expect((await hallFile(director)).hours.published?.['2027']).toBeUndefined();
		// The preview's year is readable by everyone: no serious or critical axe violation.
		const axe = await new AxeBuilder({ page }).include('[data-testid="notice-preview"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
		expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
		await page.getByRole('button', { name: '确认录入 2027 年放假安排' }).click();
		await expect(page.getByTestId('notice-applied')).toContainText('已录入 2027 年放假安排');
		await expect(page.getByTestId('coverage-2027')).toContainText('已公布（已录入国务院通知）');
		await expect(warning).toHaveCount(0);
		expect((await hallFile(director)).hours.published['2027'].workdays).toEqual(['2027-02-20', '2027-04-25', '2027-05-08', '2027-09-26', '2027-10-09']);
		const audit = await director.get('/api/console/audit');
		expect(audit.find((e: { action: string }) => e.action === 'calendar:notice')).toMatchObject({ target: '2027' });

		// The hall's own day on top, kept in the hall file.
		await page.getByLabel('日期', { exact: true }).fill('2027-01-04');
		await page.getByLabel('安排', { exact: true }).selectOption('holiday');
		await page.getByRole('button', { name: '添加调整' }).click();
		await expect(page.getByRole('table', { name: '大厅调整的日期' })).toContainText('2027年1月4日');
		await page.getByRole('button', { name: '保存配置' }).click();
		await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
		expect((await hallFile(director)).hours.overrides['2027-01-04']).toBe('holiday');
	} finally {
		await context.close();
		await restoreConfig(director, original);
	}
});
