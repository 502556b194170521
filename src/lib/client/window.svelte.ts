// The window terminal: the window, the ticket in hand and the queue, from a
// WindowSnapshot kept current by 'window:changed' and 'queue:changed'; and the
// staff member's commands, each answered with the server's Chinese message on failure.
import type {
	ApiError,
	TicketDetail,
	TicketPublic,
	WaitingCount,
	WindowInfo,
	WindowSnapshot
} from '../protocol.ts';
import { HallConnection, type CommandAck, type CommandInput, type CommandName, type HallSocket } from './connection.svelte.ts';

export type WindowAction = 'callNext' | 'recall' | 'noShow' | 'start' | 'finish' | 'pause' | 'resume';

export interface Notice {
	kind: 'info' | 'error';
	text: string;
}

export interface WindowTerminalOptions {
	windowId: string;
	token: string;
	/** The server no longer accepts this staff member here (logged out, signed out elsewhere). */
	onAccessLost?: (error: ApiError) => void;
	createSocket?: () => HallSocket;
}

/** Codes after which staying on the terminal makes no sense. */
const ACCESS_LOST: readonly string[] = ['unauthorized', 'forbidden', 'not_your_window', 'unknown_window'];

/** The ticket a window holds: called or being served here, otherwise none. */
function inHand(ticket: TicketDetail | null, windowId: string): TicketDetail | null {
	if (!ticket || ticket.windowId !== windowId) return null;
	return ticket.status === 'called' || ticket.status === 'serving' ? ticket : null;
}

export class WindowTerminalState {
	window = $state<WindowInfo | null>(null);
	current = $state<TicketDetail | null>(null);
	/** Waiting tickets this window could call, next first. */
	queue = $state<TicketPublic[]>([]);
	waiting = $state<WaitingCount[]>([]);
	/** The command out right now; the buttons wait for it. */
	pending = $state<WindowAction | null>(null);
	/** The last command's outcome for the staff member: an error or a short confirmation. */
	notice = $state<Notice | null>(null);

	readonly windowId: string;
	readonly connection: HallConnection<WindowSnapshot>;
	#options: WindowTerminalOptions;
	#refresh: { timer: ReturnType<typeof setTimeout> | undefined; again: boolean; running: boolean } = {
		timer: undefined,
		again: false,
		running: false
	};

	constructor(options: WindowTerminalOptions) {
		this.#options = options;
		this.windowId = options.windowId;
		this.connection = new HallConnection<WindowSnapshot>({
			token: options.token,
			subscribe: (c) => c.request('window:subscribe', { windowId: this.windowId }),
			onSnapshot: (snapshot) => this.#replace(snapshot),
			onSubscribeError: (error) => this.#failed(error),
			versionOf: (snapshot) => snapshot.version,
			createSocket: options.createSocket
		});
		this.connection.on('window:changed', (fact) => {
			if (fact.window.id !== this.windowId) return;
			this.window = fact.window;
			this.current = inHand(fact.current, this.windowId);
			// The contract promises only window + current; the hall sends a window's own room
			// its whole WindowSnapshot. Take the queue when it is there, ask for it otherwise.
			const extra = fact as Partial<WindowSnapshot>;
			if (Array.isArray(extra.waiting)) this.waiting = extra.waiting;
			if (Array.isArray(extra.queue)) this.queue = extra.queue;
			else this.#refreshQueueSoon();
		});
		this.connection.on('queue:changed', ({ waiting }) => {
			this.waiting = waiting;
			// The fact carries numbers per service, not this window's merged queue: fetch that.
			this.#refreshQueueSoon();
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

	/** Whether `action` makes sense now (the server checks again). */
	can(action: WindowAction): boolean {
		if (!this.window || this.pending) return false;
		const status = this.current?.status;
		switch (action) {
			case 'callNext':
				return this.window.status === 'open' && !this.current;
			case 'recall':
			case 'noShow':
			case 'start':
				return status === 'called';
			case 'finish':
				return status === 'serving';
			case 'pause':
				return this.window.status === 'open';
			case 'resume':
				return this.window.status === 'paused';
		}
	}

	async callNext(): Promise<void> {
		const ack = await this.#run('callNext', 'ticket:call-next', this.#input);
		if (!ack) return;
		if ('error' in ack) return;
		if (ack.data === null) {
			this.notice = { kind: 'info', text: '当前没有等候的号码' };
			return;
		}
		const ticket = ack.data;
		this.current = inHand(ticket, this.windowId);
		this.queue = this.queue.filter((t) => t.id !== ticket.id);
		this.notice = { kind: 'info', text: `已呼叫 ${ticket.number}` };
	}

	async recall(): Promise<void> {
		const ack = await this.#run('recall', 'ticket:recall', this.#input);
		if (ack && 'data' in ack) {
			this.current = inHand(ack.data, this.windowId);
			this.notice = { kind: 'info', text: `已重呼 ${ack.data.number}` };
		}
	}

	async noShow(): Promise<void> {
		const ack = await this.#run('noShow', 'ticket:no-show', this.#input);
		if (ack && 'data' in ack) {
			this.current = null;
			this.notice = { kind: 'info', text: `${ack.data.number} 已过号` };
		}
	}

	async start(): Promise<void> {
		const ack = await this.#run('start', 'ticket:start', this.#input);
		if (ack && 'data' in ack) {
			this.current = inHand(ack.data, this.windowId);
			this.notice = { kind: 'info', text: `${ack.data.number} 开始办理` };
		}
	}

	async finish(): Promise<void> {
		const ack = await this.#run('finish', 'ticket:finish', { windowId: this.windowId, outcome: 'done' });
		if (ack && 'data' in ack) {
			this.current = null;
			this.notice = { kind: 'info', text: `${ack.data.number} 已办结` };
		}
	}

	async pause(): Promise<void> {
		const ack = await this.#run('pause', 'window:pause', this.#input);
		if (ack && 'data' in ack) {
			this.window = ack.data;
			this.notice = { kind: 'info', text: '窗口已暂停' };
		}
	}

	async resume(): Promise<void> {
		const ack = await this.#run('resume', 'window:resume', this.#input);
		if (ack && 'data' in ack) {
			this.window = ack.data;
			this.notice = { kind: 'info', text: '窗口已恢复服务' };
		}
	}

	get #input(): { windowId: string } {
		return { windowId: this.windowId };
	}

	/** Runs the action by name: the keyboard shortcuts and the buttons share it. */
	perform(action: WindowAction): Promise<void> {
		if (!this.can(action)) return Promise.resolve();
		return this[action]();
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
		action: WindowAction,
		event: E,
		input: CommandInput<E>
	): Promise<CommandAck<E> | null> {
		if (this.pending) return null;
		this.pending = action;
		this.notice = null;
		try {
			const ack: CommandAck<E> = await this.connection.request(event, input);
			if ('error' in ack) {
				// 'queue_empty' is news, not a fault.
				this.notice = { kind: ack.error.code === 'queue_empty' ? 'info' : 'error', text: ack.error.message };
				if (ACCESS_LOST.includes(ack.error.code)) this.#options.onAccessLost?.(ack.error);
			}
			return ack;
		} finally {
			this.pending = null;
		}
	}

	#failed(error: ApiError): void {
		this.notice = { kind: 'error', text: error.message };
		if (ACCESS_LOST.includes(error.code)) this.#options.onAccessLost?.(error);
	}

	#replace(snapshot: WindowSnapshot): void {
		this.window = snapshot.window;
		this.current = inHand(snapshot.current, this.windowId);
		this.queue = snapshot.queue;
		this.waiting = snapshot.waiting;
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
