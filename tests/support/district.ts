// District hub nodes for the tests: in this process (fast, inspectable) or as a child
// process (`node --import tsx district/main.ts`, so a test can `kill -9` it).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { startDistrictServer, type DistrictServer } from '../../district/server.ts';
export { eventually } from './eventually.ts';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../district/main.ts', import.meta.url));

export interface InProcessHub {
	server: DistrictServer;
	url: string;
	close(): Promise<void>;
}

export async function startHub(databaseUrl: string, port = 0): Promise<InProcessHub> {
	const server = await startDistrictServer({ databaseUrl, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), poolSize: 4 });
	await new Promise<void>((resolve) => server.httpServer.listen(port, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}`;
	return { server, url, close: () => server.close() };
}

/** Runs a district CLI command to the end: its exit code and output. */
export function districtCli(args: string[], env: Record<string, string | undefined>): { status: number | null; stdout: string; stderr: string } {
	const result = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
		cwd: REPO,
		env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
		encoding: 'utf8'
	});
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function lastLine(text: string): string {
	const lines = text.trim().split('\n');
	return lines[lines.length - 1];
}

export interface HubProcess {
	child: ChildProcess;
	url: string;
	/** SIGKILL: no shutdown, no flush, no goodbye. */
	kill9(): Promise<void>;
	stop(): Promise<void>;
}

/** A hub node as its own process on a fixed loopback port (a restart comes back on the same address). */
export async function startHubProcess(databaseUrl: string, port: number): Promise<HubProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
		cwd: REPO,
		env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: process.env.HUB_LOG_LEVEL ?? 'info', PG_POOL_SIZE: '4' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	await new Promise<void>((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('district hub listening')) {
				child.stdout!.off('data', onData);
				resolve();
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('exit', (code) => reject(new Error(`hub node exited (${code}) before listening:\n${output}`)));
	});
	child.stdout!.resume();
	return {
		child,
		url: `http://127.0.0.1:${port}`,
		async kill9() {
			child.kill('SIGKILL');
			await exited;
		},
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			await exited;
		}
	};
}

export type DashboardSocket = Socket;

export async function dashboard(url: string, token: string): Promise<DashboardSocket> {
	const socket = connect(url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	return socket;
}

