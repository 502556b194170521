// 回执 and 进度查询, as a resident meets them: a complaint filed at the portrait kiosk K1 gives
// a receipt on screen (printed at K1's printer, with the QR of its phone page and how to ask);
// the reference is typed on the kiosk's keypad and looked up; the phone page the QR opens
// shows the hall's name, the status, the due date and, once the director answered, the answer.
// Never the resident's name or phone. Typing goes in through the field as a USB keyboard
// would: the journey is about the receipt, not the on-screen keyboard (kiosk-complaint.spec.ts).
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './console-helpers.ts';

const SHOTS = process.env.SCREENS_DIR;

async function shot(page: Page, name: string): Promise<void> {
	if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
}

/** Types a reference on the kiosk's keypad, key by key, as a finger would. */
async function keypad(kiosk: Page, reference: string): Promise<void> {
	const keys = kiosk.getByRole('group', { name: '输入受理编号的按键' });
	await keys.getByRole('button', { name: new RegExp(`^${reference.slice(0, 2)}`) }).click();
	for (const digit of reference.replace(/\D/g, '')) await keys.getByRole('button', { name: digit, exact: true }).click();
}

/** Everything that can be inside the viewport is: the element's box lies within it. */
async function inViewport(page: Page, testId: string): Promise<void> {
	const box = await page.getByTestId(testId).boundingBox();
	const size = page.viewportSize()!;
	expect(box).not.toBeNull();
	expect(box!.y + box!.height).toBeLessThanOrEqual(size.height);
	expect(box!.x + box!.width).toBeLessThanOrEqual(size.width);
}

test('a complaint at the portrait kiosk prints a receipt; its reference is looked up at the kiosk and on the phone', async ({ browser, request }) => {
	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	const kiosk = await context.newPage();
	await kiosk.goto('/kiosk?station=K1');

	let reference = '';
	await test.step('filed: the receipt on screen, printed at K1, with the QR of its page and how to ask', async () => {
		await kiosk.getByRole('button', { name: /^投诉建议/ }).click();
		await kiosk.getByRole('radio', { name: /^投诉/ }).check();
		await kiosk.getByRole('textbox', { name: '具体内容' }).fill('三号窗口中午提前离岗');
		await kiosk.getByRole('textbox', { name: /^姓名/ }).fill('张三明');
		await kiosk.getByRole('textbox', { name: /^联系电话/ }).fill('13812341234');
		await kiosk.getByRole('button', { name: '提交', exact: true }).click();
		await expect(kiosk.getByRole('heading', { name: '已收到您的意见' })).toBeVisible();
		reference = (await kiosk.getByTestId('reference').textContent())!.trim();
		expect(reference).toMatch(/^TS-\d{8}-\d{3}$/);
		await expect(kiosk.getByText(/我们将在 \d{4}年\d{1,2}月\d{1,2}日 前处理答复/)).toBeVisible();
		// K1 prints to the demo's preview printer: the job is done at once.
		await expect(kiosk.getByTestId('receipt-state')).toHaveText('回执已打印，请在出纸口取走');
		await expect(kiosk.locator('[data-url]')).toHaveAttribute('data-url', new RegExp(`/r/${reference}$`));
		await expect(kiosk.getByTestId('how-to-ask')).toContainText('进度查询');
		await expect(kiosk.locator('body')).not.toContainText('13812341234');
		await expect(kiosk.locator('body')).not.toContainText('张三明');
		await inViewport(kiosk, 'receipt-state');
		await shot(kiosk, 'kiosk-receipt-1080x1920');
	});

	await test.step('进度查询 on the kiosk: a wrong number is said plainly, the right one shows where it stands', async () => {
		await kiosk.getByRole('button', { name: '完成' }).click();
		await kiosk.getByTestId('lookup-entry').click();
		await expect(kiosk.getByRole('heading', { name: '进度查询' })).toBeVisible();
		await keypad(kiosk, 'TS-20000101-999');
		await expect(kiosk.getByRole('textbox', { name: '受理编号' })).toHaveValue('TS-20000101-999');
		await kiosk.getByRole('button', { name: '查询', exact: true }).click();
		await expect(kiosk.getByRole('alert')).toContainText('没有找到这个受理编号');
		await kiosk.getByRole('button', { name: '清空' }).click();
		await keypad(kiosk, reference);
		await expect(kiosk.getByRole('textbox', { name: '受理编号' })).toHaveValue(reference);
		await shot(kiosk, 'kiosk-lookup-keypad-1080x1920');
		await kiosk.getByRole('button', { name: '查询', exact: true }).click();
		await expect(kiosk.getByTestId('reference-status')).toHaveText('受理中');
		await expect(kiosk.getByTestId('reference-due')).toHaveText(/\d{4}年\d{1,2}月\d{1,2}日前/);
		await expect(kiosk.getByTestId('reference-card')).toContainText('投诉');
		await expect(kiosk.locator('body')).not.toContainText('张三明');
		await shot(kiosk, 'kiosk-lookup-1080x1920');
	});

	await test.step('the director answers; the phone page of the QR shows the hall, the answer and no contact', async () => {
		const director = await signIn(request, 'director');
		const complaints = await director.get<{ id: string; reference: string }[]>('/api/console/complaints');
		const complaint = complaints.find((c) => c.reference === reference)!;
		const answered = await director.send('PATCH', `/api/console/complaints/${complaint.id}`, { answer: '经核实，已对三号窗口提出批评，并调整午间值守安排。' });
		expect(answered.status).toBe(200);

		const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
		const phone = await phoneContext.newPage();
		await phone.goto(`/r/${reference}`);
		await expect(phone.getByTestId('hall-name')).toHaveText('幸福社区党群服务中心');
		await expect(phone.getByTestId('reference-status')).toHaveText('已答复');
		await expect(phone.getByTestId('reference-answer')).toHaveText('经核实，已对三号窗口提出批评，并调整午间值守安排。');
		await expect(phone.locator('body')).not.toContainText('13812341234');
		await expect(phone.locator('body')).not.toContainText('张三明');
		await expect(phone.locator('body')).not.toContainText('提前离岗');
		const width = await phone.evaluate(() => document.documentElement.scrollWidth);
		expect(width).toBeLessThanOrEqual(390);
		await shot(phone, 'phone-reference-390x844');

		await phone.goto('/r/TS-20000101-999');
		await expect(phone.getByTestId('reference-error')).toContainText('没有找到这个受理编号');
		await phoneContext.close();
	});

	await context.close();
});

