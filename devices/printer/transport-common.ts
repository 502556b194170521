import type { PrinterStatus } from './status.ts';

export type TransportErrorCode =
	| 'unreachable'
	| 'offline'
	| 'paper_out'
	| 'cover_open'
	| 'timeout'
	| 'printer_error'
	| 'bad_uri'
	| 'usb_unavailable';

export interface TransportError {
	code: TransportErrorCode;
	message: string;
}

export type WriteResult = { ok: true } | { ok: false; error: TransportError };

export interface WriteMeta {
	/** Names the job in logs and in preview file names. */
	jobId?: string;
	/** The slip as SVG, saved next to the bytes by the preview transport. */
	svg?: string;
}

/**
 * The printer port. Every expected failure comes back as a value with a code;
 * no method rejects or throws for a printer that is off, absent or out of paper.
 */
export interface PrinterTransport {
	readonly uri: string;
	readonly kind: 'tcp' | 'file' | 'usb' | 'preview';
	write(bytes: Uint8Array, meta?: WriteMeta): Promise<WriteResult>;
	status(): Promise<PrinterStatus>;
	close(): Promise<void>;
}

export function transportError(code: TransportErrorCode, message: string): { ok: false; error: TransportError } {
	return { ok: false, error: { code, message } };
}

/** Runs operations one at a time: a status reply must never be read by a concurrent write. */
export function createSerialRunner(): <T>(op: () => Promise<T>) => Promise<T> {
	let tail: Promise<unknown> = Promise.resolve();
	return <T>(op: () => Promise<T>): Promise<T> => {
		const run = tail.then(op, op);
		tail = run.catch(() => undefined);
		return run;
	};
}

export function errnoCode(err: unknown): string {
	return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
}

export function errorMessage(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}

export function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
