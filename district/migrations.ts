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
	},
	{
		version: 4,
		sql: `
-- Halls are never deleted and only ingestion writes events, for the hall whose row it holds
-- locked: the foreign key's per-row check (a key-share lock on the hall for each event) cost a
-- third of ingestion and guarded nothing more.
ALTER TABLE events DROP CONSTRAINT IF EXISTS events_hall_id_fkey;

-- Who last called or served a ticket (staff ids and names are not residents' data): per-staff figures.
ALTER TABLE tickets ADD COLUMN staff_id TEXT;
CREATE TABLE hall_staff (
	hall_id TEXT NOT NULL,
	staff_id TEXT NOT NULL,
	staff_no TEXT NOT NULL,
	name TEXT NOT NULL,
	PRIMARY KEY (hall_id, staff_id)
);

-- Each hall's figures per day (its own days), kept by ingestion: tickets taken, finished, waiting now.
CREATE TABLE hall_days (
	hall_id TEXT NOT NULL,
	day TEXT NOT NULL,
	issued INTEGER NOT NULL,
	served INTEGER NOT NULL,
	waiting INTEGER NOT NULL,
	PRIMARY KEY (hall_id, day)
);
INSERT INTO hall_days (hall_id, day, issued, served, waiting)
SELECT hall_id, day, count(*), count(*) FILTER (WHERE status = 'done'), count(*) FILTER (WHERE status IN ('waiting', 'transferred'))
FROM tickets WHERE day IS NOT NULL GROUP BY hall_id, day;

-- One batch of a hall's log in one round trip (and one transaction): the key's hall, the order
-- check, the events, the projections the caller folded from them, the hall's figures and one
-- NOTIFY. A batch starting before what is stored answers 'overlap' and changes nothing: the
-- caller drops the stored events (and their part of the projections) and sends the rest.
CREATE FUNCTION district_ingest(
	p_hall TEXT, p_key_hash TEXT, p_after BIGINT, p_to BIGINT, p_head BIGINT, p_now BIGINT,
	p_events JSONB, p_last_at BIGINT, p_day TEXT, p_time_zone TEXT,
	p_tickets JSONB, p_prior TEXT[], p_windows JSONB, p_services JSONB, p_staff JSONB,
	p_counts JSONB, p_objections JSONB, p_channel TEXT,
	OUT outcome TEXT, OUT acked BIGINT, OUT notices_version TEXT
) LANGUAGE plpgsql AS $fn$
DECLARE
	v_hall TEXT;
	v_last BIGINT;
	v_count INT := jsonb_array_length(p_events);
BEGIN
	-- The row stays locked to the end: one writer per hall at a time, whichever node the batch reached.
	SELECT id, last_seq INTO v_hall, v_last FROM halls WHERE key_hash = p_key_hash FOR UPDATE;
	IF v_hall IS NULL THEN outcome := 'unauthorized'; RETURN; END IF;
	IF v_hall <> p_hall THEN outcome := 'forbidden'; RETURN; END IF;
	IF v_count > 0 AND p_after > v_last THEN
		UPDATE halls SET last_contact_at = p_now, head_seq = GREATEST(head_seq, p_head) WHERE id = p_hall;
		outcome := 'gap'; acked := v_last; RETURN;
	END IF;
	IF v_count > 0 AND p_after < v_last THEN outcome := 'overlap'; acked := v_last; RETURN; END IF;
	IF v_count > 0 THEN
		-- No ON CONFLICT (it cost a third of the insert): under the hall's lock, with the batch
		-- starting at last_seq, every event is new. Were that ever untrue, the primary key refuses
		-- the whole batch rather than storing an event twice.
		INSERT INTO events (hall_id, seq, version, type, at, data, received_at)
		SELECT p_hall, e.seq, e.version, e.type, e.at, e.data, p_now
		FROM jsonb_to_recordset(p_events) AS e(seq BIGINT, version BIGINT, type TEXT, at BIGINT, data JSONB);
		v_last := p_to;
		-- The tickets' rows, and the hall's day counters moved by the batch's net effect: each
		-- ticket's status before (the statement's snapshot) and after. The dashboard reads the
		-- counters instead of counting a busy day's tickets for every hall at every push.
		WITH b AS (
			SELECT * FROM jsonb_to_recordset(p_tickets) AS t(ticket_id TEXT, day TEXT, number TEXT, service_id TEXT, priority TEXT, status TEXT,
				issued_at BIGINT, called_at BIGINT, started_at BIGINT, ended_at BIGINT, window_id TEXT, staff_id TEXT)
		), old_rows AS (
			-- Only tickets taken before this batch can have a row already (p_prior: the caller
			-- knows which, from the batch's own ticket:issued events); each found by its key.
			SELECT t.ticket_id, t.status FROM tickets t WHERE t.hall_id = p_hall AND t.ticket_id = ANY(p_prior)
		), taken AS (
			-- Taken in this batch: new rows (were one not, the primary key refuses the batch).
			INSERT INTO tickets (hall_id, ticket_id, day, number, service_id, priority, status, issued_at, called_at, started_at, ended_at, window_id, staff_id)
			SELECT p_hall, b.ticket_id, b.day, b.number, b.service_id, b.priority, b.status, b.issued_at, b.called_at, b.started_at, b.ended_at, b.window_id, b.staff_id
			FROM b WHERE b.issued_at IS NOT NULL
			RETURNING ticket_id, day, status
		), moved AS (
			-- Taken before: the few a batch boundary split, merged into their rows.
			INSERT INTO tickets (hall_id, ticket_id, day, number, service_id, priority, status, issued_at, called_at, started_at, ended_at, window_id, staff_id)
			SELECT p_hall, b.ticket_id, b.day, b.number, b.service_id, b.priority, b.status, b.issued_at, b.called_at, b.started_at, b.ended_at, b.window_id, b.staff_id
			FROM b WHERE b.issued_at IS NULL
			ON CONFLICT (hall_id, ticket_id) DO UPDATE SET
				day = COALESCE(excluded.day, tickets.day),
				number = COALESCE(excluded.number, tickets.number),
				service_id = COALESCE(excluded.service_id, tickets.service_id),
				priority = COALESCE(excluded.priority, tickets.priority),
				status = excluded.status,
				issued_at = COALESCE(tickets.issued_at, excluded.issued_at),
				called_at = COALESCE(tickets.called_at, excluded.called_at),
				started_at = COALESCE(excluded.started_at, tickets.started_at),
				ended_at = COALESCE(excluded.ended_at, tickets.ended_at),
				window_id = COALESCE(excluded.window_id, tickets.window_id),
				staff_id = COALESCE(excluded.staff_id, tickets.staff_id)
			RETURNING ticket_id, day, status
		), new_rows AS (
			SELECT * FROM taken UNION ALL SELECT * FROM moved
		), delta AS (
			SELECT a.day,
				count(*) FILTER (WHERE o.ticket_id IS NULL) AS issued,
				sum((a.status = 'done')::int - COALESCE((o.status = 'done')::int, 0)) AS served,
				sum((a.status IN ('waiting', 'transferred'))::int - COALESCE((o.status IN ('waiting', 'transferred'))::int, 0)) AS waiting
			FROM new_rows a LEFT JOIN old_rows o ON o.ticket_id = a.ticket_id
			WHERE a.day IS NOT NULL GROUP BY a.day
		)
		INSERT INTO hall_days (hall_id, day, issued, served, waiting)
		SELECT p_hall, day, issued, served, waiting FROM delta
		ON CONFLICT (hall_id, day) DO UPDATE SET
			issued = hall_days.issued + excluded.issued,
			served = hall_days.served + excluded.served,
			waiting = hall_days.waiting + excluded.waiting;
	END IF;
	IF p_windows IS NOT NULL THEN
		INSERT INTO hall_windows (hall_id, window_id, name, status)
		SELECT p_hall, w.window_id, w.name, w.status FROM jsonb_to_recordset(p_windows) AS w(window_id TEXT, name TEXT, status TEXT)
		ON CONFLICT (hall_id, window_id) DO UPDATE SET
			name = COALESCE(excluded.name, hall_windows.name), status = COALESCE(excluded.status, hall_windows.status);
	END IF;
	IF p_services IS NOT NULL THEN
		DELETE FROM hall_services WHERE hall_id = p_hall;
		INSERT INTO hall_services (hall_id, service_id, prefix, name)
		SELECT p_hall, s.service_id, s.prefix, s.name FROM jsonb_to_recordset(p_services) AS s(service_id TEXT, prefix TEXT, name TEXT)
		ON CONFLICT DO NOTHING;
	END IF;
	IF p_staff IS NOT NULL THEN
		INSERT INTO hall_staff (hall_id, staff_id, staff_no, name)
		SELECT p_hall, s.id, s.number, s.name FROM jsonb_to_recordset(p_staff) AS s(id TEXT, number TEXT, name TEXT)
		ON CONFLICT (hall_id, staff_id) DO UPDATE SET staff_no = excluded.staff_no, name = excluded.name;
	END IF;
	UPDATE halls SET last_seq = v_last, head_seq = GREATEST(p_head, v_last), last_contact_at = p_now,
		last_event_at = COALESCE(p_last_at, last_event_at),
		day = GREATEST(day, p_day), time_zone = COALESCE(p_time_zone, time_zone),
		counts_day = COALESCE(p_counts->>'day', counts_day),
		ratings = COALESCE((p_counts->>'ratings')::int, ratings),
		satisfied = COALESCE((p_counts->>'satisfied')::int, satisfied),
		overdue_cases = COALESCE((p_counts->>'overdueCases')::int, overdue_cases),
		offline_stations = COALESCE((p_counts->>'offlineStations')::int, offline_stations)
	WHERE id = p_hall;
	IF p_objections IS NOT NULL THEN
		INSERT INTO notice_objections (notice_id, hall_id, objections, unanswered)
		SELECT o.id, p_hall, o.objections, o.unanswered FROM jsonb_to_recordset(p_objections) AS o(id TEXT, objections INT, unanswered INT)
		WHERE o.id IN (SELECT id FROM district_notices WHERE p_hall = ANY(hall_ids))
		ON CONFLICT (notice_id, hall_id) DO UPDATE SET objections = excluded.objections, unanswered = excluded.unanswered;
	END IF;
	-- Delivered to every node's listener when (and only if) the transaction commits.
	PERFORM pg_notify(p_channel, p_hall);
	SELECT count(*) || ':' || COALESCE(max(created_at), 0) INTO notices_version FROM district_notices WHERE p_hall = ANY(hall_ids);
	outcome := 'ok'; acked := v_last;
END
$fn$;
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
