// 值班: one month of the duty roster with its log. The month reloads from the server after
// every change, so what the director sees is what the server holds.
import * as api from './api.ts';
import type { DutyDay, DutyLogEntry, DutyLogKind, DutyRole } from '../protocol.ts';
import { Feedback, messageOf, type ConsoleLink } from './feedback.svelte.ts';
import { periodOf } from './format.ts';

/** 'YYYY-MM' moved by whole months. */
export function shiftMonth(month: string, by: number): string {
	const [year, mon] = month.split('-').map(Number);
	const index = year * 12 + (mon - 1) + by;
	return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export class ConsoleDuty {
	month = $state<string>('');
	days = $state.raw<DutyDay[] | null>(null);
	log = $state.raw<DutyLogEntry[]>([]);
	today = $state<string>('');
	error = $state<string | null>(null);
	readonly feedback = new Feedback();
	readonly #link: ConsoleLink;

	constructor(link: ConsoleLink) {
		this.#link = link;
	}

	async load(month = this.month): Promise<void> {
		this.month = month;
		const { from, to } = periodOf('month', `${month}-01`);
		const ack = await this.#link.ask((token) => api.getDuty(token, from, to));
		if (month !== this.month) return; // a newer month was asked for meanwhile
		if ('error' in ack) {
			this.error = messageOf(ack.error);
			return;
		}
		this.error = null;
		this.days = ack.data.days;
		this.log = ack.data.log;
		this.today = ack.data.today;
	}

	async setRoster(day: string, people: { staffId: string; role: DutyRole }[]): Promise<boolean> {
		const saved = await this.feedback.run(`roster:${day}`, () => this.#link.ask((token) => api.putRoster(token, day, people)), '已保存');
		if (saved) await this.load();
		return saved !== null;
	}

	async write(kind: DutyLogKind, content: string): Promise<boolean> {
		const entry = await this.feedback.run('log', () => this.#link.ask((token) => api.writeDutyLog(token, kind, content)), '已记入值班日志');
		if (entry) await this.load();
		return entry !== null;
	}
}
