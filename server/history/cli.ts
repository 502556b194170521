// npm run rollups -- rebuild        every daily rollup again from the event log (and the archives)
// npm run archive -- 2025           moves the closed year 2025 to DATA_DIR/archive/hall-2025.db
// npm run archive -- verify         re-checks every archive: integrity, counts, hash chain
// Run against DATA_DIR/hall.db; safe while the hall runs (deletes go in small batches), though
// a rebuild is best run with the hall stopped so no day closes meanwhile.

import { join, resolve } from 'node:path';
import { localDate } from '../core/calendar.ts';
import { DEMO_HALL_PATH, loadHallFile, parseHall } from '../config.ts';
import { Store } from '../store/store.ts';
import { archiveYear, verifyArchives } from './archive.ts';
import { rebuildRollups } from './rebuild.ts';

const [command, argument] = process.argv.slice(2);
const dataDir = resolve(process.env.DATA_DIR ?? 'data');
const store = new Store(join(dataDir, 'hall.db'));
const saved = store.latestConfigFile();
const hall = saved === null ? loadHallFile(resolve(process.env.HALL_CONFIG ?? DEMO_HALL_PATH)) : parseHall(saved);
const { timeZone } = hall.config.calendar;
const today = store.meta('day') ?? localDate(Date.now(), timeZone);

function done(code: number): never {
	store.close();
	process.exit(code);
}

if (command === 'rollups' && argument === 'rebuild') {
	const result = rebuildRollups(store.db, dataDir, timeZone, today, Date.now());
	console.log(`rebuilt ${result.days} days (${result.tickets} tickets) up to ${result.lastDay ?? '—'}`);
	done(0);
}
if (command === 'archive' && argument === 'verify') {
	const checks = verifyArchives(store.db, dataDir);
	for (const c of checks) console.log(`${c.year}: ${c.ok ? 'ok' : 'FAILED'} (integrity ${c.integrity}, ${c.events} events, hash ${c.hashMatches ? 'matches' : 'DIFFERS'}, ${c.leftInLive} left in the live file)`);
	if (checks.length === 0) console.log('no archives yet');
	done(checks.every((c) => c.ok) ? 0 : 1);
}
if (command === 'archive' && /^\d{4}$/.test(argument ?? '')) {
	const result = archiveYear(store.db, dataDir, Number(argument), timeZone, Date.now());
	if (!result.ok) {
		console.error(result.error.message);
		done(1);
	}
	const r = result.value;
	console.log(`archived ${r.year} to ${join(dataDir, 'archive', r.file)}: ${r.events} events, ${r.tickets} tickets, ${r.printJobs} print jobs; hash ${r.eventsHash.slice(0, 16)}…`);
	done(0);
}
console.error('usage: npm run rollups -- rebuild | npm run archive -- <year> | npm run archive -- verify');
done(2);
