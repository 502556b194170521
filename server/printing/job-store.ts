// The durable record of every print job: one row per job with its latest state, and an
// append-only trail of what happened to it (queued, sent to the agent, fell back, printed,
// failed, dropped as stale), so "where is my slip" always has an answer.

import type { Database, Statement } from 'better-sqlite3';
import type { PrintJobInfo, PrintJobKind, PrintJobState } from '../../src/lib/protocol.ts';
import type { Store } from '../store/store.ts';

interface JobRow {
	id: string;
	station: string;
	kind: string;
	ticket_id: string | null;
	number: string | null;
	service_id: string | null;
	state: string;
	via: string;
	printer: string | null;
	attempts: number;
	reason: string | null;
	message: string | null;
	created_at: number;
	updated_at: number;
}

export interface PrintJobRecord extends PrintJobInfo {
	printer: string | null;
	attempts: number;
	message: string | null;
}

export interface PrintJobEvent {
	jobId: string;
	at: number;
	/** A state, or a step inside one: 'fallback', 'attempt_failed'. */
	type: PrintJobState | 'fallback' | 'attempt_failed';
	detail: Record<string, unknown>;
}

function toRecord(row: JobRow): PrintJobRecord {
	return {
		id: row.id,
		station: row.station,
		kind: row.kind as PrintJobKind,
		ticketId: row.ticket_id,
		number: row.number,
		serviceId: row.service_id,
		state: row.state as PrintJobState,
		via: row.via as 'server' | 'agent',
		reason: row.reason,
		createdAt: row.created_at,
		at: row.updated_at,
		printer: row.printer,
		attempts: row.attempts,
		message: row.message
	};
}

type JobChange = { printer: string | null; attempts: number; message: string | null; event: PrintJobEvent['type']; detail?: Record<string, unknown> };

export class PrintJobStore {
	readonly #db: Database;
	readonly #insert: Statement;
	readonly #update: Statement;
	readonly #event: Statement;
	readonly #byId: Statement;
	// Made once: better-sqlite3 builds four wrapper functions for every transaction() call.
	readonly #insertTx: (job: PrintJobInfo, printer: string | null) => void;
	readonly #updateTx: (job: PrintJobInfo, change: JobChange) => void;

	constructor(store: Store) {
		this.#db = store.db;
		this.#insert = this.#db.prepare(
			`INSERT INTO print_jobs (id, station, kind, ticket_id, number, service_id, state, via, printer, attempts, reason, message, created_at, updated_at)
			 VALUES (@id, @station, @kind, @ticketId, @number, @serviceId, @state, @via, @printer, 0, NULL, NULL, @createdAt, @at)`
		);
		this.#update = this.#db.prepare(
			`UPDATE print_jobs SET state = @state, via = @via, printer = @printer, attempts = @attempts, reason = @reason, message = @message, updated_at = @at WHERE id = @id`
		);
		this.#event = this.#db.prepare(`INSERT INTO print_job_events (job_id, at, type, detail) VALUES (?, ?, ?, ?)`);
		this.#byId = this.#db.prepare(`SELECT * FROM print_jobs WHERE id = ?`);
		this.#insertTx = this.#db.transaction((job: PrintJobInfo, printer: string | null) => {
			this.#insert.run({ ...job, printer });
			this.#event.run(job.id, job.at, job.state, JSON.stringify({ via: job.via, printer }));
		});
		this.#updateTx = this.#db.transaction((job: PrintJobInfo, change: JobChange) => {
			this.#update.run({
				id: job.id,
				state: job.state,
				via: job.via,
				printer: change.printer,
				attempts: change.attempts,
				reason: job.reason,
				message: change.message,
				at: job.at
			});
			this.#event.run(job.id, job.at, change.event, JSON.stringify({ via: job.via, reason: job.reason, ...change.detail }));
		});
	}

	insert(job: PrintJobInfo, printer: string | null): void {
		this.#insertTx(job, printer);
	}

	/** Saves the job's new state and appends the step to its trail, in one transaction. */
	update(job: PrintJobInfo, change: JobChange): void {
		this.#updateTx(job, change);
	}

	get(id: string): PrintJobRecord | null {
		const row = this.#byId.get(id) as JobRow | undefined;
		return row ? toRecord(row) : null;
	}

	byTicket(ticketId: string): PrintJobRecord[] {
		return (this.#db.prepare(`SELECT * FROM print_jobs WHERE ticket_id = ? ORDER BY created_at`).all(ticketId) as JobRow[]).map(toRecord);
	}

	recent(station: string | null, limit: number): PrintJobRecord[] {
		const rows = station
			? this.#db.prepare(`SELECT * FROM print_jobs WHERE station = ? ORDER BY created_at DESC LIMIT ?`).all(station, limit)
			: this.#db.prepare(`SELECT * FROM print_jobs ORDER BY created_at DESC LIMIT ?`).all(limit);
		return (rows as JobRow[]).map(toRecord);
	}

	events(jobId: string): PrintJobEvent[] {
		const rows = this.#db.prepare(`SELECT * FROM print_job_events WHERE job_id = ? ORDER BY seq`).all(jobId) as {
			job_id: string;
			at: number;
			type: string;
			detail: string;
		}[];
		return rows.map((r) => ({ jobId: r.job_id, at: r.at, type: r.type as PrintJobEvent['type'], detail: JSON.parse(r.detail) }));
	}

	/**
	 * Jobs a previous run left unfinished: the process stopped before they printed. They
	 * are closed as dropped with a record; their tickets were issued and shown on screen.
	 */
	closeUnfinished(at: number): PrintJobRecord[] {
		const rows = this.#db.prepare(`SELECT * FROM print_jobs WHERE state IN ('queued', 'sent')`).all() as JobRow[];
		const jobs = rows.map(toRecord);
		for (const job of jobs) {
			this.update(
				{ ...job, state: 'dropped', reason: 'restart', at },
				{ printer: job.printer, attempts: job.attempts, message: 'the server stopped before the job printed', event: 'dropped' }
			);
		}
		return jobs;
	}
}
