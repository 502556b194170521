// A board runs for weeks without a restart. This soak drives the equivalent of a busy
// day (≈ 5,000 calls; --quick: 500) through a real hall process into the built board page
// in Debian's Chromium, and compares the page's JS heap (after a forced GC) and DOM node
// count at the start and the end: a leak per call or per timer shows as growth.
//
// The page runs its own waits 1000× faster (window.__jiaohaoBoardTimeScale: caption hold
// 3.5 ms, newest-call highlight 8 ms, notice refresh 0.3 s, so a "day" of notice refreshes
// fits in the run) and speaks through the silent player (`?voice=off`); everything else —
// socket, snapshot, announcer queue, captions, rendering — is what a hall runs.
//
//   npx tsx bench/run.ts --only soak [--quick]     (after `npm run build`; BUILD_DIR is honoured)

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { io as connect, type Socket } from 'socket.io-client';

/** The same shape as bench/run.ts's rows. */
export interface BenchRow {
	name: string;
	value: string;
	baseline: string;
	ratio: number;
	goal: string;
	pass: boolean;
}

/** A day at a busy hall: ~5,000 tickets (docs: 1,000–5,000 a day). */
const DAY_OF_CALLS = 5_000;
const TIME_SCALE = 1_000;
/** The driver waits for the board every this many calls (see the loop). */
const PACE_EVERY = 12;
/** Calls before the first sample, so JIT, caches and the voice engine have settled. */
const WARM_UP = 200;
/** The demo hall's windows and what each serves (config/demo-hall.json). */
const WINDOW_SERVICES: Record<string, string[]> = {
	'1': ['party-transfer', 'volunteer', 'agency', 'room-booking'],
	'2': ['party-transfer', 'assistance', 'archives'],
	'3': ['letters-visits', 'complaints'],
	'4': ['heart-talk', 'representative'],
	'5': ['volunteer', 'agency', 'room-booking'],
	'6': ['archives', 'assistance', 'letters-visits']
};

interface Sample {
	calls: number;
	heapMb: number;
	nodes: number;
	listeners: number;
}

async function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const server = createServer();
		server.once('error', fail);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => done(port));
		});
	});
}

function open(url: string, token?: string): Promise<Socket> {
	const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: token ? { token } : {} });
	return new Promise((done, fail) => {
		socket.once('connect', () => done(socket));
		socket.once('connect_error', fail);
	});
}

async function ask(socket: Socket, event: string, input: unknown): Promise<any> {
	const ack = await socket.timeout(10_000).emitWithAck(event, input);
	if (ack && typeof ack === 'object' && 'error' in ack) throw new Error(`${event}: ${JSON.stringify(ack.error)}`);
	return ack?.data;
}

async function sample(cdp: CDPSession, calls: number): Promise<Sample> {
	// Twice: the first pass can leave objects that only become garbage once finalizers ran.
	await cdp.send('HeapProfiler.collectGarbage');
	await cdp.send('HeapProfiler.collectGarbage');
	const heap = await cdp.send('Runtime.getHeapUsage');
	const dom = await cdp.send('Memory.getDOMCounters');
	return { calls, heapMb: heap.usedSize / 1024 / 1024, nodes: dom.nodes, listeners: dom.jsEventListeners };
}

/**
 * Waits until the board shows the last call and has finished saying it. The big panel shows the
 * call being spoken, so the last number there means the announcer reached it; calls superseded
 * at the same window meanwhile are skipped by design (issue 13), so captions may be fewer than
 * calls — the count is reported, not required.
 */
async function boardCaughtUp(page: Page, lastNumber: string, captions: number): Promise<void> {
	const state = () =>
		page.evaluate(() => ({
			latest: document.querySelector('[data-testid="latest-call"]')?.textContent,
			captions: (window as unknown as { __captions: number }).__captions,
			caption: document.querySelector('[data-testid="announcement"]')?.textContent
		}));
	await page.waitForFunction(
		(number) => {
			const latest = document.querySelector('[data-testid="latest-call"]')?.textContent ?? '';
			const speaking = document.querySelector('[data-testid="announcement"]')?.textContent ?? '';
			return latest.includes(` ${number} `) && speaking.trim() === '';
		},
		lastNumber,
		{ timeout: 60_000, polling: 'raf' }
	).catch(async (error: unknown) => {
		throw new Error(`board did not catch up with ${lastNumber} (${captions} calls sent): ${JSON.stringify(await state())}`, { cause: error });
	});
}

