// 档案查阅: the personal data of a closed case is masked for staff until the director approves
// their access request in the console; a refused request leaves it masked; the approved read
// appears in the console's access log, and the exported log holds it. The staff side (the
// request and the reads) goes through the API: the window terminal's case list is another journey.
import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { closeScreens, goToSection, openConsole, signIn } from './console-helpers.ts';

test.afterEach(closeScreens);

test('a closed case is read only with the director’s approval, and the read is logged', async ({ browser, request }) => {
	const staff = await signIn(request, 'staff2');
	const person = { personName: '吴九', personPhone: '13344445555' };

	const opened = await staff.send('POST', '/api/cases', {
		serviceId: 'archives',
		...person,
		content: '查阅本人入党志愿书复印件',
		resolution: 'on_the_spot'
	});
	expect(opened.status, JSON.stringify(opened.body)).toBe(201);
	const theCase = opened.body as { id: string; reference: string; status: string };
	expect(theCase.status).toBe('done');

	const read = () => staff.get(`/api/cases/${theCase.id}`);
	const request_ = (reason: string) => staff.send('POST', `/api/cases/${theCase.id}/access-requests`, { reason });

	await test.step('without approval the closed case’s personal data stays masked', async () => {
		const record = await read();
		expect(record).toMatchObject({ personDataMasked: true, personName: '吴*', personPhone: '133****5555' });
	});

	const console = await openConsole(browser);
	await goToSection(console, '档案查阅');
	const requestCard = console.getByTestId(`access-request-${theCase.reference}`);

	await test.step('a refused request leaves it masked', async () => {
		expect((await request_('想看看')).status).toBe(201);
		await console.reload();
		await expect(requestCard).toContainText('想看看');
		await requestCard.getByRole('button', { name: '驳回' }).click();
		await expect(console.getByRole('status').filter({ hasText: '已驳回' })).toBeVisible();
		await expect(requestCard).toHaveCount(0);
		expect(await read()).toMatchObject({ personDataMasked: true, personPhone: '133****5555' });
	});

	await test.step('the director approves a request with a reason', async () => {
		const reason = '群众申请补开证明，需核对联系电话';
		expect((await request_(reason)).status).toBe(201);
		await console.reload();
		await expect(requestCard).toContainText(reason);
		await expect(requestCard).toContainText('李强');
		await requestCard.getByLabel('有效期').selectOption('8');
		await requestCard.getByRole('button', { name: '批准' }).click();
		await expect(console.getByRole('status').filter({ hasText: '已批准，8 小时内有效' })).toBeVisible();
		await expect(console.getByRole('table', { name: '已处理的申请' })).toContainText(reason);
	});

	await test.step('the staff member reads the data; the read is in the access log', async () => {
		expect(await read()).toMatchObject({ personDataMasked: false, ...person });
		await console.getByRole('region', { name: '个人信息查阅记录' }).getByRole('button', { name: '刷新' }).click();
		const line = console.getByTestId('access-log').getByRole('row').filter({ hasText: theCase.reference }).first();
		await expect(line).toContainText('李强');
		await expect(line).toContainText('姓名、联系电话');
		await expect(line).toContainText('经批准的查阅申请');
	});

	await test.step('the exported log holds the read', async () => {
		const [download] = await Promise.all([
			console.waitForEvent('download'),
			console.getByRole('region', { name: '个人信息查阅记录' }).getByRole('button', { name: '导出 Excel' }).click()
		]);
		const book = new ExcelJS.Workbook();
		await book.xlsx.readFile((await download.path())!);
		const sheet = book.getWorksheet('查阅记录')!;
		expect(sheet.getRow(1).values).toEqual(expect.arrayContaining(['时间', '查阅人', '记录类型', '记录', '查阅内容', '依据']));
		const rows = sheet.getRows(2, sheet.rowCount - 1)!;
		// Named by reference and person, never by id.
		expect(rows.some((r) => r.values!.toString().includes(theCase.id))).toBe(false);
		const mine = rows.filter((r) => String(r.getCell(4).value).includes(theCase.reference));
		expect(mine.length).toBeGreaterThan(0);
		expect(String(mine[0].getCell(2).value)).toMatch(/^李强（工号 /);
		expect(mine[0].getCell(6).value).toBe('经批准的查阅申请（主任审批）');
	});
});
