// Connections one address may hold open at once, counted on the TCP socket before any HTTP is
// read. A refused login is answered after a pause (server/auth.ts), so a script could try to
// hold thousands of those pauses open; a hall's PCs, screens and phones each need a handful.
// A trusted reverse proxy carries everyone's connections and is not counted.

import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { normalizeAddress } from './proxy.ts';

/** Enough for a browser with many tabs and its sockets; far below what exhausts the server. */
export const DEFAULT_TCP_CONNECTIONS_PER_ADDRESS = 256;

export function capConnectionsPerAddress(server: Server, max: number, trusted: ReadonlySet<string>, logger: Logger): () => void {
	const open = new Map<string, number>();
	let refusedSinceLog = 0;
	const onConnection = (socket: Socket) => {
		const address = normalizeAddress(socket.remoteAddress ?? '');
		if (trusted.has(address)) return;
		const count = open.get(address) ?? 0;
		if (count >= max) {
			// One warning per burst, not one line per refused connection: the log is not a second target.
			if (refusedSinceLog++ === 0) logger.warn({ address, open: count }, 'connection refused: too many from one address');
			socket.destroy();
			return;
		}
		refusedSinceLog = 0;
		open.set(address, count + 1);
		socket.once('close', () => {
			const left = (open.get(address) ?? 1) - 1;
			if (left <= 0) open.delete(address);
			else open.set(address, left);
		});
	};
	server.on('connection', onConnection);
	return () => server.off('connection', onConnection);
}
