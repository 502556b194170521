// Commands anyone in the hall may run: the kiosk's and the board's reads, taking a number,
// a phone following its ticket, public notices with objections, complaints, the rating tablet.

import {
	boardSubscribeSchema,
	complaintSchema,
	issueTicketSchema,
	kioskSubscribeSchema,
	noInput,
	noticeRefSchema,
	objectionSchema,
	printNotificationSchema,
	rateWithReasonSchema,
	stationRefSchema,
	ticketRefSchema,
	windowRefSchema
} from '../../src/lib/commands.ts';
import { fail, ok } from '../errors.ts';
import { sameKey } from './agents.ts';
import { MAX_TICKETS_PER_CONNECTION, rooms } from '../realtime/rooms.ts';
import { command } from './table.ts';

export const publicCommands = [
	command({
		name: 'health',
		input: noInput,
		who: 'anyone',
		kind: 'read',
		run: () => ok({ status: 'ok' as const }),
		http: { method: 'GET', path: '/api/health' }
	}),

	command({
		name: 'services:list',
		input: noInput,
		who: 'anyone',
		kind: 'read',
		run: (_input, _caller, { hall }) => ok(hall.services()),
		http: { method: 'GET', path: '/api/services' }
	}),

	command({
		name: 'windows:list',
		input: noInput,
		who: 'anyone',
		kind: 'read',
		run: (_input, _caller, { hall }) => ok(hall.windows()),
		http: { method: 'GET', path: '/api/windows' }
	}),

	command({
		name: 'board:subscribe',
		input: boardSubscribeSchema,
		who: 'anyone',
		kind: 'read',
		run: ({ zone, station }, _caller, { hall }) => {
			if (station && !hall.settings.stations.some((s) => s.id === station && s.kind === 'board')) {
				return fail('unknown_station', `没有编号为 ${station} 的显示屏`);
			}
			return ok(hall.boardSnapshot(zone));
		},
		http: { method: 'GET', path: '/api/board' },
		socket: {
			event: 'board:subscribe',
			after: ({ input, connection, rooms: membership, services }) => {
				if (input.station) services.presence.mark(connection.presenceSocket, input.station, 'screen');
				membership.leaveWhere((room) => room.startsWith('board'));
				membership.join([input.zone ? rooms.zone(input.zone) : rooms.board]);
			}
		}
	}),

	command({
		name: 'kiosk:subscribe',
		input: kioskSubscribeSchema,
		who: 'anyone',
		kind: 'read',
		run: ({ station }, _caller, { hall, prints }) => {
			if (station && !prints.isKiosk(station)) return fail('unknown_station', `没有编号为 ${station} 的取号机`);
			return ok({ ...hall.kioskSnapshot(), printer: station ? prints.status(station) : null });
		},
		http: { method: 'GET', path: '/api/kiosk' },
		socket: {
			event: 'kiosk:subscribe',
			after: ({ input, connection, rooms: membership, services }) => {
				if (input.station) services.presence.mark(connection.presenceSocket, input.station, 'screen');
				membership.leaveWhere((room) => room.startsWith('kiosk:'));
				membership.join(input.station ? [rooms.kiosk, rooms.kioskStation(input.station)] : [rooms.kiosk]);
			}
		}
	}),

	command({
		name: 'ticket:issue',
		input: issueTicketSchema,
		who: 'anyone',
		kind: 'write',
		limit: { bucket: 'issue', key: (input, caller) => `station:${input.station ?? '-'}|${caller.address}` },
		// The slip prints because the ticket was issued (server/effects), not because a door asked.
		run: (input, caller, { hall }) =>
			hall.issueTicket(
				{
					serviceId: input.serviceId,
					priority: input.priority,
					station: input.station ?? null,
					// A key is the client's own: scoped by station and address, one client cannot replay another's.
					idempotencyKey: input.idempotencyKey ? `${input.station ?? '-'}|${caller.address}|${input.idempotencyKey}` : null
				},
				{ origin: caller.origin }
			),
		logFields: (value) => ({ ticket: value.ticket.number, replayed: value.replayed || undefined }),
		http: {
			method: 'POST',
			path: '/api/tickets',
			headers: { 'idempotency-key': 'idempotencyKey' },
			status: (value) => (value.replayed ? 200 : 201),
			answer: (value) => value.ticket
		},
		socket: { event: 'ticket:issue', answer: (value) => value.ticket }
	}),

	command({
		name: 'ticket:subscribe',
		input: ticketRefSchema,
		who: 'anyone',
		kind: 'read',
		run: ({ ticketId }, _caller, { hall }) => {
			const ticket = hall.ticketById(ticketId);
			return ticket ? ok(hall.publicTicket(ticket)) : fail('unknown_ticket', '没有这个号码');
		},
		http: { method: 'GET', path: '/api/tickets/:ticketId' },
		socket: {
			event: 'ticket:subscribe',
			after: ({ value, rooms: membership }) => {
				// Following again moves the ticket to the newest place; the oldest beyond the limit are dropped.
				const room = rooms.ticket(value.id);
				membership.leaveWhere((r) => r === room);
				membership.join([room, rooms.service(value.serviceId)]);
				const followed = membership.list().filter((r) => r.startsWith('ticket:'));
				const excess = new Set(followed.slice(0, Math.max(0, followed.length - MAX_TICKETS_PER_CONNECTION)));
				if (excess.size > 0) membership.leaveWhere((r) => excess.has(r));
			}
		}
	}),

	command({
		name: 'notices:list',
		input: noInput,
		who: 'anyone',
		kind: 'read',
		run: (_input, _caller, { records }) => ok(records.publicNotices()),
		http: { method: 'GET', path: '/api/notices' }
	}),

	command({
		name: 'notices:get',
		input: noticeRefSchema,
		who: 'anyone',
		kind: 'read',
		run: ({ noticeId }, _caller, { records }) => {
			const notice = records.publicNotice(noticeId);
			return notice ? ok(notice) : fail('not_found', '该公示不存在或已过公示期');
		},
		http: { method: 'GET', path: '/api/notices/:noticeId' }
	}),

	command({
		name: 'objection:raise',
		input: objectionSchema,
		who: 'anyone',
		kind: 'write',
		// By address: the station a client names is not proof of anything.
		limit: { bucket: 'write', key: (_input, caller) => `objection|${caller.address}`, message: '提交过于频繁，请稍后再试' },
		run: ({ noticeId, ...objection }, caller, { records }) => records.raiseObjection(noticeId, objection, { origin: caller.origin }),
		http: { method: 'POST', path: '/api/notices/:noticeId/objections', status: 201 }
	}),

	command({
		name: 'complaint:file',
		input: complaintSchema,
		who: 'anyone',
		kind: 'write',
		limit: { bucket: 'write', key: (_input, caller) => `complaint|${caller.address}`, message: '提交过于频繁，请稍后再试' },
		run: (input, caller, { records }) =>
			records.fileComplaint({ ...input, contactPhone: input.contactPhone || undefined }, 'kiosk', null, { origin: caller.origin }),
		http: { method: 'POST', path: '/api/complaints', status: 201 }
	}),

	command({
		name: 'station:printer',
		input: stationRefSchema,
		who: 'anyone',
		kind: 'read',
		run: ({ station }, _caller, { prints }) => {
			const status = prints.isKiosk(station) ? prints.status(station) : null;
			return status ? ok(status) : fail('unknown_station', `没有编号为 ${station} 的取号机`);
		},
		http: { method: 'GET', path: '/api/stations/:station/printer' }
	}),

	command({
		name: 'print:notification',
		input: printNotificationSchema,
		who: 'anyone',
		kind: 'write',
		// A 告知单 is a sheet of paper: a stuck button must not empty the roll.
		limit: { bucket: 'notify', key: (input, caller) => `${input.station}|${caller.address}`, message: '打印过于频繁，请稍后再试' },
		run: (input, _caller, { prints }) => {
			if (!prints.isKiosk(input.station)) return fail('unknown_station', `没有编号为 ${input.station} 的取号机`);
			return prints.printNotification(input);
		},
		http: { method: 'POST', path: '/api/stations/:station/print-notification', status: 202 },
		socket: { event: 'print:notification' }
	}),

	command({
		name: 'rate:subscribe',
		input: windowRefSchema,
		who: 'anyone',
		kind: 'read',
		run: ({ windowId }, _caller, { hall, cases }) => {
			if (!hall.hasWindow(windowId)) return fail('unknown_window', '没有这个窗口');
			return ok(cases.pendingRating(windowId));
		},
		http: { method: 'GET', path: '/api/windows/:windowId/rating' },
		socket: {
			event: 'rate:subscribe',
			after: ({ input, rooms: membership }) => {
				membership.leaveWhere((room) => room.startsWith('rate:'));
				membership.join([rooms.rate(input.windowId)]);
			}
		}
	}),

	command({
		name: 'rate:submit',
		input: rateWithReasonSchema,
		who: 'anyone',
		kind: 'write',
		// The tablets and the terminal learn of it from the rating fact (server/realtime/broadcaster.ts).
		run: ({ windowId, grade, key, reason, phone }, _caller, { hall, cases }) => {
			if (!hall.hasWindow(windowId)) return fail('unknown_window', '没有这个窗口');
			// A 差评 opens a follow-up case against the window's staff: in a real hall only that window's own
			// tablet (holding the window station's key) or its evaluator pad may rate. The demo hall is open.
			if (!hall.settings.demoStaff) {
				const station = hall.settings.stations.find((s) => s.kind === 'window' && s.windowId === windowId && s.agentKey);
				if (!station?.agentKey || !key || !sameKey(key, station.agentKey)) {
					return fail('forbidden', '只有本窗口的评价器可以评价（请在评价平板上操作）');
				}
			}
			return cases.evaluate(windowId, grade, 'screen', { reason, phone: phone || undefined });
		},
		http: { method: 'POST', path: '/api/windows/:windowId/rating', status: 201 },
		socket: { event: 'rate:submit' }
	})
];
