// The production hall (the demo hall file, the built screens) on a clock the test sets: run as a
// child process by the Playwright journeys that need days to pass (a 爽约 needs its slot to be
// over), which a browser's fake clock cannot do for the server. Started with an IPC channel:
// `{ setTime: epochMs }` moves the hall's clock there (`{ atLeast: epochMs }`: only if it is
// earlier), and it keeps running from that instant, so timers, sessions and sockets behave as
// they do on a real day. Answers `{ time }`.
//
//   env: PORT, DATA_DIR, START_AT (epoch ms), BUILD_DIR (default build), HALL_CONFIG (default the demo hall)

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { createHallApp, type PageHandler } from '../../server/app.ts';
import { DEMO_HALL_PATH, loadHallFile } from '../../server/config.ts';
import { Store } from '../../server/store/store.ts';

/** A clock that reads `at` at the moment it was set and runs on from there with the real one. */
class SettableClock {
	#at: number;
	#setAt = performance.now();
	constructor(at: number) {
		this.#at = at;
	}
	now = (): number => Math.floor(this.#at + (performance.now() - this.#setAt));
	set(at: number): void {
		this.#at = at;
		this.#setAt = performance.now();
	}
}

if (!process.send) throw new Error('clocked-hall runs as a child process with an IPC channel (see tests/e2e/support)');
const port = Number(process.env.PORT);
const dataDir = resolve(process.env.DATA_DIR ?? '');
const startAt = Number(process.env.START_AT);
if (!port || !process.env.DATA_DIR || !Number.isFinite(startAt)) throw new Error('PORT, DATA_DIR and START_AT are required');

const clock = new SettableClock(startAt);
const handlerPath = resolve(process.env.BUILD_DIR ?? 'build', 'handler.js');
if (!existsSync(handlerPath)) throw new Error(`${handlerPath} is missing: run \`npx vite build\` first`);
const pages = ((await import(pathToFileURL(handlerPath).href)) as { handler: PageHandler }).handler;
const app = createHallApp(
	{
		store: new Store(join(dataDir, 'hall.db')),
		clock,
		hall: loadHallFile(resolve(process.env.HALL_CONFIG ?? DEMO_HALL_PATH)),
		logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }),
		dataDir
	},
	{ pages }
);

process.on('message', (message: { setTime?: unknown; atLeast?: unknown }) => {
	if (typeof message?.setTime === 'number') clock.set(message.setTime);
	// Forward only: a journey that may run alone or after another one that moved the clock on.
	if (typeof message?.atLeast === 'number' && clock.now() < message.atLeast) clock.set(message.atLeast);
	process.send!({ time: clock.now() });
});
process.on('disconnect', () => void app.close().then(() => process.exit(0)));
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));

app.httpServer.listen(port, '127.0.0.1', () => process.send!({ listening: port, time: clock.now() }));
