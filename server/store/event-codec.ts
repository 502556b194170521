// How a fact is written in the event log's `data` column, and read back.
//
// Waste removed (issue 16): every row already has `type`, `at`, `ticket_id` and `window_id`
// columns, and the JSON repeated all four; a `ticket:issued` fact also carried the new
// ticket's id again and a dozen fields that are always empty at issue (called/started/ended
// times, window, staff, counters, outcome, transfers…). New rows keep only what the columns
// and the defaults do not say; rows written before keep their full JSON and read the same.

import type { DomainEvent, Ticket } from '../core/types.ts';

/** A ticket's fields as they always are when it is issued. */
const ISSUE_DEFAULTS: Partial<Record<keyof Ticket, unknown>> = {
	status: 'waiting',
	calledAt: null,
	startedAt: null,
	endedAt: null,
	windowId: null,
	staffId: null,
	targetWindowId: null,
	recallCount: 0,
	noShowCount: 0,
	outcome: null,
	reason: null,
	firstResponderStaffId: null,
	firstResponderWindowId: null,
	front: false,
	slotStart: null,
	bookingId: null,
	heldUntil: null
};

export interface EventRow {
	type: string;
	at: number;
	ticket_id: string | null;
	window_id: string | null;
	data: string;
}

export function eventTicketId(event: DomainEvent): string | null {
	if (event.type === 'ticket:issued') return event.ticket.id;
	return 'ticketId' in event ? event.ticketId : null;
}

export function eventWindowId(event: DomainEvent): string | null {
	return 'windowId' in event ? event.windowId : null;
}

/** The JSON for the `data` column: the fact minus what its row's columns already hold. */
export function encodeEvent(event: DomainEvent): string {
	const { type: _type, at: _at, ...rest } = event as DomainEvent & Record<string, unknown>;
	const data: Record<string, unknown> = rest;
	delete data.ticketId;
	delete data.windowId;
	if (event.type === 'ticket:issued') {
		const ticket: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(event.ticket)) {
			if (key === 'id') continue;
			if (key === 'transfers' && Array.isArray(value) && value.length === 0) continue;
			if (key in ISSUE_DEFAULTS && ISSUE_DEFAULTS[key as keyof Ticket] === value) continue;
			ticket[key] = value;
		}
		data.ticket = ticket;
	}
	return JSON.stringify(data);
}

/** The fact as it was committed, from its row (compact or written before compaction). */
export function decodeEvent(row: EventRow): DomainEvent {
	const data = JSON.parse(row.data) as Record<string, unknown>;
	const event: Record<string, unknown> = { type: row.type, at: row.at };
	if (row.type === 'ticket:issued') {
		const ticket = data.ticket as Record<string, unknown>;
		event.ticket = { id: row.ticket_id, ...ISSUE_DEFAULTS, transfers: [], ...ticket };
		return event as unknown as DomainEvent;
	}
	if (row.ticket_id !== null) event.ticketId = row.ticket_id;
	if (row.window_id !== null) event.windowId = row.window_id;
	return Object.assign(event, data) as unknown as DomainEvent;
}
