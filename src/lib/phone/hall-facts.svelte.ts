// What the phone ticket page tells of the hall itself: its name, the windows of each service
// (where to wait) and its 过号 rule. Read once from the kiosk's public catalogue and the
// window list; a failure leaves them empty and the page still follows the ticket.
import type { ServiceInfo, WindowInfo } from '../protocol.ts';
import { call } from '../shared/api.ts';

interface Catalogue {
	hallName: string;
	hallNameEn: string;
	complaintPhone: string;
	services: ServiceInfo[];
	recallLimit?: number;
}

export class HallFacts {
	hallName = $state('');
	hallNameEn = $state('');
	complaintPhone = $state('');
	recallLimit = $state<number | null>(null);
	services = $state.raw<ServiceInfo[]>([]);
	windows = $state.raw<WindowInfo[]>([]);

	async load(): Promise<void> {
		const [catalogue, windows] = await Promise.all([call<Catalogue>('GET', '/api/kiosk'), call<WindowInfo[]>('GET', '/api/windows')]);
		if ('data' in catalogue) {
			this.hallName = catalogue.data.hallName;
			this.hallNameEn = catalogue.data.hallNameEn;
			this.complaintPhone = catalogue.data.complaintPhone;
			this.recallLimit = catalogue.data.recallLimit ?? null;
			this.services = catalogue.data.services;
		}
		if ('data' in windows) this.windows = windows.data;
	}

	/** The names of the windows that serve a service. */
	windowsOf(serviceId: string): string[] {
		const service = this.services.find((s) => s.id === serviceId);
		return (service?.windowIds ?? []).map((id) => this.windows.find((w) => w.id === id)?.name ?? id);
	}
}
