// A hall's history made through the hall's own service (the same commands the API runs),
// day after day under a test clock: tickets issued, called, started, finished, some
// refused, transferred, no-shows, rated. Used by the history bench and its tests.

import { pino } from 'pino';
import { createHallApp, type HallApp } from '../server/app.ts';
import { hashPassword } from '../server/auth.ts';
import { addDays, instantOf } from '../server/core/calendar.ts';
import { parseHall, type HallFile } from '../server/config.ts';
import type { Store } from '../server/store/store.ts';

export class HistoryClock {
	constructor(public ms: number) {}
	now = () => this.ms;
}

export interface HistoryOptions {
	store: Store;
	hallFile: HallFile;
	dataDir: string;
	/** The first local day (YYYY-MM-DD, Asia/Shanghai). */
	firstDay: string;
	days: number;
	ticketsPerDay: number;
	/** Rate one visit in this many (0 = none). */
	rateEvery?: number;
	/** Called after each day is done (before the next day's first command closes it). */
	onDay?: (day: string, app: HallApp) => void | Promise<void>;
	/** Keep the app open at the end (the caller closes it). */
	keepOpen?: boolean;
	clock?: HistoryClock;
}

/** A deterministic pseudo-random sequence, so two runs make the same history. */
function random(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

export async function makeHistory(options: HistoryOptions): Promise<{ app: HallApp; clock: HistoryClock; staff: string[] }> {
	const { store, hallFile } = options;
	const timeZone = hallFile.timeZone ?? 'Asia/Shanghai';
	const clock = options.clock ?? new HistoryClock(instantOf(options.firstDay, '08:30', timeZone));
	const app = createHallApp({
		store,
		clock,
		hall: parseHall(hallFile),
		logger: pino({ level: 'silent' }),
		issueRateLimit: null,
		dataDir: options.dataDir,
		presenceGraceMs: 0
	});
	const hall = app.hall;
	const windows = hall.state.config.windows;
	const staff = windows.map((w, i) => {
		const id = `history-staff-${w.id}`;
		if (!store.staffById(id)) store.insertStaff({ id, username: `history${i + 1}`, name: `职员${i + 1}`, staffNo: `H${i + 1}`, role: 'staff', passwordHash: hashPassword('history') }, clock.now());
		return id;
	});
	const services = hall.state.config.services.filter((s) => s.enabled !== false);
	const next = random(16);
	let ticketSeq = 0;
	for (let d = 0; d < options.days; d++) {
		const day = addDays(options.firstDay, d);
		clock.ms = instantOf(day, '08:30', timeZone);
		hall.rollover();
		windows.forEach((w, i) => hall.windowCommand({ type: 'sign-in', windowId: w.id, staffId: staff[i] }));
		// The day's tickets arrive over 9 hours; each window serves one visit at a time, for 0.5–3 minutes.
		const step = Math.floor((9 * 3_600_000) / options.ticketsPerDay);
		const busyUntil = new Map<string, number>();
		for (let t = 0; t < options.ticketsPerDay; t++) {
			clock.ms += step;
			const service = services[Math.floor(next() * services.length)];
			const result = hall.issueTicket({ serviceId: service.id, priority: next() < 0.05 ? 'green' : 'normal', station: null, idempotencyKey: `hist-${ticketSeq++}` }, undefined, crypto.randomUUID());
			if (!result.ok) throw new Error(`issue failed: ${result.error.message}`);
			windows.forEach((w, i) => {
				const windowId = w.id;
				const staffId = staff[i];
				const current = hall.state.windows.get(windowId)?.currentTicketId;
				if (current) {
					if ((busyUntil.get(windowId) ?? 0) > clock.ms) return;
					const roll = next();
					if (roll < 0.03) {
						const ticket = hall.ticketById(current)!;
						const other = services.find((s) => s.id !== ticket.serviceId)!;
						hall.windowCommand({ type: 'transfer', windowId, staffId, toServiceId: other.id, toWindowId: null, note: '转至其他业务' });
					} else {
						const refused = roll < 0.08;
						hall.windowCommand({ type: 'finish', windowId, staffId, outcome: refused ? 'refused' : 'done', reason: refused ? '材料不全' : null });
						if (options.rateEvery && next() * options.rateEvery < 1) app.cases.evaluate(windowId, (1 + Math.floor(next() * 5)) as 1 | 2 | 3 | 4 | 5, 'screen');
					}
					return;
				}
				const called = hall.windowCommand({ type: 'call-next', windowId, staffId });
				if (!called.ok) return;
				if (next() < 0.04) {
					hall.windowCommand({ type: 'no-show', windowId, staffId });
					return;
				}
				hall.windowCommand({ type: 'start', windowId, staffId });
				busyUntil.set(windowId, clock.ms + 30_000 + Math.floor(next() * 150_000));
			});
		}
		clock.ms = instantOf(day, '18:00', timeZone);
		windows.forEach((w, i) => {
			if (hall.state.windows.get(w.id)?.currentTicketId) hall.windowCommand({ type: 'finish', windowId: w.id, staffId: staff[i], outcome: 'done', reason: null });
			hall.windowCommand({ type: 'sign-out', windowId: w.id, staffId: staff[i] });
		});
		hall.flush();
		await options.onDay?.(day, app);
	}
	if (!options.keepOpen) await app.close();
	return { app, clock, staff };
}
