// Renders slips (layout, ESC/POS bytes, the preview SVG), in a thread of their own when asked
// (PrintServiceOptions.renderThread, SLIP_RENDER_THREAD=on). Issuing a ticket is acknowledged
// first and its slip follows (print-service.ts); on one thread the slip's rendering still takes
// its turn on the event loop before the next call, ticket or status page can be answered. In its
// own thread it runs on the other core: a preview slip then costs the event loop ≈ 0.1 ms
// instead of ≈ 0.7, but the thread costs ≈ 13 MB of memory, which a hall with 1,000 phones
// connected cannot spare under its 150 MB goal — so it is off by default.
//
// One thread answers in the order it was asked, so slips come back in issue order. If the
// thread cannot start or dies, the slips waiting for it and every later one are rendered
// here instead, as before: a slip is never lost to the renderer.

import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { PrintDocument } from './document.ts';
import { renderSlip, type RenderedSlip } from './escpos.ts';
import type { RenderAnswer, RenderRequest } from './render-worker.ts';

interface Pending {
	request: RenderRequest;
	resolve(slip: RenderedSlip): void;
	reject(error: Error): void;
}

/** After this many lost threads the renderer stops starting new ones and renders inline. */
const MAX_THREAD_LOSSES = 3;

export interface SlipRendererOptions {
	logger: Logger;
	/** false: render on the calling thread (no worker). Default true. */
	thread?: boolean;
}

export class SlipRenderer {
	readonly #logger: Logger;
	readonly #threaded: boolean;
	readonly #pending = new Map<number, Pending>();
	#worker: Worker | null = null;
	#losses = 0;
	#next = 1;
	#closed = false;

	constructor({ logger, thread = true }: SlipRendererOptions) {
		this.#logger = logger;
		this.#threaded = thread;
	}

	/** Whether slips are rendered off the event loop now (false after repeated thread failures). */
	get threaded(): boolean {
		return this.#threaded && !this.#closed && this.#losses < MAX_THREAD_LOSSES;
	}

	/** Starts the thread now (when slips render in one), so the first slip does not wait for it to boot. */
	warm(): void {
		if (this.threaded) this.#started();
	}

	/** The slip's bytes, and its preview when `svg`; rejects only when the document cannot be rendered. */
	render(document: PrintDocument, columns: number, svg: boolean): Promise<RenderedSlip> {
		const request: RenderRequest = { id: this.#next++, document, columns, svg };
		const worker = this.threaded ? this.#started() : null;
		if (!worker) return new Promise((resolve) => resolve(renderInline(request)));
		return new Promise<RenderedSlip>((resolve, reject) => {
			this.#pending.set(request.id, { request, resolve, reject });
			worker.postMessage(request);
		});
	}

	#started(): Worker | null {
		if (this.#worker) return this.#worker;
		let worker: Worker;
		try {
			worker = spawnRenderWorker();
		} catch (error) {
			this.#lost(null, error);
			return null;
		}
		// Idle, it must not keep a closing process (a test, the admin command) alive.
		worker.unref();
		worker.on('message', (answer: RenderAnswer) => {
			const pending = this.#pending.get(answer.id);
			if (!pending) return;
			this.#pending.delete(answer.id);
			if ('error' in answer) pending.reject(new Error(answer.error));
			else pending.resolve({ bytes: answer.bytes, svg: answer.svg });
		});
		worker.on('error', (error) => this.#lost(worker, error));
		worker.on('exit', (code) => this.#lost(worker, new Error(`slip renderer thread ended (${code})`)));
		this.#worker = worker;
		return worker;
	}

	/** The thread is gone: what it still owed is rendered here, in the order it was asked. */
	#lost(worker: Worker | null, error: unknown): void {
		if (worker !== null && this.#worker !== worker) return;
		this.#worker = null;
		if (!this.#closed) {
			this.#losses++;
			this.#logger.error({ err: error, waiting: this.#pending.size, losses: this.#losses }, 'slip renderer thread lost; rendering on the main thread');
		}
		const owed = [...this.#pending.values()].sort((a, b) => a.request.id - b.request.id);
		this.#pending.clear();
		for (const pending of owed) {
			try {
				pending.resolve(renderInline(pending.request));
			} catch (renderError) {
				pending.reject(renderError instanceof Error ? renderError : new Error(String(renderError)));
			}
		}
	}

	/** Ends the thread; slips still owed are rendered here first, so none is left unanswered. */
	async close(): Promise<void> {
		this.#closed = true;
		const worker = this.#worker;
		this.#lost(worker, null);
		if (worker) await worker.terminate();
	}
}

function renderInline(request: RenderRequest): RenderedSlip {
	return renderSlip(request.document, { columns: request.columns, svg: request.svg });
}

function spawnRenderWorker(): Worker {
	const here = import.meta.url;
	// Under a TypeScript loader (dev, tests) the worker is the .ts file, started through tsx; the
	// production build compiles it next to main.js (scripts/build-server.mjs).
	if (here.endsWith('.ts')) {
		return new Worker(new URL('../worker-boot.mjs', here), { workerData: { entry: new URL('./render-worker.ts', here).href } });
	}
	return new Worker(new URL('./render-worker.js', here));
}
