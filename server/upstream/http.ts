// GET /api/console/upstream: the director's view of the link to the district hub.
// Kept out of the console router so the door rewrite (issue 10) can take it as one route:
// the caller's staff comes from a function the wiring passes in, the token only as Bearer.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StaffRole } from '../../src/lib/protocol.ts';
import type { Upstream } from './upstream.ts';

export const UPSTREAM_STATUS_PATH = '/api/console/upstream';

/** Who a session token belongs to, or null. */
export type StaffOfToken = (token: string | null) => { role: StaffRole } | null;

function send(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
	res.end(JSON.stringify(body));
}

function bearer(req: IncomingMessage): string | null {
	const header = req.headers.authorization;
	return header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
}

export function serveUpstreamStatus(upstream: Upstream, staffOf: StaffOfToken, req: IncomingMessage, res: ServerResponse): void {
	if (req.method !== 'GET') return send(res, 404, { error: { code: 'not_found', message: '没有这个接口' } });
	const staff = staffOf(bearer(req));
	if (!staff) return send(res, 401, { error: { code: 'unauthorized', message: '请先登录' } });
	if (staff.role !== 'director' && staff.role !== 'admin') {
		return send(res, 403, { error: { code: 'forbidden', message: '只有服务中心主任可以进行此操作' } });
	}
	send(res, 200, upstream.status());
}
