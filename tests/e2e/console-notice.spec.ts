// 公示 end to end: the director publishes a notice in the console, a resident raises an
// objection at the kiosk, the director reads it (name and phone, a logged read) and cannot
// end the notice 「无异议」 until the objection is answered; then can.
import { expect, test } from '@playwright/test';
import { closeScreens, goToSection, openConsole, openScreen, stamp } from './console-helpers.ts';

test.afterEach(closeScreens);

test('a notice is published, objected to at the kiosk, answered and closed', async ({ browser, request }) => {
	const title = `社区志愿服务先进个人推荐人选公示 ${stamp()}`;
	const objection = { name: '钱七', phone: '13600001111', content: '推荐对象本年度参加志愿服务时长不足，请核实。' };

	const console = await openConsole(browser);
	await goToSection(console, '公示');

	await test.step('the director publishes the notice, for today and the week ahead', async () => {
		const form = console.getByRole('region', { name: '新建公示' });
		await form.getByLabel('标题').fill(title);
		await form.getByLabel('类别').fill('评先评优');
		await form.getByLabel('正文').fill('经居民推荐、支部研究，拟推荐王*华同志为社区志愿服务先进个人。\n\n公示期内如有异议，可在触摸屏上提出。');
		await expect(form.getByLabel('立即发布（在公示期内显示在触摸屏上）')).toBeChecked();
		await form.getByRole('button', { name: '发布公示' }).click();
		await expect(form.getByRole('status')).toHaveText('公示已发布');
		const card = console.getByRole('article', { name: title });
		await expect(card).toContainText('公示中');
		await expect(card).toContainText('异议 0 条');
	});

	let reference = '';
	await test.step('a resident objects at the kiosk', async () => {
		const kiosk = await openScreen(browser, '/kiosk?station=K1', { width: 1080, height: 1920 });
		await kiosk.getByRole('button', { name: /^公示/ }).click();
		await kiosk.getByRole('button', { name: new RegExp(`^${title}`) }).click();
		await expect(kiosk.getByRole('heading', { name: title })).toBeVisible();
		await kiosk.getByRole('button', { name: '提出异议' }).click();
		await kiosk.getByRole('textbox', { name: '姓名' }).fill(objection.name);
		await kiosk.getByRole('textbox', { name: '联系电话' }).fill(objection.phone);
		await kiosk.getByRole('textbox', { name: '异议内容' }).fill(objection.content);
		await kiosk.getByRole('button', { name: '提交异议' }).click();
		await expect(kiosk.getByRole('heading', { name: '异议已提交' })).toBeVisible();
		reference = (await kiosk.getByTestId('reference').textContent())!.trim();
		expect(reference).toMatch(/^YY-\d{8}-\d{3}$/);
	});

	const card = console.getByRole('article', { name: title });
	await test.step('the director reads the objection, with the name and phone to call back', async () => {
		await card.getByRole('button', { name: /^查看异议/ }).click();
		const item = card.getByTestId(`objection-${reference}`);
		await expect(item).toContainText(objection.content);
		await expect(item).toContainText(objection.name);
		await expect(item).toContainText(objection.phone);
		await expect(card).toContainText('1 条未答复');
	});

	await test.step('it cannot end 「无异议」 while the objection is unanswered', async () => {
		await card.getByRole('button', { name: '公示期满，无异议结束' }).click();
		await expect(card.getByRole('alert')).toContainText('还有 1 条异议未答复');
		await expect(card).toContainText('公示中');
	});

	await test.step('the director answers, then ends the notice', async () => {
		const answer = '经核实，王*华同志本年度志愿服务时长符合推荐条件，已电话答复钱七。';
		await card.getByLabel(`答复 ${reference}`).fill(answer);
		await card.getByRole('button', { name: '提交答复' }).click();
		await expect(card.getByTestId(`objection-${reference}`)).toContainText(`答复`);
		await expect(card.getByTestId(`objection-${reference}`)).toContainText(answer);
		await expect(card).not.toContainText('条未答复');
		await card.getByRole('button', { name: '公示期满，无异议结束' }).click();
		await expect(card).toContainText('公示期满无异议');
		await expect(card.getByRole('button', { name: '公示期满，无异议结束' })).toHaveCount(0);
	});

	// Off the kiosk once it has ended.
	const notices = (await (await request.get('/api/notices')).json()) as { title: string }[];
	expect(notices.map((n) => n.title)).not.toContain(title);
});
