// The case register's form rules (登记备案), checked in the browser before anything is
// sent so that a missing field gets its own clear message next to it. The server checks
// again with the same rules (src/lib/commands.ts caseSchema); its per-field messages are
// mapped back onto the same fields.
import type { ApiError, CaseInput, CaseRecord, NotifyVia, Resolution } from '../protocol.ts';

export const RESOLUTIONS: readonly Resolution[] = ['on_the_spot', 'agency', 'referred', 'refused'];
export const NOTIFY_VIA: readonly NotifyVia[] = ['phone', 'sms', 'in_person', 'letter'];

/** Same pattern as the server's: digits, spaces, + and -, 5 to 20 characters. */
const PHONE = /^[0-9+\- ]{5,20}$/;

export interface CaseDraft {
	ticketId: string | null;
	serviceId: string;
	personName: string;
	personPhone: string;
	content: string;
	resolution: Resolution | '';
	/** As typed in the number field: '' means "the service's 承诺时限". */
	timeLimitDays: string;
	missingMaterials: string[];
}

export type CaseField = 'personName' | 'personPhone' | 'content' | 'resolution' | 'timeLimitDays';

/** Message keys (i18n) per field; empty when the draft may be sent. */
export type CaseErrors = Partial<Record<CaseField, CaseMessage>>;

export type CaseMessage =
	| 'window.case.err.name'
	| 'window.case.err.nameLong'
	| 'window.case.err.phone'
	| 'window.case.err.phoneFormat'
	| 'window.case.err.content'
	| 'window.case.err.resolution'
	| 'window.case.err.days';

export function emptyDraft(): CaseDraft {
	return {
		ticketId: null,
		serviceId: '',
		personName: '',
		personPhone: '',
		content: '',
		resolution: '',
		timeLimitDays: '',
		missingMaterials: []
	};
}

export function validateCase(draft: CaseDraft): CaseErrors {
	const errors: CaseErrors = {};
	const name = draft.personName.trim();
	if (!name) errors.personName = 'window.case.err.name';
	else if ([...name].length > 20) errors.personName = 'window.case.err.nameLong';
	const phone = draft.personPhone.trim();
	if (!phone) errors.personPhone = 'window.case.err.phone';
	else if (!PHONE.test(phone)) errors.personPhone = 'window.case.err.phoneFormat';
	if (!draft.content.trim()) errors.content = 'window.case.err.content';
	if (!draft.resolution) errors.resolution = 'window.case.err.resolution';
	const days = draft.timeLimitDays.trim();
	if (days !== '' && !(/^\d{1,3}$/.test(days) && Number(days) <= 365)) errors.timeLimitDays = 'window.case.err.days';
	return errors;
}

/** The request body for a draft that passed validateCase. */
export function toCaseInput(draft: CaseDraft): CaseInput {
	const input: CaseInput = {
		personName: draft.personName.trim(),
		personPhone: draft.personPhone.trim(),
		content: draft.content.trim(),
		resolution: draft.resolution as Resolution
	};
	if (draft.ticketId) input.ticketId = draft.ticketId;
	if (draft.serviceId) input.serviceId = draft.serviceId;
	if (draft.timeLimitDays.trim() !== '') input.timeLimitDays = Number(draft.timeLimitDays.trim());
	if (draft.missingMaterials.length > 0) input.missingMaterials = [...draft.missingMaterials];
	return input;
}

/** The server's per-field messages (zod issues in `details.issues`), by field. */
export function serverFieldErrors(error: ApiError): Partial<Record<CaseField, string>> {
	const issues = (error.details?.issues ?? []) as { path?: string; message?: string }[];
	const fields: Partial<Record<CaseField, string>> = {};
	for (const issue of issues) {
		const field = issue.path as CaseField | undefined;
		if (field && ['personName', 'personPhone', 'content', 'resolution', 'timeLimitDays'].includes(field) && issue.message) {
			// zod's English defaults are no use on a Chinese screen; the schema's own messages are Chinese.
			if (/[\u4e00-\u9fff]/.test(issue.message)) fields[field] ??= issue.message;
		}
	}
	return fields;
}

/** Which list a case belongs to on screen, most pressing first. */
export function urgencyRank(record: CaseRecord): number {
	return { overdue: 0, due_soon: 1, on_time: 2, closed: 3 }[record.urgency];
}

/** `YYYY-MM-DDTHH:MM` in local time, for a datetime-local field. */
export function toLocalInput(ms: number): string {
	const d = new Date(ms);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The datetime-local field's value as epoch ms; null when it is empty or not a time. */
export function fromLocalInput(value: string): number | null {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
	const ms = new Date(value).getTime();
	return Number.isFinite(ms) ? ms : null;
}

/**
 * The word for a case's state in the list and the detail: a registered 不予受理 is filed, not
 * 办结 — the resident was refused, nothing was done for them.
 */
export function caseStateKey(record: Pick<CaseRecord, 'status' | 'resolution' | 'urgency'>): 'window.case.state.refused' | `window.case.urgency.${CaseRecord['urgency']}` {
	if (record.status === 'done' && record.resolution === 'refused') return 'window.case.state.refused';
	return `window.case.urgency.${record.urgency}`;
}
