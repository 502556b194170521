// npm run backup [-- DEST]: writes DATA_DIR/backups/hall-<time>.db (or DEST) and checks it;
// the yearly archives (DATA_DIR/archive/hall-YYYY.db) are copied to archive/ beside it.

import { join, resolve } from 'node:path';
import { backupFileName, backupHall } from './backup.ts';

const dataDir = resolve(process.env.DATA_DIR ?? 'data');
const destination = resolve(process.argv[2] ?? join(dataDir, 'backups', backupFileName(new Date())));
const result = await backupHall(dataDir, destination);
if (result.integrity !== 'ok') {
	console.error(`backup written to ${result.path} but its integrity check says: ${result.integrity}`);
	process.exit(1);
}
console.log(`backup written to ${result.path} (${result.pages} pages, ${result.events} events, integrity ok)`);
for (const a of result.archives) console.log(`archive ${a.year}: ${a.path} (${a.copied ? 'copied' : 'already there'}, ${a.ok ? 'checked ok' : 'CHECK FAILED'})`);
if (result.archives.some((a) => !a.ok)) process.exit(1);
