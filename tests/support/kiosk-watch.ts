// A kiosk screen for tests: subscribes as a station and keeps every printing fact it
// hears, so a test can wait for a state without racing the fact that announced it.

import { EventEmitter } from 'node:events';
import type { KioskReferenceScanned, KioskScanned, PrinterStatusInfo, PrintJobInfo } from '../../src/lib/protocol.ts';
import { ask, type HallSocket, type TestHall } from './test-hall.ts';

export interface KioskWatch {
	socket: HallSocket;
	snapshot: any;
	/** The latest printer status: the snapshot's, then each 'printer:status'. */
	printer(): PrinterStatusInfo | null;
	statuses: PrinterStatusInfo[];
	jobs: PrintJobInfo[];
	scans: KioskScanned[];
	/** 回执 numbers scanned here ('kiosk:reference-scanned'). */
	references: KioskReferenceScanned[];
	/** The latest state of a job, by id. */
	job(id: string): PrintJobInfo | undefined;
	until(what: string, check: () => boolean, timeoutMs?: number): Promise<void>;
	untilPrinter(match: (status: PrinterStatusInfo) => boolean, timeoutMs?: number): Promise<PrinterStatusInfo>;
	/** The first job fact for a ticket that passes `match`. */
	untilJob(match: (job: PrintJobInfo) => boolean, timeoutMs?: number): Promise<PrintJobInfo>;
}

export async function watchKiosk(hall: TestHall, station: string | null, token?: string): Promise<KioskWatch> {
	const socket = await hall.socket(token);
	const changes = new EventEmitter();
	changes.setMaxListeners(0);
	const statuses: PrinterStatusInfo[] = [];
	const jobs: PrintJobInfo[] = [];
	const scans: KioskScanned[] = [];
	const references: KioskReferenceScanned[] = [];
	let printer: PrinterStatusInfo | null = null;
	const on = socket as unknown as { on(e: string, f: (p: any) => void): void };
	on.on('printer:status', (status: PrinterStatusInfo) => {
		statuses.push(status);
		printer = status;
		changes.emit('change');
	});
	on.on('print:updated', (job: PrintJobInfo) => {
		jobs.push(job);
		changes.emit('change');
	});
	on.on('kiosk:scanned', (scan: KioskScanned) => {
		scans.push(scan);
		changes.emit('change');
	});
	on.on('kiosk:reference-scanned', (scan: KioskReferenceScanned) => {
		references.push(scan);
		changes.emit('change');
	});
	const ack = station === null ? null : await ask(socket, 'kiosk:subscribe', { station });
	if (ack && 'error' in ack) throw new Error(`kiosk:subscribe ${station}: ${JSON.stringify(ack.error)}`);
	// A fact that beat the snapshot is newer than it.
	if (ack && printer === null) printer = ack.data.printer ?? null;

	const until = (what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> =>
		new Promise((resolve, reject) => {
			const attempt = (): void => {
				if (!check()) return;
				clearTimeout(timer);
				changes.off('change', attempt);
				resolve();
			};
			const timer = setTimeout(() => {
				changes.off('change', attempt);
				reject(
					new Error(
						`kiosk ${station}: timed out waiting for ${what}; printer ${JSON.stringify(printer)}; jobs ${JSON.stringify(jobs.map((j) => `${j.number ?? j.kind}:${j.state}:${j.via}:${j.reason ?? ''}`))}`
					)
				);
			}, timeoutMs);
			changes.on('change', attempt);
			attempt();
		});

	return {
		socket,
		snapshot: ack?.data,
		printer: () => printer,
		statuses,
		jobs,
		scans,
		references,
		job: (id) => jobs.filter((j) => j.id === id).at(-1),
		until,
		async untilPrinter(match, timeoutMs) {
			await until('a printer status', () => printer !== null && match(printer), timeoutMs);
			return printer!;
		},
		async untilJob(match, timeoutMs) {
			let found: PrintJobInfo | undefined;
			await until('a print job fact', () => (found = jobs.find(match)) !== undefined, timeoutMs);
			return found!;
		}
	};
}
