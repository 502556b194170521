// The outbox: messages are rows written in the same transaction as the booking or check-in
// that causes them (so a crash never loses one, nor sends one for a booking that was not
// saved), then delivered by the adapter, retried with back-off, and failures kept visible.

import { randomBytes } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { Logger } from 'pino';
import { maskPhone } from '../../src/lib/mask.ts';
import type { Clock } from '../auth.ts';
import type { NotificationAdapter, NotificationKind, NotificationRecord, OutboundMessage } from './port.ts';

/** Waits before the 2nd, 3rd … attempt; after the last, the message is `failed`. */
export const DEFAULT_BACKOFF_MS = [5_000, 30_000, 120_000, 600_000];

/** However far the next message is, look again at least this often (a clock step, a new row). */
const MAX_SLEEP_MS = 60_000;

export interface OutboxOptions {
	backoffMs?: number[];
}

export interface NewMessage {
	kind: NotificationKind;
	recipient: string;
	text: string;
	data: Record<string, string | number>;
	/** Not before this instant (reminders); now when absent. */
	dueAt?: number;
	/** At most one message per key, e.g. `almost:<ticketId>`. */
	dedupeKey?: string;
}

interface Row {
	id: string;
	kind: NotificationKind;
	recipient: string;
	body: string;
	status: NotificationRecord['status'];
	attempts: number;
	due_at: number;
	last_error: string | null;
	created_at: number;
	sent_at: number | null;
}

export class Outbox {
	readonly #db: Database;
	readonly #clock: Clock;
	readonly #adapter: () => NotificationAdapter;
	readonly #logger: Logger;
	readonly #backoff: number[];
	readonly #insert: Statement;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#draining: Promise<void> | null = null;
	#again = false;
	#closed = false;

	constructor(db: Database, clock: Clock, adapter: () => NotificationAdapter, logger: Logger, options: OutboxOptions = {}) {
		this.#db = db;
		this.#clock = clock;
		this.#adapter = adapter;
		this.#logger = logger;
		this.#backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS;
		this.#insert = db.prepare(
			`INSERT OR IGNORE INTO notifications (id, kind, recipient, body, status, attempts, due_at, last_error, dedupe_key, created_at, sent_at)
			 VALUES (?, ?, ?, ?, 'pending', 0, ?, NULL, ?, ?, NULL)`
		);
	}

	/** Writes the message (call it inside the transaction of its cause); delivery follows the commit. */
	enqueue(message: NewMessage): string | null {
		const now = this.#clock.now();
		const id = randomBytes(9).toString('base64url');
		const body = JSON.stringify({ text: message.text, data: message.data });
		const inserted = this.#insert.run(id, message.kind, message.recipient, body, message.dueAt ?? now, message.dedupeKey ?? null, now).changes > 0;
		if (inserted) queueMicrotask(() => this.kick());
		return inserted ? id : null;
	}

	/** Withdraws pending messages by key prefix, e.g. the reminder of a cancelled booking. */
	cancel(dedupeKey: string): void {
		this.#db.prepare(`UPDATE notifications SET status = 'cancelled' WHERE dedupe_key = ? AND status = 'pending'`).run(dedupeKey);
	}

	/** Starts a delivery round now (or right after the one running). */
	kick(): void {
		if (this.#closed) return;
		if (this.#draining) {
			this.#again = true;
			return;
		}
		this.#draining = this.#drain().finally(() => {
			this.#draining = null;
			if (this.#again) {
				this.#again = false;
				this.kick();
			} else this.#schedule();
		});
	}

	/** Resolves once no round is running (tests, shutdown). */
	async idle(): Promise<void> {
		while (this.#draining) await this.#draining;
	}

	async #drain(): Promise<void> {
		const now = this.#clock.now();
		const due = this.#db
			.prepare(`SELECT * FROM notifications WHERE status = 'pending' AND due_at <= ? ORDER BY due_at LIMIT 50`)
			.all(now) as Row[];
		for (const row of due) {
			if (this.#closed) return;
			const { text, data } = JSON.parse(row.body) as { text: string; data: Record<string, string | number> };
			const message: OutboundMessage = { id: row.id, kind: row.kind, recipient: row.recipient, text, data, createdAt: row.created_at };
			const attempts = row.attempts + 1;
			try {
				await this.#adapter().deliver(message);
				this.#db.prepare(`UPDATE notifications SET status = 'sent', attempts = ?, sent_at = ?, last_error = NULL WHERE id = ?`).run(attempts, this.#clock.now(), row.id);
			} catch (error) {
				const reason = error instanceof Error ? error.message : String(error);
				const wait = this.#backoff[attempts - 1];
				if (wait === undefined) {
					this.#db.prepare(`UPDATE notifications SET status = 'failed', attempts = ?, last_error = ? WHERE id = ?`).run(attempts, reason, row.id);
					this.#logger.warn({ notification: row.id, kind: row.kind, attempts, error: reason }, 'notification failed for good');
				} else {
					this.#db
						.prepare(`UPDATE notifications SET attempts = ?, last_error = ?, due_at = ? WHERE id = ?`)
						.run(attempts, reason, this.#clock.now() + wait, row.id);
					this.#logger.info({ notification: row.id, kind: row.kind, attempts, retryInMs: wait, error: reason }, 'notification failed; will retry');
				}
			}
		}
		if (due.length === 50) this.#again = true;
	}

	#schedule(): void {
		if (this.#closed) return;
		if (this.#timer) clearTimeout(this.#timer);
		const next = this.#db.prepare(`SELECT MIN(due_at) AS at FROM notifications WHERE status = 'pending'`).get() as { at: number | null };
		if (next.at === null) return;
		const wait = Math.min(MAX_SLEEP_MS, Math.max(0, next.at - this.#clock.now()));
		this.#timer = setTimeout(() => {
			this.#timer = null;
			this.kick();
		}, wait);
		this.#timer.unref();
	}

	/** What the console shows: failures first, newest first; numbers masked. */
	list(filter: { status?: NotificationRecord['status'] } = {}, limit = 200): NotificationRecord[] {
		const rows = (
			filter.status
				? this.#db.prepare(`SELECT * FROM notifications WHERE status = ? ORDER BY created_at DESC LIMIT ?`).all(filter.status, limit)
				: this.#db.prepare(`SELECT * FROM notifications ORDER BY status = 'failed' DESC, created_at DESC LIMIT ?`).all(limit)
		) as Row[];
		return rows.map((r) => ({
			id: r.id,
			kind: r.kind,
			recipient: maskPhone(r.recipient),
			status: r.status,
			attempts: r.attempts,
			dueAt: r.due_at,
			lastError: r.last_error,
			createdAt: r.created_at,
			sentAt: r.sent_at
		}));
	}

	/** Puts a failed message back in line (the director fixed the platform's address). */
	retry(id: string): boolean {
		const changed = this.#db
			.prepare(`UPDATE notifications SET status = 'pending', attempts = 0, due_at = ? WHERE id = ? AND status = 'failed'`)
			.run(this.#clock.now(), id).changes;
		if (changed > 0) this.kick();
		return changed > 0;
	}

	async close(): Promise<void> {
		this.#closed = true;
		if (this.#timer) clearTimeout(this.#timer);
		await this.idle();
	}
}
