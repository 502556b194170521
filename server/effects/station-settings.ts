// Station settings saved in the console apply at once, not at the next restart: a kiosk's
// printer and paper width, and the keys of kiosk and window agents — a rotated key
// disconnects the agent that proved itself with the old one, so a leaked key stops working.

import type { Logger } from 'pino';
import type { Connection } from '../commands/table.ts';
import type { Hall } from '../hall.ts';
import type { PrintService } from '../printing/print-service.ts';

export function applyStationSettingsLive(hall: Hall, prints: PrintService, windowAgents: Map<string, Connection>, logger: Logger): () => void {
	const keysNow = () => new Map(hall.settings.stations.filter((s) => s.kind === 'window').map((s) => [s.id, `${s.windowId}|${s.agentKey ?? ''}`]));
	let windowKeys = keysNow();
	return hall.onCommitted(({ events }) => {
		if (!events.some((e) => e.type === 'config:changed')) return;
		prints.reconfigure(hall.settings.stations);
		const next = keysNow();
		for (const [station, connection] of windowAgents) {
			if (next.get(station) === windowKeys.get(station)) continue;
			logger.warn({ station }, 'window station key or window changed: its agent is disconnected');
			connection.disconnect();
		}
		windowKeys = next;
	});
}
