// The case register at 1366×768, for closed cases: a closed case is read only (no result,
// notification or slip forms); its masked personal data is asked for with 「申请查阅」, the
// request waits for the director, who approves it in the console, and then the case reads
// whole; a registered 不予受理 says so, never 办结, and has no deadline; names do not wrap;
// dates are local YYYY-MM-DD.
import { expect, test, type BrowserContext } from '@playwright/test';
import { closeScreens, goToSection, openConsole, signIn, stamp } from './console-helpers.ts';
import { openScreen, signInAtTerminal, signOutAtTerminal, vacate } from './window-helpers.ts';
import { expectNoSeriousViolations } from './axe.ts';
import { shoot } from './screens.ts';

const contexts: BrowserContext[] = [];

test.afterEach(async () => {
	await closeScreens();
	await Promise.all(contexts.splice(0).map((context) => context.close()));
});


test('a closed case: read only, 申请查阅, approved in the console, then whole; a 不予受理 is filed, not 办结', async ({ browser, request }) => {
	test.setTimeout(120_000);
	const staff = await signIn(request, 'staff6');
	const mark = stamp();
	const name = `欧阳晓明${mark}`;
	const open = async (resolution: string, content: string) => {
		const res = await staff.send('POST', '/api/cases', { serviceId: 'archives', personName: name, personPhone: '13566667777', content, resolution });
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		return res.body as { id: string; reference: string; acceptedDate: string };
	};
	const settled = await open('on_the_spot', `当场查阅本人档案（${mark}）`);
	const refused = await open('refused', `不予受理：非本人且无委托书（${mark}）`);

	await vacate(request, 'staff6', '6');
	const page = await openScreen(browser, contexts, '/window', { width: 1366, height: 768 });
	await signInAtTerminal(page, 'staff6', '6号窗口');
	await page.getByRole('link', { name: '待办事项' }).click();
	await expect(page.getByRole('heading', { name: '待办事项', level: 1 })).toBeVisible();
	await page.getByRole('button', { name: '已办结', exact: true }).click();

	await test.step('the list: 不予受理 reads as filed, not 办结, with no due date', async () => {
		const row = page.getByRole('row').filter({ hasText: refused.reference });
		await expect(row).toContainText('不予受理（已归档）');
		await expect(row).not.toContainText('已办结');
		await expect(page.getByRole('row').filter({ hasText: settled.reference })).toContainText('已办结');
		// The reference and the source are one line each on the laptop, never a character a line.
		for (const cell of [row.getByRole('button', { name: refused.reference }), row.getByRole('cell', { name: '电话咨询' })]) {
			// The text's line boxes: one distinct top per line.
			const lines = await cell.evaluate((el) => {
				const range = document.createRange();
				range.selectNodeContents(el);
				return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
			});
			expect(lines).toBe(1);
		}
		await row.getByRole('button', { name: refused.reference }).click();
		const detail = page.getByRole('article', { name: refused.reference });
		await expect(detail.getByTestId('case-state')).toHaveText('不予受理（已归档）');
		await expect(detail.getByTestId('case-due')).toHaveText('不予受理，无办结时限');
		await expect(detail).not.toContainText('已当场办结');
	});

	await test.step('a closed case has no editing forms, only 申请查阅 for its masked data', async () => {
		await page.getByRole('row').filter({ hasText: settled.reference }).getByRole('button', { name: settled.reference }).click();
		const detail = page.getByRole('article', { name: settled.reference });
		await expect(detail).toContainText('欧*');
		await expect(detail).toContainText('135****7777');
		await expect(detail).toContainText(settled.acceptedDate);
		expect(settled.acceptedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		await expect(detail.getByRole('button', { name: '记录结果并办结' })).toHaveCount(0);
		await expect(detail.getByRole('button', { name: '记录告知', exact: true })).toHaveCount(0);
		await expect(detail.getByRole('button', { name: /告知单/ })).toHaveCount(0);
		await expect(detail.getByRole('textbox')).toHaveCount(0);
		await expect(detail.getByRole('combobox')).toHaveCount(0);
		await expect(detail.getByText('本事项已办结归档，内容不能再修改。')).toBeVisible();

		await detail.getByRole('button', { name: '申请查阅' }).click();
		await detail.getByRole('button', { name: '提交申请' }).click();
		await expect(detail.getByText('请说明查阅原因（至少 2 个字）')).toBeVisible();
		await detail.getByLabel('查阅原因（必填）').fill(`群众来电询问办理结果，需核对联系电话（${mark}）`);
		await expectNoSeriousViolations(page);
		await shoot(page, 'cases-request-access-1366x768');
		await detail.getByRole('button', { name: '提交申请' }).click();
		await expect(detail.getByTestId('access-state')).toContainText('待服务中心主任批准');
		await expect(detail.getByRole('button', { name: '申请查阅' })).toHaveCount(0);
		// A reload still knows the request waits.
		await page.reload();
		await page.getByRole('button', { name: '已办结', exact: true }).click();
		await page.getByRole('row').filter({ hasText: settled.reference }).getByRole('button', { name: settled.reference }).click();
		await expect(page.getByRole('article', { name: settled.reference }).getByTestId('access-state')).toContainText('待服务中心主任批准');
	});

	await test.step('the director approves it in the console; the case then reads whole, names unbroken', async () => {
		const console = await openConsole(browser);
		await goToSection(console, '档案查阅');
		const card = console.getByTestId(`access-request-${settled.reference}`);
		await expect(card).toContainText(mark);
		await card.getByRole('button', { name: '批准' }).click();
		await expect(console.getByRole('status').filter({ hasText: '已批准' })).toBeVisible();

		await page.getByRole('row').filter({ hasText: settled.reference }).getByRole('button', { name: settled.reference }).click();
		const detail = page.getByRole('article', { name: settled.reference });
		await expect(detail).toContainText(name);
		await expect(detail).toContainText('13566667777');
		await expect(detail.getByTestId('access-state')).toContainText('查阅已获批准，有效至');
		await expect(detail.getByTestId('access-state')).toHaveText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
		// A name is read whole: it is laid out as one line box, never broken in two.
		const lines = await detail.locator('.name').first().evaluate((el) => el.getClientRects().length);
		expect(lines).toBe(1);
		await shoot(page, 'cases-approved-1366x768');

		// The one thing a closed case may still get, once: how the person was told of the result.
		await detail.getByRole('button', { name: '补记告知情况' }).click();
		await detail.getByLabel('告知方式').selectOption({ label: '电话' });
		await detail.getByRole('button', { name: '记录告知', exact: true }).click();
		await expect(detail.getByTestId('case-notified')).toContainText('通过电话告知');
		await expect(detail.getByRole('button', { name: '记录告知', exact: true })).toHaveCount(0);
		await expect(detail.getByRole('button', { name: '补记告知情况' })).toHaveCount(0);
	});

	await page.getByRole('link', { name: '返回窗口终端' }).click();
	await signOutAtTerminal(page);
});
