// The director's console (/api/console): configuration applied live, staff accounts,
// notices and objections, complaints, reports, 值班, uploads and archive access approvals.
// Everything here is the director's, except logging a phone complaint (any staff member).

import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
	accessDecisionSchema,
	complaintUpdateSchema,
	configSaveSchema,
	dutyDaySchema,
	noInput,
	noticeChangeSchema,
	noticeRefSchema,
	noticeSchema,
	objectionAnswerSchema,
	periodSchema,
	phoneComplaintSchema,
	staffCreateSchema,
	staffUpdateSchema,
	yearSchema
} from '../../src/lib/commands.ts';
import { coverageQuerySchema, noticeTextSchema } from '../calendar/schemas.ts';
import { dutyLogSchema, dutyRangeSchema } from '../duty.ts';
import type { HallFile } from '../../src/lib/protocol.ts';
import { fail, ok } from '../errors.ts';
import { MAX_MEDIA_BYTES } from '../media.ts';
import { command, type FileAnswer } from './table.ts';

const exportRefSchema = z.strictObject({ exportId: z.string().min(1).max(64) });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An ETag for the hall file as it is now (a strong tag: the bytes of its JSON). */
export function configTag(file: object): string {
	return `"${createHash('sha256').update(JSON.stringify(file)).digest('base64url').slice(0, 22)}"`;
}

/** Shown instead of a station agent's key: never a valid key (too short), so it cannot be saved as one. */
export function maskedKey(key: string): string {
	return `••••••••${key.slice(-4)}`;
}

function withMaskedKeys(file: HallFile): HallFile {
	return { ...file, stations: file.stations.map((s) => (s.agentKey ? { ...s, agentKey: maskedKey(s.agentKey) } : s)) };
}

/** A saved file whose station still shows its masked key keeps the key it has. */
function withKnownKeys(file: unknown, current: HallFile): unknown {
	if (!file || typeof file !== 'object' || !Array.isArray((file as HallFile).stations)) return file;
	const keys = new Map(current.stations.flatMap((s) => (s.agentKey ? [[s.id, s.agentKey] as const] : [])));
	return {
		...file,
		stations: (file as HallFile).stations.map((s) => {
			const known = s && typeof s === 'object' ? keys.get(s.id) : undefined;
			return known && s.agentKey === maskedKey(known) ? { ...s, agentKey: known } : s;
		})
	};
}

