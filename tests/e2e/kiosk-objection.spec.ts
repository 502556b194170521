// A resident reads a public notice (公示) during its publicity period and raises an
// objection with name, phone and content; the hall stores it for staff to answer and
// gives a reference number. The notice comes from the hall through the API.
import { expect, test } from '@playwright/test';

interface Notice {
	id: string;
	title: string;
	body: string;
	category: string;
	publishFrom: string;
	publishTo: string;
}

/** 2026-11-23 → 2026年11月23日, as the kiosk writes days. */
function chineseDay(day: string): string {
	const [y, m, d] = day.split('-').map(Number);
	return `${y}年${m}月${d}日`;
}

test('a resident reads a notice and raises an objection', async ({ browser, request }) => {
	const notices = (await (await request.get('/api/notices')).json()) as Notice[];
	expect(notices.length).toBeGreaterThan(0);
	const notice = notices[0];

	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	const kiosk = await context.newPage();
	await kiosk.goto('/kiosk?station=K1');

	await test.step('公示: the list with each publicity period', async () => {
		await kiosk.getByRole('button', { name: /^公示/ }).click();
		await expect(kiosk.getByRole('heading', { name: '公示', exact: true })).toBeVisible();
		for (const n of notices) await expect(kiosk.getByRole('button', { name: new RegExp(`^${n.title}`) })).toBeVisible();
	});

	await test.step('the notice in full, with its publicity period', async () => {
		await kiosk.getByRole('button', { name: new RegExp(`^${notice.title}`) }).click();
		await expect(kiosk.getByRole('heading', { name: notice.title })).toBeVisible();
		await expect(kiosk.getByText(`${chineseDay(notice.publishFrom)} – ${chineseDay(notice.publishTo)}`)).toBeVisible();
		const firstParagraph = notice.body.split(/\n\s*\n/)[0].split('\n')[0];
		await expect(kiosk.getByText(firstParagraph)).toBeVisible();
	});

	await test.step('提出异议: a missing field is said plainly, and nothing typed is lost', async () => {
		await kiosk.getByRole('button', { name: '提出异议' }).click();
		await expect(kiosk.getByRole('heading', { name: '提出异议' })).toBeVisible();
		await expect(kiosk.getByText(notice.title)).toBeVisible();
		// A USB keyboard works as well as the on-screen one (staff helping, or a hall that has one).
		await kiosk.getByRole('textbox', { name: '姓名' }).fill('张三');
		await kiosk.getByRole('textbox', { name: '异议内容' }).fill('公示对象情况与实际不符，请核实。');
		await kiosk.getByRole('button', { name: '提交异议' }).click();
		await expect(kiosk.getByRole('textbox', { name: '联系电话' })).toHaveAccessibleDescription(/请填写此项/);
		await expect(kiosk.getByRole('textbox', { name: '联系电话' })).toBeFocused();
		await expect(kiosk.getByRole('textbox', { name: '姓名' })).toHaveValue('张三');
	});

	await test.step('the phone number on the on-screen number pad, then sent', async () => {
		const keyboard = kiosk.getByTestId('on-screen-keyboard');
		for (const digit of '13912345678') await keyboard.getByRole('button', { name: digit, exact: true }).click();
		await expect(kiosk.getByRole('textbox', { name: '联系电话' })).toHaveValue('13912345678');
		await kiosk.getByRole('button', { name: '提交异议' }).click();
		await expect(kiosk.getByRole('heading', { name: '异议已提交' })).toBeVisible();
		await expect(kiosk.getByTestId('reference')).toHaveText(/^YY-\d{8}-\d{3}$/);
		// The name and phone are for staff only: never shown back once sent.
		await expect(kiosk.locator('body')).not.toContainText('13912345678');
		await expect(kiosk.locator('body')).not.toContainText('张三');
	});

	await test.step('返回公示 goes back to the notice', async () => {
		await kiosk.getByRole('button', { name: '返回公示' }).click();
		await expect(kiosk.getByRole('heading', { name: notice.title })).toBeVisible();
	});

	await context.close();
});
