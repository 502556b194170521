// Tickets scanned at a kiosk station: a QR code of one of this hall's slips (or a bare ticket
// id) makes the station's screen show that ticket; a 回执's QR opens 进度查询 with its number
// (the screen looks it up as if typed: no record is read or sent here). Which addresses count as "this hall" is
// the publicUrl, or else the origins the kiosks reached the server at.

import type { Logger } from 'pino';
import type { KioskReferenceScanned, KioskScanned, ScannedReference, TicketPublic } from '../../src/lib/protocol.ts';
import type { Clock } from '../clock.ts';
import type { Hall, Result } from '../hall.ts';
import { fail } from '../errors.ts';
import { parseScan } from './scan.ts';

/** Origins seen on kiosk requests, for recognising our own QR codes when the hall has no publicUrl. */
const MAX_ORIGINS = 16;

export interface StationScansDeps {
	hall: Pick<Hall, 'settings' | 'ticketById' | 'publicTicket'>;
	clock: Clock;
	logger: Logger;
	onScanned: (scanned: KioskScanned) => void;
	onReferenceScanned: (scanned: KioskReferenceScanned) => void;
}

export class StationScans {
	readonly #deps: StationScansDeps;
	readonly #origins = new Set<string>();

	constructor(deps: StationScansDeps) {
		this.#deps = deps;
	}

	/** The hall's own addresses, as QR codes carry them. */
	origins(extra?: string): Set<string> {
		const publicUrl = this.#deps.hall.settings.publicUrl;
		if (publicUrl) return new Set([new URL(publicUrl).origin]);
		const all = new Set(this.#origins);
		if (extra) all.add(extra);
		return all;
	}

	/** An origin a kiosk reached us at; the oldest is forgotten past a few. */
	remember(origin: string): void {
		if (this.#origins.has(origin)) return;
		if (this.#origins.size >= MAX_ORIGINS) this.#origins.delete(this.#origins.values().next().value!);
		this.#origins.add(origin);
	}

	scan(station: string, data: string, agentOrigin?: string): Result<TicketPublic | ScannedReference> {
		const { hall, clock, logger } = this.#deps;
		const parsed = parseScan(data, this.origins(agentOrigin));
		if (!parsed.ok) {
			logger.info({ station, why: parsed.error.details?.why }, 'scan refused');
			return parsed;
		}
		if ('reference' in parsed) {
			this.#deps.onReferenceScanned({ station, reference: parsed.reference, at: clock.now() });
			return { ok: true, value: { reference: parsed.reference } };
		}
		const ticket = hall.ticketById(parsed.ticketId);
		if (!ticket) return fail('unknown_ticket', '没有这个号码');
		const view = hall.publicTicket(ticket);
		this.#deps.onScanned({ station, ticket: view, at: clock.now() });
		return { ok: true, value: view };
	}
}
