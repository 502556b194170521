// Fuzzing every API route and socket event with fast-check: no crash, no 5xx, every
// rejection an error with a known code, and a rejected input changes nothing.

import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ERROR_CODES } from '../../server/errors.ts';
import { ask, startTestHall, type HallSocket, type TestHall } from '../support/test-hall.ts';

let hall: TestHall;
let token: string;
let directorToken: string;
let staffSocket: HallSocket;
let anonymous: HallSocket;

const KNOWN_CODES: Set<string> = ERROR_CODES;

/** What a rejected request must leave untouched. */
function fingerprint(): string {
	const db = hall.store.db;
	const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
	return JSON.stringify([hall.app.hall.version, count('events'), count('cases'), count('objections'), count('complaints'), count('evaluations'), count('idempotency_keys'), count('notices'), count('staff'), count('audit_log'), count('access_requests'), count('print_jobs')]);
}

beforeAll(async () => {
	hall = await startTestHall();
	token = await hall.login('staff1');
	directorToken = await hall.login('director');
	await hall.api('/api/windows/1/sign-in', { method: 'POST', token });
	for (let i = 0; i < 5; i++) await hall.api('/api/tickets', { body: { serviceId: 'party-transfer' } });
	staffSocket = await hall.socket(token);
	anonymous = await hall.socket();
});

afterAll(async () => {
	await hall.close();
});

const ids = fc.constantFrom('party-transfer', 'heart-talk', 'nope', '', '1', '99', 'K1', '../etc', '%00', 'A001', 'x'.repeat(70));
const windowIds = fc.constantFrom('1', '2', '4', '99', '', 'a b', '<x>');
const junk = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.constant(null), fc.array(fc.anything(), { maxLength: 3 }));

/** Bodies close to valid ones, with a field broken, dropped or added: they reach the deeper checks. */
function near(valid: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
	return fc.oneof(
		fc.record(valid, { requiredKeys: [] }),
		fc.record({ ...valid, extra: junk }, { requiredKeys: [] }),
		fc.dictionary(fc.constantFrom(...Object.keys(valid)), junk)
	);
}

