import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { backupDatabase } from '../../server/store/backup.ts';
import { startTestHall, type TestHall } from '../support/test-hall.ts';

let hall: TestHall;

afterEach(async () => {
	await hall.close();
});

it('makes a consistent online backup while tickets are being issued', async () => {
	hall = await startTestHall();
	const issuing = (async () => {
		for (let i = 0; i < 200; i++) await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } });
	})();
	while (hall.app.hall.version < 20) await new Promise((r) => setTimeout(r, 5));
	const result = await backupDatabase(join(hall.dataDir, 'hall.db'), join(hall.dataDir, 'backups', 'copy.db'));
	await issuing;
	expect(result.integrity).toBe('ok');
	// A backup holds residents' data as hall.db does: readable by its owner only.
	expect(statSync(result.path).mode & 0o777).toBe(0o600);
	const copy = new Database(result.path, { readonly: true });
	const versions = copy.prepare('SELECT COUNT(*) AS n, COALESCE(MAX(version), 0) AS v FROM events').get() as { n: number; v: number };
	copy.close();
	// A snapshot: every version up to its last one is complete (one fact per issue here).
	expect(versions.n).toBe(versions.v);
	expect(versions.v).toBeGreaterThanOrEqual(20);
});
