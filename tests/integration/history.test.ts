// Years of history (issue 16): reports from daily rollups plus today live, equal to a count
// over every ticket; rollups rebuilt from the event log equal the stored ones; a closed year
// moves to its archive file, checked, and reports, rebuilds, 档案查阅 and backups still work.

import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeHistory, type HistoryClock } from '../../bench/history-data.ts';
import type { HallApp } from '../../server/app.ts';
import { instantOf } from '../../server/core/calendar.ts';
import { archiveYear, archives, verifyArchives } from '../../server/history/archive.ts';
import type { PeriodReport } from '../../server/history/reader.ts';
import { rebuildRollups } from '../../server/history/rebuild.ts';
import { backupHall } from '../../server/store/backup.ts';
import { storedRollupRows } from '../../server/store/rollup-store.ts';
import { Store } from '../../server/store/store.ts';
import { demoHallFile } from '../support/test-hall.ts';

const TZ = 'Asia/Shanghai';
let dir: string | null = null;
let app: HallApp | null = null;

afterEach(async () => {
	await app?.close();
	app = null;
	if (dir) rmSync(dir, { recursive: true, force: true });
	dir = null;
});

async function history(firstDay: string, days: number, ticketsPerDay: number): Promise<{ app: HallApp; store: Store; clock: HistoryClock; dataDir: string }> {
	dir = mkdtempSync(join(tmpdir(), 'jiaohao-history-'));
	const store = new Store(join(dir, 'hall.db'));
	const made = await makeHistory({ store, hallFile: demoHallFile(), dataDir: dir, firstDay, days, ticketsPerDay, rateEvery: 3, keepOpen: true });
	app = made.app;
	return { app: made.app, store, clock: made.clock, dataDir: dir };
}

/** The test closed the app itself (the commands need the database to themselves). */
function resetApp(): void {
	app = null;
}

function ok<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
	if (!result.ok) throw new Error(result.error.message);
	return result.value;
}

/** Nearest-rank p90 and average in minutes, over raw durations: the old report's own arithmetic. */
function rawStats(ms: number[]) {
	if (ms.length === 0) return { count: 0, averageMinutes: null, p90Minutes: null };
	const sorted = [...ms].sort((a, b) => a - b);
	const minutes = (v: number) => Math.round((v / 60_000) * 10) / 10;
	return { count: ms.length, averageMinutes: minutes(sorted.reduce((a, b) => a + b, 0) / sorted.length), p90Minutes: minutes(sorted[Math.max(0, Math.ceil(0.9 * sorted.length) - 1)]) };
}

/** An independent count: every ticket row (after a flush), with the service it was taken for read from its prefix. */
function countFromTickets(store: Store, from: string, to: string) {
	const prefixes = new Map(demoHallFile().services.map((s) => [s.prefix, s.id]));
	const tickets = store.db.prepare(`SELECT * FROM tickets WHERE day >= ? AND day <= ?`).all(from, to) as Record<string, never>[];
	const byService = new Map<string, { issued: number; done: number; refused: number; noShow: number; expired: number; transferredAway: number; wait: number[]; service: number[] }>();
	for (const t of tickets) {
		const id = prefixes.get(t.prefix)!;
		const s = byService.get(id) ?? { issued: 0, done: 0, refused: 0, noShow: 0, expired: 0, transferredAway: 0, wait: [], service: [] };
		byService.set(id, s);
		s.issued++;
		if (t.status === 'done') s.done++;
		if (t.status === 'refused') s.refused++;
		if (t.status === 'no_show') s.noShow++;
		if (t.status === 'expired') s.expired++;
		if (JSON.parse(t.transfers).length > 0) s.transferredAway++;
		if (t.called_at !== null) s.wait.push((t.called_at as number) - (t.issued_at as number));
		const start = (t.started_at ?? t.called_at) as number | null;
		if ((t.status === 'done' || t.status === 'refused') && start !== null) s.service.push((t.ended_at as number) - start);
	}
	return { tickets: tickets.length, byService };
}