const requests = fc.oneof(
	fc.record({ method: fc.constant('POST'), path: fc.constant('/api/tickets'), body: near({ serviceId: ids, priority: fc.constantFrom('normal', 'green', 'vip'), station: fc.constantFrom('K1', 'K9', '') }) }),
	fc.record({ method: fc.constant('GET'), path: ids.map((id) => `/api/tickets/${encodeURIComponent(id)}`), body: fc.constant(undefined) }),
	fc.record({ method: fc.constant('POST'), path: fc.constant('/api/session'), body: near({ username: fc.constantFrom('staff1', 'ghost', ''), password: fc.string() }) }),
	fc.record({
		method: fc.constant('POST'),
		path: fc.tuple(windowIds, fc.constantFrom('sign-in', 'sign-out', 'call-next', 'call', 'recall', 'no-show', 'start', 'finish', 'transfer', 'pause', 'resume', 'rating', 'bogus')).map(([w, a]) => `/api/windows/${encodeURIComponent(w)}/${a}`),
		body: near({ ticketId: ids, outcome: fc.constantFrom('done', 'refused', 'maybe'), reason: fc.string(), toServiceId: ids, toWindowId: windowIds, note: fc.string(), grade: fc.integer({ min: -1, max: 7 }) })
	}),
	fc.record({ method: fc.constant('POST'), path: fc.constant('/api/cases'), body: near({ personName: fc.string(), personPhone: fc.string(), content: fc.string(), resolution: fc.constantFrom('agency', 'nope'), ticketId: ids, timeLimitDays: junk }) }),
	fc.record({
		method: fc.constantFrom('POST', 'GET'),
		path: fc.constantFrom('/api/console/calendar/notice', '/api/console/calendar/notice/apply', '/api/console/calendar/coverage?from=2030&to=2020', '/api/console/calendar/coverage?from=x'),
		body: near({
			text: fc.oneof(
				fc.string(),
				fc.tuple(fc.constantFrom('国务院办公厅关于2027年部分节假日安排的通知\n', '关于1999年部分节假日安排\n', ''), fc.constantFrom('一、元旦：', '八、腊八：', '二、春节：'), fc.string(), fc.constantFrom('放假，共3天。', '上班。', '')).map((parts) => parts.join(''))
			)
		})
	}),
	fc.record({
		method: fc.constantFrom('POST', 'GET'),
		path: fc.constantFrom('/api/appointments/closed-days', '/api/appointments/closed-days/reopen'),
		body: near({ date: fc.oneof(fc.string(), fc.constantFrom('2026-12-24', '2026-11-25', '2026-02-30', '2026-11-26')), reason: fc.oneof(fc.string(), fc.constant('全员培训')) })
	}),
	fc.record({ method: fc.constant('POST'), path: fc.constant('/api/session/password'), body: near({ currentPassword: fc.string(), newPassword: fc.string() }) }),
	fc.record({ method: fc.constant('POST'), path: ids.map((id) => `/api/cases/${encodeURIComponent(id)}/transfer`), body: near({ toStaffId: ids, note: fc.string() }) }),
	fc.record({ method: fc.constant('GET'), path: fc.string().map((q) => `/api/cases?status=all&q=${encodeURIComponent(q)}`), body: fc.constant(undefined) }),
	fc.record({ method: fc.constant('POST'), path: fc.constant('/api/complaints'), body: near({ category: fc.constantFrom('complaint', 'rant'), content: fc.string(), contactPhone: fc.string() }) }),
	fc.record({ method: fc.constant('POST'), path: ids.map((id) => `/api/notices/${encodeURIComponent(id)}/objections`), body: near({ name: fc.string(), phone: fc.string(), content: fc.string() }) }),
	fc.record({ method: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH'), path: fc.constantFrom('/api/cases?status=nope', '/api/attendance?date=x', '/api/board?zone=%ff', '/api/unknown', '/api/windows/1', '/api/kiosk'), body: fc.constant(undefined) }),
	fc.record({ method: fc.constant('POST'), path: fc.constantFrom('/api/tickets', '/api/cases', '/api/windows/1/finish'), body: fc.string().map((s) => `{${s}`) }),
	fc.record({
		method: fc.constantFrom('GET', 'POST', 'PATCH', 'PUT'),
		path: fc.constantFrom(
			'/api/console/config', '/api/console/staff', '/api/console/staff/s2', '/api/console/notices', '/api/console/notices/nope/publish',
			'/api/console/objections/nope/answer', '/api/console/complaints', '/api/console/complaints/nope', '/api/console/reports?from=x&to=y',
			'/api/console/access-requests/nope/decide', '/api/console/calendar?year=abc', '/api/cases/nope/result', '/api/cases/nope/access-requests',
			'/api/stations/K1/print-notification', '/api/stations/K99/print-notification', '/api/print-jobs?limit=-1', '/api/staff/s2/reset-password',
			'/api/console/duty?from=x&to=y', '/api/console/reports?from=2026-13-45&to=2026-13-46', '/api/console/reports.xlsx?from=2026-02-30&to=2026-03-01',
			'/api/attendance?date=2026-02-30', '/api/cases?date=2026-13-01', '/api/console/duty/2026-12-31', '/api/console/duty/2026-01-01', '/api/console/duty/log', '/api/duty/log', '/api/duty/today'
		),
		body: near({ title: fc.string(), body: fc.string(), publishFrom: fc.oneof(fc.string(), fc.constantFrom('2026-02-30', '2026-13-45', '2026-12-01')), publishTo: fc.oneof(fc.string(), fc.constantFrom('2026-02-31', '9999-99-99', '2026-12-31')), answer: fc.string(), approve: junk, serviceId: ids, password: fc.string(), services: junk, disabled: junk, result: fc.string(), reason: fc.string(), people: junk, kind: fc.constantFrom('call', 'rant'), content: fc.string() })
	})
);

it('fuzzes the HTTP API: no 5xx, known error codes, rejected input changes nothing', async () => {
	await fc.assert(
		fc.asyncProperty(requests, fc.constantFrom('none', 'staff', 'director'), async ({ method, path, body }, who) => {
			const before = fingerprint();
			const auth = who === 'staff' ? token : who === 'director' ? directorToken : null;
			const res = await fetch(hall.url + path, {
				method,
				headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
				body: body === undefined || method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
			});
			const text = await res.text();
			expect(res.status, `${method} ${path} ${text}`).toBeLessThan(500);
			if (res.status >= 400) {
				const parsed = JSON.parse(text);
				expect(KNOWN_CODES.has(parsed.error.code), text).toBe(true);
				expect(typeof parsed.error.message).toBe('string');
				// A failed login is recorded on the account by design (lockout); nothing else may change.
				if (!path.startsWith('/api/session')) expect(fingerprint(), `${method} ${path}`).toBe(before);
			}
		}),
		{ numRuns: 6000 }
	);
	// The hall still works after all that.
	expect((await hall.api('/api/health')).status).toBe(200);
}, 300_000);

const socketEvents = fc.constantFrom(
	'board:subscribe', 'kiosk:subscribe', 'ticket:subscribe', 'window:subscribe', 'ticket:issue', 'ticket:call-next', 'ticket:call',
	'ticket:recall', 'ticket:no-show', 'ticket:start', 'ticket:finish', 'ticket:transfer', 'window:pause', 'window:resume',
	'rate:subscribe', 'rate:submit'
);

it('fuzzes the socket events: every answer is data or an error with a known code', async () => {
	await fc.assert(
		fc.asyncProperty(
			socketEvents,
			fc.oneof(junk, near({ windowId: windowIds, serviceId: ids, ticketId: ids, zone: fc.string(), station: fc.string(), outcome: fc.constantFrom('done', 'x'), grade: fc.integer({ min: -1, max: 7 }), note: fc.string() })),
			fc.boolean(),
			async (event, input, asStaff) => {
				const before = fingerprint();
				const ack = await ask(asStaff ? staffSocket : anonymous, event, input);
				expect(ack && typeof ack === 'object', JSON.stringify(ack)).toBe(true);
				if ('error' in ack) {
					expect(KNOWN_CODES.has(ack.error.code), JSON.stringify(ack)).toBe(true);
					expect(fingerprint()).toBe(before);
				} else {
					expect('data' in ack).toBe(true);
				}
			}
		),
		{ numRuns: 4000 }
	);
	expect(staffSocket.connected && anonymous.connected).toBe(true);
}, 300_000);
