// The case register on the staff screens: the list with its filters, and the changes a
// staff member records (result, notification, 一次性告知单). Cases are records, not live
// queue state, so this talks to the JSON API and reloads the list after each change.
import type { Ack, CaseInput, CaseRecord, NotifyVia } from '../protocol.ts';
import {
	call,
	getCase,
	listCases,
	openCase,
	recordCaseNotification,
	recordCaseResult,
	recordNoticeSlip,
	type CaseFilter
} from '../shared/api.ts';

export type CaseStatusFilter = NonNullable<CaseFilter['status']>;

export interface CaseRegisterOptions {
	token: string;
	/** Where cases opened here were taken, if at a window. */
	windowId?: string | null;
	onUnauthorized?: () => void;
}

export class CaseRegisterState {
	items = $state<CaseRecord[]>([]);
	status = $state<CaseStatusFilter>('open');
	/** Ticket number, reference or name. */
	q = $state('');
	/** Accepted on (YYYY-MM-DD); '' for any day. */
	date = $state('');
	loading = $state(false);
	/** Chinese, for the screen. */
	error = $state<string | null>(null);
	selected = $state<CaseRecord | null>(null);

	readonly #options: CaseRegisterOptions;
	#seq = 0;

	constructor(options: CaseRegisterOptions) {
		this.#options = options;
	}

	async load(): Promise<void> {
		const seq = ++this.#seq;
		this.loading = true;
		const ack = await listCases(this.#options.token, {
			status: this.status,
			q: this.q.trim() || undefined,
			date: this.date || undefined
		});
		// A newer search owns the list now.
		if (seq !== this.#seq) return;
		this.loading = false;
		if ('error' in ack) {
			this.error = ack.error.message;
			if (ack.error.code === 'unauthorized') this.#options.onUnauthorized?.();
			return;
		}
		this.error = null;
		this.items = ack.data;
		if (this.selected) this.selected = ack.data.find((c) => c.id === this.selected!.id) ?? this.selected;
	}

	setStatus(status: CaseStatusFilter): Promise<void> {
		this.status = status;
		return this.load();
	}

	clearSearch(): Promise<void> {
		this.q = '';
		this.date = '';
		return this.load();
	}

	async select(id: string): Promise<void> {
		const ack = await getCase(this.#options.token, id);
		if ('error' in ack) {
			this.error = ack.error.message;
			return;
		}
		this.selected = ack.data;
	}

	async open(input: CaseInput): Promise<Ack<CaseRecord>> {
		const windowId = this.#options.windowId ?? undefined;
		const ack = await openCase(this.#options.token, windowId ? { ...input, windowId } : input);
		if ('data' in ack) {
			this.selected = ack.data;
			void this.load();
		}
		return ack;
	}

	recordResult(id: string, result: string): Promise<Ack<CaseRecord>> {
		return this.#change(recordCaseResult(this.#options.token, id, result));
	}

	recordNotification(id: string, via: NotifyVia, at?: number): Promise<Ack<CaseRecord>> {
		return this.#change(recordCaseNotification(this.#options.token, id, via, at));
	}

	recordNoticeSlip(id: string, missingMaterials: string[]): Promise<Ack<CaseRecord>> {
		return this.#change(recordNoticeSlip(this.#options.token, id, missingMaterials));
	}

	/**
	 * 申请查阅: asks the director to open a closed case's personal data to this staff member
	 * (档案查阅须经主任同意). The case is read again so its request's state shows.
	 */
	async requestAccess(id: string, reason: string): Promise<Ack<{ id: string; status: string }>> {
		const ack = await call<{ id: string; status: string }>('POST', `/api/cases/${encodeURIComponent(id)}/access-requests`, {
			token: this.#options.token,
			body: { reason }
		});
		if ('data' in ack) await this.select(id);
		else if (ack.error.code === 'unauthorized') this.#options.onUnauthorized?.();
		return ack;
	}

	async #change(request: Promise<Ack<CaseRecord>>): Promise<Ack<CaseRecord>> {
		const ack = await request;
		if ('data' in ack) {
			this.selected = ack.data;
			this.items = this.items.map((c) => (c.id === ack.data.id ? ack.data : c));
			void this.load();
		} else if (ack.error.code === 'unauthorized') {
			this.#options.onUnauthorized?.();
		}
		return ack;
	}
}
