// The hub's PostgreSQL schema, applied at start. Several nodes may start at once: an
// advisory lock lets one of them migrate while the others wait, then find nothing to do.

import type pg from 'pg';

const MIGRATION_LOCK = 7_150_001;

export const districtMigrations: { version: number; sql: string }[] = [
	{
		version: 1,
		sql: `
CREATE TABLE halls (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	-- sha256 of the hall's key: keys are long random strings, so a fast hash is enough.
	key_hash TEXT NOT NULL UNIQUE,
	-- Everything up to last_seq is stored; the hall resumes after it.
	last_seq BIGINT NOT NULL DEFAULT 0,
	-- The hall's own newest sequence number, as it last reported it.
	head_seq BIGINT NOT NULL DEFAULT 0,
	last_event_at BIGINT,
	last_contact_at BIGINT,
	day TEXT,
	time_zone TEXT,
	created_at BIGINT NOT NULL
);

-- Every hall's event log: a resend is harmless (the key is the hall and its sequence number).
CREATE TABLE events (
	hall_id TEXT NOT NULL REFERENCES halls (id),
	seq BIGINT NOT NULL,
	version BIGINT NOT NULL,
	type TEXT NOT NULL,
	at BIGINT NOT NULL,
	data JSONB NOT NULL,
	received_at BIGINT NOT NULL,
	PRIMARY KEY (hall_id, seq)
);
CREATE FUNCTION district_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the event log is append-only'; END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
	FOR EACH ROW EXECUTE FUNCTION district_append_only();

-- Projections for the dashboard, updated in the same transaction as the events they come from.
CREATE TABLE tickets (
	hall_id TEXT NOT NULL,
	ticket_id TEXT NOT NULL,
	day TEXT,
	number TEXT,
	service_id TEXT,
	priority TEXT,
	status TEXT NOT NULL,
	issued_at BIGINT,
	called_at BIGINT,
	started_at BIGINT,
	ended_at BIGINT,
	window_id TEXT,
	PRIMARY KEY (hall_id, ticket_id)
);
CREATE INDEX tickets_by_day ON tickets (hall_id, day, status);

CREATE TABLE hall_windows (
	hall_id TEXT NOT NULL,
	window_id TEXT NOT NULL,
	name TEXT,
	-- NULL until the hall reports the window signed in or out (a window named by the hall file only).
	status TEXT,
	PRIMARY KEY (hall_id, window_id)
);

CREATE TABLE hall_services (
	hall_id TEXT NOT NULL,
	service_id TEXT NOT NULL,
	prefix TEXT NOT NULL,
	name TEXT NOT NULL,
	PRIMARY KEY (hall_id, service_id)
);

CREATE TABLE users (
	id TEXT PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	must_change_password BOOLEAN NOT NULL,
	failed_attempts INTEGER NOT NULL DEFAULT 0,
	locked_until BIGINT,
	created_at BIGINT NOT NULL
);

-- Only the sha256 of a token: a copied database does not hand out sessions.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id),
	expires_at BIGINT NOT NULL
);
`
	},
	{
		version: 2,
		sql: `
-- Counts each hall reports with every batch (not in its event log): today's ratings, overdue cases, offline stations.
ALTER TABLE halls ADD COLUMN counts_day TEXT;
ALTER TABLE halls ADD COLUMN ratings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE halls ADD COLUMN satisfied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE halls ADD COLUMN overdue_cases INTEGER NOT NULL DEFAULT 0;
ALTER TABLE halls ADD COLUMN offline_stations INTEGER NOT NULL DEFAULT 0;
`
	},
	{
		version: 3,
		sql: `
-- Notices (公示) the district publishes in the halls it names; each hall reports its objection counts back.
CREATE TABLE district_notices (
	id TEXT PRIMARY KEY,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	category TEXT NOT NULL,
	publish_from TEXT NOT NULL,
	publish_to TEXT NOT NULL,
	hall_ids TEXT[] NOT NULL,
	created_by TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE TABLE notice_objections (
	notice_id TEXT NOT NULL REFERENCES district_notices (id),
	hall_id TEXT NOT NULL,
	objections INTEGER NOT NULL,
	unanswered INTEGER NOT NULL,
	PRIMARY KEY (notice_id, hall_id)
);
`
	}
];

export async function migrate(pool: pg.Pool): Promise<number> {
	const client = await pool.connect();
	try {
		await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
		await client.query('CREATE TABLE IF NOT EXISTS district_schema (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
		const { rows } = await client.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM district_schema');
		let current = Number(rows[0].v);
		for (const migration of districtMigrations) {
			if (migration.version <= current) continue;
			await client.query('BEGIN');
			try {
				await client.query(migration.sql);
				await client.query('INSERT INTO district_schema (version) VALUES ($1)', [migration.version]);
				await client.query('COMMIT');
			} catch (error) {
				await client.query('ROLLBACK');
				throw error;
			}
			current = migration.version;
		}
		return current;
	} finally {
		await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
		client.release();
	}
}
