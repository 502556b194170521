// 值班: the director sets who is on duty on a day; the people on that day's roster keep the
// duty log from their own login; nobody else writes in it, a day gone by cannot be
// rearranged, and nothing in the log can be changed afterwards.

import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestHall, type TestHall } from '../support/test-hall.ts';

let hall: TestHall;
let director: string;

beforeEach(async () => {
	hall = await startTestHall();
	director = await hall.login('director');
});

afterEach(async () => {
	await hall.close();
});

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(hall.clock.now());

it('rosters staff for today and the coming Saturday, and only they keep today’s log', async () => {
	const day = today();
	const set = await hall.api(`/api/console/duty/${day}`, {
		method: 'PUT',
		token: director,
		body: { people: [{ staffId: 's2', role: 'member' }, { staffId: 'd1', role: 'leader' }] }
	});
	expect(set.status).toBe(200);
	// The leader (带班领导) first, whatever order the director picked them in.
	expect(set.body.people.map((p: { staffId: string; role: string }) => [p.staffId, p.role])).toEqual([
		['d1', 'leader'],
		['s2', 'member']
	]);
	// Saturday: a rest day by the calendar, the hall's duty day.
	const holiday = await hall.api('/api/console/duty/2026-11-28', { method: 'PUT', token: director, body: { people: [{ staffId: 's3', role: 'member' }] } });
	expect(holiday.status).toBe(200);
	expect(holiday.body).toMatchObject({ day: '2026-11-28', workingDay: false });

	const onDuty = await hall.login('staff2');
	const offDuty = await hall.login('staff1');
	expect((await hall.api('/api/duty/today', { token: onDuty })).body).toMatchObject({ day, onDuty: true, log: [] });
	expect((await hall.api('/api/duty/today', { token: offDuty })).body.onDuty).toBe(false);

	const written = await hall.api('/api/duty/log', { token: onDuty, body: { kind: 'call', content: '居民来电咨询组织关系转接所需材料，已一次性告知' } });
	expect(written.status).toBe(201);
	expect(written.body).toMatchObject({ day, staffId: 's2', kind: 'call', at: hall.clock.now() });
	const refused = await hall.api('/api/duty/log', { token: offDuty, body: { kind: 'event', content: '不在值班表上的人不能写' } });
	expect(refused.status).toBe(403);
	expect(refused.body.error.message).toContain('没有值班安排');
	expect((await hall.api('/api/duty/log', { token: onDuty, body: { kind: 'event', content: '   ' } })).body.error.code).toBe('bad_request');
	expect((await hall.api('/api/duty/log', { token: onDuty, body: { kind: 'gossip', content: 'x' } })).body.error.code).toBe('bad_request');
	expect((await hall.api('/api/console/duty/log', { token: director, body: { kind: 'handover', content: '交接：会议室钥匙已交保安' } })).status).toBe(201);

	const range = await hall.api(`/api/console/duty?from=${day}&to=${day}`, { token: director });
	expect(range.status).toBe(200);
	expect(range.body.log.map((e: { kind: string; staffName: string }) => [e.kind, e.staffName])).toEqual([
		['call', '李强'],
		['handover', '赵主任']
	]);

	// The log is a record: the database itself refuses to rewrite it.
	expect(() => hall.store.db.prepare(`UPDATE duty_log SET content = 'x'`).run()).toThrow('append-only');
	expect(() => hall.store.db.prepare(`DELETE FROM duty_log`).run()).toThrow('append-only');
	const audit = (await hall.api('/api/console/audit', { token: director })).body;
	expect(audit.some((a: { action: string; target: string }) => a.action === 'duty:roster' && a.target === '2026-11-28')).toBe(true);
});

it('refuses a day gone by, a disabled or unknown person, the same person twice, and non-directors', async () => {
	const yesterday = await hall.api('/api/console/duty/2026-01-02', { method: 'PUT', token: director, body: { people: [] } });
	expect(yesterday.status).toBe(400);
	expect(yesterday.body.error.message).toContain('已经过去');
	const nobody = await hall.api('/api/console/duty/2026-12-31', { method: 'PUT', token: director, body: { people: [{ staffId: 'ghost', role: 'member' }] } });
	expect(nobody.status).toBe(404);
	const twice = await hall.api('/api/console/duty/2026-12-31', {
		method: 'PUT',
		token: director,
		body: { people: [{ staffId: 's1', role: 'member' }, { staffId: 's1', role: 'leader' }] }
	});
	expect(twice.body.error.message).toContain('只能安排一次');
	expect((await hall.api('/api/console/staff/s4', { method: 'PATCH', token: director, body: { disabled: true } })).status).toBe(200);
	const disabled = await hall.api('/api/console/duty/2026-12-31', { method: 'PUT', token: director, body: { people: [{ staffId: 's4', role: 'member' }] } });
	expect(disabled.body.error.message).toContain('已停用');
	for (const day of ['2026-13-45', '2026-02-30']) {
		expect((await hall.api(`/api/console/duty/${day}`, { method: 'PUT', token: director, body: { people: [] } })).status).toBe(400);
		expect((await hall.api(`/api/console/duty?from=${day}&to=${day}`, { token: director })).status).toBe(400);
	}
	expect((await hall.api('/api/console/duty/not-a-day', { method: 'PUT', token: director, body: { people: [] } })).status).toBe(400);
	expect((await hall.api('/api/console/duty?from=2026-01-01&to=2026-12-31', { token: director })).body.error.message).toContain('62');

	const staff = await hall.login('staff1');
	expect((await hall.api('/api/console/duty/2026-12-31', { method: 'PUT', token: staff, body: { people: [] } })).status).toBe(403);
	expect((await hall.api('/api/duty/today')).status).toBe(401);
	expect((await hall.api('/api/console/duty?from=2026-12-01&to=2026-12-31', { token: director })).body.days).toHaveLength(31);
});
