// Staff accounts and sessions. Passwords are scrypt-hashed off the event loop; tokens are
// random and stored only as their SHA-256, so a copied database does not hand out sessions.
//
// Logins are the one door anyone on the hall's LAN can knock on, so they are built not to be
// usable against the hall: attempts are limited per address before any hashing is done, one
// hash runs at a time at the lowest CPU priority (the rest wait or are refused, after a pause),
// unknown and disabled accounts cost the same hash as real ones, and wrong passwords slow down only that account from that address (an
// attacker at one PC cannot lock the director out at another).

import { createHash, randomBytes, randomInt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import type { ApiError, StaffRole } from '../src/lib/protocol.ts';
import { logAudit } from './access-log.ts';
import type { Clock } from './clock.ts';
import type { Result } from './errors.ts';
import type { RateLimitOptions } from './http/rate-limit.ts';
import { PasswordHasher } from './password-hasher.ts';
import type { StaffRecord, Store } from './store/store.ts';

export type { Clock } from './clock.ts';

export interface AuthedStaff {
	id: string;
	username: string;
	name: string;
	staffNo: string;
	role: StaffRole;
}

export const SESSION_MS = 12 * 3600_000;
/** The demo hall's password: a non-demo hall's console warns while any account still has it. */
export const DEMO_PASSWORD = 'demo1234';

/** Failed login attempts per client address (a success costs nothing): a guessing script waits, a shift signing in does not. */
export const LOGIN_ATTEMPTS_PER_ADDRESS: RateLimitOptions = { burst: 10, perSecond: 0.2 };
/** Wrong passwords for one account from one address before each further try must wait. */
export const FREE_FAILURES = 3;
/** The first wait (after FREE_FAILURES), doubling with each further wrong password. */
export const BACKOFF_BASE_MS = 15_000;
export const BACKOFF_MAX_MS = 15 * 60_000;
/** A quiet hour forgets an (account, address)'s wrong passwords. */
const FAILURES_FORGOTTEN_MS = 3600_000;
/**
 * Hashes at once. A hall server has two cores or so: one hash at a time, in a thread at the
 * lowest CPU priority (password-hasher.ts), leaves the event loop that calls every number its
 * core, so a login flood slows logins, not the hall (bench: login).
 */
const MAX_CONCURRENT_HASHES = 1;
/** Logins waiting for a hash beyond this are refused at once rather than queued. */
const MAX_WAITING_HASHES = 32;
const MAX_BACKOFF_KEYS = 10_000;
export const SWEEP_EVERY_MS = 30_000;
/**
 * A refused login (too many attempts, a back-off, too many hashes waiting) is answered after
 * this pause. A guessing script that waits for its answers then gets one a second per
 * connection instead of thousands: the refusals stop costing the event loop that calls the
 * numbers. Nobody typing a password notices a second on a refusal.
 */
export const REFUSAL_PAUSE_MS = 1000;

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };

/** Sessions kept in memory: a hall has a few dozen staff terminals, each asking many times a minute. */
const SESSION_CACHE_SIZE = 1000;

/** A new password chosen by its owner (POST /api/session/password). */
export const newPasswordSchema = z
	.string()
	.min(8, '新密码至少 8 位')
	.max(200, '新密码不能超过 200 位')
	.refine((p) => p !== DEMO_PASSWORD, '不能使用演示密码')
	.refine((p) => new Set(p).size >= 4, '新密码过于简单');

export const passwordChangeSchema = z.strictObject({
	currentPassword: z.string().min(1, '请输入当前密码').max(200),
	newPassword: newPasswordSchema
});

/** An asynchronous scrypt: the Auth's low-priority hashing thread, in production. */
export type Derive = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) => Promise<Buffer>;

function encodeHash(salt: Buffer, hash: Buffer): string {
	return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Blocking: for seeds, tests and the admin command, never on a request. */
export function hashPassword(password: string): string {
	const salt = randomBytes(16);
	return encodeHash(salt, scryptSync(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }));
}

