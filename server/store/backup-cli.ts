// npm run backup [-- DEST]: writes DATA_DIR/backups/hall-<time>.db (or DEST) and checks it.

import { join, resolve } from 'node:path';
import { backupDatabase, backupFileName } from './backup.ts';

const dataDir = resolve(process.env.DATA_DIR ?? 'data');
const destination = resolve(process.argv[2] ?? join(dataDir, 'backups', backupFileName(new Date())));
const result = await backupDatabase(join(dataDir, 'hall.db'), destination);
if (result.integrity !== 'ok') {
	console.error(`backup written to ${result.path} but its integrity check says: ${result.integrity}`);
	process.exit(1);
}
console.log(`backup written to ${result.path} (${result.pages} pages, ${result.events} events, integrity ok)`);
