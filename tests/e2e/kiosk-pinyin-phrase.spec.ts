// Phrase-level pinyin on the kiosk's on-screen keyboard, as a resident types it with a finger,
// on the portrait 1080×1920 screen, the landscape 1920×1080 one, and in 长辈模式: the letters
// are spelled in the composition line above the candidates, never in the field; a phrase for
// the whole spelling is offered first; choosing a word for the first syllables leaves the rest
// spelled; backspace edits the spelling; the space key takes the first candidate. The keyboard,
// its candidates and the field being typed into stay inside the screen.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { boxesOf, outside, shoot } from './screens.ts';

async function openComplaint(browser: Browser, viewport: { width: number; height: number }, elder: boolean): Promise<Page> {
	const context = await browser.newContext({ viewport });
	const page = await context.newPage();
	await page.goto('/kiosk?station=K1');
	if (elder) await page.getByRole('button', { name: '长辈模式' }).click();
	await page.getByRole('button', { name: /^投诉建议/ }).click();
	await expect(page.getByRole('heading', { name: '投诉建议' })).toBeVisible();
	return page;
}

/** Taps keys of the on-screen keyboard, one by one, as a finger would. */
async function tap(page: Page, keys: string[]): Promise<void> {
	const keyboard = page.getByTestId('on-screen-keyboard');
	for (const key of keys) await keyboard.getByRole('button', { name: key, exact: true }).click();
}

/** Picks a candidate, turning pages as a resident would when it is not on the first (elder mode fits fewer). */
async function pick(page: Page, text: string): Promise<void> {
	const panel = page.getByRole('group', { name: '候选汉字' });
	const choice = panel.getByRole('button', { name: text, exact: true });
	for (let turn = 0; turn < 5 && !(await choice.isVisible()); turn++) await panel.getByRole('button', { name: /下一页/ }).click();
	await choice.click();
}

/** The keyboard dock, the candidates and the focused field: inside the screen, the field above the keyboard. */
async function geometry(page: Page, viewport: { width: number; height: number }): Promise<string[]> {
	const problems: string[] = [];
	const dock = (await boxesOf(page, '[data-testid="keyboard-dock"]'))[0];
	if (!dock) return ['no keyboard'];
	// One px of slack: the boxes are rounded, a docked keyboard at y 1198.6 and 721.6 high ends at "1921".
	problems.push(...outside([dock], viewport.width + 1, viewport.height + 1).map((p) => `keyboard ${p}`));
	const buttons = await boxesOf(page, '[data-testid="pinyin-panel"] button');
	problems.push(...outside(buttons, viewport.width + 1, viewport.height + 1).map((p) => `candidate ${p}`));
	problems.push(...buttons.filter((b) => b.height < 64 || b.width < 64).map((b) => `small button ${b.name} ${b.width}×${b.height}`));
	// Paging keeps every candidate of the page whole: none cut off at the row's end.
	const row = (await boxesOf(page, '[data-testid="pinyin-panel"] .choices'))[0];
	if (row) {
		const candidates = await boxesOf(page, '[data-testid="pinyin-panel"] .candidate');
		problems.push(...candidates.filter((c) => c.x + c.width > row.x + row.width + 1).map((c) => `candidate ${c.name} cut off at ${row.x + row.width}`));
	}
	const field = (await boxesOf(page, ':focus'))[0];
	if (!field || field.y < 0 || field.y + field.height > dock.y) problems.push(`field at ${field?.y}+${field?.height}, keyboard from ${dock.y}`);
	return problems;
}

const SCREENS = process.env.SCREENS_DIR;

