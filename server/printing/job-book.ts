// The print jobs still on their way, and the durable record of each step they take. Every
// state change is written to the job store and told to the screens from here, so a job's
// trail cannot miss a step whichever part of the print service moved it.

import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { PrintJobInfo, PrintJobKind, PrintJobState } from '../../src/lib/protocol.ts';
import type { Clock } from '../clock.ts';
import type { Store } from '../store/store.ts';
import type { PrintDocument } from './document.ts';
import { toEscPos, toPreviewSvg, type RenderedSlip } from './escpos.ts';
import { PrintJobStore, type PrintJobEvent } from './job-store.ts';
import type { KioskStation } from './station-table.ts';

export interface ActiveJob {
	info: PrintJobInfo;
	document: PrintDocument;
	bytes: Uint8Array;
	svg: string | null;
	attempts: number;
	/** The agent holding the job, until it answers or goes away. */
	agentLinkId: string | null;
	printer: string | null;
}

export interface JobMeta {
	ticketId: string | null;
	number: string | null;
	serviceId: string | null;
}

export interface StepNote {
	message?: string | null;
	detail?: Record<string, unknown>;
}

export type FinalState = 'printed' | 'failed' | 'dropped';

export interface JobBookDeps {
	store: Store;
	clock: Clock;
	logger: Logger;
	/** A job's visible state changed. */
	onChange: (info: PrintJobInfo) => void;
}

export class PrintJobBook {
	readonly records: PrintJobStore;
	readonly #clock: Clock;
	readonly #logger: Logger;
	readonly #onChange: (info: PrintJobInfo) => void;
	readonly #active = new Map<string, ActiveJob>();

	constructor({ store, clock, logger, onChange }: JobBookDeps) {
		this.records = new PrintJobStore(store);
		this.#clock = clock;
		this.#logger = logger;
		this.#onChange = onChange;
	}

	/**
	 * Records the job as queued and keeps it until it finishes. `rendered`: the slip already
	 * rendered (slip-renderer.ts), else it is rendered here, once.
	 */
	create(station: KioskStation, via: 'agent' | 'server', kind: PrintJobKind, document: PrintDocument, meta: JobMeta, rendered?: RenderedSlip): ActiveJob {
		const now = this.#clock.now();
		const label = (meta.number ?? kind).replace(/[^A-Za-z0-9]/g, '');
		const info: PrintJobInfo = {
			id: `${label}-${randomBytes(6).toString('base64url')}`,
			station: station.id,
			kind,
			ticketId: meta.ticketId,
			number: meta.number,
			serviceId: meta.serviceId,
			state: 'queued',
			via,
			reason: null,
			createdAt: now,
			at: now
		};
		const job: ActiveJob = {
			info,
			document,
			bytes: rendered?.bytes ?? toEscPos(document, { columns: station.columns }),
			svg: rendered?.svg ?? null,
			attempts: 0,
			agentLinkId: null,
			printer: via === 'agent' ? 'agent' : station.uri
		};
		this.records.insert(info, job.printer);
		this.#active.set(info.id, job);
		this.#onChange({ ...info });
		return job;
	}

	get(id: string): ActiveJob | undefined {
		return this.#active.get(id);
	}

	isActive(job: ActiveJob): boolean {
		return this.#active.get(job.info.id) === job;
	}

	/** Jobs not yet finished at a station: what its printer still owes. */
	pending(station: string): number {
		let count = 0;
		for (const job of this.#active.values()) if (job.info.station === station) count++;
		return count;
	}

	heldBy(linkId: string): ActiveJob[] {
		return [...this.#active.values()].filter((job) => job.agentLinkId === linkId);
	}

	all(): ActiveJob[] {
		return [...this.#active.values()];
	}

	/** The preview image, rendered at most once and only for printers that keep it. */
	svgOf(job: ActiveJob, columns: number): string {
		job.svg ??= toPreviewSvg(job.document, { columns });
		return job.svg;
	}

	change(job: ActiveJob, state: PrintJobState, reason: string | null, event: PrintJobEvent['type'], note: StepNote = {}): void {
		job.info = { ...job.info, state, reason, at: this.#clock.now() };
		try {
			this.records.update(job.info, {
				printer: job.printer,
				attempts: job.attempts,
				message: note.message ?? null,
				event,
				detail: note.detail
			});
		} catch (error) {
			// The disk refused the record: say so loudly, but keep printing.
			this.#logger.error({ err: error, job: job.info.id }, 'recording the print job failed');
		}
		if (event !== 'attempt_failed') this.#onChange({ ...job.info });
	}

	/** The job's last step; a job already finished is left as it is. */
	finish(job: ActiveJob, state: FinalState, reason: string | null, note: StepNote = {}): void {
		if (!this.#active.delete(job.info.id)) return;
		job.agentLinkId = null;
		this.change(job, state, reason, state, note);
		const fields = {
			job: job.info.id,
			station: job.info.station,
			kind: job.info.kind,
			ticket: job.info.number,
			via: job.info.via,
			ms: job.info.at - job.info.createdAt,
			...(reason ? { reason } : {}),
			...(note.message ? { detail: note.message } : {})
		};
		if (state === 'printed') this.#logger.info(fields, 'print job printed');
		else this.#logger.warn(fields, `print job ${state}`);
	}
}
