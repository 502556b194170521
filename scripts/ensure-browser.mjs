// The browser tests use Debian's chromium and CJK fonts (Playwright cannot download
// its own browser here). Install them when missing, so `npm test` works on a fresh machine.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const fonts = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
if (existsSync(chromium) && existsSync(fonts)) process.exit(0);

if (process.getuid?.() !== 0) {
	console.error(`Missing ${chromium} or Noto CJK fonts. Install them: sudo apt-get install -y chromium fonts-noto-cjk`);
	process.exit(1);
}
console.log('Installing chromium and fonts-noto-cjk with apt-get …');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execSync('apt-get update', { stdio: 'inherit', env });
execSync('apt-get install -y --no-install-recommends chromium fonts-noto-cjk', { stdio: 'inherit', env });
