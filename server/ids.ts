import { randomBytes } from 'node:crypto';

/** Ticket ids are 12 base64url characters: unguessable, so a status page URL is its own key. */
export function newTicketId(): string {
	return randomBytes(9).toString('base64url');
}