test('进度查询 on the landscape kiosk, in English: a scanned receipt QR looks it up; keypad and answer fit, no Chinese in the labels', async ({ browser, request }) => {
	const filed = await request.post('/api/complaints', { data: { category: 'suggestion', content: '建议增加老花镜', station: 'K1' } });
	expect(filed.status()).toBe(201);
	const { reference } = (await filed.json()) as { reference: string };

	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const kiosk = await context.newPage();
	await kiosk.goto('/kiosk?station=K1');
	await kiosk.getByTestId('lookup-entry').click();
	await inViewport(kiosk, 'lookup-submit');
	// A keyboard-wedge scanner reads the receipt's QR: it types the whole link, then Enter.
	const link = `${new URL(kiosk.url()).origin}/r/${reference}`;
	await kiosk.keyboard.type(`${link}\n`);
	await expect(kiosk.getByTestId('reference-status')).toHaveText('受理中');
	await shot(kiosk, 'kiosk-lookup-1920x1080');

	await kiosk.getByRole('button', { name: 'English' }).click();
	await expect(kiosk.getByTestId('reference-status')).toHaveText('Being handled');
	const card = (await kiosk.getByTestId('reference-card').innerText()).replace(reference, '');
	expect(card).not.toMatch(/[\u4e00-\u9fff]/);
	await shot(kiosk, 'kiosk-lookup-en-1920x1080');

	// Large text (长辈模式) in landscape: the keypad and the button still fit the screen's height.
	await kiosk.getByRole('button', { name: 'Look up another number' }).click();
	await kiosk.getByRole('button', { name: 'Large text' }).click();
	await shot(kiosk, 'kiosk-lookup-keypad-1920x1080-elder');
	await inViewport(kiosk, 'lookup-submit');
	await context.close();
});
