// The hall's side of its link to the district hub: one more subscriber to committed facts.
// A committed command only pokes the link (after the command has answered); the link reads,
// encodes and sends in a thread of its own (./worker.ts), so nothing here can delay or fail a
// hall command, and the hall's event loop spends a message per commit on it, no more.

import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Hall } from '../hall.ts';
import type { Store } from '../store/store.ts';
import type { UpstreamStatus } from '../../src/lib/protocol.ts';
import type { UpstreamConfig } from './config.ts';
import { UpstreamLink, type LinkStatus, type UpstreamOptions } from './link.ts';
import type { FromLink, ToLink } from './messages.ts';
import { applyDistrictNotices } from './notices.ts';
import { databaseSource, type HallFacts } from './source.ts';
import type { DistrictNotice } from './wire.ts';

export type { UpstreamOptions } from './link.ts';

/** How the hall talks to its link, wherever the link runs. */
interface LinkHandle {
	configure(config: UpstreamConfig | null): void;
	poke(): void;
	close(): Promise<void>;
}

export class Upstream {
	readonly #store: Store;
	readonly #hall: Hall;
	readonly #logger: Logger;
	readonly #detach: () => void;
	readonly #facts: () => HallFacts | null;
	readonly #headSeq;
	readonly #countAfter;
	#config: UpstreamConfig | null;
	#link: LinkStatus = { connected: false, lastAckedSeq: null, lastAckedAt: null, lastError: null, attempts: 0 };
	#handle: LinkHandle | null = null;
	readonly #options: UpstreamOptions | undefined;
	#closed = false;

	readonly #noticesChanged: (changes: { id: string; status: string }[]) => void;

