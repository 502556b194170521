// The hall's link to the district hub. The event log is the outbox: this reads the stored
// events after the last sequence number the hub acknowledged and ships them in order, in
// batches, retrying with back-off. A committed command only wakes it (after the command has
// answered); nothing here can delay or fail a hall command. It keeps no state on disk: after
// a restart the hub says where to resume.

import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Logger } from 'pino';
import type { Hall } from '../hall.ts';
import type { Store } from '../store/store.ts';
import type { UpstreamStatus } from '../../src/lib/protocol.ts';
import type { UpstreamConfig } from './config.ts';
import type { HallCounts } from './counts.ts';
import { applyDistrictNotices, districtObjectionCounts } from './notices.ts';
import { toWire, type StoredRow, type WireAck, type WireBatch } from './wire.ts';


export interface UpstreamOptions {
	batchSize?: number;
	/** First retry after a failure; doubles up to `retryMaxMs`. */
	retryMinMs?: number;
	retryMaxMs?: number;
	/** An idle hall still says it is there this often (the hub shows it connected). */
	heartbeatMs?: number;
	/** One request's limit. */
	timeoutMs?: number;
	/** After a commit wakes the link, how long it waits for more before sending. */
	gatherMs?: number;
	/** Counts, objection counts and the staff roster are read again at most this often (and at every heartbeat). */
	extrasEveryMs?: number;
}


const DEFAULTS: Required<UpstreamOptions> = { batchSize: 500, retryMinMs: 500, retryMaxMs: 30_000, heartbeatMs: 15_000, timeoutMs: 10_000, gatherMs: 200, extrasEveryMs: 5000 };

class HubAnswer extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly ackedSeq: number | null = null
	) {
		super(message);
	}
}

export class Upstream {
	readonly #store: Store;
	readonly #hall: Hall;
	readonly #logger: Logger;
	readonly #options: Required<UpstreamOptions>;
	readonly #detach: () => void;
	#config: UpstreamConfig | null;
	#acked: number | null = null;
	#ackedAt: number | null = null;
	#connected = false;
	#lastError: UpstreamStatus['lastError'] = null;
	#attempts = 0;
	#sentAt = 0;
	/** The version of the district's notices applied here; unknown after a start, so the hub sends them. */
	#noticesVersion: string | undefined;
	#running = false;
	#closed = false;
	/** Resolves the current idle wait early: a commit happened, or the config changed. */
	#wake: (() => void) | null = null;
	#pendingWake = false;
	#abort: AbortController | null = null;
	#loop: Promise<void> | null = null;
	// node:http with one kept-alive connection, not fetch: a request costs the hall's event loop
	// a fraction of what fetch's streams and Request/Response objects do.
	readonly #agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 1 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 1 }) };
	readonly #readAfter;
	readonly #headSeq;
	readonly #countAfter;
	readonly #rosterQuery;
	/** The staff roster the hub has acknowledged (as JSON); null: send it with the next batch. */
	#staffAcked: string | null = null;
	/** The last counts, objection counts and roster read, and when: not re-read for every batch of a busy hall. */
	#extrasCache: { at: number; value: Pick<WireBatch, 'counts' | 'noticeObjections'> & { staff: NonNullable<WireBatch['staff']> } } | null = null;

	readonly #counts: () => HallCounts | undefined;

