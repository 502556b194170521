/**
 * A tiny print-document model and the hall's slip layouts, as pure functions.
 * The same document feeds both the ESC/POS encoder and the SVG preview, so the
 * kiosk screen and the paper cannot disagree.
 */

import { localTime } from '../core/calendar.ts';

export type Align = 'left' | 'center' | 'right';
/** Character magnification accepted by `GS !` (1–8 in each direction). */
export type Scale = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface TextLine {
	type: 'text';
	text: string;
	align?: Align;
	width?: Scale;
	height?: Scale;
	bold?: boolean;
	/** Columns by which wrapped lines are indented, e.g. to align under a list item's text. */
	hangingIndent?: number;
}
/** The queue number: printed as large as the paper allows, up to `maxScale`. */
export interface BigNumberLine {
	type: 'number';
	text: string;
	align?: Align;
	maxScale?: Scale;
}
export interface QrLine {
	type: 'qr';
	data: string;
	align?: Align;
	/** Dots per module (1–16); chosen to fit the paper when omitted. */
	moduleSize?: number;
}
export interface RuleLine {
	type: 'rule';
	char?: string;
}
export interface FeedLine {
	type: 'feed';
	lines: number;
}
export interface CutLine {
	type: 'cut';
}
export type PrintLine = TextLine | BigNumberLine | QrLine | RuleLine | FeedLine | CutLine;

export type DocumentKind = 'ticket' | 'notification' | 'refusal' | (string & {});
export interface PrintDocument {
	kind: DocumentKind;
	title: string;
	lines: readonly PrintLine[];
}

export type SlipLanguage = 'zh' | 'en';

export function text(value: string, style: Omit<TextLine, 'type' | 'text'> = {}): TextLine {
	return { type: 'text', text: value, ...style };
}
export function bigNumber(value: string, style: Omit<BigNumberLine, 'type' | 'text'> = {}): BigNumberLine {
	return { type: 'number', text: value, align: 'center', ...style };
}
export function qr(data: string, style: Omit<QrLine, 'type' | 'data'> = {}): QrLine {
	return { type: 'qr', data, align: 'center', ...style };
}
export function rule(char = '-'): RuleLine {
	return { type: 'rule', char };
}
export function feed(lines = 1): FeedLine {
	return { type: 'feed', lines };
}
export function cut(): CutLine {
	return { type: 'cut' };
}

interface SlipTime {
	year: string;
	month: string;
	day: string;
	hour: string;
	minute: string;
}

/** The hall's local time, from the calendar's one formatter per zone. Throws RangeError for an unknown zone (a configuration bug). */
function slipTime(epochMs: number, timeZone: string): SlipTime {
	const { date, minutes } = localTime(epochMs, timeZone);
	const [year, month, day] = date.split('-');
	const pad = (n: number) => String(n).padStart(2, '0');
	return { year, month, day, hour: pad(Math.floor(minutes / 60)), minute: pad(minutes % 60) };
}

export function formatDateTime(epochMs: number, timeZone: string): string {
	const t = slipTime(epochMs, timeZone);
	return `${t.year}-${t.month}-${t.day} ${t.hour}:${t.minute}`;
}

export function formatDate(epochMs: number, timeZone: string, lang: SlipLanguage = 'zh'): string {
	const t = slipTime(epochMs, timeZone);
	return lang === 'zh' ? `${t.year}年${Number(t.month)}月${Number(t.day)}日` : `${t.year}-${t.month}-${t.day}`;
}

function numbered(items: readonly string[]): TextLine[] {
	return items.map((item, i) => {
		const label = `${i + 1}. `;
		return text(`${label}${item}`, { hangingIndent: label.length });
	});
}

// ---------------------------------------------------------------- ticket slip

export interface TicketSlipData {
	hallName: string;
	number: string;
	serviceName: string;
	priority: 'normal' | 'green' | 'appointment';
	ahead: number;
	issuedAt: number;
	timeZone: string;
	materials: readonly string[];
	statusUrl: string;
	complaintPhone: string;
	lang?: SlipLanguage;
	/** Materials beyond this count are summarised; the full list is behind the QR code. */
	maxMaterials?: number;
	/** The windows that serve the ticket's service today: where to wait. */
	windows?: readonly string[];
	/** How many times a window may call again before 过号 (the hall's rules.recallLimit). */
	recallLimit?: number;
}

