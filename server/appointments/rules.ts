// The pure rules of 预约: which days and slots can be booked, when check-in is open, the
// 爽约 ban, and the booking codes. Every function takes the instant it reasons about.

import { randomInt } from 'node:crypto';
import { addDays, instantOf, parseHm, periodsOn, type CalendarConfig } from '../core/calendar.ts';
import type { AppointmentRules, ServiceAppointments } from '../config.ts';

export interface Slot {
	start: string;
	end: string;
}

const DAY_MS = 24 * 60 * 60_000;

function hm(minutes: number): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The day's slots: each opening period cut into `slotMinutes` pieces (a remainder too short for a slot is left out). */
export function slotsOn(calendar: CalendarConfig, day: string, slotMinutes: number): Slot[] {
	const slots: Slot[] = [];
	const periods = [...periodsOn(calendar, day)].sort((a, b) => a[0].localeCompare(b[0]));
	for (const [from, to] of periods) {
		for (let start = parseHm(from); start + slotMinutes <= parseHm(to); start += slotMinutes) {
			slots.push({ start: hm(start), end: hm(start + slotMinutes) });
		}
	}
	return slots;
}

/**
 * The days open to booking: today and the following days on which the hall opens, up to
 * `bookAheadDays` of them, leaving out the days the hall closed to booking.
 */
export function bookableDays(calendar: CalendarConfig, today: string, config: ServiceAppointments, rules: AppointmentRules): string[] {
	const closed = new Set(rules.closedDays);
	const days: string[] = [];
	// A year of shut days at most: a hall with no opening hours at all books nothing.
	for (let offset = 0; days.length < config.bookAheadDays && offset < 370; offset++) {
		const day = addDays(today, offset);
		if (periodsOn(calendar, day).length === 0 || closed.has(day)) continue;
		days.push(day);
	}
	return days;
}

export function slotStartOf(calendar: CalendarConfig, day: string, start: string): number {
	return instantOf(day, start, calendar.timeZone);
}

/** A slot can still be booked while its check-in is still possible. */
export function slotStillBookable(slotStart: number, rules: AppointmentRules, now: number): boolean {
	return now <= slotStart + rules.lateGraceMinutes * 60_000;
}

export type CheckInWindow = { ok: true } | { ok: false; code: 'too_early'; from: number } | { ok: false; code: 'too_late' };

/** 签到 opens `checkInEarlyMinutes` before the slot and closes `lateGraceMinutes` after its start. */
export function checkInWindow(slotStart: number, rules: AppointmentRules, now: number): CheckInWindow {
	const from = slotStart - rules.checkInEarlyMinutes * 60_000;
	if (now < from) return { ok: false, code: 'too_early', from };
	if (now > slotStart + rules.lateGraceMinutes * 60_000) return { ok: false, code: 'too_late' };
	return { ok: true };
}

/** A booked slot nobody checked in for, once check-in has closed: a 爽约. */
export function isMissed(slotStart: number, rules: AppointmentRules, now: number): boolean {
	return now > slotStart + rules.lateGraceMinutes * 60_000;
}

/**
 * The 爽约 rule: `noShowLimit` missed bookings within `noShowWindowDays` bar the phone from
 * booking for `banDays`, counted from the missed slot that reached the limit. Missed slots
 * before the director's last lift no longer count. Returns when the ban ends, or null.
 */
export function banUntil(missedSlots: number[], liftedAt: number | null, rules: AppointmentRules, now: number): number | null {
	const counted = missedSlots.filter((at) => liftedAt === null || at > liftedAt).sort((a, b) => a - b);
	let until: number | null = null;
	for (let i = rules.noShowLimit - 1; i < counted.length; i++) {
		const first = counted[i - rules.noShowLimit + 1];
		if (counted[i] - first < rules.noShowWindowDays * DAY_MS) {
			const end = counted[i] + rules.banDays * DAY_MS;
			if (end > now && (until === null || end > until)) until = end;
		}
	}
	return until;
}

/** No 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B: letters and digits nobody mishears or misreads. */
export const CODE_ALPHABET = 'ACDEFHJKMNPRTUVWXY3479';
export const CODE_LENGTH = 6;

export function newCode(): string {
	let code = '';
	for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
	return code;
}

/** What a resident types or a scanner reads: 'k7m-4tx', 'K7M 4TX', or the status URL ending in the code. */
export function normalizeCode(input: string): string {
	const tail = input.trim().split(/[/=]/).pop() ?? '';
	return tail.toUpperCase().replace(/[\s-]/g, '');
}

export function isCode(code: string): boolean {
	return code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));
}

/** K7M4TX → K7M-4TX: read aloud in two halves. */
export function formatCode(code: string): string {
	return `${code.slice(0, 3)}-${code.slice(3)}`;
}

export const PHONE_PATTERN = /^1[3-9]\d{9}$/;
