// What the kiosk and staff screens are told about a station's printer: one code, a
// Chinese sentence for the screen, and the printer's own words for staff.

import type { PrinterStatusCode, PrinterStatusInfo } from '../../src/lib/protocol.ts';
import type { PrinterStatus } from '../../devices/printer/status.ts';

const MESSAGES: Record<PrinterStatusCode, string> = {
	ok: '打印机正常',
	unknown: '打印机已连接（无法读取状态）',
	unreachable: '无法连接打印机，请联系工作人员',
	offline: '打印机离线，请联系工作人员',
	paper_out: '打印机缺纸，请联系工作人员',
	cover_open: '打印机纸仓盖未关好，请联系工作人员',
	timeout: '打印机无响应，请联系工作人员',
	printer_error: '打印机故障，请联系工作人员'
};

export function printerMessage(code: PrinterStatusCode, paperNearEnd = false): string {
	const base = MESSAGES[code];
	return paperNearEnd && (code === 'ok' || code === 'unknown') ? `${base}（纸将用尽，请及时更换）` : base;
}

/** `ok` and `unknown` print; every other code holds the jobs. */
export function isReady(code: PrinterStatusCode): boolean {
	return code === 'ok' || code === 'unknown';
}

/** The part of a status that, when it changes, is worth telling the screens. */
export interface StatusCore {
	code: PrinterStatusCode;
	paperNearEnd: boolean;
	detail: string | null;
}

export function coreOf(status: PrinterStatus): StatusCore {
	return { code: status.code, paperNearEnd: status.paperNearEnd, detail: status.message ?? null };
}

export function statusInfo(
	station: string,
	core: StatusCore,
	via: 'server' | 'agent',
	pending: number,
	at: number
): PrinterStatusInfo {
	return {
		station,
		code: core.code,
		ready: isReady(core.code),
		paperNearEnd: core.paperNearEnd,
		message: printerMessage(core.code, core.paperNearEnd),
		detail: core.detail,
		via,
		pending,
		at
	};
}
