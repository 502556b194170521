// What the upstream link reads from a hall's database: events after a sequence number, the
// newest sequence number, and the counts that ride along. One implementation for both places
// the link runs (its worker's read-only connection, or the hall's own in-memory database).

import type { Database } from 'better-sqlite3';
import { countHall } from './counts.ts';
import type { UpstreamSource } from './link.ts';
import { districtObjectionCounts } from './notices.ts';
import type { DistrictNotice, StoredRow } from './wire.ts';

/** What only the hall's thread knows: its current day and which stations are offline. */
export interface HallFacts {
	day: string;
	offlineStations: number;
}

export function databaseSource(db: Database, hallFacts: () => Promise<HallFacts | null>, applyNotices: (notices: DistrictNotice[]) => Promise<boolean>): UpstreamSource {
	const readAfter = db.prepare('SELECT seq, version, type, at, ticket_id, window_id, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
	const headSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM events');
	const roster = db.prepare('SELECT id, staff_no AS number, name FROM staff ORDER BY id');
	return {
		readAfter: (seq, limit) => readAfter.all(seq, limit) as StoredRow[],
		head: () => (headSeq.get() as { n: number }).n,
		async extras() {
			const facts = await hallFacts();
			// The staff roster (id, 工号, name: for per-staff figures); staff are not residents.
			const staff = (roster.all() as { id: string; number: string; name: string }[]).map((r) => ({ id: r.id.slice(0, 80), number: r.number.slice(0, 40), name: r.name.slice(0, 40) }));
			return { counts: facts ? countHall(db, facts.day, facts.offlineStations) : undefined, noticeObjections: districtObjectionCounts(db), staff };
		},
		applyNotices
	};
}
