// SQLite through better-sqlite3: synchronous transactions mean a command's facts
// are on disk before the call returns, so the server can acknowledge only what is durable.

import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Actor, CallRecord, DomainEvent, Ticket, WindowRuntime } from '../core/types.ts';
import type { Outcome, Priority, StaffRole, TicketStatus, WindowStatus } from '../../src/lib/protocol.ts';
import { migrations } from './migrations.ts';
import { decodeEvent, encodeEvent, eventTicketId, eventWindowId, type EventRow } from './event-codec.ts';

export type SyncLevel = 'FULL' | 'NORMAL';

export interface StoreOptions {
	/**
	 * NORMAL (the default, with WAL): a commit is in the WAL before the call returns, so a
	 * crashed or killed server loses nothing it acknowledged; a power cut may roll back the
	 * last moments but never corrupts. FULL also fsyncs every commit: power-cut proof, at
	 * the price of one disk flush per command (3–4 ms on a VM disk, far less on an SSD).
	 */
	synchronous?: SyncLevel;
}

interface TicketRow {
	id: string;
	day: string;
	prefix: string;
	seq_no: number;
	number: string;
	service_id: string;
	priority: string;
	status: string;
	station: string | null;
	issued_at: number;
	called_at: number | null;
	started_at: number | null;
	ended_at: number | null;
	window_id: string | null;
	staff_id: string | null;
	target_window_id: string | null;
	recall_count: number;
	no_show_count: number;
	outcome: string | null;
	reason: string | null;
	first_responder_staff_id: string | null;
	first_responder_window_id: string | null;
	transfers: string;
	queue_seq: number;
	front: number;
	slot_start: number | null;
	booking_id: string | null;
	held_until: number | null;
}

export interface StaffRecord {
	id: string;
	username: string;
	name: string;
	staffNo: string;
	role: StaffRole;
	passwordHash: string;
	disabled: boolean;
	failedAttempts: number;
	lockedUntil: number | null;
	/** A one-time password (set by an administrator): the next login must choose a new one. */
	mustChangePassword: boolean;
}

export interface StoredEvent {
	seq: number;
	version: number;
	type: DomainEvent['type'];
	at: number;
	ticketId: string | null;
	windowId: string | null;
	actor: string;
	data: DomainEvent;
}

/** One command's facts: the durable record, written before the command is acknowledged. */
export interface EventBatch {
	version: number;
	actor: Actor;
	events: DomainEvent[];
	idempotencyKey?: { key: string; ticketId: string; at: number };
}

/** The tables derived from the event log, as of `version`: written in batches, off the command path. */
export interface Projection {
	version: number;
	day: string;
	tickets: Iterable<Ticket>;
	windows: Iterable<[string, WindowRuntime]>;
}

function rowToTicket(row: TicketRow): Ticket {
	return {
		id: row.id,
		day: row.day,
		prefix: row.prefix,
		seqNo: row.seq_no,
		number: row.number,
		serviceId: row.service_id,
		priority: row.priority as Priority,
		status: row.status as TicketStatus,
		station: row.station,
		issuedAt: row.issued_at,
		calledAt: row.called_at,
		startedAt: row.started_at,
		endedAt: row.ended_at,
		windowId: row.window_id,
		staffId: row.staff_id,
		targetWindowId: row.target_window_id,
		recallCount: row.recall_count,
		noShowCount: row.no_show_count,
		outcome: row.outcome as Outcome | 'no_show' | 'expired' | null,
		reason: row.reason,
		firstResponderStaffId: row.first_responder_staff_id,
		firstResponderWindowId: row.first_responder_window_id,
		transfers: JSON.parse(row.transfers),
		queueSeq: row.queue_seq,
		front: row.front === 1,
		slotStart: row.slot_start ?? null,
		bookingId: row.booking_id ?? null,
		heldUntil: row.held_until ?? null
	};
}

