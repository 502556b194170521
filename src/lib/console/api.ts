// The director console's calls to /api/console (and the few staff routes it uses). Same
// `{ data } | { error }` shape as every other screen's calls, through the shared `call`.
import type { Ack, ApiError, CaseRecord, SessionInfo, StaffRole } from '../protocol.ts';
import { call } from '../shared/api.ts';
import type {
	AccessLogEntry,
	AccessRequestEntry,
	AuditEntry,
	CalendarInfo,
	ComplaintEntry,
	ComplaintPatch,
	DutyDay,
	DutyLogEntry,
	DutyLogKind,
	DutyRange,
	DutyRole,
	ExportJob,
	HallFile,
	LiveReport,
	NoticeDraft,
	NoticeEntry,
	ObjectionEntry,
	PeriodReport,
	StaffAccount,
	StaffDraft,
	StationKeyReveal,
	ComplaintContact
} from '../protocol.ts';

const id = (value: string) => encodeURIComponent(value);

export function whoAmI(token: string): Promise<Ack<{ staff: SessionInfo['staff']; mustChangePassword?: boolean }>> {
	return call('GET', '/api/session', { token });
}

// Configuration -------------------------------------------------------------------------

/** The hall file and its revision (the ETag), which a save must name. */
export interface ConfigCopy {
	file: HallFile;
	revision: string | null;
}

export async function getConfig(token: string): Promise<Ack<ConfigCopy>> {
	let revision: string | null = null;
	const ack = await call<HallFile>('GET', '/api/console/config', { token, seen: (r) => (revision = r.headers.get('etag')) });
	return 'error' in ack ? ack : { data: { file: ack.data, revision } };
}

/** Saves only over the revision the draft was made from: `config_conflict` when someone saved since. */
export function putConfig(token: string, file: HallFile, revision: string | null): Promise<Ack<{ version: number }>> {
	return call('PUT', '/api/console/config', { token, body: file, headers: revision ? { 'if-match': revision } : {} });
}

export function getCalendar(token: string, year: number): Promise<Ack<CalendarInfo>> {
	return call('GET', `/api/console/calendar?year=${year}`, { token });
}

export function getAudit(token: string): Promise<Ack<AuditEntry[]>> {
	return call('GET', '/api/console/audit', { token });
}

// Staff ---------------------------------------------------------------------------------

export function listStaff(token: string): Promise<Ack<StaffAccount[]>> {
	return call('GET', '/api/console/staff', { token });
}

export function createStaff(token: string, draft: StaffDraft): Promise<Ack<StaffAccount>> {
	return call('POST', '/api/console/staff', { token, body: draft });
}

export function updateStaff(
	token: string,
	staffId: string,
	patch: { name?: string; staffNo?: string; role?: StaffRole; disabled?: boolean }
): Promise<Ack<StaffAccount>> {
	return call('PATCH', `/api/console/staff/${id(staffId)}`, { token, body: patch });
}

export function resetPassword(token: string, staffId: string, password: string): Promise<Ack<{ ok: true }>> {
	return call('POST', `/api/staff/${id(staffId)}/reset-password`, { token, body: { password } });
}

// Notices (公示) and objections ----------------------------------------------------------

export function listNotices(token: string): Promise<Ack<NoticeEntry[]>> {
	return call('GET', '/api/console/notices', { token });
}

export function createNotice(token: string, draft: NoticeDraft): Promise<Ack<NoticeEntry>> {
	return call('POST', '/api/console/notices', { token, body: draft });
}

export function changeNotice(token: string, noticeId: string, change: 'publish' | 'withdraw' | 'close'): Promise<Ack<{ id: string; status: string }>> {
	return call('POST', `/api/console/notices/${id(noticeId)}/${change}`, { token });
}

export function listObjections(token: string, noticeId: string): Promise<Ack<ObjectionEntry[]>> {
	return call('GET', `/api/console/notices/${id(noticeId)}/objections`, { token });
}

export function answerObjection(token: string, objectionId: string, answer: string): Promise<Ack<{ id: string; answer: string; answeredAt: number }>> {
	return call('POST', `/api/console/objections/${id(objectionId)}/answer`, { token, body: { answer } });
}

// Complaints (投诉建议) --------------------------------------------------------------------

export function listComplaints(token: string): Promise<Ack<ComplaintEntry[]>> {
	return call('GET', '/api/console/complaints', { token });
}

export function updateComplaint(token: string, complaintId: string, patch: ComplaintPatch): Promise<Ack<{ id: string; status: string }>> {
	return call('PATCH', `/api/console/complaints/${id(complaintId)}`, { token, body: patch });
}

export function logPhoneComplaint(
	token: string,
	input: { category: 'complaint' | 'report' | 'suggestion' | 'praise'; content: string; contactName?: string; contactPhone?: string }
): Promise<Ack<{ reference: string; dueDate: string }>> {
	return call('POST', '/api/console/complaints', { token, body: input });
}

