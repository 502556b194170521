// The console's state, one instance per browser tab, shared by every section through the
// layout's context: a draft configuration or a half-read list survives moving between sections.
import { getContext, setContext } from 'svelte';
import type { Ack } from '../protocol.ts';
import { ConsoleConfig } from './config.svelte.ts';
import { ConsoleDuty } from './duty.svelte.ts';
import type { ConsoleLink } from './feedback.svelte.ts';
import { ConsoleLive } from './live.svelte.ts';
import {
	ConsoleAccessLog,
	ConsoleAccessRequests,
	ConsoleAudit,
	ConsoleComplaints,
	ConsoleNotices,
	ConsoleStaff
} from './records.svelte.ts';
import { ConsoleReports } from './reports.svelte.ts';
import { ConsoleSession } from './session.svelte.ts';

export class ConsoleApp implements ConsoleLink {
	readonly session = new ConsoleSession();
	readonly live = new ConsoleLive(this);
	readonly config = new ConsoleConfig(this);
	readonly staff = new ConsoleStaff(this);
	readonly notices = new ConsoleNotices(this);
	readonly complaints = new ConsoleComplaints(this);
	readonly reports = new ConsoleReports(this);
	readonly accessRequests = new ConsoleAccessRequests(this);
	readonly accessLog = new ConsoleAccessLog(this);
	readonly audit = new ConsoleAudit(this);
	readonly duty = new ConsoleDuty(this);

	get token(): string | null {
		return this.session.token;
	}

	async ask<T>(call: (token: string) => Promise<Ack<T>>): Promise<Ack<T>> {
		const token = this.session.token;
		if (!token) return { error: { code: 'unauthorized', message: '请先登录' } };
		const ack = await call(token);
		if ('error' in ack && ack.error.code === 'unauthorized' && this.session.token === token) this.session.expired(ack.error);
		if ('error' in ack && ack.error.code === 'password_change_required' && this.session.token === token) this.session.setMustChangePassword(true);
		return ack;
	}
}

const KEY = Symbol('console');

export function provideConsole(app: ConsoleApp): ConsoleApp {
	return setContext(KEY, app);
}

export function useConsole(): ConsoleApp {
	return getContext<ConsoleApp>(KEY);
}
