// 预约设置 in the director's console (1440×900): the hall's 预约 rules and each service's slots,
// checked on the form, saved into the hall file, and in force on /book's API at once. The hall
// file is put back afterwards (the e2e hall is shared by the journeys of a run).
import { expect, test } from '@playwright/test';
import { closeScreens, DEMO_PASSWORD, goToSection, hallFile, hallToday, openScreen, restoreConfig, signIn } from './console-helpers.ts';
import { shoot } from './screens.ts';

test.afterEach(closeScreens);

test('the director sets the 爽约 rule and the slots of the services; a wrong number is named and nothing is saved', async ({ browser, request }) => {
	const director = await signIn(request, 'director');
	const original = await hallFile(director);
	const page = await openScreen(browser, '/console', { width: 1440, height: 900 });
	try {
		await page.getByLabel('用户名').fill('director');
		await page.getByLabel('密码').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: '登录', exact: true }).click();
		await expect(page.getByRole('heading', { name: '今日概况', level: 1 })).toBeVisible();
		await goToSection(page, '预约');
		const settings = page.getByRole('region', { name: '预约设置' });
		await expect(settings.getByLabel('爽约次数上限（次）')).toHaveValue(String(original.appointmentRules.noShowLimit));
		const table = settings.getByRole('table', { name: '各业务的预约时段' });
		await expect(table.getByLabel('档案查阅 接受预约')).toBeChecked();
		await expect(table.getByLabel('代办服务 接受预约')).not.toBeChecked();
		await expect(table.getByLabel('代办服务 每个时段名额')).toBeDisabled();

		await test.step('a number out of range is named, and nothing is saved', async () => {
			await settings.getByLabel('爽约次数上限（次）').fill('0');
			await settings.getByRole('button', { name: '保存预约设置' }).click();
			await expect(page.getByTestId('settings-error')).toHaveText('「爽约次数上限」应为 1–20 次的整数');
			expect((await hallFile(director)).appointmentRules.noShowLimit).toBe(original.appointmentRules.noShowLimit);
		});

		await test.step('saved: the rules, a capacity, a service switched on', async () => {
			await settings.getByLabel('爽约次数上限（次）').fill('2');
			await settings.getByLabel('暂停预约（天）').fill('7');
			await table.getByLabel('档案查阅 每个时段名额').fill('3');
			await table.getByLabel('代办服务 接受预约').check();
			await table.getByLabel('代办服务 每个时段（分钟）').fill('60');
			await settings.getByRole('button', { name: '保存预约设置' }).click();
			await expect(page.getByTestId('settings-saved')).toHaveText('已保存，预约页面即时生效');
			await expect(page.getByTestId('settings-error')).toHaveCount(0);
			await shoot(page, 'console-appointment-settings-1440x900', { fullPage: true });
		});

		await test.step('in the hall file and in force for residents', async () => {
			const file = await hallFile(director);
			expect(file.appointmentRules).toMatchObject({ noShowLimit: 2, banDays: 7, noShowWindowDays: original.appointmentRules.noShowWindowDays });
			const service = (id: string) => file.services.find((s: { id: string }) => s.id === id);
			expect(service('archives').appointments).toEqual({ enabled: true, slotMinutes: 30, capacity: 3, bookAheadDays: 7 });
			expect(service('agency').appointments).toEqual({ enabled: true, slotMinutes: 60, capacity: 5, bookAheadDays: 7 });
			// Services left alone keep having no 预约 block at all.
			expect(service('party-transfer').appointments).toBeUndefined();
			const options = (await (await request.get('/api/appointments/options')).json()) as { services: { id: string; slotMinutes: number }[] };
			expect(options.services.find((s) => s.id === 'agency')).toMatchObject({ slotMinutes: 60 });
			const slots = (await (await request.get(`/api/appointments/slots?serviceId=archives&date=${hallToday()}`)).json()) as { capacity: number }[];
			expect(slots.every((s) => s.capacity === 3)).toBe(true);
		});
	} finally {
		await restoreConfig(director, original);
	}
});