function actorLabel(actor: Actor): string {
	if (actor.kind === 'staff') return `staff:${actor.staffId}`;
	if (actor.kind === 'station') return `station:${actor.station ?? '-'}`;
	return 'system';
}

export class Store {
	readonly db: Db;
	readonly #upsertTicket: Statement;
	readonly #insertEvent: Statement;
	readonly #upsertWindow: Statement;
	readonly #upsertMeta: Statement;
	readonly #insertIdempotency: Statement;
	readonly #ticketById: Statement;
	readonly #ticketByIdempotency: Statement;
	readonly #appendTx: (batch: EventBatch) => void;
	readonly #projectTx: (projection: Projection) => void;

	constructor(path: string, options: StoreOptions = {}) {
		if (path !== ':memory:') createPrivateFile(path);
		this.db = new Database(path);
		this.db.pragma('journal_mode = WAL');
		if (path !== ':memory:') restrictToOwner([path, `${path}-wal`, `${path}-shm`]);
		this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
		this.db.pragma('foreign_keys = ON');
		this.db.pragma('busy_timeout = 5000');
		// Checkpoints flush the disk; make them rare on the command path (the WAL may grow to ~40 MB).
		this.db.pragma('wal_autocheckpoint = 10000');
		this.#migrate();

		this.#upsertTicket = this.db.prepare(`
			INSERT INTO tickets (id, day, prefix, seq_no, number, service_id, priority, status, station, issued_at,
				called_at, started_at, ended_at, window_id, staff_id, target_window_id, recall_count, no_show_count,
				outcome, reason, first_responder_staff_id, first_responder_window_id, transfers, queue_seq, front,
				slot_start, booking_id, held_until)
			VALUES (@id, @day, @prefix, @seqNo, @number, @serviceId, @priority, @status, @station, @issuedAt,
				@calledAt, @startedAt, @endedAt, @windowId, @staffId, @targetWindowId, @recallCount, @noShowCount,
				@outcome, @reason, @firstResponderStaffId, @firstResponderWindowId, @transfersJson, @queueSeq, @frontInt,
				@slotStart, @bookingId, @heldUntil)
			ON CONFLICT (id) DO UPDATE SET service_id = excluded.service_id, status = excluded.status,
				called_at = excluded.called_at, started_at = excluded.started_at, ended_at = excluded.ended_at,
				window_id = excluded.window_id, staff_id = excluded.staff_id, target_window_id = excluded.target_window_id,
				recall_count = excluded.recall_count, no_show_count = excluded.no_show_count, outcome = excluded.outcome,
				reason = excluded.reason, first_responder_staff_id = excluded.first_responder_staff_id,
				first_responder_window_id = excluded.first_responder_window_id, transfers = excluded.transfers,
				queue_seq = excluded.queue_seq, front = excluded.front, held_until = excluded.held_until`);
		this.#insertEvent = this.db.prepare(
			`INSERT INTO events (version, type, at, ticket_id, window_id, actor, data) VALUES (?, ?, ?, ?, ?, ?, ?)`
		);
		this.#upsertWindow = this.db.prepare(`
			INSERT INTO window_state (window_id, status, staff_id, current_ticket_id, green_streak, pause_reason) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (window_id) DO UPDATE SET status = excluded.status, staff_id = excluded.staff_id,
				current_ticket_id = excluded.current_ticket_id, green_streak = excluded.green_streak, pause_reason = excluded.pause_reason`);
		this.#upsertMeta = this.db.prepare(
			`INSERT INTO hall_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`
		);
		this.#insertIdempotency = this.db.prepare(
			`INSERT INTO idempotency_keys (key, ticket_id, created_at) VALUES (?, ?, ?)`
		);
		this.#ticketById = this.db.prepare(`SELECT * FROM tickets WHERE id = ?`);
		this.#ticketByIdempotency = this.db.prepare(`SELECT ticket_id FROM idempotency_keys WHERE key = ?`);
		this.#appendTx = this.db.transaction((batch: EventBatch) => this.#append(batch));
		this.#projectTx = this.db.transaction((projection: Projection) => this.#project(projection));
	}

	#migrate(): void {
		this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
		const applied = new Set(
			(this.db.prepare(`SELECT version FROM schema_migrations`).all() as { version: number }[]).map((r) => r.version)
		);
		for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
			if (applied.has(migration.version)) continue;
			this.db.transaction(() => {
				this.db.exec(migration.sql);
				this.db
					.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`)
					.run(migration.version, migration.name, Date.now());
			})();
		}
	}

	get schemaVersion(): number {
		return (this.db.prepare(`SELECT MAX(version) AS v FROM schema_migrations`).get() as { v: number }).v;
	}

	/** Appends one command's facts (and its idempotency key) in a single transaction. */
	append(batch: EventBatch): void {
		this.#appendTx(batch);
	}

	#append(batch: EventBatch): void {
		const actor = actorLabel(batch.actor);
		for (const event of batch.events) {
			this.#insertEvent.run(batch.version, event.type, event.at, eventTicketId(event), eventWindowId(event), actor, encodeEvent(event));
		}
		if (batch.idempotencyKey) {
			const { key, ticketId, at } = batch.idempotencyKey;
			this.#insertIdempotency.run(key, ticketId, at);
		}
	}

	/** Brings the ticket and window tables up to `version` in one transaction. */
	saveProjection(projection: Projection): void {
		this.#projectTx(projection);
	}

	#project(projection: Projection): void {
		for (const ticket of projection.tickets) {
			this.#upsertTicket.run({
				...ticket,
				transfersJson: JSON.stringify(ticket.transfers),
				frontInt: ticket.front ? 1 : 0,
				slotStart: ticket.slotStart ?? null,
				bookingId: ticket.bookingId ?? null,
				heldUntil: ticket.heldUntil ?? null
			});
		}
		for (const [windowId, runtime] of projection.windows) {
			this.#upsertWindow.run(windowId, runtime.status, runtime.staffId, runtime.currentTicketId, runtime.greenStreak, runtime.pauseReason ?? null);
		}
		this.#upsertMeta.run('day', projection.day);
		this.#upsertMeta.run('projected_version', String(projection.version));
	}

	projectedVersion(): number {
		return Number(this.meta('projected_version') ?? 0);
	}

	/** Facts committed after `version`, in order, to bring a lagging projection up to date. */
	eventsAfter(version: number): { version: number; event: DomainEvent }[] {
		const rows = this.db
			// Versions grow with seq: find the last fact already projected from the end of the log
			// (a few rows back), not by reading every version ever committed.
			.prepare(
				`SELECT version, type, at, ticket_id, window_id, data FROM events
				 WHERE seq > COALESCE((SELECT seq FROM events WHERE version <= ? ORDER BY seq DESC LIMIT 1), 0) AND version > ? ORDER BY seq`
			)
			.all(version, version) as (EventRow & { version: number })[];
		return rows.map((r) => ({ version: r.version, event: decodeEvent(r) }));
	}

	meta(key: string): string | null {
		const row = this.db.prepare(`SELECT value FROM hall_meta WHERE key = ?`).get(key) as { value: string } | undefined;
		return row?.value ?? null;
	}

	ticket(id: string): Ticket | null {
		const row = this.#ticketById.get(id) as TicketRow | undefined;
		return row ? rowToTicket(row) : null;
	}

	ticketIdByIdempotencyKey(key: string): string | null {
		const row = this.#ticketByIdempotency.get(key) as { ticket_id: string } | undefined;
		return row?.ticket_id ?? null;
	}

	activeTickets(): Ticket[] {
		const rows = this.db.prepare(`SELECT * FROM tickets WHERE ended_at IS NULL ORDER BY queue_seq`).all() as TicketRow[];
		return rows.map(rowToTicket);
	}

	ticketsOfDay(day: string): Ticket[] {
		return (this.db.prepare(`SELECT * FROM tickets WHERE day = ? ORDER BY issued_at, id`).all(day) as TicketRow[]).map(
			rowToTicket
		);
	}

	/** Total and count of service durations per service on a day, for wait estimates. */
	serviceTimesOfDay(day: string): Map<string, { count: number; totalMs: number }> {
		const rows = this.db
			.prepare(
				`SELECT service_id, COUNT(*) AS n, SUM(ended_at - COALESCE(started_at, called_at)) AS total FROM tickets
				 WHERE day = ? AND status IN ('done', 'refused') AND called_at IS NOT NULL GROUP BY service_id`
			)
			.all(day) as { service_id: string; n: number; total: number }[];
		return new Map(rows.map((r) => [r.service_id, { count: r.n, totalMs: r.total }]));
	}

	/** Highest number issued per prefix on a day: numbering resumes from here after a restart. */
	countersOfDay(day: string): Map<string, number> {
		const rows = this.db
			.prepare(`SELECT prefix, MAX(seq_no) AS n FROM tickets WHERE day = ? GROUP BY prefix`)
			.all(day) as { prefix: string; n: number }[];
		return new Map(rows.map((r) => [r.prefix, r.n]));
	}

	/** The hall file saved by the last configuration change, or null before any. */
	latestConfigFile(): unknown {
		const row = this.db
			.prepare(`SELECT type, at, ticket_id, window_id, data FROM events WHERE type = 'config:changed' ORDER BY seq DESC LIMIT 1`)
			.get() as EventRow | undefined;
		return row ? (decodeEvent(row) as Extract<DomainEvent, { type: 'config:changed' }>).file : null;
	}

	/** The hall's version is the last committed command's: it lives in the event log. */
	lastVersion(): number {
		// The newest row holds the highest version: read it from the end instead of scanning the log.
		return (this.db.prepare(`SELECT COALESCE((SELECT version FROM events ORDER BY seq DESC LIMIT 1), 0) AS v`).get() as { v: number }).v;
	}

	maxQueueSeq(): number {
		// Arrival order only ranks tickets still in the hall: the highest of those (one step down
		// the small partial index), not of every ticket ever issued, which grew with the years.
		return (this.db.prepare(`SELECT COALESCE(MAX(queue_seq), 0) AS n FROM tickets WHERE ended_at IS NULL`).get() as { n: number }).n;
	}

	windowStates(): Map<string, WindowRuntime> {
		const rows = this.db.prepare(`SELECT * FROM window_state`).all() as {
			window_id: string;
			status: string;
			staff_id: string | null;
			current_ticket_id: string | null;
			green_streak: number;
			pause_reason: string | null;
		}[];
		return new Map(
			rows.map((r) => [
				r.window_id,
				{
					status: r.status as WindowStatus,
					staffId: r.staff_id,
					currentTicketId: r.current_ticket_id,
					greenStreak: r.green_streak,
					pauseReason: r.pause_reason
				}
			])
		);
	}

	/** The board's recent calls, rebuilt from the event log after a restart. */
	recentCalls(since: number, limit: number): CallRecord[] {
		const rows = this.db
			.prepare(
				`SELECT type, at, ticket_id, window_id, data FROM events WHERE type IN ('ticket:called', 'ticket:recalled') AND at >= ? ORDER BY seq DESC LIMIT ?`
			)
			.all(since, limit) as EventRow[];
		return rows.reverse().map((r) => {
			const e = decodeEvent(r) as Extract<DomainEvent, { type: 'ticket:called' | 'ticket:recalled' }>;
			return { ticketId: e.ticketId, windowId: e.windowId, staffId: e.staffId, at: e.at, recall: e.type === 'ticket:recalled' };
		});
	}

	eventsOfTicket(ticketId: string): StoredEvent[] {
		const rows = this.db.prepare(`SELECT * FROM events WHERE ticket_id = ? ORDER BY seq`).all(ticketId) as {
			seq: number;
			version: number;
			type: DomainEvent['type'];
			at: number;
			ticket_id: string | null;
			window_id: string | null;
			actor: string;
			data: string;
		}[];
		return rows.map((r) => ({
			seq: r.seq,
			version: r.version,
			type: r.type,
			at: r.at,
			ticketId: r.ticket_id,
			windowId: r.window_id,
			actor: r.actor,
			data: decodeEvent(r)
		}));
	}

	// Staff and sessions -------------------------------------------------------

	staffByUsername(username: string): StaffRecord | null {
		return this.#staffRow(this.db.prepare(`SELECT * FROM staff WHERE username = ?`).get(username));
	}

	staffById(id: string): StaffRecord | null {
		return this.#staffRow(this.db.prepare(`SELECT * FROM staff WHERE id = ?`).get(id));
	}

	allStaff(): StaffRecord[] {
		return (this.db.prepare(`SELECT * FROM staff ORDER BY username`).all() as unknown[]).map((r) => this.#staffRow(r)!);
	}

	#staffRow(row: unknown): StaffRecord | null {
		if (!row) return null;
		const r = row as {
			id: string;
			username: string;
			name: string;
			staff_no: string;
			role: string;
			password_hash: string;
			disabled: number;
			failed_attempts: number;
			locked_until: number | null;
			must_change_password: number;
		};
		return {
			id: r.id,
			username: r.username,
			name: r.name,
			staffNo: r.staff_no,
			role: r.role as StaffRole,
			passwordHash: r.password_hash,
			disabled: r.disabled === 1,
			failedAttempts: r.failed_attempts,
			lockedUntil: r.locked_until,
			mustChangePassword: r.must_change_password === 1
		};
	}

	insertStaff(
		staff: Omit<StaffRecord, 'failedAttempts' | 'lockedUntil' | 'disabled' | 'mustChangePassword'> & { mustChangePassword?: boolean },
		at: number
	): void {
		this.db
			.prepare(
				`INSERT INTO staff (id, username, name, staff_no, role, password_hash, must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
			)
			.run(staff.id, staff.username, staff.name, staff.staffNo, staff.role, staff.passwordHash, staff.mustChangePassword ? 1 : 0, at);
	}

	updateStaff(staffId: string, patch: { name?: string; staffNo?: string; role?: StaffRole; disabled?: boolean }): void {
		this.db.transaction(() => {
			this.db
				.prepare(
					`UPDATE staff SET name = COALESCE(?, name), staff_no = COALESCE(?, staff_no), role = COALESCE(?, role), disabled = COALESCE(?, disabled) WHERE id = ?`
				)
				.run(patch.name ?? null, patch.staffNo ?? null, patch.role ?? null, patch.disabled === undefined ? null : patch.disabled ? 1 : 0, staffId);
			// A disabled account's sessions end now, not when they expire.
			if (patch.disabled) this.db.prepare(`DELETE FROM sessions WHERE staff_id = ?`).run(staffId);
		})();
	}

	/**
	 * A new password: also lifts a lockout and ends the staff member's sessions, all but
	 * `keepSession` (the one that changed its own password). `mustChange`: a one-time password
	 * set by an administrator, to be replaced at the next login.
	 */
	setPassword(staffId: string, passwordHash: string, options: { mustChange?: boolean; keepSession?: string } = {}): void {
		this.db.transaction(() => {
			this.db
				.prepare(`UPDATE staff SET password_hash = ?, failed_attempts = 0, locked_until = NULL, must_change_password = ? WHERE id = ?`)
				.run(passwordHash, options.mustChange ? 1 : 0, staffId);
			this.db.prepare(`DELETE FROM sessions WHERE staff_id = ? AND token_hash IS NOT ?`).run(staffId, options.keepSession ?? null);
		})();
	}

	/** Sessions past their end, removed; answers whose they were (to tell their sockets). */
	deleteExpiredSessions(now: number): { tokenHash: string; staffId: string }[] {
		return this.db.transaction(() => {
			const rows = this.db.prepare(`SELECT token_hash, staff_id FROM sessions WHERE expires_at <= ?`).all(now) as {
				token_hash: string;
				staff_id: string;
			}[];
			if (rows.length > 0) this.db.prepare(`DELETE FROM sessions WHERE expires_at <= ?`).run(now);
			return rows.map((r) => ({ tokenHash: r.token_hash, staffId: r.staff_id }));
		})();
	}

	/** 考勤: every sign-in and sign-out at a window on a local day, from the event log. */
	attendance(fromMs: number, toMs: number): { type: string; at: number; windowId: string; staffId: string }[] {
		const rows = this.db
			.prepare(
				`SELECT type, at, window_id, data FROM events WHERE type IN ('window:signed-in', 'window:signed-out') AND at >= ? AND at < ? ORDER BY seq`
			)
			.all(fromMs, toMs) as { type: string; at: number; window_id: string; data: string }[];
		return rows.map((r) => ({ type: r.type, at: r.at, windowId: r.window_id, staffId: (JSON.parse(r.data) as { staffId: string }).staffId }));
	}

	/** Each 暂停 (with its reason) and 恢复 of a period, in order: listed with the day's attendance. */
	pauses(fromMs: number, toMs: number): { type: string; at: number; windowId: string; staffId: string; reason?: string }[] {
		const rows = this.db
			.prepare(`SELECT type, at, window_id, data FROM events WHERE type IN ('window:paused', 'window:resumed') AND at >= ? AND at < ? ORDER BY seq`)
			.all(fromMs, toMs) as { type: string; at: number; window_id: string; data: string }[];
		return rows.map((r) => {
			const data = JSON.parse(r.data) as { staffId: string; reason?: string };
			// A pause recorded before pauses took a reason has none: '' rather than a made-up one.
			return { type: r.type, at: r.at, windowId: r.window_id, staffId: data.staffId, ...(r.type === 'window:paused' ? { reason: data.reason ?? '' } : {}) };
		});
	}

	recordLoginFailure(staffId: string, failedAttempts: number, lockedUntil: number | null): void {
		this.db
			.prepare(`UPDATE staff SET failed_attempts = ?, locked_until = ? WHERE id = ?`)
			.run(failedAttempts, lockedUntil, staffId);
	}

	createSession(tokenHash: string, staffId: string, at: number, expiresAt: number): void {
		this.db.transaction(() => {
			this.db.prepare(`UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?`).run(staffId);
			this.db
				.prepare(`INSERT INTO sessions (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)`)
				.run(tokenHash, staffId, at, expiresAt);
		})();
	}

	session(tokenHash: string): { staffId: string; expiresAt: number } | null {
		const row = this.db.prepare(`SELECT staff_id, expires_at FROM sessions WHERE token_hash = ?`).get(tokenHash) as
			| { staff_id: string; expires_at: number }
			| undefined;
		return row ? { staffId: row.staff_id, expiresAt: row.expires_at } : null;
	}

	deleteSession(tokenHash: string): void {
		this.db.prepare(`DELETE FROM sessions WHERE token_hash = ?`).run(tokenHash);
	}

	close(): void {
		if (this.db.open) this.db.close();
	}
}

/**
 * hall.db holds residents' names and phone numbers: it is created readable by its owner
 * only, whatever the umask, and SQLite gives its WAL and shared-memory files the same mode.
 */
export function createPrivateFile(path: string): void {
	mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
	if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
	restrictToOwner([path]);
}

/** chmod 0600 on those of `paths` that exist (databases made by older versions included). */
export function restrictToOwner(paths: string[]): void {
	for (const file of paths) if (existsSync(file)) chmodSync(file, 0o600);
}
