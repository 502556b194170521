// Issue 11, the parts behind the doors: one-time passwords, live revocation of sockets,
// logins that one address cannot use against another, and the admin command.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createConnection, type Socket } from 'node:net';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { DEFAULT_MAX_CONNECTIONS_PER_ADDRESS } from '../../server/doors/socket.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Auth, SESSION_MS, type Revocation } from '../../server/auth.ts';
import { Store } from '../../server/store/store.ts';
import { hashPassword } from '../../server/auth.ts';
import { ask, demoHallFile, startTestHall, type HallSocket, type TestHall } from '../support/test-hall.ts';

let hall: TestHall | null = null;
afterEach(async () => {
	await hall?.close();
	hall = null;
});

/** Resolves once the server has disconnected `socket` (a socket left connected fails the test by never resolving). */
function disconnected(socket: HallSocket): Promise<string> {
	if (!socket.connected) return Promise.resolve('already');
	return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

/** POST JSON from a chosen loopback address (127.0.0.0/8 is all ours), as another PC on the LAN would. */
function postFrom(localAddress: string, url: string, body: unknown): Promise<{ status: number; body: any }> {
	return new Promise((resolve, reject) => {
		const payload = JSON.stringify(body);
		const req = request(url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
			let text = '';
			res.on('data', (chunk) => (text += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
		});
		req.on('error', reject);
		req.end(payload);
	});
}

describe('live revocation', () => {
	it('disconnects the sockets of a session at logout, and only those', async () => {
		hall = await startTestHall();
		const token = await hall.login('staff1');
		const other = await hall.login('staff1');
		const socket = await hall.socket(token);
		const kept = await hall.socket(other);
		expect((await ask(socket, 'ticket:call-next', { windowId: '1' })).error.code).not.toBe('unauthorized');
		const gone = disconnected(socket);
		expect((await hall.api('/api/session', { method: 'DELETE', token })).status).toBe(200);
		expect(await gone).toBe('io server disconnect');
		expect(kept.connected).toBe(true);
	});

	it('disconnects every socket of a person whose password is reset, role changed or account disabled', async () => {
		hall = await startTestHall();
		const director = await hall.login('director');
		for (const change of [
			() => hall!.api('/api/staff/s2/reset-password', { token: director, body: { password: 'reset-pass-1' } }),
			() => hall!.api('/api/console/staff/s3', { method: 'PATCH', token: director, body: { role: 'director' } }),
			() => hall!.api('/api/console/staff/s4', { method: 'PATCH', token: director, body: { disabled: true } })
		]) {
			const username = ['staff2', 'staff3', 'staff4'][hall.sockets.length / 2];
			const first = await hall.socket(await hall.login(username));
			const second = await hall.socket(await hall.login(username));
			const both = Promise.all([disconnected(first), disconnected(second)]);
			expect((await change()).status).toBe(200);
			expect(await both).toEqual(['io server disconnect', 'io server disconnect']);
		}
	});

	it('disconnects a socket whose session expired, and does not let it back in', async () => {
		hall = await startTestHall();
		const token = await hall.login('staff1');
		const socket = await hall.socket(token);
		const gone = disconnected(socket);
		hall.clock.advance(SESSION_MS);
		hall.app.auth.sweepExpired();
		await gone;
		const again = await hall.socket(token);
		expect((await ask(again, 'ticket:call-next', { windowId: '1' })).error.code).toBe('unauthorized');
	});
});

describe('one-time passwords over HTTP', () => {
	it('refuses every other staff command until the password is changed, then carries on with the same session', async () => {
		hall = await startTestHall();
		const director = await hall.login('director');
		const created = await hall.api('/api/console/staff', {
			token: director,
			body: { username: 'newbie', name: '孙新', staffNo: 'DQ010', role: 'staff', password: 'welcome-123' }
		});
		expect(created.status).toBe(201);
		const login = await hall.api('/api/session', { body: { username: 'newbie', password: 'welcome-123' } });
		expect(login.status).toBe(200);
		expect(login.body.mustChangePassword).toBe(true);
		const token = login.body.token as string;

		for (const [path, init] of [
			['/api/windows/1/sign-in', { method: 'POST' }],
			['/api/cases', {}],
			['/api/duty/today', {}],
			['/api/printers', {}]
		] as const) {
			const refused = await hall.api(path, { ...init, token });
			expect(refused.status, path).toBe(403);
			expect(refused.body.error.code, path).toBe('password_change_required');
		}
		const socket = await hall.socket(token);
		// The command table answers the same on the socket as on HTTP.
		expect((await ask(socket, 'ticket:call-next', { windowId: '1' })).error.code).toBe('password_change_required');
		expect((await hall.api('/api/session', { token })).body).toMatchObject({ mustChangePassword: true, staff: { username: 'newbie' } });

		const short = await hall.api('/api/session/password', { token, body: { currentPassword: 'welcome-123', newPassword: 'short' } });
		expect(short.status).toBe(400);
		const wrong = await hall.api('/api/session/password', { token, body: { currentPassword: 'not-it-at-all', newPassword: 'my-own-secret-9' } });
		expect(wrong.status).toBe(400);
		expect(wrong.body.error.message).toBe('当前密码不正确');
		const changed = await hall.api('/api/session/password', { token, body: { currentPassword: 'welcome-123', newPassword: 'my-own-secret-9' } });
		expect(changed.status).toBe(200);
		expect((await hall.api('/api/windows/1/sign-in', { method: 'POST', token })).status).toBe(200);
		expect((await hall.api('/api/session/password', { body: { currentPassword: 'x', newPassword: 'my-own-secret-9' } })).status).toBe(401);

		const audit = (await hall.api('/api/console/audit', { token: director })).body as { action: string }[];
		expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['password:change', 'password:change-failed']));
	});
});

