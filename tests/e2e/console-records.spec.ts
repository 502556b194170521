// The director's console at 1440×900, read as a director reads it: today's totals on the
// overview, station agent keys masked until 显示 (and the reveal in the audit log, in words),
// a refused save saying which field in Chinese, and a complaint handed to a staff member in
// their 待办 with the contact in full for the call-back (in the access log).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { closeScreens, goToSection, hallFile, hallToday, openScreen, restoreConfig, signIn, stamp, DEMO_PASSWORD } from './console-helpers.ts';
import { expectNoSeriousViolations } from './axe.ts';
import { shoot } from './screens.ts';

test.afterEach(closeScreens);

const VIEWPORT = { width: 1440, height: 900 };
const HALL = JSON.parse(readFileSync('config/demo-hall.json', 'utf8')) as { stations: { id: string; name: string; agentKey?: string }[] };



async function consoleAt1440(browser: Parameters<typeof openScreen>[0]): Promise<Page> {
	const page = await openScreen(browser, '/console', VIEWPORT);
	page.on('dialog', (dialog) => void dialog.accept());
	await page.getByLabel('用户名').fill('director');
	await page.getByLabel('密码').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await expect(page.getByRole('heading', { name: '今日概况', level: 1 })).toBeVisible();
	return page;
}

const number = async (page: Page, id: string) => Number(await page.getByTestId(id).innerText());

test('the overview shows today’s totals, the same as the day’s report', async ({ browser, request }) => {
	const director = await signIn(request, 'director');
	const page = await consoleAt1440(browser);
	const totals = page.getByRole('region', { name: /今日累计/ });
	await expect(totals).toBeVisible();
	await expect(totals.getByRole('heading')).toContainText(hallToday());
	const before = await number(page, 'total-issued');

	for (let i = 0; i < 2; i++) expect((await request.post('/api/tickets', { data: { serviceId: 'party-transfer' } })).status()).toBe(201);
	await page.getByRole('button', { name: '立即刷新' }).click();
	await expect.poll(() => number(page, 'total-issued')).toBe(before + 2);

	const report = await director.get(`/api/console/reports?from=${hallToday()}&to=${hallToday()}`);
	await expect.poll(() => number(page, 'total-issued')).toBe(report.totals.issued);
	expect(await number(page, 'total-served')).toBe(report.totals.done);
	expect(await number(page, 'total-no-show')).toBe(report.totals.noShow);
	expect(await number(page, 'total-refused')).toBe(report.totals.refused);
	expect(await number(page, 'total-waiting')).toBeGreaterThanOrEqual(2);
	await expect(page.getByTestId('total-average-wait')).toHaveText(/^(—|[\d.]+ 分钟)$/);
	await expect(page.getByTestId('total-ratings')).toHaveText(/暂无评价|条 · 平均 [\d.]+ 分 · 差评 \d+/);
	await shoot(page, 'overview-1440');
});

test('station agent keys are masked; 显示 shows one and the audit log says so in words', async ({ browser, request }) => {
	const director = await signIn(request, 'director');
	const kiosk = HALL.stations.find((s) => s.id === 'K1')!;
	const page = await consoleAt1440(browser);
	await goToSection(page, '业务与窗口');
	await page.getByRole('tab', { name: '终端' }).click();
	const panel = page.getByRole('tabpanel', { name: '终端' });
	const index = (await hallFile(director)).stations.findIndex((s: { id: string }) => s.id === kiosk.id);
	const row = panel.getByTestId(`st-${index}-key-shown`);
	await expect(row.getByText(`••••••••${kiosk.agentKey!.slice(-4)}`)).toBeVisible();
	expect(await page.content()).not.toContain(kiosk.agentKey!);
	await shoot(page, 'keys-masked-1440');

	await row.getByRole('button', { name: `显示终端 ${kiosk.id} 的接入密钥` }).click();
	await expect(row.getByText(kiosk.agentKey!)).toBeVisible();
	await shoot(page, 'keys-revealed-1440');
	await expectNoSeriousViolations(page, '终端 with a key shown');
	await row.getByRole('button', { name: `隐藏终端 ${kiosk.id} 的接入密钥` }).click();
	await expect(row.getByText(kiosk.agentKey!)).toHaveCount(0);
	// Seeing a key is not a change: nothing to save.
	await expect(page.getByRole('region', { name: '保存配置' }).getByRole('button', { name: '保存配置' })).toBeDisabled();

	await goToSection(page, '操作日志');
	const line = page.getByTestId('audit-log').getByRole('row').filter({ hasText: '查看终端接入密钥' }).first();
	await expect(line).toContainText(`终端「${kiosk.name}」`);
	await expect(line).toContainText('赵主任（工号');
	const text = await page.getByTestId('audit-log').innerText();
	expect(text).not.toMatch(/\b[a-z]+[:.][a-z-]+\b/);
	expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
	await shoot(page, 'audit-log-1440');
	expect((await hallFile(director)).stations.find((s: { id: string }) => s.id === kiosk.id).agentKey).toMatch(/^•+/);
});

