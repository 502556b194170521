// Screen text in Simplified Chinese first, English second. Server messages
// (`ApiError.message`) arrive in Chinese and are shown as they are.
import { locale, type Lang } from './shared/locale.svelte.ts';
import type { TicketStatus, WindowStatus } from './protocol.ts';
import { enCommon, zhCommon } from './i18n/common.ts';
import type { zhBoard } from './i18n/board.ts';
import type { zhKiosk } from './i18n/kiosk.ts';
import type { zhWindow } from './i18n/window.ts';
import type { zhReference } from './i18n/reference.ts';
import type { zhTicket } from './i18n/ticket.ts';

export { locale, type Lang };

// Each screen's strings are a module of their own, registered by the screen that uses them
// (`import '$lib/i18n/kiosk-strings.ts'`): the board does not download the kiosk's text.
export type MessageKey = keyof typeof zhCommon | keyof typeof zhKiosk | keyof typeof zhBoard | keyof typeof zhWindow | keyof typeof zhReference | keyof typeof zhTicket;

const dictionaries: Record<Lang, Record<string, string>> = { 'zh-CN': { ...zhCommon }, en: { ...enCommon } };

/** Adds a screen's strings; called once by that screen's strings module. */
export function registerStrings(zh: Record<string, string>, en: Record<string, string>): void {
	Object.assign(dictionaries['zh-CN'], zh);
	Object.assign(dictionaries.en, en);
}


/** The text for `key` in the current language; `{name}` placeholders are filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
	const text = dictionaries[locale.lang][key] ?? dictionaries['zh-CN'][key] ?? key;
	if (!params) return text;
	return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function setLang(lang: Lang): void {
	locale.lang = lang;
}

export function toggleLang(): void {
	locale.lang = locale.lang === 'zh-CN' ? 'en' : 'zh-CN';
}

export function ticketStatusText(status: TicketStatus): string {
	return t(`status.${status}`);
}

export function windowStatusText(status: WindowStatus): string {
	return t(`windowStatus.${status}`);
}

/** A service's name in the current language (the English name falls back to Chinese). */
export function localName(item: { name: string; nameEn?: string }): string {
	return locale.lang === 'en' && item.nameEn ? item.nameEn : item.name;
}

/**
 * A window's name as the screen's language says it: the hall names windows 「3号窗口」, which
 * English says 'Window 3'; any other name is the hall's own and stays as written.
 */
export function localWindowName(name: string): string {
	const numbered = /^(\d+)\s*号窗口$/.exec(name.trim());
	return locale.lang === 'en' && numbered ? `Window ${numbered[1]}` : name;
}

/**
 * A guide's fee as the screen's language says it: 「免费」 (or nothing) is 'Free' in English;
 * other fees are the hall's own words.
 */
export function localFees(fees: string): string {
	const trimmed = fees.trim();
	if (!trimmed || (locale.lang === 'en' && /^(免费|不收费|免收费用)。?$/.test(trimmed))) return t('kiosk.free');
	return trimmed;
}

/** 2026年3月2日 星期一 / Monday, March 2, 2026 */
export function formatDate(ms: number): string {
	return new Intl.DateTimeFormat(locale.lang, { dateStyle: 'full' }).format(ms);
}

/** 14:05:09 */
export function formatTime(ms: number, seconds = true): string {
	return new Intl.DateTimeFormat(locale.lang, {
		hour: '2-digit',
		minute: '2-digit',
		second: seconds ? '2-digit' : undefined,
		hourCycle: 'h23'
	}).format(ms);
}

/** 3月2日 星期一 08:30 — for the next opening. */
export function formatOpening(ms: number): string {
	return new Intl.DateTimeFormat(locale.lang, {
		month: 'long',
		day: 'numeric',
		weekday: 'long',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).format(ms);
}
