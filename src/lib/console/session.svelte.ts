// The director's console login, kept in sessionStorage (its own key: a PC that also runs a
// window terminal in another tab keeps the two apart). Only a director or an IT admin gets in.
import type { ApiError, SessionInfo, StaffRole } from '../protocol.ts';
import { login, logout } from '../shared/api.ts';
import { whoAmI } from './api.ts';

export type ConsoleUser = SessionInfo['staff'];

const KEY = 'jiaohao.console.session';

export const CONSOLE_ROLES: readonly StaffRole[] = ['director', 'admin'];
export const NOT_A_DIRECTOR = '只有服务中心主任可以使用管理后台';

export class ConsoleSession {
	token = $state<string | null>(null);
	user = $state<ConsoleUser | null>(null);
	/** Why the login form is shown again (a refused login, an expired session). */
	error = $state<string | null>(null);
	busy = $state(false);
	/** Signed in with a one-time password: the console asks for a new one before anything else. */
	mustChangePassword = $state(false);

	get loggedIn(): boolean {
		return this.token !== null && this.user !== null;
	}

	/** Takes the stored session back, then asks the server whether it still holds; browser only. */
	async restore(): Promise<void> {
		let stored: { token?: unknown; user?: ConsoleUser; mustChangePassword?: unknown } | null = null;
		try {
			stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
		} catch {
			stored = null;
		}
		if (!stored || typeof stored.token !== 'string' || !stored.user) return;
		this.token = stored.token;
		this.user = stored.user;
		this.mustChangePassword = stored.mustChangePassword === true;
		const ack = await whoAmI(stored.token);
		if ('error' in ack) {
			// A network failure keeps the session: the next call will say what is wrong.
			if (ack.error.code === 'unauthorized' || ack.error.code === 'forbidden') this.expired(ack.error);
			return;
		}
		if (!CONSOLE_ROLES.includes(ack.data.staff.role)) this.expired({ code: 'forbidden', message: NOT_A_DIRECTOR });
		else this.setMustChangePassword(ack.data.mustChangePassword === true);
	}

	/** The server asks for a new password first (403 password_change_required), or it was just chosen. */
	setMustChangePassword(value: boolean): void {
		this.mustChangePassword = value;
		this.#save();
	}

	#save(): void {
		try {
			sessionStorage.setItem(KEY, JSON.stringify({ token: this.token, user: this.user, mustChangePassword: this.mustChangePassword }));
		} catch {
			// Without storage a reload asks for the password again; nothing else breaks.
		}
	}

	async logIn(username: string, password: string): Promise<boolean> {
		if (this.busy) return false;
		this.busy = true;
		this.error = null;
		const ack = await login(username, password);
		this.busy = false;
		if ('error' in ack) {
			this.error = ack.error.message;
			return false;
		}
		if (!CONSOLE_ROLES.includes(ack.data.staff.role)) {
			// A valid staff login that may not use the console: say so, and leave no session behind.
			this.error = NOT_A_DIRECTOR;
			await logout(ack.data.token);
			return false;
		}
		this.token = ack.data.token;
		this.user = ack.data.staff;
		this.mustChangePassword = ack.data.mustChangePassword === true;
		this.#save();
		return true;
	}

	async logOut(): Promise<void> {
		const token = this.token;
		this.#forget();
		if (token) await logout(token);
	}

	/** The server no longer takes our token: back to the login form with its reason. */
	expired(error: ApiError): void {
		this.#forget();
		this.error = error.code === 'unauthorized' ? '登录已失效，请重新登录' : error.message;
	}

	#forget(): void {
		this.token = null;
		this.user = null;
		this.mustChangePassword = false;
		try {
			sessionStorage.removeItem(KEY);
		} catch {
			// Nothing stored, nothing to remove.
		}
	}
}
