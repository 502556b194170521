// Daily rollups: a day's figures per service, window, staff member and hour, folded from
// the event log (the durable record) and the day's ratings. Pure: no database, no clock.
//
// Durations are kept as a count, a sum and a histogram in tenths of a minute — the unit a
// report shows — so that summing days gives exactly the average and the 90th percentile a
// report over every ticket would give (to the minute above an hour, where the buckets widen).
// A histogram is a flat sorted array of [bucket, count] pairs: a year of days parses and
// merges as arrays of numbers, not as objects with thousands of keys.

import type { DomainEvent } from '../core/types.ts';

/** Bump when a figure's definition changes; `npm run rollups -- rebuild` recomputes every day. */
export const ROLLUP_FORMULA = 4;

export interface Durations {
	n: number;
	sumMs: number;
	/** [bucket, count, bucket, count, …] by ascending bucket (see bucketOf). */
	hist: number[];
}

/** Tenths of a minute up to an hour (0–600), then whole minutes up to a day (601–1980). */
export function bucketOf(ms: number): number {
	const tenths = Math.round(Math.max(0, ms) / 6000);
	if (tenths <= 600) return tenths;
	return Math.min(1980, 600 + Math.round(ms / 60_000) - 60);
}

/** A bucket's duration in minutes, as a report shows it. */
export function minutesOf(bucket: number): number {
	return bucket <= 600 ? bucket / 10 : bucket - 600 + 60;
}

export interface ServiceFigures {
	/** Tickets taken for this service (a transferred ticket stays counted here). */
	issued: number;
	done: number;
	refused: number;
	noShow: number;
	expired: number;
	/** Tickets taken for this service and transferred to another service or window. */
	transferredAway: number;
	/** Tickets transferred to this service from another one. */
	transferredIn: number;
	wait: Durations;
	service: Durations;
}

export interface PeopleFigures {
	served: number;
	service: Durations;
	ratings: number;
	gradeSum: number;
	badRatings: number;
}

export interface HourFigures {
	issued: number;
	called: number;
	served: number;
}

export interface RefusalFigure {
	ticketId: string;
	number: string;
	serviceId: string;
	reason: string;
	staffId: string | null;
	at: number;
}

export interface AttendanceFigure {
	staffId: string;
	firstSignIn: number | null;
	lastSignOut: number | null;
}

export interface DayFigures {
	day: string;
	tickets: number;
	transfers: number;
	services: Record<string, ServiceFigures>;
	windows: Record<string, PeopleFigures>;
	staff: Record<string, PeopleFigures>;
	hours: Record<string, HourFigures>;
	refusals: RefusalFigure[];
	attendance: Record<string, AttendanceFigure>;
}

export interface Rating {
	windowId: string;
	staffId: string | null;
	grade: number;
	at: number;
}

/** What a report needs of one ticket, as the event log tells it. */
interface TicketTrace {
	day: string;
	number: string;
	takenFor: string;
	serviceId: string;
	status: string;
	issuedAt: number;
	calledAt: number | null;
	startedAt: number | null;
	endedAt: number | null;
	windowId: string | null;
	staffId: string | null;
	reason: string | null;
	transfers: number;
	transferredTo: string[];
}

const emptyDurations = (): Durations => ({ n: 0, sumMs: 0, hist: [] });
const emptyService = (): ServiceFigures => ({ issued: 0, done: 0, refused: 0, noShow: 0, expired: 0, transferredAway: 0, transferredIn: 0, wait: emptyDurations(), service: emptyDurations() });
const emptyPeople = (): PeopleFigures => ({ served: 0, service: emptyDurations(), ratings: 0, gradeSum: 0, badRatings: 0 });
const emptyHour = (): HourFigures => ({ issued: 0, called: 0, served: 0 });

export function emptyDay(day: string): DayFigures {
	return { day, tickets: 0, transfers: 0, services: {}, windows: {}, staff: {}, hours: {}, refusals: [], attendance: {} };
}

