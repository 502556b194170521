// What a kiosk's barcode scanner may hand the server: a ticket status URL of this hall, a
// bare ticket id, or the link on a complaint's or objection's 回执 (…/r/TS-20261206-001).
// Anything else is refused with `bad_scan` and changes nothing.

import { z } from 'zod';
import type { ApiError } from '../../src/lib/protocol.ts';

/** Ticket ids are 12 base64url characters (server/ids.ts newTicketId); allow some slack. */
const TICKET_ID = /^[A-Za-z0-9_-]{6,64}$/;
const MAX_SCAN = 512;

export const scanInputSchema = z.strictObject({ data: z.string().min(1).max(MAX_SCAN) });

export type ScanParse = { ok: true; ticketId: string } | { ok: true; reference: string } | { ok: false; error: ApiError };

/** A 受理编号 as the receipt's link carries it (records.ts normalizes it the same way for a lookup). */
const REFERENCE = /^(TS|YY)-(\d{8})-(\d{1,6})$/;

function badScan(why: string): ScanParse {
	return { ok: false, error: { code: 'bad_scan', message: '无法识别该二维码，请扫描本中心的取号凭条', details: { why } } };
}

/**
 * `origins` are the hall's own addresses: its publicUrl when set (then the only one),
 * otherwise the origins the kiosks reached the server at.
 */
export function parseScan(raw: string, origins: ReadonlySet<string>): ScanParse {
	const data = raw.trim();
	if (data.length === 0 || data.length > MAX_SCAN) return badScan('length');
	// Scanners in keyboard mode can only type what a keyboard can: control characters mean noise.
	if ([...data].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return badScan('control characters');
	if (TICKET_ID.test(data)) return { ok: true, ticketId: data };
	let url: URL;
	try {
		url = new URL(data);
	} catch {
		return badScan('neither a ticket id nor a URL');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return badScan('not an http(s) URL');
	if (!origins.has(url.origin)) return badScan(`foreign origin ${url.origin}`);
	const receipt = /^\/r\/([A-Za-z0-9-]{1,40})\/?$/.exec(url.pathname);
	if (receipt) {
		const reference = receipt[1].toUpperCase();
		return REFERENCE.test(reference) ? { ok: true, reference } : badScan('bad reference');
	}
	const match = /^\/t\/([^/]+)\/?$/.exec(url.pathname);
	if (!match) return badScan('not a ticket status path');
	let id: string;
	try {
		id = decodeURIComponent(match[1]);
	} catch {
		return badScan('bad escape in the ticket id');
	}
	if (!TICKET_ID.test(id)) return badScan('bad ticket id');
	return { ok: true, ticketId: id };
}
