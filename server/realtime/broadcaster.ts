// The one place that turns committed domain facts into emits to rooms. What someone is
// waiting to hear goes out at once, before the command's ack: the board's call, the
// called ticket's own phone, window status on the boards, the rating tablet. The rest —
// waiting counts, every window's queue view, the people-ahead of 1,000 phones — is
// fan-out that nobody needs within milliseconds: it is gathered per turn of the event
// loop and sent on the next one, and what only follows the shared queue (phones' orders,
// the lists of windows other than the one acting) at most every PHONE_QUEUE_MS per
// service or window; always computed from the state as it is when it leaves, with its
// version. Each command stays durable before anything about it is sent.

import type { Logger } from 'pino';
import type { Committed, Hall } from '../hall.ts';
import type { Cases } from '../cases.ts';
import type { HallIo } from '../doors/socket.ts';
import type { StationPresence } from './presence.ts';
import { rooms } from './rooms.ts';

// A remote ticket checked in (线上取号) joins the waiting; one passed over changes what its phone shows.
const QUEUE_EVENTS = new Set(['ticket:issued', 'ticket:called', 'ticket:no-show', 'ticket:transferred', 'ticket:expired', 'ticket:checked-in', 'ticket:passed-over', 'day:started']);
const WINDOW_STATUS_EVENTS = new Set(['window:signed-in', 'window:signed-out', 'window:paused', 'window:resumed', 'day:started']);

/** Phones learn that they moved up a place at most this often per service. */
export const PHONE_QUEUE_MS = 250;
/** Phones per emit of the deferred fan-out. */
const PHONE_CHUNK = 25;

export interface BroadcastSources {
	hall: Hall;
	cases: Cases;
	presence: StationPresence;
	logger: Logger;
}

