// Printing facts to rooms: a station's printer status and its jobs to that station's kiosk
// screen (room kiosk:<station>); printer alerts and failed or dropped jobs to every staff
// screen (room staff); a scanned ticket to the kiosk it was scanned at.

import type { PrintService } from '../printing/print-service.ts';
import type { HallIo } from '../doors/socket.ts';
import { rooms } from './rooms.ts';

export function attachPrintBroadcaster(io: HallIo, prints: PrintService): () => void {
	return prints.on((event) => {
		switch (event.type) {
			case 'status':
				io.to([rooms.kioskStation(event.status.station), rooms.staff]).emit('printer:status', event.status);
				break;
			case 'job': {
				const { job } = event;
				const alert = job.state === 'failed' || job.state === 'dropped';
				io.to(alert ? [rooms.kioskStation(job.station), rooms.staff] : rooms.kioskStation(job.station)).emit('print:updated', job);
				break;
			}
			case 'scanned':
				io.to(rooms.kioskStation(event.scanned.station)).emit('kiosk:scanned', event.scanned);
				break;
			case 'reference-scanned':
				io.to(rooms.kioskStation(event.scanned.station)).emit('kiosk:reference-scanned', event.scanned);
				break;
		}
	});
}
