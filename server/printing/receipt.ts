// 回执: the slip a resident takes home after filing a complaint or an objection at the kiosk.
// It says what was filed, by when the hall answers, and the three ways to ask about it. It
// carries no contact of the resident beyond a masked name: a slip is left on counters.

import { cut, feed, formatDate, qr, rule, text, type PrintDocument, type PrintLine, type SlipLanguage } from './document.ts';

export type ReceiptKind = 'complaint' | 'objection';

export interface ReceiptSlipData {
	kind: ReceiptKind;
	hallName: string;
	reference: string;
	/** Complaints: 投诉 / 举报 / 建议 / 表扬 (already in the slip's language). */
	categoryLabel?: string;
	/** Objections: the notice objected to. */
	noticeTitle?: string;
	/** Already masked (王*明); absent when the resident left no name. */
	maskedName?: string | null;
	filedAt: number;
	/** YYYY-MM-DD, the hall's working-day rule. */
	dueDate: string;
	/** Counted past the published holiday schedule: the date may move. */
	dueDateMayMove?: boolean;
	/** The phone page of this reference (the QR). */
	lookupUrl: string;
	complaintPhone?: string;
	timeZone: string;
	lang?: SlipLanguage;
}

const RECEIPT_TEXT = {
	zh: {
		title: { complaint: '投诉建议回执', objection: '公示异议回执' },
		reference: '受理编号',
		category: '类别：',
		notice: '异议公示：',
		name: '提交人：',
		filed: '提交日期：',
		due: '答复期限：',
		dueValue: (date: string) => `${date}前`,
		mayMove: '（节假日安排公布后可能顺延）',
		ask: '查询办理进度：',
		askKiosk: '1. 在大厅触摸屏点「进度查询」，输入受理编号',
		askPhone: '2. 手机扫描下方二维码',
		askDesk: '3. 到服务台出示本回执',
		complaint: '监督投诉电话：',
		keep: '请妥善保管本回执'
	},
	en: {
		title: { complaint: 'Complaint receipt', objection: 'Objection receipt' },
		reference: 'Reference number',
		category: 'Type: ',
		notice: 'Notice: ',
		name: 'Filed by: ',
		filed: 'Filed on: ',
		due: 'Answer due by: ',
		dueValue: (date: string) => date,
		mayMove: '(may move once the holiday schedule is published)',
		ask: 'To follow it up:',
		askKiosk: '1. On the hall touch screen, tap "Check progress" and enter the reference',
		askPhone: '2. Scan the code below with your phone',
		askDesk: '3. Show this receipt at the front desk',
		complaint: 'Complaints: ',
		keep: 'Please keep this receipt'
	}
} as const;

function dueText(date: string, lang: SlipLanguage): string {
	const [y, m, d] = date.split('-');
	return lang === 'zh' ? `${y}年${Number(m)}月${Number(d)}日` : date;
}

export function receiptSlip(data: ReceiptSlipData): PrintDocument {
	const lang = data.lang ?? 'zh';
	const t = RECEIPT_TEXT[lang];
	const title = t.title[data.kind];
	const lines: PrintLine[] = [
		text(data.hallName, { align: 'center', bold: true }),
		text(title, { align: 'center', bold: true, width: 2, height: 2 }),
		rule(),
		text(t.reference, { align: 'center' }),
		// Twice the width only: a reference is 15 characters, which fits 32 columns at double width.
		text(data.reference, { align: 'center', bold: true, width: 2, height: 2 }),
		rule()
	];
	if (data.kind === 'complaint' && data.categoryLabel) lines.push(text(`${t.category}${data.categoryLabel}`));
	if (data.kind === 'objection' && data.noticeTitle) lines.push(text(`${t.notice}${data.noticeTitle}`, { hangingIndent: 0 }));
	if (data.maskedName) lines.push(text(`${t.name}${data.maskedName}`));
	lines.push(text(`${t.filed}${formatDate(data.filedAt, data.timeZone, lang)}`));
	lines.push(text(`${t.due}${t.dueValue(dueText(data.dueDate, lang))}`, { bold: true }));
	if (data.dueDateMayMove) lines.push(text(t.mayMove));
	lines.push(rule(), text(t.ask, { bold: true }), text(t.askKiosk, { hangingIndent: 3 }), text(t.askPhone, { hangingIndent: 3 }), text(t.askDesk, { hangingIndent: 3 }));
	lines.push(qr(data.lookupUrl), feed(1));
	if (data.complaintPhone) lines.push(text(`${t.complaint}${data.complaintPhone}`));
	lines.push(text(t.keep, { align: 'center', bold: true }), cut());
	return { kind: 'receipt', title: `${title} ${data.reference}`, lines };
}
