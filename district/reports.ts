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

/** exceljs is large and only needed for an export: load it then, not at every start. */
async function loadExcel(): Promise<typeof import('exceljs')> {
	const module = await import('exceljs');
	return ((module as { default?: typeof import('exceljs') }).default ?? module) as typeof import('exceljs');
}

export async function periodWorkbook(rows: HallPeriodRow[], from: string, to: string): Promise<Buffer> {
	const book = new (await loadExcel()).Workbook();
	book.creator = '区级平台';
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
	for (const row of rows) ws.addRow(row);
	ws.addRow([]);
	ws.addRow([`统计期间：${from} 至 ${to}`]);
	return Buffer.from(await book.xlsx.writeBuffer());
}
