/**
 * The DLE EOT exchange every transport with a back channel runs: ask n = 1, 2, 4 in turn,
 * one reply byte each, and combine the replies. Written once; each transport brings only
 * its channel (how a request is sent and a byte read back) and what silence means on it.
 */
import {
	faultStatus,
	parseStatusReplies,
	statusFromFlags,
	statusRequest,
	type PrinterFaultCode,
	type PrinterStatus,
	type StatusReplies
} from './status.ts';
import type { TransportError } from './transport-common.ts';

/** What one read gave: a byte, nothing in time, or a channel that closed under us. */
export type StatusRead = number | 'silent' | 'closed';

export interface StatusChannel {
	/** null once the request is sent. A channel that needs cleaning up after a failed send does so itself. */
	send(request: Uint8Array): Promise<TransportError | null>;
	read(): Promise<StatusRead>;
	/** No answer to DLE EOT 1: a device file may simply have no back channel, a network printer is not there. */
	silent(): PrinterStatus;
	/** The first reply was no status byte (stray data, a printer out of sync). */
	malformed(replies: StatusReplies): PrinterStatus;
}

const FAULT_CODES: readonly string[] = ['unreachable', 'offline', 'paper_out', 'cover_open', 'timeout', 'printer_error'];

/** A transport error as a printer fault; codes that are no printer condition (bad_uri …) mean it cannot be reached. */
export function faultFromError(error: TransportError): PrinterStatus {
	const code = FAULT_CODES.includes(error.code) ? (error.code as PrinterFaultCode) : 'unreachable';
	return faultStatus(code, error.message);
}

/** DLE EOT 2 and 4 are optional: a printer that stays silent on them reports what n = 1 said. */
export async function exchangeStatus(channel: StatusChannel): Promise<PrinterStatus> {
	const replies: StatusReplies = {};
	for (const n of [1, 2, 4] as const) {
		const failed = await channel.send(statusRequest(n));
		if (failed) return faultFromError(failed);
		const reply = await channel.read();
		if (reply === 'closed') return faultStatus('unreachable', 'the printer closed the connection');
		if (reply === 'silent') {
			if (n === 1) return channel.silent();
			break;
		}
		replies[n] = reply;
	}
	const flags = parseStatusReplies(replies);
	return flags ? statusFromFlags(flags) : channel.malformed(replies);
}
