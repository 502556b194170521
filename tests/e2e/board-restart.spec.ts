// The hall server goes down (a crash, a restart, the network) while the board is on the
// wall: the board says it is reconnecting, takes a fresh snapshot within a few seconds of
// the server being back, and does not read out again what it had already said.
//
// This journey kills a server, so it starts its own on its own port and data directory
// (the shared e2e server stays untouched), and restarts it on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { announcements, boardIsLive, issueTicket, openDesk, recordAnnouncements, spoken } from './board-support.ts';

/** A free loopback port, or E2E_RESTART_PORT when set. */
async function freePort(): Promise<number> {
	if (process.env.E2E_RESTART_PORT) return Number(process.env.E2E_RESTART_PORT);
	return new Promise((done, fail) => {
		const server = createServer();
		server.once('error', fail);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => done(port));
		});
	});
}

class HallServer {
	#child: ChildProcess | null = null;
	constructor(
		readonly port: number,
		readonly dataDir: string
	) {}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	async start(): Promise<void> {
		const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
			env: {
				...process.env,
				PORT: String(this.port),
				HOST: '127.0.0.1',
				DATA_DIR: this.dataDir,
				BUILD_DIR: resolve(process.env.BUILD_DIR ?? 'build'),
				LOG_LEVEL: 'warn'
			},
			stdio: ['ignore', 'ignore', 'inherit']
		});
		this.#child = child;
		// Up when it answers; a failed start (port taken, bad build) fails the test with its exit code.
		await expect
			.poll(
				async () => {
					if (child.exitCode !== null || child.signalCode !== null) throw new Error(`hall server exited (${child.exitCode ?? child.signalCode})`);
					return fetch(`${this.url}/api/health`).then(
						(res) => res.ok,
						() => false
					);
				},
				{ timeout: 30_000, intervals: [100, 200, 250] }
			)
			.toBe(true);
	}

	/** Like a crash or a pulled cable: no goodbye to the clients. */
	async kill(): Promise<void> {
		const child = this.#child;
		this.#child = null;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((done) => child.once('exit', done));
		child.kill('SIGKILL');
		await exited;
	}
}

let server: HallServer;
let api: APIRequestContext;

test.beforeAll(async () => {
	server = new HallServer(await freePort(), mkdtempSync(join(tmpdir(), 'jiaohao-board-restart-')));
	await server.start();
});

test.afterAll(async () => {
	await api?.dispose();
	await server.kill();
	rmSync(server.dataDir, { recursive: true, force: true });
});

test('after a server restart the board resyncs and says nothing twice', async ({ page }) => {
	test.setTimeout(120_000);
	api = await playwrightRequest.newContext({ baseURL: server.url });

	const desk = await openDesk(api, '1');
	await issueTicket(api, 'party-transfer');
	await issueTicket(api, 'party-transfer');

	await recordAnnouncements(page);
	await page.goto(`${server.url}/board`);
	await boardIsLive(page);

	const first = await desk.callNext();
	expect(first).not.toBeNull();
	await expect.poll(() => announcements(page)).toEqual([spoken(first!)]);

	await test.step('the server dies: the board says it is reconnecting and keeps what it shows', async () => {
		await server.kill();
		await expect(page.getByText('正在重新连接…')).toBeVisible();
		await expect(page.getByTestId('latest-call')).toContainText(first!.number);
	});

	await test.step('the server is back: within a few seconds the board has the current snapshot', async () => {
		await server.start();
		const back = Date.now();
		// A ticket issued now is in the snapshot the board takes (or in the fact that follows it).
		const waitingBefore = await api.get('/api/board').then(async (res) => (await res.json()) as { waiting: { serviceId: string; waiting: number }[] });
		const heartTalk = waitingBefore.waiting.find((w) => w.serviceId === 'heart-talk')!.waiting;
		await issueTicket(api, 'heart-talk');
		const row = page.getByRole('region', { name: '等候人数' }).getByRole('listitem').filter({ hasText: '党员谈心谈话' });
		await expect(row).toContainText(`${heartTalk + 1} 人`, { timeout: 6_000 });
		await expect(page.getByText('正在重新连接…')).toHaveCount(0, { timeout: 6_000 });
		test.info().annotations.push({ type: 'resync', description: `board current ${Date.now() - back} ms after the server answered` });
		await expect(page.getByTestId('latest-call')).toContainText(first!.number);
	});

	await test.step('the next call is said, and the one before it is not said again', async () => {
		// Sessions do not outlive the server process: sign in again.
		const again = await openDesk(api, '1');
		const next = await again.callNext();
		expect(next).not.toBeNull();
		await expect.poll(() => announcements(page), { timeout: 45_000 }).toEqual([spoken(first!), spoken(next!)]);
	});
});
