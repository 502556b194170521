// A notice published, withdrawn or closed in the console reaches every open board and kiosk
// at once: the fact `notice:changed` is followed by the notices in their publicity period
// now, sent to the boards' and kiosks' rooms. (A notice whose period starts or ends at
// midnight has no fact: the screens still refresh on their own now and then for those.)

import type { Hall } from '../hall.ts';
import type { HallIo } from '../doors/socket.ts';
import { rooms } from '../realtime/rooms.ts';
import type { Records } from '../records.ts';

export function pushNoticeChanges(io: HallIo, hall: Hall, records: Records): () => void {
	return records.onCommitted((fact) => {
		if (fact.type !== 'notice:changed') return;
		// Read per change: the director may add zones while the hall runs.
		const zones = [...new Set([...hall.settings.zones.values()].filter((z): z is string => !!z))];
		io.to([rooms.board, ...zones.map(rooms.zone), rooms.kiosk]).emit('notices:changed', { notices: records.publicNotices() });
	});
}
