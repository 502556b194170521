// A throwaway PostgreSQL cluster for the district tests: Debian's server binaries, a
// temporary folder owned by `postgres`, a free loopback port; stopped and removed after.
// PostgreSQL refuses to run as root, so every server command runs through `runuser -u postgres`
// when the tests run as root (as CI does), and directly otherwise.

import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface TestPostgres {
	/** postgres://postgres@127.0.0.1:PORT/postgres */
	url: string;
	port: number;
	/** A fresh, empty database on the cluster: one per test file keeps them apart. */
	createDatabase(name: string): string;
	stop(): void;
}

/** The newest installed server's bin folder, or null when PostgreSQL is not installed. */
export function postgresBinDir(): string | null {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return null;
	const versions = readdirSync(root)
		.filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(root, versions[0], 'bin') : null;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

export async function startPostgres(): Promise<TestPostgres> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed: apt-get install postgresql (the CI script does it)');
	const asRoot = userInfo().uid === 0;
	const run = (cmd: string, args: string[]) => {
		const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
		return execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
	};
	const dir = mkdtempSync(join(tmpdir(), 'jiaohao-pg-'));
	if (asRoot) {
		const ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
		const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
		chownSync(dir, Number(ids), Number(gid));
	}
	const data = join(dir, 'data');
	const port = await freePort();
	try {
		run('initdb', ['-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '-D', data]);
		// fsync off: a throwaway cluster; the tests kill hub nodes, never the database.
		const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
		run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', opts, '-w', 'start']);
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
	let stopped = false;
	return {
		url,
		port,
		createDatabase(name) {
			if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
			run('psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-qc', `CREATE DATABASE ${name}`]);
			return `postgres://postgres@127.0.0.1:${port}/${name}`;
		},
		stop() {
			if (stopped) return;
			stopped = true;
			try {
				run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}
	};
}
