import { describe, expect, it } from 'vitest';
import type { OpeningInfo, ServiceInfo } from '../protocol.ts';
import { availabilityOf, groupServices, pageCount, pageOf } from './catalogue.ts';

const open: OpeningInfo = { open: true, todayPeriods: [['08:30', '12:00']], nextOpening: null };
const closed: OpeningInfo = { open: false, todayPeriods: [], nextOpening: 1_800_000_000_000 };

function service(id: string, extra: Partial<ServiceInfo> = {}): ServiceInfo {
	return {
		id,
		prefix: id[0].toUpperCase(),
		name: id,
		nameEn: id,
		timeLimitDays: 1,
		windowIds: ['1'],
		enabled: true,
		guide: { conditions: [], materials: [], steps: [], fees: '', legalBasis: '' },
		...extra
	};
}

describe('availabilityOf', () => {
	it('follows the server’s order of refusals: switched off, then no window, then closed', () => {
		expect(availabilityOf(service('a'), open)).toBe('ok');
		expect(availabilityOf(service('a', { enabled: false, windowIds: [] }), closed)).toBe('disabled');
		expect(availabilityOf(service('a', { windowIds: [] }), closed)).toBe('no_window');
		expect(availabilityOf(service('a'), closed)).toBe('closed');
	});
});

describe('paging', () => {
	it('cuts the tiles into screens and clamps a page that no longer exists', () => {
		const items = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
		expect(pageCount(items.length, 4)).toBe(3);
		expect(pageCount(0, 4)).toBe(1);
		expect(pageOf(items, 0, 4)).toEqual([1, 2, 3, 4]);
		expect(pageOf(items, 2, 4)).toEqual([9, 10]);
		// 长辈模式 turned off on page 3: the last page that exists.
		expect(pageOf(items, 2, 12)).toEqual(items);
		expect(pageOf(items, -1, 4)).toEqual([1, 2, 3, 4]);
	});
});

describe('groupServices', () => {
	it('does not group what fits on one screen, or services without groups', () => {
		const few = [service('a', { group: '党务' }), service('b', { group: '群众' })];
		expect(groupServices(few, 4)).toBeNull();
		expect(groupServices([1, 2, 3, 4, 5].map((i) => service(`s${i}`)), 4)).toBeNull();
	});

	it('groups many services in the hall’s order, the ungrouped last', () => {
		const services = [
			service('a', { group: '党员服务', groupEn: 'Party members' }),
			service('b'),
			service('c', { group: '群众服务' }),
			service('d', { group: '党员服务', groupEn: 'Party members' }),
			service('e', { group: '群众服务' })
		];
		const groups = groupServices(services, 4)!;
		expect(groups.map((g) => [g.name, g.nameEn, g.services.map((s) => s.id)])).toEqual([
			['党员服务', 'Party members', ['a', 'd']],
			['群众服务', '群众服务', ['c', 'e']],
			['其他业务', 'Other services', ['b']]
		]);
	});

	it('does not make one group of everything', () => {
		expect(groupServices([1, 2, 3, 4, 5].map((i) => service(`s${i}`, { group: '全部' })), 4)).toBeNull();
	});
});