const TICKET_TEXT = {
	zh: {
		title: '取号凭条',
		green: '【绿色通道】优先办理',
		appointment: '【预约】按预约时段办理',
		ahead: (n: number) => `前面还有 ${n} 人`,
		issued: '取号时间：',
		materials: '请备齐以下材料：',
		moreMaterials: (n: number) => `另有 ${n} 项材料，请扫码查看`,
		scan: '扫码查看排队进度',
		// The core's rule: a first 过号 puts the number back at the end of the queue, a second ends it.
		passed: (recalls: number) =>
			`过号说明：叫号未到，窗口会再呼叫${recalls > 0 ? `（最多 ${recalls} 次）` : ''}；仍未到为过号，号码自动排回队尾，不作废；第二次过号作废，需重新取号。`,
		// No spaces: two windows' names fit one 32-column line.
		windows: (names: string) => `请在${names}附近等候`,
		complaint: '监督投诉电话：',
		validToday: '本号当日有效'
	},
	en: {
		title: 'Queue ticket',
		green: '[Green channel] Priority service',
		appointment: '[Appointment] Served from your booked time',
		ahead: (n: number) => (n === 1 ? '1 person ahead of you' : `${n} people ahead of you`),
		issued: 'Issued: ',
		materials: 'Please have these ready:',
		moreMaterials: (n: number) => `${n} more item(s): scan the code`,
		scan: 'Scan to follow the queue',
		passed: (recalls: number) =>
			`Missed your call? The window calls again${recalls > 0 ? ` (up to ${recalls} times)` : ''}; after that your number goes to the back of the queue once, it is not lost. Missed twice, it expires: take a new number.`,
		windows: (names: string) => `Please wait near ${names}`,
		complaint: 'Complaints: ',
		validToday: 'Valid today only'
	}
} as const;

export function ticketSlip(data: TicketSlipData): PrintDocument {
	const t = TICKET_TEXT[data.lang ?? 'zh'];
	const ahead = Math.max(0, Math.trunc(data.ahead));
	const maxMaterials = Math.max(0, data.maxMaterials ?? 6);
	const shown = data.materials.slice(0, maxMaterials);
	const hidden = data.materials.length - shown.length;

	const lines: PrintLine[] = [
		text(data.hallName, { align: 'center', bold: true }),
		text(t.title, { align: 'center' }),
		rule(),
		bigNumber(data.number),
		text(data.serviceName, { align: 'center', bold: true, width: 2, height: 2 })
	];
	if (data.priority === 'green') lines.push(text(t.green, { align: 'center', bold: true }));
	if (data.priority === 'appointment') lines.push(text(t.appointment, { align: 'center', bold: true }));
	lines.push(text(t.ahead(ahead), { align: 'center', bold: true }));
	if (data.windows && data.windows.length > 0) lines.push(text(t.windows(data.windows.join(data.lang === 'en' ? ', ' : '、')), { align: 'center' }));
	lines.push(text(`${t.issued}${formatDateTime(data.issuedAt, data.timeZone)}`));
	if (data.materials.length > 0) {
		lines.push(rule(), text(t.materials, { bold: true }), ...numbered(shown));
		if (hidden > 0) lines.push(text(t.moreMaterials(hidden)));
	}
	lines.push(
		rule(),
		qr(data.statusUrl),
		text(t.scan, { align: 'center' }),
		text(t.passed(Math.max(0, Math.trunc(data.recallLimit ?? 0)))),
		text(`${t.complaint}${data.complaintPhone}`),
		text(t.validToday, { align: 'center', bold: true }),
		cut()
	);
	return { kind: 'ticket', title: `${t.title} ${data.number}`, lines };
}

// ------------------------------------------------------- 一次性告知单

export interface NotificationSlipData {
	hallName: string;
	serviceName: string;
	conditions: readonly string[];
	materials: readonly string[];
	steps: readonly string[];
	/** 0 means handled on the spot (即来即办). */
	timeLimitWorkingDays: number;
	fees: string;
	legalBasis: readonly string[];
	/** 办事说明 as plain text (the guide's markdown with its markup taken off); paragraphs split by blank lines. */
	details?: string;
	missingMaterials?: readonly string[];
	issuedAt: number;
	timeZone: string;
	number?: string;
	windowName?: string;
	staffName?: string;
	staffNumber?: string;
	contactPhone?: string;
	complaintPhone?: string;
	lang?: SlipLanguage;
}

const NOTIFICATION_TEXT = {
	zh: {
		title: '一次性告知单',
		service: '事项名称：',
		number: '号码：',
		conditions: '一、办理条件',
		noConditions: '无特别条件',
		materials: (n: number) => `二、所需材料（共 ${n} 项）`,
		noMaterials: '无需材料',
		steps: '三、办理流程',
		timeLimit: (d: number) => (d > 0 ? `四、办理时限：${d} 个工作日` : '四、办理时限：即来即办'),
		fees: '五、收费标准：',
		legal: '六、办理依据',
		details: '七、办事说明',
		missing: '尚缺材料（请补齐后到窗口办理）：',
		closing: '以上内容一次性告知。补齐材料后可直接到窗口办理，无需重复说明。',
		window: '窗口：',
		staff: (name: string, no?: string) => (no ? `经办人：${name}（工号 ${no}）` : `经办人：${name}`),
		contact: '咨询电话：',
		complaint: '监督投诉电话：',
		date: '告知日期：'
	},
	en: {
		title: 'One-time notification',
		service: 'Service: ',
		number: 'Number: ',
		conditions: '1. Conditions',
		noConditions: 'No special conditions',
		materials: (n: number) => `2. Materials (${n} in total)`,
		noMaterials: 'No materials needed',
		steps: '3. Steps',
		timeLimit: (d: number) => (d > 0 ? `4. Time limit: ${d} working day(s)` : '4. Time limit: on the spot'),
		fees: '5. Fees: ',
		legal: '6. Legal basis',
		details: '7. Details',
		missing: 'Still missing (bring these to the window):',
		closing: 'This notice lists everything at once. Bring the missing items and go straight to the window.',
		window: 'Window: ',
		staff: (name: string, no?: string) => (no ? `Staff: ${name} (No. ${no})` : `Staff: ${name}`),
		contact: 'Enquiries: ',
		complaint: 'Complaints: ',
		date: 'Date: '
	}
} as const;

