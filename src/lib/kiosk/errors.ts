// The resident-facing sentence for a failed command. The server's messages are Chinese
// and precise, so the Chinese screen shows them as they are; the English screen needs
// its own words for the codes a resident can meet at the kiosk.
import '../i18n/kiosk-strings.ts';
import '../i18n/reference-strings.ts';
import type { ApiError } from '../protocol.ts';
import { formatOpening, locale, t, type MessageKey } from '../i18n.ts';

const ENGLISH: Partial<Record<ApiError['code'], MessageKey>> = {
	closed: 'kiosk.errClosed',
	no_window: 'kiosk.errNoWindow',
	service_disabled: 'kiosk.errDisabled',
	rate_limited: 'kiosk.errRateLimited',
	unknown_service: 'kiosk.errUnknownService',
	unknown_station: 'kiosk.errUnknownStation',
	not_found: 'kiosk.errNotFound',
	bad_request: 'kiosk.errBadRequest',
	unknown_reference: 'ref.errUnknownReference'
};

export function errorText(error: ApiError): string {
	const client = (error.details as { client?: string } | undefined)?.client;
	const next = error.details?.nextOpening;
	let text: string;
	if (client === 'offline') text = t('conn.offline');
	else if (client === 'timeout') text = t('conn.timeout');
	else if (locale.lang === 'zh-CN') text = error.message;
	else text = t(ENGLISH[error.code] ?? 'kiosk.errGeneric');
	if (error.code === 'closed' && typeof next === 'number') {
		text = `${text.replace(/[。.]$/, '')}${locale.lang === 'zh-CN' ? '。' : '. '}${t('hours.next', { time: formatOpening(next) })}`;
	}
	return text;
}
