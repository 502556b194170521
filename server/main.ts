// Production composition root: environment → config → store → hall → HTTP + socket.io + SvelteKit.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHallApp, type PageHandler } from './app.ts';
import { DEMO_HALL_PATH, loadHallFile } from './config.ts';
import { createLogger } from './logger.ts';
import { Store } from './store/store.ts';

const logger = createLogger();
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const dataDir = resolve(process.env.DATA_DIR ?? 'data');
const configPath = resolve(process.env.HALL_CONFIG ?? DEMO_HALL_PATH);

const loaded = loadHallFile(configPath);
const store = new Store(join(dataDir, 'hall.db'), {
	synchronous: process.env.SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL'
});

const handlerPath = resolve(process.env.BUILD_DIR ?? 'build', 'handler.js');
let pages: PageHandler | undefined;
if (existsSync(handlerPath)) {
	pages = ((await import(pathToFileURL(handlerPath).href)) as { handler: PageHandler }).handler;
} else {
	logger.warn('build/handler.js is missing: run `npm run build` to serve the screens; the API still works');
}

// `off` is for load benchmarks on loopback; a hall keeps the default limit.
const issueRateLimit = process.env.ISSUE_RATE_LIMIT === 'off' ? null : undefined;
const app = createHallApp({ store, clock: { now: () => Date.now() }, hall: loaded, logger, issueRateLimit, dataDir }, { pages });

app.httpServer.listen(port, host, () => {
	const address = app.httpServer.address();
	const actualPort = typeof address === 'object' && address ? address.port : port;
	logger.info(
		{ port: actualPort, host, dataDir, config: configPath, demo: loaded.settings.demoStaff },
		`hall listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort}`
	);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	logger.info({ signal }, 'shutting down');
	const force = setTimeout(() => process.exit(1), 10_000);
	force.unref();
	await app.close();
	process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
