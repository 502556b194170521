// Every console action answers next to the thing it acted on: a button's error or
// confirmation sits beside that button, keyed by what was acted on (e.g. `disable:s3`).
import type { Ack, ApiError } from '../protocol.ts';

export class Feedback {
	errors = $state<Record<string, string>>({});
	notes = $state<Record<string, string>>({});
	busy = $state<Record<string, boolean>>({});

	/**
	 * Runs one call under `key`: busy while it runs, then its error or `note` under the key.
	 * Returns the data, or null when it failed (the error is already on screen).
	 */
	async run<T>(key: string, call: () => Promise<Ack<T>>, note?: string): Promise<T | null> {
		if (this.busy[key]) return null;
		this.busy[key] = true;
		delete this.errors[key];
		delete this.notes[key];
		try {
			const ack = await call();
			if ('error' in ack) {
				this.errors[key] = messageOf(ack.error);
				return null;
			}
			if (note) this.notes[key] = note;
			return ack.data;
		} finally {
			delete this.busy[key];
		}
	}

	fail(key: string, message: string): void {
		delete this.notes[key];
		this.errors[key] = message;
	}

	clear(key: string): void {
		delete this.errors[key];
		delete this.notes[key];
	}
}

/** The server's Chinese message; a word of our own only when it sent none. */
export function messageOf(error: ApiError): string {
	if (error.message) return error.message;
	if (error.code === 'unauthorized') return '登录已失效，请重新登录';
	if (error.code === 'forbidden') return '只有服务中心主任可以进行此操作';
	return '操作没有成功，请稍后再试';
}

/** What each console section needs of the app: calls made with the session's token. */
export interface ConsoleLink {
	readonly token: string | null;
	/** Runs a call with the token; an `unauthorized` answer ends the session (the login form returns). */
	ask<T>(call: (token: string) => Promise<Ack<T>>): Promise<Ack<T>>;
}
