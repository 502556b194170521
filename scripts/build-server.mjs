// Compiles the hall server to plain JavaScript for production: running it through a
// TypeScript loader at run time costs ~35 MB of memory and a slower start.
import { build } from 'esbuild';

const entries = {
	'build-server/main.js': 'server/main.ts',
	// Workers run in threads of their own, each from its own file: the history worker (long
	// reads, reports, exports), the upstream link (shipping the event log to the district) and
	// the slip renderer (layout, ESC/POS bytes, the preview SVG).
	'build-server/history-worker.js': 'server/history/worker.ts',
	'build-server/upstream-worker.js': 'server/upstream/worker.ts',
	'build-server/render-worker.js': 'server/printing/render-worker.ts'
};

for (const [outfile, entry] of Object.entries(entries)) {
	await build({
		entryPoints: [entry],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		// node_modules stay external: native modules (better-sqlite3, node-hid) load as installed.
		packages: 'external',
		sourcemap: true,
		logLevel: 'warning'
	});
}
