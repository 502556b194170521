// 值班日志 at the window: the staff member on today's duty roster sees who else is on duty
// and writes what happens (calls, visitors, the handover) from their own terminal.
import type { Ack, DutyLogEntry, DutyLogKind, DutyToday } from '../protocol.ts';
import { call } from '../shared/api.ts';

export class DutyLogState {
	today = $state.raw<DutyToday | null>(null);
	error = $state<string | null>(null);
	/** The last entry went in. */
	saved = $state(false);
	busy = $state(false);
	readonly #token: string;

	constructor(token: string) {
		this.#token = token;
	}

	/** Only the people on today's roster keep its log. */
	get onDuty(): boolean {
		return this.today?.onDuty ?? false;
	}

	async load(): Promise<void> {
		const ack: Ack<DutyToday> = await call('GET', '/api/duty/today', { token: this.#token });
		if ('error' in ack) {
			this.error = ack.error.message;
			return;
		}
		this.error = null;
		this.today = ack.data;
	}

	async write(kind: DutyLogKind, content: string): Promise<boolean> {
		if (this.busy) return false;
		this.busy = true;
		this.saved = false;
		const ack: Ack<DutyLogEntry> = await call('POST', '/api/duty/log', { token: this.#token, body: { kind, content } });
		this.busy = false;
		if ('error' in ack) {
			this.error = ack.error.message;
			return false;
		}
		this.error = null;
		this.saved = true;
		await this.load();
		return true;
	}
}