function expectReportMatchesTickets(report: PeriodReport, store: Store) {
	const oracle = countFromTickets(store, report.from, report.to);
	expect(report.totals.issued).toBe(oracle.tickets);
	for (const row of report.services) {
		const o = oracle.byService.get(row.serviceId);
		if (!o) {
			expect(row.issued).toBe(0);
			continue;
		}
		expect({ ...row, serviceName: undefined, transferredIn: undefined }).toEqual({
			serviceId: row.serviceId,
			serviceName: undefined,
			transferredIn: undefined,
			issued: o.issued,
			done: o.done,
			refused: o.refused,
			noShow: o.noShow,
			expired: o.expired,
			transferredAway: o.transferredAway,
			wait: rawStats(o.wait),
			service: rawStats(o.service)
		});
	}
}

describe('reports from daily rollups', { timeout: 120_000 }, () => {
	it('sums the closed days and today, live from the event log (no flush), equal to a count over every ticket', async () => {
		const { app, store, clock } = await history('2026-03-02', 3, 150);
		// Day 4 opens: the first command closes day 3; the closing runs in the worker.
		clock.ms = instantOf('2026-03-05', '09:00', TZ);
		const issued = Array.from({ length: 5 }, () => ok(app.hall.issueTicket({ serviceId: 'party-transfer', priority: 'normal', station: null, idempotencyKey: null }, undefined, crypto.randomUUID())));
		// Today's tickets are only in the event log yet (the projection is saved a moment later).
		const projected = (store.db.prepare(`SELECT COUNT(*) AS n FROM tickets WHERE day = '2026-03-05'`).get() as { n: number }).n;
		expect(projected).toBe(0);
		const today = ok(await app.history.period('2026-03-05', '2026-03-05'));
		expect(today.totals.issued).toBe(issued.length);
		expect(today.services.find((s) => s.serviceId === 'party-transfer')!.issued).toBe(issued.length);

		await app.history.closeDays();
		const days = (store.db.prepare(`SELECT day FROM rollup_days ORDER BY day`).all() as { day: string }[]).map((r) => r.day);
		expect(days).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
		const period = ok(await app.history.period('2026-03-01', '2026-03-05'));
		expect(period.basis).toEqual({ rolledUpDays: 3, liveDays: 1 });
		app.hall.flush();
		expectReportMatchesTickets(period, store);
		expect(period.totals.issued).toBe(3 * 150 + 5);
		// Ratings and people: the windows' served counts add up to the done and refused tickets.
		const served = period.windows.reduce((a, w) => a + w.served, 0);
		expect(served).toBe(period.totals.done + period.totals.refused);
		const ratings = (store.db.prepare(`SELECT COUNT(*) AS n FROM evaluations`).get() as { n: number }).n;
		expect(ratings).toBeGreaterThan(0);
		expect(period.windows.reduce((a, w) => a + w.ratings, 0)).toBe(ratings);
		expect(period.hours.reduce((a, h) => a + h.issued, 0)).toBe(period.totals.issued);
		expect(period.attendance.length).toBe(3 * app.hall.state.config.windows.length);
	});

	it('rebuilds every rollup from the event log, equal to the ones stored when each day closed', async () => {
		const { app, store, clock } = await history('2026-03-02', 3, 120);
		clock.ms = instantOf('2026-03-05', '09:00', TZ);
		app.hall.rollover();
		await app.history.closeDays();
		const live = storedRollupRows(store.db);
		expect(live.length).toBeGreaterThan(3 * 10);
		const result = rebuildRollups(store.db, dir!, TZ, app.hall.state.day, clock.ms);
		expect(result).toMatchObject({ days: 3, tickets: 360, lastDay: '2026-03-04' });
		expect(storedRollupRows(store.db)).toEqual(live);
	});

	it('counts a transferred ticket under the service it was taken for, and as transferred in under the target', async () => {
		const { app, clock } = await history('2026-03-02', 0, 0);
		clock.ms = instantOf('2026-03-02', '09:00', TZ);
		app.hall.rollover();
		const staff = ['history-staff-1', 'history-staff-5'];
		app.hall.windowCommand({ type: 'sign-in', windowId: '1', staffId: staff[0] });
		app.hall.windowCommand({ type: 'sign-in', windowId: '5', staffId: staff[1] });
		ok(app.hall.issueTicket({ serviceId: 'party-transfer', priority: 'normal', station: null, idempotencyKey: null }, undefined, crypto.randomUUID()));
		ok(app.hall.windowCommand({ type: 'call-next', windowId: '1', staffId: staff[0] }));
		ok(app.hall.windowCommand({ type: 'transfer', windowId: '1', staffId: staff[0], toServiceId: 'volunteer', toWindowId: null, note: '志愿者登记' }));
		ok(app.hall.windowCommand({ type: 'call-next', windowId: '5', staffId: staff[1] }));
		ok(app.hall.windowCommand({ type: 'start', windowId: '5', staffId: staff[1] }));
		ok(app.hall.windowCommand({ type: 'finish', windowId: '5', staffId: staff[1], outcome: 'done', reason: null }));
		const report = ok(await app.history.period('2026-03-02', '2026-03-02'));
		const row = (id: string) => report.services.find((s) => s.serviceId === id)!;
		expect(row('party-transfer')).toMatchObject({ issued: 1, done: 1, transferredAway: 1, transferredIn: 0 });
		expect(row('volunteer')).toMatchObject({ issued: 0, done: 0, transferredIn: 1 });
		expect(report.totals).toMatchObject({ issued: 1, done: 1, transfers: 1 });
		expect(report.windows.find((w) => w.id === '5')!.served).toBe(1);
	});
});

