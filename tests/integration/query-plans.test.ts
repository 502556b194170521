// Every report, search and startup query has an index that fits (issue 16): checked with
// EXPLAIN QUERY PLAN on the real schema, so a query that would read every ticket or event
// ever written — which grows with the years — fails here instead of in a hall.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Store } from '../../server/store/store.ts';

let dir: string;
let store: Store;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'jiaohao-plans-'));
	store = new Store(join(dir, 'hall.db'));
	// Statistics as a hall with history has them, so the planner chooses as it would there.
	store.db.exec('ANALYZE');
});

afterAll(() => {
	store.close();
	rmSync(dir, { recursive: true, force: true });
});

function plan(sql: string, params: unknown[]): string[] {
	return (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}

/** [what, SQL, parameters, the index (or key) its plan must use] */
const QUERIES: [string, string, unknown[], RegExp][] = [
	// Reports (history worker)
	['a period of rollups', `SELECT day, dim, key, figures FROM rollups WHERE day >= ? AND day <= ? ORDER BY day`, ['2026-01-01', '2026-01-31'], /SEARCH rollups USING PRIMARY KEY \(day>\? AND day<\?\)/],
	['a month rollup', `SELECT dim, key, figures FROM rollup_months WHERE month = ?`, ['2026-01'], /SEARCH rollup_months USING PRIMARY KEY \(month=\?\)/],
	['rolled-up days of a month', `SELECT COUNT(*) AS n FROM rollup_days WHERE day >= ? AND day <= ?`, ['2026-01-01', '2026-01-31'], /SEARCH rollup_days USING PRIMARY KEY \(day>\? AND day<\?\)/],
	['events after the rollup cursor', `SELECT seq, type, at, ticket_id, window_id, data FROM events WHERE seq > ? ORDER BY seq`, [0], /SEARCH events USING INTEGER PRIMARY KEY \(rowid>\?\)/],
	['ratings of the days folded', `SELECT window_id, staff_id, grade, created_at FROM evaluations WHERE created_at >= ? AND created_at < ?`, [0, 1], /USING INDEX evaluations_by_time/],
	['complaints received in a period', `SELECT COUNT(*) AS received, SUM(status = 'open') AS open FROM complaints WHERE created_at >= ? AND created_at < ?`, [0, 1], /USING INDEX complaints_by_time/],
	['cases accepted in a period', `SELECT COUNT(*) FROM cases WHERE accepted_date >= ? AND accepted_date <= ?`, ['2026-01-01', '2026-01-31'], /USING (COVERING )?INDEX cases_by_accepted/],
	['open and overdue cases', `SELECT COUNT(*) FROM cases WHERE status = 'open' AND due_date < ?`, ['2026-01-01'], /USING (COVERING )?INDEX cases_by_status_due/],
	['the rollup cursor', `SELECT seq, day FROM rollup_cursor WHERE id = 1`, [], /USING INTEGER PRIMARY KEY/],
	// The case register's searches (window staff)
	['a case by reference', `SELECT * FROM cases WHERE reference = ?`, ['DJ-20260101-001'], /USING INDEX sqlite_autoindex_cases_2/],
	['the next case reference of a day', `SELECT COUNT(*) AS n FROM cases WHERE reference >= ? AND reference < ?`, ['DJ-20260101-', 'DJ-20260101-~'], /USING COVERING INDEX sqlite_autoindex_cases_2/],
	['cases of an accepted date', `SELECT * FROM cases WHERE accepted_date = ?`, ['2026-01-01'], /USING INDEX cases_by_accepted/],
	['cases by ticket number: through the cases, tickets by key', `SELECT t.id FROM cases c CROSS JOIN tickets t ON t.id = c.ticket_id WHERE t.number = ?`, ['A001'], /SEARCH t USING PRIMARY KEY \(id=\?\)/],
	['a case of a ticket', `SELECT * FROM cases WHERE ticket_id = ?`, ['x'], /USING INDEX cases_by_ticket/],
	// The access log and the audit of reads
	['reads of one record', `SELECT * FROM access_log WHERE record_type = ? AND record_id = ?`, ['case', 'x'], /USING INDEX access_log_by_record/],
	['reads by one staff member', `SELECT * FROM access_log WHERE staff_id = ? AND at >= ? ORDER BY at`, ['x', 0], /USING INDEX access_log_by_staff/],
	['archive access requests of a case', `SELECT * FROM access_requests WHERE case_id = ? AND requested_by = ?`, ['x', 'y'], /USING INDEX access_requests_by_case/],
	// The hall's own reads that used to scan the log
	['the last saved configuration (startup)', `SELECT data FROM events WHERE type = 'config:changed' ORDER BY seq DESC LIMIT 1`, [], /USING (COVERING )?INDEX events_config/],
	['the board\'s recent calls (startup)', `SELECT data FROM events WHERE type IN ('ticket:called', 'ticket:recalled') AND at >= ? ORDER BY seq DESC LIMIT ?`, [0, 10], /USING INDEX events_calls/],
	['attendance of a day', `SELECT type, at, window_id, data FROM events WHERE type IN ('window:signed-in', 'window:signed-out') AND at >= ? AND at < ? ORDER BY seq`, [0, 1], /USING INDEX events_attendance/],
	['the pauses of a day', `SELECT type, at, window_id, data FROM events WHERE type IN ('window:paused', 'window:resumed') AND at >= ? AND at < ? ORDER BY seq`, [0, 1], /USING INDEX events_pauses/],
	['the visit to rate at a window', `SELECT data FROM events WHERE type = 'ticket:finished' AND window_id = ? ORDER BY seq DESC LIMIT 1`, ['1'], /USING (COVERING )?INDEX events_finished_by_window/],
	['a ticket\'s trail', `SELECT * FROM events WHERE ticket_id = ? ORDER BY seq`, ['x'], /USING INDEX events_by_ticket/],
	['the active tickets (startup)', `SELECT * FROM tickets WHERE ended_at IS NULL ORDER BY queue_seq`, [], /USING INDEX tickets_active/],
	['the highest arrival order (startup)', `SELECT COALESCE(MAX(queue_seq), 0) AS n FROM tickets WHERE ended_at IS NULL`, [], /USING (COVERING )?INDEX tickets_active/],
	['a day\'s numbering (startup)', `SELECT prefix, MAX(seq_no) AS n FROM tickets WHERE day = ? GROUP BY prefix`, ['2026-01-01'], /USING COVERING INDEX sqlite_autoindex_tickets_2 \(day=\?\)/],
	['a ticket', `SELECT * FROM tickets WHERE id = ?`, ['x'], /USING PRIMARY KEY \(id=\?\)/],
	['the day\'s service times (wait estimate)', `SELECT service_id, COUNT(*) FROM tickets WHERE day = ? AND status IN ('done', 'refused') GROUP BY service_id`, ['2026-01-01'], /USING INDEX sqlite_autoindex_tickets_2 \(day=\?\)/],
	['old idempotency keys (pruned each day)', `DELETE FROM idempotency_keys WHERE created_at < ?`, [0], /USING (COVERING )?INDEX idempotency_by_time/],
	['a duty log range', `SELECT * FROM duty_log WHERE day >= ? AND day <= ? ORDER BY day, seq`, ['2026-01-01', '2026-01-31'], /USING INDEX duty_log_by_day/],
	['print jobs of a station', `SELECT * FROM print_jobs WHERE station = ? AND created_at >= ?`, ['K1', 0], /USING INDEX print_jobs_by_station/]
];

it.each(QUERIES)('%s has an index that fits', (_what, sql, params, expected) => {
	const detail = plan(sql, params);
	expect(detail.join(' | ')).toMatch(expected);
});

it('reads the hall\'s version from the newest row, not the whole log', () => {
	// A scan in rowid order stopped by LIMIT 1 from the end: no temp B-tree, no aggregate over every row.
	const detail = plan(`SELECT version FROM events ORDER BY seq DESC LIMIT 1`, []);
	expect(detail).toEqual(['SCAN events']);
	expect(detail.join(' ')).not.toMatch(/TEMP B-TREE/);
});

it('finds the facts after the projection from the end of the log', () => {
	const detail = plan(
		`SELECT version, type, at, ticket_id, window_id, data FROM events
		 WHERE seq > COALESCE((SELECT seq FROM events WHERE version <= ? ORDER BY seq DESC LIMIT 1), 0) AND version > ? ORDER BY seq`,
		[1, 1]
	).join(' | ');
	expect(detail).toMatch(/SEARCH events USING INTEGER PRIMARY KEY \(rowid>\?\)/);
	expect(detail).not.toMatch(/TEMP B-TREE/);
});
