// The kiosk stations that print, as every part of the print service sees them: which printer
// the server drives for each, and how wide its paper is. Fixed for the life of the service.

import { withPreviewDir } from '../../devices/printer/transports.ts';
import type { HallFile } from '../config.ts';
import { COLUMNS_58MM, COLUMNS_80MM } from './layout.ts';

export type StationDef = HallFile['stations'][number];

export interface KioskStation {
	readonly id: string;
	readonly def: StationDef;
	/** The printer the server drives for this station when no agent is connected. */
	readonly uri: string;
	/** A `preview:` printer also saves each slip as SVG. */
	readonly preview: boolean;
	readonly columns: number;
}

/** `preview` (the demo default) saves slips under the data directory; other URIs are the transports' own. */
export function resolvePrinterUri(printer: string | undefined, dataDir: string): string {
	return withPreviewDir(printer ?? 'preview', dataDir);
}

export function kioskStations(stations: readonly StationDef[], dataDir: string): Map<string, KioskStation> {
	const table = new Map<string, KioskStation>();
	for (const def of stations) {
		if (def.kind !== 'kiosk') continue;
		const uri = resolvePrinterUri(def.printer, dataDir);
		table.set(def.id, { id: def.id, def, uri, preview: uri.startsWith('preview:'), columns: def.paper === '80mm' ? COLUMNS_80MM : COLUMNS_58MM });
	}
	return table;
}