describe('the demo password in a real hall', () => {
	it('is named on the console overview until every account has its own', async () => {
		const file = demoHallFile();
		file.demoStaff = false;
		hall = await startTestHall({ hallFile: file });
		const now = hall.clock.now();
		hall.store.insertStaff({ id: 'd9', username: 'chief', name: '钱主任', staffNo: 'DQ900', role: 'director', passwordHash: hashPassword('chief-secret-1') }, now);
		hall.store.insertStaff({ id: 's9', username: 'copied', name: '抄来的', staffNo: 'DQ901', role: 'staff', passwordHash: hashPassword('demo1234') }, now);
		const chief = await hall.login('chief', 'chief-secret-1');
		expect((await hall.api('/api/console/live', { token: chief })).body.demoPasswordAccounts).toEqual(['copied']);
		await hall.api('/api/staff/s9/reset-password', { token: chief, body: { password: 'fresh-pass-77' } });
		expect((await hall.api('/api/console/live', { token: chief })).body.demoPasswordAccounts).toEqual([]);
	});

	it('is not flagged in the demo hall, where it is the point', async () => {
		hall = await startTestHall();
		const director = await hall.login('director');
		expect((await hall.api('/api/console/live', { token: director })).body.demoPasswordAccounts).toEqual([]);
	});
});

describe('ratings in a real hall', () => {
	it('are taken only from the window\'s own tablet (the window station key) or its evaluator pad', async () => {
		const file = demoHallFile();
		file.demoStaff = false;
		const KEY = 'w3-rating-key-0123456789';
		file.stations = file.stations.map((s) => (s.id === 'W3' ? { ...s, agentKey: KEY } : s));
		hall = await startTestHall({ hallFile: file });
		hall.store.insertStaff({ id: 's7', username: 'worker', name: '孙工', staffNo: 'DQ907', role: 'staff', passwordHash: hashPassword('worker-secret-1') }, hall.clock.now());
		const token = await hall.login('worker', 'worker-secret-1');
		await hall.api('/api/tickets', { body: { serviceId: 'letters-visits' } });
		for (const verb of ['sign-in', 'call-next', 'start']) expect((await hall.api(`/api/windows/3/${verb}`, { method: 'POST', token })).status).toBe(200);
		expect((await hall.api('/api/windows/3/finish', { body: { outcome: 'done' }, token })).status).toBe(200);
		// Anyone on the LAN: no key, or a wrong one, opens no 差评 case against the window.
		const anonymous = await hall.api('/api/windows/3/rating', { body: { grade: 1 } });
		expect(anonymous.status).toBe(403);
		const guessed = await hall.api('/api/windows/3/rating', { body: { grade: 1, key: 'not-the-key-000000' } });
		expect(guessed.status).toBe(403);
		const socket = await hall.socket();
		expect((await ask(socket, 'rate:submit', { windowId: '3', grade: 1 })).error.code).toBe('forbidden');
		// The window's own tablet, with the key its launcher gives it.
		const rated = await hall.api('/api/windows/3/rating', { body: { grade: 5, key: KEY } });
		expect(rated.status).toBe(201);
		expect(rated.body).toMatchObject({ grade: 5, followUpCaseReference: null });
	});
});

