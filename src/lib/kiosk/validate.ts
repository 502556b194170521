// The forms' checks, the same rules the server applies (src/lib/commands.ts), so that a
// resident hears what to fix before anything is sent; the server stays the judge.
import type { ComplaintCategory } from '../protocol.ts';

export type FieldError = 'required' | 'tooLong' | 'phone';

/** Same pattern as the server's `phone`: digits, +, - and spaces, 5–20 long. */
const PHONE = /^[0-9+\- ]{5,20}$/;

function text(value: string, max: number, required: boolean): FieldError | null {
	const trimmed = value.trim();
	if (!trimmed) return required ? 'required' : null;
	return [...trimmed].length > max ? 'tooLong' : null;
}

function phone(value: string, required: boolean): FieldError | null {
	const trimmed = value.trim();
	if (!trimmed) return required ? 'required' : null;
	return PHONE.test(trimmed) ? null : 'phone';
}

export const LIMITS = { name: 20, phone: 20, objection: 1000, complaint: 2000 } as const;

export interface ObjectionDraft {
	name: string;
	phone: string;
	content: string;
}

export interface ComplaintDraft {
	category: ComplaintCategory | null;
	content: string;
	contactName: string;
	contactPhone: string;
}

export type Errors<T> = Partial<Record<keyof T, FieldError>>;

export function checkObjection(draft: ObjectionDraft): Errors<ObjectionDraft> {
	const errors: Errors<ObjectionDraft> = {};
	const name = text(draft.name, LIMITS.name, true);
	const tel = phone(draft.phone, true);
	const content = text(draft.content, LIMITS.objection, true);
	if (name) errors.name = name;
	if (tel) errors.phone = tel;
	if (content) errors.content = content;
	return errors;
}

export function checkComplaint(draft: ComplaintDraft): Errors<ComplaintDraft> {
	const errors: Errors<ComplaintDraft> = {};
	if (!draft.category) errors.category = 'required';
	const content = text(draft.content, LIMITS.complaint, true);
	const name = text(draft.contactName, LIMITS.name, false);
	const tel = phone(draft.contactPhone, false);
	if (content) errors.content = content;
	if (name) errors.contactName = name;
	if (tel) errors.contactPhone = tel;
	return errors;
}

export function isValid(errors: object): boolean {
	return Object.keys(errors).length === 0;
}
