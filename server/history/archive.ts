// Closed years leave the live database for a yearly archive file (DATA_DIR/archive/hall-YYYY.db),
// so the file the hall works with stays the size of about one year.
//
// The event log stays append-only across the move:
//   1. the year's events, tickets and print jobs are copied into the archive file, whose
//      event log refuses updates and deletes like the live one;
//   2. the copy is checked — PRAGMA integrity_check, the row counts, and a SHA-256 hash chain
//      over every moved event computed on both sides;
//   3. only then is the year registered in `archives` (append-only), and only rows inside a
//      registered range can leave the live file (the delete trigger of migration 14 says so);
//   4. the rows leave in small batches, so a hall running meanwhile never waits long for a write.
// The configuration history (`config:changed`) is copied but never leaves the live file.
// Rollups stay in the live file: reports over archived years need no archive at all.

import Database, { type Database as Db } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { instantOf } from '../core/calendar.ts';
import type { EventRow } from '../store/event-codec.ts';

export interface ArchiveRecord {
	year: number;
	file: string;
	firstSeq: number;
	lastSeq: number;
	untilAt: number;
	events: number;
	tickets: number;
	printJobs: number;
	eventsHash: string;
	movedAt: number;
}

export type ArchiveOutcome = { ok: true; value: ArchiveRecord } | { ok: false; error: { code: string; message: string } };

export function archiveDir(dataDir: string): string {
	return join(dataDir, 'archive');
}

export function archiveFileName(year: number): string {
	return `hall-${year}.db`;
}

/** Rows deleted per transaction: each is a few milliseconds, so the hall's commits slip in between. */
const DELETE_BATCH = 2000;

const GENESIS = createHash('sha256').update('jiaohao-archive').digest('hex');

/** The hash chain over events in seq order: each link hashes the previous link and the whole row. */
export function hashEvents(rows: Iterable<EventRow & { seq: number; version: number; actor: string }>): { count: number; hash: string } {
	let hash = GENESIS;
	let count = 0;
	for (const r of rows) {
		hash = createHash('sha256')
			.update(hash)
			.update(JSON.stringify([r.seq, r.version, r.type, r.at, r.ticket_id, r.window_id, r.actor, r.data]))
			.digest('hex');
		count++;
	}
	return { count, hash };
}

const EVENTS_IN_RANGE = `SELECT seq, version, type, at, ticket_id, window_id, actor, data FROM events WHERE seq >= ? AND seq <= ? ORDER BY seq`;

export function archives(db: Db): ArchiveRecord[] {
	return (db.prepare(`SELECT * FROM archives ORDER BY year`).all() as Record<string, number | string>[]).map((r) => ({
		year: r.year as number,
		file: r.file as string,
		firstSeq: r.first_seq as number,
		lastSeq: r.last_seq as number,
		untilAt: r.until_at as number,
		events: r.events as number,
		tickets: r.tickets as number,
		printJobs: r.print_jobs as number,
		eventsHash: r.events_hash as string,
		movedAt: r.moved_at as number
	}));
}

/** The tables that move, created in the archive file from the live file's own definitions. */
const MOVED_TABLES = ['events', 'tickets', 'print_jobs', 'print_job_events'];

function createArchiveSchema(live: Db, archive: Db, year: number): void {
	for (const table of MOVED_TABLES) {
		const { sql } = live.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(table) as { sql: string };
		archive.exec(sql);
	}
	archive.exec(`
CREATE INDEX events_by_ticket ON events (ticket_id);
CREATE INDEX print_job_events_by_job ON print_job_events (job_id);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER print_job_events_append_only_update BEFORE UPDATE ON print_job_events BEGIN SELECT RAISE(ABORT, 'the print job trail is append-only'); END;
CREATE TRIGGER print_job_events_append_only_delete BEFORE DELETE ON print_job_events BEGIN SELECT RAISE(ABORT, 'the print job trail is append-only'); END;
CREATE TABLE archive_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`);
	archive.prepare(`INSERT INTO archive_info (key, value) VALUES ('year', ?)`).run(String(year));
}

/**
 * Moves a closed year out of the live file. `db` is a read-write connection to the live
 * file (the archive command's own, not the hall's). Refuses a year that is not closed.
 */
