// The district hub on a real PostgreSQL (a throwaway cluster), with real hall servers
// streaming their event logs to it: ingestion exactly once, several nodes, a hub that dies
// or is down for a while, and streams that try to be what they are not.

import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { dashboard, districtCli, eventually, lastLine, startHub, startHubProcess, type InProcessHub } from '../support/district.ts';
import { ask, demoHallFile, startTestHall, type TestHall } from '../support/test-hall.ts';
import type { HallFile } from '../../server/config.ts';

const FAST_RETRY = { retryMinMs: 50, retryMaxMs: 400, heartbeatMs: 1000, timeoutMs: 3000 };

let postgres: TestPostgres;
let databaseUrl: string;
let db: pg.Pool;
let nodeA: InProcessHub;
let nodeB: InProcessHub;
const keys = new Map<string, string>();
const halls: TestHall[] = [];

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const port = (server.address() as { port: number }).port;
			server.close(() => resolve(port));
		});
	});
}

function addHall(id: string, name: string): string {
	const out = districtCli(['add-hall', '--id', id, '--name', name], { DATABASE_URL: databaseUrl });
	expect(out.status, out.stderr).toBe(0);
	const line = lastLine(out.stdout);
	expect(line).toMatch(/^key: \S{16,}$/);
	const key = line.slice('key: '.length);
	keys.set(id, key);
	return key;
}

function hallFileFor(hallId: string, url: string, key = keys.get(hallId)!): HallFile {
	return { ...demoHallFile(), upstream: { url, hallId, key } };
}

async function hallStreamingTo(hallId: string, url: string): Promise<TestHall> {
	const hall = await startTestHall({ hallFile: hallFileFor(hallId, url), upstream: FAST_RETRY });
	halls.push(hall);
	await hall.addStaff(3);
	return hall;
}

/** The hall's newest stored sequence number and how many events it has. */
function hallLog(hall: TestHall): { count: number; maxSeq: number } {
	const row = hall.store.db.prepare('SELECT COUNT(*) AS n, COALESCE(MAX(seq), 0) AS m FROM events').get() as { n: number; m: number };
	return { count: row.n, maxSeq: row.m };
}

async function stored(hallId: string): Promise<{ count: number; maxSeq: number }> {
	const { rows } = await db.query<{ n: string; m: string | null }>('SELECT count(*) AS n, max(seq) AS m FROM events WHERE hall_id = $1', [hallId]);
	return { count: Number(rows[0].n), maxSeq: Number(rows[0].m ?? 0) };
}

function issue(hall: TestHall, n: number, serviceId = 'party-transfer'): void {
	for (let i = 0; i < n; i++) {
		const r = hall.app.hall.issueTicket({ serviceId, priority: 'normal', station: 'K1', idempotencyKey: null }, undefined, crypto.randomUUID());
		expect(r.ok).toBe(true);
	}
}

function window(hall: TestHall, cmd: Record<string, unknown>): void {
	const r = hall.app.hall.windowCommand({ windowId: '1', staffId: 't1', ...cmd } as never);
	expect(r.ok, JSON.stringify(r)).toBe(true);
}

async function post(url: string, path: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
	const res = await fetch(url + path, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
		body: JSON.stringify(body)
	});
	return { status: res.status, body: await res.json() };
}

async function userToken(username: string): Promise<string> {
	const out = districtCli(['add-user', '--username', username, '--name', '测试主任'], { DATABASE_URL: databaseUrl });
	expect(out.status, out.stderr).toBe(0);
	const line = lastLine(out.stdout);
	expect(line).toMatch(/^password: \S{8,}$/);
	const password = line.slice('password: '.length);
	const login = await post(nodeA.url, '/api/district/session', { username, password });
	expect(login.status).toBe(200);
	return login.body.token;
}

beforeAll(async () => {
	postgres = await startPostgres();
	databaseUrl = postgres.createDatabase('district_test');
	db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
	// Two nodes started at once: the migration lock lets one migrate while the other waits.
	[nodeA, nodeB] = await Promise.all([startHub(databaseUrl), startHub(databaseUrl)]);
}, 60_000);

afterAll(async () => {
	for (const hall of halls) await hall.close();
	await nodeA?.close();
	await nodeB?.close();
	await db?.end();
	postgres?.stop();
}, 60_000);