describe('logins from two addresses', () => {
	it('an attacker guessing at one address neither locks out nor slows down the director at another', async () => {
		hall = await startTestHall({ rateLimit: true });
		const login = `${hall.url}/api/session`;
		const refusals: number[] = [];
		for (let i = 0; i < 12; i++) refusals.push((await postFrom('127.0.0.2', login, { username: 'director', password: `guess-${i}` })).status);
		expect(refusals.slice(0, 3)).toEqual([401, 401, 401]);
		expect(refusals.slice(3)).toContain(429);
		const director = await postFrom('127.0.0.3', login, { username: 'director', password: 'demo1234' });
		expect(director.status).toBe(200);
		const attacker = await postFrom('127.0.0.2', login, { username: 'director', password: 'demo1234' });
		expect(attacker.status).toBe(429);
	});
});

describe('npm run admin', () => {
	const cli = (dataDir: string, ...args: string[]) =>
		spawnSync(process.execPath, ['--import', 'tsx', 'server/admin-cli.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });

	it('creates the first director of an empty hall and resets a password while the server has the database open', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'jiaohao-admin-'));
		try {
			const created = cli(dataDir, 'add-user', '--role', 'director', '--username', 'zhang', '--name', '张主任', '--staff-no', 'DQ100');
			expect(created.status, created.stderr).toBe(0);
			const lines = created.stdout.trim().split('\n');
			const password = /^password: (\S+)$/.exec(lines.at(-1)!)?.[1];
			expect(password).toMatch(/^\S{12,}$/);
			expect(statSync(join(dataDir, 'hall.db')).mode & 0o777).toBe(0o600);

			// The "server": a store and auth on the same file, as main.ts has them.
			const store = new Store(join(dataDir, 'hall.db'));
			const now = Date.now();
			const auth = new Auth(store, { now: () => now });
			const revoked: Revocation[] = [];
			auth.onRevoked((r) => revoked.push(r));
			try {
				const login = await auth.login('zhang', password!, '10.0.0.5');
				if (!login.ok) throw new Error(login.error.code);
				expect(login.value.mustChangePassword).toBe(true);
				expect(login.value.staff).toMatchObject({ role: 'director', name: '张主任', staffNo: 'DQ100' });
				expect((await auth.changePassword(login.value.token, { currentPassword: password!, newPassword: 'director-own-1' }, '10.0.0.5')).ok).toBe(true);
				expect(auth.authorize(login.value.token).ok).toBe(true);

				const reset = cli(dataDir, 'reset-password', '--username', 'zhang');
				expect(reset.status, reset.stderr).toBe(0);
				const again = /^password: (\S+)$/.exec(reset.stdout.trim().split('\n').at(-1)!)?.[1];
				expect(again).toBeTruthy();
				expect(again).not.toBe(password);
				const before = revoked.length;
				auth.sweepExpired();
				expect(revoked.slice(before)).toEqual([{ reason: 'ended', staffId: login.value.staff.id, session: expect.any(String) }]);
				expect(auth.authenticate(login.value.token)).toBeNull();
				expect(await auth.login('zhang', again!, '10.0.0.5')).toMatchObject({ ok: true, value: { mustChangePassword: true } });

				const audit = store.db.prepare(`SELECT staff_id, action FROM audit_log WHERE action LIKE 'cli:%' ORDER BY seq`).all() as { staff_id: string; action: string }[];
				expect(audit.map((a) => a.action)).toEqual(['cli:add-user', 'cli:reset-password']);
				expect(audit.every((a) => a.staff_id.startsWith('cli'))).toBe(true);
			} finally {
				auth.close();
				store.close();
			}

			const duplicate = cli(dataDir, 'add-user', '--role', 'staff', '--username', 'zhang', '--name', '张');
			expect(duplicate.status).toBe(1);
			expect(duplicate.stderr.trim().split('\n')).toHaveLength(1);
			const bad = cli(dataDir, 'add-user', '--role', 'boss', '--username', 'li', '--name', '李');
			expect(bad.status).toBe(2);
			expect(bad.stderr).toContain('--role');
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
		// Four runs of the command, each starting tsx: slow on a busy machine.
	}, 120_000);
});

