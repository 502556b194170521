import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { originFrom } from './origin.ts';

const arrived = (host: string | undefined, localAddress = '192.168.1.10', localPort = 3000) => ({ host, secure: false, localAddress, localPort });

describe('the address printed in a slip QR code', () => {
	it('takes the Host header only when it names the address the request arrived on', () => {
		expect(originFrom(arrived('192.168.1.10:3000'))).toBe('http://192.168.1.10:3000');
		expect(originFrom(arrived(`${hostname().toLowerCase()}:3000`))).toBe(`http://${hostname().toLowerCase()}:3000`);
	});

	it('never prints an address a client made up', () => {
		expect(originFrom(arrived('evil.example.com'))).toBe('http://192.168.1.10:3000');
		expect(originFrom(arrived('evil.example.com:3000'))).toBe('http://192.168.1.10:3000');
		expect(originFrom(arrived('192.168.1.99:3000'))).toBe('http://192.168.1.10:3000');
		expect(originFrom(arrived('192.168.1.10:4000'))).toBe('http://192.168.1.10:3000');
		expect(originFrom(arrived('a b<script>'))).toBe('http://192.168.1.10:3000');
		expect(originFrom(arrived(undefined))).toBe('http://192.168.1.10:3000');
	});

	it('accepts localhost only on a loopback connection', () => {
		expect(originFrom(arrived('localhost:3000', '127.0.0.1'))).toBe('http://localhost:3000');
		expect(originFrom(arrived('localhost:3000', '::ffff:127.0.0.1'))).toBe('http://localhost:3000');
		expect(originFrom(arrived('localhost:3000', '192.168.1.10'))).toBe('http://192.168.1.10:3000');
	});

	it('writes IPv6 addresses in brackets', () => {
		expect(originFrom(arrived('evil.example.com', 'fe80::1', 3000))).toBe('http://[fe80::1]:3000');
	});
});
