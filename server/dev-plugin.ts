import type { Plugin } from 'vite';

/** Attaches the hall (API + socket.io) to `vite dev`'s own http server, so dev and production share one wiring. */
export function hallDevServer(): Plugin {
	return {
		name: 'hall-dev-server',
		apply: 'serve',
		async configureServer(server) {
			if (!server.httpServer || process.env.VITEST) return;
			// Loaded through Vite's module runner: the config bundle must not pull the server in.
			const { startDevHall } = (await server.ssrLoadModule('/server/dev-hall.ts')) as typeof import('./dev-hall.ts');
			await startDevHall(server.httpServer as import('node:http').Server, server.middlewares);
		}
	};
}
