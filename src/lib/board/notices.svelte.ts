// The scrolling line of current notices (公示) at the foot of the board. The board's
// snapshot does not carry notices (the kiosk reads them in full), so the board asks
// GET /api/notices itself on start and after each resync (a reconnect), and hears every
// notice the director publishes or withdraws at once, by push (`notices:changed`). A slow
// refresh stays for what has no fact: a publicity period that starts or ends at midnight.

import type { NoticePublic } from '../protocol.ts';

/** The backstop refresh; published and withdrawn notices arrive by push, not by this. */
export const NOTICE_REFRESH_MS = 30 * 60_000;
/** A notice's body is cut to this many characters on the ticker; the kiosk has the full text. */
export const NOTICE_EXCERPT_CHARS = 60;

export interface TickerItem {
	id: string;
	title: string;
	excerpt: string;
}

/** One ticker entry per notice: its title and the start of its first paragraph, markup taken off by the server. */
export function tickerItems(notices: readonly NoticePublic[], maxChars = NOTICE_EXCERPT_CHARS): TickerItem[] {
	return notices.map((notice) => {
		// An older server (mid-upgrade) sends no summary: its body's first paragraph, as it is.
		const first = (notice.summary ?? notice.body.split(/\n\s*\n/)[0] ?? '').replace(/\s+/g, ' ').trim();
		const chars = [...first];
		const excerpt = chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : first;
		return { id: notice.id, title: notice.title.trim(), excerpt };
	});
}

export interface NoticeTickerOptions {
	url?: string;
	refreshMs?: number;
	fetch?: typeof fetch;
}

/** The socket the notices are pushed on (the board's own connection). */
export interface NoticePush {
	on(event: 'notices:changed', listener: (fact: { notices: NoticePublic[] }) => void): unknown;
	off(event: 'notices:changed', listener: (fact: { notices: NoticePublic[] }) => void): unknown;
}

export class NoticeTicker {
	/** Replaced only when the notices changed, so the scrolling line does not restart for nothing. */
	items = $state.raw<TickerItem[]>([]);

	readonly #url: string;
	readonly #refreshMs: number;
	readonly #fetch: typeof fetch;
	#timer: ReturnType<typeof setInterval> | undefined;
	#inFlight: Promise<void> | null = null;
	#signature = '';
	/** Counts pushes: a fetch that started before one answers with older notices and is dropped. */
	#pushes = 0;

	constructor(options: NoticeTickerOptions = {}) {
		this.#url = options.url ?? '/api/notices';
		this.#refreshMs = options.refreshMs ?? NOTICE_REFRESH_MS;
		this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
	}

	/** Loads now, follows the pushed changes on `push`, and refreshes now and then; returns the stop function. */
	start(push?: NoticePush): () => void {
		void this.refresh();
		clearInterval(this.#timer);
		this.#timer = setInterval(() => void this.refresh(), this.#refreshMs);
		const listener = (fact: { notices: NoticePublic[] }) => this.accept(fact.notices);
		push?.on('notices:changed', listener);
		return () => {
			push?.off('notices:changed', listener);
			this.stop();
		};
	}

	/** The notices in their publicity period as the hall just pushed them. */
	accept(notices: readonly NoticePublic[]): void {
		if (!Array.isArray(notices)) return;
		this.#pushes++;
		this.#show(notices);
	}

	#show(notices: readonly NoticePublic[]): void {
		const items = tickerItems(notices);
		const signature = JSON.stringify(items);
		if (signature === this.#signature) return;
		this.#signature = signature;
		this.items = items;
	}

	stop(): void {
		clearInterval(this.#timer);
		this.#timer = undefined;
	}

	/**
	 * Fetches the notices in their publicity period. A failure (server restarting) keeps
	 * the line as it was; the next refresh or resync tries again. Overlapping calls share one request.
	 */
	refresh(): Promise<void> {
		this.#inFlight ??= this.#load().finally(() => (this.#inFlight = null));
		return this.#inFlight;
	}

	async #load(): Promise<void> {
		const pushes = this.#pushes;
		try {
			const res = await this.#fetch(this.#url, { cache: 'no-store' });
			if (!res.ok) return;
			const notices = (await res.json()) as NoticePublic[];
			if (!Array.isArray(notices) || pushes !== this.#pushes) return;
			this.#show(notices);
		} catch {
			// offline or restarting: keep what is shown
		}
	}
}
