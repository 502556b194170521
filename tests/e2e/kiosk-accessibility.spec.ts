// The kiosk's screens checked with axe (WCAG 2 A/AA) and for touch targets of at least
// 64 px: home, a guide, a ticket, a notice, the complaint form with its on-screen
// keyboard and candidate bar, and 长辈模式.
import { expect, test, type Page } from '@playwright/test';
import { axeFindings } from './axe.ts';

async function audit(page: Page, where: string): Promise<void> {
	expect(await axeFindings(page, 'all'), `axe on ${where}`).toEqual([]);
	const small = await page.locator('button:visible, input:visible, textarea:visible, label:has(input[type=radio])').evaluateAll((elements) =>
		elements
			.filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio'))
			.map((el) => ({ name: (el.textContent || el.id).trim().slice(0, 20), rect: el.getBoundingClientRect() }))
			.filter(({ rect }) => rect.width < 64 || rect.height < 64)
			.map(({ name, rect }) => `${name} ${Math.round(rect.width)}×${Math.round(rect.height)}`)
	);
	expect(small, `touch targets on ${where}`).toEqual([]);
}

test('every kiosk screen passes axe', async ({ browser }) => {
	// Six full axe runs over CJK pages: slow on a loaded two-core machine.
	test.slow();
	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	const kiosk = await context.newPage();
	await kiosk.goto('/kiosk?station=K1');
	await expect(kiosk.getByRole('heading', { name: '请选择要办理的业务' })).toBeVisible();
	await audit(kiosk, 'home');

	await kiosk.getByRole('button', { name: /^档案查阅/ }).click();
	await expect(kiosk.getByRole('heading', { name: '办事流程图' })).toBeVisible();
	await audit(kiosk, 'guide');

	await kiosk.getByRole('button', { name: '取号', exact: true }).click();
	await expect(kiosk.getByRole('img', { name: '手机扫码，随时查看排队进度' }).locator('svg')).toBeVisible();
	await audit(kiosk, 'ticket');

	await kiosk.getByRole('button', { name: '首页' }).click();
	await kiosk.getByRole('button', { name: /^公示/ }).click();
	await kiosk.getByRole('main').getByRole('listitem').first().getByRole('button').click();
	await expect(kiosk.getByRole('button', { name: '提出异议' })).toBeVisible();
	await audit(kiosk, 'notice');

	await kiosk.getByRole('button', { name: '首页' }).click();
	await kiosk.getByRole('button', { name: /^投诉建议/ }).click();
	await expect(kiosk.getByTestId('on-screen-keyboard').getByRole('button', { name: 'q', exact: true })).toBeVisible();
	for (const key of 'dang') await kiosk.getByTestId('on-screen-keyboard').getByRole('button', { name: key, exact: true }).click();
	await expect(kiosk.getByRole('button', { name: '党', exact: true })).toBeVisible();
	await audit(kiosk, 'complaint form');

	await kiosk.getByRole('button', { name: '首页' }).click();
	await kiosk.getByRole('button', { name: '长辈模式' }).click();
	await expect(kiosk.getByRole('button', { name: '下一页' })).toBeVisible();
	await audit(kiosk, '长辈模式');
	await context.close();
});

test('the receipt and 进度查询 pass axe, with touch targets of 64 px', async ({ browser }) => {
	test.slow();
	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	const kiosk = await context.newPage();
	await kiosk.goto('/kiosk?station=K1');
	await kiosk.getByRole('button', { name: /^投诉建议/ }).click();
	await kiosk.getByRole('radio', { name: /^建议/ }).check();
	await kiosk.getByRole('textbox', { name: '具体内容' }).fill('建议增加饮水机');
	await kiosk.getByRole('button', { name: '提交', exact: true }).click();
	await expect(kiosk.getByRole('img', { name: '手机扫码查看答复' }).locator('svg')).toBeVisible();
	await audit(kiosk, 'receipt');
	const reference = (await kiosk.getByTestId('reference').textContent())!.trim();

	await kiosk.getByRole('button', { name: '完成' }).click();
	await kiosk.getByTestId('lookup-entry').click();
	await expect(kiosk.getByRole('button', { name: '查询', exact: true })).toBeVisible();
	await audit(kiosk, 'lookup keypad');
	await kiosk.keyboard.type(reference);
	await kiosk.getByRole('button', { name: '查询', exact: true }).click();
	await expect(kiosk.getByTestId('reference-status')).toBeVisible();
	await audit(kiosk, 'lookup answer');
	await context.close();
});
