// The period report as an .xlsx workbook with Chinese headers. Times are real Excel
// date-times in the hall's local time (a cell Excel can sort and format), not UTC text.

import type { PeopleRow, PeriodReport } from './reader.ts';

/** exceljs is large and only needed for an export: load it then, not at every start. */
export async function loadExcel(): Promise<typeof import('exceljs')> {
	const module = await import('exceljs');
	return ((module as { default?: typeof import('exceljs') }).default ?? module) as typeof import('exceljs');
}

/**
 * Excel has no time zones: a cell holds a wall-clock reading. exceljs writes a Date's UTC
 * reading, so hand it a Date whose UTC reading is the hall's local one.
 */
export function excelLocal(timeZone: string): (ms: number | null) => Date | null {
	const format = new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		hourCycle: 'h23'
	});
	return (ms) => {
		if (ms === null) return null;
		const p: Record<string, string> = {};
		for (const part of format.formatToParts(new Date(ms))) p[part.type] = part.value;
		return new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)));
	};
}

export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
export const TIME_FORMAT = 'hh:mm:ss';

export async function reportWorkbook(report: PeriodReport, hallName: string, timeZone: string): Promise<Buffer> {
	const local = excelLocal(timeZone);
	const book = new (await loadExcel()).Workbook();
	book.creator = hallName;
	const sheet = (name: string, columns: [string, string, number?, string?][], rows: Record<string, unknown>[]) => {
		const ws = book.addWorksheet(name);
		ws.columns = columns.map(([header, key, width, numFmt]) => ({ header, key, width: width ?? 14, ...(numFmt ? { style: { numFmt } } : {}) }));
		ws.getRow(1).font = { bold: true };
		for (const row of rows) ws.addRow(row);
	};
	sheet(
		'按业务',
		[['业务', 'serviceName', 20], ['取号', 'issued'], ['办结', 'done'], ['不予受理', 'refused'], ['过号', 'noShow'], ['过期', 'expired'], ['转出', 'transferredAway'], ['转入', 'transferredIn'], ['平均等候(分)', 'waitAvg'], ['90%等候(分)', 'waitP90'], ['平均办理(分)', 'serviceAvg'], ['90%办理(分)', 'serviceP90']],
		report.services.map((s) => ({ ...s, waitAvg: s.wait.averageMinutes, waitP90: s.wait.p90Minutes, serviceAvg: s.service.averageMinutes, serviceP90: s.service.p90Minutes }))
	);
	const peopleColumns: [string, string, number?][] = [['名称', 'name', 16], ['办理件数', 'served'], ['平均办理(分)', 'serviceAvg'], ['90%办理(分)', 'serviceP90'], ['评价数', 'ratings'], ['平均评分', 'averageGrade'], ['差评数', 'badRatings']];
	const peopleRows = (rows: PeopleRow[]) => rows.map((r) => ({ ...r, serviceAvg: r.service.averageMinutes, serviceP90: r.service.p90Minutes }));
	sheet('按窗口', peopleColumns, peopleRows(report.windows));
	sheet('按人员', peopleColumns, peopleRows(report.staff));
	sheet('按时段', [['时段', 'hour', 10], ['取号', 'issued'], ['呼叫', 'called'], ['办结', 'served']], report.hours.map((h) => ({ ...h, hour: `${h.hour}:00` })));
	sheet(
		'不予受理',
		[['号码', 'number'], ['业务', 'serviceName', 20], ['原因', 'reason', 40], ['工作人员', 'staffName'], ['时间', 'time', 20, DATE_TIME_FORMAT]],
		report.refusals.map((r) => ({ ...r, time: local(r.at) }))
	);
	sheet('汇总', [['项目', 'item', 20], ['数量', 'value']], [
		{ item: '取号总数', value: report.totals.issued },
		{ item: '办结', value: report.totals.done },
		{ item: '不予受理', value: report.totals.refused },
		{ item: '过号', value: report.totals.noShow },
		{ item: '过期', value: report.totals.expired },
		{ item: '转移', value: report.totals.transfers },
		{ item: '登记事项（新增）', value: report.cases.opened },
		{ item: '未办结事项', value: report.cases.open },
		{ item: '超期事项', value: report.cases.overdue },
		{ item: '投诉建议', value: report.complaints.received }
	]);
	sheet(
		'考勤',
		[['工作人员', 'staffName', 14], ['日期', 'day', 12], ['首次签到', 'in', 20, DATE_TIME_FORMAT], ['最后签退', 'out', 20, DATE_TIME_FORMAT]],
		report.attendance.map((a) => ({ staffName: a.staffName, day: a.day, in: local(a.firstSignIn), out: local(a.lastSignOut) }))
	);
	return Buffer.from(await book.xlsx.writeBuffer());
}