test('a refused save names the field in Chinese, not services.0.name', async ({ browser, request }) => {
	const director = await signIn(request, 'director');
	const original = await hallFile(director);
	const page = await consoleAt1440(browser);
	await goToSection(page, '业务与窗口');
	const saveBar = page.getByRole('region', { name: '保存配置' });
	const first = original.services[0] as { name: string };
	await page.getByRole('button', { name: new RegExp(first.name) }).first().click();
	await page.getByLabel('业务名称').fill('');
	await saveBar.getByRole('button', { name: '保存配置' }).click();
	const alert = saveBar.getByRole('alert');
	await expect(alert).toContainText('服务事项 1 · 名称：不能为空');
	await expect(alert).not.toContainText('services.');
	await shoot(page, 'validation-config-1440');
	await saveBar.getByRole('button', { name: '放弃修改' }).click();
	expect(await hallFile(director)).toEqual(original);

	await goToSection(page, '工作人员');
	const refused = await director.send('POST', '/api/console/staff', { username: `x${stamp()}`, name: '', staffNo: 'N1', role: 'staff', password: 'long-enough-1' });
	expect(refused.body.error.message).toBe('姓名：不能为空');
	await restoreConfig(director, original);
});

test('a complaint handed to a staff member is in their 待办, with the contact for the call-back logged', async ({ browser, request }) => {
	const director = await signIn(request, 'director');
	const staff = await signIn(request, 'staff1');
	const content = `窗口等候时间太长 ${stamp()}`;
	const filed = await request.post('/api/complaints', { data: { category: 'complaint', content, contactName: '钱七', contactPhone: '13912345678' } });
	expect(filed.status()).toBe(201);
	const { reference } = (await filed.json()) as { reference: string };

	const page = await consoleAt1440(browser);
	await goToSection(page, '投诉建议');
	const card = page.getByTestId(`complaint-${reference}`);
	await card.getByRole('button', { name: `处理 ${reference}` }).click();
	await card.getByLabel('承办人').selectOption({ label: (await staff.get('/api/session')).staff.name + `（${(await staff.get('/api/session')).staff.staffNo}）` });
	await card.getByRole('button', { name: '指派' }).click();
	await expect(card.getByRole('status')).toContainText('已指派给');
	await expect(card.getByTestId(`complaint-contact-${reference}`)).toContainText('钱*');

	// The staff member's 待办事项 page, signed in as the window terminal keeps its session.
	const window = await openScreen(browser, '/', { width: 1366, height: 768 });
	const me = await staff.get('/api/session');
	await window.evaluate(
		([token, who]) => sessionStorage.setItem('jiaohao.window.session', JSON.stringify({ token, staff: who, windowId: null })),
		[staff.token, me.staff] as const
	);
	await window.goto('/window/cases');
	const mine = window.getByTestId(`assigned-${reference}`);
	await expect(mine).toContainText(content);
	await expect(mine).toContainText('139****5678');
	await mine.getByRole('button', { name: /查看联系方式/ }).click();
	await expect(mine.getByRole('link', { name: '13912345678' })).toHaveAttribute('href', 'tel:13912345678');
	await expect(mine).toContainText('钱七');
	await shoot(window, 'window-assigned-1366');
	await expectNoSeriousViolations(window, '待办事项 with an assigned complaint');
	await expectNoSeriousViolations(page, '投诉建议');

	await goToSection(page, '档案查阅');
	await page.getByRole('region', { name: '个人信息查阅记录' }).getByRole('button', { name: '刷新' }).click();
	const line = page.getByTestId('access-log').getByRole('row').filter({ hasText: reference }).first();
	await expect(line).toContainText(`${me.staff.name}（工号 ${me.staff.staffNo}）`);
	await expect(line).toContainText('投诉建议');
	await expect(line).toContainText('联系人、联系电话');
	await shoot(page, 'access-log-1440');
	void director;
});

