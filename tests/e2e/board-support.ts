// What the board journeys share: a window desk driven through the API (the demo hall's
// staff1…staff6 sit at windows 1…6), tickets issued through the API, and a recorder of
// every sentence the board's live region shows, in order.
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { callText } from '../../src/lib/board/speech.ts';

export const DEMO_PASSWORD = 'demo1234';

export interface Desk {
	windowId: string;
	/** Calls the next number; null when nobody waits for this window. */
	callNext(): Promise<{ number: string; windowName: string } | null>;
	recall(): Promise<{ number: string; windowName: string }>;
	signOut(): Promise<void>;
}

/**
 * Signs staff N in at window N and empties the desk: a ticket left in hand by an earlier
 * journey is finished, so the next call-next is accepted.
 */
export async function openDesk(request: APIRequestContext, windowId: string): Promise<Desk> {
	const login = await request.post('/api/session', { data: { username: `staff${windowId}`, password: DEMO_PASSWORD } });
	expect(login.ok(), await login.text()).toBe(true);
	const { token } = (await login.json()) as { token: string };
	const headers = { authorization: `Bearer ${token}` };
	const act = (verb: string, data: object = {}) => request.post(`/api/windows/${windowId}/${verb}`, { headers, data });

	const signIn = await act('sign-in');
	expect(signIn.ok(), await signIn.text()).toBe(true);
	const snapshot = (await (await request.get(`/api/windows/${windowId}`, { headers })).json()) as {
		current: { status: string } | null;
	};
	if (snapshot.current) {
		if (snapshot.current.status === 'called') expect((await act('start')).ok()).toBe(true);
		expect((await act('finish', { outcome: 'done' })).ok()).toBe(true);
	}

	return {
		windowId,
		async callNext() {
			// The previous visitor leaves first: call-next refuses while a ticket is in hand.
			const mine = (await (await request.get(`/api/windows/${windowId}`, { headers })).json()) as {
				current: { status: string } | null;
			};
			if (mine.current) {
				if (mine.current.status === 'called') expect((await act('start')).ok()).toBe(true);
				expect((await act('finish', { outcome: 'done' })).ok()).toBe(true);
			}
			const res = await act('call-next');
			if (res.status() === 409 && (await res.json()).error?.code === 'queue_empty') return null;
			expect(res.ok(), await res.text()).toBe(true);
			return (await res.json()) as { number: string; windowName: string };
		},
		async recall() {
			const res = await act('recall');
			expect(res.ok(), await res.text()).toBe(true);
			return (await res.json()) as { number: string; windowName: string };
		},
		async signOut() {
			const mine = (await (await request.get(`/api/windows/${windowId}`, { headers })).json()) as {
				current: { status: string } | null;
			};
			if (mine.current) {
				if (mine.current.status === 'called') await act('start');
				await act('finish', { outcome: 'done' });
			}
			await act('sign-out');
			await request.delete('/api/session', { headers });
		}
	};
}

export async function issueTicket(request: APIRequestContext, serviceId: string): Promise<{ id: string; number: string }> {
	const res = await request.post('/api/tickets', { data: { serviceId } });
	expect(res.status(), await res.text()).toBe(201);
	return (await res.json()) as { id: string; number: string };
}

/** The sentence the board's live region shows for a call. */
export function spoken(call: { number: string; windowName: string }): string {
	return callText(call);
}

/**
 * Records, from before the page's own scripts run, every sentence put into the board's
 * live region: each caption is a new element, so a sentence said twice is recorded twice.
 */
export async function recordAnnouncements(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const said: string[] = [];
		(window as unknown as { __announced: string[] }).__announced = said;
		new MutationObserver((records) => {
			for (const record of records) {
				for (const node of record.addedNodes) {
					if (node instanceof HTMLElement && node.dataset.testid === 'announcement-text') said.push(node.textContent ?? '');
				}
			}
		}).observe(document, { childList: true, subtree: true });
	});
}

export function announcements(page: Page): Promise<string[]> {
	return page.evaluate(() => [...(window as unknown as { __announced: string[] }).__announced]);
}

/** The board has its snapshot (the waiting list comes only from it): a call made now reaches it live. */
export async function boardIsLive(page: Page, serviceName = '党员谈心谈话'): Promise<void> {
	await expect(page.getByRole('region', { name: '等候人数' }).getByRole('listitem').filter({ hasText: serviceName })).toBeVisible();
	await expect(page.getByText(/正在(重新)?连接/)).toHaveCount(0);
}
