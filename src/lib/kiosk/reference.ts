// A 受理编号 as the kiosk's lookup keypad builds it: two letters (TS 投诉建议, YY 公示异议),
// the day it was filed (8 digits) and its number that day (3 digits), dashes put in as the
// resident types, whatever they type them with (a USB keyboard, a scanner, lower case). A
// keyboard-wedge scanner reading the receipt's QR types its whole link (…/r/TS-20261206-001):
// only the part after `/r/` is the number.

/** Digits of a full reference: 8 of the day and at least 3 of the number. */
export const REFERENCE_DIGITS = 11;

/** The reference part of what was typed: after `/r/` when it is the receipt's link. */
function referencePart(value: string): string {
	const at = value.lastIndexOf('/r/');
	return at >= 0 ? value.slice(at + 3) : value;
}

export function referencePrefix(value: string): 'TS' | 'YY' | null {
	const match = /^\s*(TS|YY)/i.exec(referencePart(value).normalize('NFKC'));
	return match ? (match[1].toUpperCase() as 'TS' | 'YY') : null;
}

export function referenceDigits(value: string): string {
	return referencePart(value).normalize('NFKC').replace(/\D/g, '');
}

/** `ts202612060` → `TS-20261206-0`; digits without letters stay digits, with their dashes. */
export function formatReference(value: string): string {
	const prefix = referencePrefix(value);
	const digits = referenceDigits(value).slice(0, REFERENCE_DIGITS + 3);
	const parts = [digits.slice(0, 8), digits.slice(8)].filter((p) => p !== '');
	if (!prefix) return parts.join('-');
	return [prefix, ...parts].join('-');
}
