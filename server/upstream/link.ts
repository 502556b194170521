// The loop that ships a hall's event log to the district hub. The event log is the outbox:
// this reads the stored events after the last sequence number the hub acknowledged and
// ships them in order, in batches, retrying with back-off. It keeps no state on disk: after a
// restart the hub says where to resume.
//
// It runs in a worker thread of its own (server/upstream/worker.ts) with its own read-only
// connection, so reading, encoding and sending never take a turn of the hall's event loop;
// a hall whose database lives in memory (some tests) runs it on the hall's thread instead.
// Where it runs is the source's business: the loop only reads through `UpstreamSource`.

import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { UpstreamStatus } from '../../src/lib/protocol.ts';
import type { UpstreamConfig } from './config.ts';
import { toWire, type DistrictNotice, type StoredRow, type WireAck, type WireBatch } from './wire.ts';

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

export const UPSTREAM_DEFAULTS: Required<UpstreamOptions> = { batchSize: 500, retryMinMs: 500, retryMaxMs: 30_000, heartbeatMs: 15_000, timeoutMs: 10_000, gatherMs: 200, extrasEveryMs: 5000 };

/** What the link reads from the hall, and the one thing it asks the hall to write. */
export interface UpstreamSource {
	readAfter(seq: number, limit: number): StoredRow[];
	head(): number;
	/** Counts, objection counts and the staff roster, as of now. */
	extras(): Promise<Pick<WireBatch, 'counts' | 'noticeObjections'> & { staff: NonNullable<WireBatch['staff']> }>;
	/** Stores the district's notices in the hall (its owner writes); false when that failed. */
	applyNotices(notices: DistrictNotice[]): Promise<boolean>;
}

/** The part of the status the link knows; the hall adds how far behind it is. */
export type LinkStatus = Pick<UpstreamStatus, 'connected' | 'lastAckedSeq' | 'lastAckedAt' | 'lastError' | 'attempts'>;

export interface LinkLog {
	(level: 'info' | 'warn' | 'error', fields: Record<string, unknown>, message: string): void;
}

class HubAnswer extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly ackedSeq: number | null = null
	) {
		super(message);
	}
}

export class UpstreamLink {
	readonly #source: UpstreamSource;
	readonly #log: LinkLog;
	readonly #report: (status: LinkStatus) => void;
	readonly #options: Required<UpstreamOptions>;
	#config: UpstreamConfig | null = null;
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
	// node:http with one kept-alive connection, not fetch: a request costs a fraction of what
	// fetch's streams and Request/Response objects do.
	readonly #agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 1 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 1 }) };
	/** The staff roster the hub has acknowledged (as JSON); null: send it with the next batch. */
	#staffAcked: string | null = null;
	/** The last counts, objection counts and roster read, and when: not re-read for every batch of a busy hall. */
	#extrasCache: { at: number; value: Awaited<ReturnType<UpstreamSource['extras']>> } | null = null;

	constructor(deps: { source: UpstreamSource; log: LinkLog; report: (status: LinkStatus) => void; options?: UpstreamOptions }) {
		this.#source = deps.source;
		this.#log = deps.log;
		this.#report = deps.report;
		this.#options = { ...UPSTREAM_DEFAULTS, ...deps.options };
	}