export async function hashPasswordAsync(derive: Derive, password: string): Promise<string> {
	const salt = randomBytes(16);
	return encodeHash(salt, await derive(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }));
}

function parseHash(stored: string): { salt: Buffer; expected: Buffer; options: ScryptOptions } | null {
	const [scheme, n, r, p, salt, hash] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !hash) return null;
	return { salt: Buffer.from(salt, 'base64'), expected: Buffer.from(hash, 'base64'), options: { N: Number(n), r: Number(r), p: Number(p) } };
}

export function verifyPassword(password: string, stored: string): boolean {
	const parsed = parseHash(stored);
	if (!parsed) return false;
	return timingSafeEqual(parsed.expected, scryptSync(password, parsed.salt, parsed.expected.length, parsed.options));
}

export async function verifyPasswordAsync(derive: Derive, password: string, stored: string): Promise<boolean> {
	const parsed = parseHash(stored);
	if (!parsed) return false;
	const actual = await derive(password, parsed.salt, parsed.expected.length, parsed.options);
	return timingSafeEqual(parsed.expected, actual);
}

/** Letters and digits that cannot be mistaken for one another when read off a screen. */
const READABLE = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time password (add-user, reset): 14 readable characters, about 80 bits. */
export function oneTimePassword(): string {
	let password = '';
	for (let i = 0; i < 14; i++) password += READABLE[randomInt(READABLE.length)];
	return password;
}

