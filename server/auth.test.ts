import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Auth, DEMO_PASSWORD, FREE_FAILURES, hashPassword, REFUSAL_PAUSE_MS, SESSION_MS, sessionKey, type Revocation } from './auth.ts';
import { Store } from './store/store.ts';

const ADDRESS = '10.0.0.21';
const OTHER_ADDRESS = '10.0.0.99';

function auditRows(store: Store): { staff_id: string; action: string; target: string | null; detail: string }[] {
	return store.db.prepare(`SELECT staff_id, action, target, detail FROM audit_log ORDER BY seq`).all() as never;
}

describe('Auth', () => {
	let store: Store;
	let now: number;
	let auth: Auth;
	let revoked: Revocation[];

	beforeEach(() => {
		store = new Store(':memory:');
		now = Date.UTC(2026, 10, 26, 2);
		const hash = hashPassword('pass-1234');
		store.insertStaff({ id: 's1', username: 'staff1', name: '王丽', staffNo: 'DQ001', role: 'staff', passwordHash: hash }, now);
		store.insertStaff({ id: 'd1', username: 'director', name: '赵主任', staffNo: 'DQ000', role: 'director', passwordHash: hash }, now);
		auth = new Auth(store, { now: () => now }, { refusalPauseMs: 0 });
		revoked = [];
		auth.onRevoked((r) => revoked.push(r));
	});
	afterEach(() => {
		auth.close();
		store.close();
	});

	async function signIn(username = 'staff1', password = 'pass-1234', address = ADDRESS): Promise<string> {
		const login = await auth.login(username, password, address);
		if (!login.ok) throw new Error(login.error.code);
		expect(auth.authenticate(login.value.token)?.username).toBe(username);
		expect(auth.authenticate(login.value.token)?.username).toBe(username);
		return login.value.token;
	}

	describe('sessions', () => {
		it('end at logout, and the socket door is told which one', async () => {
			const token = await signIn();
			auth.logout(token);
			expect(auth.authenticate(token)).toBeNull();
			expect(revoked).toEqual([{ reason: 'logout', staffId: 's1', session: sessionKey(token) }]);
		});

		it('end when they expire, found on use or by the sweep', async () => {
			const used = await signIn();
			const idle = await signIn();
			now += SESSION_MS - 1;
			expect(auth.authenticate(used)).not.toBeNull();
			now += 1;
			expect(auth.authenticate(used)).toBeNull();
			expect(revoked).toEqual([{ reason: 'expired', staffId: 's1', session: sessionKey(used) }]);
			auth.sweepExpired();
			expect(revoked.slice(1)).toEqual([{ reason: 'expired', staffId: 's1', session: sessionKey(idle) }]);
			expect(auth.authenticate(idle)).toBeNull();
			auth.sweepExpired();
			expect(revoked).toHaveLength(2);
		});

		it('end when the account is disabled or its password reset, and show account edits at once', async () => {
			const director = auth.authenticate(await signIn('director'))!;
			const token = await signIn();
			expect(auth.updateStaff('s1', { name: '王丽丽' }).ok).toBe(true);
			expect(auth.authenticate(token)?.name).toBe('王丽丽');
			expect(revoked).toEqual([]);
			expect(auth.resetPassword(director, 's1', 'new-pass-123').ok).toBe(true);
			expect(auth.authenticate(token)).toBeNull();
			expect(revoked).toEqual([{ reason: 'password_reset', staffId: 's1' }]);

			const login = await auth.login('staff1', 'new-pass-123', ADDRESS);
			if (!login.ok) throw new Error(login.error.code);
			expect(auth.authenticate(login.value.token)).not.toBeNull();
			expect(auth.updateStaff('s1', { role: 'director' }).ok).toBe(true);
			expect(revoked.at(-1)).toEqual({ reason: 'role_changed', staffId: 's1' });
			expect(auth.authenticate(login.value.token)?.role).toBe('director');
			expect(auth.updateStaff('s1', { disabled: true }).ok).toBe(true);
			expect(revoked.at(-1)).toEqual({ reason: 'disabled', staffId: 's1' });
			expect(auth.authenticate(login.value.token)).toBeNull();
		});

		it('refuses unknown and oversized tokens', () => {
			expect(auth.authenticate('nope')).toBeNull();
			expect(auth.authenticate('x'.repeat(201))).toBeNull();
			expect(auth.authenticate(null)).toBeNull();
			expect(auth.authorize(null)).toEqual({ ok: false, error: expect.objectContaining({ code: 'unauthorized' }) });
		});
	});

	describe('one-time passwords', () => {
		it('a created account must change its password before anything else; the change keeps this session and ends the others', async () => {
			const created = auth.createStaff({ username: 'staff9', name: '孙悦', staffNo: 'DQ009', role: 'staff', password: 'one-time-pw-1' });
			expect(created.ok).toBe(true);
			const first = await auth.login('staff9', 'one-time-pw-1', ADDRESS);
			if (!first.ok) throw new Error(first.error.code);
			expect(first.value.mustChangePassword).toBe(true);
			const other = await auth.login('staff9', 'one-time-pw-1', OTHER_ADDRESS);
			if (!other.ok) throw new Error(other.error.code);

			expect(auth.authorize(first.value.token)).toEqual({ ok: false, error: expect.objectContaining({ code: 'password_change_required' }) });
			expect(auth.session(first.value.token)).toMatchObject({ mustChangePassword: true, staff: { username: 'staff9' } });

			const wrong = await auth.changePassword(first.value.token, { currentPassword: 'nope-nope', newPassword: 'my-own-pass-7' }, ADDRESS);
			expect(wrong).toMatchObject({ ok: false, error: { code: 'bad_request', details: { field: 'currentPassword' } } });
			const demo = await auth.changePassword(first.value.token, { currentPassword: 'one-time-pw-1', newPassword: DEMO_PASSWORD }, ADDRESS);
			expect(demo).toMatchObject({ ok: false, error: { code: 'bad_request' } });

			const changed = await auth.changePassword(first.value.token, { currentPassword: 'one-time-pw-1', newPassword: 'my-own-pass-7' }, ADDRESS);
			expect(changed.ok).toBe(true);
			const staff9 = store.staffByUsername('staff9')!;
			expect(auth.authorize(first.value.token)).toEqual({ ok: true, value: expect.objectContaining({ username: 'staff9' }) });
			expect(auth.authenticate(other.value.token)).toBeNull();
			expect(revoked.at(-1)).toEqual({ reason: 'password_changed', staffId: staff9.id, except: sessionKey(first.value.token) });

			const again = await auth.login('staff9', 'my-own-pass-7', ADDRESS);
			expect(again).toMatchObject({ ok: true, value: { mustChangePassword: false } });
			const actions = auditRows(store).map((r) => r.action);
			expect(actions).toContain('password:change');
			expect(actions).toContain('password:change-failed');
		});

		it('a reset password is one-time too', async () => {
			const director = auth.authenticate(await signIn('director'))!;
			auth.resetPassword(director, 's1', 'reset-pass-42');
			expect(await auth.login('staff1', 'reset-pass-42', ADDRESS)).toMatchObject({ ok: true, value: { mustChangePassword: true } });
		});
	});

	describe('logins', () => {
		it('hash off the event loop: other work runs while a login is checked', async () => {
			let ran = false;
			setImmediate(() => (ran = true));
			const login = await auth.login('staff1', 'pass-1234', ADDRESS);
			expect(login.ok).toBe(true);
			expect(ran).toBe(true);
		});

		it('limit failed attempts per address, checked before looking at any account', async () => {
			const limited = new Auth(store, { now: () => now }, { attemptsPerAddress: { burst: 2, perSecond: 0.1 }, refusalPauseMs: 0 });
			// Logins that succeed cost nothing: a shift signing in on one PC is never slowed down.
			for (let i = 0; i < 4; i++) expect((await limited.login('staff1', 'pass-1234', ADDRESS)).ok).toBe(true);
			const lookups = vi.spyOn(store, 'staffByUsername');
			expect((await limited.login('staff1', 'wrong-1', ADDRESS)).ok).toBe(false);
			expect((await limited.login('director', 'wrong-2', ADDRESS)).ok).toBe(false);
			expect(lookups).toHaveBeenCalledTimes(2);
			const third = await limited.login('staff1', 'pass-1234', ADDRESS);
			expect(third).toMatchObject({ ok: false, error: { code: 'rate_limited', details: { retryAfterSeconds: expect.any(Number) } } });
			expect(lookups).toHaveBeenCalledTimes(2);
			// Another address is not slowed down by this one.
			expect((await limited.login('staff1', 'pass-1234', OTHER_ADDRESS)).ok).toBe(true);
			now += 10_000;
			expect((await limited.login('staff1', 'pass-1234', ADDRESS)).ok).toBe(true);
		});

		it('answer a refused login only after a pause, so a guessing script gets one answer a second and not thousands', async () => {
			const paused = new Auth(store, { now: () => now }, { attemptsPerAddress: { burst: 1, perSecond: 0.1 } });
			expect(await paused.login('staff1', 'wrong-1', ADDRESS)).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
			vi.useFakeTimers({ toFake: ['setTimeout'] });
			try {
				let answer: unknown = null;
				const refused = paused.login('staff1', 'wrong-2', ADDRESS).then((a) => (answer = a));
				await vi.advanceTimersByTimeAsync(REFUSAL_PAUSE_MS - 1);
				expect(answer).toBeNull();
				await vi.advanceTimersByTimeAsync(1);
				await refused;
				expect(answer).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
			} finally {
				vi.useRealTimers();
				paused.close();
			}
		});

		it('back off per account and address: the attacker waits, the real person at another address signs in', async () => {
			for (let i = 0; i < FREE_FAILURES - 1; i++) {
				expect(await auth.login('director', `guess-${i}`, ADDRESS)).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
			}
			expect(await auth.login('director', 'guess-last', ADDRESS)).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
			const waiting = await auth.login('director', 'pass-1234', ADDRESS);
			expect(waiting).toMatchObject({ ok: false, error: { code: 'rate_limited', details: { retryAfterSeconds: 15 } } });
			// The same account from the director's own PC, and another account from the attacker's: both fine.
			expect((await auth.login('director', 'pass-1234', OTHER_ADDRESS)).ok).toBe(true);
			expect((await auth.login('staff1', 'pass-1234', ADDRESS)).ok).toBe(true);
			expect(auth.listStaff().find((s) => s.username === 'director')?.locked).toBe(true);

			now += 15_000;
			expect(await auth.login('director', 'guess-again', ADDRESS)).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
			expect(await auth.login('director', 'pass-1234', ADDRESS)).toMatchObject({ ok: false, error: { details: { retryAfterSeconds: 30 } } });
			now += 30_000;
			expect((await auth.login('director', 'pass-1234', ADDRESS)).ok).toBe(true);

			const rows = auditRows(store);
			expect(rows.filter((r) => r.action === 'login:failed')).toHaveLength(FREE_FAILURES + 1);
			expect(rows.filter((r) => r.action === 'login:failed').every((r) => r.staff_id === 'd1' && r.target === 'director')).toBe(true);
			const backoffs = rows.filter((r) => r.action === 'login:backoff').map((r) => JSON.parse(r.detail));
			expect(backoffs).toEqual([
				{ address: ADDRESS, failures: FREE_FAILURES, seconds: 15 },
				{ address: ADDRESS, failures: FREE_FAILURES + 1, seconds: 30 }
			]);
		});

		it('answer unknown and disabled accounts as a wrong password: nothing tells which accounts exist', async () => {
			auth.updateStaff('s1', { disabled: true });
			const unknown = await auth.login('nobody', 'pass-1234', ADDRESS);
			const disabledWrong = await auth.login('staff1', 'wrong-pass', ADDRESS);
			const realWrong = await auth.login('director', 'wrong-pass', ADDRESS);
			expect(unknown).toEqual(realWrong);
			expect(disabledWrong).toEqual(realWrong);
			expect(await auth.login('staff1', 'pass-1234', ADDRESS)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
			const unknownRow = auditRows(store).find((r) => r.target === 'nobody');
			expect(unknownRow).toMatchObject({ staff_id: '-', action: 'login:failed' });
		});
	});

	it('finds the accounts still on the demo password', async () => {
		store.insertStaff({ id: 's2', username: 'staff2', name: '李强', staffNo: 'DQ002', role: 'staff', passwordHash: hashPassword(DEMO_PASSWORD) }, now);
		expect(await auth.accountsWithDemoPassword()).toEqual(['staff2']);
		const director = auth.authenticate(await signIn('director'))!;
		auth.resetPassword(director, 's2', 'not-the-demo-1');
		expect(await auth.accountsWithDemoPassword()).toEqual([]);
	});
});
