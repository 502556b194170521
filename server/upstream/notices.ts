// Notices (公示) the district publishes in this hall: stored as the hall's own published
// notices (so kiosks and boards show them and residents can object as to any notice), under
// ids prefixed `district-`. Their objections go back as counts only: the names, phones and
// words of the residents who object stay in the hall, with the director who answers them.

import type { Database } from 'better-sqlite3';
import type { Store } from '../store/store.ts';
import type { DistrictNotice } from './wire.ts';

const PREFIX = 'district-';

/**
 * Makes the hall's copy match the district's list for this hall; a notice no longer listed is
 * withdrawn. Answers the ids that changed (the kiosks and boards are told about those).
 */
export function applyDistrictNotices(store: Store, notices: readonly DistrictNotice[], now: number): string[] {
	const upsert = store.db.prepare(
		`INSERT INTO notices (id, title, body, category, publish_from, publish_to, status, created_by, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, 'published', 'district', ?, ?)
		 ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body, category = excluded.category,
			publish_from = excluded.publish_from, publish_to = excluded.publish_to, updated_at = excluded.updated_at
		 WHERE notices.title IS NOT excluded.title OR notices.body IS NOT excluded.body OR notices.category IS NOT excluded.category
			OR notices.publish_from IS NOT excluded.publish_from OR notices.publish_to IS NOT excluded.publish_to`
	);
	const listed = new Set(notices.map((n) => PREFIX + n.id));
	const changed: string[] = [];
	store.db.transaction(() => {
		for (const n of notices) {
			if (upsert.run(PREFIX + n.id, n.title, n.body, n.category, n.publishFrom, n.publishTo, now, now).changes > 0) changed.push(PREFIX + n.id);
		}
		const local = store.db.prepare(`SELECT id FROM notices WHERE id LIKE 'district-%' AND status = 'published'`).all() as { id: string }[];
		for (const { id } of local) {
			if (listed.has(id)) continue;
			store.db.prepare(`UPDATE notices SET status = 'withdrawn', updated_at = ? WHERE id = ?`).run(now, id);
			changed.push(id);
		}
	})();
	return changed;
}

/** Objections to the district's notices here: how many, and how many still unanswered. */
export function districtObjectionCounts(db: Database): { id: string; objections: number; unanswered: number }[] {
	const rows = db
		.prepare(
			`SELECT n.id AS id, COUNT(o.id) AS objections, COALESCE(SUM(o.answer IS NULL AND o.id IS NOT NULL), 0) AS unanswered
			 FROM notices n LEFT JOIN objections o ON o.notice_id = n.id WHERE n.id LIKE 'district-%' GROUP BY n.id`
		)
		.all() as { id: string; objections: number; unanswered: number }[];
	return rows.map((r) => ({ id: r.id.slice(PREFIX.length), objections: r.objections, unanswered: r.unanswered }));
}
