// The window terminal: the window, the ticket in hand and the queue, from a
// WindowSnapshot kept current by 'window:changed' and 'queue:changed'; and the
// staff member's commands, each answered with the server's Chinese message on failure.
// What the server does not keep — the materials ticked on the checklist and the visit
// just finished (for 登记备案 and the refusal slip) — stays in sessionStorage, so a
// reload or a lost connection loses nothing.
import type {
	Ack,
	ApiError,
	RatingRecorded,
	ServiceInfo,
	TicketDetail,
	TicketPublic,
	WaitingCount,
	WindowInfo,
	WindowSnapshot
} from '../protocol.ts';
import { getCatalogue, listWindows } from '../shared/api.ts';
import { HallConnection, type CommandAck, type CommandInput, type CommandName, type HallSocket } from '../shared/connection.svelte.ts';

/** Commands a button or a key runs at once. */
export type WindowAction = 'callNext' | 'recall' | 'noShow' | 'start' | 'finish' | 'resume';
/** Commands that need something from the staff member first (a ticket, a reason, a target and a note). */
export type DialogAction = 'callChosen' | 'refuse' | 'transfer' | 'pause';

/** The usual reasons to stop a window for a while; the board shows the chosen one beside 「暂停服务」. */
export const PAUSE_REASONS: readonly string[] = ['午间休息', '临时离岗，稍后回来', '外出调取材料', '系统或设备故障', '参加会议', '业务培训'];
export type TerminalCommand = WindowAction | DialogAction;

export interface Notice {
	kind: 'info' | 'error';
	text: string;
}

/** The visit that just ended at this window: for 登记备案 and the refusal slip. */
export interface FinishedVisit {
	ticket: TicketDetail;
	outcome: 'done' | 'refused';
	reason: string | null;
	at: number;
	/** Materials not ticked on the checklist when the visit ended: the 一次性告知单 starts from these. */
	missing: string[];
	/** The case registered for this visit, once it is. */
	caseReference?: string;
}

export type TransferTarget = { toServiceId: string } | { toWindowId: string };

export interface WindowTerminalOptions {
	windowId: string;
	token: string;
	/** The signed-in staff member's number: a window that shows someone else means we were signed out. */
	staffNo?: string;
	/** The server no longer accepts this staff member here (logged out, signed out elsewhere). */
	onAccessLost?: (error: ApiError) => void;
	/** True while the staff member is signing out on purpose: the window closing then is no surprise. */
	isLeaving?: () => boolean;
	createSocket?: () => HallSocket;
	/** For tests: where the checklist and the last visit are kept; sessionStorage in the browser. */
	storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
	/** For tests: the catalogue without HTTP. */
	loadCatalogue?: () => Promise<{ hallName: string; complaintPhone: string; services: ServiceInfo[] } | null>;
}

/** Codes after which staying on the terminal makes no sense. */
const ACCESS_LOST: readonly string[] = ['unauthorized', 'forbidden', 'not_your_window', 'unknown_window'];

export const GRADE_NAMES: Record<1 | 2 | 3 | 4 | 5, string> = {
	5: '非常满意',
	4: '满意',
	3: '基本满意',
	2: '不满意',
	1: '非常不满意'
};

/**
 * What 过号 did to the number, in the words the staff member repeats to the resident. A
 * re-queued 绿色通道 or 预约 number goes to the end of its own lane, which is still called
 * before the walk-ins: 「排到队尾」 would tell them the wrong thing.
 */
export function noShowNotice(ticket: Pick<TicketDetail, 'number' | 'status' | 'priority'>): string {
	if (ticket.status !== 'waiting') return `${ticket.number} 已过号（已作废，需重新取号）`;
	if (ticket.priority === 'green') return `${ticket.number} 已过号，回到绿色通道队列末尾，仍优先于普通号呼叫`;
	if (ticket.priority === 'appointment') return `${ticket.number} 已过号，回到预约队列末尾，稍后再叫`;
	return `${ticket.number} 已过号，排到队尾`;
}

/** The ticket a window holds: called or being served here, otherwise none. */
function inHand(ticket: TicketDetail | null, windowId: string): TicketDetail | null {
	if (!ticket || ticket.windowId !== windowId) return null;
	return ticket.status === 'called' || ticket.status === 'serving' ? ticket : null;
}

function browserStorage(): WindowTerminalOptions['storage'] {
	try {
		return typeof sessionStorage === 'undefined' ? null : sessionStorage;
	} catch {
		return null;
	}
}

