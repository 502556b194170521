// The director's 预约 section: the day's bookings masked, one opened in full (and logged),
// a cancellation with a reason, a number's 爽约 state; and axe on the 预约 screens.
import { expect, test, type Page } from '@playwright/test';
import { closeScreens, goToSection, hallToday, openConsole, openScreen, signIn } from './console-helpers.ts';
import { axeFindings } from './axe.ts';

test.afterEach(closeScreens);

async function audit(page: Page, where: string): Promise<void> {
	expect(await axeFindings(page, 'all'), `axe on ${where}`).toEqual([]);
}

function nextSlot(): string {
	// The demo hall is open around the clock: book the slot after the current one.
	const [h, m] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
		.format(Date.now())
		.split(':')
		.map(Number);
	const next = Math.min(23 * 60 + 30, (Math.floor((h * 60 + m) / 30) + 1) * 30);
	return `${String(Math.floor(next / 60)).padStart(2, '0')}:${String(next % 60).padStart(2, '0')}`;
}

test('the director sees the day’s bookings masked, opens one (logged), cancels one with a reason', async ({ browser, request }) => {
	const phone = `137${String(Date.now() % 100_000_000).padStart(8, '0')}`;
	const booked = await request.post('/api/appointments', { data: { serviceId: 'archives', date: hallToday(), start: nextSlot(), name: '欧阳小明', phone } });
	expect(booked.status(), await booked.text()).toBe(201);
	const { code } = (await booked.json()) as { code: string };

	const console = await openConsole(browser);
	await goToSection(console, '预约');
	const row = console.getByTestId('day-bookings').getByRole('row').filter({ hasText: `${code.slice(0, 3)}-${code.slice(3)}` });
	await expect(row).toContainText('欧**明');
	await expect(row).toContainText(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
	await expect(console.getByText(phone)).toHaveCount(0);
	await audit(console, 'console 预约');

	await row.getByRole('button', { name: '查看完整信息' }).click();
	await expect(console.getByTestId('opened-booking')).toContainText(`欧阳小明 · ${phone}`);
	const director = await signIn(request, 'director');
	const log = (await director.get('/api/console/access-log')) as { recordType: string }[];
	expect(log.some((entry) => entry.recordType === 'appointment')).toBe(true);

	await row.getByRole('button', { name: '取消' }).click();
	await console.getByLabel(/取消原因/).fill('档案室临时关闭');
	await console.getByRole('button', { name: '确认取消' }).click();
	await expect(row).toContainText('已取消（档案室临时关闭）');

	await console.getByLabel('手机号').fill(phone);
	await console.getByRole('button', { name: '查询' }).click();
	await expect(console.getByTestId('ban-state')).toHaveText('该号码未被限制');
});

test('the 预约 screens pass axe: /book, /take and the kiosk’s /check-in', async ({ browser }) => {
	const phone = await openScreen(browser, '/book', { width: 390, height: 844 });
	await phone.getByRole('button', { name: /^档案查阅/ }).click();
	await expect(phone.getByRole('heading', { name: /选择日期/ })).toBeVisible();
	await audit(phone, '/book');
	const take = await openScreen(browser, '/take', { width: 390, height: 844 });
	await expect(take.getByRole('heading', { name: /选择业务/ })).toBeVisible();
	await audit(take, '/take');
	const kiosk = await openScreen(browser, '/check-in?station=K1', { width: 1080, height: 1920 });
	await kiosk.getByTestId('check-in-code').fill('AAAAAA');
	await kiosk.getByTestId('check-in-code').press('Enter');
	await expect(kiosk.getByTestId('check-in-error')).toBeVisible();
	await audit(kiosk, '/check-in');
});
