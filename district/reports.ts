// Reports across halls for any period (days as each hall counts them), and their Excel export.

import type pg from 'pg';
import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const reportQuerySchema = z
	.strictObject({ from: day, to: day, format: z.enum(['json', 'xlsx']).default('json') })
	.refine((q) => q.from <= q.to, { message: '结束日期不能早于开始日期', path: ['to'] })
	.refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { message: '一次最多统计一年', path: ['to'] });

export interface HallPeriodRow {
	id: string;
	name: string;
	issued: number;
	served: number;
	refused: number;
	noShow: number;
	expired: number;
	/** From taking a number to its first call, over tickets that were called. */
	averageWaitMinutes: number | null;
	/** From the start of handling to its end, over visits completed. */
	averageServiceMinutes: number | null;
}

const minutes = (ms: string | null) => (ms === null ? null : Math.round((Number(ms) / 60_000) * 10) / 10);

export async function periodReport(pool: pg.Pool, from: string, to: string): Promise<HallPeriodRow[]> {
	const { rows } = await pool.query<{
		id: string;
		name: string;
		issued: string;
		served: string;
		refused: string;
		no_show: string;
		expired: string;
		wait_ms: string | null;
		service_ms: string | null;
	}>(
		`SELECT h.id, h.name,
			count(t.ticket_id) AS issued,
			count(*) FILTER (WHERE t.status = 'done') AS served,
			count(*) FILTER (WHERE t.status = 'refused') AS refused,
			count(*) FILTER (WHERE t.status = 'no_show') AS no_show,
			count(*) FILTER (WHERE t.status = 'expired') AS expired,
			avg(t.called_at - t.issued_at) FILTER (WHERE t.called_at IS NOT NULL) AS wait_ms,
			avg(t.ended_at - t.started_at) FILTER (WHERE t.status IN ('done', 'refused') AND t.started_at IS NOT NULL) AS service_ms
		 FROM halls h LEFT JOIN tickets t ON t.hall_id = h.id AND t.day BETWEEN $1 AND $2
		 GROUP BY h.id, h.name ORDER BY h.id`,
		[from, to]
	);
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		issued: Number(r.issued),
		served: Number(r.served),
		refused: Number(r.refused),
		noShow: Number(r.no_show),
		expired: Number(r.expired),
		averageWaitMinutes: minutes(r.wait_ms),
		averageServiceMinutes: minutes(r.service_ms)
	}));
}

/** What a window or a member of staff did in the period (the tickets they last called or served). */
interface WorkFigures {
	called: number;
	served: number;
	refused: number;
	noShow: number;
	averageWaitMinutes: number | null;
	averageServiceMinutes: number | null;
}

export interface WindowPeriodRow extends WorkFigures {
	hallId: string;
	hallName: string;
	windowId: string;
	/** As the hall's configuration names it; null when the hall has not sent it. */
	windowName: string | null;
}

export interface StaffPeriodRow extends WorkFigures {
	hallId: string;
	hallName: string;
	staffId: string;
	/** 工号 and name from the hall's staff roster (staff, not residents); null when the hall has not sent it. */
	staffNo: string | null;
	name: string | null;
}

export interface PeriodReport {
	halls: HallPeriodRow[];
	windows: WindowPeriodRow[];
	staff: StaffPeriodRow[];
}

interface WorkRow {
	hall_id: string;
	hall_name: string;
	called: string;
	served: string;
	refused: string;
	no_show: string;
	wait_ms: string | null;
	service_ms: string | null;
}

const WORK_FIGURES = `h.id AS hall_id, h.name AS hall_name,
	count(*) FILTER (WHERE t.called_at IS NOT NULL) AS called,
	count(*) FILTER (WHERE t.status = 'done') AS served,
	count(*) FILTER (WHERE t.status = 'refused') AS refused,
	count(*) FILTER (WHERE t.status = 'no_show') AS no_show,
	avg(t.called_at - t.issued_at) FILTER (WHERE t.called_at IS NOT NULL) AS wait_ms,
	avg(t.ended_at - t.started_at) FILTER (WHERE t.status IN ('done', 'refused') AND t.started_at IS NOT NULL) AS service_ms`;

const figures = (r: WorkRow): WorkFigures & { hallId: string; hallName: string } => ({
	hallId: r.hall_id,
	hallName: r.hall_name,
	called: Number(r.called),
	served: Number(r.served),
	refused: Number(r.refused),
	noShow: Number(r.no_show),
	averageWaitMinutes: minutes(r.wait_ms),
	averageServiceMinutes: minutes(r.service_ms)
});

