// 设备提醒: a board named in the hall file that is not on shows as an alert on the
// director's 今日概况; once the board's page is open (/board?station=B1) the alert goes,
// pushed over the socket without a reload, and the station table says it is online.
import { expect, test } from '@playwright/test';
import { closeScreens, openConsole, openScreen } from './console-helpers.ts';

test.afterEach(closeScreens);

test('a dark board is an alert on the console until its page connects', async ({ browser }) => {
	const consolePage = await openConsole(browser);
	const alerts = consolePage.getByTestId('device-alerts');
	const boardAlert = alerts.getByRole('listitem').filter({ hasText: '显示屏 大厅综合屏（B1）' });
	await expect(boardAlert).toContainText('未连接');
	const stationRow = consolePage.getByRole('row').filter({ hasText: '大厅综合屏（B1）' });
	await expect(stationRow.getByRole('cell').nth(2)).toHaveText('离线');

	const board = await openScreen(browser, '/board?station=B1&voice=off', { width: 1920, height: 1080 });
	await expect(board.getByRole('heading', { level: 1 })).toBeVisible();

	await expect(boardAlert).toHaveCount(0);
	await expect(stationRow.getByRole('cell').nth(2)).toHaveText('在线');
});
