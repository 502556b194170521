// Staff accounts and sessions. Passwords are scrypt-hashed; tokens are random and
// stored only as their SHA-256, so a copied database does not hand out sessions.

import { createHash, randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import type { ApiError, StaffRole } from '../src/lib/protocol.ts';
import type { StaffRecord, Store } from './store/store.ts';

export interface Clock {
	now(): number;
}

export interface AuthedStaff {
	id: string;
	username: string;
	name: string;
	staffNo: string;
	role: StaffRole;
}

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;
export const SESSION_MS = 12 * 3600_000;

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };

/** Sessions kept in memory: a hall has a few dozen staff terminals, each asking many times a minute. */
const SESSION_CACHE_SIZE = 1000;

export function hashPassword(password: string): string {
	const salt = randomBytes(16);
	const hash = scryptSync(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
	return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
	const [scheme, n, r, p, salt, hash] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !hash) return false;
	const expected = Buffer.from(hash, 'base64');
	const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length, {
		N: Number(n),
		r: Number(r),
		p: Number(p)
	});
	return timingSafeEqual(expected, actual);
}

function tokenHash(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

function badge(staff: StaffRecord): AuthedStaff {
	return { id: staff.id, username: staff.username, name: staff.name, staffNo: staff.staffNo, role: staff.role };
}

export type LoginResult = { ok: true; token: string; staff: AuthedStaff } | { ok: false; error: ApiError };

export class Auth {
	readonly #store: Store;
	readonly #clock: Clock;
	// A hash to compare against when the username is unknown, so timing does not reveal which usernames exist.
	readonly #decoyHash = hashPassword(randomUUID());
	/**
	 * Valid sessions by token hash, so a request costs no database reads. Every change that
	 * ends a session or alters its account (logout, new password, account edit or disable)
	 * goes through this class and drops the entries first; expiry is checked on every use.
	 */
	readonly #sessions = new Map<string, { staff: AuthedStaff; expiresAt: number }>();

	constructor(store: Store, clock: Clock) {
		this.#store = store;
		this.#clock = clock;
	}

	login(username: string, password: string): LoginResult {
		const now = this.#clock.now();
		const staff = this.#store.staffByUsername(username);
		if (!staff) {
			verifyPassword(password, this.#decoyHash);
			return { ok: false, error: { code: 'bad_credentials', message: '用户名或密码错误' } };
		}
		if (staff.disabled) return { ok: false, error: { code: 'forbidden', message: '该账号已停用，请联系服务中心主任' } };
		if (staff.lockedUntil && staff.lockedUntil > now) {
			return {
				ok: false,
				error: {
					code: 'forbidden',
					message: '密码错误次数过多，账号已锁定，请稍后再试或请主任重置密码',
					details: { lockedUntil: staff.lockedUntil }
				}
			};
		}
		if (!verifyPassword(password, staff.passwordHash)) {
			const failed = staff.failedAttempts + 1;
			const locked = failed >= MAX_FAILED_LOGINS ? now + LOCKOUT_MS : null;
			this.#store.recordLoginFailure(staff.id, locked ? 0 : failed, locked);
			return {
				ok: false,
				error: locked
					? { code: 'forbidden', message: '密码错误次数过多，账号已锁定 15 分钟', details: { lockedUntil: locked } }
					: { code: 'bad_credentials', message: '用户名或密码错误' }
			};
		}
		const token = randomBytes(32).toString('base64url');
		this.#store.createSession(tokenHash(token), staff.id, now, now + SESSION_MS);
		return { ok: true, token, staff: badge(staff) };
	}

	authenticate(token: string | undefined | null): AuthedStaff | null {
		if (!token || token.length > 200) return null;
		const hash = tokenHash(token);
		const now = this.#clock.now();
		const cached = this.#sessions.get(hash);
		if (cached) {
			if (cached.expiresAt > now) return { ...cached.staff };
			this.#sessions.delete(hash);
			return null;
		}
		const session = this.#store.session(hash);
		if (!session || session.expiresAt <= now) return null;
		const staff = this.#store.staffById(session.staffId);
		if (!staff || staff.disabled) return null;
		if (this.#sessions.size >= SESSION_CACHE_SIZE) this.#sessions.delete(this.#sessions.keys().next().value!);
		this.#sessions.set(hash, { staff: badge(staff), expiresAt: session.expiresAt });
		return badge(staff);
	}

	logout(token: string): void {
		const hash = tokenHash(token);
		this.#sessions.delete(hash);
		this.#store.deleteSession(hash);
	}

	/** Drops the cached sessions of one account: it changed, or its sessions ended. */
	#forgetSessionsOf(staffId: string): void {
		for (const [hash, session] of this.#sessions) if (session.staff.id === staffId) this.#sessions.delete(hash);
	}

	/** A director sets a new password for a staff member (e.g. after a lockout). */
	resetPassword(actor: AuthedStaff, staffId: string, password: string): { ok: true } | { ok: false; error: ApiError } {
		if (actor.role !== 'director' && actor.role !== 'admin') {
			return { ok: false, error: { code: 'forbidden', message: '只有服务中心主任可以重置密码' } };
		}
		if (!this.#store.staffById(staffId)) return { ok: false, error: { code: 'not_found', message: '没有这名工作人员' } };
		this.#forgetSessionsOf(staffId);
		this.#store.setPassword(staffId, hashPassword(password));
		return { ok: true };
	}

	listStaff(): (AuthedStaff & { disabled: boolean; locked: boolean })[] {
		const now = this.#clock.now();
		return this.#store.allStaff().map((s) => ({ ...badge(s), disabled: s.disabled, locked: !!s.lockedUntil && s.lockedUntil > now }));
	}

	createStaff(input: { username: string; name: string; staffNo: string; role: StaffRole; password: string }): { ok: true; value: AuthedStaff } | { ok: false; error: ApiError } {
		if (this.#store.staffByUsername(input.username)) {
			return { ok: false, error: { code: 'bad_request', message: `用户名 ${input.username} 已存在` } };
		}
		const id = `u${randomBytes(6).toString('hex')}`;
		this.#store.insertStaff({ id, username: input.username, name: input.name, staffNo: input.staffNo, role: input.role, passwordHash: hashPassword(input.password) }, this.#clock.now());
		return { ok: true, value: badge(this.#store.staffById(id)!) };
	}

	updateStaff(id: string, patch: { name?: string; staffNo?: string; role?: StaffRole; disabled?: boolean }): { ok: true; value: AuthedStaff & { disabled: boolean } } | { ok: false; error: ApiError } {
		if (!this.#store.staffById(id)) return { ok: false, error: { code: 'not_found', message: '没有这名工作人员' } };
		this.#forgetSessionsOf(id);
		this.#store.updateStaff(id, patch);
		const staff = this.#store.staffById(id)!;
		return { ok: true, value: { ...badge(staff), disabled: staff.disabled } };
	}

	/** Creates the demo accounts once, for the demo hall only. */
	seedDemoStaff(): void {
		if (this.#store.allStaff().length > 0) return;
		const password = hashPassword('demo1234');
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
