// Behind a reverse proxy (Caddy, nginx) every request comes from the proxy's address: the
// client's own address and scheme are in X-Forwarded-For / X-Forwarded-Proto, which anyone
// can also send. They are believed only from the addresses TRUST_PROXY names.

import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** TRUST_PROXY: comma-separated proxy addresses (e.g. `127.0.0.1,::1`); empty trusts none. */
export function parseTrustProxy(value: string | undefined): ReadonlySet<string> {
	const addresses = (value ?? '')
		.split(',')
		.map((a) => normalizeAddress(a.trim()))
		.filter((a) => a !== '');
	for (const address of addresses) {
		if (isIP(address) === 0) throw new Error(`TRUST_PROXY: ${address} is not an IP address`);
	}
	return new Set(addresses);
}

/** IPv4 clients of a dual-stack socket appear as ::ffff:a.b.c.d. */
export function normalizeAddress(address: string): string {
	return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** The client's address: the peer's, or, from a trusted proxy, the last untrusted hop it forwarded. */
export function clientAddress(req: IncomingMessage, trusted: ReadonlySet<string>): string {
	return forwardedClient(req.socket.remoteAddress ?? '', req.headers['x-forwarded-for'], trusted);
}

/** The same for a connection known by its peer address and X-Forwarded-For header (a socket's handshake). */
export function forwardedClient(peerAddress: string, forwardedFor: string | string[] | undefined, trusted: ReadonlySet<string>): string {
	const peer = normalizeAddress(peerAddress);
	if (!trusted.has(peer)) return peer;
	const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
		.split(',')
		.map((h) => normalizeAddress(h.trim()))
		.filter((h) => isIP(h) !== 0);
	for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i])) return hops[i];
	return peer;
}

/** Whether the browser reached the hall over HTTPS (directly, or through a trusted proxy that says so). */
export function viaHttps(req: IncomingMessage, trusted: ReadonlySet<string>): boolean {
	if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
	if (!trusted.has(normalizeAddress(req.socket.remoteAddress ?? ''))) return false;
	const proto = req.headers['x-forwarded-proto'];
	return (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0].trim().toLowerCase() === 'https';
}