describe('yearly archive', { timeout: 120_000 }, () => {
	it('moves a closed year to its file, checked by integrity and hash chain; reports, rebuilds, 档案查阅 and backups go on', async () => {
		const { app, store, clock, dataDir } = await history('2025-12-30', 3, 60);
		clock.ms = instantOf('2026-01-02', '09:00', TZ);
		app.hall.rollover();
		await app.history.closeDays();
		const before = ok(await app.history.period('2025-12-01', '2026-01-01'));
		// December is closed and whole: it is read from its month rollup, and says what its days say.
		const viaMonth = ok(await app.history.period('2025-12-01', '2025-12-31'));
		const viaDays = ok(await app.history.period('2025-12-02', '2025-12-31'));
		expect(viaMonth.totals.issued).toBe(2 * 60);
		expect({ ...viaMonth, from: '', basis: null }).toEqual({ ...viaDays, from: '', basis: null });
		expect(store.db.prepare(`SELECT COUNT(*) AS n FROM rollup_months WHERE month = '2025-12'`).get()).not.toEqual({ n: 0 });
		const rollups = storedRollupRows(store.db);
		const oldTicket = store.db.prepare(`SELECT id FROM tickets WHERE day = '2025-12-31' AND status = 'done' LIMIT 1`).get() as { id: string };
		const eventsBefore = (store.db.prepare(`SELECT COUNT(*) AS n FROM events`).get() as { n: number }).n;

		// The archive command runs on a connection of its own, as `npm run archive -- 2025` does.
		const cli = new Database(join(dataDir, 'hall.db'));
		try {
			expect(archiveYear(cli, dataDir, 2026, TZ, clock.ms)).toMatchObject({ ok: false, error: { code: 'not_closed' } });
			const moved = archiveYear(cli, dataDir, 2025, TZ, clock.ms);
			if (!moved.ok) throw new Error(moved.error.message);
			expect(moved.value.tickets).toBe(2 * 60);
			expect(archiveYear(cli, dataDir, 2025, TZ, clock.ms)).toMatchObject({ ok: false, error: { code: 'archived' } });
		} finally {
			cli.close();
		}
		const [record] = archives(store.db);
		expect(verifyArchives(store.db, dataDir)).toEqual([expect.objectContaining({ year: 2025, ok: true, integrity: 'ok', hashMatches: true, leftInLive: 0 })]);
		// Count check: every event is in exactly one place (the configuration history stays live and is copied).
		const live = (store.db.prepare(`SELECT COUNT(*) AS n FROM events`).get() as { n: number }).n;
		const keptConfig = (store.db.prepare(`SELECT COUNT(*) AS n FROM events WHERE seq <= ? AND type = 'config:changed'`).get(record.lastSeq) as { n: number }).n;
		expect(live + record.events - keptConfig).toBe(eventsBefore);
		expect(store.db.prepare(`SELECT COUNT(*) AS n FROM tickets WHERE day < '2026-01-01'`).get()).toEqual({ n: 0 });

		// Still append-only: rows outside an archived range cannot be deleted, nor any updated.
		expect(() => store.db.prepare(`DELETE FROM events WHERE seq = (SELECT MAX(seq) FROM events)`).run()).toThrow(/append-only/);
		expect(() => store.db.prepare(`UPDATE events SET actor = 'x' WHERE seq = (SELECT MAX(seq) FROM events)`).run()).toThrow(/append-only/);
		const archive = new Database(join(dataDir, 'archive', 'hall-2025.db'));
		expect(() => archive.prepare(`DELETE FROM events WHERE seq = ?`).run(record.firstSeq)).toThrow(/append-only/);
		archive.close();

		// Reports over the archived year come from the rollups, unchanged; a rebuild reads the archive.
		expect(ok(await app.history.period('2025-12-01', '2026-01-01'))).toEqual(before);
		rebuildRollups(store.db, dataDir, TZ, app.hall.state.day, clock.ms);
		expect(storedRollupRows(store.db)).toEqual(rollups);

		// 档案查阅: the ticket's record and its whole trail, read from the archive in the worker.
		const read = await app.history.archivedTicket(join(dataDir, 'archive', record.file), oldTicket.id);
		expect(read?.ticket).toMatchObject({ id: oldTicket.id, status: 'done' });
		expect(read?.events.map((e) => e.type)).toEqual(expect.arrayContaining(['ticket:issued', 'ticket:called', 'ticket:finished']));

		// The same through the console's 档案查阅 route: found in the 2025 archive, the read logged.
		const viaRoute = await app.history.ticketRecord(oldTicket.id, 'history-staff-1');
		expect(viaRoute).toMatchObject({ ok: true, value: { source: 2025, ticket: { id: oldTicket.id } } });
		expect(store.db.prepare(`SELECT record_type, record_id FROM access_log WHERE record_id = ?`).all(oldTicket.id)).toEqual([{ record_type: 'ticket', record_id: oldTicket.id }]);

		// A backup carries the archive, checked.
		const backup = await backupHall(dataDir, join(dataDir, 'backups', 'copy.db'));
		expect(backup.integrity).toBe('ok');
		expect(backup.archives).toEqual([expect.objectContaining({ year: 2025, copied: true, ok: true })]);

		// A tampered archive is caught by its hash chain.
		const tamper = new Database(join(dataDir, 'archive', 'hall-2025.db'));
		tamper.exec(`DROP TRIGGER events_append_only_update`);
		tamper.prepare(`UPDATE events SET actor = 'someone-else' WHERE seq = ?`).run(record.firstSeq + 5);
		tamper.close();
		expect(verifyArchives(store.db, dataDir)).toEqual([expect.objectContaining({ year: 2025, ok: false, hashMatches: false })]);
	});
});

