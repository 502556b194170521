/**
 * One queue per printer. Jobs print one at a time, in order, and each ends in
 * exactly one reported outcome: printed, dropped (too old, or queue closed) or
 * failed (the printer took the job badly too many times). Nothing is sent while
 * the printer is not ready, so a printer that gets its paper back does not spill
 * a pile of stale slips (node-thermal-printer issue #78): stale jobs are dropped
 * with a record instead.
 */
import { canPrint, faultStatus, sameStatus, type PrinterStatus } from './status.ts';
import type { PrinterTransport, TransportError } from './transport-common.ts';

export interface PrintJob {
	id: string;
	kind: string;
	/** Epoch ms, on the same clock as the queue's `now`. */
	createdAt: number;
	bytes: Uint8Array;
	svg?: string;
}

export interface JobPrinted {
	job: PrintJob;
	at: number;
	attempts: number;
	/** Status read right after the bytes were taken; a paper-out here means the slip may be incomplete. */
	statusAfter: PrinterStatus | null;
}

export interface JobDropped {
	job: PrintJob;
	at: number;
	reason: 'expired' | 'queue_closed';
	ageMs: number;
	/** Why it had not printed: the last status seen. */
	lastStatus: PrinterStatus | null;
}

export interface JobFailed {
	job: PrintJob;
	at: number;
	error: TransportError;
	attempt: number;
	/** false: the job has left the queue for good. */
	willRetry: boolean;
}

export interface RetryPolicy {
	initialMs: number;
	maxMs: number;
	factor: number;
}

export interface PrintQueueOptions {
	transport: PrinterTransport;
	now: () => number;
	/** Older jobs are dropped instead of printed; default 10 minutes. */
	maxAgeMs?: number;
	retry?: Partial<RetryPolicy>;
	/** Write failures before a job is given up; default 3. */
	maxWriteAttempts?: number;
	checkStatusAfter?: boolean;
	onStatus?: (status: PrinterStatus) => void;
	onJobPrinted?: (event: JobPrinted) => void;
	onJobDropped?: (event: JobDropped) => void;
	onJobFailed?: (event: JobFailed) => void;
	/** Timer used for backoff; returns a cancel function. */
	schedule?: (fn: () => void, ms: number) => () => void;
}

export type EnqueueResult =
	| { ok: true }
	| { ok: false; error: { code: 'duplicate_job' | 'queue_closed'; message: string } };

export interface PrintQueue {
	enqueue(job: PrintJob): EnqueueResult;
	pending(): readonly PrintJob[];
	lastStatus(): PrinterStatus | null;
	/** Asks the printer now (e.g. for a kiosk's idle screen); reported through onStatus too. */
	checkStatus(): Promise<PrinterStatus>;
	/** Skips the current backoff, e.g. when staff say the paper is loaded. */
	retryNow(): void;
	/** Stops printing; jobs still waiting are reported as dropped ('queue_closed') and returned. */
	close(): Promise<PrintJob[]>;
}

export const DEFAULT_MAX_AGE_MS = 10 * 60_000;
const DEFAULT_RETRY: RetryPolicy = { initialMs: 500, maxMs: 30_000, factor: 2 };

const defaultSchedule = (fn: () => void, ms: number): (() => void) => {
	const timer = setTimeout(fn, ms);
	return () => clearTimeout(timer);
};