function addDuration(d: Durations, ms: number): void {
	d.n++;
	d.sumMs += ms;
	const bucket = bucketOf(ms);
	const h = d.hist;
	// Binary search over the pairs' buckets.
	let lo = 0;
	let hi = h.length / 2;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (h[mid * 2] < bucket) lo = mid + 1;
		else hi = mid;
	}
	if (lo * 2 < h.length && h[lo * 2] === bucket) h[lo * 2 + 1]++;
	else h.splice(lo * 2, 0, bucket, 1);
}

/** The sum of two histograms: one linear merge of the sorted pairs. */
function mergeHist(a: number[], b: number[]): number[] {
	if (a.length === 0) return b.slice();
	if (b.length === 0) return a;
	const out: number[] = [];
	let i = 0;
	let j = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			out.push(a[i], a[i + 1] + b[j + 1]);
			i += 2;
			j += 2;
		} else if (a[i] < b[j]) {
			out.push(a[i], a[i + 1]);
			i += 2;
		} else {
			out.push(b[j], b[j + 1]);
			j += 2;
		}
	}
	for (; i < a.length; i++) out.push(a[i]);
	for (; j < b.length; j++) out.push(b[j]);
	return out;
}

function mergeDurations(into: Durations, from: Durations): void {
	into.n += from.n;
	into.sumMs += from.sumMs;
	into.hist = mergeHist(into.hist, from.hist);
}

function get<T>(map: Record<string, T>, key: string, make: () => T): T {
	let value = map[key];
	if (value === undefined) {
		value = make();
		map[key] = value;
	}
	return value;
}

/**
 * Local date and hour of an instant, memoized per quarter hour (every zone's offset is a
 * multiple of 15 minutes): Intl formatting per event was most of a fold's time.
 */
function localClock(timeZone: string): { date: (ms: number) => string; hour: (ms: number) => string } {
	const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
	const memo = new Map<number, { date: string; hour: string }>();
	const at = (ms: number) => {
		const quarter = Math.floor(ms / 900_000);
		let local = memo.get(quarter);
		if (!local) {
			const p: Record<string, string> = {};
			for (const part of format.formatToParts(new Date(quarter * 900_000))) p[part.type] = part.value;
			local = { date: `${p.year}-${p.month}-${p.day}`, hour: p.hour };
			memo.set(quarter, local);
		}
		return local;
	};
	return { date: (ms) => at(ms).date, hour: (ms) => at(ms).hour };
}

/**
 * Folds events (in log order) into per-day figures. Feed every event of a day — the day's
 * tickets from their issue to their end — then `finish()`.
 */
export class DayFold {
	readonly #tickets = new Map<string, TicketTrace>();
	readonly #days = new Map<string, DayFigures>();
	readonly #hour: (ms: number) => string;
	readonly #date: (ms: number) => string;
	/** Per day: the last event seq that belongs to it. */
	readonly lastSeq = new Map<string, number>();

	constructor(timeZone: string) {
		const clock = localClock(timeZone);
		this.#hour = clock.hour;
		this.#date = clock.date;
	}

