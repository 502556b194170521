// Screen text in Simplified Chinese first, English second. Server messages
// (`ApiError.message`) arrive in Chinese and are shown as they are.
import { locale, type Lang } from './client/locale.svelte.ts';
import type { TicketStatus, WindowStatus } from './protocol.ts';

export { locale, type Lang };

const zh = {
	'app.name': '叫号系统',
	'conn.connecting': '正在连接…',
	'conn.reconnecting': '正在重新连接…',
	'conn.offline': '网络连接已断开，请稍后再试',
	'conn.timeout': '服务器没有响应，请稍后再试',

	'hours.today': '今日办公时间',
	'hours.none': '今日不办公',
	'hours.allDay': '全天',
	'hours.closed': '现在不是办公时间',
	'hours.next': '下次办公时间：{time}',
	'hours.todayIs': '今日办公时间：{periods}',

	'status.waiting': '等候中',
	'status.called': '已叫号',
	'status.serving': '办理中',
	'status.done': '已办结',
	'status.refused': '不予受理',
	'status.no_show': '过号',
	'status.transferred': '已转移',
	'status.expired': '已过期',

	'windowStatus.open': '服务中',
	'windowStatus.paused': '暂停服务',
	'windowStatus.closed': '未开放',

	'lang.switch': 'English',
	'lang.switchLabel': 'Switch to English',

	'kiosk.title': '自助取号',
	'kiosk.choose': '请选择要办理的业务',
	'kiosk.waiting': '等候 {n} 人',
	'kiosk.green': '绿色通道',
	'kiosk.greenHint': '老年人、残疾人、军人等优先办理',
	'kiosk.greenOn': '已选择绿色通道',
	'kiosk.take': '取号',
	'kiosk.taking': '正在取号…',
	'kiosk.back': '返回',
	'kiosk.guide': '办事指南',
	'kiosk.materials': '请准备以下材料',
	'kiosk.noMaterials': '无需准备材料',
	'kiosk.moreMaterials': '另有 {n} 项，请咨询窗口',
	'kiosk.timeLimit': '承诺时限：{n} 个工作日',
	'kiosk.onTheSpot': '承诺时限：当场办结',
	'kiosk.aheadNow': '目前前面有 {n} 人等候',
	'kiosk.yourNumber': '您的号码',
	'kiosk.ahead': '前面还有 {n} 人',
	'kiosk.scan': '手机扫码，随时查看排队进度',
	'kiosk.listen': '请留意大厅叫号屏和语音呼叫',
	'kiosk.done': '完成',
	'kiosk.noServices': '暂无可办理的业务',
	'kiosk.loading': '正在载入业务…',
	'kiosk.complaint': '投诉电话：{phone}',
	'kiosk.error': '取号失败',
	'kiosk.autoHome': '{n} 秒后自动返回首页',
	'kiosk.prefix': '{prefix} 字头',

	'board.title': '叫号屏',
	'board.latest': '请 {number} 号到 {window}办理',
	'board.latestHeading': '正在叫号',
	'board.recall': '重呼',
	'board.recent': '最近叫号',
	'board.noCalls': '暂无叫号',
	'board.number': '号码',
	'board.window': '窗口',
	'board.waiting': '等候人数',
	'board.people': '{n} 人',
	'board.announcer': '语音播报',

	'window.title': '窗口终端',
	'window.login': '工作人员登录',
	'window.username': '用户名',
	'window.password': '密码',
	'window.signIn': '登录',
	'window.signingIn': '正在登录…',
	'window.choose': '请选择您的窗口',
	'window.free': '空闲',
	'window.staffed': '在岗：{name}',
	'window.hello': '{name}，您好',
	'window.logout': '退出登录',
	'window.badge': '挂牌上岗',
	'window.staffNo': '工号 {no}',
	'window.current': '当前号码',
	'window.noCurrent': '当前没有号码',
	'window.recalls': '已重呼 {n} 次',
	'window.queue': '等候队列',
	'window.queueEmpty': '暂无等候',
	'window.waitingBy': '各业务等候',
	'window.actions': '操作',
	'window.callNext': '呼叫下一位',
	'window.recall': '重呼',
	'window.noShow': '过号',
	'window.start': '开始办理',
	'window.finish': '办结',
	'window.pause': '暂停',
	'window.resume': '恢复',
	'window.signOut': '签退',
	'window.shortcuts': '快捷键',
	'window.nobody': '当前没有等候的号码',
	'window.calledOk': '已呼叫 {number}',
	'window.loading': '正在载入窗口…',
	'window.loadError': '无法载入窗口列表',
	'window.yours': '您已在此签到',
	'window.services': '办理业务',
	'window.serviceCount': '{n} 项业务',
	'window.signingOut': '正在签退…',
	'window.noWindows': '没有可用的窗口',
	'window.shortcutsHint': '焦点在输入框时快捷键不生效',

	'ticket.title': '排队进度',
	'ticket.number': '号码',
	'ticket.service': '业务',
	'ticket.status': '状态',
	'ticket.ahead': '前面还有 {n} 人',
	'ticket.goTo': '请到 {window}办理',
	'ticket.window': '办理窗口',
	'ticket.live': '本页自动更新，无需刷新',
	'ticket.loading': '正在查询…',
	'ticket.notFound': '没有找到这个号码，可能已过期',
	'ticket.issuedAt': '取号时间 {time}'
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
	'app.name': 'Queue system',
	'conn.connecting': 'Connecting…',
	'conn.reconnecting': 'Reconnecting…',
	'conn.offline': 'The network is down. Please try again shortly.',
	'conn.timeout': 'The server did not answer. Please try again shortly.',

	'hours.today': "Today's hours",
	'hours.none': 'Closed today',
	'hours.allDay': 'All day',
	'hours.closed': 'We are closed now',
	'hours.next': 'Next opening: {time}',
	'hours.todayIs': "Today's hours: {periods}",

	'status.waiting': 'Waiting',
	'status.called': 'Called',
	'status.serving': 'Being served',
	'status.done': 'Done',
	'status.refused': 'Refused',
	'status.no_show': 'Missed',
	'status.transferred': 'Transferred',
	'status.expired': 'Expired',

	'windowStatus.open': 'Open',
	'windowStatus.paused': 'Paused',
	'windowStatus.closed': 'Closed',

	'lang.switch': '中文',
	'lang.switchLabel': '切换到中文',

	'kiosk.title': 'Take a number',
	'kiosk.choose': 'Choose a service',
	'kiosk.waiting': '{n} waiting',
	'kiosk.green': 'Priority lane',
	'kiosk.greenHint': 'For the elderly, people with disabilities and service members',
	'kiosk.greenOn': 'Priority lane selected',
	'kiosk.take': 'Take a number',
	'kiosk.taking': 'Taking a number…',
	'kiosk.back': 'Back',
	'kiosk.guide': 'Service guide',
	'kiosk.materials': 'Please bring',
	'kiosk.noMaterials': 'No documents needed',
	'kiosk.moreMaterials': '{n} more: please ask at the window',
	'kiosk.timeLimit': 'Done within {n} working days',
	'kiosk.onTheSpot': 'Done on the spot',
	'kiosk.aheadNow': '{n} people waiting now',
	'kiosk.yourNumber': 'Your number',
	'kiosk.ahead': '{n} ahead of you',
	'kiosk.scan': 'Scan to follow your place in the queue',
	'kiosk.listen': 'Watch the hall display and listen for your number',
	'kiosk.done': 'Done',
	'kiosk.noServices': 'No services available',
	'kiosk.loading': 'Loading services…',
	'kiosk.complaint': 'Complaints: {phone}',
	'kiosk.error': 'Could not take a number',
	'kiosk.autoHome': 'Back to the start in {n} s',
	'kiosk.prefix': 'Numbers {prefix}',

	'board.title': 'Hall display',
	'board.latest': 'Number {number}, please go to {window}',
	'board.latestHeading': 'Now calling',
	'board.recall': 'Recall',
	'board.recent': 'Recent calls',
	'board.noCalls': 'No calls yet',
	'board.number': 'Number',
	'board.window': 'Window',
	'board.waiting': 'Waiting',
	'board.people': '{n}',
	'board.announcer': 'Announcer',

	'window.title': 'Window terminal',
	'window.login': 'Staff sign-in',
	'window.username': 'Username',
	'window.password': 'Password',
	'window.signIn': 'Sign in',
	'window.signingIn': 'Signing in…',
	'window.choose': 'Choose your window',
	'window.free': 'Free',
	'window.staffed': 'Staffed: {name}',
	'window.hello': 'Hello, {name}',
	'window.logout': 'Log out',
	'window.badge': 'On duty',
	'window.staffNo': 'No. {no}',
	'window.current': 'Current number',
	'window.noCurrent': 'No current number',
	'window.recalls': 'Recalled {n} times',
	'window.queue': 'Queue',
	'window.queueEmpty': 'Nobody waiting',
	'window.waitingBy': 'Waiting by service',
	'window.actions': 'Actions',
	'window.callNext': 'Call next',
	'window.recall': 'Recall',
	'window.noShow': 'No-show',
	'window.start': 'Start',
	'window.finish': 'Finish',
	'window.pause': 'Pause',
	'window.resume': 'Resume',
	'window.signOut': 'Sign out',
	'window.shortcuts': 'Shortcuts',
	'window.nobody': 'Nobody is waiting',
	'window.calledOk': 'Called {number}',
	'window.loading': 'Loading windows…',
	'window.loadError': 'Could not load the windows',
	'window.yours': 'You are signed in here',
	'window.services': 'Services',
	'window.serviceCount': '{n} services',
	'window.signingOut': 'Signing out…',
	'window.noWindows': 'No windows available',
	'window.shortcutsHint': 'Shortcuts do not work while typing in a field',

	'ticket.title': 'Queue status',
	'ticket.number': 'Number',
	'ticket.service': 'Service',
	'ticket.status': 'Status',
	'ticket.ahead': '{n} ahead of you',
	'ticket.goTo': 'Please go to {window}',
	'ticket.window': 'Window',
	'ticket.live': 'This page updates by itself',
	'ticket.loading': 'Looking up…',
	'ticket.notFound': 'Number not found; it may have expired',
	'ticket.issuedAt': 'Taken at {time}'
};

const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };

/** The text for `key` in the current language; `{name}` placeholders are filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
	const text = dictionaries[locale.lang][key] ?? zh[key];
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
