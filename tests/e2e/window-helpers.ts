// Seeding for the window journeys, through the API only: sign staff in and out, empty a
// window's queue, take numbers. Every journey starts from a window nobody holds and
// nobody queues at, whatever earlier journeys on the same server left behind.
import { expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';

export const PASSWORD = 'demo1234';

export interface Ticket {
	id: string;
	number: string;
	serviceId: string;
	serviceName: string;
}

export async function apiLogin(request: APIRequestContext, username: string, password = PASSWORD): Promise<string> {
	const res = await request.post('/api/session', { data: { username, password } });
	expect(res.ok(), `login ${username}: ${await res.text()}`).toBe(true);
	return ((await res.json()) as { token: string }).token;
}

export function act(request: APIRequestContext, token: string, windowId: string, verb: string, data: object = {}) {
	return request.post(`/api/windows/${windowId}/${verb}`, { headers: { authorization: `Bearer ${token}` }, data });
}

/**
 * Leaves `windowId` empty and unstaffed: `username` signs in there, ends the ticket in hand,
 * serves out the queue (call, start, finish until nobody waits), rates the last visit so the
 * window's tablet is idle, and signs out.
 */
export async function vacate(request: APIRequestContext, username: string, windowId: string): Promise<void> {
	const token = await apiLogin(request, username);
	const signIn = await act(request, token, windowId, 'sign-in');
	expect(signIn.ok(), `${username} at window ${windowId}: ${await signIn.text()}`).toBe(true);
	const snapshot = (await (await request.get(`/api/windows/${windowId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
		current: { status: string } | null;
		window: { status: string };
	};
	if (snapshot.window.status === 'paused') expect((await act(request, token, windowId, 'resume')).ok()).toBe(true);
	let current = snapshot.current;
	let finished = false;
	for (let i = 0; i < 1000; i++) {
		if (current) {
			if (current.status === 'called') expect((await act(request, token, windowId, 'start')).ok()).toBe(true);
			expect((await act(request, token, windowId, 'finish', { outcome: 'done' })).ok()).toBe(true);
			finished = true;
		}
		const next = await act(request, token, windowId, 'call-next');
		if (next.status() === 409 && (await next.json()).error?.code === 'queue_empty') break;
		expect(next.ok()).toBe(true);
		current = (await next.json()) as { status: string };
	}
	// The window's rating tablet would go on asking about the last visit served here: rate it,
	// so that the tablet is idle too.
	if (finished) {
		const rated = await request.post(`/api/windows/${windowId}/rating`, { data: { grade: 5 } });
		expect([201, 409], await rated.text()).toContain(rated.status());
	}
	expect((await act(request, token, windowId, 'sign-out')).ok()).toBe(true);
	await request.delete('/api/session', { headers: { authorization: `Bearer ${token}` } });
}

/** Vacates the window, then signs `username` in there; returns the session token. */
export async function staffWindow(request: APIRequestContext, username: string, windowId: string): Promise<string> {
	await vacate(request, username, windowId);
	const token = await apiLogin(request, username);
	expect((await act(request, token, windowId, 'sign-in')).ok()).toBe(true);
	return token;
}

export async function takeNumber(request: APIRequestContext, serviceId: string): Promise<Ticket> {
	const res = await request.post('/api/tickets', { data: { serviceId } });
	expect(res.status(), await res.text()).toBe(201);
	return (await res.json()) as Ticket;
}

/** Each screen is its own device: its own browser context. window.print is counted, not shown. */
export async function openScreen(
	browser: Browser,
	contexts: BrowserContext[],
	path: string,
	viewport = { width: 1366, height: 900 }
): Promise<Page> {
	const context = await browser.newContext({ viewport });
	contexts.push(context);
	await context.addInitScript(() => {
		const counted = window as unknown as { __printed: number };
		counted.__printed = 0;
		window.print = () => {
			counted.__printed += 1;
		};
	});
	const page = await context.newPage();
	await page.goto(path);
	return page;
}

/** Signs in at the terminal's form and picks the window. */
export async function signInAtTerminal(page: Page, username: string, windowName: string, password = PASSWORD): Promise<void> {
	await page.getByLabel('用户名').fill(username);
	await page.getByLabel('密码').fill(password);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await page.getByRole('button', { name: new RegExp(`^${windowName}`) }).click();
	await expect(page.getByRole('heading', { name: windowName, level: 1 })).toBeVisible();
}

export function printedCount(page: Page): Promise<number> {
	return page.evaluate(() => (window as unknown as { __printed: number }).__printed);
}

/** Today in the hall's zone (the e2e browser and server both run in Asia/Shanghai). */
export function today(): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/** 签退 at the terminal: the button, then the confirmation it asks for. */
export async function signOutAtTerminal(page: Page): Promise<void> {
	await page.getByRole('button', { name: '签退', exact: true }).click();
	await page.getByRole('dialog', { name: '确认签退' }).getByRole('button', { name: '确认签退' }).click();
}
