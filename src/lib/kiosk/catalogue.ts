// What the kiosk can say about a service before anyone taps 取号, and how the tiles are
// laid out on a screen. Pure functions: the page and the tests share them.
import type { OpeningInfo, ServiceInfo } from '../protocol.ts';

/**
 * Why a number cannot be taken for a service right now, in the order the server checks
 * (server/core/queue.ts): switched off, nobody serves it, the hall is shut. The kiosk
 * says it on the tile and in the guide instead of letting the resident find out at 取号.
 */
export type Availability = 'ok' | 'disabled' | 'no_window' | 'closed';

export function availabilityOf(service: ServiceInfo, opening: OpeningInfo): Availability {
	if (!service.enabled) return 'disabled';
	if (service.windowIds.length === 0) return 'no_window';
	if (!opening.open) return 'closed';
	return 'ok';
}

export function pageCount(total: number, perPage: number): number {
	return Math.max(1, Math.ceil(total / Math.max(1, perPage)));
}

/** The items on page `page` (0-based), the page clamped to the ones that exist. */
export function pageOf<T>(items: readonly T[], page: number, perPage: number): T[] {
	const last = pageCount(items.length, perPage) - 1;
	const at = Math.min(Math.max(0, page), last);
	return items.slice(at * perPage, (at + 1) * perPage);
}

export interface ServiceGroup {
	id: string;
	name: string;
	nameEn: string;
	services: ServiceInfo[];
}

/**
 * Groups for the home screen when there are more services than fit on one screen and
 * the hall gave them groups (`ServiceInfo.group`); null means "show the tiles as they
 * are". Services without a group share one "other" group at the end; the hall's order
 * is kept inside each group and between groups (by each group's first service).
 */
export function groupServices(services: readonly ServiceInfo[], perPage: number): ServiceGroup[] | null {
	if (services.length <= perPage) return null;
	if (!services.some((s) => s.group)) return null;
	const groups = new Map<string, ServiceGroup>();
	const other: ServiceGroup = { id: '', name: '其他业务', nameEn: 'Other services', services: [] };
	for (const service of services) {
		if (!service.group) {
			other.services.push(service);
			continue;
		}
		let group = groups.get(service.group);
		if (!group) {
			group = { id: service.group, name: service.group, nameEn: service.groupEn || service.group, services: [] };
			groups.set(service.group, group);
		}
		group.services.push(service);
	}
	const list = [...groups.values()];
	if (other.services.length > 0) list.push(other);
	// A single group is no grouping at all: one more tap for nothing.
	return list.length > 1 ? list : null;
}
