import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ask, next, startTestHall, type TestHall } from '../support/test-hall.ts';

let hall: TestHall;
let director: string;
let staff: string;

beforeEach(async () => {
	hall = await startTestHall();
	director = await hall.login('director');
	staff = await hall.login('staff1');
});

afterEach(async () => {
	await hall.close();
});

async function config() {
	return (await hall.api('/api/console/config', { token: director })).body;
}

function put(body: unknown, token = director) {
	return hall.api('/api/console/config', { method: 'PUT', body, token });
}

describe('live configuration', () => {
	it('applies an edited guide to an open kiosk without a restart, and logs who did it', async () => {
		const kiosk = await hall.socket();
		await ask(kiosk, 'kiosk:subscribe', { station: 'K1' });
		const file = await config();
		file.services[0].guide.materials.push('近期一寸免冠照片两张');
		const resync = next(kiosk, 'hall:resync');
		const saved = await put(file);
		expect(saved.status).toBe(200);
		expect((await resync).reason).toBe('config');
		const snapshot = await ask(kiosk, 'kiosk:subscribe', { station: 'K1' });
		expect(snapshot.data.services[0].guide.materials).toContain('近期一寸免冠照片两张');
		const audit = (await hall.api('/api/console/audit', { token: director })).body;
		expect(audit[0]).toMatchObject({ action: 'config:change', staffId: 'd1', staffName: '赵主任' });

		// A restart keeps the director's version, not the file it started from.
		const dataDir = hall.dataDir;
		await hall.stop();
		hall = await startTestHall({ dataDir });
		expect((await hall.api('/api/services')).body[0].guide.materials).toContain('近期一寸免冠照片两张');
	});

	it('refuses a save made over a copy someone else has saved since (If-Match), and changes nothing', async () => {
		const load = async () => {
			const res = await fetch(`${hall.url}/api/console/config`, { headers: { authorization: `Bearer ${director}` } });
			return { tag: res.headers.get('etag'), file: await res.json() };
		};
		const save = (file: unknown, tag: string | null) =>
			fetch(`${hall.url}/api/console/config`, {
				method: 'PUT',
				headers: { authorization: `Bearer ${director}`, 'content-type': 'application/json', ...(tag ? { 'if-match': tag } : {}) },
				body: JSON.stringify(file)
			});
		// Two console tabs (or two directors) load the same file.
		const first = await load();
		const second = await load();
		expect(first.tag).toMatch(/^"[\w-]{22}"$/);
		expect(second.tag).toBe(first.tag);

		first.file.complaintPhone = '0571-11111111';
		const saved = await save(first.file, first.tag);
		expect(saved.status).toBe(200);
		const newTag = saved.headers.get('etag');
		expect(newTag).not.toBe(first.tag);

		second.file.hallName = '另一个名字';
		const stale = await save(second.file, second.tag);
		expect(stale.status).toBe(412);
		expect((await stale.json()).error).toMatchObject({ code: 'config_conflict', message: expect.stringContaining('已被其他人修改') });
		const now = await load();
		expect(now.tag).toBe(newTag);
		expect(now.file.complaintPhone).toBe('0571-11111111');
		expect(now.file.hallName).not.toBe('另一个名字');

		// Redone on the latest copy, it goes through.
		now.file.hallName = '另一个名字';
		expect((await save(now.file, now.tag)).status).toBe(200);
	});

	it('refuses a duplicate prefix, overlapping hours, removing a staffed window, and non-directors', async () => {
		const before = hall.app.hall.version;
		const duplicate = await config();
		duplicate.services[1].prefix = 'A';
		const dup = await put(duplicate);
		expect(dup.status).toBe(400);
		expect(dup.body.error.message).toContain('号码前缀重复');

		const overlap = await config();
		overlap.hours.workday = [['08:30', '12:00'], ['11:00', '18:00']];
		expect((await put(overlap)).body.error.message).toContain('办公时段有重叠');

		await hall.api('/api/windows/6/sign-in', { method: 'POST', token: await hall.login('staff6') });
		const removed = await config();
		removed.windows = removed.windows.filter((w: { id: string }) => w.id !== '6');
		const inUse = await put(removed);
		expect(inUse.status).toBe(409);
		expect(inUse.body.error.code).toBe('window_in_use');

		expect((await put(await config(), staff)).status).toBe(403);
		expect((await hall.api('/api/console/config', { token: staff })).status).toBe(403);
		// Only the sign-in above changed anything.
		expect(hall.app.hall.version).toBe(before + 1);
	});

	it('refuses to disable a staff member signed in at a window', async () => {
		await hall.api('/api/windows/2/sign-in', { method: 'POST', token: staff });
		const res = await hall.api('/api/console/staff/s1', { method: 'PATCH', token: director, body: { disabled: true } });
		expect(res.status).toBe(409);
		expect(res.body.error.code).toBe('staff_signed_in');
		const created = await hall.api('/api/console/staff', {
			token: director,
			body: { username: 'newbie', name: '孙新', staffNo: 'DQ010', role: 'staff', password: 'welcome-123' }
		});
		expect(created.status).toBe(201);
		expect((await hall.api('/api/console/staff/' + created.body.id, { method: 'PATCH', token: director, body: { disabled: true } })).status).toBe(200);
		expect((await hall.api('/api/session', { body: { username: 'newbie', password: 'welcome-123' } })).body.error.code).toBe('forbidden');
	});
});

