// A fact written compactly reads back as it was committed; rows written before compaction
// (the full JSON) read the same; the compact form is smaller.

import { describe, expect, it } from 'vitest';
import type { DomainEvent, Ticket } from '../core/types.ts';
import { decodeEvent, encodeEvent, eventTicketId, eventWindowId } from './event-codec.ts';

const ticket: Ticket = {
	id: '0d3c1d8f-5b8e-4a43-9a4c-2f7d6f2b8a11',
	day: '2026-11-26',
	prefix: 'A',
	seqNo: 12,
	number: 'A012',
	serviceId: 'party-transfer',
	priority: 'green',
	status: 'waiting',
	station: 'K1',
	issuedAt: 1_795_000_000_000,
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
	transfers: [],
	queueSeq: 4711,
	front: false, slotStart: null, bookingId: null, heldUntil: null
};

const at = 1_795_000_000_000;
const events: DomainEvent[] = [
	{ type: 'ticket:issued', at, ticket },
	{ type: 'ticket:issued', at, ticket: { ...ticket, front: true, transfers: [{ at, fromWindowId: '1', byStaffId: 's', toServiceId: 'x', toWindowId: null, note: 'n' }] } },
	{ type: 'ticket:called', at, ticketId: ticket.id, windowId: '3', staffId: 's1' },
	{ type: 'ticket:no-show', at, ticketId: ticket.id, windowId: '3', staffId: 's1', requeued: true },
	{ type: 'ticket:finished', at, ticketId: ticket.id, windowId: '3', staffId: 's1', outcome: 'refused', reason: '缺少材料' },
	{ type: 'ticket:transferred', at, ticketId: ticket.id, windowId: '3', staffId: 's1', transfer: { at, fromWindowId: '3', byStaffId: 's1', toServiceId: null, toWindowId: '5', note: '转5号' } },
	{ type: 'ticket:expired', at, ticketId: ticket.id, day: '2026-11-26' },
	{ type: 'window:signed-in', at, windowId: '3', staffId: 's1' },
	{ type: 'day:started', at, day: '2026-11-27' }
];

const row = (event: DomainEvent, data: string) => ({ type: event.type, at: event.at, ticket_id: eventTicketId(event), window_id: eventWindowId(event), data });

describe('event codec', () => {
	it.each(events.map((e) => [e.type, e] as const))('reads back %s as committed, compact or full', (_type, event) => {
		expect(decodeEvent(row(event, encodeEvent(event)))).toEqual(event);
		expect(decodeEvent(row(event, JSON.stringify(event)))).toEqual(event);
	});

	it('writes an issue in under half the bytes of the full JSON', () => {
		const event = events[0];
		expect(encodeEvent(event).length).toBeLessThan(JSON.stringify(event).length / 2);
	});
});
