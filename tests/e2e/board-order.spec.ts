// Two windows call at nearly the same moment: the board says both, one after the other,
// in the order they were called, without cutting the first short; a recall is said again.
import { expect, test } from '@playwright/test';
import { announcements, boardIsLive, issueTicket, openDesk, recordAnnouncements, spoken } from './board-support.ts';

// A spoken call (chime, the sentence twice) takes about ten seconds of real audio.
const SPEECH_TIMEOUT = 45_000;

test('two calls in quick succession are both announced, in order, and a recall again', async ({ page, request }) => {
	test.setTimeout(120_000);
	const one = await openDesk(request, '1');
	const two = await openDesk(request, '2');
	await issueTicket(request, 'party-transfer');
	await issueTicket(request, 'assistance');

	await recordAnnouncements(page);
	await page.goto('/board');
	await boardIsLive(page);

	const first = await one.callNext();
	const second = await two.callNext();
	expect(first).not.toBeNull();
	expect(second).not.toBeNull();

	await test.step('both are said, first call first', async () => {
		await expect.poll(() => announcements(page), { timeout: SPEECH_TIMEOUT }).toEqual([spoken(first!), spoken(second!)]);
	});

	await test.step('a recall is said again', async () => {
		const again = await one.recall();
		await expect.poll(() => announcements(page), { timeout: SPEECH_TIMEOUT }).toEqual([spoken(first!), spoken(second!), spoken(again)]);
		await expect(page.getByTestId('latest-call')).toContainText('重呼');
	});

	await one.signOut();
	await two.signOut();
});