describe('connections per address', () => {
	/** Opens a socket that says it comes through a proxy for `forwardedFor`; resolves to whether it got in. */
	function socketFor(url: string, forwardedFor: string): Promise<{ ok: boolean; socket: ClientSocket }> {
		const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { 'x-forwarded-for': forwardedFor } });
		return new Promise((resolve) => {
			socket.once('connect', () => resolve({ ok: true, socket }));
			socket.once('connect_error', () => resolve({ ok: false, socket }));
		});
	}

	it('behind a trusted proxy, counts sockets by the forwarded client, not the proxy', async () => {
		hall = await startTestHall({ rateLimit: true, trustProxy: new Set(['127.0.0.1']) });
		const opened: ClientSocket[] = [];
		try {
			for (let i = 0; i < DEFAULT_MAX_CONNECTIONS_PER_ADDRESS; i++) {
				const { ok, socket } = await socketFor(hall.url, '10.1.1.1');
				opened.push(socket);
				expect(ok).toBe(true);
			}
			const over = await socketFor(hall.url, '10.1.1.1');
			opened.push(over.socket);
			expect(over.ok).toBe(false);
			// Another PC behind the same proxy is its own client.
			const other = await socketFor(hall.url, '10.1.1.2');
			opened.push(other.socket);
			expect(other.ok).toBe(true);
		} finally {
			for (const socket of opened) socket.close();
		}
	});

	it('believes no X-Forwarded-For from an untrusted peer: made-up addresses do not get round the cap', async () => {
		hall = await startTestHall({ rateLimit: true });
		const opened: ClientSocket[] = [];
		try {
			for (let i = 0; i < DEFAULT_MAX_CONNECTIONS_PER_ADDRESS; i++) {
				const { ok, socket } = await socketFor(hall.url, `10.2.0.${i}`);
				opened.push(socket);
				expect(ok).toBe(true);
			}
			const over = await socketFor(hall.url, '10.2.1.1');
			opened.push(over.socket);
			expect(over.ok).toBe(false);
		} finally {
			for (const socket of opened) socket.close();
		}
	});

	it('caps open TCP connections per address before any HTTP is read, and frees a place when one closes', async () => {
		hall = await startTestHall({ rateLimit: true, connectionsPerAddress: 3 });
		const port = Number(new URL(hall.url).port);
		const open = (localAddress: string) =>
			new Promise<Socket>((resolve, reject) => {
				const socket = createConnection({ host: '127.0.0.1', port, localAddress }, () => resolve(socket));
				socket.once('error', reject);
			});
		/** Whether the server keeps the connection: it answers a request on it, or it closes it unasked. */
		const served = (socket: Socket) =>
			new Promise<boolean>((resolve) => {
				socket.once('data', () => resolve(true));
				socket.once('close', () => resolve(false));
				socket.write('GET /api/health HTTP/1.1\r\nHost: hall\r\n\r\n');
			});
		const held = [await open('127.0.0.40'), await open('127.0.0.40'), await open('127.0.0.40')];
		try {
			const fourth = await open('127.0.0.40');
			expect(await served(fourth)).toBe(false);
			expect(await served(await open('127.0.0.41'))).toBe(true);
			held[0].destroy();
			await new Promise((resolve) => held[0].once('close', resolve));
			// The server learns of the close a moment later: one retry loop with no timing in it.
			let again = false;
			for (let attempt = 0; attempt < 20 && !again; attempt++) again = await served(await open('127.0.0.40'));
			expect(again).toBe(true);
			expect(await served(held[1])).toBe(true);
		} finally {
			for (const socket of held) socket.destroy();
		}
	});
});