export function archiveYear(db: Db, dataDir: string, year: number, timeZone: string, now: number): ArchiveOutcome {
	const untilAt = instantOf(`${year + 1}-01-01`, '00:00', timeZone);
	if (db.prepare(`SELECT 1 FROM archives WHERE year = ?`).get(year)) return { ok: false, error: { code: 'archived', message: `${year} 年已归档` } };
	const later = db.prepare(`SELECT 1 FROM archives WHERE year > ?`).get(year);
	if (later) return { ok: false, error: { code: 'order', message: '归档须按年份顺序进行' } };
	// The year is closed when the hall has started a day of a later year: every ticket of the year has ended by then.
	const nextStart = db
		.prepare(`SELECT seq FROM events WHERE type = 'day:started' AND at >= ? ORDER BY seq LIMIT 1`)
		.get(untilAt) as { seq: number } | undefined;
	if (!nextStart) return { ok: false, error: { code: 'not_closed', message: `${year} 年尚未结束（大厅还没有开始 ${year + 1} 年的营业日）` } };
	const cursor = db.prepare(`SELECT day FROM rollup_cursor WHERE id = 1`).get() as { day: string } | undefined;
	if (!cursor || cursor.day < `${year}-12-31`) return { ok: false, error: { code: 'not_rolled_up', message: `${year} 年的日统计尚未全部生成，请先运行 npm run rollups -- rebuild` } };
	const previous = db.prepare(`SELECT MAX(last_seq) AS s FROM archives`).get() as { s: number | null };
	const firstSeq = (previous.s ?? 0) + 1;
	const lastSeq = nextStart.seq - 1;
	if (lastSeq < firstSeq) return { ok: false, error: { code: 'empty', message: `${year} 年没有可归档的记录` } };

	const dir = archiveDir(dataDir);
	mkdirSync(dir, { recursive: true });
	const file = join(dir, archiveFileName(year));
	if (existsSync(file)) return { ok: false, error: { code: 'file_exists', message: `归档文件已存在：${file}` } };
	const partial = `${file}.partial`;
	rmSync(partial, { force: true });

	// 1. Copy (one read transaction on the live file: a consistent snapshot, no write lock on it).
	const before = hashEvents(db.prepare(EVENTS_IN_RANGE).iterate(firstSeq, lastSeq) as Iterable<EventRow & { seq: number; version: number; actor: string }>);
	const archive = new Database(partial);
	archive.pragma('journal_mode = DELETE');
	archive.pragma('synchronous = FULL');
	createArchiveSchema(db, archive, year);
	archive.close();
	const [from, to] = [`${year}-01-01`, `${year}-12-31`];
	db.prepare(`ATTACH DATABASE ? AS archive`).run(partial);
	let counts: { events: number; tickets: number; printJobs: number };
	try {
		counts = db.transaction(() => {
			const events = db.prepare(`INSERT INTO archive.events SELECT * FROM main.events WHERE seq >= ? AND seq <= ?`).run(firstSeq, lastSeq).changes;
			const tickets = db.prepare(`INSERT INTO archive.tickets SELECT * FROM main.tickets WHERE day >= ? AND day <= ? AND ended_at IS NOT NULL`).run(from, to).changes;
			const printJobs = db.prepare(`INSERT INTO archive.print_jobs SELECT * FROM main.print_jobs WHERE created_at < ?`).run(untilAt).changes;
			db.prepare(`INSERT INTO archive.print_job_events SELECT * FROM main.print_job_events WHERE at < ?`).run(untilAt);
			return { events, tickets, printJobs };
		})();
	} finally {
		db.exec(`DETACH DATABASE archive`);
	}

	// 2. Check the copy on a fresh connection to the file as written.
	const check = new Database(partial, { readonly: true });
	let after: { count: number; hash: string };
	let integrity: string;
	try {
		integrity = check.pragma('integrity_check', { simple: true }) as string;
		after = hashEvents(check.prepare(EVENTS_IN_RANGE).iterate(firstSeq, lastSeq) as Iterable<EventRow & { seq: number; version: number; actor: string }>);
	} finally {
		check.close();
	}
	if (integrity !== 'ok' || after.count !== before.count || after.hash !== before.hash || counts.events !== before.count) {
		rmSync(partial, { force: true });
		return { ok: false, error: { code: 'verify_failed', message: `归档文件校验失败（${integrity}，${after.count}/${before.count} 条）：未删除任何记录` } };
	}
	renameSync(partial, file);

	// 3. Register the verified archive: from now on, and only for this range, rows may leave.
	const record: ArchiveRecord = {
		year,
		file: archiveFileName(year),
		firstSeq,
		lastSeq,
		untilAt,
		events: before.count,
		tickets: counts.tickets,
		printJobs: counts.printJobs,
		eventsHash: before.hash,
		movedAt: now
	};
	db.prepare(
		`INSERT INTO archives (year, file, first_seq, last_seq, until_at, events, tickets, print_jobs, events_hash, moved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	).run(year, record.file, firstSeq, lastSeq, untilAt, record.events, record.tickets, record.printJobs, record.eventsHash, now);

	// 4. Leave the live file in small batches.
	const batches: [string, unknown[]][] = [
		[`DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE seq >= ? AND seq <= ? AND type != 'config:changed' LIMIT ${DELETE_BATCH})`, [firstSeq, lastSeq]],
		[`DELETE FROM tickets WHERE id IN (SELECT id FROM tickets WHERE day >= ? AND day <= ? AND ended_at IS NOT NULL LIMIT ${DELETE_BATCH})`, [from, to]],
		[`DELETE FROM print_job_events WHERE seq IN (SELECT seq FROM print_job_events WHERE at < ? LIMIT ${DELETE_BATCH})`, [untilAt]],
		[`DELETE FROM print_jobs WHERE id IN (SELECT id FROM print_jobs WHERE created_at < ? LIMIT ${DELETE_BATCH})`, [untilAt]],
		[`DELETE FROM idempotency_keys WHERE key IN (SELECT key FROM idempotency_keys WHERE created_at < ? LIMIT ${DELETE_BATCH})`, [untilAt]]
	];
	for (const [sql, params] of batches) {
		const statement = db.prepare(sql);
		while (statement.run(...params).changes > 0) {
			/* next batch */
		}
	}
	return { ok: true, value: record };
}

export interface ArchiveCheck {
	year: number;
	file: string;
	ok: boolean;
	integrity: string;
	events: number;
	hashMatches: boolean;
	/** Events of the archived range still in the live file, besides the configuration history. */
	leftInLive: number;
}

/** Re-checks every registered archive: the file's integrity, its event count and hash chain, and the live file's side. */
export function verifyArchives(db: Db, dataDir: string): ArchiveCheck[] {
	return archives(db).map((record) => {
		const path = join(archiveDir(dataDir), record.file);
		const leftInLive = (
			db.prepare(`SELECT COUNT(*) AS n FROM events WHERE seq >= ? AND seq <= ? AND type != 'config:changed'`).get(record.firstSeq, record.lastSeq) as { n: number }
		).n;
		if (!existsSync(path)) return { year: record.year, file: path, ok: false, integrity: 'missing', events: 0, hashMatches: false, leftInLive };
		const archive = new Database(path, { readonly: true, fileMustExist: true });
		try {
			const integrity = archive.pragma('integrity_check', { simple: true }) as string;
			const { count, hash } = hashEvents(archive.prepare(EVENTS_IN_RANGE).iterate(record.firstSeq, record.lastSeq) as Iterable<EventRow & { seq: number; version: number; actor: string }>);
			const hashMatches = hash === record.eventsHash && count === record.events;
			return { year: record.year, file: path, ok: integrity === 'ok' && hashMatches && leftInLive === 0, integrity, events: count, hashMatches, leftInLive };
		} finally {
			archive.close();
		}
	});
}

/** The events of every archived year, in order, for a rollup rebuild. */
export function* archivedEvents(db: Db, dataDir: string): Generator<EventRow & { seq: number }> {
	for (const record of archives(db)) {
		const archive = new Database(join(archiveDir(dataDir), record.file), { readonly: true, fileMustExist: true });
		try {
			yield* archive
				.prepare(`SELECT seq, type, at, ticket_id, window_id, data FROM events WHERE type != 'config:changed' ORDER BY seq`)
				.iterate() as Iterable<EventRow & { seq: number }>;
		} finally {
			archive.close();
		}
	}
}
