// Production composition root: environment → config → store → hall → HTTP + socket.io + SvelteKit.

import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHallApp, type PageHandler } from './app.ts';
import { DEMO_HALL_PATH, loadHallFile, readinessProblems, type LoadedHall } from './config.ts';
import { createLogger } from './logger.ts';
import { guardVanishedAssets } from './static-guard.ts';
import { parseTrustProxy } from './http/proxy.ts';
import { Store } from './store/store.ts';

// Everything the server writes (hall.db, its WAL, slips under prints/, backups) holds
// residents' data: readable by the hall's own user only.
process.umask(0o077);

/** A mistake an operator must fix before the hall can open: said in one plain line, no stack trace. */
function refuseToStart(...lines: string[]): never {
	for (const line of lines) process.stderr.write(`${line}\n`);
	process.exit(1);
}

const logger = createLogger();
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const dataDir = resolve(process.env.DATA_DIR ?? 'data');
const configPath = resolve(process.env.HALL_CONFIG ?? DEMO_HALL_PATH);

let loaded: LoadedHall;
try {
	loaded = loadHallFile(configPath);
} catch (error) {
	refuseToStart((error as Error).message);
}
const problems = readinessProblems(loaded.file);
if (problems.length > 0) refuseToStart(...problems.map((problem) => `HALL_CONFIG ${configPath}: ${problem}`));

function openStore(): Store {
	try {
		mkdirSync(dataDir, { recursive: true, mode: 0o700 });
		accessSync(dataDir, constants.W_OK);
		return new Store(join(dataDir, 'hall.db'), { synchronous: process.env.SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL' });
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
			refuseToStart(`DATA_DIR ${dataDir} is not writable by this user (${code}): fix its owner or permissions, or set DATA_DIR to a directory the hall may write`);
		}
		refuseToStart(`DATA_DIR ${dataDir}: cannot open hall.db (${(error as Error).message.split('\n')[0]})`);
	}
}
const store = openStore();

const handlerPath = resolve(process.env.BUILD_DIR ?? 'build', 'handler.js');
let pages: PageHandler | undefined;
if (existsSync(handlerPath)) {
	const handler = ((await import(pathToFileURL(handlerPath).href)) as { handler: PageHandler }).handler;
	const buildDir = dirname(handlerPath);
	pages = guardVanishedAssets([join(buildDir, 'client'), join(buildDir, 'prerendered')], handler);
} else {
	logger.warn('build/handler.js is missing: run `npm run build` to serve the screens; the API still works');
}

// `off` is for load benchmarks on loopback; a hall keeps the default limit.
const issueRateLimit = process.env.ISSUE_RATE_LIMIT === 'off' ? null : undefined;
let trustProxy: ReadonlySet<string>;
try {
	trustProxy = parseTrustProxy(process.env.TRUST_PROXY);
} catch (error) {
	refuseToStart((error as Error).message);
}
// SLIP_RENDER_THREAD=on: slips render in a thread of their own (less work on the event loop per
// ticket, ≈ 13 MB more memory); off by default (server/printing/slip-renderer.ts).
const printing = process.env.SLIP_RENDER_THREAD === 'on' ? { renderThread: true } : undefined;
const app = createHallApp({ store, clock: { now: () => Date.now() }, hall: loaded, logger, issueRateLimit, dataDir, trustProxy, printing }, { pages });

app.httpServer.once('error', (error: NodeJS.ErrnoException) => {
	refuseToStart(`cannot listen on ${host}:${port} (${error.code ?? error.message})`);
});
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
