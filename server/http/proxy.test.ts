import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustProxy, viaHttps } from './proxy.ts';

function req(remoteAddress: string, headers: Record<string, string> = {}): IncomingMessage {
	return { socket: { remoteAddress }, headers } as unknown as IncomingMessage;
}

describe('behind a reverse proxy', () => {
	const trusted = parseTrustProxy('127.0.0.1, ::1');

	it('believes X-Forwarded-For only from a trusted proxy', () => {
		expect(clientAddress(req('::ffff:127.0.0.1', { 'x-forwarded-for': '10.0.0.7' }), trusted)).toBe('10.0.0.7');
		// A client that sends the header itself, straight to the server, gets its own address.
		expect(clientAddress(req('10.0.0.66', { 'x-forwarded-for': '10.0.0.7' }), trusted)).toBe('10.0.0.66');
		// A forged first hop in front of the proxy's own entry does not count.
		expect(clientAddress(req('127.0.0.1', { 'x-forwarded-for': '1.2.3.4, 10.0.0.8' }), trusted)).toBe('10.0.0.8');
		expect(clientAddress(req('127.0.0.1'), trusted)).toBe('127.0.0.1');
		expect(clientAddress(req('127.0.0.1', { 'x-forwarded-for': '10.0.0.7' }), parseTrustProxy(''))).toBe('127.0.0.1');
	});

	it('knows HTTPS from the connection or from a trusted proxy only', () => {
		expect(viaHttps(req('127.0.0.1', { 'x-forwarded-proto': 'https' }), trusted)).toBe(true);
		expect(viaHttps(req('10.0.0.66', { 'x-forwarded-proto': 'https' }), trusted)).toBe(false);
		expect(viaHttps(req('127.0.0.1', { 'x-forwarded-proto': 'http' }), trusted)).toBe(false);
	});

	it('refuses a TRUST_PROXY that is not a list of addresses', () => {
		expect(() => parseTrustProxy('proxy.local')).toThrow(/TRUST_PROXY/);
	});
});
