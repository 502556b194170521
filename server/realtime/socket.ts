// socket.io wiring: the same commands as the HTTP API, validated the same way, and
// rooms per screen. Broadcasting lives in broadcaster.ts; no handler emits facts itself.

import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import type { Logger } from 'pino';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/protocol.ts';
import { gradeSchema, invalid, issueTicketSchema, runWindowAction, windowIdSchema, type WindowActionName } from '../actions.ts';
import { sessionKey, type Auth, type AuthedStaff } from '../auth.ts';
import { disconnectRevoked } from './revocation.ts';
import type { Hall } from '../hall.ts';
import type { Cases } from '../cases.ts';
import { newTicketId } from '../http/api.ts';
import { originFrom } from '../printing/origin.ts';
import type { PrintService } from '../printing/print-service.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import type { StationPresence } from './presence.ts';
import { announceRating, ratingRecorded } from './window-station.ts';
import { commandHandler, fail } from './commands.ts';

export interface SocketData {
	staff: AuthedStaff | null;
	/** The sessionKey the socket authenticated with, so ending that session disconnects it. */
	session: string | null;
	tickets: string[];
}

export type HallIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type HallSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** A phone may follow a few tickets (a family's); more is someone scraping. */
const MAX_TICKETS_PER_SOCKET = 5;

export const rooms = {
	board: 'board',
	zone: (zone: string) => `board:zone:${zone}`,
	kiosk: 'kiosk',
	/** One kiosk station's screen: its printer status, its print jobs, tickets scanned there. */
	kioskStation: (station: string) => `kiosk:${station}`,
	/** Every signed-in staff screen: printer alerts. */
	staff: 'staff',
	window: (windowId: string) => `window:${windowId}`,
	ticket: (ticketId: string) => `ticket:${ticketId}`,
	rate: (windowId: string) => `rate:${windowId}`,
	service: (serviceId: string) => `service:${serviceId}`
};

const boardSchema = z.strictObject({
	zone: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(),
	station: z.string().regex(/^[A-Za-z0-9-]{1,20}$/).optional()
});
const kioskSchema = z.strictObject({ station: z.string().regex(/^[A-Za-z0-9-]{1,20}$/).optional() });
const ticketSchema = z.strictObject({ ticketId: z.string().min(1).max(64) });
const windowSchema = z.looseObject({ windowId: windowIdSchema });

const windowEvents: [keyof ClientToServerEvents, WindowActionName][] = [
	['ticket:call-next', 'call-next'],
	['ticket:call', 'call'],
	['ticket:recall', 'recall'],
	['ticket:no-show', 'no-show'],
	['ticket:start', 'start'],
	['ticket:finish', 'finish'],
	['ticket:transfer', 'transfer'],
	['window:pause', 'pause'],
	['window:resume', 'resume']
];

export interface RealtimeDeps {
	io: HallIo;
	hall: Hall;
	auth: Auth;
	cases: Cases;
	prints: PrintService;
	logger: Logger;
	issueLimiter: RateLimiter;
	presence: StationPresence;
}


export function attachRealtime({ io, hall, auth, cases, prints, logger, issueLimiter, presence }: RealtimeDeps): void {
	io.use((socket, next) => {
		const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : null;
		const authorized = auth.authorize(token);
		socket.data.staff = authorized.ok ? authorized.value : null;
		socket.data.session = token && authorized.ok ? sessionKey(token) : null;
		socket.data.tickets = [];
		next();
	});

	auth.onRevoked((revocation) => disconnectRevoked(io.of('/').sockets.values(), revocation));

	io.on('connection', (socket: HallSocket) => {
		if (socket.data.staff) socket.join(rooms.staff);

		const handle = commandHandler(socket, logger, 'socket handler failed');

		handle('board:subscribe', (input) => {
			const parsed = boardSchema.safeParse(input ?? {});
			if (!parsed.success) return { error: invalid(parsed.error) };
			const { station } = parsed.data;
			if (station && !hall.settings.stations.some((s) => s.id === station && s.kind === 'board')) {
				return fail('unknown_station', `没有编号为 ${station} 的显示屏`);
			}
			if (station) presence.mark(socket, station, 'screen');
			for (const room of socket.rooms) if (room.startsWith('board')) socket.leave(room);
			socket.join(parsed.data.zone ? rooms.zone(parsed.data.zone) : rooms.board);
			return { data: hall.boardSnapshot(parsed.data.zone) };
		});

		handle('kiosk:subscribe', (input) => {
			const parsed = kioskSchema.safeParse(input ?? {});
			if (!parsed.success) return { error: invalid(parsed.error) };
			const { station } = parsed.data;
			if (station && !hall.settings.stations.some((s) => s.id === station && s.kind === 'kiosk')) {
				return fail('unknown_station', `没有编号为 ${station} 的取号机`);
			}
			if (station) presence.mark(socket, station, 'screen');
			for (const room of socket.rooms) if (room.startsWith('kiosk:')) socket.leave(room);
			socket.join(station ? [rooms.kiosk, rooms.kioskStation(station)] : rooms.kiosk);
			return { data: { ...hall.kioskSnapshot(), printer: station ? prints.status(station) : null } };
		});

		handle('ticket:subscribe', (input) => {
			const parsed = ticketSchema.safeParse(input);
			if (!parsed.success) return { error: invalid(parsed.error) };
			const ticket = hall.ticketById(parsed.data.ticketId);
			if (!ticket) return fail('unknown_ticket', '没有这个号码');
			const followed = socket.data.tickets.filter((id) => id !== ticket.id);
			followed.push(ticket.id);
			while (followed.length > MAX_TICKETS_PER_SOCKET) socket.leave(rooms.ticket(followed.shift()!));
			socket.data.tickets = followed;
			socket.join([rooms.ticket(ticket.id), rooms.service(ticket.serviceId)]);
			return { data: hall.publicTicket(ticket) };
		});

		handle('window:subscribe', (input) => {
			const parsed = windowSchema.safeParse(input);
			if (!parsed.success) return { error: invalid(parsed.error) };
			const staff = socket.data.staff;
			if (!staff) return fail('unauthorized', '请先登录');
			const { windowId } = parsed.data;
			if (!hall.hasWindow(windowId)) return fail('unknown_window', '没有这个窗口');
			if (hall.windowStaffId(windowId) !== staff.id && staff.role === 'staff') {
				return fail('not_your_window', '您没有在这个窗口签到');
			}
			for (const room of socket.rooms) if (room.startsWith('window:')) socket.leave(room);
			socket.join(rooms.window(windowId));
			return { data: hall.windowSnapshot(windowId)! };
		});

		handle('rate:subscribe', (input) => {
			const parsed = windowSchema.safeParse(input);
			if (!parsed.success) return { error: invalid(parsed.error) };
			if (!hall.hasWindow(parsed.data.windowId)) return fail('unknown_window', '没有这个窗口');
			for (const room of socket.rooms) if (room.startsWith('rate:')) socket.leave(room);
			socket.join(rooms.rate(parsed.data.windowId));
			return { data: cases.pendingRating(parsed.data.windowId) };
		});

		handle('rate:submit', (input) => {
			const parsed = windowSchema.safeParse(input);
			if (!parsed.success) return { error: invalid(parsed.error) };
			const { windowId, ...body } = parsed.data;
			const grade = gradeSchema.safeParse(body);
			if (!grade.success) return { error: invalid(grade.error) };
			const result = cases.evaluate(windowId, grade.data.grade, 'screen');
			if (!result.ok) return { error: result.error };
			// Other tablets at this window stop asking; the terminal shows the rating.
			announceRating(io, ratingRecorded(hall, windowId, result.value, 'screen', Date.now()));
			return { data: result.value };
		});

		handle('ticket:issue', (input) => {
			const parsed = issueTicketSchema.safeParse(input);
			if (!parsed.success) return { error: invalid(parsed.error) };
			const limited = issueLimiter.take(`station:${parsed.data.station ?? '-'}|${socket.handshake.address}`);
			if (limited) return { error: limited };
			const result = hall.issueTicket(
				{
					serviceId: parsed.data.serviceId,
					priority: parsed.data.priority,
					station: parsed.data.station ?? null,
					idempotencyKey: parsed.data.idempotencyKey ?? null
				},
				newTicketId()
			);
			if (!result.ok) return { error: result.error };
			// Printing runs after this turn, so the ack leaves first; a replay prints nothing.
			if (!result.value.replayed && parsed.data.station) {
				prints.ticketIssued(result.value.ticket, parsed.data.station, originFrom(socket.handshake.headers.host, socket.handshake.secure));
			}
			return { data: result.value.ticket };
		});

		for (const [event, name] of windowEvents) {
			handle(event, (input) => {
				const staff = socket.data.staff;
				if (!staff) return fail('unauthorized', '请先登录');
				if (typeof input !== 'object' || input === null) return fail('bad_request', '请求内容不正确');
				const { windowId, ...body } = input as Record<string, unknown>;
				const result = runWindowAction(hall, name, windowId, staff.id, body);
				if (!result.ok) {
					if (result.error.code === 'queue_empty' && name === 'call-next') return { data: null };
					return { error: result.error };
				}
				return { data: name === 'pause' || name === 'resume' ? result.value.window : result.value.ticket };
			});
		}
	});
}
