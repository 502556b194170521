// One command table for every door. A command is declared once — its name, its input
// schema, who may run it, its rate-limit key, its handler, and how its answer maps onto
// each door — and the HTTP routes, the socket events and the station agents' messages are
// generated from it (server/doors/). So a command validates, authorizes, limits, logs and
// answers the same way whichever door it came through.

import type { z } from 'zod';
import type { ApiError } from '../../src/lib/protocol.ts';
import type { Result } from '../errors.ts';
import type { AgentLink } from '../printing/print-service.ts';
import type { Logger } from 'pino';
import type { Auth, AuthedStaff, Clock } from '../auth.ts';
import type { Appointments } from '../appointments/wiring.ts';
import type { Upstream } from '../upstream/upstream.ts';
import type { CalendarService } from '../calendar/service.ts';
import type { Cases } from '../cases.ts';
import type { Duty } from '../duty.ts';
import type { Hall } from '../hall.ts';
import type { HandwritingRecognizer } from '../handwriting/recognizer.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import type { Media } from '../media.ts';
import type { PrintService } from '../printing/print-service.ts';
import type { StationPresence } from '../realtime/presence.ts';
import type { Records } from '../records.ts';
import type { Reports } from '../reports.ts';

/** Who may run a command. Staff at a window are checked by the core (`not_your_window`). */
export type Access = 'anyone' | 'staff' | 'director' | 'kiosk-agent' | 'window-agent';

/** The rate-limit buckets; their sizes are set where the hall is wired (server/app.ts). */
export type LimitBucket = 'issue' | 'write' | 'notify' | 'scan' | 'agent-hello' | 'handwriting' | 'lookup';

/** A station agent proven by its key on this connection (set by the hello commands). */
export type AgentIdentity =
	| { kind: 'kiosk'; station: string; link: AgentLink }
	| { kind: 'window'; station: string; windowId: string };

/**
 * One live socket connection, as the handlers may use it: agents register on it, and
 * their print jobs go back over it. Doors without connections (HTTP) pass null.
 */
export interface Connection {
	readonly id: string;
	agent: AgentIdentity | null;
	/** Sends an event to this connection; `ack` receives the peer's answer. */
	emit(event: string, payload: unknown, ack?: (answer: unknown) => void): void;
	disconnect(): void;
	/** Runs once when the connection ends. */
	onClose(listener: () => void): void;
	/** For presence: the connection as a socket that tells when it goes. */
	readonly presenceSocket: { id: string; once(event: 'disconnect', listener: () => void): unknown };
}

export interface Caller {
	door: 'http' | 'socket';
	/** The peer's address, for rate limits and logs. */
	address: string;
	staff: AuthedStaff | null;
	/** The session token the caller presented (logout ends it). */
	token: string | null;
	/** Why a presented token is no session for staff commands (`password_change_required`), if it is not. */
	authError: ApiError | null;
	connection: Connection | null;
	/** `http(s)://host` the caller reached the hall at (ticket QR codes when no publicUrl is set). */
	origin: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A file to download instead of JSON (Excel exports). */
export interface FileAnswer {
	file: Buffer;
	contentType: string;
	fileName: string;
}

export interface HttpBinding<I, T> {
	method: HttpMethod;
	/** `/api/windows/:windowId/call-next`: `:name` segments become input fields. */
	path: string;
	/** Where the rest of the input comes from: the JSON body (default for writes), the query (reads) or the raw body bytes. */
	from?: 'json' | 'query' | 'raw';
	/** The JSON body goes into this one input field instead of being spread (a whole hall file). */
	bodyField?: string;
	/** Request headers copied into input fields (`{ 'idempotency-key': 'idempotencyKey' }`); a header wins over the body. */
	headers?: Record<string, string>;
	/** Largest raw body accepted, with the error when it is larger (from: 'raw'). */
	rawLimit?: { bytes: number; error: ApiError };
	status?: number | ((value: T) => number);
	/** The body of the answer; the value itself when absent. */
	answer?: (value: T) => unknown;
	/** Extra answer headers (ETag, Set-Cookie). */
	answerHeaders?: (value: T, input: I) => Record<string, string>;
	/** The answer is a file (FileAnswer), not JSON. */
	file?: true;
}

export interface SocketContext<I, T> {
	input: I;
	value: T;
	caller: Caller;
	connection: Connection;
	services: Services;
	/** Room membership of this connection. */
	rooms: { join(rooms: string[]): void; leaveWhere(predicate: (room: string) => boolean): void; list(): string[] };
}

export interface SocketBinding<I, T> {
	event: string;
	/** The ack's data; the value itself when absent. */
	answer?: (value: T) => unknown;
	/** After a success, before the ack: join rooms, mark presence. */
	after?: (context: SocketContext<I, T>) => void;
}

export interface CommandSpec<S extends z.ZodType = z.ZodType, T = unknown> {
	name: string;
	input: S;
	who: Access;
	/** Writes are logged at info, reads at debug: phones read often. */
	kind: 'write' | 'read';
	limit?: { bucket: LimitBucket; key: (input: z.infer<S>, caller: Caller) => string; message?: string };
	run(input: z.infer<S>, caller: Caller, services: Services): Result<T> | Promise<Result<T>>;
	http?: HttpBinding<z.infer<S>, T>;
	socket?: SocketBinding<z.infer<S>, T>;
	/** Fields of the answer worth a log line (ticket number). */
	logFields?: (value: T) => Record<string, unknown>;
}

/** Declares a command; the identity function keeps the schema's type flowing into the handler. */
export function command<S extends z.ZodType, T>(spec: CommandSpec<S, T>): CommandSpec<S, T> {
	return spec;
}

/** The erased form the doors iterate over. */
export type AnyCommand = CommandSpec<z.ZodType, unknown>;

/** What a command handler may use: the hall's services, built once by createHallApp. */
export interface Services {
	hall: Hall;
	auth: Auth;
	records: Records;
	cases: Cases;
	/** The holiday calendar: coverage, the State Council notice pasted in (server/calendar). */
	calendar: CalendarService;
	reports: Reports;
	/** The link to the district hub (server/upstream): idle when the hall file names none. */
	upstream: Upstream;
	/** 预约, 线上取号 and their notifications (server/appointments). */
	appointments: Appointments;
	duty: Duty;
	prints: PrintService;
	presence: StationPresence;
	media: Media;
	clock: Clock;
	logger: Logger;
	limits: Record<LimitBucket, RateLimiter>;
	/** The window-station agent connected for each station (one at a time). */
	windowAgents: Map<string, Connection>;
	/** TRUST_PROXY: reverse proxies whose X-Forwarded-For / -Proto are believed. */
	trustProxy: ReadonlySet<string>;
	/** 手写: the kiosk pad's recognizer (server/handwriting; zinnia in a hall). */
	handwriting: HandwritingRecognizer;
}
