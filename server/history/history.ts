// The hall's side of its history: asks the history reader (./worker.ts, a process of its own at
// a lower priority) for reports and exports, stores a day's rollups when the day closes, and
// tracks long exports (progress, cancel, file). Nothing here reads many rows on the hall's
// event loop, nor rebuilds a report's objects: the reader sends reports as JSON bytes.

import { randomUUID } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { ApiError } from '../../src/lib/protocol.ts';
import type { Clock } from '../auth.ts';
import type { Hall, Result } from '../hall.ts';
import type { Store } from '../store/store.ts';
import { saveRollups } from '../store/rollup-store.ts';
import { logAccess } from '../access-log.ts';
import { archiveDir, archives } from './archive.ts';
import { join } from 'node:path';
import { localDate } from '../core/calendar.ts';
import type { Cursor, PeriodReport, ReportContext } from './reader.ts';
import { runHistoryRequest, type HistoryRequest } from './requests.ts';
import { SerializedJson } from '../commands/serialized.ts';
import { ROLLUP_FORMULA, type DayFigures } from './rollup.ts';

export type ExportState = 'running' | 'done' | 'failed' | 'cancelled';

export interface ExportJob {
	id: string;
	from: string;
	to: string;
	state: ExportState;
	done: number;
	total: number;
	startedAt: number;
	finishedAt: number | null;
	message: string | null;
	fileName: string;
}

interface ExportRecord extends ExportJob {
	staffId: string;
	file: Buffer | null;
	worker: WorkerChannel | null;
}

/**
 * A reader with nothing to do ends after this long: it is a Node process of its own (50–120 MB),
 * and reports come now and then, not all day. The next request starts another (~0.2 s).
 */
export const READER_IDLE_MS = 60_000;

/** Finished exports are kept this long for their download. */
const EXPORT_KEEP_MS = 15 * 60_000;
/** At most this many exports run at once (each has its own reader process). */
const MAX_RUNNING_EXPORTS = 2;

/** A Buffer over the bytes the reader sent (no copy here). */
function bytesOf(bytes: Uint8Array): Buffer {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; progress?: (done: number, total: number) => void };

/** Node options the reader takes from the hall's own: its memory posture (the heap's sizes) and source maps for its stacks. */
function readerNodeOptions(): string[] {
	return process.execArgv.filter((option) => option.startsWith('--max-semi-space-size') || option.startsWith('--max-old-space-size') || option === '--enable-source-maps');
}

/** One history reader process (./worker.ts) and the requests it is answering. */
class WorkerChannel {
	readonly #child: ChildProcess;
	readonly #pending = new Map<number, Pending>();
	#next = 1;
	#closed = false;
	readonly #exited: Promise<void>;

	#idleTimer: NodeJS.Timeout | null = null;
	readonly #idleMs: number;

	constructor(path: string, onExit: () => void, idleMs = READER_IDLE_MS) {
		this.#idleMs = idleMs;
		const here = import.meta.url;
		// Under a TypeScript loader (dev, tests) the reader is the .ts file run through tsx; the
		// production build compiles it next to main.js (scripts/build-server.mjs) and needs no loader.
		const ts = here.endsWith('.ts');
		const entry = fileURLToPath(ts ? new URL('./worker.ts', here) : new URL('./history-worker.js', here));
		this.#child = fork(entry, [path], {
			serialization: 'advanced',
			execArgv: [...(ts ? ['--import', 'tsx'] : []), ...readerNodeOptions()],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		});
		// An idle reader must not keep the hall's process alive (tests, a stopping hall); one with
		// a request pending must (a CLI or a bench with nothing else to wait for).
		this.#child.unref();
		this.#child.channel?.unref();
		this.#child.on('message', (message: { id: number; value?: unknown; error?: string; progress?: { done: number; total: number } }) => {
			const pending = this.#pending.get(message.id);
			if (!pending) return;
			if (message.progress) {
				pending.progress?.(message.progress.done, message.progress.total);
				return;
			}
			this.#pending.delete(message.id);
			if (this.#pending.size === 0) {
				this.#child.channel?.unref();
				this.#idleSoon();
			}
			if (message.error !== undefined) pending.reject(new Error(message.error));
			else pending.resolve(message.value);
		});
		const fail = (error: Error) => {
			this.#closed = true;
			for (const pending of this.#pending.values()) pending.reject(error);
			this.#pending.clear();
			onExit();
		};
		this.#exited = new Promise((resolve) => this.#child.once('exit', () => resolve()));
		this.#child.on('error', fail);
		this.#child.on('exit', () => fail(new Error('the history reader stopped')));
	}

	get closed(): boolean {
		return this.#closed;
	}

	#idleSoon(): void {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		this.#idleTimer = setTimeout(() => {
			this.#idleTimer = null;
			if (this.#pending.size === 0 && !this.#closed) void this.stop();
		}, this.#idleMs);
		this.#idleTimer.unref();
	}

	ask(request: HistoryRequest, progress?: (done: number, total: number) => void): Promise<unknown> {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		this.#idleTimer = null;
		const id = this.#next++;
		return new Promise((resolve, reject) => {
			if (this.#closed) return reject(new Error('the history reader stopped'));
			this.#pending.set(id, { resolve, reject, progress });
			this.#child.channel?.ref();
			this.#child.send({ ...request, id }, (error) => {
				if (error) {
					this.#pending.delete(id);
					if (this.#pending.size === 0) this.#child.channel?.unref();
					reject(error);
				}
			});
		});
	}

	async stop(): Promise<void> {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		this.#idleTimer = null;
		this.#closed = true;
		if (this.#child.pid === undefined) return; // it never started ('error')
		if (this.#child.exitCode === null && this.#child.signalCode === null) {
			// Waited for: the exit must keep the process alive until it comes.
			this.#child.ref();
			this.#child.kill();
		}
		await this.#exited;
	}
}

