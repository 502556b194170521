// 今日概况: the hall now. The numbers come from GET /api/console/live, every 10 s and soon
// after anything moves on the board's socket feed (a call, a queue change, a window status);
// printer and station alerts come straight from the socket's facts.
import type { PrinterStatusInfo, StationPresenceInfo, LiveReport, PeriodReport } from '../protocol.ts';
import { getLive, getReport } from './api.ts';
import { HallConnection } from '../shared/connection.svelte.ts';
import { messageOf, type ConsoleLink } from './feedback.svelte.ts';

export const LIVE_REFRESH_MS = 10_000;
/** Today's totals are a report of the day: at most one every 5 s. */
const TOTALS_MIN_INTERVAL_MS = 5_000;
/** Calls come in bursts at opening time: one refresh per burst is enough. */
const SETTLE_MS = 400;

/** Today's totals counted from the same report as 统计报表 (so the two never disagree). */
export interface TodayTotals {
	day: string;
	issued: number;
	served: number;
	noShow: number;
	refused: number;
	/** Minutes from taking a number to being called, over every ticket called today; null before the first call. */
	averageWaitMinutes: number | null;
	ratings: number;
	/** 不满意 and 非常不满意 (grade 1–2): each opens a follow-up case. */
	badRatings: number;
	averageGrade: number | null;
}

/** The day's report reduced to the overview's figures. */
export function todayTotals(report: PeriodReport): TodayTotals {
	let waited = 0;
	let waitCount = 0;
	for (const s of report.services) {
		if (s.wait.averageMinutes !== null && s.wait.count > 0) {
			waited += s.wait.averageMinutes * s.wait.count;
			waitCount += s.wait.count;
		}
	}
	let ratings = 0;
	let gradeSum = 0;
	let bad = 0;
	for (const w of report.windows) {
		ratings += w.ratings;
		bad += w.badRatings;
		if (w.averageGrade !== null) gradeSum += w.averageGrade * w.ratings;
	}
	return {
		day: report.from,
		issued: report.totals.issued,
		served: report.totals.done,
		noShow: report.totals.noShow,
		refused: report.totals.refused,
		averageWaitMinutes: waitCount > 0 ? Math.round((waited / waitCount) * 10) / 10 : null,
		ratings,
		badRatings: bad,
		averageGrade: ratings > 0 ? Math.round((gradeSum / ratings) * 100) / 100 : null
	};
}

/** The console says a printer's state in the same words everywhere: the alert and the table. */
export function printerText(printer: PrinterStatusInfo): string {
	return printer.message;
}

interface LiveFeed {
	version: number;
	printers: PrinterStatusInfo[];
}

export class ConsoleLive {
	report = $state.raw<LiveReport | null>(null);
	totals = $state.raw<TodayTotals | null>(null);
	totalsError = $state<string | null>(null);
	#totalsAt = 0;
	#totalsTimer: ReturnType<typeof setTimeout> | null = null;
	printers = $state.raw<PrinterStatusInfo[]>([]);
	/** Every configured station: from each report, then from 'station:presence' as they come and go. */
	stations = $state.raw<StationPresenceInfo[]>([]);
	error = $state<string | null>(null);
	readonly #link: ConsoleLink;
	#loading = false;
	#connection = $state.raw<HallConnection<LiveFeed> | null>(null);

	constructor(link: ConsoleLink) {
		this.#link = link;
	}

	/** The socket feed is down: the numbers still refresh every 10 s, but not at once. */
	get feedDown(): boolean {
		return this.#connection !== null && !this.#connection.connected;
	}

	/** Printers that cannot print now or are about to run out of paper. */
	get alerts(): PrinterStatusInfo[] {
		return this.printers.filter((p) => !p.ready || p.paperNearEnd);
	}

	/** Stations whose screen or agent is not connected. */
	get offlineStations(): StationPresenceInfo[] {
		return this.stations.filter((s) => !s.online);
	}

	async refresh(force = false): Promise<void> {
		if (this.#loading) return;
		this.#loading = true;
		const ack = await this.#link.ask(getLive);
		this.#loading = false;
		if ('error' in ack) {
			this.error = messageOf(ack.error);
			return;
		}
		this.error = null;
		this.report = ack.data;
		this.stations = ack.data.stations;
		await this.#refreshTotals(ack.data.day, force);
	}

	/**
	 * Counted by the history worker: asked at most every few seconds, however busy the hall's
	 * feed; a change inside that spell is counted at its end (never dropped). 立即刷新 asks at once.
	 */
	async #refreshTotals(day: string, force = false): Promise<void> {
		const now = Date.now();
		const wait = this.#totalsAt + TOTALS_MIN_INTERVAL_MS - now;
		if (!force && wait > 0 && this.totals?.day === day) {
			this.#totalsTimer ??= setTimeout(() => {
				this.#totalsTimer = null;
				void this.#refreshTotals(day);
			}, wait);
			return;
		}
		if (this.#totalsTimer) clearTimeout(this.#totalsTimer);
		this.#totalsTimer = null;
		this.#totalsAt = now;
		const ack = await this.#link.ask((token) => getReport(token, day, day));
		if ('error' in ack) {
			this.totalsError = messageOf(ack.error);
			return;
		}
		this.totalsError = null;
		this.totals = todayTotals(ack.data);
	}

	/** Starts the timer and the socket feed; returns the function that stops both. */
	start(): () => void {
		void this.refresh();
		const timer = setInterval(() => void this.refresh(), LIVE_REFRESH_MS);
		let settle: ReturnType<typeof setTimeout> | null = null;
		const soon = () => {
			if (settle) return;
			settle = setTimeout(() => {
				settle = null;
				void this.refresh();
			}, SETTLE_MS);
		};
		const connection = new HallConnection<LiveFeed>({
			token: this.#link.token,
			subscribe: async (c) => {
				const board = await c.request('board:subscribe', {});
				if ('error' in board) return board;
				const printers = await c.request('printers:subscribe', {});
				if ('error' in printers) return printers;
				return { data: { version: board.data.version, printers: printers.data } };
			},
			onSnapshot: (feed) => {
				this.printers = feed.printers;
				soon();
			},
			versionOf: (feed) => feed.version
		});
		connection.on('ticket:called', soon);
		connection.on('queue:changed', soon);
		connection.on('window:changed', soon);
		// Printer facts carry no hall version: they are the printer's own news, always newer.
		connection.socket.on('printer:status', (status) => {
			this.printers = [...this.printers.filter((p) => p.station !== status.station), status].sort((a, b) =>
				a.station.localeCompare(b.station)
			);
		});
		connection.socket.on('station:presence', (info) => {
			this.stations = this.stations.some((s) => s.station === info.station)
				? this.stations.map((s) => (s.station === info.station ? info : s))
				: [...this.stations, info];
		});
		this.#connection = connection;
		connection.start();
		return () => {
			clearInterval(timer);
			if (this.#totalsTimer) clearTimeout(this.#totalsTimer);
			this.#totalsTimer = null;
			if (settle) clearTimeout(settle);
			connection.close();
			this.#connection = null;
		};
	}
}
