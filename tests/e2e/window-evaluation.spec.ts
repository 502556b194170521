// The evaluation journey (好差评): staff5 serves a visit at 5号窗口 (the idle tablet wears
// their badge); the tablet facing the resident asks for a rating, the resident taps 不满意,
// says why and leaves a number for the 回访, the tablet thanks them and goes
// back to idle; the terminal shows the rating, and the bad rating is a follow-up case due in
// 15 working days in the case register. One rating per visit.
import { expect, test, type BrowserContext } from '@playwright/test';
import { apiLogin, openScreen, signInAtTerminal, signOutAtTerminal, takeNumber, vacate } from './window-helpers.ts';
import { expectNoSeriousViolations } from './axe.ts';
import { shoot } from './screens.ts';



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
	await test.step('the tablet at 5号窗口 waits, with no badge while nobody is signed in', async () => {
		await expect(tablet.getByRole('heading', { name: '欢迎对我们的服务进行评价' })).toBeVisible();
		await expect(tablet.getByText('5号窗口')).toBeVisible();
		await expect(tablet.getByTestId('staff-badge')).toHaveCount(0);
	});

	const terminal = await openScreen(browser, contexts, '/window');
	await test.step('staff5 serves the visit at the terminal', async () => {
		await signInAtTerminal(terminal, 'staff5', '5号窗口');
		// 挂牌上岗 on the idle tablet, as soon as staff5 signs in: name and staff number.
		await expect(tablet.getByTestId('staff-badge')).toContainText('陈静');
		await expect(tablet.getByTestId('staff-badge')).toContainText('工号 DQ005');
		await expectNoSeriousViolations(tablet);
		await shoot(tablet, 'tablet-idle-badge-1280x800');
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

	await test.step('the resident taps 不满意: the tablet asks why and offers a 回访; thanks; the terminal shows the rating', async () => {
		await tablet.getByRole('button', { name: '不满意', exact: true }).click();
		await expect(tablet.getByRole('heading', { name: '您选择了「不满意」，请告诉我们原因' })).toBeVisible();
		// Nothing is sent before the reason: a 提交 without one is answered on the screen.
		await tablet.getByRole('button', { name: '提交评价' }).click();
		await expect(tablet.getByText('请选择或填写不满意的原因')).toBeVisible();
		await tablet.getByRole('button', { name: '等候时间太长' }).click();
		await expect(tablet.getByRole('button', { name: '等候时间太长' })).toHaveAttribute('aria-pressed', 'true');
		await tablet.getByLabel('其他原因（可填写）').fill('窗口叫号声音太小');
		await tablet.getByLabel('回访电话（选填）').fill('1391234');
		await tablet.getByRole('button', { name: '提交评价' }).click();
		await expect(tablet.getByText('请填写 11 位手机号码，或不填')).toBeVisible();
		await tablet.getByLabel('回访电话（选填）').fill('13912345678');
		await expectNoSeriousViolations(tablet);
		await shoot(tablet, 'tablet-reason-1280x800');
		await tablet.getByRole('button', { name: '提交评价' }).click();
		await expect(tablet.getByRole('heading', { name: '感谢您的评价！' })).toBeVisible();
		await expect(tablet.getByText('您的评价：不满意')).toBeVisible();
		// The resident's own number, masked even to them: someone may stand behind.
		await expect(tablet.getByText('我们会在 15 个工作日内回访您（139****5678）')).toBeVisible();
		await expect(tablet.getByText('13912345678')).toHaveCount(0);
		await shoot(tablet, 'tablet-thanks-1280x800');
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
		// The reason and the 回访 number came with the rating; staff5 answers for the case and reads it whole (logged).
		await expect(detail).toContainText('原因：等候时间太长；窗口叫号声音太小');
		await expect(detail.getByTestId('case-phone')).toHaveText('13912345678');
		const director = await apiLogin(request, 'director');
		const log = (await (await request.get('/api/console/access-log', { headers: { authorization: `Bearer ${director}` } })).json()) as { staffName: string | null; recordType: string }[];
		expect(log.some((e) => e.staffName === '陈静' && e.recordType === 'case')).toBe(true);
	});

	await test.step('staff5 signs out', async () => {
		await terminal.getByRole('link', { name: '返回窗口终端' }).click();
		await signOutAtTerminal(terminal);
		await expect(terminal.getByRole('heading', { name: '请选择您的窗口' })).toBeVisible();
	});
});
