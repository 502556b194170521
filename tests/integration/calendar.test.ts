// The holiday calendar past the package's data: statutory days counted before any notice,
// the State Council notice pasted in (preview changes nothing; apply is audited, logged and
// recounts open deadlines), and a calendar change moving open deadlines but never closed ones.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHall, TestClock, type TestHall } from '../support/test-hall.ts';

/** Sunday 2026-12-20 10:00 in Shanghai: the package's data ends in eleven days. */
const DEC_20 = Date.parse('2026-12-20T02:00:00Z');

/** An invented 2027 schedule in the notice's words (the real one is not out yet). */
const NOTICE_2027 = readFileSync(new URL('../../server/calendar/fixtures/notice-2027-invented.txt', import.meta.url), 'utf8');

const NOTICE_2026 = readFileSync(new URL('../../server/calendar/fixtures/notice-2026.txt', import.meta.url), 'utf8');

let hall: TestHall;
let staff: string;
let director: string;

beforeEach(async () => {
	hall = await startTestHall({ clock: new TestClock(DEC_20) });
	staff = await hall.login('staff1');
	director = await hall.login('director');
});

afterEach(async () => {
	await hall.close();
});

async function openCase(timeLimitDays: number, resolution: 'agency' | 'on_the_spot' = 'agency') {
	const opened = await hall.api('/api/cases', {
		token: staff,
		body: { personName: '张三', personPhone: '13812341234', content: '电话咨询', resolution, timeLimitDays }
	});
	expect(opened.status).toBe(201);
	return opened.body;
}

async function fileComplaint() {
	const filed = await hall.api('/api/complaints', { body: { category: 'complaint', content: '窗口排队太久', station: 'K1' } });
	expect(filed.status).toBe(201);
	return filed.body;
}

const caseById = async (id: string) => (await hall.api(`/api/cases/${id}`, { token: staff })).body;
const complaintByRef = async (reference: string) =>
	(await hall.api('/api/console/complaints', { token: director })).body.find((c: { reference: string }) => c.reference === reference);

describe('before any notice: statutory holidays of 2027', () => {
	it('counts 2026-12-20 + 15 working days to 2027-01-11 for cases and complaints, flagged as beyond the schedule', async () => {
		const opened = await openCase(15);
		expect(opened).toMatchObject({ acceptedDate: '2026-12-20', dueDate: '2027-01-11', beyondKnownSchedule: true });
		const complaint = await fileComplaint();
		expect(complaint).toMatchObject({ dueDate: '2027-01-11', beyondKnownSchedule: true });
		expect(await complaintByRef(complaint.reference)).toMatchObject({ dueDate: '2027-01-11', beyondKnownSchedule: true, dueDateChange: null });
	});

	it('says which years are covered and how', async () => {
		const coverage = await hall.api('/api/console/calendar/coverage?from=2026&to=2028', { token: director });
		expect(coverage.body).toEqual({
			today: '2026-12-20',
			years: [
				{ year: 2026, coverage: 'published', source: 'package' },
				{ year: 2027, coverage: 'statutory', source: 'statutory' },
				{ year: 2028, coverage: 'statutory', source: 'statutory' }
			]
		});
		const year = (await hall.api('/api/console/calendar?year=2027', { token: director })).body;
		expect(year).toMatchObject({ year: 2027, coverage: 'statutory', knownThroughYear: 2026, appliedAt: null });
		expect(year.statutory).toHaveLength(13);
		expect(year.official['2027-01-01']).toBe('holiday');
		expect((await hall.api('/api/console/calendar/coverage?from=2026&to=2040', { token: director })).status).toBe(400);
		expect((await hall.api('/api/console/calendar/coverage?from=2026&to=2028', { token: staff })).status).toBe(403);
	});
});