export class WindowTerminalState {
	window = $state<WindowInfo | null>(null);
	current = $state<TicketDetail | null>(null);
	/** Waiting tickets this window could call, next first. */
	queue = $state<TicketPublic[]>([]);
	waiting = $state<WaitingCount[]>([]);
	/** The hall's catalogue: guides for the checklist, names for the transfer dialog. */
	services = $state<ServiceInfo[]>([]);
	/** Every window of the hall, for names and the transfer dialog's targets. */
	windows = $state<WindowInfo[]>([]);
	/** For the slips this window prints. */
	hallName = $state('');
	complaintPhone = $state('');
	/** The command out right now; the buttons wait for it. */
	pending = $state<TerminalCommand | null>(null);
	/** The last command's outcome for the staff member: an error or a short confirmation. */
	notice = $state<Notice | null>(null);
	/** The visit that ended last here (kept across reloads). */
	lastFinished = $state<FinishedVisit | null>(null);
	/** The resident's rating of the last visit, when it came in. */
	lastRating = $state<RatingRecorded | null>(null);
	/** Materials ticked for the ticket in hand. */
	checked = $state<string[]>([]);
	/** The hall's 重呼 limit, from the window's snapshot (null until known: the server decides). */
	recallLimit = $state<number | null>(null);

	readonly windowId: string;
	readonly connection: HallConnection<WindowSnapshot>;
	#options: WindowTerminalOptions;
	#storage: WindowTerminalOptions['storage'];
	/** The button or key action out right now, and the key pressed meanwhile. */
	#inflight: Promise<void> | null = null;
	#queued: WindowAction | null = null;
	#refresh: { timer: ReturnType<typeof setTimeout> | undefined; again: boolean; running: boolean } = {
		timer: undefined,
		again: false,
		running: false
	};

	/** The staff session, for the calls beside the socket (e.g. the 预约 behind the ticket). */
	get token(): string {
		return this.#options.token;
	}

	constructor(options: WindowTerminalOptions) {
		this.#options = options;
		this.windowId = options.windowId;
		this.#storage = options.storage === undefined ? browserStorage() : options.storage;
		this.lastFinished = this.#read<FinishedVisit>(this.#lastKey);
		this.connection = new HallConnection<WindowSnapshot>({
			token: options.token,
			subscribe: (c) => c.request('window:subscribe', { windowId: this.windowId }),
			onSnapshot: (snapshot) => {
				this.#replace(snapshot);
				if (this.services.length === 0) void this.loadServices();
				if (this.windows.length === 0) void this.loadWindows();
			},
			onSubscribeError: (error) => this.#failed(error),
			versionOf: (snapshot) => snapshot.version,
			createSocket: options.createSocket
		});
		this.connection.on('window:changed', (fact) => {
			if (fact.window.id !== this.windowId) return;
			if (this.#signedOutUnderUs(fact.window)) return;
			this.window = fact.window;
			const before = this.current;
			const after = inHand(fact.current, this.windowId);
			// A ticket being served left without a command from this screen: the caller keypad
			// finished it (the only other way out of 'serving'). Keep it as the last visit, as a tap would.
			if (before?.status === 'serving' && !after && this.pending === null) {
				this.#ended({ ticket: { ...before, status: 'done' }, outcome: 'done', reason: null, at: Date.now(), missing: this.#missing() });
				this.notice = { kind: 'info', text: `${before.number} 已办结` };
			}
			this.#setCurrent(after);
			// The contract promises only window + current; the hall sends a window's own room
			// its whole WindowSnapshot. Take the queue when it is there, ask for it otherwise.
			const extra = fact as Partial<WindowSnapshot>;
			if (Array.isArray(extra.waiting)) this.waiting = extra.waiting;
			if (Array.isArray(extra.queue)) this.queue = extra.queue;
			else this.#refreshQueueSoon();
			if (typeof extra.recallLimit === 'number') this.recallLimit = extra.recallLimit;
		});
		this.connection.on('queue:changed', ({ waiting }) => {
			this.waiting = waiting;
			// The fact carries numbers per service, not this window's merged queue: fetch that.
			this.#refreshQueueSoon();
		});
		this.connection.on('rate:recorded', (fact) => {
			if (fact.windowId !== this.windowId) return;
			this.lastRating = fact;
		});
		// The console saved the hall file (a guide, a material, a window): the hall tells every
		// screen at once. The window's snapshot does not carry the catalogue, so the guide and the
		// windows' names are fetched again here — the checklist in hand follows without a reload.
		// Straight on the socket: the connection's version filter would drop this fact, whose
		// version the resync it also triggers already covers.
		this.connection.socket.on('hall:resync', ({ reason }) => {
			if (reason !== 'config') return;
			void this.loadServices();
			void this.loadWindows();
		});
	}

	get status(): WindowInfo['status'] | null {
		return this.window?.status ?? null;
	}

	/** Waiting for the services of this window. */
	get waitingHere(): WaitingCount[] {
		const ids = this.window?.serviceIds ?? [];
		return this.waiting.filter((w) => ids.includes(w.serviceId));
	}

	/** Per service of this window: how many wait and their next numbers, in call order. */
	get queueByService(): { serviceId: string; serviceName: string; prefix: string; waiting: number; next: TicketPublic[] }[] {
		return this.waitingHere.map((w) => ({
			...w,
			next: this.queue.filter((t) => t.serviceId === w.serviceId).slice(0, 5)
		}));
	}

	serviceOf(serviceId: string | null | undefined): ServiceInfo | null {
		return this.services.find((s) => s.id === serviceId) ?? null;
	}

	/** The guide's materials for the ticket in hand, as the checklist shows them. */
	get materials(): string[] {
		return this.serviceOf(this.current?.serviceId)?.guide.materials ?? [];
	}

	/** The number in hand has been called again as often as the hall allows: 过号 is what is left. */
	get recallsUsedUp(): boolean {
		return this.current?.status === 'called' && this.recallLimit !== null && this.current.recallCount >= this.recallLimit;
	}

	/** Why `action` cannot be used now, when the reason is not plain from the screen. */
	whyNot(action: TerminalCommand): string | null {
		if (action === 'recall' && this.recallsUsedUp) return `已达上限 ${this.recallLimit} 次，请过号`;
		return null;
	}

	/** Whether `action` makes sense now (the server checks again). */
	can(action: TerminalCommand): boolean {
		if (!this.window || this.pending) return false;
		const status = this.current?.status;
		switch (action) {
			case 'callNext':
				return this.window.status === 'open' && !this.current;
			case 'callChosen':
				return this.window.status === 'open' && !this.current && this.queue.length > 0;
			case 'recall':
				return status === 'called' && !this.recallsUsedUp;
			case 'noShow':
			case 'start':
				return status === 'called';
			case 'finish':
			case 'refuse':
				return status === 'serving';
			case 'transfer':
				return status === 'called' || status === 'serving';
			case 'pause':
				return this.window.status === 'open';
			case 'resume':
				return this.window.status === 'paused';
		}
	}

	async callNext(): Promise<void> {
		const ack = await this.#run('callNext', 'ticket:call-next', this.#input);
		if (!ack) return;
		// An empty queue comes back as the error value queue_empty, shown by #run as news.
		if ('error' in ack) return;
		this.#called(ack.data, '已呼叫');
	}

	/** 选号呼叫: calls a chosen waiting ticket instead of the next one. */
	async callTicket(ticketId: string): Promise<Ack<TicketDetail> | null> {
		const ack = await this.#run('callChosen', 'ticket:call', { windowId: this.windowId, ticketId });
		if (ack && 'data' in ack) this.#called(ack.data, '已选号呼叫');
		return ack;
	}

	async recall(): Promise<void> {
		const ack = await this.#run('recall', 'ticket:recall', this.#input);
		if (ack && 'data' in ack) {
			this.#setCurrent(inHand(ack.data, this.windowId));
			this.notice = { kind: 'info', text: `已重呼 ${ack.data.number}` };
		}
	}

	async noShow(): Promise<void> {
		const ack = await this.#run('noShow', 'ticket:no-show', this.#input);
		if (ack && 'data' in ack) {
			this.#setCurrent(null);
			this.notice = { kind: 'info', text: noShowNotice(ack.data) };
		}
	}

	async start(): Promise<void> {
		const ack = await this.#run('start', 'ticket:start', this.#input);
		if (ack && 'data' in ack) {
			this.#setCurrent(inHand(ack.data, this.windowId));
			this.notice = { kind: 'info', text: `${ack.data.number} 开始办理` };
		}
	}

	async finish(): Promise<void> {
		const missing = this.#missing();
		const ack = await this.#run('finish', 'ticket:finish', { windowId: this.windowId, outcome: 'done' });
		if (ack && 'data' in ack) {
			this.#ended({ ticket: ack.data, outcome: 'done', reason: null, at: Date.now(), missing });
			this.notice = { kind: 'info', text: `${ack.data.number} 已办结` };
		}
	}

	/** 不予受理: the reason is required; the dialog shows the server's answer itself. */
	async refuse(reason: string): Promise<Ack<TicketDetail> | null> {
		const missing = this.#missing();
		const ack = await this.#run('refuse', 'ticket:finish', { windowId: this.windowId, outcome: 'refused', reason }, { quiet: true });
		if (ack && 'data' in ack) {
			this.#ended({ ticket: ack.data, outcome: 'refused', reason: reason.trim(), at: Date.now(), missing });
			this.notice = { kind: 'info', text: `${ack.data.number} 不予受理，已记录原因` };
		}
		return ack;
	}

	/** 转移 (首问责任制): to a service or a window, with the required note. */
	async transfer(target: TransferTarget, note: string): Promise<Ack<TicketDetail> | null> {
		const ack = await this.#run('transfer', 'ticket:transfer', { windowId: this.windowId, ...target, note }, { quiet: true });
		if (ack && 'data' in ack) {
			this.#setCurrent(null);
			// The ticket still names the window it left; the target is what the staff member chose.
			const where = 'toWindowId' in target ? this.windowName(target.toWindowId) : `「${this.serviceOf(target.toServiceId)?.name ?? target.toServiceId}」`;
			this.notice = { kind: 'info', text: `${ack.data.number} 已转往${where}，排在队首` };
		}
		return ack;
	}

	/** 暂停 with the reason the board shows; the dialog shows the server's answer itself. */
	async pause(reason: string): Promise<Ack<WindowInfo> | null> {
		const ack = await this.#run('pause', 'window:pause', { windowId: this.windowId, reason: reason.trim() }, { quiet: true });
		if (ack && 'data' in ack) {
			this.window = ack.data;
			this.notice = { kind: 'info', text: `窗口已暂停：${ack.data.pauseReason ?? reason.trim()}` };
		}
		return ack;
	}

	async resume(): Promise<void> {
		const ack = await this.#run('resume', 'window:resume', this.#input);
		if (ack && 'data' in ack) {
			this.window = ack.data;
			this.notice = { kind: 'info', text: '窗口已恢复服务' };
		}
	}

	/** Ticks or unticks a material of the ticket in hand. */
	toggleMaterial(material: string): void {
		const ticket = this.current;
		if (!ticket) return;
		this.checked = this.checked.includes(material) ? this.checked.filter((m) => m !== material) : [...this.checked, material];
		this.#write(this.#checklistKey(ticket.id), this.checked);
	}

	/** The case for the last visit is registered: keep its reference beside the visit. */
	markRegistered(ticketId: string, reference: string): void {
		if (this.lastFinished?.ticket.id !== ticketId) return;
		this.lastFinished = { ...this.lastFinished, caseReference: reference };
		this.#write(this.#lastKey, this.lastFinished);
	}

	/** The staff member is done with the last visit. */
	forgetLastFinished(): void {
		this.lastFinished = null;
		this.#storage?.removeItem(this.#lastKey);
	}

	async loadServices(): Promise<void> {
		const load =
			this.#options.loadCatalogue ??
			(async () => {
				const ack = await getCatalogue();
				return 'data' in ack ? ack.data : null;
			});
		const catalogue = await load();
		if (!catalogue) return;
		this.services = catalogue.services;
		this.hallName = catalogue.hallName;
		this.complaintPhone = catalogue.complaintPhone;
	}

	/** Refreshes the hall's windows (who is on duty where), e.g. when the transfer dialog opens. */
	async loadWindows(): Promise<void> {
		const ack = await listWindows();
		if ('data' in ack) this.windows = ack.data;
	}

	windowName(windowId: string | null | undefined): string {
		if (!windowId) return '';
		return this.windows.find((w) => w.id === windowId)?.name ?? (windowId === this.windowId ? (this.window?.name ?? windowId) : windowId);
	}

	get #input(): { windowId: string } {
		return { windowId: this.windowId };
	}

	/**
	 * Runs the action by name: the keyboard shortcuts and the buttons share it. A key pressed
	 * while a command is out (the screen may already show its outcome: the fact often arrives
	 * before the acknowledgement) runs right after it, if it still makes sense then; only the
	 * last such key is kept.
	 */
	async perform(action: WindowAction): Promise<void> {
		if (this.pending) {
			// A dialog's command is out: its dialog owns the keyboard anyway.
			if (!this.#inflight) return;
			this.#queued = action;
			await this.#inflight;
			if (this.#queued !== action) return;
			this.#queued = null;
		}
		if (!this.can(action)) return;
		// The whole action, state updates included: a queued key must see what it left behind.
		const run = this[action]();
		this.#inflight = run;
		try {
			await run;
		} finally {
			if (this.#inflight === run) this.#inflight = null;
		}
	}

	/** Connects (in the browser) and returns the function that disconnects. */
	open(): () => void {
		this.connection.start();
		return () => this.close();
	}

	close(): void {
		clearTimeout(this.#refresh.timer);
		this.connection.close();
	}

	async #run<E extends CommandName>(
		action: TerminalCommand,
		event: E,
		input: CommandInput<E>,
		options: { quiet?: boolean } = {}
	): Promise<CommandAck<E> | null> {
		if (this.pending) return null;
		this.pending = action;
		this.notice = null;
		try {
			const ack: CommandAck<E> = await this.connection.request(event, input);
			if ('error' in ack) {
				// 'queue_empty' is news, not a fault. A dialog shows its own errors next to the field.
				if (!options.quiet) {
					this.notice = { kind: ack.error.code === 'queue_empty' ? 'info' : 'error', text: ack.error.message };
				}
				if (ACCESS_LOST.includes(ack.error.code)) this.#options.onAccessLost?.(ack.error);
			}
			return ack;
		} finally {
			this.pending = null;
		}
	}

	#called(ticket: TicketDetail, verb: string): void {
		this.#setCurrent(inHand(ticket, this.windowId));
		this.queue = this.queue.filter((t) => t.id !== ticket.id);
		this.notice = { kind: 'info', text: `${verb} ${ticket.number}` };
	}

	#ended(visit: FinishedVisit): void {
		const ticketId = visit.ticket.id;
		this.#setCurrent(null);
		this.lastFinished = visit;
		this.lastRating = null;
		this.#write(this.#lastKey, visit);
		this.#storage?.removeItem(this.#checklistKey(ticketId));
	}

	/** Unticked materials, once the checklist was used at all: nothing ticked means it was not used. */
	#missing(): string[] {
		if (this.checked.length === 0) return [];
		return this.materials.filter((m) => !this.checked.includes(m));
	}

	/** Sets the ticket in hand; a different ticket brings its own checklist. */
	#setCurrent(ticket: TicketDetail | null): void {
		const before = this.current?.id ?? null;
		this.current = ticket;
		if (ticket?.id !== before) this.checked = ticket ? (this.#read<string[]>(this.#checklistKey(ticket.id)) ?? []) : [];
	}

	/** Someone else holds this window now, or it closed without us signing out: we are out. */
	#signedOutUnderUs(window: WindowInfo): boolean {
		const mine = this.#options.staffNo;
		if (!mine || this.#options.isLeaving?.()) return false;
		const gone = window.status === 'closed' || (window.staff !== null && window.staff.staffNo !== mine);
		if (!gone) return false;
		this.#options.onAccessLost?.({ code: 'not_your_window', message: '您已不在本窗口签到（可能已在其他窗口签到或已签退），请重新选择窗口' });
		return true;
	}

	#failed(error: ApiError): void {
		this.notice = { kind: 'error', text: error.message };
		if (ACCESS_LOST.includes(error.code)) this.#options.onAccessLost?.(error);
	}

	#replace(snapshot: WindowSnapshot): void {
		this.window = snapshot.window;
		this.#setCurrent(inHand(snapshot.current, this.windowId));
		this.queue = snapshot.queue;
		this.waiting = snapshot.waiting;
		if (typeof snapshot.recallLimit === 'number') this.recallLimit = snapshot.recallLimit;
	}

	get #lastKey(): string {
		return `jiaohao.window.${this.windowId}.last`;
	}

	#checklistKey(ticketId: string): string {
		return `jiaohao.window.checklist.${ticketId}`;
	}

	#read<T>(key: string): T | null {
		try {
			const raw = this.#storage?.getItem(key);
			return raw ? (JSON.parse(raw) as T) : null;
		} catch {
			return null;
		}
	}

	#write(key: string, value: unknown): void {
		try {
			this.#storage?.setItem(key, JSON.stringify(value));
		} catch {
			// Without storage a reload forgets the ticks; the server's state is whole anyway.
		}
	}

	/** At most one queue refresh in flight, and one more after it if the queue moved meanwhile. */
	#refreshQueueSoon(): void {
		const refresh = this.#refresh;
		if (refresh.running || refresh.timer) {
			refresh.again = true;
			return;
		}
		refresh.timer = setTimeout(async () => {
			refresh.timer = undefined;
			refresh.running = true;
			refresh.again = false;
			try {
				await this.connection.resync();
			} finally {
				refresh.running = false;
				if (refresh.again) this.#refreshQueueSoon();
			}
		}, 200);
	}
}
