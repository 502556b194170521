// The station agents: who may print for a kiosk station (its key), which agent holds each
// station now, and the status of that agent's printer. No socket.io in here: an agent is an
// AgentLink, whatever carries it.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type {
	Ack,
	AgentHello,
	AgentJobOutcome,
	AgentPrinterKind,
	AgentPrinterStatus,
	AgentPrintJob,
	AgentWelcome
} from '../../src/lib/protocol.ts';
import type { HallSettings } from '../config.ts';
import type { Result } from '../hall.ts';
import type { KioskStation } from './station-table.ts';
import { fail } from '../errors.ts';
import type { StatusCore } from './status-info.ts';

/** An agent's answer to a job, or the lack of one. */
export type AgentAnswer = Ack<AgentJobOutcome> | { noAnswer: string };

/** A connected station agent, as the print service needs it. */
export interface AgentLink {
	readonly id: string;
	readonly station: string;
	readonly printer: AgentPrinterKind;
	deliver(job: AgentPrintJob, timeoutMs: number, done: (answer: AgentAnswer) => void): void;
	/** A newer agent took the station over: end this connection. */
	replaced(): void;
}

export const DEFAULT_AGENT_STATUS_MS = 15_000;

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/** Compares keys in constant time: an agent key is a password. */
function sameKey(given: string | undefined, expected: string): boolean {
	return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}

export interface AgentRegistryDeps {
	stations: ReadonlyMap<string, KioskStation>;
	settings: () => HallSettings;
	logger: Logger;
	/** Told to agents: jobs older than this are dropped, not printed. */
	maxAgeMs: number;
	/** Told to agents: how often to read their printer's status while idle. */
	statusIntervalMs?: number;
}

interface Attached {
	link: AgentLink;
	status: StatusCore;
}

export class AgentRegistry {
	readonly #deps: AgentRegistryDeps;
	readonly #attached = new Map<string, Attached>();

	constructor(deps: AgentRegistryDeps) {
		this.#deps = deps;
		for (const station of deps.stations.values()) {
			if (!station.def.agentKey) deps.logger.warn({ station: station.id }, 'kiosk station has no agentKey: any agent may claim its print jobs');
		}
	}

	/** Checks an agent's hello: a known kiosk station, and its key when the hall file sets one. */
	welcome(hello: AgentHello): Result<AgentWelcome> {
		const station = this.#deps.stations.get(hello.station);
		if (!station) return fail('unknown_station', `没有编号为 ${hello.station} 的取号机`);
		if (station.def.agentKey && !sameKey(hello.key, station.def.agentKey)) {
			this.#deps.logger.warn({ station: hello.station }, 'station agent refused: wrong key');
			return fail('forbidden', '取号机密钥不正确');
		}
		return {
			ok: true,
			value: {
				station: station.id,
				hallName: this.#deps.settings().hallName,
				maxAgeMs: this.#deps.maxAgeMs,
				statusIntervalMs: this.#deps.statusIntervalMs ?? DEFAULT_AGENT_STATUS_MS
			}
		};
	}

	/** The agent that prints for the station now, if any. */
	current(station: string): AgentLink | null {
		return this.#attached.get(station)?.link ?? null;
	}

	/** The printer status the station's agent last reported; null without an agent. */
	status(station: string): StatusCore | null {
		return this.#attached.get(station)?.status ?? null;
	}

	isCurrent(link: AgentLink): boolean {
		return this.#attached.get(link.station)?.link.id === link.id;
	}

	/** The link now holds its station. Returns the agent it replaced, which the caller lets go. */
	attach(link: AgentLink): AgentLink | null {
		const previous = this.current(link.station);
		this.#attached.set(link.station, { link, status: { code: 'unknown', paperNearEnd: false, detail: 'waiting for the agent to report' } });
		this.#deps.logger.info({ station: link.station, agent: link.id, printer: link.printer }, 'station agent attached');
		return previous && previous.id !== link.id ? previous : null;
	}

	/** The link no longer holds its station (if it still did). Returns whether it did. */
	release(link: AgentLink): boolean {
		if (!this.isCurrent(link)) return false;
		this.#attached.delete(link.station);
		return true;
	}

	/** What the agent says of its printer; only the station's current agent is heard. */
	report(link: AgentLink, input: AgentPrinterStatus): Result<StatusCore> {
		const attached = this.#attached.get(link.station);
		if (!attached || attached.link.id !== link.id) return fail('unauthorized', '此连接不是该取号机的打印代理');
		attached.status = { code: input.code, paperNearEnd: input.paperNearEnd ?? false, detail: input.detail ?? null };
		return { ok: true, value: attached.status };
	}
}
