// Who may do what: every role against every protected action, over HTTP and the socket.
// The count that matters is unauthorized successes, and it must be zero.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { ask, startTestHall, type TestHall } from '../support/test-hall.ts';

let hall: TestHall;
const tokens: Record<string, string | undefined> = {};
/** Cases staff1 (staffHere) registered: only they and the director may act on them. */
const cases: Record<'toClose' | 'toHandOn', string> = { toClose: '', toHandOn: '' };
/** A complaint the director handed to staff1 (staffHere): its contact is for them and the director. */
let assignedComplaint = '';

type Role = 'anonymous' | 'staffElsewhere' | 'staffHere' | 'director';
const ROLES: Role[] = ['anonymous', 'staffElsewhere', 'staffHere', 'director'];

beforeAll(async () => {
	hall = await startTestHall();
	tokens.staffHere = await hall.login('staff1');
	tokens.staffElsewhere = await hall.login('staff2');
	tokens.director = await hall.login('director');
	await hall.api('/api/windows/1/sign-in', { method: 'POST', token: tokens.staffHere });
	await hall.api('/api/windows/2/sign-in', { method: 'POST', token: tokens.staffElsewhere });
	for (const key of ['toClose', 'toHandOn'] as const) {
		const opened = await hall.api('/api/cases', {
			token: tokens.staffHere,
			body: { personName: '赵六', personPhone: '13812341234', content: '代办', resolution: 'agency' }
		});
		cases[key] = opened.body.id;
	}
	const filed = await hall.api('/api/complaints', { body: { category: 'complaint', content: '等候太久', contactName: '钱七', contactPhone: '13812341234' } });
	assignedComplaint = (hall.store.db.prepare(`SELECT id FROM complaints WHERE reference = ?`).get(filed.body.reference) as { id: string }).id;
	await hall.api(`/api/console/complaints/${assignedComplaint}`, { method: 'PATCH', token: tokens.director, body: { assignedTo: 's1' } });
});

afterAll(async () => {
	await hall.close();
});

interface Action {
	name: string;
	allowed: Role[];
	run(token: string | undefined): Promise<{ status: number; body: any }>;
}

const post = (path: string, body: unknown = {}) => (token: string | undefined) => hall.api(path, { body, token });
const get = (path: string) => (token: string | undefined) => hall.api(path, { token });

const actions: Action[] = [
	// The same rule as the socket's window:subscribe: a window's live view is for whoever works there, and the director.
	{ name: 'window 1 snapshot', allowed: ['staffHere', 'director'], run: get('/api/windows/1') },
	...['call-next', 'recall', 'no-show', 'start', 'resume', 'sign-out'].map((verb) => ({
		name: `window 1 ${verb}`,
		allowed: ['staffHere'] as Role[],
		run: post(`/api/windows/1/${verb}`)
	})),
	{ name: 'window 1 pause', allowed: ['staffHere'], run: post('/api/windows/1/pause', { reason: '午间休息' }) },
	{ name: 'window 1 finish', allowed: ['staffHere'], run: post('/api/windows/1/finish', { outcome: 'done' }) },
	{ name: 'window 1 transfer', allowed: ['staffHere'], run: post('/api/windows/1/transfer', { toWindowId: '2', note: '转窗口' }) },
	{ name: 'case list', allowed: ['staffElsewhere', 'staffHere', 'director'], run: get('/api/cases') },
	{
		name: 'open a case',
		allowed: ['staffElsewhere', 'staffHere', 'director'],
		run: post('/api/cases', { personName: '张三', personPhone: '13812341234', content: '咨询', resolution: 'agency' })
	},
	{ name: "hand on staff1's case", allowed: ['staffHere', 'director'], run: (token) => post(`/api/cases/${cases.toHandOn}/transfer`, { toStaffId: 's3', note: '转交' })(token) },
	{ name: "record the result of staff1's case", allowed: ['staffHere', 'director'], run: (token) => post(`/api/cases/${cases.toClose}/result`, { result: '已办结' })(token) },
	{ name: 'attendance', allowed: ['director'], run: get('/api/attendance?date=2026-11-26') },
	{ name: 'reset a password', allowed: ['director'], run: post('/api/staff/s6/reset-password', { password: 'another-pass-1' }) },
	{ name: 'who am I', allowed: ['staffElsewhere', 'staffHere', 'director'], run: get('/api/session') },
	{ name: 'printers', allowed: ['staffElsewhere', 'staffHere', 'director'], run: get('/api/printers') },
	{ name: 'log a phone complaint', allowed: ['staffElsewhere', 'staffHere', 'director'], run: post('/api/console/complaints', { category: 'complaint', content: '电话投诉' }) },
	...['config', 'staff', 'notices', 'complaints', 'audit', 'live', 'access-requests', 'access-log', 'reports?from=2026-11-26&to=2026-11-26', 'duty?from=2026-11-26&to=2026-11-30'].map((path) => ({
		name: `console ${path}`,
		allowed: ['director'] as Role[],
		run: get(`/api/console/${path}`)
	})),
	{ name: 'complaints assigned to me', allowed: ['staffElsewhere', 'staffHere', 'director'], run: get('/api/complaints/assigned') },
	{ name: "the contact of staff1's complaint", allowed: ['staffHere', 'director'], run: (token) => post(`/api/complaints/${assignedComplaint}/contact`)(token) },
	{ name: 'reveal a station agent key', allowed: ['director'], run: post('/api/console/stations/K1/reveal-key') },
	{ name: 'duty today', allowed: ['staffElsewhere', 'staffHere', 'director'], run: get('/api/duty/today') },
	// Nobody is on today's roster in this hall: only the director may write in the duty log.
	{ name: 'write the duty log', allowed: ['director'], run: post('/api/duty/log', { kind: 'event', content: '巡查大厅' }) },
	{ name: 'console duty log', allowed: ['director'], run: post('/api/console/duty/log', { kind: 'call', content: '来电咨询' }) },
	{
		name: 'console duty roster',
		allowed: ['director'],
		run: (token: string | undefined) => hall.api('/api/console/duty/2026-11-28', { method: 'PUT', token, body: { people: [{ staffId: 's1', role: 'member' }] } })
	},
	{ name: 'console save config', allowed: ['director'], run: (token: string | undefined) => hall.api('/api/console/config', { method: 'PUT', token, body: hall.app.hall.configFile }) },
	{
		name: 'console create staff',
		allowed: ['director'],
		run: (token: string | undefined) =>
			hall.api('/api/console/staff', { token, body: { username: `x${Math.random().toString(36).slice(2, 8)}`, name: '新人', staffNo: 'N1', role: 'staff', password: 'long-enough-1' } })
	},
	// Days closed to booking: any staff member may see them, only the director changes them (close, then reopen).
	{ name: 'days closed to booking', allowed: ['staffElsewhere', 'staffHere', 'director'], run: get('/api/appointments/closed-days') },
	{ name: 'close a day to booking', allowed: ['director'], run: post('/api/appointments/closed-days', { date: '2026-12-24', reason: '全员培训' }) },
	{ name: 'reopen a day to booking', allowed: ['director'], run: post('/api/appointments/closed-days/reopen', { date: '2026-12-24' }) }
];

