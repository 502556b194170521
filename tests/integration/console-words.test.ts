// The director reads the records in words: every audit action has a Chinese label (the list is
// checked against every action the server's code can write), people by name and 工号, targets
// by title or reference; refused input names the field in Chinese; one read is one line of
// the access log; a complaint's assignee gets the contact in full, and that read is logged.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS } from '../../src/lib/console/log-labels.ts';
import { startTestHall, type TestHall } from '../support/test-hall.ts';

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

const RAW_KEY = /\b[a-z]+[:.][a-z-]+\b/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-/;

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
	});
}

/**
 * Every action the server's code can write to the audit log: the action argument of each
 * logAudit(db, at, who, ACTION, …) and audited(staff, ACTION, …) call, and the string values a
 * variable or template there can take (found as the literal union of its type or its `${…}` parts).
 */
function actionsInCode(): { file: string; action: string }[] {
	const found: { file: string; action: string }[] = [];
	for (const file of sources('server')) {
		const text = readFileSync(file, 'utf8');
		const calls = [...text.matchAll(/(?<!function )logAudit\(\s*[^,]+,\s*[^,]+,\s*[^,]+,\s*([^,]+),/g), ...text.matchAll(/\.audited\(\s*[^,]+,\s*([^,]+),/g)];
		for (const [, arg] of calls) {
			const expression = arg.trim();
			const literal = /^'([^']+)'$/.exec(expression);
			if (literal) {
				found.push({ file, action: literal[1] });
				continue;
			}
			const template = /^`([^`$]*)\$\{(\w+)\}`$/.exec(expression);
			if (template) {
				// `notice:${change}`: the values come from the maps and unions beside the call; each must be labelled.
				const [, prefix] = template;
				const keys = Object.keys(AUDIT_ACTION_LABELS).filter((k) => k.startsWith(prefix));
				expect(keys.length, `${file}: ${expression} has no labelled action`).toBeGreaterThan(0);
				continue;
			}
			// A variable: its declared type is a union of literals (e.g. action: 'login:failed' | …), or a ternary of literals.
			for (const value of expression.matchAll(/'([a-z-]+[:.][a-z-]+)'/g)) found.push({ file, action: value[1] });
			const typed = new RegExp(`${expression.replace(/[^\w]/g, '')}\\s*:\\s*((?:'[^']+'\\s*\\|?\\s*)+)`).exec(text);
			const declared = new RegExp(`const ${expression.replace(/[^\w]/g, '')}\\s*=([^;]+);`).exec(text);
			const values = [...(typed?.[1] ?? '').matchAll(/'([^']+)'/g), ...(declared?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]).filter((v) => /^[a-z-]+[:.][a-z-]+$/.test(v));
			expect(values.length, `${file}: cannot tell which actions ${expression} writes`).toBeGreaterThan(0);
			for (const action of values) found.push({ file, action });
		}
	}
	return found;
}

