// The window's commands: the terminal's taps, the caller keypad's keys and the HTTP API run
// the same hall command with the same checks. A ticket action answers the ticket in hand
// afterwards; a window action (sign in/out, pause, resume) answers the window. An empty
// queue is `queue_empty` on every door.

import type { z } from 'zod';
import type { TicketDetail, WindowInfo } from '../../src/lib/protocol.ts';
import { callTicketSchema, finishSchema, pauseSchema, transferSchema, windowRefSchema } from '../../src/lib/commands.ts';
import type { Command } from '../core/types.ts';
import { fail, ok, type Result } from '../errors.ts';
import { rooms } from '../realtime/rooms.ts';
import type { Services } from './table.ts';
import { command, type AnyCommand } from './table.ts';

type StaffCommand = Extract<Command, { staffId: string }>;
type WindowResult = { ticket: TicketDetail | null; window: WindowInfo };

export type WindowActionName = 'sign-in' | 'sign-out' | 'call-next' | 'call' | 'recall' | 'no-show' | 'start' | 'finish' | 'transfer' | 'pause' | 'resume';

/** Runs one window action as a staff member: the terminal, the HTTP API and the keypad all come here. */
export function runWindowAction(services: Services, cmd: StaffCommand): Result<WindowResult> {
	return services.hall.windowCommand(cmd as Parameters<Services['hall']['windowCommand']>[0]);
}

interface ActionSpec<S extends z.ZodType> {
	name: WindowActionName;
	input: S;
	/** The socket event, where the terminal sends this action over its socket. */
	event?: string;
	answers: 'ticket' | 'window';
	toCommand(input: z.infer<S>, staffId: string): StaffCommand;
}

function windowAction<S extends z.ZodType>(spec: ActionSpec<S>): AnyCommand {
	const answer = (value: WindowResult) => (spec.answers === 'ticket' ? value.ticket : value.window);
	return command({
		name: `window:${spec.name}`,
		input: spec.input,
		who: 'staff',
		kind: 'write',
		run: (input, caller, services) => runWindowAction(services, spec.toCommand(input, caller.staff!.id)),
		logFields: (value) => (value.ticket ? { ticket: value.ticket.number } : {}),
		http: { method: 'POST', path: `/api/windows/:windowId/${spec.name}`, answer },
		socket: spec.event ? { event: spec.event, answer } : undefined
	}) as AnyCommand;
}

export const windowActionCommands: AnyCommand[] = [
	windowAction({ name: 'sign-in', input: windowRefSchema, answers: 'window', toCommand: ({ windowId }, staffId) => ({ type: 'sign-in', windowId, staffId }) }),
	windowAction({ name: 'sign-out', input: windowRefSchema, answers: 'window', toCommand: ({ windowId }, staffId) => ({ type: 'sign-out', windowId, staffId }) }),
	windowAction({
		name: 'call-next',
		input: windowRefSchema,
		event: 'ticket:call-next',
		answers: 'ticket',
		toCommand: ({ windowId }, staffId) => ({ type: 'call-next', windowId, staffId })
	}),
	windowAction({
		name: 'call',
		input: callTicketSchema,
		event: 'ticket:call',
		answers: 'ticket',
		toCommand: ({ windowId, ticketId }, staffId) => ({ type: 'call', windowId, staffId, ticketId })
	}),
	windowAction({ name: 'recall', input: windowRefSchema, event: 'ticket:recall', answers: 'ticket', toCommand: ({ windowId }, staffId) => ({ type: 'recall', windowId, staffId }) }),
	windowAction({ name: 'no-show', input: windowRefSchema, event: 'ticket:no-show', answers: 'ticket', toCommand: ({ windowId }, staffId) => ({ type: 'no-show', windowId, staffId }) }),
	windowAction({ name: 'start', input: windowRefSchema, event: 'ticket:start', answers: 'ticket', toCommand: ({ windowId }, staffId) => ({ type: 'start', windowId, staffId }) }),
	windowAction({
		name: 'finish',
		input: finishSchema,
		event: 'ticket:finish',
		answers: 'ticket',
		toCommand: ({ windowId, outcome, reason }, staffId) => ({ type: 'finish', windowId, staffId, outcome, reason: reason ?? null })
	}),
	windowAction({
		name: 'transfer',
		input: transferSchema,
		event: 'ticket:transfer',
		answers: 'ticket',
		toCommand: ({ windowId, toServiceId, toWindowId, note }, staffId) => ({
			type: 'transfer',
			windowId,
			staffId,
			toServiceId: toServiceId ?? null,
			toWindowId: toWindowId ?? null,
			note
		})
	}),
	windowAction({
		name: 'pause',
		input: pauseSchema,
		event: 'window:pause',
		answers: 'window',
		toCommand: ({ windowId, reason }, staffId) => ({ type: 'pause', windowId, staffId, reason })
	}),
	windowAction({ name: 'resume', input: windowRefSchema, event: 'window:resume', answers: 'window', toCommand: ({ windowId }, staffId) => ({ type: 'resume', windowId, staffId }) })
];

export const windowCommands: AnyCommand[] = [
	...windowActionCommands,
	command({
		name: 'window:subscribe',
		input: windowRefSchema,
		who: 'staff',
		kind: 'read',
		run: ({ windowId }, caller, { hall }) => {
			if (!hall.hasWindow(windowId)) return fail('unknown_window', '没有这个窗口');
			const staff = caller.staff!;
			if (staff.role === 'staff' && hall.windowStaffId(windowId) !== staff.id) return fail('not_your_window', '您没有在这个窗口签到');
			return ok(hall.windowSnapshot(windowId)!);
		},
		http: { method: 'GET', path: '/api/windows/:windowId' },
		socket: {
			event: 'window:subscribe',
			after: ({ input, rooms: membership }) => {
				membership.leaveWhere((room) => room.startsWith('window:'));
				membership.join([rooms.window(input.windowId)]);
			}
		}
	}) as AnyCommand
];