it('gives no role an action it is not allowed, over HTTP', async () => {
	const unauthorizedSuccesses: string[] = [];
	const wrongDenials: string[] = [];
	for (const action of actions) {
		for (const role of ROLES) {
			// Something to act on, so that a permitted call can really succeed.
			await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } });
			const res = await action.run(tokens[role]);
			const succeeded = res.status < 400;
			const allowed = action.allowed.includes(role);
			if (succeeded && !allowed) unauthorizedSuccesses.push(`${role} → ${action.name} (${res.status})`);
			if (!succeeded && !allowed) expect(['unauthorized', 'forbidden', 'not_your_window']).toContain(res.body.error.code);
			if (!succeeded && allowed && ['unauthorized', 'forbidden', 'not_your_window'].includes(res.body.error.code)) {
				wrongDenials.push(`${role} → ${action.name}: ${res.body.error.code}`);
			}
			// Put window 1 back in a known state after each permitted window action.
			if (role === 'staffHere' && action.name.startsWith('window 1')) {
				// The public list: a window's own snapshot is for the staff member signed in there.
				const window = (await hall.api('/api/windows')).body.find((w: { id: string }) => w.id === '1');
				if (window.status === 'closed') await hall.api('/api/windows/1/sign-in', { method: 'POST', token: tokens.staffHere });
				if (window.status === 'paused') await hall.api('/api/windows/1/resume', { method: 'POST', token: tokens.staffHere });
			}
		}
	}
	expect(unauthorizedSuccesses).toEqual([]);
	expect(wrongDenials).toEqual([]);
});

it('lets no socket join a window room or run a window command without the right', async () => {
	for (const role of ROLES) {
		const socket = await hall.socket(tokens[role]);
		const joined = await ask(socket, 'window:subscribe', { windowId: '1' });
		const mayJoin = role === 'staffHere' || role === 'director';
		expect('data' in joined, `${role} joins window 1`).toBe(mayJoin);
		for (const event of ['ticket:call-next', 'ticket:recall', 'ticket:start', 'window:pause']) {
			const ack = await ask(socket, event, event === 'window:pause' ? { windowId: '1', reason: '午间休息' } : { windowId: '1' });
			if (role !== 'staffHere') {
				expect(ack.error?.code, `${role} ${event}`).toMatch(/^(unauthorized|not_your_window)$/);
			}
		}
		socket.disconnect();
	}
});

it('gives a kiosk station agent and a board socket nothing beyond their own', async () => {
	const agent = await hall.socket();
	const hello = await ask(agent, 'agent:hello', { station: 'K1', key: 'demo-k1-agent-key-change-me', printer: 'preview' });
	expect('data' in hello).toBe(true);
	const board = await hall.socket();
	expect('data' in (await ask(board, 'board:subscribe', {}))).toBe(true);
	for (const [who, socket] of [['kiosk station', agent], ['board', board]] as const) {
		for (const event of ['window:subscribe', 'ticket:call-next', 'ticket:finish', 'window:pause', 'printers:subscribe']) {
			const ack = await ask(socket, event, { windowId: '1', outcome: 'done' });
			expect(ack.error?.code, `${who} ${event}`).toBe('unauthorized');
		}
	}
	// A wrong key is no station at all.
	const impostor = await hall.socket();
	expect((await ask(impostor, 'agent:hello', { station: 'K1', key: 'guess', printer: 'preview' })).error.code).toMatch(/^(forbidden|unauthorized)$/);
	expect((await ask(impostor, 'agent:status', { code: 'ok' })).error.code).toMatch(/^(forbidden|unauthorized)$/);
	agent.disconnect();
	board.disconnect();
	impostor.disconnect();
});
