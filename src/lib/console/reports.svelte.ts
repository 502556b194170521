// 统计报表: one period (a day, its week or its month) as the server counts it, and the same
// numbers as an .xlsx workbook with Chinese headers.
import { download, getReport } from './api.ts';
import type { PeriodReport } from '../protocol.ts';
import { Feedback, messageOf, type ConsoleLink } from './feedback.svelte.ts';
import { periodOf, today, type PeriodKind } from './format.ts';

export class ConsoleReports {
	kind = $state<PeriodKind>('day');
	/** Any day in the period; the period is derived from it. */
	day = $state(today());
	report = $state.raw<PeriodReport | null>(null);
	error = $state<string | null>(null);
	loading = $state(false);
	readonly feedback = new Feedback();

	readonly period = $derived(periodOf(this.kind, this.day));

	readonly #link: ConsoleLink;

	constructor(link: ConsoleLink) {
		this.#link = link;
	}

	async load(): Promise<void> {
		const { from, to } = this.period;
		this.loading = true;
		const ack = await this.#link.ask((token) => getReport(token, from, to));
		this.loading = false;
		if ('error' in ack) {
			this.error = messageOf(ack.error);
			return;
		}
		this.error = null;
		this.report = ack.data;
	}

	export(): Promise<unknown> {
		const token = this.#link.token;
		const { from, to } = this.period;
		if (!token) return Promise.resolve(null);
		const name = from === to ? `统计报表-${from}.xlsx` : `统计报表-${from}至${to}.xlsx`;
		return this.feedback.run(
			'export',
			() => download(token, `/api/console/reports.xlsx?from=${from}&to=${to}`, name),
			'已导出，请在浏览器的下载中查看'
		);
	}
}
