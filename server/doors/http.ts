// The HTTP door: the JSON API under /api, generated from the command table. A route is a
// path pattern of the table; the door only turns a request into the command's input (path
// parameters, the JSON body or the query, mapped headers), runs it through the one
// executor, and turns the result into a status and a body.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from '../../src/lib/protocol.ts';
import type { Auth } from '../auth.ts';
import { execute, type AnyCommand, type Caller, type Services } from '../commands/index.ts';
import type { FileAnswer, HttpMethod } from '../commands/table.ts';
import { SerializedJson } from '../commands/serialized.ts';
import { statusOf } from '../errors.ts';
import { originFrom } from '../printing/origin.ts';
import { clientAddress } from '../http/proxy.ts';
import { originAllowed } from './origin-check.ts';

export const MAX_BODY_BYTES = 64 * 1024;

class DoorError extends Error {
	constructor(readonly error: ApiError) {
		super(error.message);
	}
}

interface Route {
	spec: AnyCommand;
	/** Literal segments, or `:name` for a parameter. */
	segments: string[];
	literals: number;
}

/** The routes by method and segment count; within a bucket, the most literal pattern wins. */
export class Router {
	readonly #routes = new Map<string, Route[]>();

	constructor(table: readonly AnyCommand[]) {
		for (const spec of table) {
			if (!spec.http) continue;
			const segments = spec.http.path.split('/').filter(Boolean);
			const key = `${spec.http.method} ${segments.length}`;
			const bucket = this.#routes.get(key) ?? [];
			const route = { spec, segments, literals: segments.filter((s) => !s.startsWith(':')).length };
			for (const other of bucket) {
				if (other.segments.every((s, i) => s === route.segments[i])) throw new Error(`two commands on ${key}: ${spec.http.path}`);
			}
			bucket.push(route);
			bucket.sort((a, b) => b.literals - a.literals);
			this.#routes.set(key, bucket);
		}
	}

	match(method: string, segments: string[]): { spec: AnyCommand; params: Record<string, string> } | null {
		const bucket = this.#routes.get(`${method} ${segments.length}`);
		if (!bucket) return null;
		for (const route of bucket) {
			const params: Record<string, string> = {};
			let matched = true;
			for (let i = 0; i < segments.length; i++) {
				const pattern = route.segments[i];
				if (pattern.startsWith(':')) params[pattern.slice(1)] = segments[i];
				else if (pattern !== segments[i]) {
					matched = false;
					break;
				}
			}
			if (matched) return { spec: route.spec, params };
		}
		return null;
	}
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
	// An answer serialized where it was computed (a report, in the history worker) goes out as it is.
	const payload = body === undefined ? '' : body instanceof SerializedJson ? body.buffer : JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'cache-control': 'no-store',
		'content-length': Buffer.byteLength(payload),
		...headers
	});
	res.end(payload);
}

function sendFile(res: ServerResponse, status: number, answer: FileAnswer, headers: Record<string, string>): void {
	res.writeHead(status, {
		'content-type': answer.contentType,
		'content-length': answer.file.length,
		'content-disposition': `attachment; filename="${answer.fileName}"`,
		'cache-control': 'no-store',
		...headers
	});
	res.end(answer.file);
}

function sendError(res: ServerResponse, error: ApiError): void {
	const headers: Record<string, string> = {};
	if (error.code === 'rate_limited') headers['retry-after'] = String(error.details?.retryAfterSeconds ?? 1);
	if (error.code === 'payload_too_large' || error.code === 'media_too_large') headers.connection = 'close';
	send(res, statusOf(error.code), { error }, headers);
}

/** The body as bytes, refused once it passes `limit` (declared or counted). */
async function readBody(req: IncomingMessage, limit: number, tooLarge: ApiError): Promise<Buffer> {
	if (Number(req.headers['content-length'] ?? 0) > limit) {
		req.resume();
		throw new DoorError(tooLarge);
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit) throw new DoorError(tooLarge);
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
	const bytes = await readBody(req, MAX_BODY_BYTES, { code: 'payload_too_large', message: '请求内容过大' });
	const text = bytes.toString('utf8').trim();
	if (text === '') return {};
	try {
		return JSON.parse(text);
	} catch {
		throw new DoorError({ code: 'bad_request', message: '请求内容不是有效的 JSON' });
	}
}