	constructor(deps: {
		store: Store;
		hall: Hall;
		logger: Logger;
		options?: UpstreamOptions;
		/** The hall's day and offline stations, for the counts that ride along. */
		facts?: () => HallFacts | null;
		/** District notices stored here: the kiosks and boards are told. */
		noticesChanged?: (changes: { id: string; status: string }[]) => void;
	}) {
		this.#noticesChanged = deps.noticesChanged ?? (() => {});
		this.#store = deps.store;
		this.#hall = deps.hall;
		this.#logger = deps.logger.child({ part: 'upstream' });
		this.#options = deps.options;
		this.#facts = deps.facts ?? (() => null);
		this.#headSeq = this.#store.db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM events');
		this.#countAfter = this.#store.db.prepare('SELECT COUNT(*) AS n FROM events WHERE seq > ?');
		this.#config = configOf(deps.hall);
		this.#detach = deps.hall.onCommitted((committed) => {
			if (committed.events.some((e) => e.type === 'config:changed')) this.#reconfigure(configOf(this.#hall));
			// Never inside the command: the link works on another thread (or a later turn).
			this.#handle?.poke();
		});
		if (this.#config) this.#open().configure(this.#config);
	}

	status(): UpstreamStatus {
		const config = this.#config;
		const head = (this.#headSeq.get() as { n: number }).n;
		const acked = this.#link.lastAckedSeq;
		const behind = config ? (acked === null ? head : (this.#countAfter.get(acked) as { n: number }).n) : 0;
		return {
			configured: config !== null,
			hallId: config?.hallId ?? null,
			url: config?.url ?? null,
			connected: config !== null && this.#link.connected,
			behind,
			lastAckedSeq: acked,
			lastAckedAt: this.#link.lastAckedAt,
			lastError: this.#link.lastError,
			attempts: this.#link.attempts
		};
	}

	/** Resolves once everything stored has been acknowledged (tests, and a clean shutdown). */
	async drained(): Promise<void> {
		while (!this.#closed && this.status().behind > 0) await new Promise((r) => setTimeout(r, 20));
	}

	async close(): Promise<void> {
		this.#closed = true;
		this.#detach();
		await this.#handle?.close();
	}

	#reconfigure(next: UpstreamConfig | null): void {
		if (JSON.stringify(next) === JSON.stringify(this.#config)) return;
		this.#config = next;
		this.#link = { ...this.#link, connected: false, lastAckedSeq: null };
		if (next || this.#handle) (this.#handle ?? this.#open()).configure(next);
	}

	/** Starts the link: in a thread of its own, or on this one when the database lives in memory. */
	#open(): LinkHandle {
		const report = (status: LinkStatus) => {
			this.#link = status;
		};
		const log = (level: 'info' | 'warn' | 'error', fields: Record<string, unknown>, message: string) => this.#logger[level](fields, message);
		const notices = async (list: DistrictNotice[]) => this.#applyNotices(list);
		if (this.#store.db.memory) {
			const link = new UpstreamLink({ source: databaseSource(this.#store.db, async () => this.#facts(), notices), log, report, options: this.#options });
			this.#handle = link;
			return link;
		}
		this.#handle = this.#thread(report, log);
		return this.#handle;
	}

	#thread(report: (status: LinkStatus) => void, log: (level: 'info' | 'warn' | 'error', fields: Record<string, unknown>, message: string) => void): LinkHandle {
		const here = import.meta.url;
		// Under a TypeScript loader (dev, tests) the worker is the .ts file; the production build
		// compiles it next to main.js (scripts/build-server.mjs).
		const url = here.endsWith('.ts') ? new URL('../worker-boot.mjs', here) : new URL('./upstream-worker.js', here);
		const worker = new Worker(url, { workerData: { path: this.#store.db.name, options: this.#options, entry: new URL('./worker.ts', here).href } });
		// The link must not keep a closing process alive; close() ends it properly.
		worker.unref();
		const post = (message: ToLink) => worker.postMessage(message);
		let exited = false;
		const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
		worker.on('message', (message: FromLink) => {
			switch (message.type) {
				case 'status':
					report(message.status);
					break;
				case 'log':
					log(message.level, message.fields, message.message);
					break;
				case 'ask':
					if (message.kind === 'facts') post({ type: 'answer', id: message.id, value: this.#facts() });
					else post({ type: 'answer', id: message.id, value: this.#applyNotices(message.notices) });
					break;
				case 'closed':
					break;
			}
		});
		worker.on('error', (error) => this.#logger.error({ err: error }, 'the upstream link thread failed'));
		worker.once('exit', (code) => {
			exited = true;
			if (this.#closed || this.#handle !== handle) return;
			// The hall goes on; the link starts again in a moment and the hub says where to resume.
			this.#logger.error({ code }, 'the upstream link thread stopped; starting it again');
			this.#link = { ...this.#link, connected: false, lastError: { code: 'link_stopped', message: '区级平台连接线程意外停止，正在重新启动', at: Date.now() } };
			this.#handle = null;
			setTimeout(() => {
				if (!this.#closed && !this.#handle && this.#config) this.#open().configure(this.#config);
			}, 1000).unref();
		});
		const handle: LinkHandle = {
			configure: (config) => post({ type: 'configure', config }),
			poke: () => post({ type: 'poke' }),
			close: async () => {
				if (exited) return;
				post({ type: 'close' });
				// A hub that does not answer cannot hold the hall's shutdown for long.
				const timer = setTimeout(() => void worker.terminate(), 5000);
				await ended;
				clearTimeout(timer);
			}
		};
		return handle;
	}

	/** The district's notices, stored by the hall's thread: it owns every write. */
	#applyNotices(notices: DistrictNotice[]): boolean {
		try {
			const changed = applyDistrictNotices(this.#store, notices, Date.now());
			this.#logger.info({ notices: notices.length, changed: changed.length }, 'district notices applied');
			if (changed.length > 0) {
				const status = this.#store.db.prepare(`SELECT status FROM notices WHERE id = ?`);
				this.#noticesChanged(changed.map((id) => ({ id, status: (status.get(id) as { status: string } | undefined)?.status ?? 'withdrawn' })));
			}
			return true;
		} catch (error) {
			this.#logger.error({ err: error }, 'district notices could not be applied');
			return false;
		}
	}
}

function configOf(hall: Hall): UpstreamConfig | null {
	return hall.configFile.upstream ?? null;
}
