// 预约 from a phone to the window: a resident books today's current slot on a 390×844 phone,
// checks in at the kiosk with the booking code, and the window calls the 预约 ticket ahead of
// a walk-in who came earlier. Then 线上取号: taken on the phone, checked in at the kiosk, called.
import { expect, test, type BrowserContext } from '@playwright/test';
import { boardIsLive } from './board-support.ts';
import { act, apiLogin, openScreen, signInAtTerminal, vacate } from './window-helpers.ts';
import { shoot } from './screens.ts';

const SERVICE = 'representative';
const SERVICE_NAME = '党代表接待';
const WINDOW = '4';
const PHONE_VIEWPORT = { width: 390, height: 844 };

/** A number unique to this run: the e2e hall keeps its data between the journeys of one run. */
function phoneNumber(): string {
	return `139${String(Date.now() % 100_000_000).padStart(8, '0')}`;
}

test('book on a phone, check in at the kiosk with the code, the window calls the 预约 ticket first', async ({ browser, request }) => {
	await vacate(request, 'staff4', WINDOW);
	const phone = phoneNumber();
	const context = await browser.newContext({ viewport: PHONE_VIEWPORT, isMobile: true, hasTouch: true });
	const mobile = await context.newPage();
	let code = '';

	await test.step('the phone: a service, today, the first slot with places, name and number', async () => {
		await mobile.goto('/book');
		await expect(mobile.getByRole('heading', { level: 1, name: /预约办事/ })).toBeVisible();
		await mobile.getByRole('button', { name: new RegExp(`^${SERVICE_NAME}`) }).click();
		await mobile.locator('section', { has: mobile.getByRole('heading', { name: /选择日期/ }) }).getByRole('button').first().click();
		await mobile.locator('.slots button:not([disabled])').first().click();
		await mobile.getByLabel(/姓名/).fill('王小明');
		await mobile.getByLabel(/^手机号/).first().fill(phone);
		await mobile.getByRole('button', { name: /提交预约/ }).click();
		await expect(mobile.getByTestId('booking-receipt')).toBeVisible();
		code = ((await mobile.getByTestId('booking-code').textContent()) ?? '').trim();
		expect(code).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/);
		// The page never shows the whole number or name back, even to the one who typed them.
		await expect(mobile.getByText(phone)).toHaveCount(0);
		// Fits the phone: nothing wider than the screen.
		const width = await mobile.evaluate(() => document.documentElement.scrollWidth);
		expect(width).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
	});

	const walkIn = (await (await request.post('/api/tickets', { data: { serviceId: SERVICE } })).json()) as { id: string; number: string };
	let appointmentNumber = '';

	await test.step('the kiosk: 预约签到, the code on the keypad, the ticket', async () => {
		const kioskContext = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
		const kiosk = await kioskContext.newPage();
		await kiosk.goto('/kiosk?station=K1');
		await kiosk.getByTestId('check-in-entry').click();
		await expect(kiosk.getByRole('heading', { level: 1, name: /预约签到/ })).toBeVisible();
		for (const char of code.replace('-', '')) await kiosk.getByRole('group', { name: /预约码键盘/ }).getByRole('button', { name: char, exact: true }).click();
		await kiosk.getByRole('button', { name: /^签到/ }).click();
		const card = kiosk.getByTestId('checked-in');
		await expect(card).toBeVisible();
		await expect(card).toContainText('预约');
		appointmentNumber = ((await card.getByRole('heading', { level: 2 }).textContent()) ?? '').trim();
		expect(appointmentNumber).toMatch(/^E\d{3}$/);
		await kioskContext.close();
	});

	await test.step('the phone sees the booking checked in', async () => {
		await mobile.getByLabel(/^手机号/).last().fill(phone);
		await mobile.getByRole('button', { name: /^查看/ }).click();
		await expect(mobile.getByTestId('booking-status')).toContainText('已签到');
		await expect(mobile.getByTestId('booking-found')).toContainText('王*明');
	});

	await test.step('the window terminal: 呼叫下一位 takes the 预约 ticket before the earlier walk-in', async () => {
		const contexts: BrowserContext[] = [];
		// The hall's board, live before the call: it marks the call 预约, as the window does.
		const board = await openScreen(browser, contexts, '/board', { width: 1920, height: 1080 });
		await boardIsLive(board, SERVICE_NAME);
		const terminal = await openScreen(browser, contexts, '/window');
		await signInAtTerminal(terminal, 'staff4', '4号窗口');
		await terminal.getByRole('button', { name: '呼叫下一位', exact: true }).click();
		await expect(terminal.getByTestId('current-number')).toHaveText(appointmentNumber);
		await expect(terminal.getByTestId('appointment-tag')).toBeVisible();
		await expect(board.getByTestId('latest-call')).toContainText(appointmentNumber);
		await expect(board.getByTestId('call-appointment')).toHaveText('预约');
		await expect(board.getByTestId('recent-calls').getByRole('row').filter({ hasText: appointmentNumber })).toContainText('预约');
		await shoot(board, 'board-appointment-call');
		// The booking behind it: masked, in full only on request (logged).
		const booking = terminal.getByTestId('window-booking');
		await expect(booking).toContainText('王*明');
		await booking.getByRole('button', { name: /查看完整信息/ }).click();
		await expect(booking).toContainText(`王小明 · ${phone}`);
		// …and that read is in the access log, against this booking.
		const { id: bookingId } = (await (await request.get(`/api/appointments/${code.replace('-', '')}?phone=${phone}`)).json()) as { id: string };
		const director = await apiLogin(request, 'director');
		const log = (await (await request.get('/api/console/access-log', { headers: { authorization: `Bearer ${director}` } })).json()) as { recordType: string; recordId: string; fields: string[] }[];
		expect(log.find((entry) => entry.recordType === 'appointment' && entry.recordId === bookingId)).toMatchObject({ fields: ['name', 'phone'] });
		const token = await apiLogin(request, 'staff4');
		expect((await act(request, token, WINDOW, 'start')).ok()).toBe(true);
		expect((await act(request, token, WINDOW, 'finish', { outcome: 'done' })).ok()).toBe(true);
		const next = (await (await act(request, token, WINDOW, 'call-next')).json()) as { number: string };
		expect(next.number).toBe(walkIn.number);
		// The walk-in's call is not marked.
		await expect(board.getByTestId('latest-call')).toContainText(walkIn.number);
		await expect(board.getByTestId('call-appointment')).toHaveCount(0);
		await Promise.all(contexts.map((c) => c.close()));
	});
	await context.close();
	await vacate(request, 'staff4', WINDOW);
});

