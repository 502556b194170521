// The one place that turns committed domain facts into emits to rooms. The board's
// call goes out first: it is what the hall is waiting to hear.

import type { Committed, Hall } from '../hall.ts';
import type { Cases } from '../cases.ts';
import { rooms, type HallIo } from './socket.ts';

const QUEUE_EVENTS = new Set(['ticket:issued', 'ticket:called', 'ticket:no-show', 'ticket:transferred', 'ticket:expired', 'day:started']);
const WINDOW_STATUS_EVENTS = new Set(['window:signed-in', 'window:signed-out', 'window:paused', 'window:resumed', 'day:started']);

export function attachBroadcaster(io: HallIo, hall: Hall, cases: Cases): () => void {
	// Read per command: the director may add zones or move windows while the hall runs.
	const zones = () => [...new Set([...hall.settings.zones.values()].filter((z): z is string => !!z))];
	const boardRoomsOf = (windowId: string) => {
		const zone = hall.zoneOf(windowId);
		return zone ? [rooms.board, rooms.zone(zone)] : [rooms.board];
	};
	const hasMembers = (room: string) => (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;

	return hall.onCommitted((committed: Committed) => {
		const { version, events, touched } = committed;

		for (const event of events) {
			if (event.type !== 'ticket:called' && event.type !== 'ticket:recalled') continue;
			const call = hall.callInfo({
				ticketId: event.ticketId,
				windowId: event.windowId,
				staffId: event.staffId,
				at: event.at,
				recall: event.type === 'ticket:recalled'
			});
			if (call) io.to(boardRoomsOf(event.windowId)).emit('ticket:called', { version, call });
		}

		const changedServices = new Set(touched.map((t) => t.serviceId));
		const queueMoved = events.some((e) => QUEUE_EVENTS.has(e.type));
		if (queueMoved) {
			const allBoards = [rooms.board, ...zones().map(rooms.zone), rooms.kiosk];
			const waiting = hall.waiting();
			io.to(allBoards).emit('queue:changed', { version, waiting, orders: [] });
			// Each phone follows one service: send each service's order only to its own followers.
			for (const serviceId of changedServices) {
				const room = rooms.service(serviceId);
				if (hasMembers(room)) io.to(room).emit('queue:changed', { version, waiting, orders: hall.queueOrders([serviceId]) });
			}
		}

		for (const ticket of touched) {
			const room = rooms.ticket(ticket.id);
			if (hasMembers(room)) io.to(room).emit('ticket:updated', { version, ticket: hall.publicTicket(ticket) });
		}

		// Each window screen gets its whole view again when anything it shows may have moved.
		const windows = new Set<string>();
		for (const event of events) if ('windowId' in event) windows.add(event.windowId);
		for (const ticket of touched) if (ticket.windowId) windows.add(ticket.windowId);
		if (queueMoved) {
			for (const window of hall.state.config.windows) {
				if (window.serviceIds.some((id) => changedServices.has(id))) windows.add(window.id);
			}
			for (const ticket of touched) if (ticket.targetWindowId) windows.add(ticket.targetWindowId);
		}
		for (const windowId of windows) {
			const room = rooms.window(windowId);
			if (!hasMembers(room)) continue;
			const snapshot = hall.windowSnapshot(windowId);
			if (snapshot) io.to(room).emit('window:changed', snapshot);
		}

		const statusChanged = events.filter((e) => WINDOW_STATUS_EVENTS.has(e.type));
		for (const event of statusChanged) {
			if (!('windowId' in event)) continue;
			const window = hall.windowInfo(event.windowId);
			if (window) {
				io.to(boardRoomsOf(event.windowId)).emit('window:changed', { version, window, current: null, queue: [], waiting: [] });
			}
		}

		for (const event of events) {
			if (event.type !== 'ticket:finished' || !hasMembers(rooms.rate(event.windowId))) continue;
			const pending = cases.pendingRating(event.windowId);
			if (pending) io.to(rooms.rate(event.windowId)).emit('rate:requested', pending);
		}

		// A new day empties every screen: let them all take a fresh snapshot.
		if (events.some((e) => e.type === 'day:started')) io.emit('hall:resync', { version, reason: 'day' });
		// New services, guides, windows or hours: every screen takes a fresh snapshot, no reload.
		if (events.some((e) => e.type === 'config:changed')) io.emit('hall:resync', { version, reason: 'config' });
	});
}
