// The director console's words. The console is used by the center's director and IT admin at
// a desk, in Chinese; the resident-facing screens carry the bilingual dictionary ($lib/i18n.ts).
// Names of stored values (roles, statuses, audit actions) live here so every table says the same.
import type { ComplaintCategory, StaffRole } from '../protocol.ts';

export const SECTIONS = [
	{ path: '/console', label: '今日概况' },
	{ path: '/console/config', label: '业务与窗口' },
	{ path: '/console/staff', label: '工作人员' },
	{ path: '/console/notices', label: '公示' },
	{ path: '/console/complaints', label: '投诉建议' },
	{ path: '/console/duty', label: '值班' },
	{ path: '/console/appointments', label: '预约' },
	{ path: '/console/reports', label: '统计报表' },
	{ path: '/console/archives', label: '档案查阅' },
	{ path: '/console/audit', label: '操作日志' }
] as const;

export const ROLE_NAMES: Record<StaffRole, string> = {
	staff: '窗口工作人员',
	director: '服务中心主任',
	admin: '系统管理员'
};

export const NOTICE_STATUS: Record<string, string> = {
	draft: '草稿',
	published: '公示中',
	withdrawn: '已撤回',
	passed: '公示期满无异议'
};

export const COMPLAINT_CATEGORY: Record<ComplaintCategory, string> = {
	complaint: '投诉',
	report: '举报',
	suggestion: '意见建议',
	praise: '表扬'
};

export const COMPLAINT_STATUS: Record<string, string> = {
	open: '待处理',
	answered: '已答复',
	closed: '已结案'
};

export const COMPLAINT_SOURCE: Record<string, string> = {
	kiosk: '触摸屏',
	phone: '电话'
};

export const ACCESS_STATUS: Record<string, string> = {
	pending: '待审批',
	approved: '已批准',
	rejected: '已驳回'
};

// The audit and access logs' words (actions, record kinds, fields) are in log-labels.ts, shared with the server.

export const STATION_KINDS: Record<string, string> = {
	kiosk: '取号机（触摸屏）',
	board: '综合屏',
	window: '窗口终端（叫号器、评价器）'
};

export const DAY_KIND: Record<string, string> = {
	holiday: '放假',
	workday: '上班'
};

export const WINDOW_STATUS: Record<string, string> = {
	open: '服务中',
	paused: '暂停服务',
	closed: '未开放'
};

/** A label for a stored value; the raw value when the console does not know it (a newer server). */
export function nameOf(table: Record<string, string>, value: string | null | undefined): string {
	if (!value) return '—';
	return table[value] ?? value;
}

export const DUTY_ROLE: Record<'leader' | 'member', string> = { leader: '带班领导', member: '值班人员' };

export const DUTY_LOG_KIND: Record<'call' | 'visit' | 'event' | 'handover', string> = {
	call: '来电',
	visit: '来访',
	event: '情况记录',
	handover: '交接班'
};
