// The address a phone opens from a ticket's QR code. The hall file's publicUrl when set
// (required in a real hall). A demo hall without one uses the address the request arrived
// on — the server's own socket address, never whatever a client wrote in its Host header:
// anyone on the LAN could otherwise get their own address printed on official slips. A Host
// header is taken only when it names that same address (or this machine, or localhost on a
// loopback connection), so http://localhost:3000 in a browser still prints localhost.

import { hostname } from 'node:os';

export interface ArrivedAt {
	/** The request's Host header. */
	host: string | string[] | undefined;
	secure: boolean;
	/** The server's side of the connection: where the request really arrived. */
	localAddress: string | undefined;
	localPort: number | undefined;
}

function plainAddress(address: string): string {
	return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function isLoopback(address: string): boolean {
	return address === '::1' || address.startsWith('127.');
}

function hostPart(address: string): string {
	return address.includes(':') ? `[${address}]` : address;
}

/** `http(s)://host[:port]` of this server as the caller reached it, checked against the connection itself. */
export function originFrom({ host, secure, localAddress, localPort }: ArrivedAt): string {
	const scheme = secure ? 'https' : 'http';
	const own = localAddress ? plainAddress(localAddress) : null;
	const port = localPort ? `:${localPort}` : '';
	if (!own) return `${scheme}://${hostname().toLowerCase()}${port}`;
	const fallback = `${scheme}://${hostPart(own)}${port}`;
	const value = (Array.isArray(host) ? host[0] : host)?.toLowerCase();
	if (!value || value.length > 260) return fallback;
	let named: URL;
	try {
		named = new URL(`${scheme}://${value}`);
	} catch {
		return fallback;
	}
	const name = named.hostname.replace(/^\[|\]$/g, '');
	const samePort = named.port === '' ? port === '' || port === (secure ? ':443' : ':80') : `:${named.port}` === port;
	const ownName = name === own || name === hostname().toLowerCase() || (name === 'localhost' && isLoopback(own));
	return samePort && ownName ? `${scheme}://${named.host}` : fallback;
}

export function statusUrl(base: string, ticketId: string): string {
	return `${base.replace(/\/+$/, '')}/t/${encodeURIComponent(ticketId)}`;
}

/** The phone page of a complaint's or an objection's reference (the receipt's QR). */
export function referenceUrl(base: string, reference: string): string {
	return `${base.replace(/\/+$/, '')}/r/${encodeURIComponent(reference)}`;
}
