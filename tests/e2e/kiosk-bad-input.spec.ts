// What goes wrong at a kiosk, said plainly and losing nothing: a kiosk started with a
// station the hall does not know; a form sent half filled or with a wrong phone number;
// the hall failing to answer a complaint (the text stays, a second try works); and the
// personal data typed into an objection wiped when the resident walks away; the network
// dropping with a ticket on screen.
import { expect, test, type WebSocketRoute } from '@playwright/test';

test.describe.configure({ mode: 'serial' });

test('an unknown station (?station=K99) is named in Chinese and offers no tiles', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	const kiosk = await context.newPage();
	await kiosk.goto('/kiosk?station=K99');
	await expect(kiosk.getByRole('heading', { name: '本触摸屏暂时无法使用' })).toBeVisible();
	await expect(kiosk.getByTestId('station-error')).toHaveText('没有编号为 K99 的取号机');
	await expect(kiosk.getByText('/kiosk?station=K1')).toBeVisible();
	await expect(kiosk.getByRole('button', { name: '取号' })).toHaveCount(0);
	await expect(kiosk.getByRole('heading', { name: '请选择要办理的业务' })).toHaveCount(0);
	await context.close();
});

test('a complaint: missing and wrong fields are named, a failed send keeps the text, a retry works', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	const kiosk = await context.newPage();
	await kiosk.goto('/kiosk?station=K1');
	await kiosk.getByRole('button', { name: /^投诉建议/ }).click();
	const content = kiosk.getByRole('textbox', { name: '具体内容' });
	const phone = kiosk.getByRole('textbox', { name: /^联系电话/ });
	const send = kiosk.getByRole('button', { name: '提交', exact: true });

	await test.step('sent empty: the category and the content are asked for', async () => {
		await send.click();
		await expect(kiosk.getByText('请先选择类别')).toBeVisible();
		await expect(content).toHaveAccessibleDescription('请填写此项');
		await expect(kiosk.getByRole('alert')).toContainText('还有内容需要修改');
	});

	await test.step('a phone number that is not one is named; errors go as they are fixed', async () => {
		await kiosk.getByRole('radio', { name: /^投诉/ }).check();
		await expect(kiosk.getByText('请先选择类别')).toHaveCount(0);
		await content.fill('窗口工作人员态度很好，但等候时间太长。');
		await phone.fill('abc');
		await send.click();
		await expect(phone).toHaveAccessibleDescription(/电话号码格式不正确/);
		await expect(phone).toBeFocused();
		await phone.fill('0571-87654321');
		await expect(phone).not.toHaveAccessibleDescription(/电话号码格式不正确/);
	});

	await test.step('the hall fails to answer: the error is said and nothing typed is lost', async () => {
		await kiosk.route('**/api/complaints', (route) =>
			route.fulfill({
				status: 500,
				contentType: 'application/json',
				body: JSON.stringify({ error: { code: 'internal', message: '系统内部错误，请稍后重试' } })
			})
		);
		await send.click();
		await expect(kiosk.getByRole('alert')).toContainText('提交没有成功，您填写的内容都还在');
		await expect(kiosk.getByRole('alert')).toContainText('系统内部错误，请稍后重试');
		await expect(content).toHaveValue('窗口工作人员态度很好，但等候时间太长。');
		await expect(phone).toHaveValue('0571-87654321');
		await expect(kiosk.getByRole('radio', { name: /^投诉/ })).toBeChecked();
	});

	await test.step('the second try goes through', async () => {
		await kiosk.unroute('**/api/complaints');
		await send.click();
		await expect(kiosk.getByTestId('reference')).toHaveText(/^TS-\d{8}-\d{3}$/);
	});
	await context.close();
});

test('a resident who walks away from an objection: after 60 s the screen is home and the name and phone are gone', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	const kiosk = await context.newPage();
	await kiosk.clock.install();
	await kiosk.goto('/kiosk?station=K1');
	await kiosk.getByRole('button', { name: /^公示/ }).click();
	await kiosk.getByRole('main').getByRole('listitem').first().getByRole('button').click();
	await kiosk.getByRole('button', { name: '提出异议' }).click();
	await kiosk.getByRole('textbox', { name: '姓名' }).fill('李四');
	await kiosk.getByRole('textbox', { name: '联系电话' }).fill('13700001111');

	await test.step('返回 and back again: what was typed is still there', async () => {
		await kiosk.getByRole('button', { name: '返回' }).click();
		await kiosk.getByRole('button', { name: '提出异议' }).click();
		await expect(kiosk.getByRole('textbox', { name: '姓名' })).toHaveValue('李四');
	});

	await test.step('60 s without a touch: home, and the personal data is wiped', async () => {
		await kiosk.clock.fastForward('01:05');
		await expect(kiosk.getByRole('heading', { name: '请选择要办理的业务' })).toBeVisible();
		await expect(kiosk.locator('body')).not.toContainText('李四');
		await kiosk.getByRole('button', { name: /^公示/ }).click();
		await kiosk.getByRole('main').getByRole('listitem').first().getByRole('button').click();
		await kiosk.getByRole('button', { name: '提出异议' }).click();
		await expect(kiosk.getByRole('textbox', { name: '姓名' })).toHaveValue('');
		await expect(kiosk.getByRole('textbox', { name: '联系电话' })).toHaveValue('');
	});
	await context.close();
});

test('the network drops: the kiosk says so, the ticket on screen stays, and 取号 says why it cannot', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	const kiosk = await context.newPage();
	let online = true;
	const live: WebSocketRoute[] = [];
	// The kiosk's socket goes through this route: pass it on while online, refuse it after.
	await kiosk.routeWebSocket(/\/socket\.io\//, (ws) => {
		if (!online) return void ws.close();
		ws.connectToServer();
		live.push(ws);
	});
	await kiosk.goto('/kiosk?station=K1');
	await kiosk.getByRole('button', { name: /^党员谈心谈话/ }).click();
	await kiosk.getByRole('button', { name: '取号', exact: true }).click();
	const number = kiosk.getByTestId('ticket-number');
	await expect(number).toHaveText(/^C\d{3}$/);
	const qr = kiosk.getByRole('img', { name: '手机扫码，随时查看排队进度' }).locator('svg');
	await expect(qr).toBeVisible();

	online = false;
	for (const ws of live.splice(0)) await ws.close();
	await expect(kiosk.getByRole('alert').filter({ hasText: '网络连接已断开，暂时无法取号' })).toBeVisible();
	await expect(number).toHaveText(/^C\d{3}$/);
	await expect(qr).toBeVisible();

	await kiosk.getByRole('button', { name: '完成' }).click();
	await kiosk.getByRole('button', { name: /^党员谈心谈话/ }).click();
	await kiosk.getByRole('button', { name: '取号', exact: true }).click();
	await expect(kiosk.getByRole('alert').filter({ hasText: '取号失败' })).toContainText('网络连接已断开，请稍后再试');
	await context.close();
});
