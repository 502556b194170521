// The window terminal on the window's 1366×768 laptop: every action sits in one bar at the foot
// of the screen, wholly visible and in the same place with no ticket, a called one and one being
// served; 过号 and 签退 ask first; 重呼 stops at the hall's limit and says why; 签退 says why not.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { boxesOf, outside, shoot, type Box } from './screens.ts';
import { openScreen, signInAtTerminal, signOutAtTerminal, takeNumber, vacate } from './window-helpers.ts';

const VIEWPORT = { width: 1366, height: 768 };
const contexts: BrowserContext[] = [];
test.afterEach(async () => {
	await Promise.all(contexts.splice(0).map((context) => context.close()));
});

const ACTIONS = ['呼叫下一位', '选号呼叫', '重呼', '过号', '开始办理', '办结', '不予受理', '转移', '暂停', '恢复', '签退'];

async function actionBoxes(page: Page): Promise<Box[]> {
	const boxes = await boxesOf(page, '[data-testid="action-bar"] button');
	// Every action is there, by its name (a reason may follow the name).
	expect(ACTIONS.filter((name) => !boxes.some((b) => b.name.startsWith(name)))).toEqual([]);
	expect(outside(boxes, VIEWPORT.width, VIEWPORT.height)).toEqual([]);
	return boxes;
}

/** Where each action is, by name, without the reasons that come and go. */
function places(boxes: Box[]): Record<string, string> {
	return Object.fromEntries(
		ACTIONS.map((name) => {
			const box = boxes.find((b) => b.name.startsWith(name))!;
			return [name, `${box.x},${box.y} ${box.width}×${box.height}`];
		})
	);
}

test('every window action stays in one bar inside 1366×768; 过号 and 签退 confirm; 重呼 stops at the limit', async ({ browser, request }) => {
	test.setTimeout(120_000);
	await vacate(request, 'staff4', '4');
	const page = await openScreen(browser, contexts, '/window', VIEWPORT);
	await signInAtTerminal(page, 'staff4', '4号窗口');
	const bar = page.getByTestId('action-bar');

	const empty = places(await actionBoxes(page));
	await expect(bar.getByRole('button', { name: /^签退/ })).toBeEnabled();
	await shoot(page, 'window-1366x768-empty');

	const ticket = await takeNumber(request, 'heart-talk');
	await bar.getByRole('button', { name: /^呼叫下一位/ }).click();
	await expect(page.getByText(ticket.number).first()).toBeVisible();
	await expect(bar.getByRole('button', { name: /^开始办理/ })).toBeEnabled();

	await test.step('a called number: same bar, 签退 says why it waits', async () => {
		expect(places(await actionBoxes(page))).toEqual(empty);
		await expect(bar.getByRole('button', { name: /^签退/ })).toBeDisabled();
		await expect(bar.getByRole('button', { name: /^签退/ })).toContainText('请先办结或转移手中的号');
	});

	await test.step('重呼 twice, then it is disabled with the reason', async () => {
		const recall = bar.getByRole('button', { name: /^重呼/ });
		await recall.click();
		await expect(page.getByText('已重呼 1 次')).toBeVisible();
		await recall.click();
		await expect(page.getByText('已重呼 2 次').first()).toBeVisible();
		await expect(recall).toBeDisabled();
		await expect(recall).toContainText('上限');
		expect(places(await actionBoxes(page))).toEqual(empty);
		await shoot(page, 'window-1366x768-called');
	});

	await test.step('过号 asks first; cancelling keeps the number in hand', async () => {
		await bar.getByRole('button', { name: /^过号/ }).click();
		const dialog = page.getByRole('dialog', { name: '确认过号' });
		await expect(dialog).toContainText('回到队列');
		await dialog.getByRole('button', { name: '取消' }).click();
		await expect(dialog).toBeHidden();
		await expect(bar.getByRole('button', { name: /^开始办理/ })).toBeEnabled();
		await page.keyboard.press('G');
		await page.getByRole('dialog', { name: '确认过号' }).getByRole('button', { name: '确认过号' }).click();
		await expect(bar.getByRole('button', { name: /^呼叫下一位/ })).toBeEnabled();
	});

	await test.step('the re-queued number is called again and served: the bar has not moved', async () => {
		await bar.getByRole('button', { name: /^呼叫下一位/ }).click();
		await expect(bar.getByRole('button', { name: /^开始办理/ })).toBeEnabled();
		// A new call starts a new count of 重呼.
		await expect(bar.getByRole('button', { name: /^重呼/ })).toBeEnabled();
		await bar.getByRole('button', { name: /^开始办理/ }).click();
		await expect(bar.getByRole('button', { name: /^办结/ })).toBeEnabled();
		expect(places(await actionBoxes(page))).toEqual(empty);
		await shoot(page, 'window-1366x768-serving');
		await bar.getByRole('button', { name: /^办结/ }).click();
		await expect(bar.getByRole('button', { name: /^签退/ })).toBeEnabled();
	});

	await test.step('签退 asks first', async () => {
		await bar.getByRole('button', { name: /^签退/ }).click();
		await page.getByRole('dialog', { name: '确认签退' }).getByRole('button', { name: '取消' }).click();
		await expect(page.getByRole('heading', { name: '4号窗口', level: 1 })).toBeVisible();
		await signOutAtTerminal(page);
		await expect(page.getByRole('heading', { name: '请选择您的窗口' })).toBeVisible();
	});
	// The visit's rating is left for the tablet: rate it so window 4's tablet is idle for others.
	await request.post('/api/windows/4/rating', { data: { grade: 5 } });
});
