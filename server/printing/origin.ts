// The address a phone opens from a ticket's QR code: the hall file's publicUrl, or else
// the origin the kiosk itself reached the server at (its Host header), which is by
// definition reachable from the hall's LAN.

import { hostname } from 'node:os';

const HOST = /^(?:[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** `http(s)://host[:port]` from a Host header; a missing or odd header falls back to this machine's name. */
export function originFrom(host: string | string[] | undefined, secure: boolean): string {
	const value = Array.isArray(host) ? host[0] : host;
	const safe = value && value.length <= 260 && HOST.test(value) ? value : hostname();
	return `${secure ? 'https' : 'http'}://${safe.toLowerCase()}`;
}

export function statusUrl(base: string, ticketId: string): string {
	return `${base.replace(/\/+$/, '')}/t/${encodeURIComponent(ticketId)}`;
}
