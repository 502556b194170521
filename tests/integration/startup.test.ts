// What an operator meets when the hall cannot start: one plain line saying what to fix, a
// non-zero exit, no stack trace. And what a running hall must survive: a static file that
// vanished after start (an upgrade built in place).

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sirv from 'sirv';
import { describe, expect, it } from 'vitest';
import { guardVanishedAssets } from '../../server/static-guard.ts';
import { Store } from '../../server/store/store.ts';

function startHall(env: Record<string, string>) {
	return spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', BUILD_DIR: '/nonexistent-build', ...env },
		encoding: 'utf8',
		timeout: 60_000
	});
}

describe('a hall that must not start', () => {
	it('refuses the template until its station keys and publicUrl are set: one line each, exit 1', () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'jiaohao-start-'));
		try {
			const run = startHall({ HALL_CONFIG: 'config/hall.template.json', DATA_DIR: dataDir });
			expect(run.status).toBe(1);
			const lines = run.stderr.trim().split('\n');
			expect(lines).toHaveLength(4);
			expect(lines[0]).toMatch(/station K1: agentKey contains "change-me"/);
			expect(lines[2]).toMatch(/station W3: /);
			expect(lines[3]).toMatch(/publicUrl is required/);
			expect(run.stderr).not.toMatch(/\n\s+at /);
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	}, 90_000);

	it('says in one line that DATA_DIR is not writable', () => {
		// As root every directory is writable, so a read-only file system stands in for one.
		const parent = mkdtempSync(join(tmpdir(), 'jiaohao-ro-'));
		const dataDir = process.getuid?.() === 0 ? '/sys/jiaohao-data' : join(parent, 'data');
		if (dataDir !== '/sys/jiaohao-data') {
			mkdirSync(dataDir);
			chmodSync(dataDir, 0o500);
		}
		try {
			const run = startHall({ DATA_DIR: dataDir });
			expect(run.status).toBe(1);
			expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^DATA_DIR ${dataDir} is not writable by this user \\((EACCES|EPERM|EROFS)\\)`))]);
		} finally {
			rmSync(parent, { recursive: true, force: true });
		}
	}, 90_000);
});

describe('files the hall writes', () => {
	it('creates hall.db, its WAL and shared memory readable by the owner only, whatever the umask', () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'jiaohao-mode-'));
		const umask = process.umask(0o022);
		try {
			const store = new Store(join(dataDir, 'hall.db'));
			store.db.prepare(`INSERT INTO hall_meta (key, value) VALUES ('x', 'y')`).run();
			for (const file of ['hall.db', 'hall.db-wal', 'hall.db-shm']) expect(statSync(join(dataDir, file)).mode & 0o777, file).toBe(0o600);
			store.close();
		} finally {
			process.umask(umask);
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});

describe('a static file that vanished after start', () => {
	it('answers 404 and the server stays up', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'jiaohao-static-'));
		mkdirSync(join(dir, '_app'));
		writeFileSync(join(dir, '_app', 'app.js'), 'console.log(1)');
		writeFileSync(join(dir, '_app', 'other.js'), 'console.log(2)');
		// The SvelteKit handler serves build/client with sirv, listed once at start.
		const handler = guardVanishedAssets([dir], sirv(dir, { etag: true }));
		const server: Server = createServer((req, res) =>
			handler(req, res, () => {
				res.writeHead(404);
				res.end();
			})
		);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		try {
			expect((await fetch(`${url}/_app/app.js`)).status).toBe(200);
			unlinkSync(join(dir, '_app', 'app.js'));
			const gone = await fetch(`${url}/_app/app.js`);
			expect(gone.status).toBe(404);
			expect(await fetch(`${url}/_app/other.js`).then((r) => r.text())).toBe('console.log(2)');
		} finally {
			await new Promise((resolve) => server.close(resolve));
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
