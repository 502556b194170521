// The kiosk on the hall's screens: a 1080×1920 portrait touch screen first, 1920×1080, and a
// phone-sized 390×844. The service tiles fill the screen with names of 36 px or more; on
// every form, at every size, in normal and 长辈模式, the on-screen keyboard is docked inside
// the screen and the field being typed into is above it, in full.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { boxesOf, outside, shoot } from './screens.ts';

async function openKiosk(browser: Browser, viewport: { width: number; height: number }): Promise<Page> {
	const context = await browser.newContext({ viewport });
	const page = await context.newPage();
	await page.goto('/kiosk?station=K1');
	await expect(page.getByRole('button', { name: /党组织关系转接/ })).toBeVisible();
	return page;
}

for (const viewport of [
	{ width: 1080, height: 1920 },
	{ width: 1920, height: 1080 }
]) {
	const size = `${viewport.width}x${viewport.height}`;
	test(`the service tiles fill the ${size} screen, names at 36 px or more`, async ({ browser }) => {
		const page = await openKiosk(browser, viewport);
		const names = await page.locator('.tiles .name').evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
		expect(names.length).toBeGreaterThanOrEqual(10);
		expect(Math.min(...names)).toBeGreaterThanOrEqual(36);
		const tiles = await boxesOf(page, '.tiles button');
		expect(outside(tiles, viewport.width, viewport.height)).toEqual([]);
		// Filled: the tiles reach into the lower half of the screen.
		expect(Math.max(...tiles.map((b) => b.y + b.height))).toBeGreaterThan(viewport.height * 0.6);
		await shoot(page, `kiosk-${size}-home`);
		await page.getByRole('button', { name: '长辈模式' }).click();
		const elderNames = await page.locator('.tiles .name').evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
		expect(Math.min(...elderNames)).toBeGreaterThanOrEqual(36);
		expect(outside(await boxesOf(page, '.tiles button'), viewport.width, viewport.height)).toEqual([]);
		await shoot(page, `kiosk-${size}-elder-home`);
		await page.context().close();
	});
}

test('landscape 长辈模式: the guide keeps most of the 1920×1080 screen, the 取号 bar stays in one row', async ({ browser }) => {
	const viewport = { width: 1920, height: 1080 };
	const page = await openKiosk(browser, viewport);
	await page.getByRole('button', { name: '长辈模式' }).click();
	await page.locator('.tiles button').first().click();
	const take = page.getByRole('button', { name: '取号', exact: true });
	await expect(take).toBeVisible();
	const bar = (await boxesOf(page, '[role="group"].actions'))[0];
	const header = (await boxesOf(page, 'header.top'))[0];
	expect(outside([bar], viewport.width, viewport.height)).toEqual([]);
	// Between the header and the bar: the guide, at least half the screen.
	expect(bar.y - (header.y + header.height)).toBeGreaterThanOrEqual(viewport.height / 2);
	await shoot(page, 'kiosk-1920x1080-elder-guide');
	await page.context().close();
});

test('a phone-sized 390×844 screen: the header stacks, the hall name on one line', async ({ browser }) => {
	const page = await openKiosk(browser, { width: 390, height: 844 });
	const title = (await boxesOf(page, 'header.top h1'))[0];
	// One line of a 33 px heading, not a column of single characters.
	expect(title.width).toBeGreaterThan(200);
	expect(title.height).toBeLessThan(120);
	await shoot(page, 'kiosk-390x844-home');
	await page.context().close();
});

/** Taps each field in turn: the keyboard is inside the screen and the field wholly above it. */
async function everyFieldAboveKeyboard(page: Page, fieldIds: string[], viewport: { width: number; height: number }): Promise<string[]> {
	const problems: string[] = [];
	for (const id of fieldIds) {
		await page.locator(`#${id}`).click();
		await expect(page.getByTestId('on-screen-keyboard')).toContainText('正在输入');
		const dock = (await boxesOf(page, '[data-testid="keyboard-dock"]'))[0];
		if (!dock) {
			problems.push(`${id}: no keyboard`);
			continue;
		}
		problems.push(...outside([dock], viewport.width, viewport.height).map((p) => `${id}: keyboard ${p}`));
		const field = (await boxesOf(page, `#${id}`))[0];
		if (!field || field.y < 0 || field.y + field.height > dock.y) problems.push(`${id}: field at ${field?.y}+${field?.height}, keyboard from ${dock.y}`);
	}
	return problems;
}

for (const viewport of [
	{ width: 1080, height: 1920 },
	{ width: 1920, height: 1080 },
	{ width: 390, height: 844 }
]) {
	const size = `${viewport.width}x${viewport.height}`;
	for (const elder of [false, true]) {
		test(`the keyboard is docked and the typed field above it: complaint form, ${size}${elder ? ', 长辈模式' : ''}`, async ({ browser }) => {
			const page = await openKiosk(browser, viewport);
			if (elder) await page.getByRole('button', { name: '长辈模式' }).click();
			await page.getByRole('button', { name: /^投诉建议/ }).click();
			await expect(page.getByRole('heading', { name: '投诉建议' })).toBeVisible();
			const problems = await everyFieldAboveKeyboard(page, ['complaint-content', 'complaint-contactName', 'complaint-contactPhone'], viewport);
			expect(problems).toEqual([]);
			await shoot(page, `kiosk-${size}${elder ? '-elder' : ''}-complaint-keyboard`);
			// A wrong send jumps to the first wrong field: above the keyboard too.
			await page.getByRole('button', { name: '提交', exact: true }).click();
			const dock = (await boxesOf(page, '[data-testid="keyboard-dock"]'))[0];
			const category = (await boxesOf(page, '#complaint-category-complaint'))[0];
			expect(category.y + category.height).toBeLessThanOrEqual(dock.y);
			await page.context().close();
		});
	}
}

test('the objection form docks the keyboard too (1080×1920, 长辈模式)', async ({ browser, request }) => {
	const notices = (await (await request.get('/api/notices')).json()) as { title: string }[];
	expect(notices.length).toBeGreaterThan(0);
	const viewport = { width: 1080, height: 1920 };
	const page = await openKiosk(browser, viewport);
	await page.getByRole('button', { name: '长辈模式' }).click();
	await page.getByRole('button', { name: /^公示/ }).click();
	await page.getByRole('button', { name: new RegExp(`^${notices[0].title}`) }).click();
	await page.getByRole('button', { name: '提出异议' }).click();
	await expect(page.getByRole('heading', { name: '提出异议' })).toBeVisible();
	expect(await everyFieldAboveKeyboard(page, ['objection-name', 'objection-phone', 'objection-content'], viewport)).toEqual([]);
	await shoot(page, 'kiosk-1080x1920-elder-objection-keyboard');
	await page.context().close();
});
