// Figures the district sees that are not in the event log: counts only, never the rows
// (ratings' comments, cases' names and phones stay in the hall).

import type { Database } from 'better-sqlite3';

export interface HallCounts {
	/** The hall's current day (YYYY-MM-DD): the day the rating counts belong to. */
	day: string;
	/** 好差评 given today, and how many of them 基本满意 or better (grade ≥ 3). */
	ratings: number;
	satisfied: number;
	/** Open cases (待办事项) past their due date. */
	overdueCases: number;
	/** Configured stations (kiosks, boards, window stations) not connected now. */
	offlineStations: number;
}

export function countHall(db: Database, day: string, offlineStations: number): HallCounts {
	const ratings = db
		.prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(e.grade >= 3), 0) AS ok FROM evaluations e JOIN tickets t ON t.id = e.ticket_id WHERE t.day = ?`)
		.get(day) as { n: number; ok: number };
	const overdue = db.prepare(`SELECT COUNT(*) AS n FROM cases WHERE status = 'open' AND due_date < ?`).get(day) as { n: number };
	return { day, ratings: ratings.n, satisfied: ratings.ok, overdueCases: overdue.n, offlineStations };
}
