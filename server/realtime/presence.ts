// Which of the hall's configured stations are connected now: a kiosk's screen (and its
// station agent when the kiosk has one), a board's screen, a window station's keypad agent.
// The director's live view turns a station that is gone into an alert (设备提醒) — a dark
// board or a frozen kiosk is otherwise noticed only when residents start asking.

import type { StationPart, StationPresenceInfo } from '../../src/lib/protocol.ts';
import type { Clock } from '../clock.ts';

export interface PresenceStation {
	id: string;
	kind: 'kiosk' | 'board' | 'window';
	name: string;
	agentKey?: string;
}

/** What a socket that registered for a station must tell us when it goes. */
export interface PresenceSocket {
	id: string;
	once(event: 'disconnect', listener: () => void): unknown;
}

interface Seen {
	sockets: Set<string>;
	/** Runs while a part whose last socket left still counts (a board reload takes a second). */
	timer: ReturnType<typeof setTimeout> | null;
}

/** A board reloading or a kiosk PC's agent restarting is not an outage. */
export const DEFAULT_PRESENCE_GRACE_MS = 30_000;

function expectedParts(station: PresenceStation): StationPart[] {
	switch (station.kind) {
		case 'kiosk':
			return station.agentKey ? ['screen', 'agent'] : ['screen'];
		case 'board':
			return ['screen'];
		case 'window':
			return ['agent'];
	}
}

export class StationPresence {
	readonly #stations: () => readonly PresenceStation[];
	readonly #clock: Clock;
	readonly #graceMs: number;
	readonly #seen = new Map<string, Seen>();
	/** When each station last became online or offline; the server's start counts as a change. */
	readonly #since = new Map<string, { online: boolean; at: number }>();
	readonly #startedAt: number;
	readonly #listeners = new Set<(info: StationPresenceInfo) => void>();

	constructor(stations: () => readonly PresenceStation[], clock: Clock, graceMs = DEFAULT_PRESENCE_GRACE_MS) {
		this.#stations = stations;
		this.#clock = clock;
		this.#graceMs = graceMs;
		this.#startedAt = clock.now();
	}

	/** Counts the socket as the station's screen or agent until it disconnects. */
	mark(socket: PresenceSocket, station: string, part: StationPart): void {
		const key = `${station}|${part}`;
		let seen = this.#seen.get(key);
		if (!seen) {
			seen = { sockets: new Set(), timer: null };
			this.#seen.set(key, seen);
		}
		if (seen.sockets.has(socket.id)) return;
		seen.sockets.add(socket.id);
		if (seen.timer) {
			clearTimeout(seen.timer);
			seen.timer = null;
		}
		const entry = seen;
		socket.once('disconnect', () => this.#left(station, entry, socket.id));
		this.#changed(station);
	}

	#left(station: string, seen: Seen, socketId: string): void {
		seen.sockets.delete(socketId);
		if (seen.sockets.size > 0) return;
		if (this.#graceMs <= 0) {
			this.#changed(station);
			return;
		}
		seen.timer = setTimeout(() => {
			seen.timer = null;
			this.#changed(station);
		}, this.#graceMs);
		seen.timer.unref();
	}

	#present(station: string, part: StationPart): boolean {
		const seen = this.#seen.get(`${station}|${part}`);
		return seen !== undefined && (seen.sockets.size > 0 || seen.timer !== null);
	}

	#info(station: PresenceStation, now: number): StationPresenceInfo {
		const missing = expectedParts(station).filter((part) => !this.#present(station.id, part));
		const online = missing.length === 0;
		const last = this.#since.get(station.id);
		const since = last && last.online === online ? last.at : last ? now : this.#startedAt;
		if (!last || last.online !== online) this.#since.set(station.id, { online, at: since });
		return { station: station.id, kind: station.kind, name: station.name, online, missing, since };
	}

	#changed(stationId: string): void {
		const station = this.#stations().find((s) => s.id === stationId);
		if (!station) return;
		const before = this.#since.get(stationId);
		const info = this.#info(station, this.#clock.now());
		if (before && before.online === info.online && info.online) return;
		for (const listener of this.#listeners) listener(info);
	}

	/** Every configured station, in configuration order. */
	list(): StationPresenceInfo[] {
		const now = this.#clock.now();
		return this.#stations().map((station) => this.#info(station, now));
	}

	/** Called with a station's presence whenever a part of it comes or goes. */
	on(listener: (info: StationPresenceInfo) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	close(): void {
		for (const seen of this.#seen.values()) if (seen.timer) clearTimeout(seen.timer);
		this.#listeners.clear();
	}
}
