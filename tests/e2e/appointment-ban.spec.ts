// 爽约 and days closed to booking, on a hall whose clock the journey sets (the shared e2e hall
// runs on the real clock, and a missed booking needs its slot to be over). A phone misses three
// bookings in a week (the demo hall's noShowLimit within noShowWindowDays), cannot book on /book
// (390×844; 409 booking_banned said in Chinese), the director lifts the ban in the console
// (1440×900), and the phone books. Then the director closes a day to booking with a reason: /book
// stops offering it and the API refuses it; removed again, it is offered again.
//
// The hall is its own child process (tests/support/clocked-hall.ts) on its own port and data
// directory; the browsers' clocks are set to the hall's, so both sides agree on "today".
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './console-helpers.ts';
import { shoot } from './screens.ts';

const PHONE_VIEWPORT = { width: 390, height: 844 };
const CONSOLE_VIEWPORT = { width: 1440, height: 900 };
const SERVICE = 'representative';
const SERVICE_NAME = '党代表接待';

/** Monday 7 December 2026, 09:00 in the hall (Asia/Shanghai). */
const MONDAY_9AM = Date.parse('2026-12-07T09:00:00+08:00');
/** Thursday 10 December, 09:00: the three bookings of Mon–Wed at 10:00 are over, unattended. */
const THURSDAY_9AM = Date.parse('2026-12-10T09:00:00+08:00');

async function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const server = createServer();
		server.once('error', fail);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => done(port));
		});
	});
}

/** The clocked hall: started, its clock moved, stopped. */
class ClockedHall {
	#child: ChildProcess | null = null;
	constructor(
		readonly port: number,
		readonly dataDir: string
	) {}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	async start(at: number): Promise<void> {
		const child = fork(resolve('tests/support/clocked-hall.ts'), [], {
			execArgv: ['--import', 'tsx'],
			env: { ...process.env, PORT: String(this.port), DATA_DIR: this.dataDir, START_AT: String(at), BUILD_DIR: resolve(process.env.BUILD_DIR ?? 'build') },
			stdio: ['ignore', 'ignore', 'inherit', 'ipc']
		});
		this.#child = child;
		await new Promise<void>((done, fail) => {
			child.once('exit', (code) => fail(new Error(`clocked hall exited (${code})`)));
			child.on('message', (message: { listening?: number }) => {
				if (message.listening) done();
			});
		});
	}

	/** Moves the hall's clock to `at`; resolves when the hall has it. */
	async setTime(at: number): Promise<void> {
		await this.#tell({ setTime: at }, at);
	}

	/** Moves the hall's clock on to `at` if it is earlier; never back. */
	async atLeast(at: number): Promise<void> {
		await this.#tell({ atLeast: at }, at);
	}

	async #tell(message: object, at: number): Promise<void> {
		const child = this.#child!;
		const answered = new Promise<{ time: number }>((done) => {
			const listen = (message: { time?: number; listening?: number }) => {
				if (message.time !== undefined && message.listening === undefined) {
					child.off('message', listen);
					done(message as { time: number });
				}
			};
			child.on('message', listen);
		});
		child.send(message);
		expect((await answered).time).toBeGreaterThanOrEqual(at);
	}

	async stop(): Promise<void> {
		const child = this.#child;
		this.#child = null;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise((done) => child.once('exit', done));
		child.kill('SIGTERM');
		await exited;
	}
}

let hall: ClockedHall;
let api: APIRequestContext;
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
	hall = new ClockedHall(await freePort(), mkdtempSync(join(tmpdir(), 'jiaohao-appointment-ban-')));
	await hall.start(MONDAY_9AM);
	api = await playwrightRequest.newContext({ baseURL: hall.url });
});

test.afterAll(async () => {
	await api?.dispose();
	await hall?.stop();
	if (hall) rmSync(hall.dataDir, { recursive: true, force: true });
});

test.afterEach(async () => {
	await Promise.all(contexts.splice(0).map((context) => context.close()));
});

/** A device: its own context, its clock the hall's (timers keep running). */
async function device(browser: Browser, viewport: { width: number; height: number }, at: number, path: string): Promise<Page> {
	const mobile = viewport.width < 500;
	const context = await browser.newContext({ viewport, baseURL: hall.url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...(mobile ? { isMobile: true, hasTouch: true } : {}) });
	contexts.push(context);
	const page = await context.newPage();
	await page.clock.setFixedTime(at);
	await page.goto(path);
	return page;
}

