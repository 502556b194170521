// Versioned schema. Append a migration; never edit one that has shipped.

export interface Migration {
	version: number;
	name: string;
	sql: string;
}

export const migrations: Migration[] = [
	{
		version: 1,
		name: 'tickets, event log, windows, staff, sessions',
		sql: `
CREATE TABLE tickets (
	id TEXT PRIMARY KEY,
	day TEXT NOT NULL,
	prefix TEXT NOT NULL,
	seq_no INTEGER NOT NULL,
	number TEXT NOT NULL,
	service_id TEXT NOT NULL,
	priority TEXT NOT NULL,
	status TEXT NOT NULL,
	station TEXT,
	issued_at INTEGER NOT NULL,
	called_at INTEGER,
	started_at INTEGER,
	ended_at INTEGER,
	window_id TEXT,
	staff_id TEXT,
	target_window_id TEXT,
	recall_count INTEGER NOT NULL,
	no_show_count INTEGER NOT NULL,
	outcome TEXT,
	reason TEXT,
	first_responder_staff_id TEXT,
	first_responder_window_id TEXT,
	transfers TEXT NOT NULL,
	queue_seq INTEGER NOT NULL,
	front INTEGER NOT NULL,
	UNIQUE (day, prefix, seq_no)
) WITHOUT ROWID;
-- Only tickets not yet ended: small, and what a restart reloads.
CREATE INDEX tickets_active ON tickets (queue_seq) WHERE ended_at IS NULL;

-- The registration trail (登记备案): every transition, append-only.
CREATE TABLE events (
	-- No AUTOINCREMENT: rows are never deleted, so rowids only grow, without the extra page per insert.
	seq INTEGER PRIMARY KEY,
	version INTEGER NOT NULL,
	type TEXT NOT NULL,
	at INTEGER NOT NULL,
	ticket_id TEXT,
	window_id TEXT,
	actor TEXT NOT NULL,
	data TEXT NOT NULL
);
CREATE INDEX events_by_ticket ON events (ticket_id);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

CREATE TABLE window_state (
	window_id TEXT PRIMARY KEY,
	status TEXT NOT NULL,
	staff_id TEXT,
	current_ticket_id TEXT,
	green_streak INTEGER NOT NULL
);

CREATE TABLE hall_meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE staff (
	id TEXT PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	staff_no TEXT NOT NULL,
	role TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0,
	failed_attempts INTEGER NOT NULL DEFAULT 0,
	locked_until INTEGER,
	created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	staff_id TEXT NOT NULL REFERENCES staff (id),
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);

CREATE TABLE idempotency_keys (
	key TEXT PRIMARY KEY,
	ticket_id TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
`
	},
	{
		version: 2,
		name: 'public notices, objections, complaints',
		sql: `
CREATE TABLE notices (
	id TEXT PRIMARY KEY,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	category TEXT NOT NULL,
	publish_from TEXT NOT NULL,
	publish_to TEXT NOT NULL,
	status TEXT NOT NULL,
	created_by TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE objections (
	id TEXT PRIMARY KEY,
	reference TEXT NOT NULL UNIQUE,
	notice_id TEXT NOT NULL REFERENCES notices (id),
	name TEXT NOT NULL,
	phone TEXT NOT NULL,
	content TEXT NOT NULL,
	station TEXT,
	created_at INTEGER NOT NULL,
	answer TEXT,
	answered_by TEXT,
	answered_at INTEGER
);
CREATE INDEX objections_by_notice ON objections (notice_id);

CREATE TABLE complaints (
	id TEXT PRIMARY KEY,
	reference TEXT NOT NULL UNIQUE,
	category TEXT NOT NULL,
	content TEXT NOT NULL,
	contact_name TEXT,
	contact_phone TEXT,
	source TEXT NOT NULL,
	station TEXT,
	logged_by TEXT,
	created_at INTEGER NOT NULL,
	due_date TEXT NOT NULL,
	status TEXT NOT NULL,
	assigned_to TEXT,
	answer TEXT,
	answered_by TEXT,
	answered_at INTEGER
);
`
	},
	{
		version: 3,
		name: 'case register (登记备案) and evaluations (好差评)',
		sql: `
CREATE TABLE cases (
	id TEXT PRIMARY KEY,
	reference TEXT NOT NULL UNIQUE,
	source TEXT NOT NULL,
	ticket_id TEXT,
	service_id TEXT,
	window_id TEXT,
	staff_id TEXT NOT NULL,
	person_name TEXT,
	person_phone TEXT,
	content TEXT NOT NULL,
	resolution TEXT NOT NULL,
	accepted_date TEXT NOT NULL,
	time_limit_days INTEGER NOT NULL,
	due_date TEXT NOT NULL,
	beyond_known_schedule INTEGER NOT NULL,
	status TEXT NOT NULL,
	result TEXT,
	result_at INTEGER,
	notified_via TEXT,
	notified_at INTEGER,
	notice_slip_printed_at INTEGER,
	missing_materials TEXT NOT NULL DEFAULT '[]',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX cases_by_status_due ON cases (status, due_date);
CREATE INDEX cases_by_ticket ON cases (ticket_id);

-- Who changed which case, how: append-only, like the ticket event log.
CREATE TABLE case_events (
	seq INTEGER PRIMARY KEY,
	case_id TEXT NOT NULL,
	type TEXT NOT NULL,
	at INTEGER NOT NULL,
	staff_id TEXT,
	data TEXT NOT NULL
);
CREATE INDEX case_events_by_case ON case_events (case_id);
CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events
BEGIN SELECT RAISE(ABORT, 'the case log is append-only'); END;
CREATE TRIGGER case_events_append_only_delete BEFORE DELETE ON case_events
BEGIN SELECT RAISE(ABORT, 'the case log is append-only'); END;

CREATE TABLE evaluations (
	id TEXT PRIMARY KEY,
	ticket_id TEXT NOT NULL UNIQUE,
	window_id TEXT NOT NULL,
	staff_id TEXT,
	service_id TEXT NOT NULL,
	grade INTEGER NOT NULL,
	source TEXT NOT NULL,
	follow_up_case_id TEXT,
	created_at INTEGER NOT NULL
);
`
	},
	{
		version: 4,
		name: 'print jobs and their trail',
		sql: `
-- One row per slip sent to a kiosk printer, with its latest state (queued, sent, printed, failed, dropped).
CREATE TABLE print_jobs (
	id TEXT PRIMARY KEY,
	station TEXT NOT NULL,
	kind TEXT NOT NULL,
	ticket_id TEXT,
	number TEXT,
	service_id TEXT,
	state TEXT NOT NULL,
	via TEXT NOT NULL,
	printer TEXT,
	attempts INTEGER NOT NULL,
	reason TEXT,
	message TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX print_jobs_by_station ON print_jobs (station, created_at);
CREATE INDEX print_jobs_by_ticket ON print_jobs (ticket_id);
CREATE INDEX print_jobs_unfinished ON print_jobs (state) WHERE state IN ('queued', 'sent');

-- What happened to each job, step by step: append-only.
CREATE TABLE print_job_events (
	seq INTEGER PRIMARY KEY,
	job_id TEXT NOT NULL,
	at INTEGER NOT NULL,
	type TEXT NOT NULL,
	detail TEXT NOT NULL
);
CREATE INDEX print_job_events_by_job ON print_job_events (job_id);
CREATE TRIGGER print_job_events_append_only_update BEFORE UPDATE ON print_job_events
BEGIN SELECT RAISE(ABORT, 'the print job trail is append-only'); END;
CREATE TRIGGER print_job_events_append_only_delete BEFORE DELETE ON print_job_events
BEGIN SELECT RAISE(ABORT, 'the print job trail is append-only'); END;
`
	},
	{
		version: 10,
		name: 'audit log, archive access requests and the personal-data access log',
		sql: `
-- Director and staff administration (staff accounts, notices, complaints, approvals): who, what, when.
CREATE TABLE audit_log (
	seq INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	staff_id TEXT NOT NULL,
	action TEXT NOT NULL,
	target TEXT,
	detail TEXT NOT NULL
);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- 档案查阅: reading personal data in a closed case needs the director's approval.
CREATE TABLE access_requests (
	id TEXT PRIMARY KEY,
	case_id TEXT NOT NULL,
	requested_by TEXT NOT NULL,
	reason TEXT NOT NULL,
	requested_at INTEGER NOT NULL,
	status TEXT NOT NULL,
	decided_by TEXT,
	decided_at INTEGER,
	expires_at INTEGER
);
CREATE INDEX access_requests_by_case ON access_requests (case_id, requested_by);

-- Every read of personal data: nobody can edit or delete it through the product.
CREATE TABLE access_log (
	seq INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	staff_id TEXT NOT NULL,
	record_type TEXT NOT NULL,
	record_id TEXT NOT NULL,
	fields TEXT NOT NULL,
	request_id TEXT
);
CREATE TRIGGER access_log_append_only_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_append_only_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
`
	},
	{
		version: 11,
		name: 'media: uploaded images in the database, so backups carry them',
		sql: `
-- Guide flow charts, notice pictures, the hall logo. id = sha256 of the bytes (hex).
CREATE TABLE media (
	id TEXT PRIMARY KEY,
	content_type TEXT NOT NULL,
	bytes BLOB NOT NULL,
	size INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
`
	},
	{
		version: 12,
		name: 'duty roster and duty log (值班)',
		sql: `
-- Who is on duty on which day: 带班领导 (leader) and 值班人员 (member), in the director's order.
CREATE TABLE duty_roster (
	day TEXT NOT NULL,
	staff_id TEXT NOT NULL,
	role TEXT NOT NULL,
	position INTEGER NOT NULL,
	set_by TEXT NOT NULL,
	set_at INTEGER NOT NULL,
	PRIMARY KEY (day, staff_id)
);

-- 值班日志: written as things happen, never edited (a correction is a new entry).
CREATE TABLE duty_log (
	seq INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	day TEXT NOT NULL,
	at INTEGER NOT NULL,
	staff_id TEXT NOT NULL,
	kind TEXT NOT NULL,
	content TEXT NOT NULL
);
CREATE INDEX duty_log_by_day ON duty_log (day, seq);
CREATE TRIGGER duty_log_append_only_update BEFORE UPDATE ON duty_log
BEGIN SELECT RAISE(ABORT, 'the duty log is append-only'); END;
CREATE TRIGGER duty_log_append_only_delete BEFORE DELETE ON duty_log
BEGIN SELECT RAISE(ABORT, 'the duty log is append-only'); END;
`
	},
	{
		version: 13,
		name: 'complaint deadlines that follow the calendar (start, working days, beyond-schedule flag) and their log',
		sql: `
-- A complaint's answer is due a number of working days after the day it came in; keeping both lets
-- the due date be counted again when the holiday calendar changes. Older rows came in at +08:00.
ALTER TABLE complaints ADD COLUMN accepted_date TEXT;
ALTER TABLE complaints ADD COLUMN time_limit_days INTEGER NOT NULL DEFAULT 15;
ALTER TABLE complaints ADD COLUMN beyond_known_schedule INTEGER NOT NULL DEFAULT 0;
-- A due date the director set by hand is his decision: a calendar change does not move it.
ALTER TABLE complaints ADD COLUMN due_set_by_hand INTEGER NOT NULL DEFAULT 0;
UPDATE complaints SET accepted_date = date(created_at / 1000, 'unixepoch', '+8 hours') WHERE accepted_date IS NULL;

-- What happened to a complaint's deadline: old date, new date, why. Written once, never edited.
CREATE TABLE complaint_events (
	seq INTEGER PRIMARY KEY,
	complaint_id TEXT NOT NULL,
	type TEXT NOT NULL,
	at INTEGER NOT NULL,
	staff_id TEXT,
	data TEXT NOT NULL
);
CREATE INDEX complaint_events_by_complaint ON complaint_events (complaint_id);
CREATE TRIGGER complaint_events_append_only_update BEFORE UPDATE ON complaint_events
BEGIN SELECT RAISE(ABORT, 'the complaint log is append-only'); END;
CREATE TRIGGER complaint_events_append_only_delete BEFORE DELETE ON complaint_events
BEGIN SELECT RAISE(ABORT, 'the complaint log is append-only'); END;
`
	},
	{
		version: 17,
		name: 'one-time passwords and case assignment (ready for a real hall)',
		sql: `
-- Set by an administrator (add-user, reset): the first login must choose a new password.
ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
-- A case handed on to another staff member (转交): they see its personal data, as its owner does.
ALTER TABLE cases ADD COLUMN assigned_to TEXT;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
`
	},
	{
		version: 14,
		name: 'years of history: daily rollups, yearly archives, indexes for every report and search',
		sql: `
-- A closed day's figures per service, window, staff member and hour (and its refusals and
-- attendance), computed once when the day closes: a period report sums days, not tickets.
CREATE TABLE rollups (
	day TEXT NOT NULL,
	dim TEXT NOT NULL,
	key TEXT NOT NULL,
	figures TEXT NOT NULL,
	PRIMARY KEY (day, dim, key)
) WITHOUT ROWID;
-- A month's figures: the sum of its days, kept as they close, so a year report sums 12 months.
CREATE TABLE rollup_months (
	month TEXT NOT NULL,
	dim TEXT NOT NULL,
	key TEXT NOT NULL,
	figures TEXT NOT NULL,
	PRIMARY KEY (month, dim, key)
) WITHOUT ROWID;
CREATE TABLE rollup_days (
	day TEXT PRIMARY KEY,
	formula INTEGER NOT NULL,
	tickets INTEGER NOT NULL,
	computed_at INTEGER NOT NULL
) WITHOUT ROWID;
-- The last event folded into stored rollups: the days after it are counted live.
CREATE TABLE rollup_cursor (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	seq INTEGER NOT NULL,
	day TEXT NOT NULL
);

-- A closed year moved to its own file: what moved, and the hash chain of the moved events.
CREATE TABLE archives (
	year INTEGER PRIMARY KEY,
	file TEXT NOT NULL,
	first_seq INTEGER NOT NULL,
	last_seq INTEGER NOT NULL,
	until_at INTEGER NOT NULL,
	events INTEGER NOT NULL,
	tickets INTEGER NOT NULL,
	print_jobs INTEGER NOT NULL,
	events_hash TEXT NOT NULL,
	moved_at INTEGER NOT NULL
);
CREATE TRIGGER archives_append_only_update BEFORE UPDATE ON archives
BEGIN SELECT RAISE(ABORT, 'the archive register is append-only'); END;
CREATE TRIGGER archives_append_only_delete BEFORE DELETE ON archives
BEGIN SELECT RAISE(ABORT, 'the archive register is append-only'); END;

-- The event log stays append-only: a row may leave the live file only when a verified
-- archive (registered above, after its copy was checked) holds it. The hall's configuration
-- history never leaves: the hall starts from its last saved configuration.
DROP TRIGGER events_append_only_delete;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
WHEN OLD.type = 'config:changed' OR NOT EXISTS (SELECT 1 FROM archives WHERE OLD.seq BETWEEN archives.first_seq AND archives.last_seq)
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
DROP TRIGGER print_job_events_append_only_delete;
CREATE TRIGGER print_job_events_append_only_delete BEFORE DELETE ON print_job_events
WHEN NOT EXISTS (SELECT 1 FROM archives WHERE OLD.at < archives.until_at)
BEGIN SELECT RAISE(ABORT, 'the print job trail is append-only'); END;

-- Indexes for the reads that used to scan the whole log (partial: a few bytes per ticket).
CREATE INDEX events_config ON events (seq) WHERE type = 'config:changed';
CREATE INDEX events_calls ON events (seq) WHERE type IN ('ticket:called', 'ticket:recalled');
CREATE INDEX events_attendance ON events (at) WHERE type IN ('window:signed-in', 'window:signed-out');
CREATE INDEX events_finished_by_window ON events (window_id, seq) WHERE type = 'ticket:finished';
CREATE INDEX evaluations_by_time ON evaluations (created_at);
CREATE INDEX complaints_by_time ON complaints (created_at);
CREATE INDEX cases_by_accepted ON cases (accepted_date);
CREATE INDEX access_log_by_record ON access_log (record_type, record_id);
CREATE INDEX access_log_by_staff ON access_log (staff_id, at);
CREATE INDEX idempotency_by_time ON idempotency_keys (created_at);
CREATE INDEX print_jobs_by_time ON print_jobs (created_at);
`
	},
	{
		version: 16,
		name: 'appointments (预约), remote tickets (线上取号), booking bans, notification outbox',
		sql: `
-- 预约 tickets carry their slot; tickets of a booking or remote take point at it; held_until keeps a passed-over remote ticket's place.
ALTER TABLE tickets ADD COLUMN slot_start INTEGER;
ALTER TABLE tickets ADD COLUMN booking_id TEXT;
ALTER TABLE tickets ADD COLUMN held_until INTEGER;

-- Bookings: personal data (name, phone) lives here only, never in the ticket or the event log.
CREATE TABLE appointments (
	id TEXT PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	service_id TEXT NOT NULL,
	day TEXT NOT NULL,
	start TEXT NOT NULL,
	end TEXT NOT NULL,
	slot_start INTEGER NOT NULL,
	name TEXT NOT NULL,
	phone TEXT NOT NULL,
	-- booked | cancelled | checked_in | no_show
	status TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	cancelled_by TEXT,
	cancel_reason TEXT,
	ticket_id TEXT
);
CREATE INDEX appointments_by_slot ON appointments (service_id, day, start) WHERE status != 'cancelled';
-- One booking per phone per service per day, enforced by the database too.
CREATE UNIQUE INDEX appointments_one_per_phone ON appointments (phone, service_id, day) WHERE status != 'cancelled';
CREATE INDEX appointments_by_phone ON appointments (phone, slot_start);
CREATE INDEX appointments_by_day ON appointments (day, slot_start);

CREATE TABLE remote_takes (
	id TEXT PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	ticket_id TEXT NOT NULL UNIQUE,
	service_id TEXT NOT NULL,
	day TEXT NOT NULL,
	phone TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX remote_takes_by_phone ON remote_takes (phone, day);

-- The director's lifting of a 爽约 ban: no-shows before it no longer count.
CREATE TABLE booking_ban_lifts (
	id TEXT PRIMARY KEY,
	phone TEXT NOT NULL,
	at INTEGER NOT NULL,
	staff_id TEXT NOT NULL,
	reason TEXT NOT NULL
);
CREATE INDEX booking_ban_lifts_by_phone ON booking_ban_lifts (phone, at);

-- Outbound messages (booking made, reminder, 快到您了): written with the fact that causes them, sent after.
CREATE TABLE notifications (
	id TEXT PRIMARY KEY,
	kind TEXT NOT NULL,
	recipient TEXT NOT NULL,
	body TEXT NOT NULL,
	-- pending | sent | failed
	status TEXT NOT NULL,
	attempts INTEGER NOT NULL,
	due_at INTEGER NOT NULL,
	last_error TEXT,
	dedupe_key TEXT UNIQUE,
	created_at INTEGER NOT NULL,
	sent_at INTEGER
);
CREATE INDEX notifications_pending ON notifications (due_at) WHERE status = 'pending';
`
	},
	{
		version: 19,
		name: 'pause reasons in the attendance, the reason of a bad rating',
		sql: `
-- 暂停 (with its reason) and 恢复 of a day, listed beside the sign-ins of the attendance (考勤).
CREATE INDEX events_pauses ON events (at) WHERE type IN ('window:paused', 'window:resumed');
-- 差评: why the resident was not satisfied, chosen or typed on the rating tablet. Their phone, if
-- given for the 回访, goes only into the follow-up case, whose reads are access-logged.
ALTER TABLE evaluations ADD COLUMN reason TEXT;
-- A paused window keeps its reason across a restart (the boards show it).
ALTER TABLE window_state ADD COLUMN pause_reason TEXT;
`
	},
	{
		version: 20,
		name: 'access log: one line per read, with the records it covered',
		sql: `
-- A read of a list (a window's cases, a notice's objections) is one line of access_log; the records
-- it showed are listed here, so "who read this record" still finds it by index.
CREATE TABLE access_log_records (
	seq INTEGER NOT NULL,
	record_id TEXT NOT NULL,
	PRIMARY KEY (record_id, seq)
) WITHOUT ROWID;
CREATE TRIGGER access_log_records_append_only_update BEFORE UPDATE ON access_log_records
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_records_append_only_delete BEFORE DELETE ON access_log_records
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
`
	}
];