export function createPrintQueue(opts: PrintQueueOptions): PrintQueue {
	const { transport, now } = opts;
	const maxAgeMs = opts.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
	const retry: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
	const maxWriteAttempts = Math.max(1, opts.maxWriteAttempts ?? 3);
	const checkStatusAfter = opts.checkStatusAfter ?? true;
	const schedule = opts.schedule ?? defaultSchedule;

	const jobs: PrintJob[] = [];
	const attempts = new Map<string, number>();
	let status: PrinterStatus | null = null;
	let closed = false;
	let running: Promise<void> | null = null;
	let cancelRetry: (() => void) | null = null;
	let holds = 0;

	// A throwing listener is a bug elsewhere; it must not stall printing or lose jobs.
	const emit = <T>(listener: ((event: T) => void) | undefined, event: T): void => {
		try {
			listener?.(event);
		} catch {
			// ignored on purpose, see above
		}
	};

	const report = (next: PrinterStatus): void => {
		const changed = status === null || !sameStatus(status, next);
		status = next;
		if (changed) emit(opts.onStatus, next);
	};

	const remove = (job: PrintJob): void => {
		const i = jobs.indexOf(job);
		if (i >= 0) jobs.splice(i, 1);
		attempts.delete(job.id);
	};

	const dropExpired = (): void => {
		const at = now();
		for (const job of [...jobs]) {
			const ageMs = at - job.createdAt;
			if (ageMs > maxAgeMs) {
				remove(job);
				emit(opts.onJobDropped, { job, at, reason: 'expired', ageMs, lastStatus: status });
			}
		}
	};

	const hold = (): void => {
		holds += 1;
		const ms = Math.min(retry.maxMs, retry.initialMs * retry.factor ** (holds - 1));
		cancelRetry?.();
		cancelRetry = schedule(() => {
			cancelRetry = null;
			kick();
		}, ms);
	};

	async function drain(): Promise<void> {
		while (!closed && jobs.length > 0) {
			dropExpired();
			if (jobs.length === 0) break;
			report(await transport.status());
			if (closed) break;
			if (!status || !canPrint(status)) return hold();
			// Time passed while asking: the head job may have aged out meanwhile.
			dropExpired();
			const job = jobs[0];
			if (!job) break;
			const result = await transport.write(job.bytes, { jobId: job.id, svg: job.svg });
			const attempt = (attempts.get(job.id) ?? 0) + 1;
			if (!result.ok) {
				const willRetry = attempt < maxWriteAttempts;
				if (willRetry) attempts.set(job.id, attempt);
				else remove(job);
				emit(opts.onJobFailed, { job, at: now(), error: result.error, attempt, willRetry });
				return hold();
			}
			let statusAfter: PrinterStatus | null = null;
			if (checkStatusAfter) {
				statusAfter = await transport.status();
				report(statusAfter);
			}
			remove(job);
			holds = 0;
			emit(opts.onJobPrinted, { job, at: now(), attempts: attempt, statusAfter });
		}
	}

	function kick(): void {
		if (closed || running) return;
		cancelRetry?.();
		cancelRetry = null;
		running = drain()
			.catch((err: unknown) => {
				// Transports return faults as values; one that throws is broken, but its jobs stay queued.
				report(faultStatus('offline', `printer transport failed: ${err instanceof Error ? err.message : String(err)}`));
				hold();
			})
			.finally(() => {
				running = null;
				// A job enqueued during the last await of a finished drain must not wait for the next enqueue.
				if (!closed && !cancelRetry && jobs.length > 0) kick();
			});
	}

	return {
		enqueue(job) {
			if (closed) return { ok: false, error: { code: 'queue_closed', message: 'print queue is closed' } };
			if (jobs.some((j) => j.id === job.id)) {
				return { ok: false, error: { code: 'duplicate_job', message: `job ${job.id} is already queued` } };
			}
			jobs.push(job);
			kick();
			return { ok: true };
		},
		pending: () => [...jobs],
		lastStatus: () => status,
		async checkStatus() {
			const next = await transport.status();
			report(next);
			return next;
		},
		retryNow() {
			kick();
		},
		async close() {
			closed = true;
			cancelRetry?.();
			cancelRetry = null;
			await running;
			const remaining = [...jobs];
			const at = now();
			for (const job of remaining) {
				remove(job);
				emit(opts.onJobDropped, { job, at, reason: 'queue_closed', ageMs: at - job.createdAt, lastStatus: status });
			}
			return remaining;
		}
	};
}

/**
 * Reads the printer's status now; a printer that can print again gets its held jobs at
 * once instead of at the end of its backoff. The idle poll of the server and of the
 * station agent.
 */
export async function checkAndResume(queue: PrintQueue): Promise<PrinterStatus> {
	const status = await queue.checkStatus();
	if (canPrint(status) && queue.pending().length > 0) queue.retryNow();
	return status;
}
