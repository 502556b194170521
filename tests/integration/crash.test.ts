// kill -9 during a burst of ticket issuing: every acknowledged ticket must be there after
// the restart, with its number, and numbering must go on without a duplicate.

import { afterAll, expect, it } from 'vitest';
import { CrashableHall } from '../support/crash-harness.ts';

let hall: CrashableHall | null = null;

afterAll(() => {
	hall?.dispose();
});

const issue = (base: string) =>
	fetch(`${base}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 'party-transfer' }) });

it('keeps every acknowledged ticket through kill -9 and numbers on without duplicates', async () => {
	hall = await CrashableHall.create('crash');
	const base = hall.url;
	await hall.start();

	const acked: { id: string; number: string }[] = [];
	// Kill once a real burst is under way.
	await hall.killDuringBurst({
		writers: 8,
		enough: () => acked.length >= 150,
		write: async () => {
			const res = await issue(base);
			if (res.status === 201) {
				const ticket = (await res.json()) as { id: string; number: string };
				acked.push({ id: ticket.id, number: ticket.number });
			} else await res.arrayBuffer();
		}
	});

	await hall.start();
	for (const ticket of acked) {
		const res = await fetch(`${base}/api/tickets/${ticket.id}`);
		expect(res.status, ticket.number).toBe(200);
		expect(((await res.json()) as { number: string }).number).toBe(ticket.number);
	}
	const numbers = new Set(acked.map((t) => t.number));
	expect(numbers.size).toBe(acked.length);
	const next = (await (await issue(base)).json()) as { number: string };
	const highest = Math.max(...acked.map((t) => Number(t.number.slice(1))));
	expect(Number(next.number.slice(1))).toBeGreaterThan(highest);
	expect(numbers.has(next.number)).toBe(false);
	await hall.stop();
}, 120_000);
