// The printers the server drives itself, one print queue per kiosk station, opened on first
// use (a printer may be off when the hall starts). What happens to each job is handed to
// the router through the hooks; the status of each printer is kept here.

import type { Logger } from 'pino';
import {
	checkAndResume,
	createPrintQueue,
	type JobDropped,
	type JobFailed,
	type JobPrinted,
	type PrintQueue,
	type RetryPolicy
} from '../../devices/printer/print-queue.ts';
import { openTransport, type PrinterTransport, type TransportError, type TransportOptions } from '../../devices/printer/transports.ts';
import type { Clock } from '../clock.ts';
import type { KioskStation } from './station-table.ts';
import { coreOf, type StatusCore } from './status-info.ts';

export type OpenedQueue = { ok: true; queue: PrintQueue; transport: PrinterTransport } | { ok: false; error: TransportError };

export interface ServerQueueHooks {
	/** The station's server-driven printer changed its status (or could not be opened). */
	onStatus: (station: string) => void;
	onJobPrinted: (event: JobPrinted) => void;
	onJobDropped: (event: JobDropped) => void;
	onJobFailed: (event: JobFailed, station: string) => void;
}

export interface ServerQueuesDeps {
	clock: Clock;
	logger: Logger;
	maxAgeMs: number;
	retry?: Partial<RetryPolicy>;
	transport?: TransportOptions;
	hooks: ServerQueueHooks;
}

interface StationQueue {
	opened: Promise<OpenedQueue> | null;
	status: StatusCore;
}

export class ServerQueues {
	readonly #deps: ServerQueuesDeps;
	readonly #queues = new Map<string, StationQueue>();
	#closed = false;

	constructor(deps: ServerQueuesDeps) {
		this.#deps = deps;
	}

	#entry(station: string): StationQueue {
		let entry = this.#queues.get(station);
		if (!entry) {
			entry = { opened: null, status: { code: 'unknown', paperNearEnd: false, detail: 'not checked yet' } };
			this.#queues.set(station, entry);
		}
		return entry;
	}

	/** The station's server-driven printer as last seen. */
	status(station: string): StatusCore {
		return this.#entry(station).status;
	}

	/** The station's queue, opened once; a printer URI that cannot be opened stays an error. */
	open(station: KioskStation): Promise<OpenedQueue> {
		const entry = this.#entry(station.id);
		const { clock, logger, hooks } = this.#deps;
		entry.opened ??= openTransport(station.uri, { now: clock.now, ...this.#deps.transport }).then((opened): OpenedQueue => {
			if (!opened.ok) {
				logger.error({ station: station.id, printer: station.uri, error: opened.error }, 'cannot open the station printer');
				entry.status = { code: 'unreachable', paperNearEnd: false, detail: opened.error.message };
				hooks.onStatus(station.id);
				return opened;
			}
			const queue = createPrintQueue({
				transport: opened.transport,
				now: clock.now,
				maxAgeMs: this.#deps.maxAgeMs,
				retry: this.#deps.retry,
				onStatus: (status) => {
					entry.status = coreOf(status);
					hooks.onStatus(station.id);
				},
				onJobPrinted: hooks.onJobPrinted,
				onJobDropped: hooks.onJobDropped,
				onJobFailed: (event) => hooks.onJobFailed(event, station.id)
			});
			return { ok: true, queue, transport: opened.transport };
		});
		return entry.opened;
	}

	/** Reads a server-driven printer's status; a printer that came back gets its held jobs at once. */
	async check(station: KioskStation): Promise<void> {
		const opened = await this.open(station);
		if (!opened.ok || this.#closed) return;
		try {
			await checkAndResume(opened.queue);
		} catch (error) {
			this.#deps.logger.error({ err: error, station: station.id }, 'printer status check failed');
		}
	}

	/** The station's printer changed or went: close its queue; the next job opens the new printer. */
	async retire(station: string): Promise<void> {
		const entry = this.#queues.get(station);
		this.#queues.delete(station);
		if (!entry?.opened) return;
		const opened = await entry.opened;
		if (!opened.ok) return;
		await opened.queue.close();
		await opened.transport.close();
	}

	/** Closes every queue that was opened; their waiting jobs are reported dropped through the hooks. */
	async close(): Promise<void> {
		this.#closed = true;
		for (const entry of this.#queues.values()) {
			if (!entry.opened) continue;
			const opened = await entry.opened;
			if (!opened.ok) continue;
			await opened.queue.close();
			await opened.transport.close();
		}
	}
}