export function notificationSlip(data: NotificationSlipData): PrintDocument {
	const lang = data.lang ?? 'zh';
	const t = NOTIFICATION_TEXT[lang];
	const lines: PrintLine[] = [
		text(data.hallName, { align: 'center', bold: true }),
		text(t.title, { align: 'center', bold: true, width: 2, height: 2 }),
		rule(),
		text(`${t.service}${data.serviceName}`, { bold: true })
	];
	if (data.number) lines.push(text(`${t.number}${data.number}`));
	lines.push(text(t.conditions, { bold: true }));
	lines.push(...(data.conditions.length > 0 ? numbered(data.conditions) : [text(t.noConditions)]));
	lines.push(text(t.materials(data.materials.length), { bold: true }));
	lines.push(...(data.materials.length > 0 ? numbered(data.materials) : [text(t.noMaterials)]));
	lines.push(text(t.steps, { bold: true }), ...numbered(data.steps));
	lines.push(text(t.timeLimit(Math.max(0, Math.trunc(data.timeLimitWorkingDays))), { bold: true }));
	lines.push(text(`${t.fees}${data.fees}`, { bold: true }));
	lines.push(text(t.legal, { bold: true }), ...numbered(data.legalBasis));
	const details = (data.details ?? '').split('\n').filter((line) => line.trim() !== '');
	if (details.length > 0) lines.push(text(t.details, { bold: true }), ...details.map((line) => text(line)));
	const missing = data.missingMaterials ?? [];
	if (missing.length > 0) lines.push(rule(), text(t.missing, { bold: true }), ...numbered(missing));
	lines.push(rule(), text(t.closing));
	if (data.windowName) lines.push(text(`${t.window}${data.windowName}`));
	if (data.staffName) lines.push(text(t.staff(data.staffName, data.staffNumber)));
	if (data.contactPhone) lines.push(text(`${t.contact}${data.contactPhone}`));
	if (data.complaintPhone) lines.push(text(`${t.complaint}${data.complaintPhone}`));
	lines.push(text(`${t.date}${formatDate(data.issuedAt, data.timeZone, lang)}`), cut());
	return { kind: 'notification', title: `${t.title} ${data.serviceName}`, lines };
}

// ------------------------------------------------------- 不予受理告知书

export interface RefusalSlipData {
	hallName: string;
	number: string;
	serviceName: string;
	reason: string;
	staffName: string;
	staffNumber: string;
	windowName: string;
	decidedAt: number;
	timeZone: string;
	complaintPhone: string;
	lang?: SlipLanguage;
}

const REFUSAL_TEXT = {
	zh: {
		title: '不予受理告知书',
		number: '号码：',
		service: '申请事项：',
		body: (date: string) => `您于${date}申请办理的上述事项，经审查，决定不予受理。理由如下：`,
		objection: (phone: string) => `如对本决定有异议，可拨打监督投诉电话 ${phone} 反映。`,
		window: '窗口：',
		staff: (name: string, no: string) => `经办人：${name}（工号 ${no}）`,
		date: '日期：'
	},
	en: {
		title: 'Notice of refusal',
		number: 'Number: ',
		service: 'Service: ',
		body: (date: string) => `Your application of ${date} for the service above has been reviewed and cannot be accepted, for this reason:`,
		objection: (phone: string) => `If you disagree with this decision, call ${phone}.`,
		window: 'Window: ',
		staff: (name: string, no: string) => `Staff: ${name} (No. ${no})`,
		date: 'Date: '
	}
} as const;

export function refusalSlip(data: RefusalSlipData): PrintDocument {
	const lang = data.lang ?? 'zh';
	const t = REFUSAL_TEXT[lang];
	const date = formatDate(data.decidedAt, data.timeZone, lang);
	const lines: PrintLine[] = [
		text(data.hallName, { align: 'center', bold: true }),
		text(t.title, { align: 'center', bold: true, width: 2, height: 2 }),
		rule(),
		text(`${t.number}${data.number}`, { bold: true }),
		text(`${t.service}${data.serviceName}`, { bold: true }),
		text(t.body(date)),
		text(data.reason, { bold: true }),
		text(t.objection(data.complaintPhone)),
		rule(),
		text(`${t.window}${data.windowName}`),
		text(t.staff(data.staffName, data.staffNumber)),
		text(`${t.date}${date}`),
		cut()
	];
	return { kind: 'refusal', title: `${t.title} ${data.number}`, lines };
}