	constructor(deps: { store: Store; hall: Hall; logger: Logger; options?: UpstreamOptions; counts?: () => HallCounts }) {
		this.#store = deps.store;
		this.#hall = deps.hall;
		this.#logger = deps.logger.child({ part: 'upstream' });
		this.#options = { ...DEFAULTS, ...deps.options };
		this.#counts = deps.counts ?? (() => undefined);
		this.#readAfter = this.#store.db.prepare('SELECT seq, version, type, at, ticket_id, window_id, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
		this.#headSeq = this.#store.db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM events');
		this.#countAfter = this.#store.db.prepare('SELECT COUNT(*) AS n FROM events WHERE seq > ?');
		this.#rosterQuery = this.#store.db.prepare('SELECT id, staff_no AS number, name FROM staff ORDER BY id');
		this.#config = configOf(deps.hall);
		this.#detach = deps.hall.onCommitted((committed) => {
			if (committed.events.some((e) => e.type === 'config:changed')) this.#reconfigure(configOf(this.#hall));
			// Never inside the command: the loop runs on a later turn of the event loop.
			this.#poke();
		});
		if (this.#config) this.#start();
	}

	status(): UpstreamStatus {
		const config = this.#config;
		const head = (this.#headSeq.get() as { n: number }).n;
		const behind = config ? (this.#acked === null ? head : (this.#countAfter.get(this.#acked) as { n: number }).n) : 0;
		return {
			configured: config !== null,
			hallId: config?.hallId ?? null,
			url: config?.url ?? null,
			connected: config !== null && this.#connected,
			behind,
			lastAckedSeq: this.#acked,
			lastAckedAt: this.#ackedAt,
			lastError: this.#lastError,
			attempts: this.#attempts
		};
	}

	/** Resolves once everything stored has been acknowledged (tests, and a clean shutdown). */
	async drained(): Promise<void> {
		while (!this.#closed && this.status().behind > 0) await new Promise((r) => setTimeout(r, 20));
	}

	async close(): Promise<void> {
		this.#closed = true;
		this.#detach();
		this.#abort?.abort();
		this.#wake?.();
		await this.#loop;
		this.#agents.http.destroy();
		this.#agents.https.destroy();
	}

	#reconfigure(next: UpstreamConfig | null): void {
		const same = JSON.stringify(next) === JSON.stringify(this.#config);
		if (same) return;
		this.#logger.info({ hallId: next?.hallId ?? null, url: next?.url ?? null }, 'upstream configuration changed');
		this.#config = next;
		this.#acked = null;
		this.#staffAcked = null;
		this.#extrasCache = null;
		this.#connected = false;
		this.#abort?.abort();
		if (next) this.#start();
	}

	#poke(): void {
		if (!this.#wake) {
			this.#pendingWake = true;
			return;
		}
		const wake = this.#wake;
		this.#wake = null;
		// A short pause gathers a burst of commands into one batch: one request instead of one per call.
		setTimeout(wake, this.#options.gatherMs).unref();
	}

	#start(): void {
		if (this.#running) {
			this.#poke();
			return;
		}
		this.#running = true;
		this.#loop = this.#run().finally(() => {
			this.#running = false;
		});
	}

	async #run(): Promise<void> {
		let delay = this.#options.retryMinMs;
		while (!this.#closed && this.#config) {
			const config = this.#config;
			try {
				const more = await this.#step(config);
				delay = this.#options.retryMinMs;
				if (!more) await this.#idle(this.#options.heartbeatMs);
			} catch (error) {
				if (this.#closed) break;
				if (config !== this.#config) continue;
				this.#connected = false;
				const answer = error instanceof HubAnswer ? error : null;
				if (answer?.code === 'upstream_gap' && answer.ackedSeq !== null) {
					// The hub has less than we thought (e.g. restored from a backup): resend from there.
					this.#acked = answer.ackedSeq;
					continue;
				}
				const code = answer?.code ?? 'unreachable';
				const message = answer?.message ?? (error as Error).message;
				this.#lastError = { code, message, at: Date.now() };
				this.#logger.warn({ code, message, retryInMs: delay }, 'district hub did not take the batch; retrying');
				await this.#sleep(delay + Math.floor(Math.random() * delay * 0.2));
				delay = Math.min(delay * 2, this.#options.retryMaxMs);
			}
		}
	}

	/**
	 * Sends one batch (or a heartbeat); true when more events are waiting. Runs on the hall's
	 * event loop, so it gives way between its parts (reading, encoding, sending): a command
	 * that arrives meanwhile is answered between them, not after the whole batch.
	 */
	async #step(config: UpstreamConfig): Promise<boolean> {
		if (this.#acked === null) {
			// First contact: an empty batch answers where the hub's copy ends.
			this.#acked = (await this.#send(config, { after: 0, head: this.#head(), events: [], ...this.#extras(true) })).ackedSeq;
		}
		const rows = this.#readAfter.all(this.#acked, this.#options.batchSize) as StoredRow[];
		const head = this.#head();
		if (rows.length === 0) {
			// Idle: an empty batch now and then keeps the hall shown as connected on the dashboard.
			if (Date.now() - this.#sentAt >= this.#options.heartbeatMs * 0.9) {
				this.#acked = (await this.#send(config, { after: this.#acked, head, events: [], ...this.#extras(true) })).ackedSeq;
			}
			return false;
		}
		await yieldToCommands();
		const events = rows.map(toWire);
		await yieldToCommands();
		const ack = await this.#send(config, { after: this.#acked, head, events, ...this.#extras() });
		this.#acked = ack.ackedSeq;
		return ack.ackedSeq < head;
	}

	/**
	 * What rides along with every batch: counts, the district notices' state here, and the staff
	 * roster when the hub does not have this one. Read from the hall's database at most every
	 * `extrasEveryMs` (a heartbeat always reads them): a busy hall's batches reuse the last reading.
	 */
	#extras(heartbeat = false): Pick<WireBatch, 'counts' | 'noticesVersion' | 'noticeObjections' | 'staff'> {
		try {
			const now = Date.now();
			const every = Math.min(this.#options.extrasEveryMs, this.#options.heartbeatMs);
			if (heartbeat || !this.#extrasCache || now - this.#extrasCache.at >= every) {
				this.#extrasCache = { at: now, value: { counts: this.#counts(), noticeObjections: districtObjectionCounts(this.#store), staff: this.#roster() } };
			}
			const { counts, noticeObjections, staff } = this.#extrasCache.value;
			return { counts, noticesVersion: this.#noticesVersion, noticeObjections, staff: JSON.stringify(staff) === this.#staffAcked ? undefined : staff };
		} catch (error) {
			this.#logger.warn({ err: error }, 'hall counts for the district failed; sending the batch without them');
			return {};
		}
	}

	/** The staff roster (id, 工号, name: for per-staff figures); staff are not residents. */
	#roster(): NonNullable<WireBatch['staff']> {
		const rows = this.#rosterQuery.all() as { id: string; number: string; name: string }[];
		return rows.map((r) => ({ id: r.id.slice(0, 80), number: r.number.slice(0, 40), name: r.name.slice(0, 40) }));
	}

	#applyNotices(ack: WireAck): void {
		if (!ack.notices || ack.noticesVersion === undefined) return;
		try {
			applyDistrictNotices(this.#store, ack.notices, Date.now());
			this.#noticesVersion = ack.noticesVersion;
			this.#logger.info({ notices: ack.notices.length }, 'district notices applied');
		} catch (error) {
			this.#logger.error({ err: error }, 'district notices could not be applied');
		}
	}

	#head(): number {
		return (this.#headSeq.get() as { n: number }).n;
	}

	async #send(config: UpstreamConfig, batch: WireBatch): Promise<WireAck> {
		this.#attempts++;
		this.#sentAt = Date.now();
		const payload = JSON.stringify(batch);
		if (batch.events.length > 0) await yieldToCommands();
		// Closed (or reconfigured) while it gave way: this batch is no longer wanted.
		if (this.#closed || config !== this.#config) throw new Error('upstream closed');
		this.#abort = new AbortController();
		const timeout = setTimeout(() => this.#abort?.abort(), this.#options.timeoutMs);
		try {
			const res = await this.#post(new URL(`/api/district/halls/${encodeURIComponent(config.hallId)}/events`, config.url), config.key, payload, this.#abort.signal);
			const body = res.body as (Partial<WireAck> & { error?: { code: string; message: string; details?: { ackedSeq?: number } } }) | null;
			if (res.status !== 200 || typeof body?.ackedSeq !== 'number') {
				const error = body?.error;
				throw new HubAnswer(error?.code ?? `http_${res.status}`, error?.message ?? `区级平台返回 ${res.status}`, error?.details?.ackedSeq ?? null);
			}
			this.#connected = true;
			this.#ackedAt = Date.now();
			if (batch.staff) this.#staffAcked = JSON.stringify(batch.staff);
			this.#lastError = null;
			const ack: WireAck = { ackedSeq: body.ackedSeq, notices: body.notices, noticesVersion: body.noticesVersion };
			this.#applyNotices(ack);
			return ack;
		} finally {
			clearTimeout(timeout);
		}
	}

	/** One POST of JSON; the answer's status and parsed body (null when not JSON). */
	#post(url: URL, key: string, payload: string, signal: AbortSignal): Promise<{ status: number; body: unknown }> {
		const https = url.protocol === 'https:';
		const send = https ? httpsRequest : httpRequest;
		return new Promise((resolve, reject) => {
			const req = send(
				url,
				{
					method: 'POST',
					headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${key}` },
					agent: https ? this.#agents.https : this.#agents.http,
					signal
				},
				(res: IncomingMessage) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => chunks.push(chunk));
					res.on('error', reject);
					res.on('end', () => {
						let body: unknown = null;
						try {
							body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
						} catch {
							body = null;
						}
						resolve({ status: res.statusCode ?? 0, body });
					});
				}
			);
			req.on('error', reject);
			req.end(payload);
		});
	}

	/** Waits for a commit, a config change or the heartbeat, whichever comes first. */
	async #idle(ms: number): Promise<void> {
		if (this.#pendingWake) {
			this.#pendingWake = false;
			return;
		}
		await new Promise<void>((resolve) => {
			const timer = setTimeout(() => {
				this.#wake = null;
				resolve();
			}, ms);
			timer.unref();
			this.#wake = () => {
				clearTimeout(timer);
				resolve();
			};
		});
	}

	/** Back-off: commits do not cut it short (a down hub is not hammered), closing does. */
	async #sleep(ms: number): Promise<void> {
		this.#pendingWake = false;
		await new Promise<void>((resolve) => {
			const timer = setTimeout(() => {
				this.#wake = null;
				resolve();
			}, ms);
			timer.unref();
			this.#wake = () => {
				if (this.#closed || this.#config === null) {
					clearTimeout(timer);
					resolve();
				} else this.#pendingWake = true;
			};
		});
	}
}

/** One turn of the event loop: I/O that arrived (a command, a board's socket) is handled first. */
const yieldToCommands = () => new Promise<void>((resolve) => setImmediate(resolve));

function configOf(hall: Hall): UpstreamConfig | null {
	return hall.configFile.upstream ?? null;
}