/** A loopback port nobody listens on: a printer there refuses the connection at once. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

test('a printer’s alert and its row in the printer table say the same thing', async ({ browser, request }) => {
	const director = await signIn(request, 'director');
	const original = await hallFile(director);
	const station = original.stations.find((s: { id: string }) => s.id === 'K2');
	const file = structuredClone(original);
	const port = await closedPort();
	file.stations = file.stations.map((s: { id: string }) => (s.id === 'K2' ? { ...s, printer: `tcp://127.0.0.1:${port}` } : s));
	try {
		expect((await director.send('PUT', '/api/console/config', file)).status).toBe(200);
		expect((await request.post('/api/tickets', { data: { serviceId: 'party-transfer', station: 'K2' } })).status()).toBe(201);
		const page = await consoleAt1440(browser);
		const alert = page.getByTestId('printer-alert-K2');
		const row = page.getByTestId('printer-row-K2');
		await expect(alert).toContainText('无法连接打印机');
		const words = (await row.getByRole('cell').nth(1).innerText()).trim();
		expect(words).toContain('无法连接打印机');
		await expect(alert).toContainText(words);
		await expect(alert).toContainText(station.name);
		await expect(row).toContainText(station.name);
		await row.scrollIntoViewIfNeeded();
		await shoot(page, 'printer-alert-and-table-1440');
	} finally {
		await restoreConfig(director, original);
	}
});

test('a waiting 档案查阅 request is counted on the navigation and one click from the overview', async ({ browser, request }) => {
	const staff = await signIn(request, 'staff2');
	const opened = await staff.send('POST', '/api/cases', { serviceId: 'archives', personName: '孙八', personPhone: '13500001111', content: '补开证明', resolution: 'on_the_spot' });
	expect(opened.status, JSON.stringify(opened.body)).toBe(201);
	const { id, reference } = opened.body as { id: string; reference: string };
	expect((await staff.send('POST', `/api/cases/${id}/access-requests`, { reason: '群众来电核对电话' })).status).toBe(201);

	const page = await consoleAt1440(browser);
	const nav = page.getByRole('navigation', { name: '管理后台栏目' });
	await expect(nav.getByTestId('nav-pending-requests')).toHaveText(/^\d+ 条查阅申请待审批$/);
	await expect(nav.getByRole('link', { name: '档案查阅', exact: true })).toHaveAccessibleDescription(/条查阅申请待审批/);
	await shoot(page, 'nav-pending-1440');
	await expectNoSeriousViolations(page, '今日概况 with totals and a pending request');
	await page.getByTestId('overview-pending-requests').getByRole('link', { name: '去审批' }).click();
	await expect(page.getByRole('heading', { name: '档案查阅', level: 1 })).toBeVisible();
	const card = page.getByTestId(`access-request-${reference}`);
	await expect(card).toContainText('群众来电核对电话');
	await card.getByRole('button', { name: '驳回' }).click();
	await expect(card).toHaveCount(0);
});

test('date fields read in Chinese whatever the browser shows in the box', async ({ browser }) => {
	const page = await consoleAt1440(browser);
	await goToSection(page, '公示');
	const from = page.getByLabel('公示开始日期');
	await expect(from).toHaveAttribute('lang', 'zh-CN');
	await from.fill('2026-12-06');
	await expect(page.getByTestId('notice-from-words')).toHaveText('2026年12月6日 星期日');
	await expect(from).toHaveAccessibleDescription('2026年12月6日 星期日');
	await shoot(page, 'notice-dates-1440');
});