export const consoleCommands = [
	// Staff log phone complaints (投诉电话).
	command({
		name: 'complaint:log-call',
		input: phoneComplaintSchema,
		who: 'staff',
		kind: 'write',
		run: (input, caller, { records }) => records.fileComplaint(input, 'phone', caller.staff!.id),
		http: { method: 'POST', path: '/api/console/complaints', status: 201 }
	}),

	command({
		name: 'config:get',
		input: noInput,
		who: 'director',
		kind: 'read',
		// Station agent keys go out masked (revealing one is its own, audited, command); the tag is the real file's.
		run: (_input, _caller, { hall }) => ok({ file: withMaskedKeys(hall.configFile), etag: configTag(hall.configFile) }),
		http: { method: 'GET', path: '/api/console/config', answer: ({ file }) => file, answerHeaders: ({ etag }) => ({ etag }) }
	}),

	command({
		name: 'config:save',
		input: configSaveSchema,
		who: 'director',
		kind: 'write',
		// Two directors editing at once: the second save must not silently undo the first. The check
		// and the save run in one turn, after the body is in: nothing can come between.
		run: ({ file, ifMatch }, caller, { hall }) => {
			if (ifMatch !== null && ifMatch !== '*' && ifMatch !== configTag(hall.configFile)) {
				return fail('config_conflict', '配置已被其他人修改并保存。请重新载入最新配置，再把您的修改做一遍后保存');
			}
			const saved = hall.reconfigure(withKnownKeys(file, hall.configFile), caller.staff!.id);
			return saved.ok ? ok({ ...saved.value, etag: configTag(hall.configFile) }) : saved;
		},
		http: {
			method: 'PUT',
			path: '/api/console/config',
			bodyField: 'file',
			headers: { 'if-match': 'ifMatch' },
			answer: ({ version }) => ({ version }),
			answerHeaders: ({ etag }) => ({ etag })
		}
	}),

	// The holiday editor (server/calendar): a year's official days and coverage, the years covered,
	// and the State Council's notice pasted in — read as a preview, or applied (audited, deadlines recounted).
	command({
		name: 'calendar:year',
		input: yearSchema,
		who: 'director',
		kind: 'read',
		run: ({ year }, _caller, { calendar }) => ok(calendar.yearView(year)),
		http: { method: 'GET', path: '/api/console/calendar' }
	}),

	command({
		name: 'calendar:coverage',
		input: coverageQuerySchema,
		who: 'director',
		kind: 'read',
		run: ({ from, to }, _caller, { calendar }) => ok(calendar.coverage(from, to)),
		http: { method: 'GET', path: '/api/console/calendar/coverage' }
	}),

	command({
		name: 'calendar:notice-preview',
		input: noticeTextSchema,
		who: 'director',
		kind: 'read',
		run: ({ text }, _caller, { calendar }) => calendar.previewNotice(text),
		http: { method: 'POST', path: '/api/console/calendar/notice' }
	}),

	command({
		name: 'calendar:notice-apply',
		input: noticeTextSchema,
		who: 'director',
		kind: 'write',
		run: ({ text }, caller, { calendar }) => calendar.applyNotice(text, caller.staff!.id),
		http: { method: 'POST', path: '/api/console/calendar/notice/apply' }
	}),

	command({
		name: 'audit:list',
		input: noInput,
		who: 'director',
		kind: 'read',
		run: (_input, _caller, { records, hall }) => ok(records.auditTrail(hall)),
		http: { method: 'GET', path: '/api/console/audit' }
	}),

	command({
		name: 'media:upload',
		input: z.strictObject({ bytes: z.instanceof(Buffer) }),
		who: 'director',
		kind: 'write',
		run: ({ bytes }, caller, { records, media }) => records.audited(caller.staff!, 'media:upload', null, () => media.save(bytes, caller.staff!.id)),
		http: {
			method: 'POST',
			path: '/api/console/media',
			from: 'raw',
			rawLimit: { bytes: MAX_MEDIA_BYTES, error: { code: 'media_too_large', message: '图片不能超过 2 MB，请压缩后再上传' } },
			status: 201
		}
	}),

	command({
		name: 'staff:list',
		input: noInput,
		who: 'director',
		kind: 'read',
		run: (_input, _caller, { auth }) => ok(auth.listStaff()),
		http: { method: 'GET', path: '/api/console/staff' }
	}),

	command({
		name: 'staff:create',
		input: staffCreateSchema,
		who: 'director',
		kind: 'write',
		run: (input, caller, { auth, records }) => records.audited(caller.staff!, 'staff:create', input.username, () => auth.createStaff(input)),
		http: { method: 'POST', path: '/api/console/staff', status: 201 }
	}),

	command({
		name: 'staff:update',
		input: staffUpdateSchema,
		who: 'director',
		kind: 'write',
		run: ({ staffId, ...patch }, caller, { auth, records, hall }) => {
			if (patch.disabled && hall.windowOfStaff(staffId)) return fail('staff_signed_in', '该工作人员正在窗口签到，请先签退再停用');
			const result = records.audited(caller.staff!, 'staff:update', staffId, () => auth.updateStaff(staffId, patch));
			if (result.ok) hall.forgetBadge(staffId);
			return result;
		},
		http: { method: 'PATCH', path: '/api/console/staff/:staffId' }
	}),

	command({
		name: 'notices:all',
		input: noInput,
		who: 'director',
		kind: 'read',
		run: (_input, _caller, { records }) => ok(records.allNotices()),
		http: { method: 'GET', path: '/api/console/notices' }
	}),

	command({
		name: 'notice:create',
		input: noticeSchema,
		who: 'director',
		kind: 'write',
		run: (input, caller, { records }) => records.createNotice(input, caller.staff!),
		http: { method: 'POST', path: '/api/console/notices', status: 201 }
	}),

	command({
		name: 'notice:objections',
		input: noticeRefSchema,
		who: 'director',
		kind: 'read',
		run: ({ noticeId }, caller, { records }) => records.objectionsOf(noticeId, caller.staff!),
		http: { method: 'GET', path: '/api/console/notices/:noticeId/objections' }
	}),

	command({
		name: 'notice:change',
		input: noticeChangeSchema,
		who: 'director',
		kind: 'write',
		run: ({ noticeId, change }, caller, { records }) => records.changeNotice(noticeId, change, caller.staff!),
		http: { method: 'POST', path: '/api/console/notices/:noticeId/:change' }
	}),

	command({
		name: 'objection:answer',
		input: objectionAnswerSchema,
		who: 'director',
		kind: 'write',
		run: ({ objectionId, answer }, caller, { records }) => records.answerObjection(objectionId, answer, caller.staff!),
		http: { method: 'POST', path: '/api/console/objections/:objectionId/answer' }
	}),

	command({
		name: 'complaints:list',
		input: noInput,
		who: 'director',
		kind: 'read',
		run: (_input, _caller, { records }) => ok(records.complaints()),
		http: { method: 'GET', path: '/api/console/complaints' }
	}),

	command({
		name: 'complaint:update',
		input: complaintUpdateSchema,
		who: 'director',
		kind: 'write',
		run: ({ complaintId, ...patch }, caller, { records }) => records.updateComplaint(complaintId, patch, caller.staff!),
		http: { method: 'PATCH', path: '/api/console/complaints/:complaintId' }
	}),

	command({
		name: 'report:period',
		input: periodSchema,
		who: 'director',
		kind: 'read',
		// Summed from daily rollups in the history worker: never on the hall's event loop.
		run: ({ from, to }, _caller, { reports }) => reports.period(from, to),
		http: { method: 'GET', path: '/api/console/reports' }
	}),

	command({
		name: 'report:workbook',
		input: periodSchema,
		who: 'director',
		kind: 'read',
		run: async ({ from, to }, _caller, { reports }) => {
			const file = await reports.workbook(from, to);
			return file.ok ? ok<FileAnswer>({ file: file.value, contentType: XLSX, fileName: `report-${from}-${to}.xlsx` }) : file;
		},
		http: { method: 'GET', path: '/api/console/reports.xlsx', file: true }
	}),

	// A long export as a job with progress and cancel; its worker thread stops at once on cancel.
	command({
		name: 'export:start',
		input: periodSchema,
		who: 'director',
		kind: 'write',
		run: ({ from, to }, caller, { reports }) => reports.history.startExport(from, to, caller.staff!.id),
		http: { method: 'POST', path: '/api/console/exports', status: 202 }
	}),

	command({
		name: 'export:get',
		input: exportRefSchema,
		who: 'director',
		kind: 'read',
		run: ({ exportId }, caller, { reports }) => reports.history.exportJob(exportId, caller.staff!.id),
		http: { method: 'GET', path: '/api/console/exports/:exportId' }
	}),

	command({
		name: 'export:cancel',
		input: exportRefSchema,
		who: 'director',
		kind: 'write',
		run: ({ exportId }, caller, { reports }) => reports.history.cancelExport(exportId, caller.staff!.id),
		http: { method: 'DELETE', path: '/api/console/exports/:exportId' }
	}),

	command({
		name: 'export:file',
		input: exportRefSchema,
		who: 'director',
		kind: 'read',
		run: ({ exportId }, caller, { reports }) => {
			const file = reports.history.exportFile(exportId, caller.staff!.id);
			// The header carries an ASCII name; the console saves the file under the job's Chinese `fileName`.
			return file.ok ? ok<FileAnswer>({ file: file.value.file, contentType: XLSX, fileName: file.value.asciiName }) : file;
		},
		http: { method: 'GET', path: '/api/console/exports/:exportId/file', file: true }
	}),

	// 档案查阅 of one ticket, live or in a yearly archive: access-logged.
	command({
		name: 'record:ticket',
		input: z.strictObject({ ticketId: z.string().min(1).max(64) }),
		who: 'director',
		kind: 'read',
		run: ({ ticketId }, caller, { reports }) => reports.history.ticketRecord(ticketId, caller.staff!.id),
		http: { method: 'GET', path: '/api/console/records/tickets/:ticketId' }
	}),

	// 值班: the roster of a range of days with its log; a day's roster replaced; the director's own log entries.
	command({
		name: 'duty:range',
		input: dutyRangeSchema,
		who: 'director',
		kind: 'read',
		run: ({ from, to }, _caller, { duty }) => ok({ days: duty.roster(from, to), log: duty.log(from, to), today: duty.today() }),
		http: { method: 'GET', path: '/api/console/duty' }
	}),

	command({
		name: 'duty:director-write',
		input: dutyLogSchema,
		who: 'director',
		kind: 'write',
		run: (input, caller, { duty }) => duty.write(caller.staff!, input),
		http: { method: 'POST', path: '/api/console/duty/log', status: 201 }
	}),

	command({
		name: 'duty:set-roster',
		input: dutyDaySchema,
		who: 'director',
		kind: 'write',
		run: ({ day, roster }, caller, { duty }) => duty.setRoster(caller.staff!, day, roster),
		http: { method: 'PUT', path: '/api/console/duty/:day', bodyField: 'roster' }
	}),

	// The link to the district hub: connected, events not yet acknowledged, the last acknowledged.
	command({
		name: 'upstream:status',
		input: noInput,
		who: 'director',
		kind: 'read',
		run: (_input, _caller, { upstream }) => ok(upstream.status()),
		http: { method: 'GET', path: '/api/console/upstream' }
	}),

	command({
		name: 'hall:live',
		input: noInput,
		who: 'director',
		kind: 'read',
		run: async (_input, _caller, { reports, presence, hall, auth }) => {
			// A real hall whose accounts still open with the demo password: the console says so until they are changed.
			const demoPasswordAccounts = hall.settings.demoStaff ? [] : await auth.accountsWithDemoPassword();
			return ok({ ...reports.live(), stations: presence.list(), demoPasswordAccounts });
		},
		http: { method: 'GET', path: '/api/console/live' }
	}),

	command({
		name: 'access-requests:list',
		input: noInput,
		who: 'director',
		kind: 'read',
		run: (_input, _caller, { cases }) => ok(cases.accessRequests()),
		http: { method: 'GET', path: '/api/console/access-requests' }
	}),

	command({
		name: 'access-request:decide',
		input: accessDecisionSchema,
		who: 'director',
		kind: 'write',
		run: ({ requestId, approve, hours }, caller, { cases }) => cases.decideAccess(requestId, approve, hours, caller.staff!),
		http: { method: 'POST', path: '/api/console/access-requests/:requestId/decide' }
	}),

	command({
		name: 'access-log:list',
		input: noInput,
		who: 'director',
		kind: 'read',
		run: (_input, _caller, { cases }) => ok(cases.accessLog()),
		http: { method: 'GET', path: '/api/console/access-log' }
	}),

	command({
		name: 'access-log:workbook',
		input: noInput,
		who: 'director',
		kind: 'read',
		run: async (_input, _caller, { cases, reports }) =>
			ok<FileAnswer>({ file: await reports.accessLogWorkbook(cases.accessLog()), contentType: XLSX, fileName: 'access-log.xlsx' }),
		http: { method: 'GET', path: '/api/console/access-log.xlsx', file: true }
	}),

	// 接入密钥: one station's agent key in clear, for setting up its agent. Every reveal is in the audit log.
	command({
		name: 'station:key-reveal',
		input: z.strictObject({ stationId: z.string().min(1).max(64) }),
		who: 'director',
		kind: 'read',
		run: ({ stationId }, caller, { hall, records }) => {
			const station = hall.configFile.stations.find((s) => s.id === stationId);
			if (!station) return fail('not_found', '没有这个终端');
			if (!station.agentKey) return fail('not_found', '该终端没有设置接入密钥');
			const key = station.agentKey;
			return records.audited(caller.staff!, 'station:key-reveal', stationId, () => ok({ stationId, agentKey: key }));
		},
		http: { method: 'POST', path: '/api/console/stations/:stationId/reveal-key' }
	}),

	// 投诉建议 handed to a staff member: in their 待办, and the contact in full to call back (access-logged).
	command({
		name: 'complaints:mine',
		input: noInput,
		who: 'staff',
		kind: 'read',
		run: (_input, caller, { records }) => ok(records.complaintsAssignedTo(caller.staff!)),
		http: { method: 'GET', path: '/api/complaints/assigned' }
	}),

	command({
		name: 'complaint:contact',
		input: z.strictObject({ complaintId: z.string().min(1).max(64) }),
		who: 'staff',
		kind: 'read',
		run: ({ complaintId }, caller, { records }) => records.complaintContact(complaintId, caller.staff!),
		http: { method: 'POST', path: '/api/complaints/:complaintId/contact' }
	})
];
