// What the console journeys share: logins and calls through the API (data is seeded there,
// never through a screen the journey is not about), the director's console opened in its
// own browser context, and the hall file put back as it was after a journey changed it.
import { expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'demo1234';

/** Today in the hall's zone (the e2e hall and browser run in Asia/Shanghai). */
export function hallToday(): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(Date.now());
}

/** A short mark that makes this run's titles and names unique in a hall other journeys share. */
export function stamp(): string {
	return Date.now().toString(36).slice(-5);
}

export interface Api {
	token: string;
	get<T = any>(path: string): Promise<T>;
	send<T = any>(method: 'POST' | 'PUT' | 'PATCH', path: string, data?: unknown): Promise<{ status: number; body: T }>;
}

export async function signIn(request: APIRequestContext, username: string, password = DEMO_PASSWORD): Promise<Api> {
	const login = await request.post('/api/session', { data: { username, password } });
	expect(login.ok(), await login.text()).toBe(true);
	const { token } = (await login.json()) as { token: string };
	const headers = { authorization: `Bearer ${token}` };
	return {
		token,
		async get(path) {
			const res = await request.get(path, { headers });
			expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
			return res.json();
		},
		async send(method, path, data = {}) {
			const res = await request.fetch(path, { method, headers, data });
			const text = await res.text();
			return { status: res.status(), body: text ? JSON.parse(text) : null };
		}
	};
}

/** The hall file the director edits; put back with `restoreConfig` after a journey that changes it. */
export async function hallFile(director: Api): Promise<any> {
	return director.get('/api/console/config');
}

export async function restoreConfig(director: Api, file: unknown): Promise<void> {
	const res = await director.send('PUT', '/api/console/config', file);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const contexts: BrowserContext[] = [];

/** Each screen is its own device: its own browser context. */
export async function openScreen(browser: Browser, path: string, viewport = { width: 1366, height: 900 }): Promise<Page> {
	const context = await browser.newContext({ viewport });
	contexts.push(context);
	const page = await context.newPage();
	await page.goto(path);
	return page;
}

export async function closeScreens(): Promise<void> {
	await Promise.all(contexts.splice(0).map((context) => context.close()));
}

/** The director signed in at /console; confirmation dialogs (删除, 停用 …) are answered 确定. */
export async function openConsole(browser: Browser): Promise<Page> {
	const page = await openScreen(browser, '/console');
	page.on('dialog', (dialog) => void dialog.accept());
	await page.getByLabel('用户名').fill('director');
	await page.getByLabel('密码').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await expect(page.getByRole('heading', { name: '今日概况', level: 1 })).toBeVisible();
	return page;
}

export async function goToSection(page: Page, label: string): Promise<void> {
	await page.getByRole('navigation', { name: '管理后台栏目' }).getByRole('link', { name: label, exact: true }).click();
	await expect(page.getByRole('heading', { name: label, level: 1 })).toBeVisible();
}