	#day(day: string): DayFigures {
		let figures = this.#days.get(day);
		if (!figures) {
			figures = emptyDay(day);
			this.#days.set(day, figures);
		}
		return figures;
	}

	/** The day an event belongs to: its ticket's day, else the local date it happened on. */
	dayOf(event: DomainEvent): string | null {
		if (event.type === 'ticket:issued') return event.ticket.day;
		if ('ticketId' in event) return this.#tickets.get(event.ticketId)?.day ?? null;
		return this.#date(event.at);
	}

	add(seq: number, event: DomainEvent): void {
		const day = this.dayOf(event);
		if (day === null) return;
		this.lastSeq.set(day, Math.max(this.lastSeq.get(day) ?? 0, seq));
		switch (event.type) {
			case 'ticket:issued': {
				const t = event.ticket;
				this.#tickets.set(t.id, {
					day: t.day,
					number: t.number,
					takenFor: t.serviceId,
					serviceId: t.serviceId,
					status: t.status,
					issuedAt: t.issuedAt,
					calledAt: null,
					startedAt: null,
					endedAt: null,
					windowId: null,
					staffId: null,
					reason: null,
					transfers: 0,
					transferredTo: []
				});
				return;
			}
			case 'ticket:called': {
				const t = this.#tickets.get(event.ticketId)!;
				t.status = 'called';
				t.calledAt = event.at;
				t.windowId = event.windowId;
				t.staffId = event.staffId;
				get(this.#day(day).hours, this.#hour(event.at), emptyHour).called++;
				return;
			}
			case 'ticket:no-show': {
				const t = this.#tickets.get(event.ticketId)!;
				if (event.requeued) t.status = 'waiting';
				else {
					t.status = 'no_show';
					t.endedAt = event.at;
				}
				return;
			}
			case 'ticket:started': {
				const t = this.#tickets.get(event.ticketId)!;
				t.status = 'serving';
				t.startedAt = event.at;
				return;
			}
			case 'ticket:finished': {
				const t = this.#tickets.get(event.ticketId)!;
				t.status = event.outcome;
				t.reason = event.reason;
				t.endedAt = event.at;
				return;
			}
			case 'ticket:transferred': {
				const t = this.#tickets.get(event.ticketId)!;
				t.status = 'transferred';
				t.startedAt = null;
				t.transfers++;
				if (event.transfer.toServiceId && event.transfer.toServiceId !== t.serviceId) {
					t.serviceId = event.transfer.toServiceId;
					t.transferredTo.push(event.transfer.toServiceId);
				}
				this.#day(day).transfers++;
				return;
			}
			case 'ticket:expired': {
				const t = this.#tickets.get(event.ticketId)!;
				t.status = 'expired';
				t.endedAt = event.at;
				return;
			}
			case 'window:signed-in': {
				const a = get(this.#day(day).attendance, event.staffId, () => ({ staffId: event.staffId, firstSignIn: null, lastSignOut: null }));
				a.firstSignIn ??= event.at;
				return;
			}
			case 'window:signed-out': {
				const a = get(this.#day(day).attendance, event.staffId, () => ({ staffId: event.staffId, firstSignIn: null, lastSignOut: null }));
				a.lastSignOut = event.at;
				return;
			}
			default:
				return;
		}
	}

	/** Ratings count on the local day they were given. */
	addRating(rating: Rating): void {
		const day = this.#day(this.#date(rating.at));
		for (const [map, key] of [
			[day.windows, rating.windowId],
			[day.staff, rating.staffId]
		] as const) {
			if (!key) continue;
			const p = get(map, key, emptyPeople);
			p.ratings++;
			p.gradeSum += rating.grade;
			if (rating.grade <= 2) p.badRatings++;
		}
	}

	/** The figures of every day seen, with its tickets counted by their state as of the last event fed. */
	finish(): Map<string, DayFigures> {
		for (const [id, t] of this.#tickets) {
			const day = this.#day(t.day);
			day.tickets++;
			const s = get(day.services, t.takenFor, emptyService);
			s.issued++;
			if (t.status === 'done') s.done++;
			else if (t.status === 'refused') s.refused++;
			else if (t.status === 'no_show') s.noShow++;
			else if (t.status === 'expired') s.expired++;
			if (t.transfers > 0) s.transferredAway++;
			for (const to of new Set(t.transferredTo)) if (to !== t.takenFor) get(day.services, to, emptyService).transferredIn++;
			if (t.calledAt !== null) addDuration(s.wait, t.calledAt - t.issuedAt);
			get(day.hours, this.#hour(t.issuedAt), emptyHour).issued++;
			const from = t.startedAt ?? t.calledAt;
			const served = t.status === 'done' || t.status === 'refused';
			if (served && t.endedAt !== null) {
				get(day.hours, this.#hour(t.endedAt), emptyHour).served++;
				const ms = from !== null ? t.endedAt - from : null;
				if (ms !== null) addDuration(s.service, ms);
				for (const [map, key] of [
					[day.windows, t.windowId],
					[day.staff, t.staffId]
				] as const) {
					if (!key) continue;
					const p = get(map, key, emptyPeople);
					p.served++;
					if (ms !== null) addDuration(p.service, ms);
				}
			}
			if (t.status === 'refused') day.refusals.push({ ticketId: id, number: t.number, serviceId: t.takenFor, reason: t.reason ?? '', staffId: t.staffId, at: t.endedAt ?? 0 });
		}
		for (const day of this.#days.values()) day.refusals.sort((a, b) => a.at - b.at || a.number.localeCompare(b.number));
		return this.#days;
	}
}

/** Adds `from` into `into`: the figures of a period are the sum of its days. */
export function mergeDay(into: DayFigures, from: DayFigures): void {
	into.tickets += from.tickets;
	into.transfers += from.transfers;
	for (const [id, s] of Object.entries(from.services)) {
		const t = get(into.services, id, emptyService);
		t.issued += s.issued;
		t.done += s.done;
		t.refused += s.refused;
		t.noShow += s.noShow;
		t.expired += s.expired;
		t.transferredAway += s.transferredAway;
		t.transferredIn += s.transferredIn;
		mergeDurations(t.wait, s.wait);
		mergeDurations(t.service, s.service);
	}
	for (const dim of ['windows', 'staff'] as const) {
		for (const [id, p] of Object.entries(from[dim])) {
			const t = get(into[dim], id, emptyPeople);
			t.served += p.served;
			t.ratings += p.ratings;
			t.gradeSum += p.gradeSum;
			t.badRatings += p.badRatings;
			mergeDurations(t.service, p.service);
		}
	}
	for (const [hour, h] of Object.entries(from.hours)) {
		const t = get(into.hours, hour, emptyHour);
		t.issued += h.issued;
		t.called += h.called;
		t.served += h.served;
	}
	into.refusals.push(...from.refusals);
	// Attendance is per day and person: keyed `day|staffId` once summed (a month's keys already are).
	for (const [id, a] of Object.entries(from.attendance)) into.attendance[id.includes('|') ? id : `${from.day}|${id}`] = a;
}

/**
 * A day's (or month's) figures as rows (dim, key, figures JSON) for the rollups tables, and
 * back: one row per service, window, staff member and hour; the refusals and the attendance
 * each as one row (a month has hundreds of refusals: one parse, not hundreds).
 */
export function toRows(figures: DayFigures): { dim: string; key: string; figures: string }[] {
	const rows: { dim: string; key: string; figures: string }[] = [
		{ dim: 'day', key: '', figures: JSON.stringify({ tickets: figures.tickets, transfers: figures.transfers }) }
	];
	for (const dim of ['services', 'windows', 'staff', 'hours'] as const) {
		for (const [key, value] of Object.entries(figures[dim])) rows.push({ dim, key, figures: JSON.stringify(value) });
	}
	if (figures.refusals.length) rows.push({ dim: 'refusals', key: '', figures: JSON.stringify(figures.refusals) });
	if (Object.keys(figures.attendance).length) rows.push({ dim: 'attendance', key: '', figures: JSON.stringify(figures.attendance) });
	return rows;
}

export function fromRows(day: string, rows: { dim: string; key: string; figures: string }[]): DayFigures {
	const figures = emptyDay(day);
	for (const row of rows) {
		const value = JSON.parse(row.figures);
		if (row.dim === 'day') {
			figures.tickets = value.tickets;
			figures.transfers = value.transfers;
		} else if (row.dim === 'refusals') figures.refusals = value as RefusalFigure[];
		else if (row.dim === 'attendance') figures.attendance = value as Record<string, AttendanceFigure>;
		else if (row.dim === 'services' || row.dim === 'windows' || row.dim === 'staff' || row.dim === 'hours') {
			(figures[row.dim] as Record<string, unknown>)[row.key] = value;
		}
	}
	return figures;
}

export interface TimeStats {
	count: number;
	averageMinutes: number | null;
	p90Minutes: number | null;
}

/** Average and nearest-rank 90th percentile, in minutes to one decimal. */
export function statsOf(d: Durations): TimeStats {
	if (d.n === 0) return { count: 0, averageMinutes: null, p90Minutes: null };
	const rank = Math.max(1, Math.ceil(0.9 * d.n));
	let seen = 0;
	let p90 = d.hist.at(-2) ?? 0;
	for (let i = 0; i < d.hist.length; i += 2) {
		seen += d.hist[i + 1];
		if (seen >= rank) {
			p90 = d.hist[i];
			break;
		}
	}
	return { count: d.n, averageMinutes: Math.round((d.sumMs / d.n / 60_000) * 10) / 10, p90Minutes: minutesOf(p90) };
}
