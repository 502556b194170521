// The words of the audit log (操作日志) and the access log (查阅记录), in one place: the
// server writes only actions named here (logAudit's type is these keys) and answers each
// line with its label, so a director never reads a raw key such as `duty:roster`.

/** Every administrative action the server writes to the audit log, with the director's words for it. */
export const AUDIT_ACTION_LABELS = {
	'config:change': '修改大厅配置',
	'calendar:notice': '录入节假日安排',
	'media:upload': '上传图片',
	'staff:create': '新增工作人员',
	'staff:update': '修改工作人员',
	'staff:reset-password': '重置工作人员密码',
	'cli:add-user': '命令行新增账号',
	'cli:reset-password': '命令行重置密码',
	'login:failed': '登录失败（密码错误）',
	'login:backoff': '登录失败过多，暂停登录',
	'password:change': '修改本人密码',
	'password:change-failed': '修改密码失败（原密码错误）',
	'notice:create': '新建公示',
	'notice:publish': '发布公示',
	'notice:withdraw': '撤回公示',
	'notice:close': '公示期满结束',
	'objection:answer': '答复公示异议',
	'complaint:update': '处理投诉建议',
	'complaint:assign': '指派投诉建议',
	'access:approved': '批准档案查阅',
	'access:rejected': '驳回档案查阅',
	'duty:roster': '排定值班表',
	'appointment.cancel': '取消预约',
	'appointment.lift-ban': '解除预约限制',
	'appointment.close-day': '设为不接受预约的日期',
	'appointment.reopen-day': '恢复接受预约',
	'station:key-reveal': '查看终端接入密钥'
} as const;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;

export function auditActionLabel(action: string): string {
	return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? `其他操作（${action}）`;
}

/** The kinds of record whose personal data a read reveals. */
export const ACCESS_RECORD_LABELS = {
	case: '登记事项',
	objection: '公示异议',
	complaint: '投诉建议',
	ticket: '号票记录',
	appointment: '预约'
} as const;

export type AccessRecordType = keyof typeof ACCESS_RECORD_LABELS;

/** The personal fields a read can reveal. */
export const ACCESS_FIELD_LABELS: Record<string, string> = {
	personName: '姓名',
	personPhone: '联系电话',
	name: '姓名',
	phone: '联系电话',
	contactName: '联系人',
	contactPhone: '联系电话',
	trail: '办理经过'
};

export function accessFieldsText(fields: string[]): string {
	return [...new Set(fields.map((f) => ACCESS_FIELD_LABELS[f] ?? f))].join('、');
}

/** 「张三（工号 A001）」: a person as the hall knows them. */
export function staffText(badge: { name: string; staffNo: string } | null, fallback: string): string {
	return badge ? `${badge.name}（工号 ${badge.staffNo}）` : fallback;
}