describe('the audit log in words', () => {
	it('has a Chinese label for every action the server can write', () => {
		const actions = actionsInCode();
		// The scan really sees the calls: the families spread over the server are all there.
		expect(new Set(actions.map((a) => a.action.split(/[:.]/)[0]))).toEqual(
			expect.objectContaining(new Set(['staff', 'notice', 'objection', 'complaint', 'duty', 'media', 'calendar', 'login', 'password', 'cli', 'appointment', 'station']))
		);
		const missing = actions.filter((a) => !(a.action in AUDIT_ACTION_LABELS));
		expect(missing).toEqual([]);
		for (const [action, label] of Object.entries(AUDIT_ACTION_LABELS)) {
			expect(label, action).toMatch(/^[\u4e00-\u9fa5（），]+$/u);
		}
	});

	it('answers each line with the action, the actor (name and 工号) and the target by name, never a key or an id', async () => {
		const notice = await hall.api('/api/console/notices', {
			token: director,
			body: { title: '困难党员帮扶公示', body: '公示内容', category: '帮扶救助', publishFrom: '2026-11-26', publishTo: '2026-12-03', publish: true }
		});
		expect(notice.status).toBe(201);
		const roster = await hall.api('/api/console/duty/2026-11-28', { method: 'PUT', token: director, body: { people: [{ staffId: 's1', role: 'member' }] } });
		expect(roster.status).toBe(200);
		const complaint = await hall.api('/api/console/complaints', { token: staff, body: { category: 'complaint', content: '等候太久', contactName: '张三明', contactPhone: '13812345678' } });
		const complaintId = (hall.store.db.prepare(`SELECT id FROM complaints WHERE reference = ?`).get(complaint.body.reference) as { id: string }).id;
		expect((await hall.api(`/api/console/complaints/${complaintId}`, { method: 'PATCH', token: director, body: { assignedTo: 's1' } })).status).toBe(200);
		expect((await hall.api('/api/console/stations/K1/reveal-key', { token: director, body: {} })).status).toBe(200);
		await hall.api('/api/session', { body: { username: 'staff1', password: 'wrong-password' } });
		const file = (await hall.api('/api/console/config', { token: director })).body;
		expect((await hall.api('/api/console/config', { method: 'PUT', token: director, body: file })).status).toBe(200);

		const audit = (await hall.api('/api/console/audit', { token: director })).body as {
			action: string;
			actionLabel: string;
			staffLabel: string;
			targetLabel: string;
		}[];
		const line = (action: string) => audit.find((a) => a.action === action)!;
		expect(line('notice:create')).toMatchObject({ actionLabel: '新建公示', staffLabel: '赵主任（工号 DQ000）', targetLabel: '公示「困难党员帮扶公示」' });
		expect(line('duty:roster')).toMatchObject({ actionLabel: '排定值班表', targetLabel: '2026-11-28 的值班表' });
		expect(line('complaint:assign')).toMatchObject({ actionLabel: '指派投诉建议', targetLabel: `投诉建议 ${complaint.body.reference}` });
		expect(line('station:key-reveal')).toMatchObject({ actionLabel: '查看终端接入密钥', targetLabel: expect.stringMatching(/^终端「.+」$/) });
		expect(line('login:failed')).toMatchObject({ staffLabel: '王丽（工号 DQ001）', targetLabel: '王丽（工号 DQ001）' });
		expect(line('config:change')).toMatchObject({ actionLabel: '修改大厅配置' });
		for (const entry of audit) {
			for (const words of [entry.actionLabel, entry.staffLabel, entry.targetLabel]) {
				expect(words, entry.action).not.toMatch(RAW_KEY);
				expect(words, entry.action).not.toMatch(UUID);
			}
		}
		// Every action written in this run has its label (the code scan above covers the rest).
		const written = hall.store.db.prepare(`SELECT DISTINCT action FROM audit_log`).pluck().all() as string[];
		expect(written.filter((a) => !(a in AUDIT_ACTION_LABELS))).toEqual([]);
	});
});

describe('refused input in Chinese, with the field’s label', () => {
	it('the hall file: 「服务事项 1 · 名称：不能为空」, and each issue keeps its path and label', async () => {
		const file = (await hall.api('/api/console/config', { token: director })).body;
		file.services[0].name = '';
		const refused = await hall.api('/api/console/config', { method: 'PUT', token: director, body: file });
		expect(refused.status).toBe(400);
		expect(refused.body.error.message).toMatch(/^服务事项 1 · 名称：不能为空/);
		expect(refused.body.error.details.issues[0]).toEqual({ path: 'services.0.name', label: '服务事项 1 · 名称', message: '不能为空' });
	});

	it('the staff, notice and duty forms', async () => {
		const staffForm = await hall.api('/api/console/staff', { token: director, body: { username: 'new.one', name: '', staffNo: 'N9', role: 'staff', password: 'long-enough-1' } });
		expect(staffForm.body.error.message).toBe('姓名：不能为空');
		const tooLong = await hall.api('/api/console/staff', { token: director, body: { username: 'new.two', name: '张'.repeat(21), staffNo: 'N9', role: 'staff', password: 'long-enough-1' } });
		expect(tooLong.body.error.message).toBe('姓名：不能超过 20 个字');
		const notice = await hall.api('/api/console/notices', {
			token: director,
			body: { title: '', body: '内容', category: '帮扶救助', publishFrom: '2026-11-26', publishTo: '2026-12-03' }
		});
		expect(notice.body.error.message).toBe('标题：不能为空');
		const missing = await hall.api('/api/console/notices', { token: director, body: { body: '内容', category: '帮扶救助', publishFrom: '2026-11-26', publishTo: '2026-12-03' } });
		expect(missing.body.error.message).toBe('标题：必须填写');
		const roster = await hall.api('/api/console/duty/2026-11-28', { method: 'PUT', token: director, body: { people: [{ staffId: 's1', role: 'boss' }] } });
		expect(roster.status).toBe(400);
		expect(roster.body.error.message).toMatch(/^值班人员 1 · 角色：/);
		for (const answer of [staffForm, tooLong, notice, missing, roster]) expect(answer.body.error.message).not.toMatch(/[a-z]+\.\d|Too|Invalid|expected/);
	});
});

