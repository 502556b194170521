// Builds the 预约 parts from the hall's: the outbox with the adapter the hall file names,
// the bookings service, its 「快到您了」 listener, and the door createApi hands requests to.

import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { CommandMeta, Hall, Result } from '../hall.ts';
import type { TicketPublic } from '../../src/lib/protocol.ts';
import { previewAdapter, webhookAdapter } from '../notifications/adapters.ts';
import { Outbox, type OutboxOptions } from '../notifications/outbox.ts';
import type { NotificationAdapter } from '../notifications/port.ts';
import type { Store } from '../store/store.ts';
import { Bookings } from './bookings.ts';
import { ClosedDays } from './closed-days.ts';

export interface Appointments {
	bookings: Bookings;
	/** The console's editor of the days closed to booking. */
	closedDays: ClosedDays;
	outbox: Outbox;
	/** A kiosk scanner read `data`: a booking's or remote ticket's code checks in there; anything else is not ours (null). */
	scanCode(station: string, data: string, meta?: CommandMeta): Result<TicketPublic> | null;
	close(): Promise<void>;
}

export interface AppointmentsParts {
	store: Store;
	hall: Hall;
	clock: Clock;
	logger: Logger;
	/** DATA_DIR: the preview adapter writes under `${dataDir}/notifications`. */
	dataDir: string;
	outbox?: OutboxOptions;
}

export function createAppointments({ store, hall, clock, logger, dataDir, outbox: options }: AppointmentsParts): Appointments {
	// The hall file may change in the console: the adapter follows the settings as they are at each delivery.
	const adapter = (): NotificationAdapter => {
		const settings = hall.settings.notifications;
		return settings.adapter === 'webhook'
			? webhookAdapter({ url: settings.url, secret: settings.secret, now: () => clock.now() })
			: previewAdapter(join(dataDir, 'notifications'));
	};
	const outbox = new Outbox(store.db, clock, adapter, logger, options);
	const bookings = new Bookings({ store, hall, clock, outbox });
	const detach = hall.onCommitted((committed) => bookings.onCommitted(committed));
	// Messages left pending by the last run (a crash, a stop) go out now.
	outbox.kick();
	return {
		bookings,
		closedDays: new ClosedDays(store.db, hall, clock),
		outbox,
		scanCode: (station, data, meta) => (bookings.knows(data) ? bookings.checkInAny(data, station, { kind: 'station', station }, meta) : null),
		async close() {
			detach();
			await outbox.close();
		}
	};
}
