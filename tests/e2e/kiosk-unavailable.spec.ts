// Before anyone taps 取号 the kiosk says when a number cannot be had: a service switched
// off today, a service no window serves, a hall that is closed (with the next opening).
// The demo hall is open around the clock with every service staffed, so the kiosk's
// snapshot is rewritten on its way through the socket (socket.io text frames), as a
// hall configured that way would send it.
import { expect, test, type Page } from '@playwright/test';

interface Snapshot {
	services: { id: string; name: string; enabled: boolean; windowIds: string[] }[];
	opening: { open: boolean; todayPeriods: [string, string][]; nextOpening: number | null };
}

/** Passes the socket through, rewriting the acknowledged kiosk snapshot with `change`. */
async function rewriteSnapshot(page: Page, change: (snapshot: Snapshot) => void): Promise<void> {
	await page.routeWebSocket(/\/socket\.io\//, (ws) => {
		const server = ws.connectToServer();
		ws.onMessage((message) => server.send(message));
		server.onMessage((message) => {
			// An ack is `43<id>[payload]`; the kiosk snapshot is the one that lists services.
			const ack = typeof message === 'string' ? /^43(\d+)(\[.*)$/s.exec(message) : null;
			if (ack) {
				const payload = JSON.parse(ack[2]) as [{ data?: Snapshot }];
				const snapshot = payload[0]?.data;
				if (snapshot && Array.isArray(snapshot.services)) {
					change(snapshot);
					ws.send(`43${ack[1]}${JSON.stringify(payload)}`);
					return;
				}
			}
			ws.send(message);
		});
	});
}

test('a service switched off and one without a window say so on the tile and in the guide', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
	const kiosk = await context.newPage();
	await rewriteSnapshot(kiosk, (snapshot) => {
		snapshot.services.find((s) => s.id === 'heart-talk')!.enabled = false;
		snapshot.services.find((s) => s.id === 'volunteer')!.windowIds = [];
	});
	await kiosk.goto('/kiosk?station=K1');

	await expect(kiosk.getByRole('button', { name: '党员谈心谈话 今日暂停办理' })).toBeVisible();
	await expect(kiosk.getByRole('button', { name: '志愿者服务登记 今日无窗口办理' })).toBeVisible();

	await kiosk.getByRole('button', { name: /^党员谈心谈话/ }).click();
	await expect(kiosk.getByTestId('service-unavailable')).toContainText('该业务今日暂停办理');
	await expect(kiosk.getByRole('button', { name: '取号', exact: true })).toBeDisabled();
	// The guide is still all there: a resident can read it and come back another day.
	await expect(kiosk.getByRole('heading', { name: '请准备以下材料' })).toBeVisible();

	await kiosk.getByRole('button', { name: '返回' }).click();
	await kiosk.getByRole('button', { name: /^志愿者服务登记/ }).click();
	await expect(kiosk.getByTestId('service-unavailable')).toContainText('今日没有窗口办理该业务');
	await expect(kiosk.getByText('今日无窗口办理', { exact: true })).toBeVisible();
	await expect(kiosk.getByRole('button', { name: '取号', exact: true })).toBeDisabled();
	await context.close();
});

test('a closed hall says so with the next opening time and issues nothing', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, timezoneId: 'Asia/Shanghai' });
	const kiosk = await context.newPage();
	// Tomorrow 08:30 in the hall's time zone.
	const next = new Date();
	next.setDate(next.getDate() + 1);
	const nextOpening = Date.parse(`${next.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })}T08:30:00+08:00`);
	await rewriteSnapshot(kiosk, (snapshot) => {
		snapshot.opening = { open: false, todayPeriods: [], nextOpening };
	});
	await kiosk.goto('/kiosk?station=K1');

	const closed = kiosk.getByTestId('closed');
	await expect(closed).toContainText('现在不是办公时间，暂停取号');
	await expect(closed).toContainText(/下次办公时间：.*08:30/);
	await kiosk.getByRole('button', { name: /^党组织关系转接/ }).click();
	await expect(kiosk.getByTestId('service-unavailable')).toContainText(/现在不是办公时间，暂停取号。 下次办公时间：.*08:30/);
	await expect(kiosk.getByRole('button', { name: '取号', exact: true })).toBeDisabled();
	await expect(kiosk.getByRole('button', { name: '绿色通道' })).toHaveCount(0);
	await context.close();
});
