// The upstream link's thread: reads the hall's event log on a read-only connection of its own
// (WAL lets it see every committed fact while the hall writes), encodes and sends the batches.
// The hall's thread only tells it that something committed; it tells the hall what the hub
// acknowledged. Writes (the district's notices) go back to the hall's thread, their one owner.

import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { runThisThreadLast } from '../run-last.ts';
import { UpstreamLink, type UpstreamOptions } from './link.ts';
import type { UpstreamConfig } from './config.ts';
import { databaseSource, type HallFacts } from './source.ts';
import type { DistrictNotice } from './wire.ts';
import type { ToLink, FromLink } from './messages.ts';

// Shipping can wait; the hall's event loop cannot: on a busy two-core hall server the calls get
// the CPU first.
runThisThreadLast();

const port = parentPort!;
const { path, options } = workerData as { path: string; options?: UpstreamOptions };
const db = new Database(path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');

const send = (message: FromLink) => port.postMessage(message);
let nextAsk = 1;
const waiting = new Map<number, (value: unknown) => void>();
function askHall<T>(message: { kind: 'facts' } | { kind: 'notices'; notices: DistrictNotice[] }): Promise<T> {
	const id = nextAsk++;
	return new Promise((resolve) => {
		waiting.set(id, resolve as (value: unknown) => void);
		send({ type: 'ask', id, ...message });
	});
}

const link = new UpstreamLink({
	source: databaseSource(
		db,
		() => askHall<HallFacts | null>({ kind: 'facts' }),
		(notices) => askHall<boolean>({ kind: 'notices', notices })
	),
	log: (level, fields, message) => send({ type: 'log', level, fields, message }),
	report: (status) => send({ type: 'status', status }),
	options
});

port.on('message', (message: ToLink) => {
	switch (message.type) {
		case 'configure':
			link.configure(message.config as UpstreamConfig | null);
			break;
		case 'poke':
			link.poke();
			break;
		case 'answer':
			waiting.get(message.id)?.(message.value);
			waiting.delete(message.id);
			break;
		case 'close':
			void link.close().then(() => {
				for (const resolve of waiting.values()) resolve(null);
				db.close();
				send({ type: 'closed' });
				port.close();
			});
			break;
	}
});