describe('the access log', () => {
	function lines(): { seq: number; staff_id: string; record_type: string }[] {
		return hall.store.db.prepare(`SELECT seq, staff_id, record_type FROM access_log ORDER BY seq`).all() as never;
	}

	it('writes one line per read, naming every record the read showed', async () => {
		const references: string[] = [];
		for (const name of ['张三明', '李四海', '王五湖']) {
			const opened = await hall.api('/api/cases', { token: staff, body: { serviceId: 'archives', personName: name, personPhone: '13812341234', content: '代办', resolution: 'agency' } });
			expect(opened.status).toBe(201);
			references.push(opened.body.reference);
		}
		const before = lines().length;
		const list = await hall.api('/api/cases?status=open', { token: staff });
		expect(list.body.filter((c: { personDataMasked: boolean }) => !c.personDataMasked)).toHaveLength(3);
		const after = lines();
		expect(after.length - before).toBe(1);
		const covered = hall.store.db.prepare(`SELECT COUNT(*) FROM access_log_records WHERE seq = ?`).pluck().get(after.at(-1)!.seq);
		expect(covered).toBe(3);

		const log = (await hall.api('/api/console/access-log', { token: director })).body;
		expect(log[0]).toMatchObject({ staffLabel: '王丽（工号 DQ001）', recordTypeLabel: '登记事项', fieldsLabel: '姓名、联系电话' });
		for (const reference of references) expect(log[0].recordLabel).toContain(reference);
		for (const entry of log) expect(`${entry.staffLabel}${entry.recordLabel}${entry.fieldsLabel}${entry.basisLabel}`).not.toMatch(UUID);
		// One record read: its reference and the service it is for.
		const one = list.body.find((c: { reference: string }) => c.reference === references[0]) as { id: string; serviceName: string };
		await hall.api(`/api/cases/${one.id}`, { token: staff });
		const single = (await hall.api('/api/console/access-log', { token: director })).body[0];
		expect(single.recordLabel).toBe(`登记事项 ${references[0]}（${one.serviceName}）`);
		// A list read that showed nothing personal leaves no line.
		const colleague = await hall.login('staff2');
		await hall.api('/api/cases?status=open', { token: colleague });
		expect(lines().filter((l) => l.staff_id === 's2')).toEqual([]);
	});
});

describe('the access log, objections', () => {
	it('a notice’s objections read by the director are one line naming each objection', async () => {
		const notice = (await hall.api('/api/notices')).body[0] as { id: string; title: string };
		for (const name of ['张三明', '李四海']) {
			const raised = await hall.api(`/api/notices/${notice.id}/objections`, { body: { name, phone: '13812345678', content: '情况不属实' } });
			expect(raised.status, JSON.stringify(raised.body)).toBe(201);
		}
		const before = hall.store.db.prepare(`SELECT COUNT(*) FROM access_log`).pluck().get() as number;
		const read = await hall.api(`/api/console/notices/${notice.id}/objections`, { token: director });
		expect(read.body).toHaveLength(2);
		expect(hall.store.db.prepare(`SELECT COUNT(*) FROM access_log`).pluck().get()).toBe(before + 1);
		const log = (await hall.api('/api/console/access-log', { token: director })).body;
		expect(log[0]).toMatchObject({ recordTypeLabel: '公示异议', fieldsLabel: '姓名、联系电话', staffLabel: '赵主任（工号 DQ000）' });
		for (const objection of read.body as { reference: string }[]) expect(log[0].recordLabel).toContain(objection.reference);
	});
});

