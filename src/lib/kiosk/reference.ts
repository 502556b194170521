// A 受理编号 as the kiosk's lookup keypad builds it: two letters (TS 投诉建议, YY 公示异议),
// the day it was filed (8 digits) and its number that day (3 digits), dashes put in as the
// resident types, whatever they type them with (a USB keyboard, a scanner, lower case).

/** Digits of a full reference: 8 of the day and at least 3 of the number. */
export const REFERENCE_DIGITS = 11;

export function referencePrefix(value: string): 'TS' | 'YY' | null {
	const match = /^\s*(TS|YY)/i.exec(value.normalize('NFKC'));
	return match ? (match[1].toUpperCase() as 'TS' | 'YY') : null;
}

export function referenceDigits(value: string): string {
	return value.normalize('NFKC').replace(/\D/g, '');
}

/** `ts202612060` → `TS-20261206-0`; digits without letters stay digits, with their dashes. */
export function formatReference(value: string): string {
	const prefix = referencePrefix(value);
	const digits = referenceDigits(value).slice(0, REFERENCE_DIGITS + 3);
	const parts = [digits.slice(0, 8), digits.slice(8)].filter((p) => p !== '');
	if (!prefix) return parts.join('-');
	return [prefix, ...parts].join('-');
}
