// The authorization matrix (authorization.test.ts) tries each role against actions written out
// by hand; this one reads the command table itself, so a command added later cannot slip in
// unprotected: every command that is not for anyone refuses a caller with no session, and every
// director's command refuses staff, on every door it has.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandTable } from '../../server/commands/index.ts';
import { ask, startTestHall, type HallSocket, type TestHall } from '../support/test-hall.ts';

let hall: TestHall;
let staffToken: string;
let anonymous: HallSocket;
let staffSocket: HallSocket;

beforeAll(async () => {
	hall = await startTestHall();
	staffToken = await hall.login('staff1');
	anonymous = await hall.socket();
	staffSocket = await hall.socket(staffToken);
});

afterAll(async () => {
	await hall.close();
});

/** The route with its `:params` filled; authorization comes before validation, so any value does. */
const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, 'x1');

const protectedCommands = commandTable.filter((spec) => spec.who !== 'anyone');
const directorCommands = commandTable.filter((spec) => spec.who === 'director');

describe('every protected command in the table', () => {
	it('is more than a handful (the table was read)', () => {
		expect(protectedCommands.length).toBeGreaterThan(40);
		expect(directorCommands.length).toBeGreaterThan(15);
	});

	it('refuses an HTTP caller with no session', async () => {
		const letIn: string[] = [];
		for (const spec of protectedCommands.filter((s) => s.http)) {
			const { method, path } = spec.http!;
			const res = await hall.api(concrete(path), { method, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
			if (res.status !== 401) letIn.push(`${spec.name} ${method} ${path} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 80)}`);
		}
		expect(letIn).toEqual([]);
	});

	it('refuses a socket with no session', async () => {
		const letIn: string[] = [];
		for (const spec of protectedCommands.filter((s) => s.socket)) {
			const ack = await ask(anonymous, spec.socket!.event, {});
			if (ack?.error?.code !== 'unauthorized') letIn.push(`${spec.name} ${spec.socket!.event} → ${JSON.stringify(ack)?.slice(0, 80)}`);
		}
		expect(letIn).toEqual([]);
	});

	it('refuses staff the director’s commands, on HTTP and the socket', async () => {
		const letIn: string[] = [];
		for (const spec of directorCommands) {
			if (spec.http) {
				const { method, path } = spec.http;
				const res = await hall.api(concrete(path), { method, token: staffToken, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
				if (res.status !== 403) letIn.push(`${spec.name} ${method} ${path} → ${res.status}`);
			}
			if (spec.socket) {
				const ack = await ask(staffSocket, spec.socket.event, {});
				if (ack?.error?.code !== 'forbidden') letIn.push(`${spec.name} ${spec.socket.event} → ${JSON.stringify(ack)?.slice(0, 80)}`);
			}
		}
		expect(letIn).toEqual([]);
	});
});