describe('a complaint handed to a staff member', () => {
	it('is in their 待办, masked; the contact in full is for them (and the director) only, and each read is logged', async () => {
		const filed = await hall.api('/api/complaints', { body: { category: 'complaint', content: '窗口人员态度不好', contactName: '张三明', contactPhone: '13812345678' } });
		expect(filed.status).toBe(201);
		const id = (hall.store.db.prepare(`SELECT id FROM complaints WHERE reference = ?`).get(filed.body.reference) as { id: string }).id;
		expect((await hall.api('/api/complaints/assigned', { token: staff })).body).toEqual([]);
		expect((await hall.api(`/api/console/complaints/${id}`, { method: 'PATCH', token: director, body: { assignedTo: 's1' } })).status).toBe(200);

		const mine = (await hall.api('/api/complaints/assigned', { token: staff })).body;
		expect(mine).toHaveLength(1);
		expect(mine[0]).toMatchObject({ reference: filed.body.reference, contactName: '张*明', contactPhone: '138****5678' });

		const colleague = await hall.login('staff2');
		const refused = await hall.api(`/api/complaints/${id}/contact`, { token: colleague, body: {} });
		expect(refused.status).toBe(403);
		expect((await hall.api('/api/complaints/assigned', { token: colleague })).body).toEqual([]);

		const contact = await hall.api(`/api/complaints/${id}/contact`, { token: staff, body: {} });
		expect(contact.body).toMatchObject({ contactName: '张三明', contactPhone: '13812345678' });
		const logged = hall.store.db.prepare(`SELECT staff_id, record_type, record_id, fields FROM access_log WHERE record_type = 'complaint'`).all();
		expect(logged).toEqual([{ staff_id: 's1', record_type: 'complaint', record_id: id, fields: JSON.stringify(['contactName', 'contactPhone']) }]);
		const log = (await hall.api('/api/console/access-log', { token: director })).body;
		expect(log[0]).toMatchObject({ recordLabel: `投诉建议 ${filed.body.reference}`, fieldsLabel: '联系人、联系电话', staffLabel: '王丽（工号 DQ001）' });
	});
});

describe('station agent keys', () => {
	it('go out masked; a save of the masked file keeps the keys; a reveal answers the key and is audited', async () => {
		const real = hall.app.hall.configFile.stations.find((s) => s.agentKey)!;
		const file = (await hall.api('/api/console/config', { token: director })).body;
		const shown = file.stations.find((s: { id: string }) => s.id === real.id);
		expect(shown.agentKey).not.toBe(real.agentKey);
		expect(shown.agentKey).toMatch(/^•+.{4}$/);
		expect(JSON.stringify(file)).not.toContain(real.agentKey);
		expect((await hall.api('/api/console/config', { method: 'PUT', token: director, body: file })).status).toBe(200);
		expect(hall.app.hall.configFile.stations.find((s) => s.id === real.id)!.agentKey).toBe(real.agentKey);

		const before = hall.store.db.prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'station:key-reveal'`).pluck().get();
		const revealed = await hall.api(`/api/console/stations/${real.id}/reveal-key`, { token: director, body: {} });
		expect(revealed.body).toEqual({ stationId: real.id, agentKey: real.agentKey });
		expect(hall.store.db.prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'station:key-reveal'`).pluck().get()).toBe(Number(before) + 1);
		expect((await hall.api(`/api/console/stations/${real.id}/reveal-key`, { token: staff, body: {} })).status).toBe(403);
	});
});