describe('the hub’s command line', () => {
	it('without DATABASE_URL says in one line how to get one', () => {
		const out = districtCli([], { DATABASE_URL: undefined });
		expect(out.status).toBe(2);
		expect(out.stdout).toBe('');
		expect(out.stderr.trim().split('\n')).toHaveLength(1);
		expect(out.stderr).toMatch(/DATABASE_URL.*postgres:\/\//);
	});

	it('add-hall prints a key once and stores only its hash', async () => {
		const key = addHall('H1', '东湖街道党群服务中心');
		addHall('H2', '西湖街道党群服务中心');
		const { rows } = await db.query('SELECT key_hash FROM halls WHERE id = $1', ['H1']);
		expect(rows[0].key_hash).not.toContain(key);
		expect(rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
		const again = districtCli(['add-hall', '--id', 'H1', '--name', 'x'], { DATABASE_URL: databaseUrl });
		expect(again.status).toBe(1);
	});

	it('add-user prints a one-time password that must be changed', async () => {
		const out = districtCli(['add-user', '--username', 'wang', '--name', '王主任'], { DATABASE_URL: databaseUrl });
		const password = lastLine(out.stdout).slice('password: '.length);
		const { rows } = await db.query('SELECT password_hash FROM users WHERE username = $1', ['wang']);
		expect(rows[0].password_hash).toMatch(/^scrypt\$/);
		expect(rows[0].password_hash).not.toContain(password);

		const login = await post(nodeB.url, '/api/district/session', { username: 'wang', password });
		expect(login.status).toBe(200);
		expect(login.body.mustChangePassword).toBe(true);
		const wrong = await post(nodeB.url, '/api/district/session', { username: 'wang', password: 'nope-nope' });
		expect(wrong.status).toBe(401);
		expect(wrong.body.error.code).toBe('bad_credentials');

		const changed = await post(nodeA.url, '/api/district/session/password', { currentPassword: password, newPassword: 'new-password-1' }, login.body.token);
		expect(changed.status).toBe(200);
		const relogin = await post(nodeB.url, '/api/district/session', { username: 'wang', password: 'new-password-1' });
		expect(relogin.status).toBe(200);
		expect(relogin.body.mustChangePassword).toBe(false);
	});
});

describe('the hub’s API', () => {
	it('answers health on every node and asks for a session before showing halls', async () => {
		for (const node of [nodeA, nodeB]) {
			const health = await fetch(node.url + '/api/health');
			expect(health.status).toBe(200);
		}
		const anonymous = await fetch(nodeA.url + '/api/district/halls');
		expect(anonymous.status).toBe(401);
		expect((await anonymous.json()).error.code).toBe('unauthorized');
	});

	it('serves the dashboard page in Chinese', async () => {
		const page = await fetch(nodeB.url + '/district');
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('lang="zh-CN"');
		expect(html).toContain('区级');
		expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		const client = await fetch(nodeB.url + '/socket.io/socket.io.min.js');
		expect(client.status).toBe(200);
	});
});

describe('two halls, two nodes', () => {
	it('a dashboard on node B sees a call made in a hall streaming to node A', async () => {
		const token = await userToken('lijun');
		const h1 = await hallStreamingTo('H1', nodeA.url);
		const h2 = await hallStreamingTo('H2', nodeB.url);
		issue(h1, 3);
		issue(h2, 2);
		await eventually(async () => (await stored('H1')).maxSeq === hallLog(h1).maxSeq && (await stored('H2')).maxSeq === hallLog(h2).maxSeq, 'both halls shipped');

		const board = await dashboard(nodeB.url, token);
		try {
			// The snapshot on connecting lists every hall; a push of only the halls that changed (H2's
			// last batch, say) may come before it, as the dashboard page allows: it merges by id.
			const snapshot: any[] = await new Promise((resolve) => {
				const hear = (list: any[]) => {
					if (!list.some((h) => h.id === 'H1')) return;
					board.off('halls', hear);
					resolve(list);
				};
				board.on('halls', hear);
			});
			expect(snapshot.find((h) => h.id === 'H1').today.waiting).toBe(3);

			const seen = new Promise<any>((resolve) => {
				board.on('halls', (list: any[]) => {
					const h = list.find((x) => x.id === 'H1');
					if (h && h.today.waiting === 2) resolve(h);
				});
			});
			window(h1, { type: 'sign-in' });
			window(h1, { type: 'call-next' });
			const h1Now = await seen;
			expect(h1Now).toMatchObject({ id: 'H1', connected: true, behind: 0, today: { issued: 3, waiting: 2, windowsOpen: 1 } });

			const list = await fetch(nodeB.url + '/api/district/halls', { headers: { authorization: `Bearer ${token}` } });
			expect(list.status).toBe(200);
			const all = await list.json();
			expect(all.map((h: any) => h.id)).toEqual(['H1', 'H2']);
			expect(all[1]).toMatchObject({ id: 'H2', name: '西湖街道党群服务中心', today: { issued: 2, waiting: 2, served: 0 } });
			expect(all[1]).toHaveProperty('lastEventAt');

			const detail = await fetch(nodeA.url + '/api/district/halls/H1', { headers: { authorization: `Bearer ${token}` } });
			expect(detail.status).toBe(200);
			const h1Detail = await detail.json();
			expect(h1Detail.services).toEqual([expect.objectContaining({ id: 'party-transfer', issued: 3, waiting: 2 })]);
			expect(h1Detail.windows).toEqual(expect.arrayContaining([expect.objectContaining({ id: '1', status: 'open' })]));
			expect((await fetch(nodeA.url + '/api/district/halls/NOPE', { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
		} finally {
			board.disconnect();
		}
	});

	it('the hall’s console shows the link: connected, behind by nothing, last acknowledged', async () => {
		const h1 = halls[0];
		await eventually(() => h1.app.upstream.status().behind === 0, 'H1 drained');
		const director = await h1.login('director');
		const status = await h1.api('/api/console/upstream', { token: director });
		expect(status.status).toBe(200);
		expect(status.body).toMatchObject({ configured: true, hallId: 'H1', connected: true, behind: 0, lastAckedSeq: hallLog(h1).maxSeq });
		expect(status.body).not.toHaveProperty('key');
		expect(JSON.stringify(status.body)).not.toContain(keys.get('H1')!);
		const staff = await h1.login('t1');
		expect((await h1.api('/api/console/upstream', { token: staff })).status).toBe(403);
	});

	it('ships no free text and no keys: refusal reasons, transfer notes and the hall file’s secrets stay in the hall', async () => {
		const h1 = halls[0];
		window(h1, { type: 'start' });
		window(h1, { type: 'finish', outcome: 'refused', reason: '居民张三丰材料不全，电话13800138000' });
		window(h1, { type: 'call-next' });
		expect(h1.app.hall.windowCommand({ type: 'sign-in', windowId: '2', staffId: 't2' }).ok).toBe(true);
		window(h1, { type: 'transfer', toServiceId: 'assistance', toWindowId: null, note: '李四家属代办' });
		const file = h1.app.hall.configFile;
		const saved = h1.app.hall.reconfigure({ ...file, hallName: file.hallName + '（新）' }, 'director');
		expect(saved.ok).toBe(true);
		await eventually(async () => (await stored('H1')).maxSeq === hallLog(h1).maxSeq, 'H1 shipped');

		const { rows } = await db.query<{ type: string; data: unknown }>('SELECT type, data FROM events WHERE hall_id = $1', ['H1']);
		const shipped = JSON.stringify(rows);
		for (const secret of ['张三丰', '13800138000', '李四', keys.get('H1')!, 'demo-k1-agent-key-change-me']) expect(shipped).not.toContain(secret);
		expect(rows.map((r) => r.type)).toEqual(expect.arrayContaining(['ticket:finished', 'ticket:transferred', 'config:changed']));
		const finished = rows.find((r) => r.type === 'ticket:finished')!.data as Record<string, unknown>;
		expect(finished).toMatchObject({ outcome: 'refused' });
		expect(finished).not.toHaveProperty('reason');
	});

	it('brings today’s 好差评 as a count: the district sees the share satisfied, not the ratings', async () => {
		const h2 = halls[1];
		const t = (cmd: Record<string, unknown>) => expect(h2.app.hall.windowCommand({ windowId: '1', staffId: 't1', ...cmd } as never).ok).toBe(true);
		t({ type: 'sign-in' });
		for (const grade of [5, 1]) {
			t({ type: 'call-next' });
			t({ type: 'start' });
			t({ type: 'finish', outcome: 'done', reason: null });
			expect(h2.app.cases.evaluate('1', grade as never, 'screen').ok).toBe(true);
		}
		// A rating is not an event: the next batch (or heartbeat) carries the counts.
		issue(h2, 1);
		const token = await userToken('zhaomin');
		await eventually(async () => {
			const res = await fetch(nodeA.url + '/api/district/halls', { headers: { authorization: `Bearer ${token}` } });
			const h = (await res.json()).find((x: any) => x.id === 'H2');
			return h.today.ratings === 2;
		}, 'H2 ratings reached the hub');
		const res = await fetch(nodeA.url + '/api/district/halls', { headers: { authorization: `Bearer ${token}` } });
		const h = (await res.json()).find((x: any) => x.id === 'H2');
		expect(h).toMatchObject({ overdueCases: 0, offlineStations: expect.any(Number), today: { served: 2, satisfaction: 0.5, ratings: 2 } });
	});
});

describe('reports across halls', () => {
	it('counts any period per hall, and exports it to Excel', async () => {
		const token = await userToken('sunli');
		const auth = { headers: { authorization: `Bearer ${token}` } };
		const res = await fetch(nodeB.url + '/api/district/report?from=2026-11-01&to=2026-11-30', auth);
		expect(res.status).toBe(200);
		const report = await res.json();
		const h2 = report.halls.find((h: any) => h.id === 'H2');
		expect(h2).toMatchObject({ name: '西湖街道党群服务中心', served: 2, issued: 3 });
		expect(h2.averageServiceMinutes).not.toBeNull();
		// Per window and per member of staff: H2's window 1, where 测试员1 (工号 T1) finished both.
		const window1 = report.windows.find((w: any) => w.hallId === 'H2' && w.windowId === '1');
		expect(window1).toMatchObject({ hallName: '西湖街道党群服务中心', called: 2, served: 2, refused: 0, noShow: 0 });
		expect(window1.averageServiceMinutes).not.toBeNull();
		const h2Staff = report.staff.filter((s: any) => s.hallId === 'H2');
		expect(h2Staff).toEqual([expect.objectContaining({ staffId: 't1', staffNo: 'T1', name: '测试员1', called: 2, served: 2 })]);
		const none = await (await fetch(nodeB.url + '/api/district/report?from=2025-01-01&to=2025-01-31', auth)).json();
		expect(none.halls.every((h: any) => h.issued === 0)).toBe(true);
		expect(none.windows).toEqual([]);
		expect(none.staff).toEqual([]);

		const xlsx = await fetch(nodeA.url + '/api/district/report?from=2026-11-01&to=2026-11-30&format=xlsx', auth);
		expect(xlsx.status).toBe(200);
		expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
		const bytes = Buffer.from(await xlsx.arrayBuffer());
		expect(bytes.subarray(0, 2).toString()).toBe('PK');
		const ExcelJS = (await import('exceljs')).default;
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(bytes as never);
		expect(book.worksheets.map((w) => w.name)).toEqual(['各中心汇总', '各窗口', '各工作人员']);
		const values = (sheet: string) => book.getWorksheet(sheet)!.getSheetValues().map((row) => (Array.isArray(row) ? row.slice(1) : []));
		expect(values('各窗口')).toContainEqual(expect.arrayContaining(['西湖街道党群服务中心', '1', 2, 2, 0, 0]));
		expect(values('各工作人员')).toContainEqual(expect.arrayContaining(['西湖街道党群服务中心', 'T1', '测试员1', 2, 2]));

		const backwards = await fetch(nodeA.url + '/api/district/report?from=2026-11-30&to=2026-11-01', auth);
		expect(backwards.status).toBe(400);
		expect((await backwards.json()).error.code).toBe('bad_request');
		expect((await fetch(nodeA.url + '/api/district/report?from=2026-11-01&to=2026-11-30')).status).toBe(401);
	});
});

describe('the staff roster', () => {
	it('reaches the hub as id, 工号 and name, and again when it changes', async () => {
		const h2 = halls[1];
		const roster = async () =>
			(await db.query<{ staff_id: string; staff_no: string; name: string }>("SELECT staff_id, staff_no, name FROM hall_staff WHERE hall_id = 'H2' AND staff_id LIKE 't%' ORDER BY staff_id")).rows;
		expect(await roster()).toEqual([
			{ staff_id: 't1', staff_no: 'T1', name: '测试员1' },
			{ staff_id: 't2', staff_no: 'T2', name: '测试员2' },
			{ staff_id: 't3', staff_no: 'T3', name: '测试员3' }
		]);
		h2.store.db.prepare(`UPDATE staff SET name = '王芳' WHERE id = 't2'`).run();
		issue(h2, 1);
		await eventually(async () => (await roster())[1].name === '王芳', 'the renamed staff member reached the hub');
	});
});

describe('notices the district publishes', () => {
	it('reach the kiosks of the halls named, and their objections come back as counts', async () => {
		const token = await userToken('qianli');
		const [h1, h2] = halls;
		const notice = { title: '区级公示：社区书记候选人', body: '公示期内可提出异议。', category: '人事', publishFrom: '2026-11-20', publishTo: '2026-12-31', hallIds: ['H1'] };
		const refused = await post(nodeA.url, '/api/district/notices', { ...notice, hallIds: ['H1', 'NOPE'] }, token);
		expect(refused.status).toBe(404);
		const created = await post(nodeA.url, '/api/district/notices', notice, token);
		expect(created.status).toBe(201);
		const id = created.body.id as string;
		// A kiosk on screen: it is told, as it is of the hall's own notices (no polling).
		const kiosk = await h1.socket();
		await ask(kiosk, 'kiosk:subscribe', {});
		const pushed = new Promise<void>((resolve) =>
			kiosk.on('notices:changed', (message: { notices: { title: string }[] }) => message.notices.some((n) => n.title === notice.title) && resolve())
		);

		// The hall picks it up with its next batch (or heartbeat).
		issue(h1, 1);
		issue(h2, 1);
		let local: any;
		await eventually(async () => {
			local = (await h1.api('/api/notices')).body.find((n: any) => n.title === notice.title);
			return local !== undefined;
		}, 'the notice reached H1');
		expect((await h2.api('/api/notices')).body.find((n: any) => n.title === notice.title)).toBeUndefined();
		await pushed;
		kiosk.close();

		const objected = await h1.api(`/api/notices/${local.id}/objections`, { body: { name: '周八', phone: '13600000000', content: '候选人情况与事实不符' } });
		expect(objected.status).toBe(201);
		issue(h1, 1);
		let listed: any;
		await eventually(async () => {
			const res = await fetch(nodeB.url + '/api/district/notices', { headers: { authorization: `Bearer ${token}` } });
			listed = (await res.json()).find((n: any) => n.id === id);
			return listed.objections.length === 1;
		}, 'the objection count came back');
		expect(listed.objections).toEqual([{ hallId: 'H1', objections: 1, unanswered: 1 }]);
		expect(JSON.stringify(listed)).not.toContain('周八');
		const { rows } = await db.query('SELECT * FROM notice_objections');
		expect(JSON.stringify(rows)).not.toContain('13600000000');
	});
});

describe('streams that are not what they claim', () => {
	const batch = (after: number, seqs: number[]) => ({
		after,
		head: Math.max(after, ...seqs),
		events: seqs.map((seq) => ({ seq, version: seq, type: 'day:started', at: 1, data: { day: '2026-11-26' } }))
	});

	it('a wrong key is refused', async () => {
		const res = await post(nodeA.url, '/api/district/halls/H2/events', batch(0, []), 'not-the-key-of-any-hall');
		expect(res.status).toBe(401);
		expect(res.body.error.code).toBe('unauthorized');
		const none = await post(nodeA.url, '/api/district/halls/H2/events', batch(0, []));
		expect(none.status).toBe(401);
	});

	it('a hall cannot write another hall’s stream', async () => {
		const before = await stored('H2');
		const res = await post(nodeA.url, '/api/district/halls/H2/events', batch(before.maxSeq, [before.maxSeq + 1]), keys.get('H1'));
		expect(res.status).toBe(403);
		expect(res.body.error.code).toBe('forbidden');
		expect(await stored('H2')).toEqual(before);
	});

	it('a replayed batch is harmless, an out-of-order one refused with where to resume', async () => {
		addHall('H3', '南湖街道党群服务中心');
		const key = keys.get('H3')!;
		const first = await post(nodeB.url, '/api/district/halls/H3/events', batch(0, [1, 2, 3]), key);
		expect(first).toMatchObject({ status: 200, body: { ackedSeq: 3 } });
		const replay = await post(nodeA.url, '/api/district/halls/H3/events', batch(0, [1, 2, 3]), key);
		expect(replay).toMatchObject({ status: 200, body: { ackedSeq: 3 } });
		const overlap = await post(nodeA.url, '/api/district/halls/H3/events', batch(1, [2, 3, 4]), key);
		expect(overlap).toMatchObject({ status: 200, body: { ackedSeq: 4 } });
		expect(await stored('H3')).toEqual({ count: 4, maxSeq: 4 });

		const gap = await post(nodeA.url, '/api/district/halls/H3/events', batch(6, [7, 8]), key);
		expect(gap.status).toBe(409);
		expect(gap.body.error).toMatchObject({ code: 'upstream_gap', details: { ackedSeq: 4 } });
		const backwards = await post(nodeA.url, '/api/district/halls/H3/events', batch(4, [6, 5]), key);
		expect(backwards.status).toBe(400);
		expect(backwards.body.error.code).toBe('bad_request');
		expect(await stored('H3')).toEqual({ count: 4, maxSeq: 4 });

		// The log itself refuses to be rewritten.
		await expect(db.query("UPDATE events SET type = 'x' WHERE hall_id = 'H3'")).rejects.toThrow(/append-only/);
	});
});

describe('a hub that dies or is away', () => {
	it('kill -9 of a node mid-stream, then a restart: every event stored exactly once', async () => {
		addHall('H4', '北湖街道党群服务中心');
		const port = await freePort();
		let node = await startHubProcess(databaseUrl, port);
		const hall = await startTestHall({ hallFile: hallFileFor('H4', node.url), upstream: { ...FAST_RETRY, batchSize: 50 } });
		halls.push(hall);
		try {
			issue(hall, 1500);
			await eventually(async () => (await stored('H4')).count > 100, 'some of H4 shipped');
			await node.kill9();
			const partial = await stored('H4');
			expect(partial.count).toBeLessThan(hallLog(hall).count);
			issue(hall, 200);
			node = await startHubProcess(databaseUrl, port);
			await eventually(async () => (await stored('H4')).maxSeq === hallLog(hall).maxSeq, 'H4 caught up after the restart', 60_000);
			expect(await stored('H4')).toEqual(hallLog(hall));
		} finally {
			await node.stop();
		}
	});

	it('down for 2,000 hall events: every command succeeds, the link backs off, and catches up after', async () => {
		addHall('H5', '中山街道党群服务中心');
		const port = await freePort();
		const hall = await startTestHall({ hallFile: hallFileFor('H5', `http://127.0.0.1:${port}`), upstream: { ...FAST_RETRY, retryMaxMs: 1000 } });
		halls.push(hall);
		const before = hallLog(hall).maxSeq;
		issue(hall, 2000);
		expect(hallLog(hall).maxSeq - before).toBe(2000);
		await eventually(() => hall.app.upstream.status().lastError !== null, 'the link noticed the hub is away');
		const away = hall.app.upstream.status();
		expect(away.connected).toBe(false);
		expect(away.behind).toBe(hallLog(hall).count);
		expect(away.lastError!.code).toBe('unreachable');
		// Back-off, not a request per command.
		expect(away.attempts).toBeLessThan(50);

		const node = await startHub(databaseUrl, port);
		try {
			await eventually(async () => (await stored('H5')).maxSeq === hallLog(hall).maxSeq, 'H5 caught up', 60_000);
			expect(await stored('H5')).toEqual(hallLog(hall));
			await eventually(() => hall.app.upstream.status().connected && hall.app.upstream.status().behind === 0, 'H5 shows connected');
		} finally {
			await hall.stop();
			await node.close();
		}
	});
});

describe('the dashboard’s day counters', () => {
	it('equal a count of each hall’s tickets after every stream above (batches, replays, a killed node)', async () => {
		const { rows: kept } = await db.query<{ hall_id: string; day: string; issued: number; served: number; waiting: number }>(
			'SELECT hall_id, day, issued, served, waiting FROM hall_days ORDER BY hall_id, day'
		);
		const { rows: counted } = await db.query<{ hall_id: string; day: string; issued: number; served: number; waiting: number }>(
			`SELECT hall_id, day, count(*)::int AS issued, (count(*) FILTER (WHERE status = 'done'))::int AS served,
				(count(*) FILTER (WHERE status IN ('waiting', 'transferred')))::int AS waiting
			 FROM tickets WHERE day IS NOT NULL GROUP BY hall_id, day ORDER BY hall_id, day`
		);
		expect(counted.length).toBeGreaterThanOrEqual(4);
		expect(counted.some((r) => r.served > 0 && r.waiting > 0)).toBe(true);
		expect(kept).toEqual(counted);
	});
});
