// Which printer gets a job: the station's connected agent when there is one, else the
// printer the server drives for the station; and where a job goes when its agent fails it.

import type { Logger } from 'pino';
import type { AgentPrintJob } from '../../src/lib/protocol.ts';
import type { JobDropped, JobFailed, JobPrinted } from '../../devices/printer/print-queue.ts';
import type { Clock } from '../clock.ts';
import type { AgentAnswer, AgentLink, AgentRegistry } from './agent-registry.ts';
import type { ActiveJob, PrintJobBook } from './job-book.ts';
import type { ServerQueues } from './server-queues.ts';
import type { KioskStation } from './station-table.ts';

export interface PrintRouterDeps {
	stations: ReadonlyMap<string, KioskStation>;
	book: PrintJobBook;
	agents: AgentRegistry;
	queues: ServerQueues;
	clock: Clock;
	logger: Logger;
	/** An agent that has not answered a job by then is treated as gone for that job. */
	agentAckTimeoutMs: number;
	/** The print service stopped: no job starts on a printer any more. */
	closed: () => boolean;
}

export class PrintRouter {
	readonly #deps: PrintRouterDeps;

	constructor(deps: PrintRouterDeps) {
		this.#deps = deps;
	}

	/** Who prints the station's next job: 'agent' while one is connected. */
	via(station: string): 'agent' | 'server' {
		return this.#deps.agents.current(station) ? 'agent' : 'server';
	}

	/** Whether the station's next job needs its preview picture: its printer (agent's or server's) keeps one. */
	wantsSvg(station: KioskStation): boolean {
		const agent = this.#deps.agents.current(station.id);
		return agent ? agent.printer === 'preview' : station.preview;
	}

	route(job: ActiveJob): void {
		const station = this.#station(job);
		const agent = this.#deps.agents.current(station.id);
		if (agent) this.#sendToAgent(station, agent, job);
		else void this.#sendToServer(station, job);
	}

	/** The agent let go of its station (or lost its connection): its unanswered jobs go to the server printer. */
	agentGone(link: AgentLink, why: string): void {
		for (const job of this.#deps.book.heldBy(link.id)) {
			if (this.#deps.closed()) this.#deps.book.finish(job, 'dropped', 'shutdown');
			else this.#fallback(job, why);
		}
	}

	#station(job: ActiveJob): KioskStation {
		return this.#deps.stations.get(job.info.station)!;
	}

	#sendToAgent(station: KioskStation, link: AgentLink, job: ActiveJob): void {
		const { book, clock } = this.#deps;
		job.agentLinkId = link.id;
		job.printer = 'agent';
		job.info = { ...job.info, via: 'agent' };
		book.change(job, 'sent', null, 'sent', { detail: { agent: link.id } });
		const payload: AgentPrintJob = {
			id: job.info.id,
			kind: job.info.kind,
			ticketId: job.info.ticketId,
			number: job.info.number,
			ageMs: Math.max(0, clock.now() - job.info.createdAt),
			bytes: job.bytes,
			...(link.printer === 'preview' ? { svg: book.svgOf(job, station.columns) } : {})
		};
		link.deliver(payload, this.#deps.agentAckTimeoutMs, (answer) => this.#agentAnswered(job, link.id, answer));
	}

	#agentAnswered(job: ActiveJob, linkId: string, answer: AgentAnswer): void {
		const { book, logger } = this.#deps;
		// A late answer from an agent the job already fell back from: the server printer has it now.
		if (job.agentLinkId !== linkId || !book.isActive(job)) {
			logger.warn({ job: job.info.id, agent: linkId }, 'late answer from a station agent ignored');
			return;
		}
		if ('noAnswer' in answer) return this.#fallback(job, answer.noAnswer);
		if ('error' in answer) return this.#fallback(job, `agent refused the job: ${answer.error.code}`);
		const outcome = answer.data;
		if (outcome.outcome === 'printed') {
			job.attempts = outcome.attempts;
			return book.finish(job, 'printed', null);
		}
		if (outcome.outcome === 'dropped') {
			// Too old to print is final; a queue that closed under the job never printed it.
			if (outcome.reason === 'expired') return book.finish(job, 'dropped', 'expired', { detail: { ageMs: outcome.ageMs } });
			return this.#fallback(job, 'agent queue closed');
		}
		book.finish(job, 'failed', outcome.code, { message: outcome.message });
	}

	/**
	 * The job leaves its agent for the server-driven printer. At least once, not exactly
	 * once: if the agent printed the slip and then lost its connection before its answer
	 * arrived, the slip prints a second time here. Closing that window would need the
	 * printer itself to remember jobs; a duplicate slip is the lesser harm than a lost one.
	 */
	#fallback(job: ActiveJob, why: string): void {
		if (!this.#deps.book.isActive(job)) return;
		const station = this.#station(job);
		job.agentLinkId = null;
		job.printer = station.uri;
		job.info = { ...job.info, via: 'server' };
		this.#deps.book.change(job, 'queued', null, 'fallback', { message: why });
		this.#deps.logger.warn({ job: job.info.id, station: station.id, why }, 'print job falls back to the server printer');
		void this.#sendToServer(station, job);
	}

	async #sendToServer(station: KioskStation, job: ActiveJob): Promise<void> {
		const { book, queues } = this.#deps;
		if (this.#deps.closed()) return book.finish(job, 'dropped', 'shutdown');
		job.printer = station.uri;
		const opened = await queues.open(station);
		if (!book.isActive(job)) return;
		if (!opened.ok) return book.finish(job, 'failed', opened.error.code, { message: opened.error.message });
		const queued = opened.queue.enqueue({
			id: job.info.id,
			kind: job.info.kind,
			createdAt: job.info.createdAt,
			bytes: job.bytes,
			...(station.preview ? { svg: book.svgOf(job, station.columns) } : {})
		});
		if (!queued.ok && queued.error.code === 'queue_closed') book.finish(job, 'dropped', 'shutdown');
	}

	// What the server-driven queues report about the jobs they hold ----------------------

	serverPrinted(event: JobPrinted): void {
		const job = this.#deps.book.get(event.job.id);
		if (!job) return;
		job.attempts = event.attempts;
		this.#deps.book.finish(job, 'printed', null, { detail: { statusAfter: event.statusAfter?.code ?? null } });
	}

	serverDropped(event: JobDropped): void {
		const job = this.#deps.book.get(event.job.id);
		if (!job) return;
		this.#deps.book.finish(job, 'dropped', event.reason === 'expired' ? 'expired' : 'shutdown', {
			message: event.lastStatus?.message ?? null,
			detail: { ageMs: event.ageMs, lastStatus: event.lastStatus?.code ?? null }
		});
	}

	serverFailed(event: JobFailed, station: string): void {
		const { book, logger } = this.#deps;
		const job = book.get(event.job.id);
		if (!job) return;
		job.attempts = event.attempt;
		if (event.willRetry) {
			book.change(job, job.info.state, null, 'attempt_failed', { message: event.error.message, detail: { code: event.error.code } });
			logger.warn({ job: job.info.id, station, attempt: event.attempt, error: event.error }, 'print attempt failed; will retry');
		} else {
			book.finish(job, 'failed', event.error.code, { message: event.error.message });
		}
	}
}
