// A resident files a suggestion at a kiosk that has no keyboard: pinyin typed on the
// on-screen keyboard becomes Chinese characters (dang → 党, a syllable at a time here, turning
// the candidates' pages when needed), a phone number goes in on the number pad, and a reference
// number comes back. Whole phrases: kiosk-pinyin-phrase.spec.ts.
// The phone number is not shown back once the suggestion is sent.
import { expect, test, type Page } from '@playwright/test';

/** Taps keys of the on-screen keyboard, one by one, as a finger would. */
async function tap(kiosk: Page, keys: string[]): Promise<void> {
	const keyboard = kiosk.getByTestId('on-screen-keyboard');
	for (const key of keys) await keyboard.getByRole('button', { name: key, exact: true }).click();
}

/** Types one syllable of pinyin and picks its character from the candidate bar, paging when needed. */
async function pinyin(kiosk: Page, syllable: string, character: string): Promise<void> {
	await tap(kiosk, [...syllable]);
	const candidates = kiosk.getByRole('group', { name: '候选汉字' });
	await expect(candidates).toContainText(syllable);
	const choice = candidates.getByRole('button', { name: character, exact: true });
	for (let page = 0; page < 5 && !(await choice.isVisible()); page++) {
		await candidates.getByRole('button', { name: /下一页/ }).click();
	}
	await choice.click();
}

test('a resident types a suggestion in pinyin on the on-screen keyboard and gets a reference number', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	const kiosk = await context.newPage();
	await kiosk.goto('/kiosk?station=K1');

	await kiosk.getByRole('button', { name: /^投诉建议/ }).click();
	await expect(kiosk.getByRole('heading', { name: '投诉建议' })).toBeVisible();
	await kiosk.getByRole('radio', { name: /^建议/ }).check();

	const content = kiosk.getByRole('textbox', { name: '具体内容' });
	await test.step('pinyin on the on-screen keyboard becomes characters', async () => {
		await content.click();
		await expect(kiosk.getByText('正在输入：具体内容')).toBeVisible();
		await pinyin(kiosk, 'dang', '党');
		await expect(content).toHaveValue('党');
		await pinyin(kiosk, 'yuan', '员');
		await pinyin(kiosk, 'bang', '帮');
		await pinyin(kiosk, 'fu', '扶');
		await pinyin(kiosk, 'hen', '很');
		await pinyin(kiosk, 'hao', '好');
		await tap(kiosk, ['。']);
		await expect(content).toHaveValue('党员帮扶很好。');
		await tap(kiosk, ['x', '⌫ 删除']);
		await expect(content).toHaveValue('党员帮扶很好。');
	});

	await test.step('the phone number on the number pad', async () => {
		await kiosk.getByRole('textbox', { name: /^联系电话/ }).click();
		await expect(kiosk.getByText('正在输入：联系电话')).toBeVisible();
		await expect(kiosk.getByRole('group', { name: '候选汉字' })).toHaveCount(0);
		await tap(kiosk, [...'13800138000']);
		await expect(kiosk.getByRole('textbox', { name: /^联系电话/ })).toHaveValue('13800138000');
	});

	await test.step('sent: a reference number and the day an answer is due, and no phone number on screen', async () => {
		await kiosk.getByRole('button', { name: '提交', exact: true }).click();
		await expect(kiosk.getByRole('heading', { name: '已收到您的意见' })).toBeVisible();
		await expect(kiosk.getByTestId('reference')).toHaveText(/^TS-\d{8}-\d{3}$/);
		await expect(kiosk.getByText(/我们将在 \d{4}年\d{1,2}月\d{1,2}日 前处理答复/)).toBeVisible();
		await expect(kiosk.locator('body')).not.toContainText('13800138000');
	});

	await test.step('a new complaint starts empty: nothing typed is kept for the next resident', async () => {
		await kiosk.getByRole('button', { name: '完成' }).click();
		await kiosk.getByRole('button', { name: /^投诉建议/ }).click();
		await expect(kiosk.getByRole('textbox', { name: '具体内容' })).toHaveValue('');
		await expect(kiosk.getByRole('textbox', { name: /^联系电话/ })).toHaveValue('');
	});

	await context.close();
});