describe('the pasted notice', () => {
	it('previews a notice without changing anything', async () => {
		const opened = await openCase(40);
		expect(opened.dueDate).toBe('2027-02-17');
		const before = (await hall.api('/api/console/config', { token: director })).body;
		const preview = await hall.api('/api/console/calendar/notice', { token: director, body: { text: NOTICE_2027 } });
		expect(preview.status).toBe(200);
		expect(preview.body).toMatchObject({ year: 2027, coverage: 'statutory', affected: 1 });
		expect(preview.body.holidays).toHaveLength(3 + 8 + 3 + 5 + 1 + 1 + 7);
		expect(preview.body.workdays).toEqual(['2027-02-20', '2027-04-25', '2027-05-08', '2027-09-26', '2027-10-09']);
		// Against the statutory guess: the 调休 days and the make-up working days are what is new.
		expect(preview.body.changes.filter((d: { after: boolean }) => !d.after).map((d: { date: string }) => d.date)).toEqual([
			'2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-05-03', '2027-05-04', '2027-05-05', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'
		]);
		expect(preview.body.changes.filter((d: { after: boolean }) => d.after).map((d: { date: string }) => d.date)).toEqual(preview.body.workdays);
		expect((await hall.api('/api/console/config', { token: director })).body).toEqual(before);
		expect(await caseById(opened.id)).toMatchObject({ dueDate: '2027-02-17', beyondKnownSchedule: true, dueDateChanges: [] });
		const audit = (await hall.api('/api/console/audit', { token: director })).body;
		expect(audit.some((e: { action: string }) => e.action === 'calendar:notice')).toBe(false);
	});

	it('refuses text it cannot read with 400 naming the line, and changes nothing', async () => {
		const text = NOTICE_2027.replace('共8天', '共9天');
		const res = await hall.api('/api/console/calendar/notice/apply', { token: director, body: { text } });
		expect(res.status).toBe(400);
		expect(res.body.error).toMatchObject({ code: 'notice_unreadable', details: { line: 5 } });
		expect(res.body.error.message).toContain('第 5 行无法识别');
		expect((await hall.api('/api/console/calendar/notice', { token: director, body: { text: '你好' } })).body.error.details.line).toBe(1);
		expect((await hall.api('/api/console/calendar/notice', { token: director, body: { text: '' } })).status).toBe(400);
		expect((await hall.api('/api/console/calendar/notice', { token: staff, body: { text: NOTICE_2027 } })).status).toBe(403);
		// A notice missing a festival's line would turn a statutory holiday into a working day.
		const partial = NOTICE_2027.split('\n').filter((line) => !line.startsWith('五、')).join('\n');
		const refused = await hall.api('/api/console/calendar/notice', { token: director, body: { text: partial } });
		expect(refused.status).toBe(400);
		expect(refused.body.error.message).toContain('端午节（2027-06-09）');
		expect((await hall.api('/api/console/calendar?year=2027', { token: director })).body.coverage).toBe('statutory');
	});

	it('applies a notice: audited, a config event in the log, open deadlines recounted with old date, new date and why; closed ones untouched', async () => {
		const short = await openCase(15);
		const long = await openCase(40);
		const closed = await openCase(40, 'on_the_spot');
		const complaint = await fileComplaint();
		const events = (hall.store.db.prepare(`SELECT COUNT(*) AS n FROM events WHERE type = 'config:changed'`).get() as { n: number }).n;

		const applied = await hall.api('/api/console/calendar/notice/apply', { token: director, body: { text: NOTICE_2027 } });
		expect(applied.status).toBe(200);
		expect(applied.body.year).toBe(2027);
		expect(applied.body.recounted.map((r: { reference: string; from: string; to: string }) => [r.reference, r.from, r.to]).sort()).toEqual(
			[
				[short.reference, '2027-01-11', '2027-01-11'],
				[long.reference, '2027-02-17', '2027-02-22'],
				[complaint.reference, '2027-01-11', '2027-01-11']
			].sort()
		);

		expect(await caseById(long.id)).toMatchObject({
			dueDate: '2027-02-22',
			beyondKnownSchedule: false,
			dueDateChanges: [
				{
					from: '2027-02-17',
					to: '2027-02-22',
					beyondBefore: true,
					beyondAfter: false,
					at: DEC_20,
					why: expect.stringMatching(/^录入国务院2027年放假安排：2027-02-09 改为放假.*2027-02-20 改为上班/)
				}
			]
		});
		// Same date, but the schedule is now known: the flag clears, and the log says so.
		const shortNow = await caseById(short.id);
		expect(shortNow).toMatchObject({ dueDate: '2027-01-11', beyondKnownSchedule: false });
		expect(shortNow.dueDateChanges[0].why).toContain('到期日不变，放假安排已公布');
		expect(await complaintByRef(complaint.reference)).toMatchObject({
			dueDate: '2027-01-11',
			beyondKnownSchedule: false,
			dueDateChange: { from: '2027-01-11', to: '2027-01-11', beyondBefore: true, beyondAfter: false }
		});
		// Nothing closed is touched.
		expect(await caseById(closed.id)).toMatchObject({ status: 'done', dueDate: '2027-02-17', dueDateChanges: [] });

		// Audited, and an event in the hall's log.
		const audit = (await hall.api('/api/console/audit', { token: director })).body;
		expect(audit.find((e: { action: string }) => e.action === 'calendar:notice')).toMatchObject({ target: '2027', staffName: expect.any(String) });
		expect((hall.store.db.prepare(`SELECT COUNT(*) AS n FROM events WHERE type = 'config:changed'`).get() as { n: number }).n).toBe(events + 1);
		const file = (await hall.api('/api/console/config', { token: director })).body;
		expect(file.hours.published['2027']).toMatchObject({ workdays: ['2027-02-20', '2027-04-25', '2027-05-08', '2027-09-26', '2027-10-09'], appliedAt: DEC_20 });

		// The year is now known: new deadlines are not flagged, and the console sees the year as published.
		expect(await openCase(40)).toMatchObject({ dueDate: '2027-02-22', beyondKnownSchedule: false });
		expect((await hall.api('/api/console/calendar?year=2027', { token: director })).body).toMatchObject({
			coverage: 'published',
			source: 'notice',
			knownThroughYear: 2027
		});
	});

	it('recounts a 差评 follow-up like any open case', async () => {
		await hall.api('/api/windows/1/sign-in', { method: 'POST', token: staff });
		await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } });
		await hall.api('/api/windows/1/call-next', { method: 'POST', token: staff });
		await hall.api('/api/windows/1/start', { method: 'POST', token: staff });
		await hall.api('/api/windows/1/finish', { body: { outcome: 'done' }, token: staff });
		const rated = await hall.api('/api/windows/1/rating', { body: { grade: 1 } });
		expect(rated.status).toBe(201);
		const [followUp] = (await hall.api('/api/cases?status=open', { token: staff })).body;
		expect(followUp).toMatchObject({ source: 'evaluation', dueDate: '2027-01-11', beyondKnownSchedule: true });
		const applied = await hall.api('/api/console/calendar/notice/apply', { token: director, body: { text: NOTICE_2027 } });
		expect(applied.body.recounted).toEqual([expect.objectContaining({ kind: 'case', reference: followUp.reference, beyondAfter: false })]);
		expect(await caseById(followUp.id)).toMatchObject({ dueDate: '2027-01-11', beyondKnownSchedule: false });
	});

	it('pasting the 2026 notice changes no 2026 day and moves no deadline', async () => {
		const opened = await openCase(15);
		const preview = await hall.api('/api/console/calendar/notice', { token: director, body: { text: NOTICE_2026 } });
		expect(preview.body).toMatchObject({ year: 2026, coverage: 'published', changes: [], affected: 0 });
		const applied = await hall.api('/api/console/calendar/notice/apply', { token: director, body: { text: NOTICE_2026 } });
		expect(applied.body).toMatchObject({ changes: [], recounted: [] });
		expect(await caseById(opened.id)).toMatchObject({ dueDate: '2027-01-11', dueDateChanges: [] });
	});
});

