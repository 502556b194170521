// The board on a 1920×1080 TV read from across the hall (about 10 m): recent calls at least
// 56 px, waiting counts at least 40 px, every open window with its current number, the right
// half of the screen used, nothing cut off by the screen's edge; and the same in portrait.
import { expect, test, type Page } from '@playwright/test';
import { boardIsLive, issueTicket, openDesk } from './board-support.ts';
import { boxesOf, outside, shoot } from './screens.ts';

/** The rendered font size, in px, of each element matched. */
function fontSizes(page: Page, selector: string): Promise<number[]> {
	return page.locator(selector).evaluateAll((elements) => elements.map((e) => parseFloat(getComputedStyle(e).fontSize)));
}

test('the board at 1920×1080 and 1080×1920: sizes for 10 m, a grid of the open windows, nothing off screen', async ({ page, request }) => {
	test.setTimeout(90_000);
	const one = await openDesk(request, '1');
	const two = await openDesk(request, '2');
	await issueTicket(request, 'party-transfer');
	await issueTicket(request, 'assistance');
	await issueTicket(request, 'volunteer');
	const first = await one.callNext();
	const second = await two.callNext();
	expect(first).not.toBeNull();
	expect(second).not.toBeNull();

	await page.setViewportSize({ width: 1920, height: 1080 });
	await page.goto('/board?voice=off');
	await boardIsLive(page, '党组织关系转接');

	await test.step('recent calls at 56 px or more, waiting counts at 40 px or more', async () => {
		const recent = page.getByTestId('recent-calls');
		await expect(recent.getByRole('row').filter({ hasText: first!.number })).toContainText('1号窗口');
		const callSizes = await fontSizes(page, '[data-testid="recent-calls"] td.num, [data-testid="recent-calls"] td.win');
		expect(callSizes.length).toBeGreaterThanOrEqual(4);
		expect(Math.min(...callSizes)).toBeGreaterThanOrEqual(56);
		const counts = await fontSizes(page, '[data-testid="waiting-count"]');
		expect(counts.length).toBeGreaterThan(0);
		expect(Math.min(...counts)).toBeGreaterThanOrEqual(40);
	});

	await test.step('every open window is in the grid with its current number', async () => {
		const grid = page.getByTestId('window-grid');
		await expect(grid.locator('[data-window="1"]')).toContainText(first!.number);
		await expect(grid.locator('[data-window="2"]')).toContainText(second!.number);
		const open = (await (await request.get('/api/windows')).json()) as { id: string; status: string }[];
		for (const w of open.filter((w) => w.status !== 'closed')) await expect(grid.locator(`[data-window="${w.id}"]`)).toBeVisible();
	});

	await test.step('both halves used, every section and row inside the screen', async () => {
		const sections = await boxesOf(page, 'main section');
		expect(outside(sections, 1920, 1080)).toEqual([]);
		const right = sections.filter((s) => s.x >= 900);
		expect(right.length).toBeGreaterThanOrEqual(2);
		const rows = await boxesOf(page, '[data-testid="recent-calls"] tr, [data-testid="waiting-count"], [data-testid="window-grid"] li');
		expect(outside(rows, 1920, 1080)).toEqual([]);
		// Not cut off by its own section either.
		const clipped = await page.locator('main section').evaluateAll((els) =>
			els.flatMap((s) => {
				const box = s.getBoundingClientRect();
				return [...s.querySelectorAll('tr, li')]
					.filter((e) => {
						const r = e.getBoundingClientRect();
						return r.bottom > box.bottom + 1 || r.right > box.right + 1;
					})
					.map((e) => (e.textContent ?? '').trim().slice(0, 20));
			})
		);
		expect(clipped).toEqual([]);
		await shoot(page, 'board-1920x1080');
	});

	await test.step('portrait 1080×1920: the same sizes, nothing cut off', async () => {
		await page.setViewportSize({ width: 1080, height: 1920 });
		await expect(page.getByTestId('window-grid')).toBeVisible();
		expect(outside(await boxesOf(page, 'main section'), 1080, 1920)).toEqual([]);
		const callSizes = await fontSizes(page, '[data-testid="recent-calls"] td.num, [data-testid="recent-calls"] td.win');
		expect(Math.min(...callSizes)).toBeGreaterThanOrEqual(56);
		expect(Math.min(...(await fontSizes(page, '[data-testid="waiting-count"]')))).toBeGreaterThanOrEqual(40);
		await shoot(page, 'board-1080x1920');
	});

	await one.signOut();
	await two.signOut();
});
