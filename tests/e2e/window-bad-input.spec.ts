// Bad input at the window, each answered on screen in clear Chinese, and nothing changed:
// a wrong password, an account slowed down after repeated ones (until the director resets
// it), a transfer to a
// service nobody serves today or to an unstaffed window, a refusal without a reason, a case
// without its required fields, and an action at a window one is not signed in at.
import { expect, test, type BrowserContext } from '@playwright/test';
import { act, apiLogin, openScreen, signInAtTerminal, signOutAtTerminal, takeNumber, vacate } from './window-helpers.ts';

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
	await Promise.all(contexts.splice(0).map((context) => context.close()));
});

test('a wrong password is refused; repeated ones slow that account down at this PC until the director resets the password', async ({ browser, request }) => {
	// An account of its own: the reset below leaves it with a one-time password.
	const director = await apiLogin(request, 'director');
	const headers = { authorization: `Bearer ${director}` };
	const username = `slow${Date.now().toString(36).slice(-6)}`;
	const created = await request.post('/api/console/staff', { headers, data: { username, name: '慢同事', staffNo: 'S1', role: 'staff', password: 'first-pass-1' } });
	expect(created.ok(), await created.text()).toBe(true);
	const staffId = ((await created.json()) as { id: string }).id;
	const own = await apiLogin(request, username, 'first-pass-1');
	const changed = await request.post('/api/session/password', { headers: { authorization: `Bearer ${own}` }, data: { currentPassword: 'first-pass-1', newPassword: 'own-pass-77' } });
	expect(changed.ok(), await changed.text()).toBe(true);

	const terminal = await openScreen(browser, contexts, '/window');
	const login = async (name: string, password: string) => {
		await terminal.getByLabel('用户名').fill(name);
		await terminal.getByLabel('密码').fill(password);
		await terminal.getByRole('button', { name: '登录', exact: true }).click();
	};

	await test.step('a wrong password', async () => {
		await login('staff1', 'wrong-password');
		await expect(terminal.getByRole('alert')).toHaveText('用户名或密码错误');
		await expect(terminal.getByRole('heading', { name: '工作人员登录' })).toBeVisible();
	});

	await test.step('after three wrong passwords this PC must wait, even with the right one', async () => {
		for (let i = 0; i < 2; i++) {
			const res = await request.post('/api/session', { data: { username, password: `guess-${i}` } });
			expect(res.status()).toBe(401);
		}
		await login(username, 'guess-3');
		await expect(terminal.getByRole('alert')).toHaveText('用户名或密码错误');
		// The wait after the third is 15 s: far longer than the next click takes.
		await login(username, 'own-pass-77');
		await expect(terminal.getByRole('alert')).toHaveText(/^密码错误次数过多，请 \d+ 秒后再试$/);
	});

	await test.step('the director resets the password: the wait is over, and the new password is a one-time password', async () => {
		const reset = await request.post(`/api/staff/${staffId}/reset-password`, { headers, data: { password: 'reset-pass-88' } });
		expect(reset.ok(), await reset.text()).toBe(true);
		await login(username, 'reset-pass-88');
		await expect(terminal.getByRole('heading', { name: '首次登录，请修改初始密码' })).toBeVisible();
		await terminal.getByRole('button', { name: '退出登录' }).click();
		await expect(terminal.getByRole('heading', { name: '工作人员登录' })).toBeVisible();
	});
});

