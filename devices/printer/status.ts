/**
 * Real-time status (DLE EOT n) requests and their 1-byte replies.
 *
 * Reply bytes always carry bit 1 and bit 4 set and bits 0 and 7 clear; a byte
 * that does not is not a status reply (stray data, or a printer out of sync).
 *   n=1 printer:       bit 3 offline
 *   n=2 offline cause: bit 2 cover open, bit 3 feed button, bit 5 stopped by paper end, bit 6 error
 *   n=3 error cause:   bit 3 autocutter, bit 5 unrecoverable, bit 6 auto-recoverable
 *   n=4 paper sensor:  bits 2–3 roll near end, bits 5–6 roll end (paper out)
 */

export type StatusRequestN = 1 | 2 | 3 | 4;
export const STATUS_PRINTER = 1;
export const STATUS_OFFLINE_CAUSE = 2;
export const STATUS_ERROR_CAUSE = 3;
export const STATUS_PAPER_SENSOR = 4;

/** DLE EOT n. */
export function statusRequest(n: StatusRequestN): Uint8Array {
	return Uint8Array.of(0x10, 0x04, n);
}

export interface PrinterFlags {
	online: boolean;
	coverOpen: boolean;
	paperOut: boolean;
	paperNearEnd: boolean;
	error: boolean;
}

export function isStatusByte(byte: number): boolean {
	return (byte & 0x93) === 0x12;
}

/** What one reply says; null when the byte is not a well-formed status reply. */
export function parseStatusByte(n: StatusRequestN, byte: number): Partial<PrinterFlags> | null {
	if (!Number.isInteger(byte) || byte < 0 || byte > 0xff || !isStatusByte(byte)) return null;
	const bit = (i: number): boolean => (byte & (1 << i)) !== 0;
	switch (n) {
		case 1:
			return { online: !bit(3) };
		case 2:
			return { coverOpen: bit(2), paperOut: bit(5), error: bit(6) };
		case 3:
			return { error: bit(3) || bit(5) || bit(6) };
		case 4:
			return { paperNearEnd: bit(2) || bit(3), paperOut: bit(5) || bit(6) };
	}
}

export type StatusReplies = Partial<Record<StatusRequestN, number>>;

/**
 * Combines the replies to DLE EOT 1/2/3/4. The n=1 reply is required; a missing
 * or malformed reply to the others counts as "no such condition reported".
 * Returns null when n=1 is missing or malformed.
 */
export function parseStatusReplies(replies: StatusReplies): PrinterFlags | null {
	const first = replies[1] === undefined ? null : parseStatusByte(1, replies[1]);
	if (!first) return null;
	const flags: PrinterFlags = {
		online: first.online ?? false,
		coverOpen: false,
		paperOut: false,
		paperNearEnd: false,
		error: false
	};
	for (const n of [2, 3, 4] as const) {
		const byte = replies[n];
		const part = byte === undefined ? null : parseStatusByte(n, byte);
		if (!part) continue;
		flags.coverOpen ||= part.coverOpen ?? false;
		flags.paperOut ||= part.paperOut ?? false;
		flags.paperNearEnd ||= part.paperNearEnd ?? false;
		flags.error ||= part.error ?? false;
	}
	return flags;
}

export type PrinterFaultCode = 'unreachable' | 'offline' | 'paper_out' | 'cover_open' | 'timeout' | 'printer_error';
/** 'unknown': the device takes data but cannot report (e.g. a write-only /dev/usb/lp0). */
export type PrinterStatusCode = 'ok' | 'unknown' | PrinterFaultCode;

export interface PrinterStatus extends PrinterFlags {
	code: PrinterStatusCode;
	message?: string;
}

/** The one condition the queue acts on; a paper-out printer also reports itself offline, so causes come first. */
export function statusFromFlags(flags: PrinterFlags): PrinterStatus {
	const code: PrinterStatusCode = flags.coverOpen
		? 'cover_open'
		: flags.paperOut
			? 'paper_out'
			: flags.error
				? 'printer_error'
				: !flags.online
					? 'offline'
					: 'ok';
	return { ...flags, code };
}

export function faultStatus(code: PrinterFaultCode, message: string): PrinterStatus {
	return { online: false, coverOpen: false, paperOut: false, paperNearEnd: false, error: false, code, message };
}

/** Flags are assumptions here: nothing was reported, so nothing is known to be wrong. */
export function unknownStatus(message: string): PrinterStatus {
	return { online: true, coverOpen: false, paperOut: false, paperNearEnd: false, error: false, code: 'unknown', message };
}

export function canPrint(status: PrinterStatus): boolean {
	return status.code === 'ok' || status.code === 'unknown';
}

export function sameStatus(a: PrinterStatus, b: PrinterStatus): boolean {
	return (
		a.code === b.code &&
		a.online === b.online &&
		a.coverOpen === b.coverOpen &&
		a.paperOut === b.paperOut &&
		a.paperNearEnd === b.paperNearEnd &&
		a.error === b.error
	);
}
