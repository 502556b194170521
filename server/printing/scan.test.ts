import { describe, expect, it } from 'vitest';
import { parseScan, scanInputSchema } from './scan.ts';

const origins = new Set(['http://hall.lan:3000', 'https://dangqun.example.cn']);

describe('parseScan', () => {
	it("accepts this hall's status URLs and bare ticket ids", () => {
		expect(parseScan('http://hall.lan:3000/t/Ab_9-Zq0xYz1', origins)).toEqual({ ok: true, ticketId: 'Ab_9-Zq0xYz1' });
		expect(parseScan(' https://dangqun.example.cn/t/Ab_9-Zq0xYz1/ ', origins)).toEqual({ ok: true, ticketId: 'Ab_9-Zq0xYz1' });
		expect(parseScan('Ab_9-Zq0xYz1', origins)).toEqual({ ok: true, ticketId: 'Ab_9-Zq0xYz1' });
	});

	it('reads the number of a 回执’s link of this hall', () => {
		expect(parseScan('http://hall.lan:3000/r/TS-20261206-001', origins)).toEqual({ ok: true, reference: 'TS-20261206-001' });
		expect(parseScan('https://dangqun.example.cn/r/yy-20261206-012/', origins)).toEqual({ ok: true, reference: 'YY-20261206-012' });
		for (const data of ['http://evil.example.com/r/TS-20261206-001', 'http://hall.lan:3000/r/TS-2026', 'http://hall.lan:3000/r/AB-20261206-001', 'http://hall.lan:3000/r/TS-20261206-001/x']) {
			const result = parseScan(data, origins);
			expect(result.ok, data).toBe(false);
		}
	});

	it('refuses everything else with bad_scan', () => {
		for (const data of [
			'',
			'http://evil.example.com/t/Ab_9-Zq0xYz1',
			'http://hall.lan:3001/t/Ab_9-Zq0xYz1',
			'ftp://hall.lan:3000/t/Ab_9-Zq0xYz1',
			'http://hall.lan:3000/api/tickets/Ab_9-Zq0xYz1',
			'http://hall.lan:3000/t/a%2Fb',
			'http://hall.lan:3000/t/%E0%A4%A',
			'abc',
			'Ab_9\u0007Zq0xYz1',
			'javascript:alert(1)',
			'x'.repeat(513)
		]) {
			const result = parseScan(data, origins);
			expect(result.ok, data).toBe(false);
			if (!result.ok) expect(result.error.code).toBe('bad_scan');
		}
	});

	it('limits the input size before parsing', () => {
		expect(scanInputSchema.safeParse({ data: 'x'.repeat(513) }).success).toBe(false);
		expect(scanInputSchema.safeParse({ data: 'abc', extra: 1 }).success).toBe(false);
	});
});
