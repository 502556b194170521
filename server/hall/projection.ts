// The ticket and window tables are a projection of the event log, saved in batches a few
// milliseconds after the facts are durable: the command path stays one small append.

import type { Logger } from 'pino';
import type { HallState, Ticket, WindowRuntime } from '../core/types.ts';
import type { Store } from '../store/store.ts';

/** How long changed tickets wait before their rows are saved together. */
const PROJECTION_DELAY_MS = 50;

export class Projection {
	readonly #store: Store;
	readonly #logger: Logger;
	readonly #state: () => HallState;
	readonly #tickets = new Map<string, Ticket>();
	readonly #windows = new Set<string>();
	#timer: ReturnType<typeof setTimeout> | null = null;

	constructor(store: Store, logger: Logger, state: () => HallState) {
		this.#store = store;
		this.#logger = logger;
		this.#state = state;
	}

	markTicket(ticket: Ticket): void {
		this.#tickets.set(ticket.id, ticket);
	}

	markWindow(windowId: string): void {
		this.#windows.add(windowId);
	}

	/** A ticket changed since the last save (its row in SQLite is older). */
	pending(ticketId: string): Ticket | undefined {
		return this.#tickets.get(ticketId);
	}

	/** Forgets what was not saved: the state is being reloaded from what is durable. */
	clear(): void {
		this.#tickets.clear();
		this.#windows.clear();
	}

	/** Saves what changed since the last save into the projection tables. */
	flush(always = false): void {
		if (this.#timer) {
			clearTimeout(this.#timer);
			this.#timer = null;
		}
		if (!always && this.#tickets.size === 0 && this.#windows.size === 0) return;
		const state = this.#state();
		const windows = [...this.#windows].flatMap((id): [string, WindowRuntime][] => {
			const runtime = state.windows.get(id);
			return runtime ? [[id, runtime]] : [];
		});
		this.#store.saveProjection({ version: state.version, day: state.day, tickets: this.#tickets.values(), windows });
		this.clear();
	}

	schedule(): void {
		this.#timer ??= setTimeout(() => {
			this.#timer = null;
			try {
				this.flush();
			} catch (error) {
				// The facts are durable in the event log; the next save or a restart catches up.
				this.#logger.error({ err: error }, 'saving the projection failed');
				this.schedule();
			}
		}, PROJECTION_DELAY_MS);
	}
}
