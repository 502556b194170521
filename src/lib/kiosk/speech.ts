// Choosing the platform voice for 长辈模式's read-aloud. Only a real voice in the
// screen's language counts: an English voice reading Chinese (or none at all) is worse
// than saying plainly that reading aloud is not available on this machine.
import type { Lang } from '../shared/locale.svelte.ts';

export interface VoiceLike {
	lang: string;
	name: string;
	localService?: boolean;
	default?: boolean;
}

function norm(lang: string): string {
	return lang.replace(/_/g, '-').toLowerCase();
}

/** Cantonese voices say zh-HK or yue: they read Mandarin text in another tongue. */
function isMandarin(lang: string): boolean {
	const l = norm(lang);
	if (l.startsWith('yue') || l.startsWith('zh-hk') || l.startsWith('zh-yue')) return false;
	return l === 'zh' || l.startsWith('zh-') || l.startsWith('cmn');
}

function rankZh(lang: string): number {
	const l = norm(lang);
	if (l === 'zh-cn' || l.startsWith('zh-hans') || l.startsWith('cmn-hans') || l === 'cmn-cn') return 0;
	if (l === 'zh' || l === 'cmn' || l.startsWith('cmn-latn')) return 1;
	return 2; // zh-TW and the like: Mandarin, traditional-script region
}

export function pickVoice<V extends VoiceLike>(voices: readonly V[], lang: Lang): V | null {
	const fits = voices.filter((v) => (lang === 'zh-CN' ? isMandarin(v.lang) : norm(v.lang).startsWith('en')));
	if (fits.length === 0) return null;
	const rank = (v: V) => (lang === 'zh-CN' ? rankZh(v.lang) : norm(v.lang) === 'en-us' || norm(v.lang) === 'en-gb' ? 0 : 1);
	// Local voices work without the network, which a hall kiosk may not have.
	return [...fits].sort((a, b) => rank(a) - rank(b) || Number(!!b.localService) - Number(!!a.localService))[0];
}

/** A ticket number read one sign at a time: "A012" is 「A 零 一 二」, not 「A 十二」. */
export function spellNumber(number: string): string {
	return [...number].join(' ');
}

/** Sentences for the voice: a full stop between them in the screen's language. */
export function sentences(parts: readonly (string | null | undefined | false)[], lang: Lang): string {
	const sep = lang === 'zh-CN' ? '。' : '. ';
	return parts
		.filter((p): p is string => !!p && !!p.trim())
		.map((p) => p.trim().replace(/[。.！!？?]$/, ''))
		.join(sep);
}
