// Screenshots of the screens at their devices' sizes, for people to look at: taken only when
// SCREENS_DIR is set (never in CI's tree), named by screen and state.
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';

/** A page, or one part of it (a Locator); `fullPage` for a page only. */
export async function shoot(target: Page | Locator, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
	const dir = process.env.SCREENS_DIR;
	if (!dir) return;
	const path = join(dir, `${name}.png`);
	if ('goto' in target) await target.screenshot({ path, fullPage: options.fullPage ?? false });
	else await target.screenshot({ path });
}

/** The rectangle of every visible element matched, rounded, keyed by its accessible text. */
export interface Box {
	name: string;
	x: number;
	y: number;
	width: number;
	height: number;
}

export async function boxesOf(page: Page, selector: string): Promise<Box[]> {
	return page.locator(selector).evaluateAll((elements) =>
		elements
			// Rendered (fixed elements have no offsetParent, so ask for their boxes).
			.filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
			.map((e) => {
				const r = e.getBoundingClientRect();
				return {
					name: (e.textContent ?? '').replace(/\s+/g, ' ').trim(),
					x: Math.round(r.x),
					y: Math.round(r.y),
					width: Math.round(r.width),
					height: Math.round(r.height)
				};
			})
	);
}

/** The boxes that are not wholly inside a viewport of `width`×`height`. */
export function outside(boxes: Box[], width: number, height: number): string[] {
	return boxes
		.filter((b) => b.x < 0 || b.y < 0 || b.x + b.width > width || b.y + b.height > height)
		.map((b) => `${b.name} at ${b.x},${b.y} ${b.width}×${b.height}`);
}
