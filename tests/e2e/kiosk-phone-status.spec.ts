// What a ticket's QR opens on a phone: the number, its status, the people ahead and the
// wait, then — live, without a reload — the window it is called to, then the end of the
// visit. Nothing personal is on the page. Tickets and calls are made through the API.
import { expect, test, type APIRequestContext } from '@playwright/test';

const WINDOW_ID = '5';
const STAFF = { username: 'staff5', password: 'demo1234' };

async function signIn(request: APIRequestContext): Promise<Record<string, string>> {
	const login = await request.post('/api/session', { data: STAFF });
	expect(login.ok()).toBe(true);
	const { token } = (await login.json()) as { token: string };
	const headers = { authorization: `Bearer ${token}` };
	expect((await request.post(`/api/windows/${WINDOW_ID}/sign-in`, { headers })).ok()).toBe(true);
	// Whatever an earlier journey left in hand at this window is finished first.
	const snapshot = (await (await request.get(`/api/windows/${WINDOW_ID}`, { headers })).json()) as { current: { status: string } | null };
	if (snapshot.current) {
		if (snapshot.current.status === 'called') await request.post(`/api/windows/${WINDOW_ID}/start`, { headers });
		expect((await request.post(`/api/windows/${WINDOW_ID}/finish`, { headers, data: { outcome: 'done' } })).ok()).toBe(true);
	}
	return headers;
}

test('the phone page follows a ticket live: waiting, called to a window, done', async ({ browser, request }) => {
	const issued = await request.post('/api/tickets', { data: { serviceId: 'room-booking' }, headers: { 'Idempotency-Key': `e2e-phone-${Date.now()}` } });
	expect(issued.status()).toBe(201);
	const ticket = (await issued.json()) as { id: string; number: string; ahead: number };

	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	const phone = await context.newPage();
	await phone.goto(`/t/${ticket.id}`);

	await test.step('waiting: number, status, people ahead, wait estimate', async () => {
		await expect(phone.getByRole('heading', { name: ticket.number })).toBeVisible();
		await expect(phone.getByTestId('ticket-status')).toHaveText('等候中');
		await expect(phone.getByText(`前面还有 ${ticket.ahead} 人`)).toBeVisible();
		await expect(phone.getByText(/预计等候约 \d+ 分钟|暂不估算等候时间|预计很快叫到您/)).toBeVisible();
		await expect(phone.getByText('本页自动更新，无需刷新')).toBeVisible();
	});

	const headers = await signIn(request);
	await test.step('called: the window appears without a reload', async () => {
		const call = await request.post(`/api/windows/${WINDOW_ID}/call`, { headers, data: { ticketId: ticket.id } });
		expect(call.ok()).toBe(true);
		await expect(phone.getByTestId('ticket-status')).toHaveText('已叫号');
		await expect(phone.getByText('请到 5号窗口办理')).toBeVisible();
	});

	await test.step('finished: the visit is over', async () => {
		expect((await request.post(`/api/windows/${WINDOW_ID}/start`, { headers })).ok()).toBe(true);
		await expect(phone.getByText('正在办理中')).toBeVisible();
		expect((await request.post(`/api/windows/${WINDOW_ID}/finish`, { headers, data: { outcome: 'done' } })).ok()).toBe(true);
		await expect(phone.getByTestId('ticket-status')).toHaveText('已办结');
		await expect(phone.getByText('已办结，感谢您的耐心等候')).toBeVisible();
	});

	await request.post(`/api/windows/${WINDOW_ID}/sign-out`, { headers });
	await context.close();
});

test('an unknown ticket id says the number was not found', async ({ page }) => {
	await page.goto('/t/nosuchticket0');
	await expect(page.getByRole('alert')).toHaveText('没有找到这个号码，可能已过期');
});
