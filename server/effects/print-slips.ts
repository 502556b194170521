// A ticket issued at a kiosk station prints its slip: printing follows the committed fact
// `ticket:issued`, whichever door the command came through, and never a replayed issue
// (a replay commits nothing).

import type { Hall } from '../hall.ts';
import { originFrom } from '../printing/origin.ts';
import type { PrintService } from '../printing/print-service.ts';

export function printSlipsOfIssuedTickets(hall: Hall, prints: PrintService): () => void {
	return hall.onCommitted(({ events, meta }) => {
		const origin = () => meta.origin ?? originFrom({ host: undefined, secure: false, localAddress: undefined, localPort: undefined });
		for (const event of events) {
			// A ticket issued at a kiosk, or a 线上取号 ticket checked in at one (签到), gets its slip there.
			const at = event.type === 'ticket:issued' ? { id: event.ticket.id, station: event.ticket.station } : event.type === 'ticket:checked-in' ? { id: event.ticketId, station: event.station } : null;
			if (!at?.station) continue;
			const ticket = hall.ticketById(at.id);
			if (ticket) prints.ticketIssued(hall.publicTicket(ticket), at.station, origin());
		}
	});
}
