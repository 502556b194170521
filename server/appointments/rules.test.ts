import { describe, expect, it } from 'vitest';
import type { CalendarConfig } from '../core/calendar.ts';
import { instantOf } from '../core/calendar.ts';
import type { AppointmentRules } from '../config.ts';
import { banUntil, bookableDays, checkInWindow, CODE_ALPHABET, formatCode, isCode, newCode, normalizeCode, slotsOn } from './rules.ts';

const TZ = 'Asia/Shanghai';
const calendar: CalendarConfig = {
	timeZone: TZ,
	workdayHours: [
		['08:30', '12:00'],
		['14:30', '18:00']
	],
	restDayHours: [],
	days: { '2026-12-01': 'holiday' },
	knownThroughYear: 2026
};
const rules: AppointmentRules = {
	checkInEarlyMinutes: 30,
	lateGraceMinutes: 15,
	noShowLimit: 3,
	noShowWindowDays: 30,
	banDays: 30,
	closedDays: ['2026-11-30'],
	closedDayReasons: { '2026-11-30': '全员培训' },
	remoteTaking: true
};
const DAY = 24 * 60 * 60_000;

describe('slots and days', () => {
	it('cuts each opening period into slots, leaving out a remainder too short', () => {
		const slots = slotsOn(calendar, '2026-11-26', 45);
		expect(slots[0]).toEqual({ start: '08:30', end: '09:15' });
		// 08:30–12:00 holds four 45-minute slots (to 11:30); 14:30–18:00 four more.
		expect(slots.map((s) => s.start)).toEqual(['08:30', '09:15', '10:00', '10:45', '14:30', '15:15', '16:00', '16:45']);
		expect(slotsOn(calendar, '2026-11-28', 30)).toEqual([]);
	});

	it('offers today and the next opening days, skipping weekends, holidays and days closed to booking', () => {
		const days = bookableDays(calendar, '2026-11-26', { enabled: true, slotMinutes: 30, capacity: 5, bookAheadDays: 4 }, rules);
		expect(days).toEqual(['2026-11-26', '2026-11-27', '2026-12-02', '2026-12-03']);
	});
});

describe('check-in window', () => {
	const slot = instantOf('2026-11-26', '10:00', TZ);
	it('opens checkInEarlyMinutes before the slot and closes lateGraceMinutes after its start', () => {
		expect(checkInWindow(slot, rules, slot - 31 * 60_000)).toEqual({ ok: false, code: 'too_early', from: slot - 30 * 60_000 });
		expect(checkInWindow(slot, rules, slot - 30 * 60_000)).toEqual({ ok: true });
		expect(checkInWindow(slot, rules, slot + 15 * 60_000)).toEqual({ ok: true });
		expect(checkInWindow(slot, rules, slot + 15 * 60_000 + 1)).toEqual({ ok: false, code: 'too_late' });
	});
});

describe('the 爽约 ban', () => {
	const t0 = instantOf('2026-11-02', '09:00', TZ);
	it('bans for banDays from the miss that reaches the limit within the window', () => {
		const misses = [t0, t0 + 10 * DAY, t0 + 20 * DAY];
		expect(banUntil(misses.slice(0, 2), null, rules, t0 + 21 * DAY)).toBeNull();
		expect(banUntil(misses, null, rules, t0 + 21 * DAY)).toBe(t0 + 50 * DAY);
		expect(banUntil(misses, null, rules, t0 + 50 * DAY)).toBeNull();
	});
	it('does not count misses spread wider than the window', () => {
		expect(banUntil([t0, t0 + 20 * DAY, t0 + 40 * DAY], null, rules, t0 + 41 * DAY)).toBeNull();
	});
	it('forgets the misses before the director’s lift', () => {
		const misses = [t0, t0 + DAY, t0 + 2 * DAY];
		expect(banUntil(misses, t0 + 3 * DAY, rules, t0 + 4 * DAY)).toBeNull();
		expect(banUntil([...misses, t0 + 5 * DAY], t0 + 3 * DAY, rules, t0 + 6 * DAY)).toBeNull();
	});
});

describe('booking codes', () => {
	it('are six characters with no look-alikes, read in two halves, typed in any form', () => {
		for (let i = 0; i < 200; i++) {
			const code = newCode();
			expect(isCode(code)).toBe(true);
			expect([...code].every((c) => CODE_ALPHABET.includes(c))).toBe(true);
		}
		expect(CODE_ALPHABET).not.toMatch(/[0O1IL2Z5S6G8B]/);
		expect(formatCode('K7M4TX')).toBe('K7M-4TX');
		expect(normalizeCode(' k7m-4tx ')).toBe('K7M4TX');
		expect(normalizeCode('K7M 4TX')).toBe('K7M4TX');
		expect(normalizeCode('https://hall.example/book?code=K7M4TX')).toBe('K7M4TX');
		expect(isCode('K7M4T')).toBe(false);
		expect(isCode('K7M4T0')).toBe(false);
	});
});
