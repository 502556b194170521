// Every page and API answer carries the headers that keep the screens from being framed,
// sniffed or fed foreign scripts.
import { expect, test } from '@playwright/test';

const pages = ['/', '/kiosk?station=K1', '/window', '/board', '/board?zone=east', '/t/unknown-ticket'];

for (const path of pages) {
	test(`security headers on ${path}`, async ({ request }) => {
		const res = await request.get(path);
		expect(res.status()).toBe(200);
		const headers = res.headers();
		const csp = headers['content-security-policy'] ?? '';
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toContain("default-src 'self'");
		expect(csp).toMatch(/script-src 'self'( 'sha256-[^']+')*(;|$)/);
		expect(csp).not.toContain("'unsafe-eval'");
		expect(headers['x-content-type-options']).toBe('nosniff');
		expect(headers['x-frame-options']).toBe('DENY');
	});
}

test('security headers on the API', async ({ request }) => {
	const res = await request.get('/api/health');
	expect(res.headers()['x-content-type-options']).toBe('nosniff');
	expect(res.headers()['content-type']).toContain('application/json');
});
