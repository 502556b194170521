// Reports for the director: what the hall did in a period, and what it is doing now.
// Everything is computed from the ticket projection and the append-only logs.

import type { Database } from 'better-sqlite3';
import type { Clock } from './clock.ts';
import { addDays, instantOf, localDate } from './core/calendar.ts';
import type { Hall } from './hall.ts';
import type { Store } from './store/store.ts';

export interface TimeStats {
	count: number;
	averageMinutes: number | null;
	p90Minutes: number | null;
}

export interface ServiceRow {
	serviceId: string;
	serviceName: string;
	issued: number;
	done: number;
	refused: number;
	noShow: number;
	expired: number;
	transferredAway: number;
	wait: TimeStats;
	service: TimeStats;
}

export interface PeopleRow {
	id: string;
	name: string;
	served: number;
	service: TimeStats;
	ratings: number;
	averageGrade: number | null;
	badRatings: number;
}

export interface PeriodReport {
	from: string;
	to: string;
	totals: { issued: number; done: number; refused: number; noShow: number; expired: number; transfers: number };
	services: ServiceRow[];
	windows: PeopleRow[];
	staff: PeopleRow[];
	refusals: { number: string; serviceName: string; reason: string; staffName: string | null; at: number }[];
	cases: { opened: number; open: number; overdue: number; done: number };
	complaints: { received: number; open: number; answered: number };
	attendance: { staffName: string; day: string; firstSignIn: number | null; lastSignOut: number | null }[];
}

interface TicketRow {
	id: string;
	number: string;
	service_id: string;
	status: string;
	issued_at: number;
	called_at: number | null;
	started_at: number | null;
	ended_at: number | null;
	window_id: string | null;
	staff_id: string | null;
	reason: string | null;
}

/** exceljs is large and only needed for an export: load it then, not at every start. */
async function loadExcel(): Promise<typeof import('exceljs')> {
	const module = await import('exceljs');
	return ((module as { default?: typeof import('exceljs') }).default ?? module) as typeof import('exceljs');
}

/** Nearest-rank percentile over minutes. */
function stats(durationsMs: number[]): TimeStats {
	if (durationsMs.length === 0) return { count: 0, averageMinutes: null, p90Minutes: null };
	const sorted = [...durationsMs].sort((a, b) => a - b);
	const minutes = (ms: number) => Math.round((ms / 60_000) * 10) / 10;
	const p90 = sorted[Math.max(0, Math.ceil(0.9 * sorted.length) - 1)];
	return { count: sorted.length, averageMinutes: minutes(sorted.reduce((a, b) => a + b, 0) / sorted.length), p90Minutes: minutes(p90) };
}

function serviceDuration(t: TicketRow): number | null {
	const from = t.started_at ?? t.called_at;
	return t.ended_at !== null && from !== null && (t.status === 'done' || t.status === 'refused') ? t.ended_at - from : null;
}

export class Reports {
	readonly #db: Database;
	readonly #hall: Hall;
	readonly #clock: Clock;

	constructor(store: Store, hall: Hall, clock: Clock) {
		this.#db = store.db;
		this.#hall = hall;
		this.#clock = clock;
	}

