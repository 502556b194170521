// Mistakes in the console: a duplicate ticket prefix, office hours that overlap, a deadline
// in the past, a staff member removed while signed in at a window. Each is refused with a
// clear Chinese message next to what failed, and nothing on the server changes.
import { expect, test } from '@playwright/test';
import { closeScreens, goToSection, hallFile, openConsole, restoreConfig, signIn, stamp, type Api } from './console-helpers.ts';

test.afterEach(closeScreens);

test('a duplicate prefix and overlapping hours are refused; the hall file stays as it was', async ({ browser, request }) => {
	const director = await signIn(request, 'director');
	const original = await hallFile(director);
	const [first, second] = original.services as { name: string; prefix: string }[];

	const console = await openConsole(browser);
	await goToSection(console, '业务与窗口');
	const saveBar = console.getByRole('region', { name: '保存配置' });

	await test.step('a prefix another service already has', async () => {
		await console.getByRole('button', { name: new RegExp(second.name) }).click();
		await console.getByLabel('号码前缀').fill(first.prefix.toLowerCase());
		// Typed in lower case, kept in upper case: the server sees the duplicate, not a format error.
		await expect(console.getByLabel('号码前缀')).toHaveValue(first.prefix);
		await saveBar.getByRole('button', { name: '保存配置' }).click();
		await expect(saveBar.getByRole('alert')).toContainText(`号码前缀重复：${first.prefix}`);
		await expect(saveBar.getByRole('alert')).toContainText('服务器上的配置没有改变');
		await expect(console.getByRole('tab', { name: /业务\s*（有错误）/ })).toBeVisible();
		expect(await hallFile(director)).toEqual(original);
		await saveBar.getByRole('button', { name: '放弃修改' }).click();
		await expect(console.getByLabel('号码前缀')).toHaveValue(second.prefix);
	});

	await test.step('a second period that starts before the first ends', async () => {
		await console.getByRole('tab', { name: '办公时间' }).click();
		const workday = console.getByRole('group', { name: '工作日办公时段' });
		await workday.getByLabel('第 2 段开始').fill('11:00');
		await saveBar.getByRole('button', { name: '保存配置' }).click();
		await expect(saveBar.getByRole('alert')).toContainText('办公时段有重叠');
		await expect(saveBar.getByRole('alert')).toContainText('工作日办公时段');
		await expect(console.getByRole('tabpanel')).toContainText('办公时段有重叠');
		expect(await hallFile(director)).toEqual(original);
		await saveBar.getByRole('button', { name: '放弃修改' }).click();
		await expect(workday.getByLabel('第 2 段开始')).toHaveValue(original.hours.workday[1][0]);
	});

	// Nothing broken: the kiosk catalogue still has every prefix as before.
	const services = (await (await request.get('/api/services')).json()) as { prefix: string }[];
	expect(services.map((s) => s.prefix)).toEqual(original.services.map((s: { prefix: string }) => s.prefix));
});

test('a deadline in the past is refused for a complaint and for a notice', async ({ browser, request }) => {
	const staff = await signIn(request, 'staff3');
	const director = await signIn(request, 'director');
	const logged = await staff.send('POST', '/api/console/complaints', { category: 'complaint', content: `电话反映取号机打印模糊 ${stamp()}` });
	expect(logged.status, JSON.stringify(logged.body)).toBe(201);
	const reference = logged.body.reference as string;

	const console = await openConsole(browser);
	await goToSection(console, '投诉建议');

	await test.step('a complaint’s answer due before today', async () => {
		const card = console.getByTestId(`complaint-${reference}`);
		await card.getByRole('button', { name: `处理 ${reference}` }).click();
		await card.getByLabel('答复期限').fill('2020-01-06');
		await card.getByRole('button', { name: '修改期限' }).click();
		await expect(card.getByRole('alert')).toHaveText('答复期限不能早于今天');
		const inbox = (await director.get('/api/console/complaints')) as { reference: string; dueDate: string }[];
		expect(inbox.find((c) => c.reference === reference)!.dueDate).toBe(logged.body.dueDate);
	});

	await test.step('a notice whose publicity period is already over', async () => {
		await goToSection(console, '公示');
		const title = `已过期的公示 ${stamp()}`;
		const form = console.getByRole('region', { name: '新建公示' });
		await form.getByLabel('标题').fill(title);
		await form.getByLabel('正文').fill('正文');
		await form.getByLabel('公示开始日期').fill('2020-01-06');
		await form.getByLabel('公示结束日期').fill('2020-01-10');
		await form.getByRole('button', { name: '发布公示' }).click();
		await expect(form.getByRole('alert')).toHaveText('公示结束日期已经过去，请重新选择');
		// What was typed stays, to be corrected.
		await expect(form.getByLabel('标题')).toHaveValue(title);
		const all = (await director.get('/api/console/notices')) as { title: string }[];
		expect(all.map((n) => n.title)).not.toContain(title);
	});
});

