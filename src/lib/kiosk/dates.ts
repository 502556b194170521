import { locale } from '../i18n.ts';

/** A hall-local day ("2026-11-26") as 2026年11月26日 / November 26, 2026; the day as given if it is not one. */
export function formatDay(day: string): string {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
	if (!match) return day;
	// Noon UTC, formatted in UTC: the calendar day cannot shift, whatever the kiosk's time zone.
	const at = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12);
	return new Intl.DateTimeFormat(locale.lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(at);
}
