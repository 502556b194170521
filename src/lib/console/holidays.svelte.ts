// 节假日 in the console: which years are covered, and the State Council's notice pasted in —
// read by the server as a preview (nothing changes), then applied by the director.
import type { Ack } from '../protocol.ts';
import { call } from '../shared/api.ts';
import type { CalendarCoverage, NoticeApplied, NoticePreview } from '../protocol.ts';
import { messageOf, type ConsoleLink } from './feedback.svelte.ts';

export function getCoverage(token: string, from: number, to: number): Promise<Ack<CalendarCoverage>> {
	return call('GET', `/api/console/calendar/coverage?from=${from}&to=${to}`, { token });
}

export function previewNotice(token: string, text: string): Promise<Ack<NoticePreview>> {
	return call('POST', '/api/console/calendar/notice', { token, body: { text } });
}

export function applyNotice(token: string, text: string): Promise<Ack<NoticeApplied>> {
	return call('POST', '/api/console/calendar/notice/apply', { token, body: { text } });
}

export class HolidayNotice {
	coverage = $state.raw<CalendarCoverage | null>(null);
	coverageError = $state<string | null>(null);
	text = $state('');
	busy = $state(false);
	preview = $state.raw<NoticePreview | null>(null);
	/** The text the preview was made from: apply only what was previewed. */
	previewed = $state<string | null>(null);
	error = $state<string | null>(null);
	/** The line the server could not read (1-based), to point at it. */
	errorLine = $state<number | null>(null);
	applied = $state.raw<NoticeApplied | null>(null);

	readonly #link: ConsoleLink;

	constructor(link: ConsoleLink) {
		this.#link = link;
	}

	async loadCoverage(from: number, to: number): Promise<void> {
		const ack = await this.#link.ask((token) => getCoverage(token, from, to));
		if ('error' in ack) {
			this.coverageError = messageOf(ack.error);
			return;
		}
		this.coverageError = null;
		this.coverage = ack.data;
	}

	#failed(error: Parameters<typeof messageOf>[0]): void {
		this.error = messageOf(error);
		const line = error.details?.line;
		this.errorLine = typeof line === 'number' ? line : null;
	}

	async read(): Promise<void> {
		if (this.busy) return;
		this.busy = true;
		this.error = null;
		this.errorLine = null;
		this.applied = null;
		this.preview = null;
		const text = this.text;
		const ack = await this.#link.ask((token) => previewNotice(token, text));
		this.busy = false;
		if ('error' in ack) return this.#failed(ack.error);
		this.preview = ack.data;
		this.previewed = text;
	}

	async apply(): Promise<boolean> {
		if (this.busy || this.previewed === null) return false;
		this.busy = true;
		this.error = null;
		const text = this.previewed;
		const ack = await this.#link.ask((token) => applyNotice(token, text));
		this.busy = false;
		if ('error' in ack) {
			this.#failed(ack.error);
			return false;
		}
		this.applied = ack.data;
		this.preview = null;
		this.previewed = null;
		this.text = '';
		return true;
	}

	cancel(): void {
		this.preview = null;
		this.previewed = null;
		this.error = null;
		this.errorLine = null;
	}
}
