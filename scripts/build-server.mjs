// Compiles the hall server to plain JavaScript for production: running it through a
// TypeScript loader at run time costs ~35 MB of memory and a slower start.
import { build } from 'esbuild';

await build({
	entryPoints: ['server/main.ts'],
	outfile: 'build-server/main.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	// node_modules stay external: native modules (better-sqlite3, node-hid) load as installed.
	packages: 'external',
	sourcemap: true,
	logLevel: 'warning'
});

// The history worker (server/history/worker.ts) runs in a thread of its own: its own file.
await build({
	entryPoints: ['server/history/worker.ts'],
	outfile: 'build-server/history-worker.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	sourcemap: true,
	logLevel: 'warning'
});

// The slip renderer (server/printing/render-worker.ts) also runs in a thread of its own.
await build({
	entryPoints: ['server/printing/render-worker.ts'],
	outfile: 'build-server/render-worker.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	sourcemap: true,
	logLevel: 'warning'
});
