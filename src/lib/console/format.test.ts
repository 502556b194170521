import { describe, expect, it } from 'vitest';
import { addDays, dayText, periodOf } from './format.ts';

describe('report periods', () => {
	it('takes the day itself', () => {
		expect(periodOf('day', '2026-11-26')).toEqual({ from: '2026-11-26', to: '2026-11-26' });
	});

	it('runs weeks Monday to Sunday, across a month end', () => {
		// 2026-11-26 is a Thursday; 2026-11-30 a Monday.
		expect(periodOf('week', '2026-11-26')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
		expect(periodOf('week', '2026-11-29')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
		expect(periodOf('week', '2026-12-02')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
	});

	it('takes whole months, February of a leap year included', () => {
		expect(periodOf('month', '2026-11-26')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
		expect(periodOf('month', '2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
	});

	it('adds days across years and writes them the Chinese way', () => {
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
		expect(dayText('2027-01-05')).toBe('2027年1月5日');
	});
});
