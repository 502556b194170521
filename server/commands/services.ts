// What a command handler may use: the hall's services, built once by createHallApp.

import type { Logger } from 'pino';
import type { Auth, Clock } from '../auth.ts';
import type { Cases } from '../cases.ts';
import type { Duty } from '../duty.ts';
import type { Hall } from '../hall.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import type { Media } from '../media.ts';
import type { PrintService } from '../printing/print-service.ts';
import type { StationPresence } from '../realtime/presence.ts';
import type { Records } from '../records.ts';
import type { Reports } from '../reports.ts';
import type { Connection, LimitBucket } from './table.ts';

export interface Services {
	hall: Hall;
	auth: Auth;
	records: Records;
	cases: Cases;
	reports: Reports;
	duty: Duty;
	prints: PrintService;
	presence: StationPresence;
	media: Media;
	clock: Clock;
	logger: Logger;
	limits: Record<LimitBucket, RateLimiter>;
	/** The window-station agent connected for each station (one at a time). */
	windowAgents: Map<string, Connection>;
}
