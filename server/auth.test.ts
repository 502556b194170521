import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Auth, hashPassword, SESSION_MS } from './auth.ts';
import { Store } from './store/store.ts';

// Sessions are remembered in memory after the first look-up: every way a session ends must
// still end it at once.
describe('Auth sessions', () => {
	let store: Store;
	let now: number;
	let auth: Auth;

	beforeEach(() => {
		store = new Store(':memory:');
		now = Date.UTC(2026, 10, 26, 2);
		const hash = hashPassword('pass-1234');
		store.insertStaff({ id: 's1', username: 'staff1', name: '王丽', staffNo: 'DQ001', role: 'staff', passwordHash: hash }, now);
		store.insertStaff({ id: 'd1', username: 'director', name: '赵主任', staffNo: 'DQ000', role: 'director', passwordHash: hash }, now);
		auth = new Auth(store, { now: () => now });
	});
	afterEach(() => store.close());

	function signIn(username = 'staff1'): string {
		const login = auth.login(username, 'pass-1234');
		if (!login.ok) throw new Error(login.error.code);
		expect(auth.authenticate(login.token)?.username).toBe(username);
		expect(auth.authenticate(login.token)?.username).toBe(username);
		return login.token;
	}

	it('ends at logout', () => {
		const token = signIn();
		auth.logout(token);
		expect(auth.authenticate(token)).toBeNull();
	});

	it('ends when it expires', () => {
		const token = signIn();
		now += SESSION_MS - 1;
		expect(auth.authenticate(token)).not.toBeNull();
		now += 1;
		expect(auth.authenticate(token)).toBeNull();
	});

	it('ends when the account is disabled or its password reset, and shows account edits at once', () => {
		const director = auth.authenticate(signIn('director'))!;
		const token = signIn();
		expect(auth.updateStaff('s1', { name: '王丽丽' }).ok).toBe(true);
		expect(auth.authenticate(token)?.name).toBe('王丽丽');
		expect(auth.resetPassword(director, 's1', 'new-pass-123').ok).toBe(true);
		expect(auth.authenticate(token)).toBeNull();

		const login = auth.login('staff1', 'new-pass-123');
		if (!login.ok) throw new Error(login.error.code);
		expect(auth.authenticate(login.token)).not.toBeNull();
		expect(auth.updateStaff('s1', { disabled: true }).ok).toBe(true);
		expect(auth.authenticate(login.token)).toBeNull();
	});

	it('refuses unknown and oversized tokens', () => {
		expect(auth.authenticate('nope')).toBeNull();
		expect(auth.authenticate('x'.repeat(201))).toBeNull();
		expect(auth.authenticate(null)).toBeNull();
	});
});