describe('notices and objections', () => {
	it('publishes a notice, takes an objection from the kiosk, and will not pass it until answered', async () => {
		const notice = await hall.api('/api/console/notices', {
			token: director,
			body: { title: '社区党员先锋岗人选公示', body: '拟推选王*同志。', category: '组织建设', publishFrom: '2026-11-26', publishTo: '2026-12-03', publish: true }
		});
		expect(notice.status).toBe(201);
		const id = notice.body.id;
		expect((await hall.api('/api/notices')).body.map((n: { id: string }) => n.id)).toContain(id);
		const objection = await hall.api(`/api/notices/${id}/objections`, { body: { name: '钱七', phone: '13600001111', content: '王某某不符合条件' } });
		const objections = await hall.api(`/api/console/notices/${id}/objections`, { token: director });
		expect(objections.body).toEqual([expect.objectContaining({ reference: objection.body.reference, name: '钱七', phone: '13600001111', answer: null })]);
		const early = await hall.api(`/api/console/notices/${id}/close`, { method: 'POST', token: director });
		expect(early.status).toBe(409);
		await hall.api(`/api/console/objections/${objections.body[0].id}/answer`, { token: director, body: { answer: '经核实，符合条件，已电话答复' } });
		expect((await hall.api(`/api/console/notices/${id}/close`, { method: 'POST', token: director })).body.status).toBe('passed');
		const past = await hall.api('/api/console/notices', {
			token: director,
			body: { title: '过期', body: '正文', category: '其他', publishFrom: '2026-11-01', publishTo: '2026-11-10' }
		});
		expect(past.status).toBe(400);
		// Reading the objector's phone left a line in the access log.
		expect((await hall.api('/api/console/access-log', { token: director })).body[0]).toMatchObject({ recordType: 'objection', staffId: 'd1' });
	});
});

describe('complaints inbox', () => {
	it('takes a phone complaint from staff and lets the director answer and close it', async () => {
		const logged = await hall.api('/api/console/complaints', { token: staff, body: { category: 'complaint', content: '电话反映窗口排队太久', contactName: '周八', contactPhone: '13511112222' } });
		expect(logged.status).toBe(201);
		const inbox = (await hall.api('/api/console/complaints', { token: director })).body;
		expect(inbox[0]).toMatchObject({ reference: logged.body.reference, source: 'phone', contactName: '周*', contactPhone: '135****2222', status: 'open' });
		expect((await hall.api('/api/console/complaints', { token: staff })).status).toBe(403);
		const past = await hall.api(`/api/console/complaints/${inbox[0].id}`, { method: 'PATCH', token: director, body: { dueDate: '2026-01-01' } });
		expect(past.body.error.message).toContain('不能早于今天');
		const answered = await hall.api(`/api/console/complaints/${inbox[0].id}`, { method: 'PATCH', token: director, body: { answer: '已增开窗口并回电致歉' } });
		expect(answered.body.status).toBe('answered');
	});
});

