// Starts the TypeScript history worker under tsx (dev server and tests); the production
// build compiles the worker to build-server/history-worker.js and needs no loader.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
