// The evaluation journey (好差评): staff5 serves a visit at 5号窗口; the tablet facing the
// resident asks for a rating, the resident taps 不满意, the tablet thanks them and goes
// back to idle; the terminal shows the rating, and the bad rating is a follow-up case due in
// 15 working days in the case register. One rating per visit.
import { expect, test, type BrowserContext } from '@playwright/test';
import { openScreen, signInAtTerminal, signOutAtTerminal, takeNumber, vacate } from './window-helpers.ts';

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
	await Promise.all(contexts.splice(0).map((context) => context.close()));
});

test('a bad rating on the tablet opens a follow-up case in the case register', async ({ browser, request }) => {
	test.setTimeout(120_000);
	await vacate(request, 'staff5', '5');
	// Volunteer registration (F) is served at windows 1 and 5; nobody else calls it meanwhile.
	const ticket = await takeNumber(request, 'volunteer');

	const tablet = await openScreen(browser, contexts, '/rate/5', { width: 1280, height: 800 });
	await test.step('the tablet at 5号窗口 waits', async () => {
		await expect(tablet.getByRole('heading', { name: '欢迎对我们的服务进行评价' })).toBeVisible();
		await expect(tablet.getByText('5号窗口')).toBeVisible();
	});

	const terminal = await openScreen(browser, contexts, '/window');
	await test.step('staff5 serves the visit at the terminal', async () => {
		await signInAtTerminal(terminal, 'staff5', '5号窗口');
		await terminal.getByRole('button', { name: '呼叫下一位', exact: true }).click();
		await expect(terminal.getByTestId('current-number')).toHaveText(ticket.number);
		await terminal.getByRole('button', { name: '开始办理', exact: true }).click();
		await expect(terminal.getByTestId('current-status')).toHaveText('办理中');
		await terminal.getByRole('button', { name: '办结', exact: true }).click();
		await expect(terminal.getByRole('status').filter({ hasText: `${ticket.number} 已办结` })).toBeVisible();
	});

	await test.step('the tablet asks for the rating of this visit, with the staff badge', async () => {
		await expect(tablet.getByRole('heading', { name: '请对本次服务进行评价' })).toBeVisible();
		await expect(tablet.getByTestId('rate-number')).toHaveText(ticket.number);
		await expect(tablet.getByText('志愿者服务登记')).toBeVisible();
		await expect(tablet.getByText('经办人：陈静（工号 DQ005）')).toBeVisible();
		for (const grade of ['非常满意', '满意', '基本满意', '不满意', '非常不满意']) {
			await expect(tablet.getByRole('button', { name: grade, exact: true })).toBeEnabled();
		}
	});

	await test.step('the resident taps 不满意: thanks, then idle again; the terminal shows the rating', async () => {
		await tablet.getByRole('button', { name: '不满意', exact: true }).click();
		await expect(tablet.getByRole('heading', { name: '感谢您的评价！' })).toBeVisible();
		await expect(tablet.getByText('您的评价：不满意')).toBeVisible();
		await expect(tablet.getByRole('heading', { name: '欢迎对我们的服务进行评价' })).toBeVisible();
		await expect(terminal.getByTestId('last-rating')).toHaveText('群众评价：不满意');
	});

	await test.step('one rating per visit: a reloaded tablet does not ask again, the API refuses a second one', async () => {
		await tablet.reload();
		await expect(tablet.getByRole('heading', { name: '欢迎对我们的服务进行评价' })).toBeVisible();
		const again = await request.post('/api/windows/5/rating', { data: { grade: 5 } });
		expect(again.status()).toBe(409);
		expect(((await again.json()) as { error: { code: string } }).error.code).toBe('nothing_to_rate');
	});

	await test.step('the bad rating is a follow-up case due in 15 working days, in the case register', async () => {
		await terminal.getByRole('link', { name: '待办事项' }).click();
		await expect(terminal.getByRole('heading', { name: '待办事项', level: 1 })).toBeVisible();
		await expect(terminal.getByRole('button', { name: '办理中' })).toHaveAttribute('aria-pressed', 'true');
		const row = terminal.getByRole('row').filter({ hasText: ticket.number });
		await expect(row).toContainText('不满意');
		const reference = (await row.getByRole('button', { name: /^DJ-/ }).textContent())!.trim();
		await row.getByRole('button', { name: reference }).click();
		const detail = terminal.getByRole('article', { name: reference });
		await expect(detail).toContainText('差评回访');
		await expect(detail.getByTestId('case-due')).toContainText('15 个工作日');
	});

	await test.step('staff5 signs out', async () => {
		await terminal.getByRole('link', { name: '返回窗口终端' }).click();
		await signOutAtTerminal(terminal);
		await expect(terminal.getByRole('heading', { name: '请选择您的窗口' })).toBeVisible();
	});
});
