// A large hall hangs one board per zone: the west board (windows 4–6) shows and says only
// the calls of its own windows, lists only its windows, and counts only their queues.
import { expect, test } from '@playwright/test';
import { announcements, boardIsLive, issueTicket, openDesk, recordAnnouncements, spoken } from './board-support.ts';

test('a zone board shows only its windows', async ({ page, request }) => {
	const east = await openDesk(request, '1');
	const west = await openDesk(request, '4');
	await issueTicket(request, 'party-transfer');
	await issueTicket(request, 'heart-talk');

	await recordAnnouncements(page);
	await page.goto('/board?zone=west');
	await boardIsLive(page);

	// East first: once the west call is on the board, the east one would have arrived before it.
	const eastCall = await east.callNext();
	const westCall = await west.callNext();
	expect(eastCall).not.toBeNull();
	expect(westCall).not.toBeNull();

	await expect(page.getByTestId('latest-call')).toHaveText(`请 ${westCall!.number} 号到 4号窗口办理`);
	await expect.poll(() => announcements(page)).toEqual([spoken(westCall!)]);

	const recent = page.getByRole('region', { name: '最近叫号' });
	await expect(recent.getByRole('row').filter({ hasText: westCall!.number })).toContainText('4号窗口');
	await expect(recent).not.toContainText('1号窗口');
	await expect(recent).not.toContainText(eastCall!.number);

	const windows = page.getByRole('region', { name: '窗口' });
	await expect(windows).toContainText('4号窗口');
	await expect(windows).not.toContainText('1号窗口');

	const waiting = page.getByRole('region', { name: '等候人数' });
	await expect(waiting).toContainText('党员谈心谈话');
	// 党组织关系转接 is served only in the east.
	await expect(waiting).not.toContainText('党组织关系转接');
	await expect(page.getByText('区域：west')).toBeVisible();

	await east.signOut();
	await west.signOut();
});