test('a staff member signed in at a window can be neither disabled nor have the window removed', async ({ browser, request }) => {
	const director = await signIn(request, 'director');
	const original = await hallFile(director);
	const mark = stamp();
	const username = `e2e_${mark}`;
	const name = `测${mark.slice(0, 3)}`;
	// A window of its own, so that no other journey's desk is in the way.
	const windowId = `E2E${mark}`.slice(0, 20);
	const windowName = '临时窗口';
	const password = 'welcome-123';
	let staffId: string | null = null;
	let login: Api | null = null;

	try {
		await restoreConfig(director, {
			...original,
			windows: [...original.windows, { id: windowId, name: windowName, serviceIds: ['volunteer'], zone: null }]
		});
		const created = await director.send('POST', '/api/console/staff', { username, name, staffNo: `T${mark}`, role: 'staff', password });
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		staffId = created.body.id;
		login = await signIn(request, username, password);
		// The director set this password: it is a one-time password, changed before anything else.
		const changed = await login.send('POST', '/api/session/password', { currentPassword: password, newPassword: `own-${password}` });
		expect(changed.status, JSON.stringify(changed.body)).toBe(200);
		const signedIn = await login.send('POST', `/api/windows/${windowId}/sign-in`);
		expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);

		const console = await openConsole(browser);

		await test.step('disabling the account is refused while they are at the window', async () => {
			await goToSection(console, '工作人员');
			const row = console.getByTestId(`staff-${username}`);
			await row.getByRole('button', { name: `停用${name}` }).click();
			await expect(row.getByRole('alert')).toHaveText('该工作人员正在窗口签到，请先签退再停用');
			await expect(row).toContainText('正常');
			const staff = (await director.get('/api/console/staff')) as { username: string; disabled: boolean }[];
			expect(staff.find((s) => s.username === username)!.disabled).toBe(false);
		});

		await test.step('removing their window is refused too', async () => {
			await goToSection(console, '业务与窗口');
			await console.getByRole('tab', { name: '窗口' }).click();
			await console.getByRole('button', { name: `删除${windowName}` }).click();
			const saveBar = console.getByRole('region', { name: '保存配置' });
			await saveBar.getByRole('button', { name: '保存配置' }).click();
			await expect(saveBar.getByRole('alert')).toContainText(`${windowName}有工作人员签到，不能删除，请先签退`);
			await expect(console.getByRole('tab', { name: /窗口\s*（有错误）/ })).toBeVisible();
			await saveBar.getByRole('button', { name: '放弃修改' }).click();
			await expect(console.getByRole('button', { name: `删除${windowName}` })).toBeVisible();
		});

		// Nothing broken: they still work at their window.
		const desk = await login.get(`/api/windows/${windowId}`);
		expect(desk.window.id).toBe(windowId);
		expect(desk.window.status).toBe('open');
	} finally {
		// Leave the hall as the other journeys expect it: the window gone, the account off.
		if (login) await login.send('POST', `/api/windows/${windowId}/sign-out`);
		await restoreConfig(director, original);
		if (staffId) await director.send('PATCH', `/api/console/staff/${staffId}`, { disabled: true });
	}
});
