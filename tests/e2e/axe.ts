// The accessibility check the screens' journeys share: axe-core against WCAG 2.1 A and AA.

import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** axe's findings on the page as it stands, one line each; `serious`: only serious and critical ones. */
export async function axeFindings(page: Page, which: 'all' | 'serious'): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return violations
		.filter((v) => which === 'all' || v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function expectNoSeriousViolations(page: Page, where = ''): Promise<void> {
	expect(await axeFindings(page, 'serious'), where ? `axe on ${where}` : 'axe').toEqual([]);
}