for (const viewport of [
	{ width: 1080, height: 1920 },
	{ width: 1920, height: 1080 }
]) {
	const size = `${viewport.width}x${viewport.height}`;
	for (const elder of [false, true]) {
		test(`a phrase typed in pinyin becomes Chinese in the field, never pinyin: ${size}${elder ? ', 长辈模式' : ''}`, async ({ browser }) => {
			const page = await openComplaint(browser, viewport, elder);
			const content = page.getByRole('textbox', { name: '具体内容' });
			const panel = page.getByRole('group', { name: '候选汉字' });
			const composition = page.getByTestId('composition');
			await content.click();
			await expect(page.getByText('正在输入：具体内容')).toBeVisible();
			// The lexicon is fetched when the keyboard opens: letters typed before it arrives wait in the spelling.
			await expect(page.getByTestId('on-screen-keyboard').getByRole('button', { name: 'q', exact: true })).toBeVisible();

			await test.step('the letters are spelled above the candidates, not in the field', async () => {
				await tap(page, [...'dangqunfuwuzhongxin']);
				await expect(composition).toContainText("dang'qun'fu'wu'zhong'xin");
				await expect(content).toHaveValue('');
				const first = page.locator('[data-testid="pinyin-panel"] .candidate').first();
				await expect(first).toHaveText('党群服务中心');
				expect(await geometry(page, viewport)).toEqual([]);
				if (SCREENS) await shoot(page, `ime-${size}${elder ? '-elder' : ''}-composing`);
				await first.click();
				await expect(content).toHaveValue('党群服务中心');
				await expect(composition).toContainText('输入拼音');
			});

			await test.step('a word for the first syllables leaves the rest spelled: bushushi → 部署 + shi', async () => {
				await tap(page, [...'bushushi']);
				await expect(composition).toContainText("bu'shu'shi");
				await pick(page, '部署');
				await expect(composition).toHaveText(/部署\s*shi/);
				await expect(content).toHaveValue('党群服务中心');
				if (SCREENS) await shoot(page, `ime-${size}${elder ? '-elder' : ''}-partial`);
				await pick(page, '时');
				await expect(content).toHaveValue('党群服务中心部署时');
			});

			await test.step('backspace edits the spelling; the space key takes the first candidate', async () => {
				await tap(page, [...'zhengzhix', '⌫ 删除']);
				await expect(composition).toContainText("zheng'zhi");
				await expect(content).toHaveValue('党群服务中心部署时');
				await tap(page, ['空格 选第一个', '。']);
				await expect(content).toHaveValue('党群服务中心部署时政治。');
				// With nothing spelled, backspace deletes from the field again.
				await tap(page, ['⌫ 删除']);
				await expect(content).toHaveValue('党群服务中心部署时政治');
			});

			await test.step('a name: zhangsan offers 张三', async () => {
				await tap(page, [...'zhangsan']);
				await pick(page, '张三');
				await expect(content).toHaveValue('党群服务中心部署时政治张三');
				expect(await geometry(page, viewport)).toEqual([]);
			});

			await test.step('more candidates on the next page, and back', async () => {
				await tap(page, [...'shi']);
				const next = panel.getByRole('button', { name: /下一页/ });
				const firstPage = await panel.getByRole('button').allTextContents();
				await next.click();
				const secondPage = await panel.getByRole('button').allTextContents();
				expect(secondPage).not.toEqual(firstPage);
				expect(await geometry(page, viewport)).toEqual([]);
				await panel.getByRole('button', { name: /上一页/ }).click();
				await expect(panel.getByRole('button', { name: '是', exact: true })).toBeVisible();
				await panel.getByRole('button', { name: '是', exact: true }).click();
				await expect(content).toHaveValue('党群服务中心部署时政治张三是');
				if (SCREENS) await shoot(page, `ime-${size}${elder ? '-elder' : ''}-done`);
			});

			await page.context().close();
		});
	}
}

test('letters typed for a code stay letters when asked, and capitals go straight into the field', async ({ browser }) => {
	const page = await openComplaint(browser, { width: 1080, height: 1920 }, false);
	const content = page.getByRole('textbox', { name: '具体内容' });
	await content.click();
	await tap(page, [...'abc']);
	await page.getByRole('button', { name: '按字母输入' }).click();
	await expect(content).toHaveValue('abc');
	await tap(page, ['⇧ 大写', 'Q', 'R']);
	await expect(content).toHaveValue('abcQR');
	await page.context().close();
});

test('leaving a field while spelling writes the best reading there; the next field starts with nothing spelled', async ({ browser }) => {
	const page = await openComplaint(browser, { width: 1080, height: 1920 }, false);
	const content = page.getByRole('textbox', { name: '具体内容' });
	await content.click();
	await tap(page, [...'woyaotousu']);
	await expect(page.getByTestId('composition')).toContainText("wo'yao'tou'su");
	await expect(content).toHaveValue('');
	const name = page.getByRole('textbox', { name: /^姓名/ });
	await name.click();
	await expect(page.getByText('正在输入：姓名')).toBeVisible();
	await expect(content).toHaveValue('我要投诉');
	await expect(page.getByTestId('composition')).toContainText('输入拼音');
	await tap(page, [...'zhangsan', '空格 选第一个']);
	await expect(name).toHaveValue('张三');
	await expect(content).toHaveValue('我要投诉');
	await page.context().close();
});

test('without the lexicon (the download failed) the keyboard still types letters', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	// The network, not our code, fails here: the kiosk's own page is real.
	await context.route('**/lexicon/**', (route) => route.abort());
	const page = await context.newPage();
	await page.goto('/kiosk?station=K1');
	await page.getByRole('button', { name: /^投诉建议/ }).click();
	const content = page.getByRole('textbox', { name: '具体内容' });
	await content.click();
	await tap(page, [...'abc']);
	await expect(page.getByRole('group', { name: '候选汉字' })).toContainText('词库载入失败，只能输入字母');
	await tap(page, ['空格 选第一个']);
	await expect(content).toHaveValue('abc');
	await context.close();
});
