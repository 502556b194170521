// 长辈模式: an older resident turns it on, finds a service on the second page of four
// large tiles, has the guide and the ticket read aloud, and takes a number. Debian's
// chromium has no speech voices, so the journey installs a stand-in speechSynthesis with
// a zh-CN voice that records what it is asked to say; the second test keeps a platform
// without any voice and expects the kiosk to say plainly that it cannot read aloud.
import { expect, test, type Page } from '@playwright/test';

/** Runs in the page: a speechSynthesis with the given voices that writes every utterance to `window.__spoken`. */
function installSpeech(voices: { name: string; lang: string }[]): void {
	{
		const spoken: { text: string; lang: string; voice: string | null }[] = [];
		const events = new EventTarget();
		class Utterance {
			text: string;
			lang = '';
			rate = 1;
			voice: { name: string } | null = null;
			constructor(text: string) {
				this.text = text;
			}
		}
		const fake = {
			getVoices: () => voices.map((v) => ({ ...v, localService: true, default: false, voiceURI: v.name })),
			speak: (u: Utterance) => spoken.push({ text: u.text, lang: u.lang, voice: u.voice?.name ?? null }),
			cancel: () => {},
			pause: () => {},
			resume: () => {},
			speaking: false,
			pending: false,
			paused: false,
			addEventListener: events.addEventListener.bind(events),
			removeEventListener: events.removeEventListener.bind(events)
		};
		Object.defineProperty(window, 'speechSynthesis', { value: fake, configurable: true });
		Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
		(window as unknown as { __spoken: typeof spoken }).__spoken = spoken;
	}
}

function spoken(page: Page): Promise<string> {
	return page.evaluate(() => (window as unknown as { __spoken: { text: string }[] }).__spoken.map((u) => u.text).join('\n'));
}

test('长辈模式: large type, four tiles a screen, the guide and the ticket read aloud', async ({ browser, request }) => {
	const services = (await (await request.get('/api/services')).json()) as { id: string; name: string; prefix: string }[];
	// The fifth service is on the second screen of four.
	const service = services[4];

	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	await context.addInitScript(installSpeech, [{ name: 'Test Mandarin', lang: 'zh-CN' }]);
	const kiosk = await context.newPage();
	await kiosk.goto('/kiosk?station=K1');
	await expect(kiosk.getByRole('heading', { name: '请选择要办理的业务' })).toBeVisible();

	await test.step('turned on: 32 px type, black on white, four tiles and a pager', async () => {
		await kiosk.getByRole('button', { name: '长辈模式' }).click();
		await expect(kiosk.getByRole('button', { name: '长辈模式' })).toHaveAttribute('aria-pressed', 'true');
		const tiles = kiosk.getByRole('main').getByRole('list').first().getByRole('button');
		await expect(tiles).toHaveCount(4);
		const size = await tiles.first().locator('span').last().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
		expect(size).toBeGreaterThanOrEqual(32);
		const color = await kiosk.getByRole('heading', { name: '请选择要办理的业务' }).evaluate((el) => getComputedStyle(el).color);
		expect(color).toBe('rgb(0, 0, 0)');
		const height = await tiles.first().evaluate((el) => el.getBoundingClientRect().height);
		expect(height).toBeGreaterThanOrEqual(64);
		await expect(kiosk.getByText(`第 1 页，共 ${Math.ceil(services.length / 4)} 页`)).toBeVisible();
		await expect(kiosk.getByText('长辈模式：屏幕内容会读出来')).toBeVisible();
		await expect.poll(() => spoken(kiosk)).toContain('请选择要办理的业务');
	});

	await test.step('the next screen of tiles, then the guide, read aloud', async () => {
		await expect(kiosk.getByRole('button', { name: new RegExp(`^${service.name}`) })).toHaveCount(0);
		await kiosk.getByRole('button', { name: '下一页' }).click();
		await expect(kiosk.getByText('第 2 页')).toBeVisible();
		await kiosk.getByRole('button', { name: new RegExp(`^${service.name}`) }).click();
		await expect(kiosk.getByRole('heading', { level: 2, name: service.name })).toBeVisible();
		await expect.poll(() => spoken(kiosk)).toMatch(new RegExp(`${service.name}[\\s\\S]*请准备以下材料`));
		await kiosk.getByRole('button', { name: '再读一遍' }).click();
	});

	await test.step('the number taken is read aloud one sign at a time', async () => {
		await kiosk.getByRole('button', { name: '取号', exact: true }).click();
		const number = (await kiosk.getByTestId('ticket-number').textContent())!.trim();
		expect(number).toMatch(new RegExp(`^${service.prefix}\\d{3}$`));
		await expect.poll(() => spoken(kiosk)).toContain(`您的号码是 ${[...number].join(' ')}`);
	});

	await context.close();
});

test('长辈模式 on a kiosk without a Chinese voice says once, in plain words, that it cannot read aloud', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	await context.addInitScript(installSpeech, [{ name: 'Test English', lang: 'en-US' }]);
	const kiosk = await context.newPage();
	await kiosk.goto('/kiosk?station=K1');
	await kiosk.getByRole('button', { name: '长辈模式' }).click();
	await expect(kiosk.getByTestId('read-unavailable')).toHaveText('朗读暂时用不了，请看屏幕上的大字；需要帮忙请找大厅工作人员');
	await expect(kiosk.getByRole('button', { name: '再读一遍' })).toHaveCount(0);
	expect(await spoken(kiosk)).toBe('');
	await context.close();
});