async function directorConsole(browser: Browser, at: number): Promise<Page> {
	const page = await device(browser, CONSOLE_VIEWPORT, at, '/console');
	await page.getByLabel('用户名').fill('director');
	await page.getByLabel('密码').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await expect(page.getByRole('heading', { name: '今日概况', level: 1 })).toBeVisible();
	await page.getByRole('navigation', { name: '管理后台栏目' }).getByRole('link', { name: '预约', exact: true }).click();
	await expect(page.getByRole('heading', { name: '预约', level: 1 })).toBeVisible();
	return page;
}

/** On /book: the service, a day by its label (e.g. 12月10日), the first slot with places, the form. */
async function fillBooking(page: Page, dayZh: string, name: string, phone: string): Promise<void> {
	await page.getByRole('button', { name: new RegExp(`^${SERVICE_NAME}`) }).click();
	await page.getByRole('button', { name: new RegExp(`^${dayZh}`) }).click();
	await page.locator('.slots button:not([disabled])').first().click();
	await page.getByLabel(/姓名/).fill(name);
	await page.getByLabel(/^手机号/).first().fill(phone);
}

test('three missed bookings bar a phone from /book; the director lifts the ban in the console; the phone books again', async ({ browser }) => {
	test.setTimeout(120_000);
	const phone = '13912340001';

	await test.step('Mon 09:00: the phone books Mon, Tue and Wed at 10:00 and goes to none of them', async () => {
		for (const date of ['2026-12-07', '2026-12-08', '2026-12-09']) {
			const booked = await api.post('/api/appointments', { data: { serviceId: SERVICE, date, start: '10:00', name: '李爽约', phone } });
			expect(booked.status(), await booked.text()).toBe(201);
		}
		await hall.setTime(THURSDAY_9AM);
	});

	const mobile = await device(browser, PHONE_VIEWPORT, THURSDAY_9AM, '/book');
	await test.step('Thu 09:00 on the phone: booking is refused, said in Chinese with the date it ends', async () => {
		await fillBooking(mobile, '12月10日', '李爽约', phone);
		const answer = mobile.waitForResponse((res) => res.url().endsWith('/api/appointments') && res.request().method() === 'POST');
		await mobile.getByRole('button', { name: /提交预约/ }).click();
		const refused = await answer;
		expect(refused.status()).toBe(409);
		expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('booking_banned');
		const error = mobile.getByTestId('book-error');
		// The third miss (Wed 10:00) plus the demo hall's 30 ban days.
		await expect(error).toContainText('您近期多次预约未到，2027年1月8日 10:00 前不能预约，可到大厅现场取号');
		await expect(mobile.getByTestId('booking-receipt')).toHaveCount(0);
		expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
		await shoot(mobile, 'book-banned-390x844');
	});

	await test.step('the director looks the number up in the console and lifts the ban with a reason', async () => {
		const console = await directorConsole(browser, THURSDAY_9AM);
		await console.getByLabel('手机号').fill(phone);
		await console.getByRole('button', { name: '查询' }).click();
		await expect(console.getByTestId('ban-state')).toContainText('限制预约至');
		await expect(console.getByTestId('ban-state')).toContainText('1月8日 10:00');
		const lift = console.getByRole('button', { name: '解除限制' });
		// No reason, no lifting.
		await expect(lift).toBeDisabled();
		await console.getByLabel('解除原因').fill('短信提醒未送达，核实后解除');
		await shoot(console, 'console-ban-1440x900');
		await lift.click();
		await expect(console.getByTestId('ban-note')).toHaveText('已解除，该号码可以重新预约');
		await console.getByRole('button', { name: '查询' }).click();
		await expect(console.getByTestId('ban-state')).toHaveText('该号码未被限制');
	});

	await test.step('the same phone page books now', async () => {
		await mobile.getByRole('button', { name: /提交预约/ }).click();
		await expect(mobile.getByTestId('booking-receipt')).toBeVisible();
		await expect(mobile.getByTestId('booking-code')).toHaveText(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/);
		await expect(mobile.getByText(phone)).toHaveCount(0);
		await shoot(mobile, 'book-after-lift-390x844');
	});
});

