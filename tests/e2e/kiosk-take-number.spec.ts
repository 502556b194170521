// A resident who has never used a kiosk: reads a service's one-time notification
// (conditions, every material, the flow chart, time limit, fees, windows, legal basis),
// taps 取号 twice in a hurry, and gets exactly one number, with its QR code, the people
// ahead and the wait estimate. The guide's facts come from the hall through the API.
import { expect, test, type APIRequestContext } from '@playwright/test';

const SERVICE = 'assistance';

interface Service {
	id: string;
	name: string;
	prefix: string;
	timeLimitDays: number;
	windowIds: string[];
	guide: { conditions: string[]; materials: string[]; steps: string[]; fees: string; legalBasis: string };
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function waitingFor(request: APIRequestContext, serviceId: string): Promise<number> {
	const snapshot = (await (await request.get('/api/kiosk')).json()) as { waiting: { serviceId: string; waiting: number }[] };
	return snapshot.waiting.find((w) => w.serviceId === serviceId)?.waiting ?? 0;
}

test('a resident reads a guide and takes one number, even with a double tap', async ({ browser, request }) => {
	const services = (await (await request.get('/api/services')).json()) as Service[];
	const service = services.find((s) => s.id === SERVICE)!;
	const windows = (await (await request.get('/api/windows')).json()) as { id: string; name: string }[];
	const windowNames = service.windowIds.map((id) => windows.find((w) => w.id === id)!.name);
	const before = await waitingFor(request, SERVICE);

	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	const kiosk = await context.newPage();
	await kiosk.goto('/kiosk?station=K1');

	await test.step('the home screen: the center, the date, today’s hours, the big choices', async () => {
		await expect(kiosk.getByRole('heading', { level: 1, name: '幸福社区党群服务中心' })).toBeVisible();
		await expect(kiosk.getByText('今日办公时间')).toBeVisible();
		await expect(kiosk.getByRole('button', { name: 'English' })).toBeVisible();
		await expect(kiosk.getByRole('button', { name: '长辈模式' })).toHaveAttribute('aria-pressed', 'false');
		await expect(kiosk.getByRole('button', { name: /^办事指南/ })).toBeVisible();
		await expect(kiosk.getByRole('button', { name: /^公示/ })).toBeVisible();
		await expect(kiosk.getByRole('button', { name: /^投诉建议/ })).toBeVisible();
	});

	await test.step('办事指南 → the service → its one-time notification', async () => {
		await kiosk.getByRole('button', { name: /^办事指南/ }).click();
		await expect(kiosk.getByRole('heading', { name: '办事指南' })).toBeVisible();
		await kiosk.getByRole('button', { name: new RegExp(`^${service.name}`) }).click();
		await expect(kiosk.getByRole('heading', { level: 2, name: service.name })).toBeVisible();

		const conditions = kiosk.getByRole('region', { name: '办理条件' });
		for (const item of service.guide.conditions) await expect(conditions.getByText(item)).toBeVisible();
		const materials = kiosk.getByRole('region', { name: '请准备以下材料' });
		await expect(materials.getByRole('listitem')).toHaveCount(service.guide.materials.length);
		for (const item of service.guide.materials) await expect(materials.getByText(item, { exact: true })).toBeVisible();
		const chart = kiosk.getByRole('list', { name: '办事流程图' });
		// Each box: its step number, then the step, in the hall's order.
		await expect(chart.getByRole('listitem')).toHaveText(service.guide.steps.map((step, i) => new RegExp(`^${i + 1}\\s*${escape(step)}$`)));
		await expect(kiosk.getByText(`${service.timeLimitDays} 个工作日`)).toBeVisible();
		await expect(kiosk.getByRole('definition').filter({ hasText: service.guide.fees })).toBeVisible();
		await expect(kiosk.getByText(windowNames.join('、'))).toBeVisible();
		await expect(kiosk.getByRole('region', { name: '法律依据' })).toContainText(service.guide.legalBasis);
		await expect(kiosk.getByRole('button', { name: '打印告知单' })).toBeEnabled();
	});

	let number = '';
	await test.step('a double tap on 取号 makes one ticket', async () => {
		await kiosk.getByRole('button', { name: '取号', exact: true }).dblclick();
		const ticketNumber = kiosk.getByTestId('ticket-number');
		await expect(ticketNumber).toHaveText(new RegExp(`^${service.prefix}\\d{3}$`));
		number = (await ticketNumber.textContent())!.trim();
		await expect(kiosk.getByText(`前面还有 ${before} 人`)).toBeVisible();
		await expect(kiosk.getByText(/预计等候约 \d+ 分钟|暂不估算等候时间/)).toBeVisible();
		await expect(kiosk.getByRole('img', { name: '手机扫码，随时查看排队进度' }).locator('svg')).toBeVisible();
		await expect(kiosk.getByTestId('slip-state')).toHaveText(/凭条已打印|正在打印凭条/);
		await expect.poll(() => waitingFor(request, SERVICE)).toBe(before + 1);
	});

	await test.step('the QR opens the phone status page of that number', async () => {
		const url = await kiosk.getByRole('img', { name: '手机扫码，随时查看排队进度' }).locator('..').getAttribute('data-url');
		expect(url).toMatch(/\/t\/[\w-]+$/);
		const phone = await context.newPage();
		await phone.goto(new URL(url!).pathname);
		await expect(phone.getByRole('heading', { name: number })).toBeVisible();
		await expect(phone.getByTestId('ticket-status')).toHaveText('等候中');
		await phone.close();
	});

	await test.step('完成 hands a clean home screen to the next resident', async () => {
		await kiosk.getByRole('button', { name: '完成' }).click();
		await expect(kiosk.getByRole('heading', { name: '请选择要办理的业务' })).toBeVisible();
		await expect(kiosk.getByRole('button', { name: new RegExp(`^${service.name} 等候 ${before + 1} 人`) })).toBeVisible();
	});

	await context.close();
});
