// 统计报表: tickets made and served through the API — one done, one refused with a reason,
// one that did not come (过号 twice), the two visits rated — show up in the console's day
// report, and the .xlsx the console exports, read back here, holds the same numbers under
// Chinese headers.
import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { closeScreens, goToSection, hallToday, openConsole, signIn, type Api } from './console-helpers.ts';

const SERVICE = 'room-booking';
const WINDOW = '5';
const REASON = '预约日期已约满，请改约其他日期';

test.afterEach(closeScreens);

interface ServiceRow {
	serviceId: string;
	serviceName: string;
	issued: number;
	done: number;
	refused: number;
	noShow: number;
}

interface WindowRow {
	id: string;
	name: string;
	served: number;
	ratings: number;
}

async function rows(director: Api, day: string): Promise<{ service: ServiceRow; window: WindowRow }> {
	const report = await director.get(`/api/console/reports?from=${day}&to=${day}`);
	return {
		service: report.services.find((s: ServiceRow) => s.serviceId === SERVICE),
		window: report.windows.find((w: WindowRow) => w.id === WINDOW)
	};
}

test('the day report and its Excel export count the tickets of the day', async ({ browser, request }) => {
	const day = hallToday();
	const director = await signIn(request, 'director');
	// Other journeys share the hall: count from what the day already holds.
	const before = await rows(director, day);

	const staff = await signIn(request, `staff${WINDOW}`);
	const act = async (verb: string, data: object = {}) => {
		const res = await staff.send('POST', `/api/windows/${WINDOW}/${verb}`, data);
		expect(res.status, `${verb}: ${JSON.stringify(res.body)}`).toBe(200);
		return res.body;
	};
	await test.step('three tickets issued and served at window 5', async () => {
		const tickets: { id: string; number: string }[] = [];
		for (let i = 0; i < 3; i++) {
			const res = await request.post('/api/tickets', { data: { serviceId: SERVICE } });
			expect(res.status(), await res.text()).toBe(201);
			tickets.push(await res.json());
		}
		await act('sign-in');
		// A ticket an earlier journey left in hand at this window is finished first.
		const desk = await staff.get(`/api/windows/${WINDOW}`);
		if (desk.current) {
			if (desk.current.status === 'called') await act('start');
			await act('finish', { outcome: 'done' });
		}
		// Each visit is rated on the window's tablet (好差评), as residents do: the tablet is idle again after.
		const rate = async (grade: number) => {
			const res = await request.post(`/api/windows/${WINDOW}/rating`, { data: { grade } });
			expect(res.status(), await res.text()).toBe(201);
		};
		await act('call', { ticketId: tickets[0].id });
		await act('start');
		await act('finish', { outcome: 'done' });
		await rate(5);
		await act('call', { ticketId: tickets[1].id });
		await act('start');
		await act('finish', { outcome: 'refused', reason: REASON });
		await rate(4);
		// 过号 twice: back to the queue the first time, ended the second.
		await act('call', { ticketId: tickets[2].id });
		await act('no-show');
		await act('call', { ticketId: tickets[2].id });
		expect((await act('no-show')).status).toBe('no_show');
		return tickets;
	});

	const expected = {
		issued: before.service.issued + 3,
		done: before.service.done + 1,
		refused: before.service.refused + 1,
		noShow: before.service.noShow + 1,
		served: before.window.served + 2,
		ratings: before.window.ratings + 2
	};

	const console = await openConsole(browser);
	await goToSection(console, '统计报表');
	await test.step('the day report shows them', async () => {
		await console.getByRole('radio', { name: '日报' }).check();
		await console.getByLabel('日期（所在周或月）').fill(day);
		await console.getByRole('button', { name: '查询' }).click();
		const row = console.getByTestId(`report-service-${SERVICE}`);
		await expect(row.getByRole('cell').nth(0)).toHaveText(String(expected.issued));
		await expect(row.getByRole('cell').nth(1)).toHaveText(String(expected.done));
		await expect(row.getByRole('cell').nth(2)).toHaveText(String(expected.refused));
		await expect(row.getByRole('cell').nth(3)).toHaveText(String(expected.noShow));
		const windowRow = console.getByRole('table', { name: '按窗口' }).getByRole('row', { name: new RegExp(`^${before.window.name}`) });
		await expect(windowRow.getByRole('cell').nth(0)).toHaveText(String(expected.served));
		await expect(windowRow.getByRole('cell').nth(3)).toHaveText(String(expected.ratings));
		await expect(console.getByRole('table', { name: '不予受理' })).toContainText(REASON);
		await expect(console.getByRole('img', { name: '各业务取号与办结' })).toBeVisible();
	});

	await test.step('the exported workbook holds the same numbers', async () => {
		const [download] = await Promise.all([console.waitForEvent('download'), console.getByRole('button', { name: '导出 Excel' }).click()]);
		expect(download.suggestedFilename()).toBe(`统计报表-${day}.xlsx`);
		const book = new ExcelJS.Workbook();
		await book.xlsx.readFile((await download.path())!);

		const byService = book.getWorksheet('按业务')!;
		expect(byService.getRow(1).values).toEqual(expect.arrayContaining(['业务', '取号', '办结', '不予受理', '过号', '平均等候(分)', '90%等候(分)']));
		const row = byService.getRows(2, byService.rowCount - 1)!.find((r) => r.getCell(1).value === before.service.serviceName)!;
		expect([2, 3, 4, 5].map((c) => row.getCell(c).value)).toEqual([expected.issued, expected.done, expected.refused, expected.noShow]);

		const byWindow = book.getWorksheet('按窗口')!;
		expect(byWindow.getRow(1).values).toEqual(expect.arrayContaining(['名称', '办理件数', '评价数', '平均评分', '差评数']));
		const windowRow = byWindow.getRows(2, byWindow.rowCount - 1)!.find((r) => r.getCell(1).value === before.window.name)!;
		expect([2, 5].map((c) => windowRow.getCell(c).value)).toEqual([expected.served, expected.ratings]);

		const refusals = book.getWorksheet('不予受理')!;
		const reasons = refusals.getRows(2, Math.max(1, refusals.rowCount - 1))?.map((r) => r.getCell(3).value) ?? [];
		expect(reasons).toContain(REASON);
		// Times are Excel date-times (the hall's wall clock), not text.
		const refusedAt = refusals.getRows(2, Math.max(1, refusals.rowCount - 1))!.find((r) => r.getCell(3).value === REASON)!.getCell(5);
		expect(refusedAt.value).toBeInstanceOf(Date);
		expect(refusedAt.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
		const summary = book.getWorksheet('汇总')!;
		expect(summary.getRow(1).values).toEqual(expect.arrayContaining(['项目', '数量']));
	});

	await act('sign-out');
});