export async function benchBoardSoak(rows: BenchRow[], quick: boolean): Promise<void> {
	const buildDir = resolve(process.env.BUILD_DIR ?? 'build');
	if (!existsSync(join(buildDir, 'handler.js'))) {
		console.warn(`board soak skipped: no ${buildDir}/handler.js (run \`npm run build\` first)`);
		return;
	}
	const total = quick ? 500 : DAY_OF_CALLS;
	const sampleEvery = quick ? 100 : 500;
	const dataDir = mkdtempSync(join(tmpdir(), 'jiaohao-soak-'));
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, BUILD_DIR: buildDir, LOG_LEVEL: 'warn', ISSUE_RATE_LIMIT: 'off' },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
	});
	const sockets: Socket[] = [];
	try {
		for (let i = 0; ; i++) {
			if (server.exitCode !== null || server.signalCode !== null) throw new Error(`hall server exited (${server.exitCode ?? server.signalCode})`);
			if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
			if (i > 300) throw new Error('hall server did not come up');
			await new Promise((r) => setTimeout(r, 100));
		}

		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await page.addInitScript(
			([scale]) => {
				const w = window as unknown as { __jiaohaoBoardTimeScale: number; __captions: number };
				w.__jiaohaoBoardTimeScale = scale;
				// A counter, not a list: the recorder must not grow either.
				w.__captions = 0;
				new MutationObserver((records) => {
					for (const record of records) {
						for (const node of record.addedNodes) {
							if (node instanceof HTMLElement && node.dataset.testid === 'announcement-text') w.__captions++;
						}
					}
				}).observe(document, { childList: true, subtree: true });
			},
			[TIME_SCALE] as const
		);
		const errors: string[] = [];
		page.on('pageerror', (error) => errors.push(error.message));
		await page.goto(`${url}/board?voice=off`);
		await page.getByRole('heading', { name: '等候人数' }).waitFor();
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('HeapProfiler.enable');

		// Six windows staffed (demo accounts), one kiosk socket issuing the tickets.
		const kiosk = await open(url);
		sockets.push(kiosk);
		const staff: Record<string, Socket> = {};
		for (const windowId of Object.keys(WINDOW_SERVICES)) {
			const res = await fetch(`${url}/api/session`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ username: `staff${windowId}`, password: 'demo1234' })
			});
			const { token } = (await res.json()) as { token: string };
			const socket = await open(url, token);
			sockets.push(socket);
			await fetch(`${url}/api/windows/${windowId}/sign-in`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
			staff[windowId] = socket;
		}

		const windowIds = Object.keys(WINDOW_SERVICES);
		const inHand = new Set<string>();
		let lastNumber = '';
		let captionsExpected = 0;
		const samples: Sample[] = [];
		const started = performance.now();
		let waitedMs = 0;
		for (let i = 0; i < total; i++) {
			const windowId = windowIds[i % windowIds.length];
			const services = WINDOW_SERVICES[windowId];
			const socket = staff[windowId];
			// Every 10th turn of a window recalls the number in hand (重呼) before moving on.
			if (inHand.has(windowId) && Math.floor(i / windowIds.length) % 10 === 9) {
				// The call being recalled must have started being said: a recall of a call still
				// waiting in the queue is merged with it (it is said once, soon), not said twice.
				await boardCaughtUp(page, lastNumber, captionsExpected);
				const recalled = await ask(socket, 'ticket:recall', { windowId });
				lastNumber = recalled.number;
				captionsExpected++;
			}
			if (inHand.has(windowId)) {
				await ask(socket, 'ticket:start', { windowId });
				await ask(socket, 'ticket:finish', { windowId, outcome: 'done' });
			}
			await ask(kiosk, 'ticket:issue', { serviceId: services[Math.floor(i / windowIds.length) % services.length], station: 'K1' });
			const called = await ask(socket, 'ticket:call-next', { windowId });
			if (!called) throw new Error(`window ${windowId} found nobody waiting`);
			inHand.add(windowId);
			lastNumber = called.number;
			captionsExpected++;

			const done = i + 1;
			if (done === WARM_UP || (done > WARM_UP && done % sampleEvery === 0) || done === total) {
				await boardCaughtUp(page, lastNumber, captionsExpected);
				samples.push(await sample(cdp, done));
			} else if (done % PACE_EVERY === 0) {
				// A hall's calls come seconds apart; here they come in milliseconds. Letting the
				// board catch up now and then keeps its queue under the announcer's flood bound,
				// which would otherwise (rightly) skip calls superseded at the same window.
				const t0 = performance.now();
				await boardCaughtUp(page, lastNumber, captionsExpected);
				waitedMs += performance.now() - t0;
			}
		}
		const elapsedS = (performance.now() - started) / 1000;
		// Let the notice refresh and the clock run on a little after the last call, as an idle evening would.
		await page.waitForTimeout(3_000);
		samples.push(await sample(cdp, total));
		const captions = await page.evaluate(() => (window as unknown as { __captions: number }).__captions);

		const first = samples[0];
		const last = samples[samples.length - 1];
		const peak = Math.max(...samples.map((s) => s.heapMb));
		console.log(
			`board soak: ${total} calls in ${elapsedS.toFixed(0)} s (${(total / elapsedS).toFixed(0)}/s, ${(waitedMs / 1000).toFixed(0)} s of it letting the board catch up), ${captions} captions of ${captionsExpected} calls and recalls; ` +
				`heap MB ${samples.map((s) => `${s.calls}:${s.heapMb.toFixed(2)}`).join(' ')}; DOM nodes ${samples.map((s) => s.nodes).join(' ')}; ` +
				`listeners ${first.listeners}→${last.listeners}${errors.length ? `; page errors: ${errors.join(' | ')}` : ''}`
		);

		const heapRatio = last.heapMb / first.heapMb;
		rows.push({
			name: `board soak: page JS heap after ${total} calls (${quick ? 'quick' : '≈ 24 h'}), forced GC`,
			value: `${last.heapMb.toFixed(2)} MB (peak ${peak.toFixed(2)})`,
			baseline: `${first.heapMb.toFixed(2)} MB after ${first.calls} calls`,
			ratio: heapRatio,
			goal: 'end/start ≤ 1.2',
			pass: heapRatio <= 1.2 && errors.length === 0
		});
		const nodeRatio = last.nodes / first.nodes;
		rows.push({
			name: 'board soak: DOM nodes (event listeners)',
			value: `${last.nodes} (${last.listeners})`,
			baseline: `${first.nodes} (${first.listeners}) at start`,
			ratio: nodeRatio,
			goal: 'end/start ≤ 1.2',
			pass: nodeRatio <= 1.2 && last.listeners <= first.listeners * 1.2
		});
		rows.push({
			// Calls arrive here in milliseconds; a board skips a call superseded at its window before
			// it could be said (issue 13: the newest, never 40 s behind). What must hold is that
			// each check found the last call shown and said (boardCaughtUp throws otherwise).
			name: 'board soak: calls captioned (superseded ones skipped); the last call reached at every check',
			value: `${captions}`,
			baseline: `${captionsExpected} calls and recalls`,
			ratio: captions / captionsExpected,
			goal: 'measured; last call reached',
			pass: true
		});
	} finally {
		for (const socket of sockets) socket.disconnect();
		await browser.close();
		// exitCode stays null for a process ended by a signal: check both, or the wait never ends.
		if (server.exitCode === null && server.signalCode === null) {
			const exited = new Promise((done) => server.once('exit', done));
			server.kill('SIGTERM');
			await exited;
		}
		rmSync(dataDir, { recursive: true, force: true });
	}
}
