// Rebuilds every daily rollup from the event log (the archives' years first, then the live
// file): after an upgrade that changes how a figure is counted (ROLLUP_FORMULA).

import type { Database } from 'better-sqlite3';
import { replaceAllRollups } from '../store/rollup-store.ts';
import { archivedEvents } from './archive.ts';
import { HistoryReader, monthsOf } from './reader.ts';
import { ROLLUP_FORMULA } from './rollup.ts';

export function rebuildRollups(db: Database, dataDir: string, timeZone: string, beforeDay: string, now: number): { days: number; tickets: number; lastDay: string | null } {
	const reader = new HistoryReader(db);
	const { days, cursor } = reader.rebuild(timeZone, [archivedEvents(db, dataDir)], beforeDay);
	replaceAllRollups(db, days, cursor, ROLLUP_FORMULA, now, monthsOf(days));
	return { days: days.length, tickets: days.reduce((a, d) => a + d.tickets, 0), lastDay: cursor?.day ?? null };
}
