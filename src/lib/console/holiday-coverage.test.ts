import { describe, expect, it } from 'vitest';
import { coverageText, coverageWarnings, hallToday, type YearCoverageInfo } from './holiday-coverage.ts';

const years: YearCoverageInfo[] = [
	{ year: 2026, coverage: 'published', source: 'package' },
	{ year: 2027, coverage: 'statutory', source: 'statutory' }
];

describe('coverage warnings', () => {
	it('says nothing about next year before 1 November', () => {
		expect(coverageWarnings('2026-10-31', years)).toEqual([]);
	});

	it('warns from 1 November while next year is statutory only, in words', () => {
		const [warning] = coverageWarnings('2026-11-01', years);
		expect(warning.year).toBe(2027);
		expect(warning.text).toContain('2027 年的放假安排尚未录入');
		expect(warning.text).toContain('只按法定节假日计算');
		expect(coverageWarnings('2026-12-20', years)).toHaveLength(1);
	});

	it('stops warning once next year is published', () => {
		expect(coverageWarnings('2026-12-20', [years[0], { year: 2027, coverage: 'published', source: 'notice' }])).toEqual([]);
	});

	it('warns about this year at any date when its schedule is not in', () => {
		const warnings = coverageWarnings('2027-03-01', [{ year: 2027, coverage: 'statutory', source: 'statutory' }]);
		expect(warnings.map((w) => w.year)).toEqual([2027]);
		expect(coverageWarnings('2099-03-01', [{ year: 2099, coverage: 'unknown', source: null }])[0].text).toContain('无法计算');
	});

	it('names each kind of coverage', () => {
		expect(coverageText({ coverage: 'statutory', source: 'statutory' })).toBe('仅法定节假日（放假安排尚未公布）');
		expect(coverageText({ coverage: 'published', source: 'notice' })).toContain('国务院通知');
		expect(coverageText({ coverage: 'published', source: 'package' })).toContain('数据包');
	});

	it('reads the hall date across UTC midnight', () => {
		expect(hallToday(Date.parse('2026-10-31T16:30:00Z'))).toBe('2026-11-01');
	});
});
