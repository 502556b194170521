// The window terminal's login, kept in sessionStorage: a reload keeps the staff
// member signed in at their window, closing the tab forgets them.
import type { SessionInfo } from '../protocol.ts';

export type StaffMember = SessionInfo['staff'];

const KEY = 'jiaohao.window.session';

interface Stored {
	token: string;
	staff: StaffMember;
	windowId: string | null;
	mustChangePassword?: boolean;
}

export class StaffSession {
	token = $state<string | null>(null);
	staff = $state<StaffMember | null>(null);
	/** The window this browser is signed in at. */
	windowId = $state<string | null>(null);
	/** Signed in with a one-time password: a new one first, then the window. */
	mustChangePassword = $state(false);

	get loggedIn(): boolean {
		return this.token !== null && this.staff !== null;
	}

	/** Reads what a previous page load stored; call in the browser only. */
	restore(): void {
		try {
			const raw = sessionStorage.getItem(KEY);
			if (!raw) return;
			const stored = JSON.parse(raw) as Partial<Stored>;
			if (typeof stored.token !== 'string' || !stored.staff) return;
			this.token = stored.token;
			this.staff = stored.staff;
			this.windowId = typeof stored.windowId === 'string' ? stored.windowId : null;
			this.mustChangePassword = stored.mustChangePassword === true;
		} catch {
			// A broken entry means no session: the login form is shown.
		}
	}

	loggedInAs(session: SessionInfo): void {
		this.token = session.token;
		this.staff = session.staff;
		this.windowId = null;
		this.mustChangePassword = session.mustChangePassword === true;
		this.#save();
	}

	/** The server asks for a new password first (403 password_change_required), or it was just chosen. */
	setMustChangePassword(value: boolean): void {
		this.mustChangePassword = value;
		this.#save();
	}

	atWindow(windowId: string | null): void {
		this.windowId = windowId;
		this.#save();
	}

	clear(): void {
		this.token = null;
		this.staff = null;
		this.windowId = null;
		this.mustChangePassword = false;
		try {
			sessionStorage.removeItem(KEY);
		} catch {
			// Storage may be disabled; the in-memory session is gone anyway.
		}
	}

	#save(): void {
		if (!this.token || !this.staff) return;
		const stored: Stored = { token: this.token, staff: this.staff, windowId: this.windowId, mustChangePassword: this.mustChangePassword };
		try {
			sessionStorage.setItem(KEY, JSON.stringify(stored));
		} catch {
			// Without storage a reload asks for the password again; nothing else breaks.
		}
	}
}
