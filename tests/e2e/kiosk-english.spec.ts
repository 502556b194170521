// A resident who reads English switches the kiosk to English, reads a guide and takes a
// number; 首页 keeps their language, and the screen is back in Chinese for the next
// resident once the kiosk has been left alone for 60 s.
import { expect, test } from '@playwright/test';

test('in English: read a guide, take a number, and the kiosk is Chinese again after 60 s alone', async ({ browser, request }) => {
	const services = (await (await request.get('/api/services')).json()) as { id: string; nameEn: string; prefix: string; timeLimitDays: number }[];
	const service = services.find((s) => s.id === 'party-transfer')!;
	const snapshot = (await (await request.get('/api/kiosk')).json()) as { hallNameEn: string };

	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	const kiosk = await context.newPage();
	// The idle minute passes on the page's own clock: no real minute of waiting.
	await kiosk.clock.install();
	await kiosk.goto('/kiosk?station=K1');
	await expect(kiosk.getByRole('heading', { name: '请选择要办理的业务' })).toBeVisible();

	await test.step('English, everywhere on the screen', async () => {
		await kiosk.getByRole('button', { name: 'English' }).click();
		await expect(kiosk.locator('html')).toHaveAttribute('lang', 'en');
		await expect(kiosk.getByRole('heading', { level: 1, name: snapshot.hallNameEn })).toBeVisible();
		await expect(kiosk.getByRole('heading', { name: 'Choose a service' })).toBeVisible();
		await expect(kiosk.getByText("Today's hours")).toBeVisible();
		await expect(kiosk.getByRole('button', { name: /^Public notices/ })).toBeVisible();
	});

	await test.step('the guide in English words, the hall’s own text marked as Chinese', async () => {
		await kiosk.getByRole('button', { name: new RegExp(`^${service.nameEn}`) }).click();
		await expect(kiosk.getByRole('heading', { level: 2, name: service.nameEn })).toBeVisible();
		await expect(kiosk.getByRole('heading', { name: 'Please bring' })).toBeVisible();
		await expect(kiosk.getByRole('heading', { name: 'Steps' })).toBeVisible();
		await expect(kiosk.getByText(`${service.timeLimitDays} working days`)).toBeVisible();
		await expect(kiosk.getByText('The details below are published in Chinese.')).toBeVisible();
		// The facts at the top are values in English too: no 「免费」 or 「1号窗口」 left.
		const facts = kiosk.locator('dl.facts');
		await expect(facts).toContainText('Free');
		await expect(facts).toContainText(/Window \d/);
		expect(await facts.textContent()).not.toMatch(/[\u3400-\u9fff]/);
		await expect(kiosk.getByRole('list', { name: 'Steps' })).toHaveAttribute('aria-label', 'Steps');
		await expect(kiosk.getByRole('button', { name: 'Priority lane' })).toHaveAttribute('aria-pressed', 'false');
	});

	await test.step('a number, in English', async () => {
		await kiosk.getByRole('button', { name: 'Priority lane' }).click();
		await kiosk.getByRole('button', { name: 'Take a number', exact: true }).click();
		await expect(kiosk.getByRole('heading', { name: 'Your number' })).toBeVisible();
		await expect(kiosk.getByTestId('ticket-number')).toHaveText(new RegExp(`^${service.prefix}\\d{3}$`));
		await expect(kiosk.getByText(/^\d+ ahead of you$/)).toBeVisible();
		await expect(kiosk.getByText('Priority lane', { exact: true })).toBeVisible();
		await expect(kiosk.getByRole('img', { name: 'Scan to follow your place in the queue' }).locator('svg')).toBeVisible();
	});

	await test.step('首页 keeps English for this resident', async () => {
		await kiosk.getByRole('button', { name: 'Home' }).click();
		await expect(kiosk.getByRole('heading', { name: 'Choose a service' })).toBeVisible();
	});

	await test.step('left alone, the kiosk warns, then returns to Chinese for the next resident', async () => {
		await kiosk.clock.fastForward('00:50');
		await expect(kiosk.getByTestId('idle-warning')).toContainText('Back to the start in');
		await kiosk.clock.fastForward('00:15');
		await expect(kiosk.getByRole('heading', { name: '请选择要办理的业务' })).toBeVisible();
		await expect(kiosk.locator('html')).toHaveAttribute('lang', 'zh-CN');
		await expect(kiosk.getByTestId('idle-warning')).toHaveCount(0);
	});

	await context.close();
});
