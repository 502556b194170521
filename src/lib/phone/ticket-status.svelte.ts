// The phone status page of one ticket: what anyone holding the slip may see.
import type { ApiError, TicketPublic } from '../protocol.ts';
import { HallConnection, type HallSocket } from '../shared/connection.svelte.ts';
import { aheadFromOrders } from '../shared/queue-position.ts';

export interface TicketStatusOptions {
	ticketId: string;
	createSocket?: () => HallSocket;
}

export class TicketStatusState {
	ticket = $state<TicketPublic | null>(null);
	/** Why the ticket cannot be shown (unknown ticket …). */
	error = $state<ApiError | null>(null);

	readonly ticketId: string;
	readonly connection: HallConnection<TicketPublic>;

	constructor(options: TicketStatusOptions) {
		this.ticketId = options.ticketId;
		this.connection = new HallConnection<TicketPublic>({
			subscribe: (c) => c.request('ticket:subscribe', { ticketId: this.ticketId }),
			onSnapshot: (ticket) => {
				this.ticket = ticket;
				this.error = null;
			},
			onSubscribeError: (error) => {
				this.error = error;
			},
			createSocket: options.createSocket
		});
		this.connection.on('ticket:updated', ({ ticket }) => {
			if (ticket.id === this.ticketId) this.ticket = ticket;
		});
		this.connection.on('queue:changed', ({ orders }) => {
			const ticket = this.ticket;
			if (!ticket || ticket.status !== 'waiting') return;
			const ahead = aheadFromOrders(ticket, orders);
			if (ahead !== null && ahead !== ticket.ahead) this.ticket = { ...ticket, ahead };
		});
	}

	get loading(): boolean {
		return this.ticket === null && this.error === null;
	}

	/** Connects (in the browser) and returns the function that disconnects. */
	open(): () => void {
		this.connection.start();
		return () => this.close();
	}

	close(): void {
		this.connection.close();
	}
}