// Reports -------------------------------------------------------------------------------

export function getLive(token: string): Promise<Ack<LiveReport>> {
	return call('GET', '/api/console/live', { token });
}

export function getReport(token: string, from: string, to: string): Promise<Ack<PeriodReport>> {
	return call('GET', `/api/console/reports?from=${from}&to=${to}`, { token });
}

/** A long export as a job: started, watched (progress), cancelled, then its file downloaded. */
export function startExport(token: string, from: string, to: string): Promise<Ack<ExportJob>> {
	return call('POST', '/api/console/exports', { token, body: { from, to } });
}

export function getExport(token: string, jobId: string): Promise<Ack<ExportJob>> {
	return call('GET', `/api/console/exports/${id(jobId)}`, { token });
}

export function cancelExport(token: string, jobId: string): Promise<Ack<ExportJob>> {
	return call('DELETE', `/api/console/exports/${id(jobId)}`, { token });
}

// Archives (档案查阅) -----------------------------------------------------------------------

export function listAccessRequests(token: string): Promise<Ack<AccessRequestEntry[]>> {
	return call('GET', '/api/console/access-requests', { token });
}

export function decideAccess(token: string, requestId: string, approve: boolean, hours = 24): Promise<Ack<{ id: string; status: string; expiresAt: number | null }>> {
	return call('POST', `/api/console/access-requests/${id(requestId)}/decide`, { token, body: { approve, hours } });
}

export function getAccessLog(token: string): Promise<Ack<AccessLogEntry[]>> {
	return call('GET', '/api/console/access-log', { token });
}

export function getCase(token: string, caseId: string): Promise<Ack<CaseRecord>> {
	return call('GET', `/api/cases/${id(caseId)}`, { token });
}

// Files ---------------------------------------------------------------------------------

/** Uploads an image (the file's bytes as the body); the server judges its type by the bytes. */
export async function uploadMedia(token: string, file: Blob): Promise<Ack<{ id: string; url: string }>> {
	let response: Response;
	try {
		response = await fetch('/api/console/media', {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', accept: 'application/json' },
			body: file,
			credentials: 'same-origin'
		});
	} catch {
		return { error: { code: 'internal', message: '网络连接已断开，请稍后再试' } };
	}
	const payload = (await response.json().catch(() => null)) as { id: string; url: string; error?: ApiError } | null;
	if (!response.ok || !payload) {
		return { error: payload?.error ?? { code: 'internal', message: `上传失败（${response.status}）` } };
	}
	return { data: { id: payload.id, url: payload.url } };
}

/**
 * Downloads a file the API builds (the .xlsx exports). A plain link cannot carry the bearer
 * token, so the file is fetched and handed to the browser as a blob URL; errors come back as
 * values like every other call.
 */
export async function download(token: string, path: string, fileName: string): Promise<{ error: ApiError } | { data: true }> {
	let response: Response;
	try {
		response = await fetch(path, { headers: { authorization: `Bearer ${token}` }, credentials: 'same-origin' });
	} catch {
		return { error: { code: 'internal', message: '网络连接已断开，请稍后再试' } };
	}
	if (!response.ok) {
		const payload = (await response.json().catch(() => null)) as { error?: ApiError } | null;
		return { error: payload?.error ?? { code: 'internal', message: `导出失败（${response.status}）` } };
	}
	const url = URL.createObjectURL(await response.blob());
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	document.body.append(link);
	link.click();
	link.remove();
	// The click has handed the blob to the download manager; the URL is not needed after this turn.
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
	return { data: true };
}

// 值班 ----------------------------------------------------------------------------------

export function getDuty(token: string, from: string, to: string): Promise<Ack<DutyRange>> {
	return call('GET', `/api/console/duty?from=${from}&to=${to}`, { token });
}

export function putRoster(token: string, day: string, people: { staffId: string; role: DutyRole }[]): Promise<Ack<DutyDay>> {
	return call('PUT', `/api/console/duty/${id(day)}`, { token, body: { people } });
}

export function writeDutyLog(token: string, kind: DutyLogKind, content: string): Promise<Ack<DutyLogEntry>> {
	return call('POST', '/api/console/duty/log', { token, body: { kind, content } });
}

// Station agent keys ----------------------------------------------------------------------

/** One station's agent key in clear: the server writes the reveal to the audit log. */
export function revealStationKey(token: string, stationId: string): Promise<Ack<StationKeyReveal>> {
	return call('POST', `/api/console/stations/${id(stationId)}/reveal-key`, { token, body: {} });
}

// Complaints handed to the signed-in staff member -------------------------------------------

/** The full contact of a complaint, for its assignee or the director: access-logged. */
export function complaintContact(token: string, complaintId: string): Promise<Ack<ComplaintContact>> {
	return call('POST', `/api/complaints/${id(complaintId)}/contact`, { token, body: {} });
}