export interface HistoryDeps {
	store: Store;
	hall: Hall;
	clock: Clock;
	logger: Logger;
	/** DATA_DIR: the yearly archives are under `${dataDir}/archive`. */
	dataDir: string;
	/** How long an idle reader process stays (READER_IDLE_MS unless given). */
	readerIdleMs?: number;
}

export class History {
	readonly #dataDir: string;
	readonly #store: Store;
	readonly #hall: Hall;
	readonly #clock: Clock;
	readonly #logger: Logger;
	/** null: the database lives in memory (tests), read on this thread. */
	readonly #path: string | null;
	#reader: WorkerChannel | null = null;
	readonly #exports = new Map<string, ExportRecord>();
	#closing: Promise<void> | null = null;
	#closeAgain = false;
	#closed = false;
	readonly #detach: () => void;

	readonly #readerIdleMs: number;

	constructor({ store, hall, clock, logger, dataDir, readerIdleMs }: HistoryDeps) {
		this.#readerIdleMs = readerIdleMs ?? READER_IDLE_MS;
		this.#dataDir = dataDir;
		this.#store = store;
		this.#hall = hall;
		this.#clock = clock;
		this.#logger = logger;
		this.#path = store.db.memory ? null : store.db.name;
		// A day closes when the hall rolls over (its `day:started` fact): store its figures then.
		this.#detach = hall.onCommitted((committed) => {
			if (committed.events.some((e) => e.type === 'day:started')) void this.closeDays();
		});
	}

	context(): ReportContext {
		const config = this.#hall.config;
		return {
			timeZone: config.calendar.timeZone,
			today: this.#hall.state.day,
			hallName: this.#hall.settings.hallName,
			services: config.services.map((s) => ({ id: s.id, name: s.name })),
			windows: config.windows.map((w) => ({ id: w.id, name: w.name }))
		};
	}

	#ask(request: HistoryRequest, progress?: (done: number, total: number) => void): Promise<unknown> {
		if (this.#path === null) return runHistoryRequest(this.#store.db, request, progress ?? (() => {}));
		if (!this.#reader || this.#reader.closed) {
			const channel: WorkerChannel = new WorkerChannel(
				this.#path,
				() => {
					if (this.#reader === channel) this.#reader = null;
				},
				this.#readerIdleMs
			);
			this.#reader = channel;
		}
		return this.#reader.ask(request, progress);
	}

	async period(from: string, to: string): Promise<Result<PeriodReport>> {
		try {
			return { ok: true, value: (await this.#ask({ op: 'period', from, to, context: this.context() })) as PeriodReport };
		} catch (error) {
			return this.#failed(error, '统计失败，请稍后重试');
		}
	}

	/**
	 * The screen's report as the JSON the console receives, serialized in the worker: the
	 * hall's event loop neither rebuilds the objects nor stringifies them (SerializedJson).
	 */
	async periodJson(from: string, to: string): Promise<Result<SerializedJson<PeriodReport>>> {
		try {
			return { ok: true, value: new SerializedJson<PeriodReport>((await this.#ask({ op: 'periodJson', from, to, context: this.context() })) as Uint8Array) };
		} catch (error) {
			return this.#failed(error, '统计失败，请稍后重试');
		}
	}

	async workbook(from: string, to: string): Promise<Result<Buffer>> {
		try {
			return { ok: true, value: bytesOf((await this.#ask({ op: 'workbook', from, to, context: this.context() })) as Uint8Array) };
		} catch (error) {
			return this.#failed(error, '导出失败，请稍后重试');
		}
	}

	#failed(error: unknown, message: string): { ok: false; error: ApiError } {
		this.#logger.error({ err: error }, 'history read failed');
		return { ok: false, error: { code: 'internal', message } };
	}

	/**
	 * Stores the figures of every closed day not rolled up yet (the worker folds the log;
	 * this thread writes a few hundred rows). Runs once at a time; safe to call any time.
	 */
	closeDays(): Promise<void> {
		if (this.#closed || !this.#anythingToClose()) return Promise.resolve();
		if (this.#closing) {
			// A day closed while the last closing was reading: go again once it is done.
			this.#closeAgain = true;
			return this.#closing;
		}
		this.#closing = (async () => {
			try {
				do {
					this.#closeAgain = false;
					await this.#closeOnce();
				} while (this.#closeAgain && !this.#closed);
			} finally {
				this.#closing = null;
			}
		})();
		return this.#closing;
	}

	/**
	 * Whether a day before the hall's today has facts not rolled up yet: the first fact after
	 * the cursor tells (one row by key), so a start or a test hall does not wake the worker for nothing.
	 */
	#anythingToClose(): boolean {
		const cursor = this.#store.db.prepare(`SELECT seq FROM rollup_cursor WHERE id = 1`).get() as { seq: number } | undefined;
		const first = this.#store.db.prepare(`SELECT at FROM events WHERE seq > ? ORDER BY seq LIMIT 1`).get(cursor?.seq ?? 0) as { at: number } | undefined;
		if (!first) return false;
		// Facts come in day order (a day's expiries before the next day starts): a first fact dated today or later means no closed day is waiting.
		return localDate(first.at, this.#hall.config.calendar.timeZone) < this.#hall.state.day;
	}

	async #closeOnce(): Promise<void> {
		try {
			const beforeDay = this.#hall.state.day;
			const { timeZone } = this.#hall.config.calendar;
			const result = (await this.#ask({ op: 'closeDays', beforeDay, timeZone })) as { days: DayFigures[]; cursor: Cursor; months: DayFigures[] } | null;
			if (result && !this.#closed) {
				saveRollups(this.#store.db, result.days, result.cursor, ROLLUP_FORMULA, this.#clock.now(), result.months);
				this.#logger.info({ days: result.days.map((d) => d.day), tickets: result.days.reduce((a, d) => a + d.tickets, 0) }, 'days rolled up');
			}
			if (!this.#closed) this.#pruneIdempotencyKeys();
		} catch (error) {
			// The event log keeps every fact: the next day close, a restart or a rebuild rolls the day up.
			if (!this.#closed) this.#logger.error({ err: error }, 'rolling up closed days failed');
		}
	}

	/**
	 * An idempotency key only guards a kiosk's retry of the same issue within seconds: keys
	 * older than two days are waste (they were ~80 bytes a ticket, forever).
	 */
	#pruneIdempotencyKeys(): void {
		this.#store.db.prepare(`DELETE FROM idempotency_keys WHERE created_at < ?`).run(this.#clock.now() - 2 * 86_400_000);
	}

	// Exports with progress and cancel ----------------------------------------------------

	startExport(from: string, to: string, staffId: string): Result<ExportJob> {
		this.#forgetOldExports();
		const running = [...this.#exports.values()].filter((e) => e.state === 'running').length;
		if (running >= MAX_RUNNING_EXPORTS) {
			return { ok: false, error: { code: 'export_busy', message: `已有 ${running} 个导出正在进行，请稍后再试或先取消一个` } };
		}
		const id = randomUUID();
		const record: ExportRecord = {
			id,
			from,
			to,
			state: 'running',
			done: 0,
			total: 1,
			startedAt: this.#clock.now(),
			finishedAt: null,
			message: null,
			fileName: from === to ? `统计报表-${from}.xlsx` : `统计报表-${from}至${to}.xlsx`,
			staffId,
			file: null,
			worker: null
		};
		this.#exports.set(id, record);
		const request: HistoryRequest = { op: 'workbook', from, to, context: this.context() };
		const progress = (done: number, total: number) => {
			record.done = done;
			record.total = total;
		};
		// Each export has a reader process of its own: a cancel stops it at once, mid-query.
		let answer: Promise<unknown>;
		if (this.#path === null) answer = runHistoryRequest(this.#store.db, request, progress);
		else {
			const channel = new WorkerChannel(this.#path, () => {});
			record.worker = channel;
			answer = channel.ask(request, progress);
		}
		answer.then(
			(file) => {
				if (record.state !== 'running') return;
				record.file = bytesOf(file as Uint8Array);
				record.state = 'done';
				record.done = record.total;
				record.finishedAt = this.#clock.now();
				void record.worker?.stop();
				record.worker = null;
			},
			(error: unknown) => {
				if (record.state !== 'running') return;
				this.#logger.error({ err: error, export: id }, 'export failed');
				record.state = 'failed';
				record.message = '导出失败，请稍后重试';
				record.finishedAt = this.#clock.now();
				void record.worker?.stop();
				record.worker = null;
			}
		);
		return { ok: true, value: this.#view(record) };
	}

	exportJob(id: string, staffId: string): Result<ExportJob> {
		const record = this.#exports.get(id);
		if (!record || record.staffId !== staffId) return { ok: false, error: { code: 'not_found', message: '没有这个导出任务' } };
		return { ok: true, value: this.#view(record) };
	}

	exportFile(id: string, staffId: string): Result<{ file: Buffer; fileName: string; asciiName: string }> {
		const record = this.#exports.get(id);
		if (!record || record.staffId !== staffId) return { ok: false, error: { code: 'not_found', message: '没有这个导出任务' } };
		if (record.state !== 'done' || !record.file) return { ok: false, error: { code: 'export_not_ready', message: record.state === 'running' ? '导出尚未完成' : '这个导出已取消或失败，没有文件' } };
		return { ok: true, value: { file: record.file, fileName: record.fileName, asciiName: `report-${record.from}-${record.to}.xlsx` } };
	}

	cancelExport(id: string, staffId: string): Result<ExportJob> {
		const record = this.#exports.get(id);
		if (!record || record.staffId !== staffId) return { ok: false, error: { code: 'not_found', message: '没有这个导出任务' } };
		if (record.state === 'running') {
			record.state = 'cancelled';
			record.message = '已取消导出';
			record.finishedAt = this.#clock.now();
			void record.worker?.stop();
			record.worker = null;
		}
		return { ok: true, value: this.#view(record) };
	}

	#view(record: ExportRecord): ExportJob {
		const { id, from, to, state, done, total, startedAt, finishedAt, message, fileName } = record;
		return { id, from, to, state, done, total, startedAt, finishedAt, message, fileName };
	}

	#forgetOldExports(): void {
		const now = this.#clock.now();
		for (const [id, record] of this.#exports) if (record.finishedAt !== null && now - record.finishedAt > EXPORT_KEEP_MS) this.#exports.delete(id);
	}

	/**
	 * 档案查阅 of a ticket: its record and whole trail, from the live file or else from the
	 * yearly archives (read in the worker), the read written to the access log.
	 */
	async ticketRecord(ticketId: string, staffId: string): Promise<Result<{ source: 'live' | number; ticket: Record<string, unknown>; events: { seq: number; at: number; type: string; actor: string; data: unknown }[] }>> {
		const live = this.#store.ticket(ticketId);
		let found: { source: 'live' | number; ticket: Record<string, unknown>; events: { seq: number; at: number; type: string; actor: string; data: unknown }[] } | null = null;
		if (live) {
			found = { source: 'live', ticket: { ...live }, events: this.#store.eventsOfTicket(ticketId).map((e) => ({ seq: e.seq, at: e.at, type: e.type, actor: e.actor, data: e.data })) };
		} else {
			for (const record of archives(this.#store.db).reverse()) {
				const read = await this.archivedTicket(join(archiveDir(this.#dataDir), record.file), ticketId);
				if (read) {
					found = { source: record.year, ...read };
					break;
				}
			}
		}
		if (!found) return { ok: false, error: { code: 'not_found', message: '没有这个号票的记录' } };
		logAccess(this.#store.db, { at: this.#clock.now(), staffId, recordType: 'ticket', recordId: ticketId, fields: ['trail'], requestId: null });
		return { ok: true, value: found };
	}

	/** An archived ticket and its trail, read in the worker from the year's archive file. */
	async archivedTicket(file: string, ticketId: string): Promise<ReturnType<typeof import('./requests.ts').archivedTicket>> {
		return (await this.#ask({ op: 'archivedTicket', file, ticketId })) as ReturnType<typeof import('./requests.ts').archivedTicket>;
	}

	async close(): Promise<void> {
		this.#closed = true;
		this.#detach();
		await this.#closing?.catch(() => {});
		for (const record of this.#exports.values()) await record.worker?.stop();
		await this.#reader?.stop();
		this.#reader = null;
	}
}