test('the director closes a day to booking with a reason: /book stops offering it; removed, it is offered again', async ({ browser }) => {
	test.setTimeout(120_000);
	// Thursday, also when this journey runs on its own; after the first one the clock is already there.
	await hall.atLeast(THURSDAY_9AM);
	const console = await directorConsole(browser, THURSDAY_9AM);
	const editor = console.getByRole('region', { name: '不接受预约的日期' });
	const table = console.getByTestId('closed-days');
	await expect(table).toContainText('没有不接受预约的日期');
	// A booking already made for the day: it stays, and the director is told so.
	const kept = await api.post('/api/appointments', { data: { serviceId: SERVICE, date: '2026-12-14', start: '09:00', name: '王保留', phone: '13912340002' } });
	expect(kept.status(), await kept.text()).toBe(201);

	await test.step('validated on the form: a day, not a past one, and a reason', async () => {
		await editor.getByRole('button', { name: '添加' }).click();
		await expect(console.getByTestId('closed-error')).toHaveText('请选择日期');
		await editor.getByLabel('日期').fill('2026-12-01');
		await editor.getByRole('button', { name: '添加' }).click();
		await expect(console.getByTestId('closed-error')).toHaveText('不能选择已经过去的日期');
		await editor.getByLabel('日期').fill('2026-12-14');
		await editor.getByRole('button', { name: '添加' }).click();
		await expect(console.getByTestId('closed-error')).toHaveText('请填写原因（至少 2 个字）');
		await expect(table).toContainText('没有不接受预约的日期');
	});

	await test.step('added with its reason; the booking already made is counted', async () => {
		await editor.getByLabel('原因').fill('全员业务培训');
		await editor.getByRole('button', { name: '添加' }).click();
		await expect(console.getByTestId('closed-note')).toContainText('2026年12月14日 起不再接受预约。这一天已有 1 个预约仍然有效');
		const row = table.getByRole('row').filter({ hasText: '2026年12月14日' });
		await expect(row).toContainText('全员业务培训');
		await expect(row.getByRole('cell').nth(2)).toHaveText('1');
		await shoot(editor, 'console-closed-days-1440x900');
	});

	const mobile = await device(browser, PHONE_VIEWPORT, THURSDAY_9AM, '/book');
	await test.step('/book does not offer it, and a booking for it is refused (400 closed_day)', async () => {
		await mobile.getByRole('button', { name: new RegExp(`^${SERVICE_NAME}`) }).click();
		const days = mobile.locator('section', { has: mobile.getByRole('heading', { name: /选择日期/ }) });
		await expect(days.getByRole('button', { name: /^12月11日/ })).toBeVisible();
		await expect(days.getByRole('button', { name: /^12月14日/ })).toHaveCount(0);
		await shoot(mobile, 'book-closed-day-390x844');
		const refused = await api.post('/api/appointments', { data: { serviceId: SERVICE, date: '2026-12-14', start: '10:00', name: '赵不约', phone: '13912340003' } });
		expect(refused.status()).toBe(400);
		expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('closed_day');
	});

	await test.step('removed in the console: offered again on /book', async () => {
		await table.getByRole('button', { name: '删除 2026年12月14日，恢复接受预约' }).click();
		await expect(console.getByTestId('closed-note')).toHaveText('2026年12月14日 已恢复接受预约。');
		await expect(table).toContainText('没有不接受预约的日期');
		await mobile.reload();
		await mobile.getByRole('button', { name: new RegExp(`^${SERVICE_NAME}`) }).click();
		await expect(mobile.getByRole('button', { name: /^12月14日/ })).toBeVisible();
	});

	await test.step('both changes are in the director’s audit trail', async () => {
		const login = await api.post('/api/session', { data: { username: 'director', password: DEMO_PASSWORD } });
		const { token } = (await login.json()) as { token: string };
		const audit = (await (await api.get('/api/console/audit', { headers: { authorization: `Bearer ${token}` } })).json()) as { action: string; target: string }[];
		expect(audit.filter((e) => e.target === '2026-12-14').map((e) => e.action).sort()).toEqual(['appointment.close-day', 'appointment.reopen-day']);
	});
});
