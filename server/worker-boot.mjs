// Starts a TypeScript worker (its module in `workerData.entry`) under tsx, for the dev server
// and tests; the production build compiles each worker to its own file and needs no loader.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
