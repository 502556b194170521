import '$lib/i18n/kiosk-strings.ts';
import type { FieldError } from '$lib/kiosk/validate.ts';
import { t } from '$lib/i18n.ts';

export function fieldErrorText(error: FieldError | undefined, limit: number): string | null {
	if (!error) return null;
	if (error === 'required') return t('kiosk.fieldRequired');
	if (error === 'phone') return t('kiosk.fieldPhone');
	return t('kiosk.fieldTooLong', { n: limit });
}
