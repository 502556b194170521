// Markdown and pictures: the director uploads a flow chart into a service guide's 办事说明 and
// saves; a kiosk open on that guide shows the picture without a reload. Markup and foreign
// addresses in markdown (raw HTML, javascript: links and images) reach the screens as text.
import { expect, test, type Page } from '@playwright/test';
import { makePng } from '../support/png.ts';
import { closeScreens, goToSection, hallFile, hallToday, openConsole, openScreen, restoreConfig, signIn, stamp } from './console-helpers.ts';

const SERVICE = 'volunteer';

/** A small flow chart: three red boxes joined by a line, on white. */
function flowChartPng(): Buffer {
	return makePng(120, 40, (x, y) => {
		const inBox = [5, 47, 89].some((left) => x >= left && x < left + 26 && y >= 10 && y < 30);
		const onLine = y === 20 && x >= 31 && x < 89;
		return inBox ? [166, 27, 27] : onLine ? [60, 60, 60] : [255, 255, 255];
	});
}

function watchDialogs(page: Page): string[] {
	const dialogs: string[] = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	return dialogs;
}

/** Every <img> on the page whose address is not one of the hall's own /media images. */
function foreignImages(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		[...document.querySelectorAll('img')].map((img) => img.getAttribute('src') ?? '').filter((src) => !/^\/media\/[0-9a-f]{64}\.(png|jpg|webp|gif)$/.test(src))
	);
}

test.afterEach(closeScreens);