describe('exports as jobs', { timeout: 120_000 }, () => {
	it('builds the workbook in its own thread with progress, lets the director cancel one, and writes local times as Excel dates', async () => {
		const { startTestHall } = await import('../support/test-hall.ts');
		const hall = await startTestHall();
		try {
			const director = await hall.login('director', 'demo1234');
			const staff = await hall.login('staff1', 'demo1234');
			// A refusal at 10:00 local time (02:00 UTC): its time must read 10:00 in Excel.
			await hall.api('/api/windows/1/sign-in', { body: {}, token: staff });
			await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } });
			await hall.api('/api/windows/1/call-next', { body: {}, token: staff });
			await hall.api('/api/windows/1/start', { body: {}, token: staff });
			const refused = await hall.api('/api/windows/1/finish', { body: { outcome: 'refused', reason: '缺少介绍信' }, token: staff });
			expect(refused.status).toBe(200);

			expect((await hall.api('/api/console/exports', { body: { from: '2026-11-27', to: '2026-11-26' }, token: director })).status).toBe(400);
			expect((await hall.api('/api/console/exports', { body: { from: '2026-11-26', to: '2026-11-26' }, token: staff })).status).toBe(403);

			const started = await hall.api('/api/console/exports', { body: { from: '2026-11-26', to: '2026-11-26' }, token: director });
			expect(started.status).toBe(202);
			expect(started.body).toMatchObject({ state: 'running', from: '2026-11-26' });
			// A second export, cancelled at once: its thread stops, no file.
			const other = await hall.api('/api/console/exports', { body: { from: '2026-11-01', to: '2026-11-30' }, token: director });
			const cancelled = await hall.api(`/api/console/exports/${other.body.id}`, { method: 'DELETE', token: director });
			expect(cancelled.body).toMatchObject({ state: 'cancelled', message: '已取消导出' });
			expect((await hall.api(`/api/console/exports/${other.body.id}/file`, { token: director })).body.error.code).toBe('export_not_ready');

			let job = started.body;
			while (job.state === 'running') job = (await hall.api(`/api/console/exports/${job.id}`, { token: director })).body;
			expect(job).toMatchObject({ state: 'done', fileName: '统计报表-2026-11-26.xlsx' });
			expect(job.done).toBe(job.total);
			const res = await fetch(`${hall.url}/api/console/exports/${job.id}/file`, { headers: { authorization: `Bearer ${director}` } });
			expect(res.status).toBe(200);
			const ExcelJS = (await import('exceljs')).default;
			const book = new ExcelJS.Workbook();
			await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
			const refusals = book.getWorksheet('不予受理')!;
			expect(refusals.getRow(2).getCell(3).value).toBe('缺少介绍信');
			const at = refusals.getRow(2).getCell(5);
			expect(at.value).toBeInstanceOf(Date);
			// Excel holds the wall clock: 10:00 in Asia/Shanghai, the test clock's time.
			expect((at.value as Date).toISOString()).toBe('2026-11-26T10:00:00.000Z');
			expect(at.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
			// Another staff member's job is not theirs to see.
			expect((await hall.api(`/api/console/exports/${job.id}`, { token: staff })).status).toBe(403);
		} finally {
			await hall.close();
		}
	});
});

describe('the history commands', { timeout: 120_000 }, () => {
	it('npm run rollups -- rebuild and npm run archive -- verify|YEAR run against DATA_DIR', async () => {
		const { execFile } = await import('node:child_process');
		const { app, clock, dataDir } = await history('2026-03-02', 2, 30);
		clock.ms = instantOf('2026-03-04', '09:00', TZ);
		app.hall.rollover();
		await app.history.closeDays();
		await app.close();
		resetApp();
		const run = (...args: string[]) =>
			new Promise<{ code: number; out: string }>((resolve) => {
				execFile(process.execPath, ['--import', 'tsx', 'server/history/cli.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir } }, (error, stdout, stderr) =>
					resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout + stderr })
				);
			});
		expect(await run('rollups', 'rebuild')).toEqual({ code: 0, out: 'rebuilt 2 days (60 tickets) up to 2026-03-03\n' });
		expect(await run('archive', 'verify')).toEqual({ code: 0, out: 'no archives yet\n' });
		const early = await run('archive', '2026');
		expect(early.code).toBe(1);
		expect(early.out).toContain('2026 年尚未结束');
		expect((await run('nonsense')).code).toBe(2);
	});
});