	status(): LinkStatus {
		return { connected: this.#config !== null && this.#connected, lastAckedSeq: this.#acked, lastAckedAt: this.#ackedAt, lastError: this.#lastError, attempts: this.#attempts };
	}

	/** The hall's file named a hub (or another one, or none). */
	configure(next: UpstreamConfig | null): void {
		if (JSON.stringify(next) === JSON.stringify(this.#config)) return;
		const first = this.#config === null && this.#loop === null;
		if (!first) this.#log('info', { hallId: next?.hallId ?? null, url: next?.url ?? null }, 'upstream configuration changed');
		this.#config = next;
		this.#acked = null;
		this.#staffAcked = null;
		this.#extrasCache = null;
		this.#connected = false;
		this.#abort?.abort();
		this.#changed();
		if (next) this.#start();
	}

	/** A command committed: ship it soon, gathered with the ones that follow. */
	poke(): void {
		if (!this.#wake) {
			this.#pendingWake = true;
			return;
		}
		const wake = this.#wake;
		this.#wake = null;
		// A short pause gathers a burst of commands into one batch: one request instead of one per call.
		setTimeout(wake, this.#options.gatherMs).unref();
	}

	async close(): Promise<void> {
		this.#closed = true;
		this.#abort?.abort();
		this.#wake?.();
		await this.#loop;
		this.#agents.http.destroy();
		this.#agents.https.destroy();
	}

	#changed(): void {
		this.#report(this.status());
	}

	#start(): void {
		if (this.#running) {
			this.poke();
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
					this.#changed();
					continue;
				}
				const code = answer?.code ?? 'unreachable';
				const message = answer?.message ?? (error as Error).message;
				this.#lastError = { code, message, at: Date.now() };
				this.#changed();
				this.#log('warn', { code, message, retryInMs: delay }, 'district hub did not take the batch; retrying');
				await this.#sleep(delay + Math.floor(Math.random() * delay * 0.2));
				delay = Math.min(delay * 2, this.#options.retryMaxMs);
			}
		}
	}

	/** Sends one batch (or a heartbeat); true when more events are waiting. */
	async #step(config: UpstreamConfig): Promise<boolean> {
		if (this.#acked === null) {
			// First contact: an empty batch answers where the hub's copy ends.
			this.#acked = (await this.#send(config, { after: 0, head: this.#source.head(), events: [], ...(await this.#extras(true)) })).ackedSeq;
			this.#changed();
		}
		const rows = this.#source.readAfter(this.#acked, this.#options.batchSize);
		const head = this.#source.head();
		if (rows.length === 0) {
			// Idle: an empty batch now and then keeps the hall shown as connected on the dashboard.
			if (Date.now() - this.#sentAt >= this.#options.heartbeatMs * 0.9) {
				this.#acked = (await this.#send(config, { after: this.#acked, head, events: [], ...(await this.#extras(true)) })).ackedSeq;
				this.#changed();
			}
			return false;
		}
		const events = rows.map(toWire);
		const ack = await this.#send(config, { after: this.#acked, head, events, ...(await this.#extras()) });
		this.#acked = ack.ackedSeq;
		this.#changed();
		return ack.ackedSeq < head;
	}

	/**
	 * What rides along with every batch: counts, the district notices' state here, and the staff
	 * roster when the hub does not have this one. Read at most every `extrasEveryMs` (a heartbeat
	 * always reads them): a busy hall's batches reuse the last reading.
	 */
	async #extras(heartbeat = false): Promise<Pick<WireBatch, 'counts' | 'noticesVersion' | 'noticeObjections' | 'staff'>> {
		try {
			const now = Date.now();
			const every = Math.min(this.#options.extrasEveryMs, this.#options.heartbeatMs);
			if (heartbeat || !this.#extrasCache || now - this.#extrasCache.at >= every) {
				this.#extrasCache = { at: now, value: await this.#source.extras() };
			}
			const { counts, noticeObjections, staff } = this.#extrasCache.value;
			return { counts, noticesVersion: this.#noticesVersion, noticeObjections, staff: JSON.stringify(staff) === this.#staffAcked ? undefined : staff };
		} catch (error) {
			this.#log('warn', { message: (error as Error).message }, 'hall counts for the district failed; sending the batch without them');
			return {};
		}
	}

	async #applyNotices(ack: WireAck): Promise<void> {
		if (!ack.notices || ack.noticesVersion === undefined) return;
		// Unapplied, the version stays as it was: the hub sends the notices again with the next answer.
		if (await this.#source.applyNotices(ack.notices)) this.#noticesVersion = ack.noticesVersion;
	}

	async #send(config: UpstreamConfig, batch: WireBatch): Promise<WireAck> {
		this.#attempts++;
		this.#sentAt = Date.now();
		const payload = JSON.stringify(batch);
		// Closed (or reconfigured) meanwhile: this batch is no longer wanted.
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
			await this.#applyNotices(ack);
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
		await this.#wait(ms, (finish) => finish());
	}

	/** Back-off: commits do not cut it short (a down hub is not hammered), closing does. */
	async #sleep(ms: number): Promise<void> {
		this.#pendingWake = false;
		await this.#wait(ms, (finish) => {
			if (this.#closed || this.#config === null) finish();
			else this.#pendingWake = true;
		});
	}

	/** Waits `ms`; what a wake-up meanwhile does is `onWake`'s to say (end the wait early, or only note it). */
	#wait(ms: number, onWake: (finish: () => void) => void): Promise<void> {
		return new Promise<void>((resolve) => {
			const timer = setTimeout(() => {
				this.#wake = null;
				resolve();
			}, ms);
			timer.unref();
			this.#wake = () =>
				onWake(() => {
					clearTimeout(timer);
					resolve();
				});
		});
	}
}
