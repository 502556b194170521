// Writing daily rollups: a closed day's rows and the cursor after it, in one transaction,
// so a crash between days leaves either the day counted once or not yet at all.

import type { Database } from 'better-sqlite3';
import { toRows, type DayFigures } from '../history/rollup.ts';

export function saveRollups(db: Database, days: DayFigures[], cursor: { seq: number; day: string } | null, formula: number, now: number, months: DayFigures[] = []): void {
	const clearMonth = db.prepare(`DELETE FROM rollup_months WHERE month = ?`);
	const insertMonth = db.prepare(`INSERT INTO rollup_months (month, dim, key, figures) VALUES (?, ?, ?, ?)`);
	const clear = db.prepare(`DELETE FROM rollups WHERE day = ?`);
	const insert = db.prepare(`INSERT INTO rollups (day, dim, key, figures) VALUES (?, ?, ?, ?)`);
	const dayRow = db.prepare(
		`INSERT INTO rollup_days (day, formula, tickets, computed_at) VALUES (?, ?, ?, ?)
		 ON CONFLICT (day) DO UPDATE SET formula = excluded.formula, tickets = excluded.tickets, computed_at = excluded.computed_at`
	);
	const setCursor = db.prepare(
		`INSERT INTO rollup_cursor (id, seq, day) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, day = excluded.day`
	);
	db.transaction(() => {
		for (const day of days) {
			clear.run(day.day);
			for (const row of toRows(day)) insert.run(day.day, row.dim, row.key, row.figures);
			dayRow.run(day.day, formula, day.tickets, now);
		}
		for (const month of months) {
			clearMonth.run(month.day);
			for (const row of toRows(month)) insertMonth.run(month.day, row.dim, row.key, row.figures);
		}
		if (cursor) setCursor.run(cursor.seq, cursor.day);
	})();
}

/** Forgets every rollup (before a rebuild writes them again in the same transaction). */
export function replaceAllRollups(db: Database, days: DayFigures[], cursor: { seq: number; day: string } | null, formula: number, now: number, months: DayFigures[]): void {
	db.transaction(() => {
		db.exec(`DELETE FROM rollups; DELETE FROM rollup_months; DELETE FROM rollup_days; DELETE FROM rollup_cursor;`);
		saveRollups(db, days, cursor, formula, now, months);
	})();
}

/** Every stored rollup row, days then months (to compare a rebuild with what was stored). */
export function storedRollupRows(db: Database): { day: string; dim: string; key: string; figures: string }[] {
	return db
		.prepare(`SELECT day, dim, key, figures FROM rollups UNION ALL SELECT month, dim, key, figures FROM rollup_months ORDER BY 1, 2, 3`)
		.all() as { day: string; dim: string; key: string; figures: string }[];
}