describe('any calendar change moves open deadlines', () => {
	it('a day the director edits in the hall file recounts, and a complaint due date set by hand stays', async () => {
		const opened = await openCase(15);
		const complaint = await fileComplaint();
		const other = await fileComplaint();
		const id = (await complaintByRef(other.reference)).id;
		expect((await hall.api(`/api/console/complaints/${id}`, { method: 'PATCH', token: director, body: { dueDate: '2027-01-20' } })).status).toBe(200);

		const file = (await hall.api('/api/console/config', { token: director })).body;
		file.hours.overrides['2027-01-04'] = 'holiday';
		expect((await hall.api('/api/console/config', { method: 'PUT', token: director, body: file })).status).toBe(200);

		const moved = await caseById(opened.id);
		expect(moved).toMatchObject({ dueDate: '2027-01-12', beyondKnownSchedule: true });
		expect(moved.dueDateChanges).toEqual([
			expect.objectContaining({ from: '2027-01-11', to: '2027-01-12', why: '大厅节假日调整：2027-01-04 改为放假' })
		]);
		expect((await complaintByRef(complaint.reference)).dueDate).toBe('2027-01-12');
		expect(await complaintByRef(other.reference)).toMatchObject({ dueDate: '2027-01-20', dueDateChange: null });

		// A save that changes no day moves nothing.
		const renamed = (await hall.api('/api/console/config', { token: director })).body;
		renamed.complaintPhone = '0571-12345678';
		await hall.api('/api/console/config', { method: 'PUT', token: director, body: renamed });
		expect((await caseById(opened.id)).dueDateChanges).toHaveLength(1);
	});

	it('a deadline counted without the statutory days (an older hall) is put right at the next start', async () => {
		const opened = await openCase(15);
		hall.store.db.prepare(`UPDATE cases SET due_date = '2027-01-08' WHERE id = ?`).run(opened.id);
		await hall.stop();
		hall = await startTestHall({ clock: new TestClock(DEC_20), dataDir: hall.dataDir });
		staff = await hall.login('staff1');
		const fixed = await caseById(opened.id);
		expect(fixed).toMatchObject({ dueDate: '2027-01-11', dueDateChanges: [expect.objectContaining({ from: '2027-01-08', to: '2027-01-11', why: '节假日数据更新后重新计算' })] });
	});
});
