// Issue 7's load: 60 windows working through 10,000 tickets at once. No ticket called twice,
// none lost, and every ticket's history complete (issued → called → started → finished).

import { afterAll, beforeAll, expect, it } from 'vitest';
import { ask, manyWindowsHall, startTestHall, type HallSocket, type TestHall } from '../support/test-hall.ts';

const WINDOWS = 60;
const TICKETS = 10_000;

let hall: TestHall;

beforeAll(async () => {
	hall = await startTestHall({ hallFile: manyWindowsHall(WINDOWS) });
});

afterAll(async () => {
	await hall.close();
});

it(`${WINDOWS} windows × ${TICKETS} tickets: none twice, none lost, every history complete`, async () => {
	const kiosks = await Promise.all(Array.from({ length: 4 }, () => hall.socket()));
	const usernames = await hall.addStaff(WINDOWS);
	const staff: HallSocket[] = [];
	for (let w = 0; w < WINDOWS; w++) {
		const token = await hall.login(usernames[w]);
		expect((await hall.api(`/api/windows/${w + 1}/sign-in`, { method: 'POST', token })).status).toBe(200);
		staff.push(await hall.socket(token));
	}

	// Kiosks keep issuing while the windows already call: the real opening-time shape.
	const issued: string[] = [];
	const issuing = (async () => {
		for (let i = 0; i < TICKETS; i += 200) {
			const batch = await Promise.all(
				Array.from({ length: Math.min(200, TICKETS - i) }, (_, j) => ask(kiosks[j % kiosks.length], 'ticket:issue', { serviceId: 'party-transfer' }))
			);
			for (const ack of batch) issued.push(ack.data.id);
		}
	})();
	let issuingDone = false;
	void issuing.then(() => (issuingDone = true));

	const calledBy = new Map<string, number>();
	await Promise.all(
		staff.map(async (socket, w) => {
			const windowId = String(w + 1);
			for (;;) {
				const called = await ask(socket, 'ticket:call-next', { windowId });
				if (called.error && called.error.code !== 'queue_empty') throw new Error(JSON.stringify(called.error));
				if (called.error) {
					if (issuingDone) return;
					await new Promise((r) => setTimeout(r, 5));
					continue;
				}
				calledBy.set(called.data.id, (calledBy.get(called.data.id) ?? 0) + 1);
				await ask(socket, 'ticket:start', { windowId });
				await ask(socket, 'ticket:finish', { windowId, outcome: 'done' });
			}
		})
	);
	await issuing;

	expect(issued).toHaveLength(TICKETS);
	expect(new Set(issued).size).toBe(TICKETS);
	expect(calledBy.size).toBe(TICKETS);
	expect([...calledBy.values()].every((n) => n === 1)).toBe(true);
	const histories = hall.store.db
		.prepare(`SELECT ticket_id, group_concat(type, ' ') AS trail FROM (SELECT ticket_id, type FROM events WHERE ticket_id IS NOT NULL ORDER BY seq) GROUP BY ticket_id`)
		.all() as { ticket_id: string; trail: string }[];
	expect(histories).toHaveLength(TICKETS);
	const incomplete = histories.filter((h) => h.trail !== 'ticket:issued ticket:called ticket:started ticket:finished');
	expect(incomplete).toEqual([]);
}, 600_000);