	#range(from: string, to: string): [number, number] {
		const { timeZone } = this.#hall.state.config.calendar;
		return [instantOf(from, '00:00', timeZone), instantOf(addDays(to, 1), '00:00', timeZone)];
	}

	period(from: string, to: string): PeriodReport {
		// The ticket tables trail the event log by a few milliseconds: bring them up to date first.
		this.#hall.flush();
		const [start, end] = this.#range(from, to);
		const tickets = this.#db
			.prepare(`SELECT id, number, service_id, status, issued_at, called_at, started_at, ended_at, window_id, staff_id, reason FROM tickets WHERE day >= ? AND day <= ?`)
			.all(from, to) as TicketRow[];
		const transfers = this.#db
			.prepare(`SELECT data FROM events WHERE type = 'ticket:transferred' AND at >= ? AND at < ?`)
			.all(start, end) as { data: string }[];
		const transferredFrom = new Map<string, number>();
		for (const { data } of transfers) {
			const { ticketId } = JSON.parse(data) as { ticketId: string };
			transferredFrom.set(ticketId, (transferredFrom.get(ticketId) ?? 0) + 1);
		}
		const ratings = this.#db
			.prepare(`SELECT window_id, staff_id, grade FROM evaluations WHERE created_at >= ? AND created_at < ?`)
			.all(start, end) as { window_id: string; staff_id: string | null; grade: number }[];
		const config = this.#hall.state.config;
		const serviceName = (id: string) => config.services.find((s) => s.id === id)?.name ?? id;

		const services: ServiceRow[] = config.services.map((service) => {
			const mine = tickets.filter((t) => t.service_id === service.id);
			return {
				serviceId: service.id,
				serviceName: service.name,
				issued: mine.length,
				done: mine.filter((t) => t.status === 'done').length,
				refused: mine.filter((t) => t.status === 'refused').length,
				noShow: mine.filter((t) => t.status === 'no_show').length,
				expired: mine.filter((t) => t.status === 'expired').length,
				transferredAway: mine.filter((t) => transferredFrom.has(t.id)).length,
				wait: stats(mine.filter((t) => t.called_at !== null).map((t) => t.called_at! - t.issued_at)),
				service: stats(mine.map(serviceDuration).filter((d): d is number => d !== null))
			};
		});

		const people = (key: 'window_id' | 'staff_id', ids: { id: string; name: string }[]): PeopleRow[] =>
			ids.map(({ id, name }) => {
				const served = tickets.filter((t) => t[key] === id && (t.status === 'done' || t.status === 'refused'));
				const graded = ratings.filter((r) => r[key] === id);
				return {
					id,
					name,
					served: served.length,
					service: stats(served.map(serviceDuration).filter((d): d is number => d !== null)),
					ratings: graded.length,
					averageGrade: graded.length ? Math.round((graded.reduce((a, r) => a + r.grade, 0) / graded.length) * 100) / 100 : null,
					badRatings: graded.filter((r) => r.grade <= 2).length
				};
			});
		const staffIds = [...new Set(tickets.map((t) => t.staff_id).filter((s): s is string => !!s))];

		const caseCounts = this.#db
			.prepare(
				`SELECT SUM(accepted_date >= ? AND accepted_date <= ?) AS opened, SUM(status = 'open') AS open,
				        SUM(status = 'open' AND due_date < ?) AS overdue, SUM(status = 'done' AND accepted_date >= ? AND accepted_date <= ?) AS done FROM cases`
			)
			.get(from, to, localDate(this.#clock.now(), config.calendar.timeZone), from, to) as Record<string, number | null>;
		const complaintCounts = this.#db
			.prepare(
				`SELECT COUNT(*) AS received, SUM(status = 'open') AS open, SUM(status != 'open') AS answered FROM complaints WHERE created_at >= ? AND created_at < ?`
			)
			.get(start, end) as Record<string, number | null>;

		const attendance: PeriodReport['attendance'] = [];
		for (let day = from; day <= to; day = addDays(day, 1)) {
			const records = this.#hall.attendance(day);
			for (const staffId of new Set(records.map((r) => r.staffId))) {
				const mine = records.filter((r) => r.staffId === staffId);
				attendance.push({
					staffName: mine[0].staff?.name ?? staffId,
					day,
					firstSignIn: mine.find((r) => r.type === 'sign-in')?.at ?? null,
					lastSignOut: mine.filter((r) => r.type === 'sign-out').at(-1)?.at ?? null
				});
			}
		}

		return {
			from,
			to,
			totals: {
				issued: tickets.length,
				done: tickets.filter((t) => t.status === 'done').length,
				refused: tickets.filter((t) => t.status === 'refused').length,
				noShow: tickets.filter((t) => t.status === 'no_show').length,
				expired: tickets.filter((t) => t.status === 'expired').length,
				transfers: transfers.length
			},
			services,
			windows: people('window_id', config.windows.map((w) => ({ id: w.id, name: w.name }))),
			staff: people('staff_id', staffIds.map((id) => ({ id, name: this.#hall.staffBadge(id)?.name ?? id }))),
			refusals: tickets
				.filter((t) => t.status === 'refused')
				.map((t) => ({ number: t.number, serviceName: serviceName(t.service_id), reason: t.reason ?? '', staffName: this.#hall.staffBadge(t.staff_id)?.name ?? null, at: t.ended_at ?? 0 })),
			cases: {
				opened: caseCounts.opened ?? 0,
				open: caseCounts.open ?? 0,
				overdue: caseCounts.overdue ?? 0,
				done: caseCounts.done ?? 0
			},
			complaints: { received: complaintCounts.received ?? 0, open: complaintCounts.open ?? 0, answered: complaintCounts.answered ?? 0 },
			attendance
		};
	}

	/** Today, now: the director's live view. */
	live() {
		const state = this.#hall.state;
		const now = this.#clock.now();
		let longestWaitMs = 0;
		let serving = 0;
		for (const ticket of state.active.values()) {
			if (ticket.status === 'waiting' || ticket.status === 'transferred') longestWaitMs = Math.max(longestWaitMs, now - ticket.issuedAt);
			else serving++;
		}
		return {
			at: now,
			waiting: this.#hall.waiting(),
			totalWaiting: this.#hall.waiting().reduce((a, w) => a + w.waiting, 0),
			serving,
			longestWaitMinutes: Math.round(longestWaitMs / 60_000),
			windows: this.#hall.windows()
		};
	}

	async workbook(from: string, to: string): Promise<Buffer> {
		const report = this.period(from, to);
		const book = new (await loadExcel()).Workbook();
		book.creator = this.#hall.settings.hallName;
		const sheet = (name: string, columns: [string, string, number?][], rows: Record<string, unknown>[]) => {
			const ws = book.addWorksheet(name);
			ws.columns = columns.map(([header, key, width]) => ({ header, key, width: width ?? 14 }));
			ws.getRow(1).font = { bold: true };
			for (const row of rows) ws.addRow(row);
		};
		sheet(
			'按业务',
			[['业务', 'serviceName', 20], ['取号', 'issued'], ['办结', 'done'], ['不予受理', 'refused'], ['过号', 'noShow'], ['过期', 'expired'], ['转出', 'transferredAway'], ['平均等候(分)', 'waitAvg'], ['90%等候(分)', 'waitP90'], ['平均办理(分)', 'serviceAvg'], ['90%办理(分)', 'serviceP90']],
			report.services.map((s) => ({ ...s, waitAvg: s.wait.averageMinutes, waitP90: s.wait.p90Minutes, serviceAvg: s.service.averageMinutes, serviceP90: s.service.p90Minutes }))
		);
		const peopleColumns: [string, string, number?][] = [['名称', 'name', 16], ['办理件数', 'served'], ['平均办理(分)', 'serviceAvg'], ['90%办理(分)', 'serviceP90'], ['评价数', 'ratings'], ['平均评分', 'averageGrade'], ['差评数', 'badRatings']];
		const peopleRows = (rows: PeopleRow[]) => rows.map((r) => ({ ...r, serviceAvg: r.service.averageMinutes, serviceP90: r.service.p90Minutes }));
		sheet('按窗口', peopleColumns, peopleRows(report.windows));
		sheet('按人员', peopleColumns, peopleRows(report.staff));
		sheet('不予受理', [['号码', 'number'], ['业务', 'serviceName', 20], ['原因', 'reason', 40], ['工作人员', 'staffName'], ['时间', 'time', 20]], report.refusals.map((r) => ({ ...r, time: new Date(r.at).toISOString() })));
		sheet('汇总', [['项目', 'item', 20], ['数量', 'value']], [
			{ item: '取号总数', value: report.totals.issued },
			{ item: '办结', value: report.totals.done },
			{ item: '不予受理', value: report.totals.refused },
			{ item: '过号', value: report.totals.noShow },
			{ item: '转移', value: report.totals.transfers },
			{ item: '登记事项（新增）', value: report.cases.opened },
			{ item: '未办结事项', value: report.cases.open },
			{ item: '超期事项', value: report.cases.overdue },
			{ item: '投诉建议', value: report.complaints.received }
		]);
		sheet('考勤', [['工作人员', 'staffName', 14], ['日期', 'day', 12], ['首次签到', 'in', 20], ['最后签退', 'out', 20]], report.attendance.map((a) => ({ staffName: a.staffName, day: a.day, in: a.firstSignIn ? new Date(a.firstSignIn).toISOString() : '', out: a.lastSignOut ? new Date(a.lastSignOut).toISOString() : '' })));
		return Buffer.from(await book.xlsx.writeBuffer());
	}

	async accessLogWorkbook(rows: { at: number; staffId: string; staffName: string | null; recordType: string; recordId: string; fields: string[]; requestId: string | null }[]): Promise<Buffer> {
		const book = new (await loadExcel()).Workbook();
		const ws = book.addWorksheet('查阅记录');
		ws.columns = [
			{ header: '时间', key: 'time', width: 22 },
			{ header: '查阅人', key: 'staffName', width: 12 },
			{ header: '记录类型', key: 'recordType', width: 12 },
			{ header: '记录编号', key: 'recordId', width: 38 },
			{ header: '查阅内容', key: 'fields', width: 24 },
			{ header: '审批单号', key: 'requestId', width: 38 }
		];
		ws.getRow(1).font = { bold: true };
		for (const r of rows) ws.addRow({ ...r, time: new Date(r.at).toISOString(), fields: r.fields.join('、'), staffName: r.staffName ?? r.staffId });
		return Buffer.from(await book.xlsx.writeBuffer());
	}
}
