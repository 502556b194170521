// The hall's JSON API (same origin). Every call resolves to `{ data } | { error }`,
// like a socket ack, so screens handle one shape; a network failure becomes an error too.
import type {
	Ack,
	ApiError,
	CaseInput,
	CaseRecord,
	ComplaintInput,
	ComplaintReceipt,
	KioskSnapshot,
	NoticePublic,
	NotifyVia,
	ObjectionInput,
	ObjectionReceipt,
	ReferenceLookup,
	ServiceInfo,
	SessionInfo,
	TicketPublic,
	WindowInfo
} from '../protocol.ts';

/** Exported for the console's own API module (console-api.ts), which has many more routes. */
export interface CallOptions {
	token?: string | null;
	body?: unknown;
	/** Extra request headers (e.g. If-Match). */
	headers?: Record<string, string>;
	/** Sees the response before its body is read (e.g. for its ETag). */
	seen?: (response: Response) => void;
}

export async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<Ack<T>> {
	const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
	if (options.body !== undefined) headers['content-type'] = 'application/json';
	if (options.token) headers.authorization = `Bearer ${options.token}`;
	let response: Response;
	try {
		response = await fetch(path, {
			method,
			headers,
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
			credentials: 'same-origin'
		});
	} catch {
		return { error: { code: 'internal', message: '网络连接已断开，请稍后再试' } };
	}
	options.seen?.(response);
	let payload: unknown = null;
	if (response.status !== 204) {
		try {
			payload = await response.json();
		} catch {
			payload = null;
		}
	}
	if (!response.ok) {
		const error = (payload as { error?: ApiError } | null)?.error;
		return { error: error ?? { code: response.status === 401 ? 'unauthorized' : 'internal', message: `服务器错误（${response.status}）` } };
	}
	return { data: payload as T };
}

export function login(username: string, password: string): Promise<Ack<SessionInfo>> {
	return call<SessionInfo>('POST', '/api/session', { body: { username, password } });
}

/** One's own new password; the session stays, the person's other sessions end. */
export function changePassword(token: string, currentPassword: string, newPassword: string): Promise<Ack<{ staff: SessionInfo['staff'] }>> {
	return call('POST', '/api/session/password', { token, body: { currentPassword, newPassword } });
}

export function logout(token: string | null): Promise<Ack<unknown>> {
	return call('DELETE', '/api/session', { token });
}

export function listWindows(token?: string | null): Promise<Ack<WindowInfo[]>> {
	return call<WindowInfo[]>('GET', '/api/windows', { token });
}

export function signInWindow(token: string, windowId: string): Promise<Ack<WindowInfo>> {
	return call<WindowInfo>('POST', `/api/windows/${encodeURIComponent(windowId)}/sign-in`, { token });
}

export function signOutWindow(token: string, windowId: string): Promise<Ack<WindowInfo>> {
	return call<WindowInfo>('POST', `/api/windows/${encodeURIComponent(windowId)}/sign-out`, { token });
}

export function getTicket(ticketId: string): Promise<Ack<TicketPublic>> {
	return call<TicketPublic>('GET', `/api/tickets/${encodeURIComponent(ticketId)}`);
}

// Window terminal: the catalogue and the case register (登记备案) -----------------------

export function listServices(): Promise<Ack<ServiceInfo[]>> {
	return call<ServiceInfo[]>('GET', '/api/services');
}

/** The hall's name and catalogue, as the kiosk has them: the window prints the name on its slips. */
export function getCatalogue(): Promise<Ack<Pick<KioskSnapshot, 'hallName' | 'hallNameEn' | 'services' | 'complaintPhone'>>> {
	return call('GET', '/api/kiosk');
}

/** The case list's filters, as `GET /api/cases` takes them. */
export interface CaseFilter {
	status?: 'open' | 'due_soon' | 'overdue' | 'done' | 'all';
	/** Ticket number, reference or the person's name. */
	q?: string;
	/** Accepted on this local date (YYYY-MM-DD). */
	date?: string;
}

export function listCases(token: string, filter: CaseFilter = {}): Promise<Ack<CaseRecord[]>> {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
	const query = params.toString();
	return call<CaseRecord[]>('GET', `/api/cases${query ? `?${query}` : ''}`, { token });
}

export function getCase(token: string, caseId: string): Promise<Ack<CaseRecord>> {
	return call<CaseRecord>('GET', `/api/cases/${encodeURIComponent(caseId)}`, { token });
}

/** `windowId`: the window the case was taken at (none for a phone inquiry taken off the counter). */
export function openCase(token: string, input: CaseInput & { windowId?: string }): Promise<Ack<CaseRecord>> {
	return call<CaseRecord>('POST', '/api/cases', { token, body: input });
}

export function recordCaseResult(token: string, caseId: string, result: string): Promise<Ack<CaseRecord>> {
	return call<CaseRecord>('POST', `/api/cases/${encodeURIComponent(caseId)}/result`, { token, body: { result } });
}

export function recordCaseNotification(token: string, caseId: string, via: NotifyVia, at?: number): Promise<Ack<CaseRecord>> {
	return call<CaseRecord>('POST', `/api/cases/${encodeURIComponent(caseId)}/notification`, {
		token,
		body: at === undefined ? { via } : { via, at }
	});
}

/** Records the 一次性告知单 handed over for this case, with the materials it lists as missing. */
export function recordNoticeSlip(token: string, caseId: string, missingMaterials: string[]): Promise<Ack<CaseRecord>> {
	return call<CaseRecord>('POST', `/api/cases/${encodeURIComponent(caseId)}/notice-slip`, { token, body: { missingMaterials } });
}

// Kiosk: public notices (公示), objections and complaints ---------------------------------

export function listNotices(): Promise<Ack<NoticePublic[]>> {
	return call<NoticePublic[]>('GET', '/api/notices');
}

export function getNotice(noticeId: string): Promise<Ack<NoticePublic>> {
	return call<NoticePublic>('GET', `/api/notices/${encodeURIComponent(noticeId)}`);
}

export function raiseObjection(noticeId: string, input: ObjectionInput): Promise<Ack<ObjectionReceipt>> {
	return call<ObjectionReceipt>('POST', `/api/notices/${encodeURIComponent(noticeId)}/objections`, { body: input });
}

export function fileComplaint(input: ComplaintInput): Promise<Ack<ComplaintReceipt>> {
	return call<ComplaintReceipt>('POST', '/api/complaints', { body: input });
}

/** A complaint's or an objection's reference (回执编号): where it stands, and the hall's answer. */
export function lookupReference(reference: string): Promise<Ack<ReferenceLookup>> {
	return call('GET', `/api/references/${encodeURIComponent(reference.trim())}`);
}
