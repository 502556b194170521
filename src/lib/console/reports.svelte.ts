// 统计报表: one period (a day, its week or its month) as the server counts it, and the same
// numbers as an .xlsx workbook with Chinese headers. The workbook is built as a job on the
// server (its own thread): the page shows its progress, can cancel it, and downloads the file.
import { cancelExport, download, getExport, getReport, startExport } from './api.ts';
import type { ApiError } from '../protocol.ts';
import type { ExportJob, PeriodReport } from '../protocol.ts';
import { Feedback, messageOf, type ConsoleLink } from './feedback.svelte.ts';
import { periodOf, today, type PeriodKind } from './format.ts';

/** How often a running export is asked for its progress. */
const EXPORT_POLL_MS = 400;

export class ConsoleReports {
	kind = $state<PeriodKind>('day');
	/** Any day in the period; the period is derived from it. */
	day = $state(today());
	report = $state.raw<PeriodReport | null>(null);
	error = $state<string | null>(null);
	loading = $state(false);
	/** The export being built (or the last one), with its progress. */
	exportJob = $state.raw<ExportJob | null>(null);
	readonly feedback = new Feedback();

	readonly period = $derived(periodOf(this.kind, this.day));

	readonly #link: ConsoleLink;
	#poll: ReturnType<typeof setTimeout> | null = null;

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

	get exporting(): boolean {
		return this.exportJob?.state === 'running';
	}

	async export(): Promise<unknown> {
		const { from, to } = this.period;
		const downloaded = await this.feedback.run('export', async () => {
			const started = await this.#link.ask((token) => startExport(token, from, to));
			if ('error' in started) return started;
			this.exportJob = started.data;
			return this.#follow(started.data.id);
		});
		// A cancelled export says so beside the progress bar's place, not as an error.
		if (downloaded === true) this.feedback.notes.export = '已导出，请在浏览器的下载中查看';
		return downloaded;
	}

	/** Asks for the job's progress until it ends; downloads its file when it is done. */
	#follow(jobId: string): Promise<{ data: boolean } | { error: ApiError }> {
		return new Promise((resolve) => {
			const step = async () => {
				this.#poll = null;
				const ack = await this.#link.ask((token) => getExport(token, jobId));
				if ('error' in ack) return resolve(ack);
				this.exportJob = ack.data;
				if (ack.data.state === 'running') {
					this.#poll = setTimeout(() => void step(), EXPORT_POLL_MS);
					return;
				}
				const token = this.#link.token;
				if (ack.data.state === 'done' && token) return resolve(await download(token, `/api/console/exports/${jobId}/file`, ack.data.fileName));
				if (ack.data.state === 'cancelled') return resolve({ data: false });
				resolve({ error: { code: 'export_not_ready', message: ack.data.message ?? '导出未完成' } });
			};
			void step();
		});
	}

	async cancelExport(): Promise<void> {
		const job = this.exportJob;
		if (!job || job.state !== 'running') return;
		const ack = await this.#link.ask((token) => cancelExport(token, job.id));
		if (!('error' in ack)) this.exportJob = ack.data;
	}

	/** The page is gone: stop asking (the job itself runs on, or is cancelled by the user). */
	stop(): void {
		if (this.#poll) clearTimeout(this.#poll);
		this.#poll = null;
	}
}
