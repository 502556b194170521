// Live revocation: when a session ends or its person changes (logout, expiry, a new or reset
// password, a new role, a disabled account), the sockets opened with it are disconnected at
// once. They reconnect on their own and authenticate again: with the new role, or as nobody.

import type { Revocation } from '../auth.ts';

interface RevocableSocket {
	data: { staff: { id: string } | null; session?: string | null };
	disconnect(close?: boolean): unknown;
}

/** Whether `socket` was opened with a session that `revocation` ends or changes. */
export function isRevoked(socket: RevocableSocket, revocation: Revocation): boolean {
	if (socket.data.staff?.id !== revocation.staffId) return false;
	if (revocation.session !== undefined && socket.data.session !== revocation.session) return false;
	if (revocation.except !== undefined && socket.data.session === revocation.except) return false;
	return true;
}

/** Disconnects every socket `revocation` concerns; answers how many. */
export function disconnectRevoked(sockets: Iterable<RevocableSocket>, revocation: Revocation): number {
	let count = 0;
	for (const socket of sockets) {
		if (!isRevoked(socket, revocation)) continue;
		socket.disconnect(true);
		count++;
	}
	return count;
}
