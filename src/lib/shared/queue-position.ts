// Where a ticket stands in its service's queue: the kiosk's ticket screen and the phone page
// both follow `queue:changed` with it.
import type { QueueOrder, TicketPublic } from '../protocol.ts';

/** People ahead of `ticket`, if its service's order lists its number; otherwise null (unknown). */
export function aheadFromOrders(ticket: TicketPublic, orders: QueueOrder[]): number | null {
	const order = orders.find((o) => o.serviceId === ticket.serviceId);
	if (!order) return null;
	const index = order.numbers.indexOf(ticket.number);
	return index >= 0 ? index : null;
}
