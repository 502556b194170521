// The hall's JSON API (same origin). Every call resolves to `{ data } | { error }`,
// like a socket ack, so screens handle one shape; a network failure becomes an error too.
import type { Ack, ApiError, SessionInfo, TicketPublic, WindowInfo } from '../protocol.ts';

async function call<T>(method: string, path: string, options: { token?: string | null; body?: unknown } = {}): Promise<Ack<T>> {
	const headers: Record<string, string> = { accept: 'application/json' };
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
