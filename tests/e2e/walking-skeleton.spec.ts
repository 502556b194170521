// The walking skeleton, end to end through the screens: a resident takes a number at
// the kiosk, a staff member signs in at window 1 and calls it, and the hall board,
// open before the call, shows the number called to 1号窗口.
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';

const STAFF = { username: 'staff1', password: 'demo1234' };
const WINDOW_ID = '1';

/**
 * Seeds the state the journey starts from, through the API: nobody waiting at window 1
 * and nobody signed in there, whatever earlier journeys left behind.
 */
async function clearWindowOne(request: APIRequestContext): Promise<void> {
	const login = await request.post('/api/session', { data: STAFF });
	expect(login.ok()).toBe(true);
	const { token } = (await login.json()) as { token: string };
	const headers = { authorization: `Bearer ${token}` };
	const act = (verb: string, data: object = {}) => request.post(`/api/windows/${WINDOW_ID}/${verb}`, { headers, data });

	expect((await act('sign-in')).ok()).toBe(true);
	const snapshot = (await (await request.get(`/api/windows/${WINDOW_ID}`, { headers })).json()) as {
		current: { status: string } | null;
	};
	let current = snapshot.current;
	for (let i = 0; i < 1000; i++) {
		if (current) {
			if (current.status === 'called') expect((await act('start')).ok()).toBe(true);
			expect((await act('finish', { outcome: 'done' })).ok()).toBe(true);
		}
		const next = await act('call-next');
		if (next.status() === 409 && (await next.json()).error?.code === 'queue_empty') break;
		expect(next.ok()).toBe(true);
		current = (await next.json()) as { status: string };
	}
	expect((await act('sign-out')).ok()).toBe(true);
	await request.delete('/api/session', { headers });
}

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
	await Promise.all(contexts.splice(0).map((context) => context.close()));
});

/** Each screen is its own device: its own browser context. */
async function openScreen(browser: Browser, path: string, viewport: { width: number; height: number }): Promise<Page> {
	const context = await browser.newContext({ viewport });
	contexts.push(context);
	const page = await context.newPage();
	await page.goto(path);
	return page;
}

test('a resident takes a number, window 1 calls it, the board shows it', async ({ browser, request }) => {
	await clearWindowOne(request);

	const board = await openScreen(browser, '/board', { width: 1920, height: 1080 });
	await test.step('the board is up with the waiting counts', async () => {
		await expect(board.getByRole('heading', { name: '等候人数' })).toBeVisible();
		await expect(board.getByRole('listitem').filter({ hasText: '党组织关系转接' })).toBeVisible();
	});

	const kiosk = await openScreen(browser, '/kiosk?station=K1', { width: 1080, height: 1920 });
	let number = '';
	await test.step('a resident takes a number at the kiosk', async () => {
		await kiosk.getByRole('button', { name: /^党组织关系转接/ }).click();
		await expect(kiosk.getByRole('heading', { name: '请准备以下材料' })).toBeVisible();
		await kiosk.getByRole('button', { name: '取号', exact: true }).click();
		const ticketNumber = kiosk.getByTestId('ticket-number');
		await expect(ticketNumber).toHaveText(/^A\d{3}$/);
		number = (await ticketNumber.textContent())!.trim();
		await expect(kiosk.getByText('前面还有 0 人')).toBeVisible();
		await expect(kiosk.getByRole('img', { name: '手机扫码，随时查看排队进度' }).locator('svg')).toBeVisible();
	});

	const terminal = await openScreen(browser, '/window', { width: 1366, height: 768 });
	await test.step('staff signs in at window 1 and sees the number waiting', async () => {
		await terminal.getByLabel('用户名').fill(STAFF.username);
		await terminal.getByLabel('密码').fill(STAFF.password);
		await terminal.getByRole('button', { name: '登录', exact: true }).click();
		await terminal.getByRole('button', { name: /^1号窗口/ }).click();
		await expect(terminal.getByRole('heading', { name: '1号窗口', level: 1 })).toBeVisible();
		await expect(terminal.getByText('挂牌上岗')).toBeVisible();
		await expect(terminal.getByRole('region', { name: '等候队列' }).getByText(number)).toBeVisible();
	});

	await test.step('staff calls the next number', async () => {
		await terminal.getByRole('button', { name: '呼叫下一位', exact: true }).click();
		await expect(terminal.getByTestId('current-number')).toHaveText(number);
		await expect(terminal.getByRole('status').filter({ hasText: `已呼叫 ${number}` })).toBeVisible();
	});

	await test.step('the board, open since before the call, shows it', async () => {
		await expect(board.getByTestId('latest-call')).toHaveText(`请 ${number} 号到 1号窗口办理`);
		await expect(board.getByRole('row').filter({ hasText: number })).toContainText('1号窗口');
	});
});
