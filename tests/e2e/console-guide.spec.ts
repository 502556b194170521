// The director's console: only a director gets in; the director edits a service's guide
// (一次性告知: a material added), and a kiosk that is open on that guide shows the new
// material without a reload; the change is in the audit log with who made it.
import { expect, test } from '@playwright/test';
import { closeScreens, goToSection, hallFile, openConsole, openScreen, restoreConfig, signIn, stamp } from './console-helpers.ts';

const SERVICE = 'volunteer';

test.afterEach(closeScreens);

test('a window staff login is turned away from the console', async ({ browser }) => {
	const page = await openScreen(browser, '/console');
	await page.getByLabel('用户名').fill('staff1');
	await page.getByLabel('密码').fill('demo1234');
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await expect(page.getByRole('alert')).toHaveText('只有服务中心主任可以使用管理后台');
	await expect(page.getByRole('navigation', { name: '管理后台栏目' })).toHaveCount(0);
	// No session was left behind: a reload still asks for a login.
	await page.reload();
	await expect(page.getByRole('heading', { name: '服务中心主任登录' })).toBeVisible();
});

test('the director edits a guide and an open kiosk shows it without a reload', async ({ browser, request }) => {
	const director = await signIn(request, 'director');
	const original = await hallFile(director);
	const service = original.services.find((s: { id: string }) => s.id === SERVICE);
	const material = `近期一寸免冠照片两张（${stamp()}）`;

	try {
		const console = await openConsole(browser);
		await goToSection(console, '业务与窗口');
		await console.getByRole('button', { name: new RegExp(service.name) }).click();
		await expect(console.getByRole('heading', { name: `编辑业务：${service.name}` })).toBeVisible();
		const materials = console.getByRole('group', { name: '所需材料' });
		await expect(materials.getByRole('textbox')).toHaveCount(service.guide.materials.length);
		await materials.getByRole('button', { name: '添加所需材料' }).click();
		const added = materials.getByRole('textbox', { name: `所需材料第 ${service.guide.materials.length + 1} 项` });
		await expect(added).toBeFocused();
		await added.fill(material);
		await expect(console.getByText('有未保存的修改')).toBeVisible();

		// The kiosk opens the guide only now: a resident reading it, not one left idle.
		const kiosk = await openScreen(browser, '/kiosk?station=K1', { width: 1080, height: 1920 });
		await kiosk.getByRole('button', { name: /^办事指南/ }).click();
		await kiosk.getByRole('button', { name: new RegExp(`^${service.name}`) }).click();
		await expect(kiosk.getByRole('heading', { level: 2, name: service.name })).toBeVisible();
		await expect(kiosk.getByText(service.guide.materials[0], { exact: true })).toBeVisible();
		await expect(kiosk.getByText(material)).toHaveCount(0);
		// A marker in the page: it survives only if the page is never reloaded.
		await kiosk.evaluate(() => Object.assign(window, { consoleJourneyMarker: true }));

		await console.getByRole('button', { name: '保存配置' }).click();
		await expect(console.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
		await expect(console.getByText('有未保存的修改')).toHaveCount(0);

		await expect(kiosk.getByText(material, { exact: true })).toBeVisible();
		await expect(kiosk.getByRole('heading', { level: 2, name: service.name })).toBeVisible();
		expect(await kiosk.evaluate(() => (window as unknown as { consoleJourneyMarker?: boolean }).consoleJourneyMarker)).toBe(true);

		// Kept by the server, for every screen.
		const services = await (await request.get('/api/services')).json();
		expect(services.find((s: { id: string }) => s.id === SERVICE).guide.materials).toContain(material);

		await goToSection(console, '操作日志');
		const latest = console.getByTestId('audit-log').getByRole('row').nth(1);
		await expect(latest).toContainText('修改大厅配置');
		await expect(latest).toContainText('赵主任');
	} finally {
		await restoreConfig(director, original);
	}
});
