// First run of a real account: the director (or `npm run admin`) sets a one-time password;
// the first login at the window terminal and at the console asks for a new one before
// anything else, and the old one no longer opens the account.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { closeScreens, openScreen, signIn, stamp } from './console-helpers.ts';

async function expectAccessible(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.afterEach(async () => {
	await closeScreens();
});

test('a one-time password is changed at the first login, at the window terminal and in the console', async ({ browser, request }) => {
	test.setTimeout(90_000);
	const director = await signIn(request, 'director');
	const mark = stamp();
	const staffUser = `first${mark}`.toLowerCase().slice(0, 32);
	const directorUser = `dir${mark}`.toLowerCase().slice(0, 32);
	const oneTime = 'one-time-Pw-123';
	for (const [username, role, name] of [
		[staffUser, 'staff', '新同事'],
		[directorUser, 'director', '新主任']
	] as const) {
		const created = await director.send('POST', '/api/console/staff', { username, name, staffNo: `N${mark}`.slice(0, 20), role, password: oneTime });
		expect(created.status, JSON.stringify(created.body)).toBe(201);
	}

	await test.step('window terminal: the first login shows the password form, not the windows', async () => {
		const terminal = await openScreen(browser, '/window');
		await terminal.getByLabel('用户名').fill(staffUser);
		await terminal.getByLabel('密码', { exact: true }).fill(oneTime);
		await terminal.getByRole('button', { name: '登录', exact: true }).click();
		const form = terminal.getByRole('form', { name: '首次登录，请修改初始密码' });
		await expect(form).toBeVisible();
		await expect(terminal.getByRole('button', { name: /号窗口/ })).toHaveCount(0);
		await expectAccessible(terminal);
		// No way round it: a reload still asks.
		await terminal.reload();
		await expect(form).toBeVisible();

		await form.getByLabel('当前密码').fill(oneTime);
		await form.getByLabel('新密码', { exact: true }).fill('my-own-secret-1');
		await form.getByLabel('再次输入新密码').fill('my-own-secret-2');
		await form.getByRole('button', { name: '保存新密码' }).click();
		await expect(form.getByRole('alert')).toHaveText('两次输入的新密码不一致');

		await form.getByLabel('再次输入新密码').fill('my-own-secret-1');
		await form.getByRole('button', { name: '保存新密码' }).click();
		await expect(terminal.getByText('密码已修改')).toBeVisible();
		await expect(terminal.getByRole('button', { name: /^1号窗口/ })).toBeVisible();
	});

	await test.step('the one-time password no longer opens the account; the new one does', async () => {
		expect((await request.post('/api/session', { data: { username: staffUser, password: oneTime } })).status()).toBe(401);
		const again = await request.post('/api/session', { data: { username: staffUser, password: 'my-own-secret-1' } });
		expect(await again.json()).toMatchObject({ mustChangePassword: false });
	});

	await test.step('console: a new director changes the one-time password, then sees 今日概况', async () => {
		const console = await openScreen(browser, '/console');
		await console.getByLabel('用户名').fill(directorUser);
		await console.getByLabel('密码', { exact: true }).fill(oneTime);
		await console.getByRole('button', { name: '登录', exact: true }).click();
		const form = console.getByRole('form', { name: '首次登录，请修改初始密码' });
		await expect(form).toBeVisible();
		await expect(console.getByRole('navigation', { name: '管理后台栏目' })).toHaveCount(0);
		await expectAccessible(console);
		await form.getByLabel('当前密码').fill(oneTime);
		await form.getByLabel('新密码', { exact: true }).fill('director-secret-9');
		await form.getByLabel('再次输入新密码').fill('director-secret-9');
		await form.getByRole('button', { name: '保存新密码' }).click();
		await expect(console.getByRole('heading', { name: '今日概况', level: 1 })).toBeVisible();

		await test.step('and changes it again from the top bar', async () => {
			await console.getByRole('button', { name: '修改密码' }).click();
			const voluntary = console.getByRole('form', { name: '修改密码' });
			await voluntary.getByLabel('当前密码').fill('wrong-password-0');
			await voluntary.getByLabel('新密码', { exact: true }).fill('director-secret-10');
			await voluntary.getByLabel('再次输入新密码').fill('director-secret-10');
			await voluntary.getByRole('button', { name: '保存新密码' }).click();
			await expect(voluntary.getByRole('alert')).toHaveText('当前密码不正确');
			await voluntary.getByLabel('当前密码').fill('director-secret-9');
			await voluntary.getByRole('button', { name: '保存新密码' }).click();
			await expect(console.getByText('密码已修改')).toBeVisible();
		});
	});
});
