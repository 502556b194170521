// axe-core on every screen: no serious or critical violations; kiosk touch targets ≥ 64 px.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signOutAtTerminal } from './window-helpers.ts';
import { expectNoSeriousViolations } from './axe.ts';

async function open(browser: Browser, path: string, viewport = { width: 1280, height: 1024 }): Promise<Page> {
	// @axe-core/playwright needs a page from an explicit context.
	const context = await browser.newContext({ viewport });
	const page = await context.newPage();
	await page.goto(path);
	return page;
}


test('kiosk home: accessible, touch targets at least 64 px', async ({ browser }) => {
	const page = await open(browser, '/kiosk?station=K1', { width: 1080, height: 1920 });
	await expect(page.getByRole('button', { name: /党组织关系转接/ })).toBeVisible();
	await expectNoSeriousViolations(page);
	const small = await page.getByRole('button').evaluateAll((buttons) =>
		buttons
			.filter((b) => (b as HTMLElement).offsetParent !== null)
			.map((b) => ({ name: (b.textContent ?? '').trim().slice(0, 20), rect: b.getBoundingClientRect() }))
			.filter(({ rect }) => rect.width < 64 || rect.height < 64)
			.map(({ name, rect }) => `${name} ${Math.round(rect.width)}×${Math.round(rect.height)}`)
	);
	expect(small).toEqual([]);
	await page.context().close();
});

test('window terminal: login and terminal are accessible', async ({ browser }) => {
	const page = await open(browser, '/window');
	await expect(page.getByLabel('用户名')).toBeVisible();
	await expectNoSeriousViolations(page);
	await page.getByLabel('用户名').fill('staff5');
	await page.getByLabel('密码').fill('demo1234');
	await page.getByRole('button', { name: '登录' }).click();
	await page.getByRole('button', { name: /5号窗口/ }).click();
	await expect(page.getByRole('button', { name: '呼叫下一位' })).toBeVisible();
	await expectNoSeriousViolations(page);
	// Leave window 5 free for the other journeys.
	await signOutAtTerminal(page);
	await page.context().close();
});

test('board: accessible', async ({ browser }) => {
	const page = await open(browser, '/board', { width: 1920, height: 1080 });
	await expect(page.getByRole('heading', { name: '等候人数' })).toBeVisible();
	await expectNoSeriousViolations(page);
	await page.context().close();
});

test('phone status page: accessible', async ({ browser, request }) => {
	const issued = await request.post('/api/tickets', { data: { serviceId: 'volunteer' } });
	const ticket = (await issued.json()) as { id: string; number: string };
	const page = await open(browser, `/t/${ticket.id}`, { width: 390, height: 844 });
	await expect(page.getByText(ticket.number)).toBeVisible();
	await expectNoSeriousViolations(page);
	await page.context().close();
});

test('phone page of a receipt: accessible', async ({ browser, request }) => {
	const filed = await request.post('/api/complaints', { data: { category: 'praise', content: '窗口服务热情' } });
	const { reference } = (await filed.json()) as { reference: string };
	const page = await open(browser, `/r/${reference}`, { width: 390, height: 844 });
	await expect(page.getByTestId('reference-status')).toHaveText('受理中');
	await expectNoSeriousViolations(page);
	await page.context().close();
});
