// A window calls a number; the hall board, open before the call, shows it large, lists
// it with its window, and puts the sentence being said into its live region.
import { expect, test } from '@playwright/test';
import { announcements, boardIsLive, issueTicket, openDesk, recordAnnouncements, spoken } from './board-support.ts';

test('a call appears on the board and its sentence in the live region', async ({ page, request }) => {
	const desk = await openDesk(request, '1');
	await issueTicket(request, 'party-transfer');

	await page.setViewportSize({ width: 1920, height: 1080 });
	await recordAnnouncements(page);
	await page.goto('/board');
	await boardIsLive(page, '党组织关系转接');

	const call = await desk.callNext();
	expect(call).not.toBeNull();
	const sentence = spoken(call!);

	await test.step('the newest call is shown large, and listed with its window', async () => {
		await expect(page.getByTestId('latest-call')).toHaveText(`请 ${call!.number} 号到 1号窗口办理`);
		await expect(page.getByRole('region', { name: '最近叫号' }).getByRole('row').filter({ hasText: call!.number })).toContainText('1号窗口');
	});

	await test.step('the sentence is in the live region, once', async () => {
		await expect(page.getByRole('status', { name: '语音播报' })).toContainText(sentence);
		expect(await announcements(page)).toEqual([sentence]);
	});

	await desk.signOut();
});
