// What leaves the hall, checked event type by event type without a hub: the whitelist in
// server/upstream/wire.ts, and the hub's fold of a batch into dashboard rows.

import { describe, expect, it } from 'vitest';
import { sanitizeEvent, toWire, wireBatchSchema } from '../../server/upstream/wire.ts';
import { encodeEvent, eventTicketId, eventWindowId } from '../../server/store/event-codec.ts';
import { projectBatch } from '../../district/projection.ts';
import type { DomainEvent, Ticket } from '../../server/core/types.ts';
import { demoHallFile } from '../support/test-hall.ts';

const ticket: Ticket = {
	id: 't-1',
	day: '2026-11-26',
	prefix: 'A',
	seqNo: 1,
	number: 'A001',
	serviceId: 'party-transfer',
	priority: 'normal',
	status: 'waiting',
	station: 'K1',
	issuedAt: 1000,
	calledAt: null,
	startedAt: null,
	endedAt: null,
	windowId: null,
	staffId: null,
	targetWindowId: null,
	recallCount: 0,
	noShowCount: 0,
	outcome: null,
	reason: '不应出现的原因',
	firstResponderStaffId: null,
	firstResponderWindowId: null,
	transfers: [{ at: 1, fromWindowId: '1', byStaffId: 's', toServiceId: null, toWindowId: '2', note: '不应出现的备注' }],
	queueSeq: 1,
	front: false,
	slotStart: null,
	bookingId: null,
	heldUntil: null
};

const file = { ...demoHallFile(), upstream: { url: 'http://hub', hallId: 'H1', key: 'secret-upstream-key-123456' } };

const every: DomainEvent[] = [
	{ type: 'ticket:issued', at: 1000, ticket },
	{ type: 'ticket:called', at: 2000, ticketId: 't-1', windowId: '1', staffId: 's1' },
	{ type: 'ticket:recalled', at: 2100, ticketId: 't-1', windowId: '1', staffId: 's1' },
	{ type: 'ticket:no-show', at: 2200, ticketId: 't-1', windowId: '1', staffId: 's1', requeued: true },
	{ type: 'ticket:called', at: 2300, ticketId: 't-1', windowId: '1', staffId: 's1' },
	{ type: 'ticket:started', at: 3000, ticketId: 't-1', windowId: '1', staffId: 's1' },
	{
		type: 'ticket:transferred',
		at: 3500,
		ticketId: 't-1',
		windowId: '1',
		staffId: 's1',
		transfer: { at: 3500, fromWindowId: '1', byStaffId: 's1', toServiceId: 'assistance', toWindowId: null, note: '王五的家属来电 13912345678' }
	},
	{ type: 'ticket:finished', at: 4000, ticketId: 't-1', windowId: '2', staffId: 's2', outcome: 'refused', reason: '赵六身份证过期' },
	{ type: 'ticket:expired', at: 5000, ticketId: 't-2', day: '2026-11-26' },
	{ type: 'window:signed-in', at: 900, windowId: '1', staffId: 's1' },
	{ type: 'window:paused', at: 901, windowId: '1', staffId: 's1' },
	{ type: 'window:resumed', at: 902, windowId: '1', staffId: 's1' },
	{ type: 'window:signed-out', at: 6000, windowId: '3', staffId: 's3' },
	{ type: 'day:started', at: 0, day: '2026-11-27' },
	{ type: 'config:changed', at: 1, config: {} as never, file }
];

describe('what the upstream ships', () => {
	it('drops free text, keys and everything not on the list, for every event type', () => {
		const shipped = JSON.stringify(every.map(sanitizeEvent));
		for (const secret of ['不应出现', '王五', '13912345678', '赵六', 'secret-upstream-key', 'agent-key', 'guide', 'materials', 'legalBasis']) {
			expect(shipped).not.toContain(secret);
		}
		expect(sanitizeEvent(every[7])).toEqual({ ticketId: 't-1', windowId: '2', staffId: 's2', outcome: 'refused' });
		expect(sanitizeEvent(every[0])).toEqual({
			ticket: { id: 't-1', day: '2026-11-26', number: 'A001', serviceId: 'party-transfer', priority: 'normal', issuedAt: 1000, station: 'K1' }
		});
		const config = sanitizeEvent(every[14]) as { services: unknown[]; windows: unknown[] };
		expect(config.services.length).toBe(file.services.length);
		expect(Object.keys(config.services[0] as object).sort()).toEqual(['id', 'name', 'prefix']);
	});

	it('ships an event of a type it does not know as its type and time only', () => {
		const row = { seq: 9, version: 9, type: 'case:opened', at: 7, ticket_id: null, window_id: null, data: JSON.stringify({ type: 'case:opened', at: 7, name: '孙七', phone: '13700000000' }) };
		expect(toWire(row)).toEqual({ seq: 9, version: 9, type: 'case:opened', at: 7, data: {} });
	});

	it('reads rows as the event log writes them (compact JSON, ids in their own columns)', () => {
		const issued: DomainEvent = { type: 'ticket:issued', at: 5, ticket: { ...ticket, reason: null, transfers: [] } };
		const called: DomainEvent = { type: 'ticket:called', at: 6, ticketId: ticket.id, windowId: '1', staffId: 's1' };
		const rowOf = (seq: number, event: DomainEvent) => ({
			seq,
			version: seq,
			type: event.type,
			at: event.at,
			ticket_id: eventTicketId(event),
			window_id: eventWindowId(event),
			data: encodeEvent(event)
		});
		expect(toWire(rowOf(1, issued)).data).toEqual(sanitizeEvent(issued));
		expect(toWire(rowOf(2, called)).data).toEqual({ ticketId: ticket.id, windowId: '1', staffId: 's1' });
	});

	it('a batch must be in order and after `after`', () => {
		const e = (seq: number) => ({ seq, version: seq, type: 'day:started', at: 1, data: {} });
		expect(wireBatchSchema.safeParse({ after: 0, head: 2, events: [e(1), e(2)] }).success).toBe(true);
		expect(wireBatchSchema.safeParse({ after: 1, head: 2, events: [e(1), e(2)] }).success).toBe(false);
		expect(wireBatchSchema.safeParse({ after: 0, head: 2, events: [e(2), e(1)] }).success).toBe(false);
		expect(wireBatchSchema.safeParse({ after: 0, head: 2, events: [e(1), e(1)] }).success).toBe(false);
	});
});

describe('the hub’s fold of a batch', () => {
	it('ends with each ticket’s and window’s last state, and the newest day', () => {
		const wire = every.map((event, i) => ({ seq: i + 1, version: i + 1, type: event.type, at: event.at, data: sanitizeEvent(event) }));
		const p = projectBatch(wire);
		expect(p.tickets.get('t-1')).toMatchObject({
			status: 'refused',
			number: 'A001',
			service_id: 'assistance',
			called_at: 2000,
			started_at: 3000,
			ended_at: 4000,
			window_id: '1'
		});
		expect(p.tickets.get('t-2')).toMatchObject({ status: 'expired', ended_at: 5000 });
		expect(p.windows.get('1')).toMatchObject({ status: 'open' });
		expect(p.windows.get('3')).toMatchObject({ status: 'closed' });
		expect(p.day).toBe('2026-11-27');
		expect(p.services?.length).toBe(file.services.length);
	});
});
