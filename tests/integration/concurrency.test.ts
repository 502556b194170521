import { afterAll, beforeAll, expect, it } from 'vitest';
import { ask, manyWindowsHall, startTestHall, type HallSocket, type TestHall } from '../support/test-hall.ts';

const WINDOWS = 30;
const TICKETS = 2000;

let hall: TestHall;

beforeAll(async () => {
	hall = await startTestHall({ hallFile: manyWindowsHall(WINDOWS) });
});

afterAll(async () => {
	await hall.close();
});

it(`${WINDOWS} windows calling at once over ${TICKETS} tickets call each ticket exactly once`, async () => {
	const kiosk = await hall.socket();
	const issued: string[] = [];
	// Issue in concurrent batches, as several kiosks would at opening time.
	for (let i = 0; i < TICKETS; i += 100) {
		const batch = await Promise.all(
			Array.from({ length: Math.min(100, TICKETS - i) }, () => ask(kiosk, 'ticket:issue', { serviceId: 'party-transfer' }))
		);
		for (const ack of batch) issued.push(ack.data.id);
	}
	expect(new Set(issued).size).toBe(TICKETS);

	const usernames = await hall.addStaff(WINDOWS);
	const staff: HallSocket[] = [];
	for (let w = 0; w < WINDOWS; w++) {
		const token = await hall.login(usernames[w]);
		const res = await hall.api(`/api/windows/${w + 1}/sign-in`, { method: 'POST', token });
		expect(res.status).toBe(200);
		staff.push(await hall.socket(token));
	}

	const calledBy = new Map<string, string[]>();
	await Promise.all(
		staff.map(async (socket, w) => {
			const windowId = String(w + 1);
			for (;;) {
				const called = await ask(socket, 'ticket:call-next', { windowId });
				if (called.error?.code === 'queue_empty') return;
				if (called.error) throw new Error(JSON.stringify(called.error));
				calledBy.set(called.data.id, [...(calledBy.get(called.data.id) ?? []), windowId]);
				expect((await ask(socket, 'ticket:start', { windowId })).data.status).toBe('serving');
				expect((await ask(socket, 'ticket:finish', { windowId, outcome: 'done' })).data.status).toBe('done');
			}
		})
	);

	expect(calledBy.size).toBe(TICKETS);
	expect([...calledBy.values()].every((windows) => windows.length === 1)).toBe(true);
	// The durable trail agrees: every ticket issued, called once, finished once.
	const rows = hall.store.db
		.prepare(`SELECT type, COUNT(*) AS n, COUNT(DISTINCT ticket_id) AS d FROM events WHERE ticket_id IS NOT NULL GROUP BY type`)
		.all() as { type: string; n: number; d: number }[];
	const counts = Object.fromEntries(rows.map((r) => [r.type, [r.n, r.d]]));
	expect(counts['ticket:issued']).toEqual([TICKETS, TICKETS]);
	expect(counts['ticket:called']).toEqual([TICKETS, TICKETS]);
	expect(counts['ticket:finished']).toEqual([TICKETS, TICKETS]);
	hall.app.hall.flush();
	const numbers = hall.store.db.prepare(`SELECT COUNT(DISTINCT number) AS n FROM tickets`).get() as { n: number };
	expect(numbers.n).toBe(TICKETS);
}, 180_000);
