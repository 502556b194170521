// The district hub's service: halls and their keys, ingestion of each hall's event log,
// the dashboard's per-hall figures, district users and their sessions. Every bit of state is
// in PostgreSQL, so any number of hub nodes can serve the same halls and dashboards.

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../server/auth.ts';
import { wireHallIdSchema, type DistrictNotice, type WireAck, type WireBatch } from '../server/upstream/wire.ts';
import { fail, ok, type Result } from './errors.ts';
import { projectBatch } from './projection.ts';

export interface HubClock {
	now(): number;
}

/** The channel every node LISTENs on: the payload is the id of a hall whose figures changed. */
export const HALL_CHANNEL = 'district_hall';

/** A hall that has said nothing for this long (it sends a heartbeat every 15 s) shows as disconnected. */
export const CONNECTED_WITHIN_MS = 45_000;

const MAX_FAILED_LOGINS = 5;
const LOCKOUT_MS = 15 * 60_000;
const SESSION_MS = 12 * 3600_000;

export const addHallSchema = z.strictObject({ id: wireHallIdSchema, name: z.string().trim().min(1).max(60) });
export const addUserSchema = z.strictObject({
	username: z.string().regex(/^[a-z0-9_.-]{3,32}$/, '用户名为 3–32 位小写字母、数字'),
	name: z.string().trim().min(1).max(20)
});
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const districtNoticeSchema = z
	.strictObject({
		title: z.string().trim().min(1).max(100),
		body: z.string().trim().min(1).max(20_000),
		category: z.string().trim().min(1).max(20),
		publishFrom: day,
		publishTo: day,
		hallIds: z.array(wireHallIdSchema).min(1, '请选择至少一个服务中心').max(500)
	})
	.refine((n) => n.publishFrom <= n.publishTo, { message: '公示结束日期不能早于开始日期', path: ['publishTo'] });

export const loginSchema = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });
export const passwordChangeSchema = z.strictObject({
	currentPassword: z.string().min(1).max(200),
	newPassword: z.string().min(8, '新密码至少 8 位').max(200)
});

export interface DistrictUser {
	id: string;
	username: string;
	name: string;
	mustChangePassword: boolean;
}

export interface HallToday {
	issued: number;
	served: number;
	waiting: number;
	windowsOpen: number;
	longestWaitMinutes: number;
	/** 好差评 today: the share rated 基本满意 or better (0–1); null before the first rating. */
	satisfaction: number | null;
	ratings: number;
}

export interface HallSummary {
	id: string;
	name: string;
	connected: boolean;
	lastEventAt: number | null;
	lastContactAt: number | null;
	/** Events the hall has that the hub does not yet. */
	behind: number;
	lastSeq: number;
	day: string | null;
	/** Open cases past their due date, as the hall last reported. */
	overdueCases: number;
	/** The hall's stations not connected, as the hall last reported. */
	offlineStations: number;
	today: HallToday;
}

