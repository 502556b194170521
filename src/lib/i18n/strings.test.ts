// A screen only has its own strings and the common ones: a key from another screen's
// dictionary would show as the raw key. Every literal key in a file must be reachable there.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { zhBoard } from './board.ts';
import { zhCommon } from './common.ts';
import { zhKiosk } from './kiosk.ts';
import { zhWindow } from './window.ts';
import { zhReference } from './reference.ts';
import { zhTicket } from './ticket.ts';

const dictionaries = { common: zhCommon, kiosk: zhKiosk, board: zhBoard, window: zhWindow };
type Screen = keyof typeof dictionaries;

/** Which screen's strings a file may use, by where it lives. */
function screenOf(path: string): Screen {
	if (/src\/(routes|lib)\/kiosk\//.test(path)) return 'kiosk';
	if (/src\/(routes|lib)\/board\//.test(path)) return 'board';
	if (/src\/(routes\/(window|rate)|lib\/window)\//.test(path)) return 'window';
	return 'common';
}

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return files(path);
		return /\.(svelte|ts)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
	});
}

it('uses only keys its screen has registered', () => {
	const missing: string[] = [];
	for (const path of [...files('src/routes'), ...files('src/lib')]) {
		if (path.includes('src/lib/i18n')) continue;
		const screen = screenOf(path);
		const source = readFileSync(path, 'utf8');
		// The reference lookup's strings: in any file that registers them, and on the kiosk (its errors module does).
		const references = screen === 'kiosk' || source.includes('reference-strings.ts') ? zhReference : {};
		// A ticket's progress: on the kiosk (its strings module registers them) and where a file registers them.
		const tickets = screen === 'kiosk' || source.includes('ticket-strings.ts') ? zhTicket : {};
		const known = { ...dictionaries.common, ...(screen === 'common' ? {} : dictionaries[screen]), ...references, ...tickets };
		// Any literal that looks like a key: keys are also kept in constants and passed to t() later.
		for (const match of source.matchAll(/'((?:kiosk|board|window|ticket|hours|conn|app|lang|ref)\.[A-Za-z][\w.]*)'/g)) {
			if (!(match[1] in known)) missing.push(`${path}: ${match[1]}`);
		}
	}
	expect(missing).toEqual([]);
});