/** Per window of every hall: the window that last called each ticket of the period. */
export async function windowReport(pool: pg.Pool, from: string, to: string): Promise<WindowPeriodRow[]> {
	const { rows } = await pool.query<WorkRow & { window_id: string; window_name: string | null }>(
		`SELECT ${WORK_FIGURES}, t.window_id, w.name AS window_name
		 FROM tickets t JOIN halls h ON h.id = t.hall_id
		 LEFT JOIN hall_windows w ON w.hall_id = t.hall_id AND w.window_id = t.window_id
		 WHERE t.day BETWEEN $1 AND $2 AND t.window_id IS NOT NULL
		 GROUP BY h.id, h.name, t.window_id, w.name
		 ORDER BY h.id, length(t.window_id), t.window_id`,
		[from, to]
	);
	return rows.map((r) => ({ ...figures(r), windowId: r.window_id, windowName: r.window_name }));
}

/** Per member of staff of every hall: who last called, started or finished each ticket of the period. */
export async function staffReport(pool: pg.Pool, from: string, to: string): Promise<StaffPeriodRow[]> {
	const { rows } = await pool.query<WorkRow & { staff_id: string; staff_no: string | null; name: string | null }>(
		`SELECT ${WORK_FIGURES}, t.staff_id, s.staff_no, s.name
		 FROM tickets t JOIN halls h ON h.id = t.hall_id
		 LEFT JOIN hall_staff s ON s.hall_id = t.hall_id AND s.staff_id = t.staff_id
		 WHERE t.day BETWEEN $1 AND $2 AND t.staff_id IS NOT NULL
		 GROUP BY h.id, h.name, t.staff_id, s.staff_no, s.name
		 ORDER BY h.id, s.staff_no NULLS LAST, t.staff_id`,
		[from, to]
	);
	return rows.map((r) => ({ ...figures(r), staffId: r.staff_id, staffNo: r.staff_no, name: r.name }));
}

export async function fullReport(pool: pg.Pool, from: string, to: string): Promise<PeriodReport> {
	const [halls, windows, staff] = await Promise.all([periodReport(pool, from, to), windowReport(pool, from, to), staffReport(pool, from, to)]);
	return { halls, windows, staff };
}

/** exceljs is large and only needed for an export: load it then, not at every start. */
async function loadExcel(): Promise<typeof import('exceljs')> {
	const module = await import('exceljs');
	return ((module as { default?: typeof import('exceljs') }).default ?? module) as typeof import('exceljs');
}

export async function periodWorkbook(report: PeriodReport, from: string, to: string): Promise<Buffer> {
	const book = new (await loadExcel()).Workbook();
	book.creator = '区级平台';
	const period = `统计期间：${from} 至 ${to}`;
	const ws = book.addWorksheet('各中心汇总');
	ws.columns = [
		{ header: '服务中心', key: 'name', width: 24 },
		{ header: '编号', key: 'id', width: 8 },
		{ header: '取号', key: 'issued', width: 10 },
		{ header: '办结', key: 'served', width: 10 },
		{ header: '不予受理', key: 'refused', width: 10 },
		{ header: '过号', key: 'noShow', width: 10 },
		{ header: '过期', key: 'expired', width: 10 },
		{ header: '平均等候(分)', key: 'averageWaitMinutes', width: 14 },
		{ header: '平均办理(分)', key: 'averageServiceMinutes', width: 14 }
	];
	ws.getRow(1).font = { bold: true };
	for (const row of report.halls) ws.addRow(row);
	ws.addRow([]);
	ws.addRow([period]);

	const work = [
		{ header: '叫号', key: 'called', width: 10 },
		{ header: '办结', key: 'served', width: 10 },
		{ header: '不予受理', key: 'refused', width: 10 },
		{ header: '过号', key: 'noShow', width: 10 },
		{ header: '平均等候(分)', key: 'averageWaitMinutes', width: 14 },
		{ header: '平均办理(分)', key: 'averageServiceMinutes', width: 14 }
	];
	const windows = book.addWorksheet('各窗口');
	windows.columns = [
		{ header: '服务中心', key: 'hallName', width: 24 },
		{ header: '窗口编号', key: 'windowId', width: 10 },
		{ header: '窗口', key: 'windowName', width: 16 },
		...work
	];
	windows.getRow(1).font = { bold: true };
	for (const row of report.windows) windows.addRow(row);
	windows.addRow([]);
	windows.addRow([period]);

	const staff = book.addWorksheet('各工作人员');
	staff.columns = [
		{ header: '服务中心', key: 'hallName', width: 24 },
		{ header: '工号', key: 'staffNo', width: 10 },
		{ header: '姓名', key: 'name', width: 12 },
		...work
	];
	staff.getRow(1).font = { bold: true };
	for (const row of report.staff) staff.addRow({ ...row, staffNo: row.staffNo ?? row.staffId, name: row.name ?? '（未同步）' });
	staff.addRow([]);
	staff.addRow([period]);
	return Buffer.from(await book.xlsx.writeBuffer());
}