export interface HallDetail extends HallSummary {
	services: { id: string; name: string | null; issued: number; served: number; waiting: number; longestWaitMinutes: number }[];
	windows: { id: string; name: string | null; status: string }[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface HallRow {
	id: string;
	name: string;
	last_seq: string;
	head_seq: string;
	last_event_at: string | null;
	last_contact_at: string | null;
	day: string | null;
	issued: string;
	served: string;
	waiting: string;
	oldest_waiting: string | null;
	windows_open: string;
	counts_day: string | null;
	ratings: number;
	satisfied: number;
	overdue_cases: number;
	offline_stations: number;
}

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

export class DistrictHub {
	readonly #pool: pg.Pool;
	readonly #clock: HubClock;
	// Compared against when the username is unknown, so timing does not reveal which usernames exist.
	readonly #decoyHash = hashPassword(randomUUID());

	constructor(pool: pg.Pool, clock: HubClock = { now: () => Date.now() }) {
		this.#pool = pool;
		this.#clock = clock;
	}

	/** Registers a hall; its key is shown once (only its hash is kept). */
	async addHall(input: z.infer<typeof addHallSchema>): Promise<Result<{ id: string; key: string }>> {
		const key = randomBytes(24).toString('base64url');
		const inserted = await this.#pool.query(
			'INSERT INTO halls (id, name, key_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
			[input.id, input.name, sha256(key), this.#clock.now()]
		);
		if (inserted.rowCount === 0) return fail('conflict', `大厅编号已存在：${input.id}`);
		return ok({ id: input.id, key });
	}

	/** Creates a district user with a one-time password they must change at first login. */
	async addUser(input: z.infer<typeof addUserSchema>): Promise<Result<{ username: string; password: string }>> {
		const password = randomBytes(9).toString('base64url');
		const inserted = await this.#pool.query(
			`INSERT INTO users (id, username, name, password_hash, must_change_password, created_at)
			 VALUES ($1, $2, $3, $4, true, $5) ON CONFLICT (username) DO NOTHING`,
			[randomUUID(), input.username, input.name, hashPassword(password), this.#clock.now()]
		);
		if (inserted.rowCount === 0) return fail('conflict', `用户名已存在：${input.username}`);
		return ok({ username: input.username, password });
	}

	/**
	 * Stores one batch of a hall's log in one transaction with its projections. A batch that
	 * repeats stored events is harmless (they are skipped); one that starts after a gap is
	 * refused with the sequence number to resend from. An empty batch is a heartbeat: it
	 * answers where the hall should resume.
	 */
	async ingest(hallId: string, key: string | null, batch: WireBatch): Promise<Result<WireAck>> {
		if (!key) return fail('unauthorized', '缺少大厅密钥');
		const keyHash = sha256(key);
		let { after, events } = batch;
		// A resend overlapping what is stored is answered 'overlap' without changes: drop the
		// stored part (and its share of the projections) and send the rest. Another node may
		// store more in between, hence a loop; each turn the batch only gets shorter.
		for (;;) {
			const { rows } = await this.#pool.query<{ outcome: 'ok' | 'unauthorized' | 'forbidden' | 'gap' | 'overlap'; acked: string | null; notices_version: string | null }>(
				'SELECT * FROM district_ingest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)',
				this.#ingestParams(hallId, keyHash, after, events, batch)
			);
			const { outcome, acked, notices_version: version } = rows[0];
			if (outcome === 'unauthorized') return fail('unauthorized', '大厅密钥无效');
			if (outcome === 'forbidden') return fail('forbidden', '大厅只能上报自己的事件');
			const ackedSeq = Number(acked);
			if (outcome === 'gap') return fail('upstream_gap', `区级平台只收到第 ${ackedSeq} 号事件，请从其后重发`, { ackedSeq });
			if (outcome === 'overlap') {
				events = events.filter((e) => e.seq > ackedSeq);
				after = ackedSeq;
				continue;
			}
			// The notices themselves only when the hall's copy is not the current one (rare).
			const notices = version === batch.noticesVersion ? {} : await this.#noticesFor(this.#pool, hallId);
			return ok({ ackedSeq, ...notices });
		}
	}

	/** district_ingest's arguments: the batch's rows as JSON, and the projections folded from them here. */
	#ingestParams(hallId: string, keyHash: string, after: number, events: WireBatch['events'], batch: WireBatch): unknown[] {
		const p = events.length > 0 ? projectBatch(events) : null;
		const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
		return [
			hallId,
			keyHash,
			after,
			events.length > 0 ? events[events.length - 1].seq : after,
			batch.head,
			this.#clock.now(),
			JSON.stringify(events),
			p?.lastEventAt ?? null,
			p?.day ?? null,
			p?.timeZone ?? null,
			p ? JSON.stringify([...p.tickets.values()]) : '[]',
			// Tickets not taken in this batch: the only ones that may have a row already.
			p ? [...p.tickets.values()].filter((t) => t.issued_at === undefined).map((t) => t.ticket_id) : [],
			p && p.windows.size > 0 ? JSON.stringify([...p.windows.values()]) : null,
			json(p?.services),
			json(batch.staff),
			json(batch.counts),
			batch.noticeObjections?.length ? JSON.stringify(batch.noticeObjections) : null,
			HALL_CHANNEL
		];
	}

