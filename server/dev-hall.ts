// `vite dev`: the same hall as production, attached to Vite's own http server.

import type { Server as HttpServer } from 'node:http';
import { join, resolve } from 'node:path';
import type { Connect } from 'vite';
import { createHallApp } from './app.ts';
import { DEMO_HALL_PATH, loadHallFile } from './config.ts';
import { createLogger } from './logger.ts';
import { Store } from './store/store.ts';

export async function startDevHall(httpServer: HttpServer, middlewares: Connect.Server): Promise<void> {
	const logger = createLogger();
	const loaded = loadHallFile(resolve(process.env.HALL_CONFIG ?? DEMO_HALL_PATH));
	const dataDir = resolve(process.env.DATA_DIR ?? 'data');
	const store = new Store(join(dataDir, 'hall.db'));
	const app = createHallApp({ store, clock: { now: () => Date.now() }, hall: loaded, logger, dataDir }, { httpServer });
	middlewares.use((req, res, next) => {
		if (req.url?.startsWith('/api') || req.url?.startsWith('/media/')) app.handle(req, res);
		else next();
	});
	httpServer.on('close', () => void app.close());
}
