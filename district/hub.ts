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
		const client = await this.#pool.connect();
		try {
			await client.query('BEGIN');
			// The key names its hall; its row stays locked to the end, so one writer per hall at a
			// time, whichever node the batch reached: the order check below holds.
			const owner = await client.query<{ id: string; last_seq: string }>('SELECT id, last_seq FROM halls WHERE key_hash = $1 FOR UPDATE', [sha256(key)]);
			const hallOfKey = owner.rows[0];
			if (!hallOfKey) {
				await client.query('ROLLBACK');
				return fail('unauthorized', '大厅密钥无效');
			}
			if (hallOfKey.id !== hallId) {
				await client.query('ROLLBACK');
				return fail('forbidden', '大厅只能上报自己的事件');
			}
			const lastSeq = Number(hallOfKey.last_seq);
			const now = this.#clock.now();
			if (batch.events.length > 0 && batch.after > lastSeq) {
				await client.query('UPDATE halls SET last_contact_at = $2, head_seq = GREATEST(head_seq, $3::bigint) WHERE id = $1', [hallId, now, batch.head]);
				await client.query('COMMIT');
				return fail('upstream_gap', `区级平台只收到第 ${lastSeq} 号事件，请从其后重发`, { ackedSeq: lastSeq });
			}
			const fresh = batch.events.filter((e) => e.seq > lastSeq);
			const newLast = fresh.length > 0 ? fresh[fresh.length - 1].seq : lastSeq;
			const day = fresh.length > 0 ? await this.#store(client, hallId, fresh, now) : { day: null, timeZone: null };
			const c = batch.counts;
			// pg_notify is delivered to every node's listener when (and only if) the transaction commits.
			const updated = await client.query<{ notices_version: string }>(
				`WITH u AS (
					UPDATE halls SET last_seq = $2::bigint, head_seq = GREATEST($3::bigint, $2::bigint), last_contact_at = $4,
						last_event_at = COALESCE($5::bigint, last_event_at),
						day = GREATEST(day, $6::text), time_zone = COALESCE($7::text, time_zone),
						counts_day = COALESCE($8::text, counts_day), ratings = COALESCE($9::int, ratings), satisfied = COALESCE($10::int, satisfied),
						overdue_cases = COALESCE($11::int, overdue_cases), offline_stations = COALESCE($12::int, offline_stations)
					WHERE id = $1 RETURNING id
				)
				SELECT pg_notify($13, id),
					(SELECT count(*) || ':' || COALESCE(max(created_at), 0) FROM district_notices WHERE $1 = ANY(hall_ids)) AS notices_version
				FROM u`,
				[
					hallId,
					newLast,
					batch.head,
					now,
					fresh.length ? fresh[fresh.length - 1].at : null,
					day.day,
					day.timeZone,
					c?.day ?? null,
					c?.ratings ?? null,
					c?.satisfied ?? null,
					c?.overdueCases ?? null,
					c?.offlineStations ?? null,
					HALL_CHANNEL
				]
			);
			if (batch.noticeObjections?.length) {
				await client.query(
					`INSERT INTO notice_objections (notice_id, hall_id, objections, unanswered)
					 SELECT o.id, $1, o.objections, o.unanswered FROM jsonb_to_recordset($2::jsonb) AS o(id TEXT, objections INT, unanswered INT)
					 WHERE o.id IN (SELECT id FROM district_notices WHERE $1 = ANY(hall_ids))
					 ON CONFLICT (notice_id, hall_id) DO UPDATE SET objections = excluded.objections, unanswered = excluded.unanswered`,
					[hallId, JSON.stringify(batch.noticeObjections)]
				);
			}
			const version = updated.rows[0].notices_version;
			// The notices themselves only when the hall's copy is not the current one (rare).
			const notices = version === batch.noticesVersion ? {} : await this.#noticesFor(client, hallId);
			await client.query('COMMIT');
			return ok({ ackedSeq: newLast, ...notices });
		} catch (error) {
			await client.query('ROLLBACK').catch(() => undefined);
			throw error;
		} finally {
			client.release();
		}
	}

	/** Every district notice naming a hall, and their version (as the batch's UPDATE computes it). */
	async #noticesFor(client: pg.ClientBase, hallId: string): Promise<Pick<WireAck, 'notices' | 'noticesVersion'>> {
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

	/** The events and the rows they change, in as few statements as the batch needs. */
	async #store(client: pg.PoolClient, hallId: string, events: WireBatch['events'], now: number): Promise<{ day: string | null; timeZone: string | null }> {
		const p = projectBatch(events);
		await client.query(
			`WITH stored AS (
				INSERT INTO events (hall_id, seq, version, type, at, data, received_at)
				SELECT $1, e.seq, e.version, e.type, e.at, e.data, $3
				FROM jsonb_to_recordset($2::jsonb) AS e(seq BIGINT, version BIGINT, type TEXT, at BIGINT, data JSONB)
				ON CONFLICT (hall_id, seq) DO NOTHING
			)
			INSERT INTO tickets (hall_id, ticket_id, day, number, service_id, priority, status, issued_at, called_at, started_at, ended_at, window_id)
			SELECT $1, t.ticket_id, t.day, t.number, t.service_id, t.priority, t.status, t.issued_at, t.called_at, t.started_at, t.ended_at, t.window_id
			FROM jsonb_to_recordset($4::jsonb) AS t(ticket_id TEXT, day TEXT, number TEXT, service_id TEXT, priority TEXT, status TEXT,
				issued_at BIGINT, called_at BIGINT, started_at BIGINT, ended_at BIGINT, window_id TEXT)
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
				window_id = COALESCE(excluded.window_id, tickets.window_id)`,
			[hallId, JSON.stringify(events), now, JSON.stringify([...p.tickets.values()])]
		);
		if (p.windows.size > 0) {
			await client.query(
				`INSERT INTO hall_windows (hall_id, window_id, name, status)
				 SELECT $1, w.window_id, w.name, w.status FROM jsonb_to_recordset($2::jsonb) AS w(window_id TEXT, name TEXT, status TEXT)
				 ON CONFLICT (hall_id, window_id) DO UPDATE SET
					name = COALESCE(excluded.name, hall_windows.name), status = COALESCE(excluded.status, hall_windows.status)`,
				[hallId, JSON.stringify([...p.windows.values()])]
			);
		}
		if (p.services) {
			await client.query('DELETE FROM hall_services WHERE hall_id = $1', [hallId]);
			await client.query(
				`INSERT INTO hall_services (hall_id, service_id, prefix, name)
				 SELECT $1, s.service_id, s.prefix, s.name FROM jsonb_to_recordset($2::jsonb) AS s(service_id TEXT, prefix TEXT, name TEXT)
				 ON CONFLICT DO NOTHING`,
				[hallId, JSON.stringify(p.services)]
			);
		}
		return { day: p.day, timeZone: p.timeZone };
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
				COALESCE(t.issued, 0) AS issued, COALESCE(t.served, 0) AS served, COALESCE(t.waiting, 0) AS waiting, t.oldest_waiting,
				COALESCE(w.open, 0) AS windows_open
			 FROM halls h
			 LEFT JOIN LATERAL (
				SELECT count(*) AS issued,
					count(*) FILTER (WHERE status = 'done') AS served,
					count(*) FILTER (WHERE status IN ('waiting', 'transferred')) AS waiting,
					min(issued_at) FILTER (WHERE status IN ('waiting', 'transferred')) AS oldest_waiting
				FROM tickets WHERE hall_id = h.id AND day = h.day
			 ) t ON true
			 LEFT JOIN LATERAL (SELECT count(*) AS open FROM hall_windows WHERE hall_id = h.id AND status = 'open') w ON true
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