	/** Every district notice naming a hall, and their version (as the batch's UPDATE computes it). */
	async #noticesFor(client: pg.Pool | pg.ClientBase, hallId: string): Promise<Pick<WireAck, 'notices' | 'noticesVersion'>> {
		const { rows } = await client.query<{ id: string; title: string; body: string; category: string; publish_from: string; publish_to: string; created_at: string }>(
			'SELECT id, title, body, category, publish_from, publish_to, created_at FROM district_notices WHERE $1 = ANY(hall_ids) ORDER BY created_at, id',
			[hallId]
		);
		const latest = rows.reduce((max, r) => (Number(r.created_at) > max ? Number(r.created_at) : max), 0);
		return {
			noticesVersion: `${rows.length}:${latest}`,
			notices: rows.map((r) => ({ id: r.id, title: r.title, body: r.body, category: r.category, publishFrom: r.publish_from, publishTo: r.publish_to }))
		};
	}

	/** Publishes a notice in the named halls: each gets it with its next batch or heartbeat. */
	async addNotice(user: DistrictUser, input: z.infer<typeof districtNoticeSchema>): Promise<Result<DistrictNotice & { hallIds: string[] }>> {
		const known = await this.#pool.query<{ id: string }>('SELECT id FROM halls WHERE id = ANY($1)', [input.hallIds]);
		const missing = input.hallIds.filter((id) => !known.rows.some((r) => r.id === id));
		if (missing.length) return fail('not_found', `没有这些服务中心：${missing.join('、')}`);
		const id = randomUUID();
		await this.#pool.query(
			`INSERT INTO district_notices (id, title, body, category, publish_from, publish_to, hall_ids, created_by, created_at)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			[id, input.title, input.body, input.category, input.publishFrom, input.publishTo, input.hallIds, user.id, this.#clock.now()]
		);
		const { hallIds, ...notice } = input;
		return ok({ id, ...notice, hallIds });
	}

	/** Every district notice with the objections each named hall has reported (counts). */
	async notices(): Promise<(DistrictNotice & { hallIds: string[]; objections: { hallId: string; objections: number; unanswered: number }[] })[]> {
		const { rows } = await this.#pool.query<{
			id: string;
			title: string;
			body: string;
			category: string;
			publish_from: string;
			publish_to: string;
			hall_ids: string[];
			objections: { hallId: string; objections: number; unanswered: number }[] | null;
		}>(
			`SELECT n.*, (SELECT json_agg(json_build_object('hallId', o.hall_id, 'objections', o.objections, 'unanswered', o.unanswered) ORDER BY o.hall_id)
				FROM notice_objections o WHERE o.notice_id = n.id) AS objections
			 FROM district_notices n ORDER BY n.created_at DESC`
		);
		return rows.map((r) => ({
			id: r.id,
			title: r.title,
			body: r.body,
			category: r.category,
			publishFrom: r.publish_from,
			publishTo: r.publish_to,
			hallIds: r.hall_ids,
			objections: r.objections ?? []
		}));
	}

	/**
	 * Every hall (or the ones named), with today's figures: today is each hall's own current day.
	 * `via`: a connection of the caller's (the node's listener), so dashboard pushes do not queue
	 * behind ingestion for the pool.
	 */
	async halls(ids?: readonly string[], via?: pg.ClientBase): Promise<HallSummary[]> {
		const { rows } = await (via ?? this.#pool).query<HallRow>(
			`SELECT h.id, h.name, h.last_seq, h.head_seq, h.last_event_at, h.last_contact_at, h.day,
				h.counts_day, h.ratings, h.satisfied, h.overdue_cases, h.offline_stations,
				COALESCE(d.issued, 0) AS issued, COALESCE(d.served, 0) AS served, COALESCE(d.waiting, 0) AS waiting,
				-- The few tickets waiting now, through the index: not the whole day.
				(SELECT min(issued_at) FROM tickets WHERE hall_id = h.id AND day = h.day AND status IN ('waiting', 'transferred')) AS oldest_waiting,
				(SELECT count(*) FROM hall_windows WHERE hall_id = h.id AND status = 'open') AS windows_open
			 FROM halls h
			 LEFT JOIN hall_days d ON d.hall_id = h.id AND d.day = h.day
			 WHERE $1::text[] IS NULL OR h.id = ANY($1)
			 ORDER BY h.id`,
			[ids ? [...ids] : null]
		);
		const now = this.#clock.now();
		return rows.map((r) => {
			const oldest = num(r.oldest_waiting);
			const contact = num(r.last_contact_at);
			const ratedToday = r.counts_day !== null && r.counts_day === r.day ? r.ratings : 0;
			return {
				id: r.id,
				name: r.name,
				connected: contact !== null && now - contact <= CONNECTED_WITHIN_MS,
				lastEventAt: num(r.last_event_at),
				lastContactAt: contact,
				behind: Math.max(0, Number(r.head_seq) - Number(r.last_seq)),
				lastSeq: Number(r.last_seq),
				day: r.day,
				overdueCases: r.overdue_cases,
				offlineStations: r.offline_stations,
				today: {
					issued: Number(r.issued),
					served: Number(r.served),
					waiting: Number(r.waiting),
					windowsOpen: Number(r.windows_open),
					longestWaitMinutes: oldest === null ? 0 : Math.max(0, Math.floor((now - oldest) / 60_000)),
					satisfaction: ratedToday > 0 ? Math.round((r.satisfied / ratedToday) * 1000) / 1000 : null,
					ratings: ratedToday
				}
			};
		});
	}

	/** One hall in detail: its figures, today's queue per service and each window's state. */
	async hallDetail(hallId: string): Promise<Result<HallDetail>> {
		const [summary] = await this.halls([hallId]);
		if (!summary) return fail('not_found', '没有这个服务中心');
		const services = await this.#pool.query<{ service_id: string; name: string | null; issued: string; served: string; waiting: string; oldest: string | null }>(
			`SELECT t.service_id, s.name, count(*) AS issued,
				count(*) FILTER (WHERE t.status = 'done') AS served,
				count(*) FILTER (WHERE t.status IN ('waiting', 'transferred')) AS waiting,
				min(t.issued_at) FILTER (WHERE t.status IN ('waiting', 'transferred')) AS oldest
			 FROM tickets t LEFT JOIN hall_services s ON s.hall_id = t.hall_id AND s.service_id = t.service_id
			 WHERE t.hall_id = $1 AND t.day = $2 GROUP BY t.service_id, s.name ORDER BY t.service_id`,
			[hallId, summary.day]
		);
		const windows = await this.#pool.query<{ window_id: string; name: string | null; status: string | null }>(
			'SELECT window_id, name, status FROM hall_windows WHERE hall_id = $1 ORDER BY window_id',
			[hallId]
		);
		const now = this.#clock.now();
		return ok({
			...summary,
			services: services.rows.map((r) => ({
				id: r.service_id,
				name: r.name,
				issued: Number(r.issued),
				served: Number(r.served),
				waiting: Number(r.waiting),
				longestWaitMinutes: r.oldest === null ? 0 : Math.max(0, Math.floor((now - Number(r.oldest)) / 60_000))
			})),
			windows: windows.rows.map((r) => ({ id: r.window_id, name: r.name, status: r.status ?? 'closed' }))
		});
	}

	/** How many of a hall's events are stored, and the last one's number (the tests' exactly-once check). */
	async storedCount(hallId: string): Promise<{ count: number; maxSeq: number }> {
		const { rows } = await this.#pool.query<{ n: string; m: string | null }>('SELECT count(*) AS n, max(seq) AS m FROM events WHERE hall_id = $1', [hallId]);
		return { count: Number(rows[0].n), maxSeq: Number(rows[0].m ?? 0) };
	}

	async login(input: z.infer<typeof loginSchema>): Promise<Result<{ token: string; mustChangePassword: boolean; user: DistrictUser }>> {
		const now = this.#clock.now();
		const { rows } = await this.#pool.query<{
			id: string;
			username: string;
			name: string;
			password_hash: string;
			must_change_password: boolean;
			failed_attempts: number;
			locked_until: string | null;
		}>('SELECT * FROM users WHERE username = $1', [input.username]);
		const user = rows[0];
		if (!user) {
			verifyPassword(input.password, this.#decoyHash);
			return fail('bad_credentials', '用户名或密码错误');
		}
		if (user.locked_until && Number(user.locked_until) > now) {
			return fail('locked', '密码错误次数过多，账号已锁定，请稍后再试', { lockedUntil: Number(user.locked_until) });
		}
		if (!verifyPassword(input.password, user.password_hash)) {
			const failed = user.failed_attempts + 1;
			const lockedUntil = failed >= MAX_FAILED_LOGINS ? now + LOCKOUT_MS : null;
			await this.#pool.query('UPDATE users SET failed_attempts = $2, locked_until = $3 WHERE id = $1', [user.id, lockedUntil ? 0 : failed, lockedUntil]);
			return lockedUntil ? fail('locked', '密码错误次数过多，账号已锁定 15 分钟', { lockedUntil }) : fail('bad_credentials', '用户名或密码错误');
		}
		const token = randomBytes(32).toString('base64url');
		await this.#pool.query('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = $1', [user.id]);
		await this.#pool.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [sha256(token), user.id, now + SESSION_MS]);
		return ok({
			token,
			mustChangePassword: user.must_change_password,
			user: { id: user.id, username: user.username, name: user.name, mustChangePassword: user.must_change_password }
		});
	}

	async authenticate(token: string | null): Promise<DistrictUser | null> {
		if (!token || token.length > 200) return null;
		const { rows } = await this.#pool.query<{ id: string; username: string; name: string; must_change_password: boolean }>(
			`SELECT u.id, u.username, u.name, u.must_change_password FROM sessions s JOIN users u ON u.id = s.user_id
			 WHERE s.token_hash = $1 AND s.expires_at > $2`,
			[sha256(token), this.#clock.now()]
		);
		const u = rows[0];
		return u ? { id: u.id, username: u.username, name: u.name, mustChangePassword: u.must_change_password } : null;
	}

	async changePassword(user: DistrictUser, input: z.infer<typeof passwordChangeSchema>): Promise<Result<{ changed: true }>> {
		const { rows } = await this.#pool.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [user.id]);
		if (!rows[0] || !verifyPassword(input.currentPassword, rows[0].password_hash)) return fail('bad_credentials', '当前密码不正确');
		if (input.currentPassword === input.newPassword) return fail('bad_request', '新密码不能与当前密码相同');
		await this.#pool.query('UPDATE users SET password_hash = $2, must_change_password = false WHERE id = $1', [user.id, hashPassword(input.newPassword)]);
		return ok({ changed: true });
	}
}
