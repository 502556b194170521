// The socket door: every command of the table with a socket event, for the screens and the
// station agents alike. Whatever arrives, the client gets an ack of `{ data } | { error }`.
// The session token given at the handshake is checked again on every command, so a logout,
// a password reset or a disabled account stops a socket at once, not at its next connect.

import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/protocol.ts';
import { execute, type AnyCommand, type Caller, type Connection, type Services } from '../commands/index.ts';
import { sessionKey, type AuthedStaff } from '../auth.ts';
import { disconnectRevoked } from '../realtime/revocation.ts';
import { originFrom } from '../printing/origin.ts';
import { rooms } from '../realtime/rooms.ts';
import { forwardedClient } from '../http/proxy.ts';
import { plainAnswer } from '../commands/serialized.ts';

export interface SocketData {
	staff: AuthedStaff | null;
	token: string | null;
	/** The sessionKey the socket authenticated with, so ending that session disconnects it. */
	session: string | null;
	/** The client's address, through a trusted reverse proxy as HTTP works it out. */
	address: string;
}

export type HallIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type HallSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

function connectionOf(socket: HallSocket): Connection {
	const raw = socket as unknown as {
		emit(event: string, ...args: unknown[]): boolean;
	};
	return {
		id: socket.id,
		agent: null,
		emit(event, payload, ack) {
			if (ack) raw.emit(event, payload, ack);
			else raw.emit(event, payload);
		},
		disconnect() {
			socket.disconnect(true);
		},
		onClose(listener) {
			socket.once('disconnect', listener);
		},
		presenceSocket: socket
	};
}

/**
 * Sockets one address may hold at once. Every screen, agent and phone is its own device on the
 * hall's LAN; a few dozen from one address is a browser with many tabs, hundreds is someone
 * exhausting the server. Off (null) for load benchmarks, as the rate limits are.
 */
export const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 64;

export function attachSocketDoor(io: HallIo, table: readonly AnyCommand[], services: Services, maxPerAddress: number | null = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS): void {
	const { auth, logger } = services;
	const bound = table.filter((spec) => spec.socket);
	const perAddress = new Map<string, number>();

	io.use((socket, next) => {
		// Behind a proxy every socket arrives from the proxy: the cap and the limits count clients.
		const address = forwardedClient(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], services.trustProxy);
		socket.data.address = address;
		if (maxPerAddress === null) return next();
		const count = perAddress.get(address) ?? 0;
		if (count >= maxPerAddress) {
			logger.warn({ address, count }, 'socket refused: too many connections from one address');
			return next(new Error('too many connections from this address'));
		}
		perAddress.set(address, count + 1);
		socket.once('disconnect', () => {
			const left = (perAddress.get(address) ?? 1) - 1;
			if (left <= 0) perAddress.delete(address);
			else perAddress.set(address, left);
		});
		next();
	});

	io.use((socket, next) => {
		const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : null;
		const authorized = token ? auth.authorize(token) : null;
		socket.data.token = token;
		socket.data.staff = authorized?.ok ? authorized.value : null;
		socket.data.session = token && authorized?.ok ? sessionKey(token) : null;
		next();
	});

	// A logout, a new password, a role change, a disabled account or an expired session ends
	// that person's sockets at once; they reconnect and authenticate again, or as nobody.
	auth.onRevoked((revocation) => disconnectRevoked(io.of('/').sockets.values(), revocation));

	io.on('connection', (socket: HallSocket) => {
		if (socket.data.staff) socket.join(rooms.staff);
		const connection = connectionOf(socket);
		// The server's side of the connection, kept by app.ts when it trims the upgrade request.
		const arrived = (socket.request as unknown as { local?: { localAddress?: string; localPort?: number } }).local ?? {};
		const membership = {
			join: (names: string[]) => socket.join(names),
			leaveWhere: (predicate: (room: string) => boolean) => {
				for (const room of [...socket.rooms]) if (room !== socket.id && predicate(room)) socket.leave(room);
			},
			list: () => [...socket.rooms].filter((room) => room !== socket.id)
		};

		const callerNow = (): Caller => {
			// Checked per command: a session that ended since the handshake counts for nothing.
			const authorized = socket.data.token ? auth.authorize(socket.data.token) : null;
			const staff = authorized?.ok ? authorized.value : null;
			if (!staff && socket.data.staff) {
				socket.data.staff = null;
				socket.leave(rooms.staff);
			}
			return {
				door: 'socket',
				address: socket.data.address,
				staff,
				authError: authorized && !authorized.ok ? authorized.error : null,
				token: socket.data.token,
				connection,
				// Only a printed slip needs it: worked out when asked.
				get origin() {
					return originFrom({
						host: socket.handshake.headers.host,
						secure: socket.handshake.secure,
						localAddress: arrived.localAddress,
						localPort: arrived.localPort
					});
				}
			};
		};

		for (const spec of bound) {
			const binding = spec.socket!;
			// The typed `on` cannot express "any of these events with an unknown payload": untyped on purpose.
			(socket as unknown as { on(e: string, fn: (...args: unknown[]) => void): void }).on(binding.event, (...args: unknown[]) => {
				const ack = args[args.length - 1];
				if (typeof ack !== 'function') return;
				const input = args.length > 1 ? args[0] : undefined;
				const caller = callerNow();
				void execute(spec, input, caller, services).then((result) => {
					if (!result.ok) return ack({ error: result.error });
					try {
						binding.after?.({ input: result.input, value: result.value, caller, connection, services, rooms: membership });
						ack({ data: plainAnswer(binding.answer ? binding.answer(result.value) : result.value) });
					} catch (error) {
						logger.error({ err: error, event: binding.event }, 'socket handler failed');
						ack({ error: { code: 'internal', message: '系统内部错误，请稍后重试' } });
					}
				});
			});
		}
	});
}

