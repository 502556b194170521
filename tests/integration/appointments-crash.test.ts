// kill -9 during a burst of bookings: every acknowledged booking is there after the restart,
// no slot holds more than its capacity, and a backup of the live database carries them.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { backupDatabase } from '../../server/store/backup.ts';
import { addDays, localDate } from '../../server/core/calendar.ts';
import { CrashableHall } from '../support/crash-harness.ts';

let hall: CrashableHall | null = null;

afterAll(() => {
	hall?.dispose();
});

it('keeps every acknowledged booking through kill -9, within capacity, and in a backup', async () => {
	hall = await CrashableHall.create('appt-crash');
	const { dataDir, url: base } = hall;
	await hall.start();
	// The demo hall is open around the clock: tomorrow has 48 half-hour slots of 5 places.
	const day = addDays(localDate(Date.now(), 'Asia/Shanghai'), 1);
	const starts = Array.from({ length: 8 }, (_, i) => `0${i + 1}:00`.slice(-5));

	const acked: { code: string; phone: string; start: string }[] = [];
	let serial = 0;
	// Kill while slots are still filling (8 slots × 5 places).
	await hall.killDuringBurst({
		writers: 8,
		enough: () => acked.length >= 25,
		write: async () => {
			const n = serial++;
			const phone = `138${String(n).padStart(8, '0')}`;
			const start = starts[n % starts.length];
			const res = await fetch(`${base}/api/appointments`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ serviceId: 'representative', date: day, start, name: '测试居民', phone })
			});
			if (res.status === 201) acked.push({ code: ((await res.json()) as { code: string }).code, phone, start });
			else await res.arrayBuffer();
		}
	});

	await hall.start();
	for (const booking of acked) {
		const res = await fetch(`${base}/api/appointments/${booking.code}?phone=${booking.phone}`);
		expect(res.status, booking.code).toBe(200);
		expect(((await res.json()) as { start: string }).start).toBe(booking.start);
	}
	const slots = (await (await fetch(`${base}/api/appointments/slots?serviceId=representative&date=${day}`)).json()) as { start: string; booked: number; capacity: number }[];
	for (const slot of slots) expect(slot.booked).toBeLessThanOrEqual(slot.capacity);

	const copy = join(dataDir, 'backup', 'hall-copy.db');
	const backup = await backupDatabase(join(dataDir, 'hall.db'), copy);
	expect(backup.integrity).toBe('ok');
	const db = new Database(copy, { readonly: true });
	try {
		const codes = new Set((db.prepare(`SELECT code FROM appointments`).all() as { code: string }[]).map((r) => r.code));
		for (const booking of acked) expect(codes.has(booking.code), booking.code).toBe(true);
		const facts = (db.prepare(`SELECT COUNT(*) AS n FROM events WHERE type = 'appointment:booked'`).get() as { n: number }).n;
		expect(facts).toBe(codes.size);
	} finally {
		db.close();
	}
	await hall.stop();
}, 120_000);
