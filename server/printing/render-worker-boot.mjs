// Starts the TypeScript slip renderer under tsx (dev server and tests); the production build
// compiles it to build-server/render-worker.js (scripts/build-server.mjs) and needs no loader.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
