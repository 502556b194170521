// Text a director types (a notice) reaches the kiosk and the board as text: markup in it is
// shown, never run. The CSP would stop inline script anyway; this checks the screens do.
import { expect, test } from '@playwright/test';

const ATTACK_TITLE = '公示<img src=x onerror="window.__xss=1">';
const ATTACK_BODY = '第一段<script>window.__xss=2</script>\n\n<a href="javascript:window.__xss=3">点此</a><svg onload="window.__xss=4">';

test('markup in a notice is shown as text on the kiosk and the board, and never runs', async ({ browser, request }) => {
	const login = await request.post('/api/session', { data: { username: 'director', password: 'demo1234' } });
	const { token } = (await login.json()) as { token: string };
	const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
	const created = await request.post('/api/console/notices', {
		headers: { authorization: `Bearer ${token}` },
		data: { title: ATTACK_TITLE, body: ATTACK_BODY, category: '测试', publishFrom: today, publishTo: today, publish: true }
	});
	expect(created.status()).toBe(201);
	const { id } = (await created.json()) as { id: string };

	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	const dialogs: string[] = [];
	const kiosk = await context.newPage();
	kiosk.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	await kiosk.goto('/kiosk?station=K1');
	await kiosk.getByRole('button', { name: /^公示/ }).click();
	await kiosk.getByRole('button', { name: /^公示<img/ }).click();
	await expect(kiosk.getByRole('heading', { name: ATTACK_TITLE })).toBeVisible();
	await expect(kiosk.getByText('第一段<script>window.__xss=2</script>')).toBeVisible();
	expect(await kiosk.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
	expect(await kiosk.locator('img[src="x"], svg[onload], a[href^="javascript:"]').count()).toBe(0);

	const board = await context.newPage();
	await board.goto('/board');
	await expect(board.getByText(ATTACK_TITLE).first()).toBeAttached();
	expect(await board.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
	expect(dialogs).toEqual([]);

	// Leave the hall as it was for other journeys.
	await request.post(`/api/console/notices/${id}/withdraw`, { headers: { authorization: `Bearer ${token}` } });
	await context.close();
});