/** The key a session is known by everywhere but the client: what the database stores. */
export function sessionKey(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

function badge(staff: StaffRecord): AuthedStaff {
	return { id: staff.id, username: staff.username, name: staff.name, staffNo: staff.staffNo, role: staff.role };
}

export interface LoginSession {
	token: string;
	staff: AuthedStaff;
	/** A one-time or reset password: until it is changed, every other command answers 403 password_change_required. */
	mustChangePassword: boolean;
	expiresAt: number;
}

/** Kept for the doors' existing shape: a login's answer. */
export type LoginResult = Result<LoginSession>;

/**
 * Something ended or changed a person's sessions: their sockets must be disconnected (they
 * reconnect and authenticate again, getting the new role or nothing).
 */
export interface Revocation {
	/** `ended`: the session vanished from the database (the admin command reset the password). */
	reason: 'logout' | 'expired' | 'password_changed' | 'password_reset' | 'role_changed' | 'disabled' | 'ended';
	staffId: string;
	/** Only this session (its `sessionKey`) ended: logout, expiry. Absent: every session of `staffId`. */
	session?: string;
	/** Every session of `staffId` but this one (the one that changed its own password). */
	except?: string;
}

export type RevocationListener = (revocation: Revocation) => void;

export interface AuthOptions {
	/** Login and password-change attempts per client address; null turns the limit off (load tests). */
	attemptsPerAddress?: RateLimitOptions | null;
	freeFailures?: number;
	backoffBaseMs?: number;
	backoffMaxMs?: number;
	/** How often ended sessions are looked for while someone listens for revocations. */
	sweepEveryMs?: number;
	/** How long a refused login waits before its answer; 0 when the attempt limit is off. */
	refusalPauseMs?: number;
}

const unauthorized: ApiError = { code: 'unauthorized', message: '请先登录' };
const badCredentials: ApiError = { code: 'bad_credentials', message: '用户名或密码错误' };
const mustChange: ApiError = { code: 'password_change_required', message: '请先修改初始密码，再进行其他操作' };

/** The audit log wants a staff id; an attempt at an unknown username has none. */
const ANONYMOUS = '-';

interface CachedSession {
	staff: AuthedStaff;
	expiresAt: number;
	mustChange: boolean;
}

export class Auth {
	readonly #store: Store;
	readonly #clock: Clock;
	readonly #options: Required<Omit<AuthOptions, 'attemptsPerAddress' | 'refusalPauseMs'>>;
	readonly #attemptLimit: RateLimitOptions | null;
	readonly #refusalPauseMs: number;
	readonly #hasher = new PasswordHasher();
	readonly #derive: Derive = (password, salt, keylen, options) => this.#hasher.derive(password, salt, keylen, options);
	/** Attempt tokens per client address (a bucket each); a successful login gives its token back. */
	readonly #attempts = new Map<string, { tokens: number; at: number }>();
	// A hash to compare against when the username is unknown, so timing does not reveal which
	// usernames exist. Made on first use: the admin command does not need one.
	#decoyHash: Promise<string> | null = null;
	/**
	 * Valid sessions by session key, so a request costs no database reads. Every change that
	 * ends a session or alters its account (logout, new password, account edit or disable)
	 * goes through this class and drops the entries first; expiry is checked on every use.
	 */
	readonly #sessions = new Map<string, CachedSession>();
	/** Wrong passwords per (username, address). */
	readonly #failures = new Map<string, { count: number; until: number; at: number }>();
	#hashing = 0;
	readonly #hashQueue: (() => void)[] = [];
	readonly #listeners = new Set<RevocationListener>();
	#sweep: ReturnType<typeof setInterval> | null = null;
	/** Whether a stored hash is of the demo password: each hash is checked once. */
	readonly #demoHashes = new Map<string, Promise<boolean>>();

	constructor(store: Store, clock: Clock, options: AuthOptions = {}) {
		this.#store = store;
		this.#clock = clock;
		this.#options = {
			freeFailures: options.freeFailures ?? FREE_FAILURES,
			backoffBaseMs: options.backoffBaseMs ?? BACKOFF_BASE_MS,
			backoffMaxMs: options.backoffMaxMs ?? BACKOFF_MAX_MS,
			sweepEveryMs: options.sweepEveryMs ?? SWEEP_EVERY_MS
		};
		this.#attemptLimit = options.attemptsPerAddress === undefined ? LOGIN_ATTEMPTS_PER_ADDRESS : options.attemptsPerAddress;
		this.#refusalPauseMs = options.refusalPauseMs ?? (this.#attemptLimit ? REFUSAL_PAUSE_MS : 0);
	}

	// Hashing, a few at a time -------------------------------------------------------

	async #withHashSlot<T>(run: () => Promise<T>): Promise<T | null> {
		if (this.#hashing >= MAX_CONCURRENT_HASHES) {
			if (this.#hashQueue.length >= MAX_WAITING_HASHES) return null;
			await new Promise<void>((resolve) => this.#hashQueue.push(resolve));
		} else {
			this.#hashing++;
		}
		try {
			return await run();
		} finally {
			// The slot passes straight to the next waiter, so the count stays right.
			const next = this.#hashQueue.shift();
			if (next) next();
			else this.#hashing--;
		}
	}

	#decoy(): Promise<string> {
		this.#decoyHash ??= hashPasswordAsync(this.#derive, randomBytes(16).toString('hex'));
		return this.#decoyHash;
	}

	// Attempts: per address, then per (account, address) -----------------------------

	#failureKey(username: string, address: string): string {
		return `${username.toLowerCase()}\n${address}`;
	}

	/** Takes one attempt from `address`'s bucket; the seconds to wait when it is empty. */
	#takeAttempt(address: string): number | null {
		const limit = this.#attemptLimit;
		if (!limit) return null;
		const now = this.#clock.now();
		const bucket = this.#attempts.get(address) ?? { tokens: limit.burst, at: now };
		bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
		bucket.at = now;
		if (this.#attempts.size >= MAX_BACKOFF_KEYS && !this.#attempts.has(address)) {
			for (const [k, b] of this.#attempts) if (b.tokens >= limit.burst) this.#attempts.delete(k);
		}
		this.#attempts.set(address, bucket);
		if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) / limit.perSecond);
		bucket.tokens -= 1;
		return null;
	}

	/** Whoever knew the password is not guessing: a shift signing in at once is never slowed. */
	#refundAttempt(address: string): void {
		const bucket = this.#attempts.get(address);
		if (bucket && this.#attemptLimit) bucket.tokens = Math.min(this.#attemptLimit.burst, bucket.tokens + 1);
	}

	/** Refuses before any hashing: too many attempts from this address, or this account from it. */
	#gate(username: string, address: string): ApiError | null {
		const wait = this.#takeAttempt(address);
		if (wait !== null) return { code: 'rate_limited', message: '登录尝试过于频繁，请稍后再试', details: { retryAfterSeconds: wait } };
		const failures = this.#failures.get(this.#failureKey(username, address));
		const now = this.#clock.now();
		if (failures && failures.until > now) {
			this.#refundAttempt(address);
			const retryAfterSeconds = Math.ceil((failures.until - now) / 1000);
			return {
				code: 'rate_limited',
				message: `密码错误次数过多，请 ${retryAfterSeconds} 秒后再试`,
				details: { retryAfterSeconds }
			};
		}
		return null;
	}

	/** A wrong password: counts it, and starts or lengthens this (account, address)'s back-off. */
	#fail(username: string, address: string, staffId: string | null, action: 'login:failed' | 'password:change-failed'): void {
		const key = this.#failureKey(username, address);
		const now = this.#clock.now();
		const previous = this.#failures.get(key);
		const count = previous && now - previous.at < FAILURES_FORGOTTEN_MS ? previous.count + 1 : 1;
		const over = count - this.#options.freeFailures;
		const delay = over >= 0 ? Math.min(this.#options.backoffMaxMs, this.#options.backoffBaseMs * 2 ** over) : 0;
		if (this.#failures.size >= MAX_BACKOFF_KEYS && !previous) {
			for (const [k, f] of this.#failures) if (f.until <= now && now - f.at > 60_000) this.#failures.delete(k);
		}
		if (this.#failures.size < MAX_BACKOFF_KEYS || previous) this.#failures.set(key, { count, until: now + delay, at: now });
		const db = this.#store.db;
		db.transaction(() => {
			logAudit(db, now, staffId ?? ANONYMOUS, action, username.slice(0, 64), { address, failures: count });
			if (delay > 0) logAudit(db, now, staffId ?? ANONYMOUS, 'login:backoff', username.slice(0, 64), { address, failures: count, seconds: delay / 1000 });
		})();
	}

	// Logins and sessions ---------------------------------------------------------------

	async #refuseAfterPause(error: ApiError): Promise<{ ok: false; error: ApiError }> {
		if (this.#refusalPauseMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#refusalPauseMs));
		return { ok: false, error };
	}

	/**
	 * Signs in. `address` is the client's (the doors decide whether a proxy's header is trusted).
	 * Unknown, disabled and real accounts cost one hash each, so the answer's time tells nothing.
	 */
	async login(username: string, password: string, address: string): Promise<Result<LoginSession>> {
		const gated = this.#gate(username, address);
		if (gated) return this.#refuseAfterPause(gated);
		const staff = this.#store.staffByUsername(username);
		const verified = await this.#withHashSlot(async () =>
			staff ? verifyPasswordAsync(this.#derive, password, staff.passwordHash) : (await verifyPasswordAsync(this.#derive, password, await this.#decoy()), false)
		);
		if (verified === null) return this.#refuseAfterPause({ code: 'rate_limited', message: '登录人数过多，请稍后再试', details: { retryAfterSeconds: 1 } });
		if (!staff || !verified) {
			this.#fail(username, address, staff?.id ?? null, 'login:failed');
			return { ok: false, error: badCredentials };
		}
		// Only someone who knows the password learns that the account is disabled.
		if (staff.disabled) return { ok: false, error: { code: 'forbidden', message: '该账号已停用，请联系服务中心主任' } };
		this.#failures.delete(this.#failureKey(username, address));
		this.#refundAttempt(address);
		const now = this.#clock.now();
		const token = randomBytes(32).toString('base64url');
		this.#store.createSession(sessionKey(token), staff.id, now, now + SESSION_MS);
		return {
			ok: true,
			value: { token, staff: badge(staff), mustChangePassword: staff.mustChangePassword, expiresAt: now + SESSION_MS }
		};
	}

	#lookup(token: string | undefined | null): (CachedSession & { key: string }) | null {
		if (!token || token.length > 200) return null;
		const key = sessionKey(token);
		const now = this.#clock.now();
		const cached = this.#sessions.get(key);
		if (cached) {
			if (cached.expiresAt > now) return { ...cached, staff: { ...cached.staff }, key };
			this.#expire(key, cached.staff.id);
			return null;
		}
		const session = this.#store.session(key);
		if (!session) return null;
		if (session.expiresAt <= now) {
			this.#expire(key, session.staffId);
			return null;
		}
		const staff = this.#store.staffById(session.staffId);
		if (!staff || staff.disabled) return null;
		if (this.#sessions.size >= SESSION_CACHE_SIZE) this.#sessions.delete(this.#sessions.keys().next().value!);
		const entry = { staff: badge(staff), expiresAt: session.expiresAt, mustChange: staff.mustChangePassword };
		this.#sessions.set(key, entry);
		return { ...entry, staff: { ...entry.staff }, key };
	}

	#expire(key: string, staffId: string): void {
		this.#sessions.delete(key);
		this.#store.deleteSession(key);
		this.#emit({ reason: 'expired', staffId, session: key });
	}

	/** The session's person, whether or not they must still change a one-time password. */
	authenticate(token: string | undefined | null): AuthedStaff | null {
		return this.#lookup(token)?.staff ?? null;
	}

	/** GET /api/session: who, and whether a new password must be chosen first. */
	session(token: string | undefined | null): { staff: AuthedStaff; mustChangePassword: boolean } | null {
		const found = this.#lookup(token);
		return found ? { staff: found.staff, mustChangePassword: found.mustChange } : null;
	}

	/**
	 * The one check every staff command makes: a valid session (401 `unauthorized`) whose
	 * one-time password has been changed (403 `password_change_required`).
	 */
	authorize(token: string | undefined | null): Result<AuthedStaff> {
		const found = this.#lookup(token);
		if (!found) return { ok: false, error: unauthorized };
		if (found.mustChange) return { ok: false, error: mustChange };
		return { ok: true, value: found.staff };
	}

	logout(token: string): void {
		const found = this.#lookup(token);
		const key = sessionKey(token);
		this.#sessions.delete(key);
		this.#store.deleteSession(key);
		if (found) this.#emit({ reason: 'logout', staffId: found.staff.id, session: key });
	}

	/**
	 * Changes one's own password (POST /api/session/password). Ends the person's other
	 * sessions; this one stays, no longer bound to change its password.
	 */
	async changePassword(token: string | null, input: { currentPassword: string; newPassword: string }, address: string): Promise<Result<{ staff: AuthedStaff }>> {
		const found = this.#lookup(token);
		if (!found) return { ok: false, error: unauthorized };
		const parsed = passwordChangeSchema.safeParse(input);
		if (!parsed.success) return { ok: false, error: { code: 'bad_request', message: parsed.error.issues[0]?.message ?? '请求内容不正确' } };
		const { currentPassword, newPassword } = parsed.data;
		if (currentPassword === newPassword) return { ok: false, error: { code: 'bad_request', message: '新密码不能与当前密码相同' } };
		if (newPassword.toLowerCase().includes(found.staff.username.toLowerCase())) {
			return { ok: false, error: { code: 'bad_request', message: '新密码不能包含用户名' } };
		}
		// Knowing the session is not knowing the password: the same limits as a login.
		const gated = this.#gate(found.staff.username, address);
		if (gated) return this.#refuseAfterPause(gated);
		const record = this.#store.staffById(found.staff.id);
		if (!record) return { ok: false, error: unauthorized };
		const outcome = await this.#withHashSlot(async () =>
			(await verifyPasswordAsync(this.#derive, currentPassword, record.passwordHash)) ? { hashed: await hashPasswordAsync(this.#derive, newPassword) } : { hashed: null }
		);
		if (outcome === null) return this.#refuseAfterPause({ code: 'rate_limited', message: '系统繁忙，请稍后再试', details: { retryAfterSeconds: 1 } });
		const { hashed } = outcome;
		if (hashed === null) {
			this.#fail(found.staff.username, address, found.staff.id, 'password:change-failed');
			return { ok: false, error: { code: 'bad_request', message: '当前密码不正确', details: { field: 'currentPassword' } } };
		}
		const db = this.#store.db;
		db.transaction(() => {
			this.#store.setPassword(found.staff.id, hashed, { keepSession: found.key });
			logAudit(db, this.#clock.now(), found.staff.id, 'password:change', found.staff.id, { address, wasOneTime: found.mustChange });
		})();
		this.#forgetSessionsOf(found.staff.id);
		this.#failures.delete(this.#failureKey(found.staff.username, address));
		this.#refundAttempt(address);
		this.#emit({ reason: 'password_changed', staffId: found.staff.id, except: found.key });
		return { ok: true, value: { staff: found.staff } };
	}

	/** Drops the cached sessions of one account: it changed, or its sessions ended. */
	#forgetSessionsOf(staffId: string): void {
		for (const [key, session] of this.#sessions) if (session.staff.id === staffId) this.#sessions.delete(key);
	}

	/**
	 * A director sets a new password for a staff member: a one-time password, to be changed
	 * at the next login. The staff member's sessions end.
	 */
	resetPassword(actor: AuthedStaff, staffId: string, password: string): Result<{ staffId: string }> {
		if (actor.role !== 'director' && actor.role !== 'admin') {
			return { ok: false, error: { code: 'forbidden', message: '只有服务中心主任可以重置密码' } };
		}
		if (!this.#store.staffById(staffId)) return { ok: false, error: { code: 'not_found', message: '没有这名工作人员' } };
		this.#forgetSessionsOf(staffId);
		this.#store.setPassword(staffId, hashPassword(password), { mustChange: true });
		this.#clearFailuresOf(staffId);
		this.#emit({ reason: 'password_reset', staffId });
		return { ok: true, value: { staffId } };
	}

	#clearFailuresOf(staffId: string): void {
		const username = this.#store.staffById(staffId)?.username.toLowerCase();
		if (!username) return;
		for (const key of this.#failures.keys()) if (key.startsWith(`${username}\n`)) this.#failures.delete(key);
	}

	listStaff(): (AuthedStaff & { disabled: boolean; locked: boolean; mustChangePassword: boolean })[] {
		const now = this.#clock.now();
		const slowed = new Set<string>();
		for (const [key, f] of this.#failures) if (f.until > now) slowed.add(key.split('\n')[0]);
		return this.#store.allStaff().map((s) => ({
			...badge(s),
			disabled: s.disabled,
			// Some address is being slowed down on this account: worth the director's eye.
			locked: slowed.has(s.username.toLowerCase()),
			mustChangePassword: s.mustChangePassword
		}));
	}

	/** An account set up by someone else: its password is a one-time password unless `mustChangePassword: false`. */
	createStaff(input: { username: string; name: string; staffNo: string; role: StaffRole; password: string; mustChangePassword?: boolean }): Result<AuthedStaff> {
		if (this.#store.staffByUsername(input.username)) {
			return { ok: false, error: { code: 'bad_request', message: `用户名 ${input.username} 已存在` } };
		}
		const id = `u${randomBytes(6).toString('hex')}`;
		this.#store.insertStaff(
			{
				id,
				username: input.username,
				name: input.name,
				staffNo: input.staffNo,
				role: input.role,
				passwordHash: hashPassword(input.password),
				mustChangePassword: input.mustChangePassword ?? true
			},
			this.#clock.now()
		);
		return { ok: true, value: badge(this.#store.staffById(id)!) };
	}

	updateStaff(id: string, patch: { name?: string; staffNo?: string; role?: StaffRole; disabled?: boolean }): Result<AuthedStaff & { disabled: boolean }> {
		const before = this.#store.staffById(id);
		if (!before) return { ok: false, error: { code: 'not_found', message: '没有这名工作人员' } };
		this.#forgetSessionsOf(id);
		this.#store.updateStaff(id, patch);
		const staff = this.#store.staffById(id)!;
		if (staff.disabled && !before.disabled) this.#emit({ reason: 'disabled', staffId: id });
		else if (staff.role !== before.role) this.#emit({ reason: 'role_changed', staffId: id });
		return { ok: true, value: { ...badge(staff), disabled: staff.disabled } };
	}

	/** Usernames whose password is still the demo's (the console warns in a non-demo hall). */
	async accountsWithDemoPassword(): Promise<string[]> {
		const staff = this.#store.allStaff().filter((s) => !s.disabled);
		const checks = staff.map((s) => {
			let check = this.#demoHashes.get(s.passwordHash);
			if (!check) {
				check = verifyPasswordAsync(this.#derive, DEMO_PASSWORD, s.passwordHash);
				this.#demoHashes.set(s.passwordHash, check);
			}
			return check;
		});
		const results = await Promise.all(checks);
		return staff.filter((_, i) => results[i]).map((s) => s.username);
	}

	// Revocation ----------------------------------------------------------------------

	/**
	 * Tells `listener` whenever sessions end or change (logout, expiry, password changed or
	 * reset, role changed, account disabled). While anyone listens, ended sessions are swept
	 * for every `sweepEveryMs`, so a socket does not outlive its session. Returns the unsubscribe.
	 */
	onRevoked(listener: RevocationListener): () => void {
		this.#listeners.add(listener);
		if (!this.#sweep) {
			this.#sweep = setInterval(() => this.sweepExpired(), this.#options.sweepEveryMs);
			this.#sweep.unref();
		}
		return () => {
			this.#listeners.delete(listener);
			if (this.#listeners.size === 0) this.close();
		};
	}

	/**
	 * Ends sessions past their time and tells the listeners; the timer calls it, tests may too.
	 * Also forgets the cached sessions, so what another process changed in the database (the
	 * admin command: a reset password, its sessions gone) takes effect here within one sweep.
	 */
	sweepExpired(): void {
		for (const { tokenHash, staffId } of this.#store.deleteExpiredSessions(this.#clock.now())) {
			this.#sessions.delete(tokenHash);
			this.#emit({ reason: 'expired', staffId, session: tokenHash });
		}
		for (const [key, cached] of [...this.#sessions]) {
			const staff = this.#store.session(key) ? this.#store.staffById(cached.staff.id) : null;
			if (!staff || staff.disabled) {
				this.#sessions.delete(key);
				this.#emit({ reason: staff ? 'disabled' : 'ended', staffId: cached.staff.id, session: key });
				continue;
			}
			this.#sessions.set(key, { staff: badge(staff), expiresAt: cached.expiresAt, mustChange: staff.mustChangePassword });
			if (staff.role !== cached.staff.role) this.#emit({ reason: 'role_changed', staffId: staff.id, session: key });
		}
	}

	#emit(revocation: Revocation): void {
		for (const listener of this.#listeners) listener(revocation);
	}

	/** Stops the sweep and the hashing thread (the hall is closing; a later login starts the thread again). */
	close(): void {
		if (this.#sweep) clearInterval(this.#sweep);
		this.#sweep = null;
		void this.#hasher.close();
	}

	/** Creates the demo accounts once, for the demo hall only. */
	seedDemoStaff(): void {
		if (this.#store.allStaff().length > 0) return;
		const password = hashPassword(DEMO_PASSWORD);
		const now = this.#clock.now();
		const names = ['王丽', '李强', '张敏', '刘洋', '陈静', '杨帆'];
		names.forEach((name, i) => {
			this.#store.insertStaff(
				{ id: `s${i + 1}`, username: `staff${i + 1}`, name, staffNo: `DQ${String(i + 1).padStart(3, '0')}`, role: 'staff', passwordHash: password },
				now
			);
		});
		this.#store.insertStaff(
			{ id: 'd1', username: 'director', name: '赵主任', staffNo: 'DQ000', role: 'director', passwordHash: password },
			now
		);
	}
}