/**
 * Sessions travel only as `Authorization: Bearer`, which the screens keep in their tab: a
 * browser never attaches it to another site's request (no CSRF), and it does not outlive the
 * tab on a shared counter PC the way a cookie does.
 */
export function tokenFrom(req: IncomingMessage): string | null {
	const header = req.headers.authorization;
	return header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
}

function callerOf(req: IncomingMessage, auth: Auth, trustProxy: ReadonlySet<string>): Caller {
	const token = tokenFrom(req);
	const secure = 'encrypted' in req.socket && req.socket.encrypted === true;
	const authorized = token ? auth.authorize(token) : null;
	return {
		door: 'http',
		address: clientAddress(req, trustProxy),
		staff: authorized?.ok ? authorized.value : null,
		authError: authorized && !authorized.ok ? authorized.error : null,
		token,
		connection: null,
		// Only a printed slip needs it: worked out when asked.
		get origin() {
			return originFrom({ host: req.headers.host, secure, localAddress: req.socket.localAddress, localPort: req.socket.localPort });
		}
	};
}

async function inputOf(req: IncomingMessage, spec: AnyCommand, params: Record<string, string>, url: URL): Promise<unknown> {
	const http = spec.http!;
	const from = http.from ?? (http.method === 'GET' || http.method === 'DELETE' ? 'query' : 'json');
	let input: Record<string, unknown>;
	if (from === 'raw') {
		const limit = http.rawLimit ?? { bytes: MAX_BODY_BYTES, error: { code: 'payload_too_large', message: '请求内容过大' } };
		input = { bytes: await readBody(req, limit.bytes, limit.error) };
	} else if (from === 'query') {
		input = Object.fromEntries(url.searchParams);
	} else {
		const body = await readJson(req);
		if (http.bodyField) input = { [http.bodyField]: body };
		else if (typeof body === 'object' && body !== null && !Array.isArray(body)) input = { ...(body as Record<string, unknown>) };
		else throw new DoorError({ code: 'bad_request', message: '请求内容应为 JSON 对象' });
	}
	for (const [header, field] of Object.entries(http.headers ?? {})) {
		const value = req.headers[header];
		if (typeof value === 'string') input[field] = value;
	}
	// Path parameters last: a body cannot name another window than the address does.
	return { ...input, ...params };
}

function pathSegments(pathname: string): string[] {
	return pathname
		.split('/')
		.filter(Boolean)
		.map((segment) => {
			try {
				return decodeURIComponent(segment);
			} catch {
				return '\u0000';
			}
		});
}

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createHttpDoor(table: readonly AnyCommand[], services: Services): ApiHandler {
	const router = new Router(table);
	return async (req, res) => {
		let url: URL;
		try {
			url = new URL(req.url ?? '/', 'http://hall.local');
		} catch {
			return sendError(res, { code: 'bad_request', message: '地址不正确' });
		}
		const method = (req.method ?? 'GET').toUpperCase() as HttpMethod;
		const route = router.match(method, pathSegments(url.pathname));
		if (!route) return sendError(res, { code: 'not_found', message: '没有这个接口' });
		const { spec, params } = route;
		const http = spec.http!;
		if (method !== 'GET' && !originAllowed(req.headers.origin, req.headers.host, services.hall.settings.publicUrl)) {
			req.resume();
			return sendError(res, { code: 'forbidden', message: '拒绝来自其他网站的请求' });
		}
		try {
			const caller = callerOf(req, services.auth, services.trustProxy);
			const result = await execute(spec, await inputOf(req, spec, params, url), caller, services);
			if (!result.ok) return sendError(res, result.error);
			const value = result.value;
			const status = typeof http.status === 'function' ? http.status(value) : (http.status ?? 200);
			const headers = http.answerHeaders ? http.answerHeaders(value, result.input) : {};
			if (http.file) return sendFile(res, status, value as FileAnswer, headers);
			send(res, status, http.answer ? http.answer(value) : value, headers);
		} catch (error) {
			if (error instanceof DoorError) {
				if (!res.headersSent) sendError(res, error.error);
				return;
			}
			services.logger.error({ err: error, url: req.url, method: req.method }, 'api handler failed');
			if (!res.headersSent) sendError(res, { code: 'internal', message: '系统内部错误，请稍后重试' });
		}
	};
}