test('a transfer nobody can take, a refusal without a reason and a case without its fields change nothing', async ({ browser, request }) => {
	test.setTimeout(120_000);
	await vacate(request, 'staff1', '1');
	const ticket = await takeNumber(request, 'party-transfer');
	const token = await apiLogin(request, 'staff1');
	const casesBefore = ((await (await request.get('/api/cases?status=all', { headers: { authorization: `Bearer ${token}` } })).json()) as unknown[]).length;

	const terminal = await openScreen(browser, contexts, '/window');
	await signInAtTerminal(terminal, 'staff1', '1号窗口');
	await terminal.getByRole('button', { name: '呼叫下一位', exact: true }).click();
	await expect(terminal.getByTestId('current-number')).toHaveText(ticket.number);

	await test.step('a transfer to a service nobody serves today (党员谈心谈话: only 4号窗口, unstaffed)', async () => {
		await terminal.getByRole('button', { name: '转移', exact: true }).click();
		const dialog = terminal.getByRole('dialog', { name: '转移' });
		const service = dialog.getByLabel('目标业务');
		await expect(service.getByRole('option', { name: 'C 党员谈心谈话（今日无人办理）' })).toHaveCount(1);
		await service.selectOption('heart-talk');
		await dialog.getByLabel(/转移说明/).fill('想找党员谈心');
		await dialog.getByRole('button', { name: '确认转移' }).click();
		await expect(dialog.getByRole('alert')).toHaveText('今天没有窗口在办理「党员谈心谈话」，不能转往该业务');

		await dialog.getByLabel('指定窗口').check();
		await dialog.getByLabel('目标窗口').selectOption({ label: '4号窗口（无人值守）' });
		await dialog.getByRole('button', { name: '确认转移' }).click();
		await expect(dialog.getByRole('alert')).toHaveText('目标窗口无人值守，不能转往该窗口');
		await dialog.getByRole('button', { name: '取消' }).click();
		await expect(dialog).toBeHidden();
	});

	await test.step('nothing changed: the ticket is still in hand here', async () => {
		await expect(terminal.getByTestId('current-number')).toHaveText(ticket.number);
		const now = (await (await request.get(`/api/tickets/${ticket.id}`)).json()) as { status: string; windowId: string };
		expect(now).toMatchObject({ status: 'called', windowId: '1' });
	});

	await test.step('a refusal without a reason', async () => {
		await terminal.getByRole('button', { name: '开始办理', exact: true }).click();
		await expect(terminal.getByTestId('current-status')).toHaveText('办理中');
		await terminal.getByRole('button', { name: '不予受理', exact: true }).click();
		const dialog = terminal.getByRole('dialog', { name: '不予受理' });
		await dialog.getByLabel(/不予受理原因/).fill('   ');
		await dialog.getByRole('button', { name: '确认不予受理' }).click();
		await expect(dialog.getByText('请填写不予受理的原因')).toBeVisible();
		await dialog.getByRole('button', { name: '取消' }).click();
		await expect(terminal.getByTestId('current-status')).toHaveText('办理中');
	});

	await test.step('a case without its required fields, a bad phone number and a bad deadline', async () => {
		await terminal.getByRole('button', { name: '电话登记' }).click();
		const dialog = terminal.getByRole('dialog', { name: '电话咨询登记' });
		await dialog.getByRole('button', { name: '登记', exact: true }).click();
		await expect(dialog.getByRole('alert')).toHaveText('请检查标红的项目');
		for (const message of ['请填写姓名', '请填写联系电话', '请填写事项内容', '请选择办理方式']) {
			await expect(dialog.getByText(message, { exact: true })).toBeVisible();
		}
		await dialog.getByLabel('姓名').fill('李四');
		await dialog.getByLabel('联系电话').fill('电话没有');
		await dialog.getByLabel('事项内容').fill('咨询');
		await dialog.getByLabel('转办').check();
		await dialog.getByLabel('办结时限（工作日）').fill('400');
		await dialog.getByRole('button', { name: '登记', exact: true }).click();
		await expect(dialog.getByText('电话号码格式不正确')).toBeVisible();
		await expect(dialog.getByText('办结时限应为 0–365 个工作日')).toBeVisible();
		await expect(dialog.getByText('请填写姓名', { exact: true })).toBeHidden();
		await dialog.getByRole('button', { name: '取消' }).click();
		const casesAfter = ((await (await request.get('/api/cases?status=all', { headers: { authorization: `Bearer ${token}` } })).json()) as unknown[]).length;
		expect(casesAfter).toBe(casesBefore);
	});

	await test.step('the visit is finished and staff1 signs out', async () => {
		await terminal.getByRole('button', { name: '办结', exact: true }).click();
		await expect(terminal.getByText('当前没有号码')).toBeVisible();
		await signOutAtTerminal(terminal);
		await expect(terminal.getByRole('heading', { name: '请选择您的窗口' })).toBeVisible();
	});
});

test('an action at a window one is not signed in at is refused; a terminal whose staff signed in elsewhere steps back', async ({ browser, request }) => {
	await vacate(request, 'staff1', '1');
	const token = await apiLogin(request, 'staff1');
	const waiting = await takeNumber(request, 'party-transfer');

	await test.step('staff1 calls at 2号窗口 without being signed in there: refused, nothing changed', async () => {
		const res = await act(request, token, '2', 'call-next');
		expect(res.status()).toBe(403);
		expect(await res.json()).toMatchObject({ error: { code: 'not_your_window', message: '您没有在这个窗口签到，不能在此操作' } });
		expect(await (await request.get(`/api/tickets/${waiting.id}`)).json()).toMatchObject({ status: 'waiting', windowId: null });
	});

	const terminal = await openScreen(browser, contexts, '/window');
	await signInAtTerminal(terminal, 'staff1', '1号窗口');
	await test.step('staff1 signs in at 4号窗口 from elsewhere: the terminal at 1号窗口 says so and steps back', async () => {
		expect((await act(request, token, '4', 'sign-in')).ok()).toBe(true);
		await expect(terminal.getByRole('alert')).toHaveText('您已不在本窗口签到（可能已在其他窗口签到或已签退），请重新选择窗口');
		await expect(terminal.getByRole('heading', { name: '请选择您的窗口' })).toBeVisible();
		await expect(terminal.getByRole('button', { name: /^4号窗口/ })).toContainText('您已在此签到');
	});

	// 4号窗口 stays unstaffed for the other journeys; serve out the number taken here.
	expect((await act(request, token, '4', 'sign-out')).ok()).toBe(true);
	await vacate(request, 'staff1', '1');
});
