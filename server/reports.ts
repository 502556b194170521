// Reports for the director: what the hall did in a period, and what it is doing now.
// A period report sums the stored daily rollups plus today counted live from the event log,
// in the history worker (server/history): never on the hall's event loop, no flush needed.

import type { Clock } from './clock.ts';
import type { Hall, Result } from './hall.ts';
import type { History } from './history/history.ts';
import type { SerializedJson } from './commands/serialized.ts';
import type { PeriodReport } from './history/reader.ts';
import { DATE_TIME_FORMAT, excelLocal, loadExcel } from './history/workbook.ts';

export type { HourRow, PeopleRow, PeriodReport, ServiceRow, TimeStats } from './history/reader.ts';

export class Reports {
	readonly #hall: Hall;
	readonly #clock: Clock;
	readonly #history: History;

	constructor(hall: Hall, clock: Clock, history: History) {
		this.#hall = hall;
		this.#clock = clock;
		this.#history = history;
	}

	get history(): History {
		return this.#history;
	}

	/** Serialized in the history worker: the HTTP door writes its bytes as they are. */
	period(from: string, to: string): Promise<Result<SerializedJson<PeriodReport>>> {
		return this.#history.periodJson(from, to);
	}

	workbook(from: string, to: string): Promise<Result<Buffer>> {
		return this.#history.workbook(from, to);
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
			day: this.#hall.state.day,
			waiting: this.#hall.waiting(),
			totalWaiting: this.#hall.waiting().reduce((a, w) => a + w.waiting, 0),
			serving,
			longestWaitMinutes: Math.round(longestWaitMs / 60_000),
			windows: this.#hall.windows()
		};
	}

	async accessLogWorkbook(
		rows: { at: number; staffLabel: string; recordTypeLabel: string; recordLabel: string; fieldsLabel: string; basisLabel: string }[]
	): Promise<Buffer> {
		const book = new (await loadExcel()).Workbook();
		const local = excelLocal(this.#hall.config.calendar.timeZone);
		const ws = book.addWorksheet('查阅记录');
		// The same words as the console's table: names and references, never ids.
		ws.columns = [
			{ header: '时间', key: 'time', width: 22, style: { numFmt: DATE_TIME_FORMAT } },
			{ header: '查阅人', key: 'staffLabel', width: 22 },
			{ header: '记录类型', key: 'recordTypeLabel', width: 12 },
			{ header: '记录', key: 'recordLabel', width: 40 },
			{ header: '查阅内容', key: 'fieldsLabel', width: 16 },
			{ header: '依据', key: 'basisLabel', width: 26 }
		];
		ws.getRow(1).font = { bold: true };
		for (const r of rows) ws.addRow({ ...r, time: local(r.at) });
		return Buffer.from(await book.xlsx.writeBuffer());
	}
}