test('线上取号 on a phone, check in at the kiosk, then called in its place', async ({ browser, request }) => {
	await vacate(request, 'staff4', WINDOW);
	const phone = phoneNumber();
	const context = await browser.newContext({ viewport: PHONE_VIEWPORT, isMobile: true, hasTouch: true });
	const mobile = await context.newPage();
	await mobile.goto('/take');
	await mobile.getByRole('button', { name: new RegExp(`^${SERVICE_NAME}`) }).click();
	await mobile.getByLabel(/^手机号/).first().fill(phone);
	await mobile.getByRole('button', { name: /^取号/ }).click();
	const card = mobile.getByTestId('remote-ticket');
	await expect(card).toBeVisible();
	await expect(mobile.getByTestId('remote-status')).toContainText('待签到');
	const number = ((await card.getByRole('heading', { level: 2 }).textContent()) ?? '').trim();
	const code = ((await mobile.getByTestId('remote-code').textContent()) ?? '').trim();
	// A second number for the same phone is refused.
	const again = await request.post('/api/remote-tickets', { data: { serviceId: SERVICE, phone } });
	expect(again.status()).toBe(409);

	const kioskContext = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	const kiosk = await kioskContext.newPage();
	await kiosk.goto('/check-in?station=K1');
	// A keyboard-wedge scanner types the code and Enter into the focused box.
	await kiosk.getByTestId('check-in-code').fill(code);
	await kiosk.getByTestId('check-in-code').press('Enter');
	await expect(kiosk.getByTestId('checked-in')).toContainText(number);
	await kioskContext.close();

	await mobile.reload();
	await expect(mobile.getByTestId('remote-ticket')).toContainText('已签到');

	const token = await apiLogin(request, 'staff4');
	expect((await act(request, token, WINDOW, 'sign-in')).ok()).toBe(true);
	const called = (await (await act(request, token, WINDOW, 'call-next')).json()) as { number: string };
	expect(called.number).toBe(number);
	await context.close();
	await vacate(request, 'staff4', WINDOW);
});

test('a resident with a number taken from home checks in at the window instead', async ({ browser, request }) => {
	await vacate(request, 'staff4', WINDOW);
	const phone = phoneNumber();
	const taken = await request.post('/api/remote-tickets', { data: { serviceId: SERVICE, phone } });
	expect(taken.status(), await taken.text()).toBe(201);
	const remote = (await taken.json()) as { number: string; code: string };
	const contexts: BrowserContext[] = [];
	const terminal = await openScreen(browser, contexts, '/window');
	await signInAtTerminal(terminal, 'staff4', '4号窗口');
	await terminal.getByRole('textbox', { name: /预约码/ }).fill(remote.code.toLowerCase());
	await terminal.getByRole('button', { name: '签到', exact: true }).click();
	await expect(terminal.getByTestId('window-checked-in')).toContainText(remote.number);
	await terminal.getByRole('button', { name: '呼叫下一位', exact: true }).click();
	await expect(terminal.getByTestId('current-number')).toHaveText(remote.number);
	await Promise.all(contexts.map((c) => c.close()));
	await vacate(request, 'staff4', WINDOW);
});