export function attachBroadcaster(io: HallIo, { hall, cases, presence, logger }: BroadcastSources): () => void {
	// Read per command: the director may add zones or move windows while the hall runs.
	const zones = () => [...new Set([...hall.settings.zones.values()].filter((z): z is string => !!z))];
	const boardRoomsOf = (windowId: string) => {
		const zone = hall.zoneOf(windowId);
		return zone ? [rooms.board, rooms.zone(zone)] : [rooms.board];
	};
	const hasMembers = (room: string) => (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;

	// Deferred fan-out, sent on the next turn of the event loop: waiting counts to boards
	// and kiosks, the views of the windows a command named; phones in slices over the turns
	// after. Views of the other windows, whose list moved because the shared queue did, and
	// phones' orders go at most every PHONE_QUEUE_MS per window or service.
	let countsDue = false;
	const windowsDue = new Set<string>();
	const windowsQueueDue = new Set<string>();
	const windowSentAt = new Map<string, number>();
	const phoneChunks: { serviceId: string; socketIds: string[] }[] = [];
	let turn: ReturnType<typeof setImmediate> | null = null;
	// Phones' queue orders, per service: when each was last sent; the timer of the next paced send.
	const servicesDue = new Set<string>();
	const phoneSentAt = new Map<string, number>();
	let phoneTimer: ReturnType<typeof setTimeout> | null = null;
	let closed = false;

	const sendTurn = () => {
		turn = null;
		if (closed) return;
		if (countsDue) {
			countsDue = false;
			io.to([rooms.board, ...zones().map(rooms.zone), rooms.kiosk]).emit('queue:changed', { version: hall.version, waiting: hall.waiting(), orders: [] });
		}
		for (const windowId of windowsDue) {
			windowsQueueDue.delete(windowId);
			const room = rooms.window(windowId);
			if (!hasMembers(room)) continue;
			const snapshot = hall.windowSnapshot(windowId);
			if (!snapshot) continue;
			io.to(room).emit('window:changed', snapshot);
			windowSentAt.set(windowId, Date.now());
		}
		windowsDue.clear();
		// One slice of phones per turn, so a command that arrives meanwhile waits for a slice,
		// not for a thousand phones. Each slice tells them the queue as it is then.
		const chunk = phoneChunks.shift();
		if (chunk) {
			const { serviceId, socketIds } = chunk;
			io.to(socketIds).emit('queue:changed', { version: hall.version, waiting: hall.waiting(), orders: hall.queueOrders([serviceId]) });
		}
		if (phoneChunks.length > 0) turn = setImmediate(sendTurn);
	};

	const sendPaced = () => {
		phoneTimer = null;
		if (closed) return;
		const now = Date.now();
		let waitMs = Infinity;
		for (const windowId of [...windowsQueueDue]) {
			const dueIn = (windowSentAt.get(windowId) ?? -Infinity) + PHONE_QUEUE_MS - now;
			if (dueIn > 0) {
				waitMs = Math.min(waitMs, dueIn);
				continue;
			}
			windowsQueueDue.delete(windowId);
			windowsDue.add(windowId);
		}
		for (const serviceId of [...servicesDue]) {
			const dueIn = (phoneSentAt.get(serviceId) ?? -Infinity) + PHONE_QUEUE_MS - now;
			if (dueIn > 0) {
				waitMs = Math.min(waitMs, dueIn);
				continue;
			}
			servicesDue.delete(serviceId);
			phoneSentAt.set(serviceId, now);
			const members = [...(io.sockets.adapter.rooms.get(rooms.service(serviceId)) ?? [])];
			for (let i = 0; i < members.length; i += PHONE_CHUNK) phoneChunks.push({ serviceId, socketIds: members.slice(i, i + PHONE_CHUNK) });
		}
		if (phoneChunks.length > 0 || windowsDue.size > 0) turn ??= setImmediate(sendTurn);
		if (waitMs !== Infinity) phoneTimer = setTimeout(sendPaced, waitMs);
	};

	const schedule = () => {
		turn ??= setImmediate(sendTurn);
		// The first change after a quiet spell goes at once; later ones wait for their slot.
		if ((servicesDue.size > 0 || windowsQueueDue.size > 0) && phoneTimer === null) phoneTimer = setTimeout(sendPaced, 0);
	};

	const detach = hall.onCommitted((committed: Committed) => {
		const { version, events, touched } = committed;

		// At once: the call, to the boards that show its window.
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
			// The rating tablet facing the window: the person there now is the one just called.
			if (hasMembers(rooms.rate(event.windowId))) io.to(rooms.rate(event.windowId)).emit('rate:closed', { version, windowId: event.windowId });
		}

		// At once: the phones following a ticket this command changed (called, transferred, ended).
		for (const ticket of touched) {
			const room = rooms.ticket(ticket.id);
			if (hasMembers(room)) io.to(room).emit('ticket:updated', { version, ticket: hall.publicTicket(ticket) });
		}

		const statusChanged = events.filter((e) => WINDOW_STATUS_EVENTS.has(e.type));
		for (const event of statusChanged) {
			if (!('windowId' in event)) continue;
			const window = hall.windowInfo(event.windowId);
			if (window) {
				// The rating tablet too: its idle screen wears the badge of whoever is signed in (挂牌上岗).
				io.to([...boardRoomsOf(event.windowId), rooms.rate(event.windowId)]).emit('window:changed', { version, window, current: null, queue: [], waiting: [] });
			}
			// Someone new at the window: the last visit's question goes from the tablet (cases.pendingRating).
			if (event.type === 'window:signed-in' && hasMembers(rooms.rate(event.windowId))) {
				io.to(rooms.rate(event.windowId)).emit('rate:closed', { version, windowId: event.windowId });
			}
		}

		for (const event of events) {
			if (event.type !== 'ticket:finished' || !hasMembers(rooms.rate(event.windowId))) continue;
			const pending = cases.pendingRating(event.windowId);
			if (pending) io.to(rooms.rate(event.windowId)).emit('rate:requested', pending);
		}

		// Next turn: counts, window views, phones' queue orders.
		const changedServices = new Set(touched.map((t) => t.serviceId));
		const queueMoved = events.some((e) => QUEUE_EVENTS.has(e.type));
		if (queueMoved) {
			countsDue = true;
			for (const serviceId of changedServices) servicesDue.add(serviceId);
		}
		// Each window screen gets its whole view again when anything it shows may have moved.
		for (const event of events) if ('windowId' in event) windowsDue.add(event.windowId);
		for (const ticket of touched) if (ticket.windowId) windowsDue.add(ticket.windowId);
		if (queueMoved) {
			for (const ticket of touched) if (ticket.targetWindowId) windowsDue.add(ticket.targetWindowId);
			for (const window of hall.config.windows) {
				if (!windowsDue.has(window.id) && window.serviceIds.some((id) => changedServices.has(id))) windowsQueueDue.add(window.id);
			}
		}
		if (countsDue || windowsDue.size > 0 || windowsQueueDue.size > 0 || servicesDue.size > 0) schedule();

		// A new day empties every screen: let them all take a fresh snapshot.
		if (events.some((e) => e.type === 'day:started')) io.emit('hall:resync', { version, reason: 'day' });
		// New services, guides, windows or hours: every screen takes a fresh snapshot, no reload.
		if (events.some((e) => e.type === 'config:changed')) io.emit('hall:resync', { version, reason: 'config' });
	});

	// A visit rated at the tablet or the pad: the window's other tablets stop asking, its terminal shows it.
	const detachRatings = cases.onRated((fact) => {
		io.to([rooms.rate(fact.windowId), rooms.window(fact.windowId)]).emit('rate:recorded', fact);
	});

	// A configured station came or went: every staff screen's 设备提醒.
	const detachPresence = presence.on((info) => {
		io.to(rooms.staff).emit('station:presence', info);
		if (!info.online) logger.warn({ station: info.station, missing: info.missing }, 'station offline');
		else logger.info({ station: info.station }, 'station online');
	});

	return () => {
		closed = true;
		detach();
		detachRatings();
		detachPresence();
		if (turn) clearImmediate(turn);
		if (phoneTimer) clearTimeout(phoneTimer);
	};
}