test('the director uploads a flow chart into a guide and an open kiosk shows it without a reload', async ({ browser, request }) => {
	const director = await signIn(request, 'director');
	const original = await hallFile(director);
	const service = original.services.find((s: { id: string }) => s.id === SERVICE);
	const heading = `办理须知${stamp()}`;

	try {
		const console = await openConsole(browser);
		await goToSection(console, '业务与窗口');
		await console.getByRole('button', { name: new RegExp(service.name) }).click();
		const details = console.getByLabel('办事说明（可选，Markdown 格式）');
		await details.fill(`## ${heading}\n\n请按下图办理：\n`);
		await console.getByTestId('details-image').setInputFiles({ name: 'flow.png', mimeType: 'image/png', buffer: flowChartPng() });
		await expect(details).toHaveValue(/!\[流程图\]\(\/media\/[0-9a-f]{64}\.png\)/);
		const preview = console.getByTestId('details-preview');
		await expect(preview.getByRole('heading', { name: heading })).toBeVisible();
		await expect(preview.getByRole('img', { name: '流程图' })).toBeVisible();

		const kiosk = await openScreen(browser, '/kiosk?station=K1', { width: 1080, height: 1920 });
		const dialogs = watchDialogs(kiosk);
		await kiosk.getByRole('button', { name: /^办事指南/ }).click();
		await kiosk.getByRole('button', { name: new RegExp(`^${service.name}`) }).click();
		await expect(kiosk.getByRole('heading', { level: 2, name: service.name })).toBeVisible();
		await expect(kiosk.getByTestId('guide-details')).toHaveCount(0);
		await kiosk.evaluate(() => Object.assign(window, { markdownJourneyMarker: true }));

		await console.getByRole('button', { name: '保存配置' }).click();
		await expect(console.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();

		const section = kiosk.getByTestId('guide-details');
		await expect(section.getByRole('heading', { name: '办事说明' })).toBeVisible();
		await expect(section.getByRole('heading', { name: heading })).toBeVisible();
		const chart = section.getByRole('img', { name: '流程图' });
		await chart.scrollIntoViewIfNeeded();
		await expect(chart).toBeVisible();
		await expect.poll(() => chart.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(120);
		expect(await kiosk.evaluate(() => (window as unknown as { markdownJourneyMarker?: boolean }).markdownJourneyMarker)).toBe(true);
		expect(await foreignImages(kiosk)).toEqual([]);
		expect(dialogs).toEqual([]);
	} finally {
		await restoreConfig(director, original);
	}
});

test('markup and foreign addresses in a guide, a notice and the logo reach the screens as text', async ({ browser, request }) => {
	const director = await signIn(request, 'director');
	const original = await hallFile(director);
	const mark = stamp();
	const attack = [
		`第一段${mark} <img src=x onerror=alert(1)>`,
		'',
		'[点此](javascript:alert(1)) 和 [政务网](https://www.gov.cn/)',
		'',
		'![示意图](javascript:alert(1)) ![外链图](https://evil.example/a.png) ![数据](data:image/png;base64,iVBORw0KGgo=)',
		'',
		'<script>alert(2)</script><svg onload=alert(3)>'
	].join('\n');

	const upload = await request.post('/api/console/media', {
		headers: { authorization: `Bearer ${director.token}`, 'content-type': 'image/png' },
		data: flowChartPng()
	});
	expect(upload.status()).toBe(201);
	const logo = ((await upload.json()) as { url: string }).url;

	const file = structuredClone(original);
	file.logo = logo;
	file.services.find((s: { id: string }) => s.id === SERVICE).guide.details = attack;
	await restoreConfig(director, file);
	const notice = await director.send('POST', '/api/console/notices', {
		title: `公示${mark}`,
		body: attack,
		category: '测试',
		publishFrom: hallToday(),
		publishTo: hallToday(),
		publish: true
	});
	expect(notice.status).toBe(201);

	try {
		const kiosk = await openScreen(browser, '/kiosk?station=K1', { width: 1080, height: 1920 });
		const dialogs = watchDialogs(kiosk);
		// The hall's logo, named by the hall.
		const hallLogo = kiosk.getByRole('banner').getByRole('img', { name: original.hallName });
		await expect(hallLogo).toBeVisible();
		await expect.poll(() => hallLogo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(120);

		await kiosk.getByRole('button', { name: /^办事指南/ }).click();
		const service = original.services.find((s: { id: string }) => s.id === SERVICE);
		await kiosk.getByRole('button', { name: new RegExp(`^${service.name}`) }).click();
		const details = kiosk.getByTestId('guide-details');
		await expect(details.getByText(`第一段${mark} <img src=x onerror=alert(1)>`)).toBeVisible();
		await expect(details.getByText('<script>alert(2)</script><svg onload=alert(3)>')).toBeAttached();
		await expect(details.getByText('政务网 (https://www.gov.cn/)')).toBeAttached();
		await expect(details).toContainText('点此');
		await expect(details).not.toContainText('javascript:');
		await expect(details).toContainText('示意图 外链图 数据');
		expect(await kiosk.locator('a').count()).toBe(0);
		expect(await foreignImages(kiosk)).toEqual([]);

		await kiosk.getByRole('button', { name: '首页' }).click();
		await kiosk.getByRole('button', { name: /^公示/ }).click();
		await kiosk.getByRole('button', { name: new RegExp(`^公示${mark}`) }).click();
		const body = kiosk.getByTestId('notice-body');
		await expect(body.getByText(`第一段${mark} <img src=x onerror=alert(1)>`)).toBeVisible();
		await expect(body).not.toContainText('javascript:');
		expect(await foreignImages(kiosk)).toEqual([]);
		expect(await kiosk.locator('svg[onload], [onerror], a[href]').count()).toBe(0);
		expect(dialogs).toEqual([]);

		const board = await openScreen(browser, '/board', { width: 1920, height: 1080 });
		const boardDialogs = watchDialogs(board);
		await expect(board.getByRole('banner').getByRole('img', { name: original.hallName })).toBeVisible();
		// The ticker line is the text of the markdown, markup taken off.
		await expect(board.getByText(`第一段${mark} <img src=x onerror=alert(1)>`).first()).toBeAttached();
		expect(await foreignImages(board)).toEqual([]);
		expect(boardDialogs).toEqual([]);
	} finally {
		await director.send('POST', `/api/console/notices/${notice.body.id}/withdraw`);
		await restoreConfig(director, original);
	}
});

test('the director uploads the hall logo in 大厅设置; the board shows it, and removing it takes it away', async ({ browser, request }) => {
	const director = await signIn(request, 'director');
	const original = await hallFile(director);

	try {
		const console = await openConsole(browser);
		await goToSection(console, '业务与窗口');
		await console.getByRole('tab', { name: '大厅设置' }).click();
		await console.getByTestId('logo-file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: flowChartPng() });
		await expect(console.getByTestId('logo-preview')).toBeVisible();
		// An SVG is refused by the server, with its reason on screen.
		await console.getByTestId('logo-file').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
		await expect(console.getByText(/只能上传 PNG、JPEG、WebP 或 GIF 图片/)).toBeVisible();

		const board = await openScreen(browser, '/board', { width: 1920, height: 1080 });
		const logo = board.getByRole('banner').getByRole('img', { name: original.hallName });
		await expect(logo).toHaveCount(0);
		await console.getByRole('button', { name: '保存配置' }).click();
		await expect(console.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
		await expect(logo).toBeVisible();
		await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(120);

		await console.getByRole('button', { name: '移除标志' }).click();
		await console.getByRole('button', { name: '保存配置' }).click();
		await expect(console.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
		await expect(logo).toHaveCount(0);
	} finally {
		await restoreConfig(director, original);
	}
});
