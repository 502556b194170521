// What the console says about the holiday calendar's years: published (the State Council's
// schedule is in), statutory only (the 13 days of 《全国年节及纪念日放假办法》, the 调休 swaps
// not yet known), or unknown. Pure: the caller passes today's date.

export type YearCoverage = 'published' | 'statutory' | 'unknown';
export type YearSource = 'package' | 'notice' | 'statutory' | null;

export interface YearCoverageInfo {
	year: number;
	coverage: YearCoverage;
	source: YearSource;
}

/** The State Council publishes the coming year's schedule in October or November: from 1 November, ask for it. */
export const WARN_FROM_MONTH = 11;

export const STATUTORY_WORDS = '仅法定节假日（放假安排尚未公布）';

export function coverageText(info: Pick<YearCoverageInfo, 'coverage' | 'source'>): string {
	if (info.coverage === 'published') return info.source === 'notice' ? '已公布（已录入国务院通知）' : '已公布（节假日数据包）';
	if (info.coverage === 'statutory') return STATUTORY_WORDS;
	return '未知（无法计算该年的节假日）';
}

export interface CoverageWarning {
	year: number;
	text: string;
}

/**
 * Warnings for the console: this year whenever its schedule is not in, and next year from
 * 1 November on. `today` is the hall's local date, 'YYYY-MM-DD'.
 */
export function coverageWarnings(today: string, years: YearCoverageInfo[]): CoverageWarning[] {
	const thisYear = Number(today.slice(0, 4));
	const month = Number(today.slice(5, 7));
	const warnings: CoverageWarning[] = [];
	for (const year of month >= WARN_FROM_MONTH ? [thisYear, thisYear + 1] : [thisYear]) {
		const info = years.find((y) => y.year === year);
		if (!info || info.coverage === 'published') continue;
		const text =
			info.coverage === 'statutory'
				? `${year} 年的放假安排尚未录入：目前${year} 年只按法定节假日计算（元旦、春节、清明节、劳动节、端午节、中秋节、国庆节共 13 天），调休放假和周末上班日还不知道，办公时间和办理期限可能还会变。国务院公布后，请在下方「录入国务院放假通知」粘贴通知全文。`
				: `${year} 年的节假日无法计算：请在下方粘贴国务院的放假通知，或逐日添加大厅调整。`;
		warnings.push({ year, text });
	}
	return warnings;
}

/** Today's date in the hall's time zone, by this device's clock. */
export function hallToday(now: number, timeZone = 'Asia/Shanghai'): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