describe('reports', () => {
	it('counts the tickets of the period, and the .xlsx holds the same numbers', async () => {
		await hall.api('/api/windows/1/sign-in', { method: 'POST', token: staff });
		for (let i = 0; i < 4; i++) await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } });
		const act = (verb: string, body: unknown = {}) => hall.api(`/api/windows/1/${verb}`, { token: staff, body });
		for (const outcome of ['done', 'done', 'refused']) {
			await act('call-next');
			await act('start');
			hall.clock.advance(5 * 60_000);
			await act('finish', outcome === 'done' ? { outcome } : { outcome, reason: '缺少介绍信' });
		}
		await hall.api('/api/windows/1/rating', { body: { grade: 1 } });
		const report = (await hall.api('/api/console/reports?from=2026-11-26&to=2026-11-26', { token: director })).body;
		const party = report.services.find((s: { serviceId: string }) => s.serviceId === 'party-transfer');
		expect(party).toMatchObject({ issued: 4, done: 2, refused: 1, service: { count: 3, averageMinutes: 5, p90Minutes: 5 } });
		expect(report.refusals).toEqual([expect.objectContaining({ number: 'A003', reason: '缺少介绍信', staffName: '王丽' })]);
		expect(report.windows.find((w: { id: string }) => w.id === '1')).toMatchObject({ served: 3, ratings: 1, badRatings: 1 });
		expect(report.cases.open).toBe(1); // the follow-up of the bad rating

		const res = await fetch(`${hall.url}/api/console/reports.xlsx?from=2026-11-26&to=2026-11-26`, { headers: { authorization: `Bearer ${director}` } });
		expect(res.headers.get('content-type')).toContain('spreadsheetml');
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
		const sheet = book.getWorksheet('按业务')!;
		expect(sheet.getRow(1).values).toEqual(expect.arrayContaining(['业务', '取号', '办结', '不予受理']));
		const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === '党组织关系转接')!;
		expect([row.getCell(2).value, row.getCell(3).value, row.getCell(4).value]).toEqual([4, 2, 1]);
	});
});

describe('archives (档案查阅)', () => {
	it('refuses personal data of a closed case without approval, shows it with approval, and logs the read', async () => {
		const opened = await hall.api('/api/cases', { token: staff, body: { serviceId: 'archives', personName: '吴九', personPhone: '13344445555', content: '查阅档案', resolution: 'on_the_spot' } });
		const id = opened.body.id;
		expect(opened.body).toMatchObject({ status: 'done', personName: '吴*', personDataMasked: true });
		const request = await hall.api(`/api/cases/${id}/access-requests`, { token: staff, body: { reason: '补开证明需核对联系电话' } });
		expect(request.status).toBe(201);
		expect((await hall.api(`/api/cases/${id}`, { token: staff })).body.personPhone).toBe('133****5555');
		const pending = (await hall.api('/api/console/access-requests', { token: director })).body;
		expect(pending[0]).toMatchObject({ status: 'pending', reason: '补开证明需核对联系电话', requestedByName: '王丽' });
		await hall.api(`/api/console/access-requests/${request.body.id}/decide`, { token: director, body: { approve: true } });
		const read = await hall.api(`/api/cases/${id}`, { token: staff });
		expect(read.body).toMatchObject({ personName: '吴九', personPhone: '13344445555', personDataMasked: false });
		const log = (await hall.api('/api/console/access-log', { token: director })).body;
		expect(log[0]).toMatchObject({ recordType: 'case', recordId: id, staffId: 's1', requestId: request.body.id });
		// The log cannot be edited, not even by the database's own statements.
		expect(() => hall.store.db.prepare('DELETE FROM access_log').run()).toThrow(/append-only/);
		// An approval runs out.
		hall.clock.advance(25 * 3600_000);
		const later = await hall.login('staff1');
		expect((await hall.api(`/api/cases/${id}`, { token: later })).body.personDataMasked).toBe(true);
	});
});
