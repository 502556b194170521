// Staff commands outside the window actions: sessions, attendance, 值班, the case register
// (登记备案), printers and print jobs.

import { z } from 'zod';
import {
	accessRequestSchema,
	caseNoticeSlipSchema,
	caseNotificationSchema,
	caseQuerySchema,
	caseRefSchema,
	caseResultSchema,
	caseSchema,
	dateSchema,
	id,
	loginSchema,
	noInput,
	passwordResetSchema,
	printJobQuerySchema
} from '../../src/lib/commands.ts';
import { dutyLogSchema } from '../duty.ts';
import { passwordChangeSchema } from '../auth.ts';
import { caseTransferSchema } from '../cases.ts';
import { fail, ok } from '../errors.ts';
import { command } from './table.ts';

/** The cookie earlier versions set; logging out clears it from browsers that still hold one. */
const OLD_SESSION_COOKIE = 'hall_session';

export const staffCommands = [
	command({
		name: 'session:login',
		input: loginSchema,
		who: 'anyone',
		kind: 'write',
		// Hashing runs off the event loop; attempts are limited per address before any hashing.
		run: ({ username, password }, caller, { auth }) => auth.login(username, password, caller.address),
		logFields: (value) => ({ staff: value.staff.id }),
		// The token is answered in the body only: screens send it as a Bearer header (server/doors/http.ts).
		http: { method: 'POST', path: '/api/session' }
	}),

	command({
		name: 'session:whoami',
		input: noInput,
		// A session that must still change its password gets its answer too: the screens show the form.
		who: 'anyone',
		kind: 'read',
		run: (_input, caller, { auth }) => {
			const session = auth.session(caller.token);
			return session ? ok(session) : fail('unauthorized', '请先登录');
		},
		http: { method: 'GET', path: '/api/session' }
	}),

	command({
		name: 'session:logout',
		input: noInput,
		who: 'anyone',
		kind: 'write',
		run: (_input, caller, { auth }) => {
			if (caller.token) auth.logout(caller.token);
			return ok({ ok: true as const });
		},
		http: { method: 'DELETE', path: '/api/session', answerHeaders: () => ({ 'set-cookie': `${OLD_SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0` }) }
	}),

	// One's own new password: the one command a session with a one-time password may run.
	command({
		name: 'session:password',
		input: passwordChangeSchema,
		who: 'anyone',
		kind: 'write',
		run: (input, caller, { auth }) => auth.changePassword(caller.token, input, caller.address),
		http: { method: 'POST', path: '/api/session/password' }
	}),

	command({
		name: 'staff:reset-password',
		input: passwordResetSchema,
		who: 'director',
		kind: 'write',
		run: ({ staffId, password }, caller, { auth, records }) =>
			records.audited(caller.staff!, 'staff:reset-password', staffId, () => {
				const reset = auth.resetPassword(caller.staff!, staffId, password);
				return reset.ok ? ok({ ok: true as const }) : reset;
			}),
		http: { method: 'POST', path: '/api/staff/:staffId/reset-password' }
	}),

	command({
		name: 'attendance:day',
		input: dateSchema,
		who: 'director',
		kind: 'read',
		run: ({ date }, _caller, { hall }) => ok(hall.attendance(date)),
		http: { method: 'GET', path: '/api/attendance' }
	}),

	// 值班: the people on today's roster see it and keep today's log from their window screen.
	command({
		name: 'duty:today',
		input: noInput,
		who: 'staff',
		kind: 'read',
		run: (_input, caller, { duty }) => {
			const day = duty.today();
			return ok({ day, onDuty: duty.onDutyToday(caller.staff!.id), roster: duty.roster(day, day)[0], log: duty.log(day, day) });
		},
		http: { method: 'GET', path: '/api/duty/today' }
	}),

	command({
		name: 'duty:write',
		input: dutyLogSchema,
		who: 'staff',
		kind: 'write',
		run: (input, caller, { duty }) => duty.write(caller.staff!, input),
		http: { method: 'POST', path: '/api/duty/log', status: 201 }
	}),

	// Cases (登记备案) -------------------------------------------------------------------

	command({
		name: 'cases:list',
		input: caseQuerySchema,
		who: 'staff',
		kind: 'read',
		run: (query, caller, { cases }) => ok(cases.list(query, caller.staff!)),
		http: { method: 'GET', path: '/api/cases' }
	}),

	command({
		name: 'case:open',
		input: caseSchema,
		who: 'staff',
		kind: 'write',
		run: ({ windowId, ...input }, caller, { cases }) => cases.open(input, caller.staff!, windowId ?? null),
		http: { method: 'POST', path: '/api/cases', status: 201 }
	}),

	command({
		name: 'case:get',
		input: caseRefSchema,
		who: 'staff',
		kind: 'read',
		run: ({ caseId }, caller, { cases }) => cases.get(caseId, caller.staff!),
		http: { method: 'GET', path: '/api/cases/:caseId' }
	}),

	command({
		name: 'case:result',
		input: caseResultSchema,
		who: 'staff',
		kind: 'write',
		run: ({ caseId, result }, caller, { cases }) => cases.recordResult(caseId, result, caller.staff!),
		http: { method: 'POST', path: '/api/cases/:caseId/result' }
	}),

	command({
		name: 'case:notification',
		input: caseNotificationSchema,
		who: 'staff',
		kind: 'write',
		run: ({ caseId, via, at }, caller, { cases }) => cases.recordNotification(caseId, via, at, caller.staff!),
		http: { method: 'POST', path: '/api/cases/:caseId/notification' }
	}),

	command({
		name: 'case:notice-slip',
		input: caseNoticeSlipSchema,
		who: 'staff',
		kind: 'write',
		run: ({ caseId, missingMaterials }, caller, { cases }) => cases.recordNoticeSlip(caseId, missingMaterials, caller.staff!),
		http: { method: 'POST', path: '/api/cases/:caseId/notice-slip' }
	}),

	command({
		name: 'case:transfer',
		input: caseTransferSchema.extend({ caseId: id }),
		who: 'staff',
		kind: 'write',
		run: ({ caseId, ...input }, caller, { cases }) => cases.transfer(caseId, input, caller.staff!),
		http: { method: 'POST', path: '/api/cases/:caseId/transfer' }
	}),

	command({
		name: 'case:request-access',
		input: accessRequestSchema,
		who: 'staff',
		kind: 'write',
		run: ({ caseId, reason }, caller, { cases }) => cases.requestAccess(caseId, reason, caller.staff!),
		http: { method: 'POST', path: '/api/cases/:caseId/access-requests', status: 201 }
	}),

	// Printers ---------------------------------------------------------------------------

	command({
		name: 'printers:subscribe',
		input: z.strictObject({}),
		who: 'staff',
		kind: 'read',
		// Staff sockets are in the staff room from the start; this is their snapshot.
		run: (_input, _caller, { prints }) => ok(prints.statuses()),
		http: { method: 'GET', path: '/api/printers' },
		socket: { event: 'printers:subscribe' }
	}),

	command({
		name: 'print-jobs:list',
		input: printJobQuerySchema,
		who: 'staff',
		kind: 'read',
		run: ({ station, ticketId, limit }, _caller, { prints }) =>
			ok(ticketId ? prints.jobsOfTicket(ticketId) : prints.recentJobs(station ?? null, limit ?? 50)),
		http: { method: 'GET', path: '/api/print-jobs' }
	})
];
