// What a hall sends the district hub: its event log, one entry per stored event, with
// every field that could name or describe a resident left out. A whitelist per event type:
// a field is shipped only if it is listed here, so a new field added to a hall event stays
// in the hall until someone decides it may leave (docs/district.md lists the fields).

import { decodeEvent } from '../store/event-codec.ts';
import { z } from 'zod';
import type { DomainEvent } from '../core/types.ts';

/** One event as it travels: the hall's sequence number and the sanitized facts. */
export const wireEventSchema = z.strictObject({
	seq: z.number().int().positive(),
	version: z.number().int().nonnegative(),
	type: z.string().min(1).max(40),
	at: z.number().int().nonnegative(),
	data: z.record(z.string(), z.unknown())
});

export type WireEvent = z.infer<typeof wireEventSchema>;

/** Events must all come after `after` and in increasing order: a batch is one contiguous slice of the log. */
export const wireBatchSchema = z
	.strictObject({
		/** The sequence number the hall believes the hub has acknowledged. */
		after: z.number().int().nonnegative(),
		/** The hall's newest sequence number: the hub shows how far behind it is. */
		head: z.number().int().nonnegative(),
		events: z.array(wireEventSchema).max(2000),
		/** Counts that are not in the log (ratings, overdue cases, offline stations), as of now. */
		counts: z
			.strictObject({
				day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
				ratings: z.number().int().nonnegative(),
				satisfied: z.number().int().nonnegative(),
				overdueCases: z.number().int().nonnegative(),
				offlineStations: z.number().int().nonnegative()
			})
			.optional(),
		/**
		 * The hall's staff roster (id, 工号, name) for per-staff figures: sent when it changed since
		 * the hub last acknowledged it. Staff are not residents; nothing else of theirs leaves.
		 */
		staff: z
			.array(z.strictObject({ id: z.string().min(1).max(80), number: z.string().max(40), name: z.string().max(40) }))
			.max(2000)
			.optional(),
		/** The version of the district's notices this hall has applied; the hub answers with them when it differs. */
		noticesVersion: z.string().max(80).optional(),
		/** Objections to the district's notices in this hall: counts only (the objections' names, phones and text stay). */
		noticeObjections: z
			.array(z.strictObject({ id: z.string().min(1).max(80), objections: z.number().int().nonnegative(), unanswered: z.number().int().nonnegative() }))
			.max(500)
			.optional()
	})
	.refine((b) => b.events.every((e, i) => e.seq > (i === 0 ? b.after : b.events[i - 1].seq)), {
		message: '事件必须按序号递增排列，且在 after 之后',
		path: ['events']
	});

export type WireBatch = z.infer<typeof wireBatchSchema>;

/** The hub's answer to a batch: everything up to `ackedSeq` is stored in PostgreSQL. */
export interface WireAck {
	ackedSeq: number;
	/** Present when the hall's `noticesVersion` is not the hub's: every district notice naming this hall. */
	notices?: DistrictNotice[];
	noticesVersion?: string;
}

/** A notice (公示) the district publishes in the halls it names. */
export interface DistrictNotice {
	id: string;
	title: string;
	body: string;
	category: string;
	publishFrom: string;
	publishTo: string;
}

export const wireHallIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, '大厅编号为 1–40 位字母、数字、- 或 _');

/** A stored hall event, as read from the hall's `events` table. */
export interface StoredRow {
	seq: number;
	version: number;
	type: string;
	at: number;
	ticket_id: string | null;
	window_id: string | null;
	/** Compact JSON (server/store/event-codec.ts): read back with decodeEvent. */
	data: string;
}

function pickServices(file: unknown): { id: string; prefix: string; name: string }[] {
	const services = (file as { services?: unknown })?.services;
	if (!Array.isArray(services)) return [];
	return services.map((s: { id?: unknown; prefix?: unknown; name?: unknown }) => ({
		id: String(s.id ?? ''),
		prefix: String(s.prefix ?? ''),
		name: String(s.name ?? '')
	}));
}

function pickWindows(file: unknown): { id: string; name: string; serviceIds: string[] }[] {
	const windows = (file as { windows?: unknown })?.windows;
	if (!Array.isArray(windows)) return [];
	return windows.map((w: { id?: unknown; name?: unknown; serviceIds?: unknown }) => ({
		id: String(w.id ?? ''),
		name: String(w.name ?? ''),
		serviceIds: Array.isArray(w.serviceIds) ? w.serviceIds.map(String) : []
	}));
}

/**
 * The facts of one event that may leave the hall. Dropped on purpose: a refusal's `reason`
 * and a transfer's `note` (free text staff write about a resident), the hall file's keys
 * (`stations[].agentKey`, `upstream.key`), guides and every other part of the hall file.
 * Tickets carry no names or phone numbers in the hall either; cases, complaints, objections
 * and ratings' comments live in other tables and are never read by the upstream.
 */
export function sanitizeEvent(event: DomainEvent): Record<string, unknown> {
	switch (event.type) {
		case 'ticket:issued': {
			const t = event.ticket;
			return {
				ticket: { id: t.id, day: t.day, number: t.number, serviceId: t.serviceId, priority: t.priority, issuedAt: t.issuedAt, station: t.station }
			};
		}
		case 'ticket:called':
		case 'ticket:recalled':
		case 'ticket:started':
			return { ticketId: event.ticketId, windowId: event.windowId, staffId: event.staffId };
		case 'ticket:no-show':
			return { ticketId: event.ticketId, windowId: event.windowId, staffId: event.staffId, requeued: event.requeued };
		case 'ticket:finished':
			return { ticketId: event.ticketId, windowId: event.windowId, staffId: event.staffId, outcome: event.outcome };
		case 'ticket:transferred':
			return {
				ticketId: event.ticketId,
				windowId: event.windowId,
				staffId: event.staffId,
				toServiceId: event.transfer.toServiceId,
				toWindowId: event.transfer.toWindowId
			};
		case 'ticket:expired':
			return { ticketId: event.ticketId, day: event.day };
		case 'window:signed-in':
		case 'window:signed-out':
		case 'window:paused':
		case 'window:resumed':
			return { windowId: event.windowId, staffId: event.staffId };
		case 'ticket:checked-in':
			return { ticketId: event.ticketId, station: event.station };
		case 'day:started':
			return { day: event.day };
		case 'config:changed': {
			const file = event.file as { hallName?: unknown; timeZone?: unknown } | null;
			return {
				hallName: typeof file?.hallName === 'string' ? file.hallName : null,
				timeZone: typeof file?.timeZone === 'string' ? file.timeZone : null,
				services: pickServices(event.file),
				windows: pickWindows(event.file)
			};
		}
		default:
			// A type this version does not know: its kind and time only.
			return {};
	}
}

export function toWire(row: StoredRow): WireEvent {
	let event: DomainEvent | null = null;
	try {
		event = decodeEvent(row);
	} catch {
		event = null;
	}
	return { seq: row.seq, version: row.version, type: row.type, at: row.at, data: event ? sanitizeEvent(event) : {} };
}
