import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// Overridable so that parallel builds (several e2e runs on one machine) do not share output.
		outDir: process.env.KIT_OUT_DIR ?? '.svelte-kit',
		// The server tells a screen which route a path is, on its first visit there: a screen no
		// longer downloads the list of every route (the board does not need the console's), ~2.5 KB
		// gzip off each screen's first load, and the public screens do not show the staff routes.
		router: { resolution: 'server' },
		adapter: adapter({ out: process.env.BUILD_DIR ?? 'build' }),
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'media-src': ['self', 'data:', 'blob:'],
				'connect-src': ['self', 'ws:', 'wss:'],
				'frame-ancestors': ['none'],
				'object-src': ['none'],
				'base-uri': ['self']
			}
		}
	}
};

export default config;
