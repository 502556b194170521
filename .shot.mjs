import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:4196';
const post = async (path, body, token) => { const r = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body ?? {}) }); return r.status === 204 ? null : r.json(); };
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
page.on('console', (m) => console.log('console:', m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(base + '/board');
await page.waitForTimeout(1500);
for (let w = 1; w <= 6; w++) {
  const { token } = await post('/api/session', { username: `staff${w}`, password: 'demo1234' });
  await post(`/api/windows/${w}/sign-in`, {}, token);
  const services = { 1: 'party-transfer', 2: 'assistance', 3: 'complaints', 4: 'heart-talk', 5: 'volunteer', 6: 'archives' };
  for (let i = 0; i < 3; i++) await post('/api/tickets', { serviceId: services[w] });
  const c = await post(`/api/windows/${w}/call-next`, {}, token);
  console.log('called', c?.number);
}
await page.waitForTimeout(1500);
await page.screenshot({ path: '/tmp/bshot/landscape.png' });
console.log(await page.getByTestId('announcement').textContent());
await page.setViewportSize({ width: 1080, height: 1920 });
await page.waitForTimeout(500);
await page.screenshot({ path: '/tmp/bshot/portrait.png' });
await page.setViewportSize({ width: 3840, height: 2160 });
await page.waitForTimeout(500);
await page.screenshot({ path: '/tmp/bshot/4k.png' });
await browser.close();
