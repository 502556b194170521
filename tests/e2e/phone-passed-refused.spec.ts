// The phone page of a ticket after 过号 and after 不予受理, at 390×844: the hall's name on
// top; a first miss says the number is back in the queue, not lost, and where to wait; a
// second says it is gone; a refusal shows the reason the window recorded. Calls go through
// the API at window 5 (staff5), as kiosk-phone-status.spec.ts does.
import { expect, test, type APIRequestContext } from '@playwright/test';

const WINDOW_ID = '5';
const SHOTS = process.env.SCREENS_DIR;

async function signIn(request: APIRequestContext): Promise<Record<string, string>> {
	const login = await request.post('/api/session', { data: { username: 'staff5', password: 'demo1234' } });
	expect(login.ok()).toBe(true);
	const { token } = (await login.json()) as { token: string };
	const headers = { authorization: `Bearer ${token}` };
	expect((await request.post(`/api/windows/${WINDOW_ID}/sign-in`, { headers })).ok()).toBe(true);
	const snapshot = (await (await request.get(`/api/windows/${WINDOW_ID}`, { headers })).json()) as { current: { status: string } | null };
	if (snapshot.current) {
		if (snapshot.current.status === 'called') await request.post(`/api/windows/${WINDOW_ID}/start`, { headers });
		expect((await request.post(`/api/windows/${WINDOW_ID}/finish`, { headers, data: { outcome: 'done' } })).ok()).toBe(true);
	}
	return headers;
}

async function issue(request: APIRequestContext): Promise<{ id: string; number: string }> {
	const issued = await request.post('/api/tickets', { data: { serviceId: 'room-booking' }, headers: { 'Idempotency-Key': `e2e-passed-${Date.now()}-${Math.random()}` } });
	expect(issued.status()).toBe(201);
	return issued.json();
}

test('after 过号 the phone says re-queued, then gone; after 不予受理 it shows the reason', async ({ browser, request }) => {
	const ticket = await issue(request);
	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	const phone = await context.newPage();
	await phone.goto(`/t/${ticket.id}`);
	await expect(phone.getByRole('heading', { name: ticket.number })).toBeVisible();
	await expect(phone.getByTestId('hall-name')).toHaveText('幸福社区党群服务中心');
	await expect(phone.getByTestId('wait-near')).toHaveText('请在 1号窗口、5号窗口 附近等候叫号');
	await expect(phone.getByTestId('passed-rule')).toContainText('号码自动排回队尾，不作废');

	const headers = await signIn(request);
	await test.step('a first 过号: back in the queue, not lost', async () => {
		expect((await request.post(`/api/windows/${WINDOW_ID}/call`, { headers, data: { ticketId: ticket.id } })).ok()).toBe(true);
		await expect(phone.getByTestId('ticket-status')).toHaveText('已叫号');
		expect((await request.post(`/api/windows/${WINDOW_ID}/no-show`, { headers })).ok()).toBe(true);
		await expect(phone.getByTestId('requeued')).toContainText('号码已排回队尾，没有作废');
		await expect(phone.getByTestId('ticket-status')).toHaveText('等候中');
		const width = await phone.evaluate(() => document.documentElement.scrollWidth);
		expect(width).toBeLessThanOrEqual(390);
		if (SHOTS) await phone.screenshot({ path: `${SHOTS}/phone-requeued-390x844.png` });
	});

	await test.step('a second 过号: the number is gone', async () => {
		expect((await request.post(`/api/windows/${WINDOW_ID}/call`, { headers, data: { ticketId: ticket.id } })).ok()).toBe(true);
		await expect(phone.getByTestId('ticket-status')).toHaveText('已叫号');
		expect((await request.post(`/api/windows/${WINDOW_ID}/no-show`, { headers })).ok()).toBe(true);
		await expect(phone.getByTestId('ended')).toHaveText('已两次过号，号码已作废；如需办理请重新取号或咨询工作人员。');
	});

	await test.step('不予受理: the recorded reason', async () => {
		const refused = await issue(request);
		await phone.goto(`/t/${refused.id}`);
		expect((await request.post(`/api/windows/${WINDOW_ID}/call`, { headers, data: { ticketId: refused.id } })).ok()).toBe(true);
		expect((await request.post(`/api/windows/${WINDOW_ID}/start`, { headers })).ok()).toBe(true);
		const finish = await request.post(`/api/windows/${WINDOW_ID}/finish`, { headers, data: { outcome: 'refused', reason: '活动室预约需提前三个工作日申请' } });
		expect(finish.ok()).toBe(true);
		await expect(phone.getByTestId('refusal-reason')).toContainText('活动室预约需提前三个工作日申请');
		await expect(phone.getByTestId('ticket-status')).toHaveText('不予受理');
		if (SHOTS) await phone.screenshot({ path: `${SHOTS}/phone-refused-390x844.png` });
		await phone.getByRole('button', { name: 'English' }).click();
		await expect(phone.getByTestId('refusal-reason')).toContainText('Reason given:');
	});

	await request.post(`/api/windows/${WINDOW_ID}/sign-out`, { headers });
	await context.close();
});
