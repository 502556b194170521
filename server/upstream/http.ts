// GET /api/console/upstream: the director's view of the link to the district hub.
// Kept out of the console router so the door rewrite (issue 10) can take it as one route.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Auth } from '../auth.ts';
import { tokenFrom } from '../http/api.ts';
import type { Upstream } from './upstream.ts';

export const UPSTREAM_STATUS_PATH = '/api/console/upstream';

function send(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
	res.end(JSON.stringify(body));
}

export function serveUpstreamStatus(upstream: Upstream, auth: Auth, req: IncomingMessage, res: ServerResponse): void {
	if (req.method !== 'GET') return send(res, 404, { error: { code: 'not_found', message: '没有这个接口' } });
	const staff = auth.authenticate(tokenFrom(req));
	if (!staff) return send(res, 401, { error: { code: 'unauthorized', message: '请先登录' } });
	if (staff.role !== 'director' && staff.role !== 'admin') {
		return send(res, 403, { error: { code: 'forbidden', message: '只有服务中心主任可以进行此操作' } });
	}
	send(res, 200, upstream.status());
}
