// A ticket issued at a kiosk station prints its slip: printing follows the committed fact
// `ticket:issued`, whichever door the command came through, and never a replayed issue
// (a replay commits nothing).

import type { Hall } from '../hall.ts';
import { originFrom } from '../printing/origin.ts';
import type { PrintService } from '../printing/print-service.ts';

export function printSlipsOfIssuedTickets(hall: Hall, prints: PrintService): () => void {
	return hall.onCommitted(({ events, meta }) => {
		for (const event of events) {
			if (event.type !== 'ticket:issued' || !event.ticket.station) continue;
			const ticket = hall.ticketById(event.ticket.id) ?? event.ticket;
			prints.ticketIssued(hall.publicTicket(ticket), event.ticket.station, meta.origin ?? originFrom({ host: undefined, secure: false, localAddress: undefined, localPort: undefined }));
		}
	});
}
