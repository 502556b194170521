// A refused input in the director's words: 「服务事项 1 · 名称：不能为空」, never
// `services.0.name: Too small`. The server turns every zod issue into this (server/errors.ts),
// so the console's forms (configuration, staff, notices, duty) show it as it comes.

/** What a field is called on the console's forms. */
export const FIELD_LABELS: Record<string, string> = {
	// The hall file (业务与窗口).
	hallName: '大厅名称',
	hallNameEn: '大厅英文名称',
	complaintPhone: '投诉电话',
	logo: '大厅标志',
	timeZone: '时区',
	publicUrl: '对外访问地址',
	recallLimit: '重呼次数上限',
	greenBurst: '绿色通道连续呼叫数',
	repeat: '播报遍数',
	settings: '设置',
	hours: '办公时间',
	workday: '工作日办公时段',
	restDay: '休息日值班时段',
	overrides: '节假日调整',
	id: '编号',
	prefix: '号码前缀',
	nameEn: '英文名称',
	enabled: '启用',
	timeLimitDays: '承诺时限（工作日）',
	guide: '办事指南',
	conditions: '办理条件',
	materials: '所需材料',
	steps: '办事流程',
	fees: '收费标准',
	legalBasis: '办理依据',
	details: '办事说明',
	serviceIds: '办理业务',
	zone: '分区',
	kind: '类型',
	printer: '打印机',
	paper: '纸宽',
	agentKey: '接入密钥',
	windowId: '所在窗口',
	start: '开始时间',
	end: '结束时间',
	date: '日期',
	// Staff accounts.
	username: '登录名',
	staffNo: '工号',
	role: '角色',
	password: '密码',
	disabled: '停用',
	// Notices (公示) and objections.
	title: '标题',
	body: '正文',
	category: '类别',
	publishFrom: '公示开始日期',
	publishTo: '公示结束日期',
	publish: '立即发布',
	answer: '答复',
	// Complaints.
	content: '内容',
	contactName: '联系人',
	contactPhone: '联系电话',
	assignedTo: '承办人',
	dueDate: '答复期限',
	status: '状态',
	// 值班.
	day: '日期',
	people: '值班人员',
	staffId: '工作人员',
	at: '时间',
	summary: '摘要',
	// Ranges.
	from: '开始日期',
	to: '结束日期',
	year: '年份',
	hours_: '有效期',
	// Residents' and windows' commands outside the console (kiosk, phone, window terminal).
	reason: '原因',
	phone: '手机号码',
	reference: '回执编号',
	note: '备注',
	serviceId: '服务事项',
	code: '预约码',
	grade: '评价',
	outcome: '办理结果',
	toWindowId: '转往窗口',
	// 手写: the kiosk's handwriting pad.
	strokes: '笔画',
	width: '书写板宽度',
	height: '书写板高度',
	limit: '候选字数'
};

/** A list's items by what they are: 服务事项 1, 窗口 2, 终端 3. */
const ITEM_OF: Record<string, string> = {
	services: '服务事项',
	windows: '窗口',
	stations: '终端',
	people: '值班人员',
	overrides: '节假日调整',
	materials: '材料',
	conditions: '条件',
	steps: '步骤',
	strokes: '笔画'
};

/** `services.0.name` → 「服务事项 1 · 名称」; '' for the input as a whole. */
export function fieldLabel(path: readonly (string | number | symbol)[]): string {
	const words: string[] = [];
	for (let i = 0; i < path.length; i++) {
		const part = path[i];
		const owner = i > 0 ? String(path[i - 1]) : '';
		if (typeof part === 'number' || /^\d+$/.test(String(part))) {
			const n = Number(part) + 1;
			// The list's own word is replaced by its item: 「服务事项 1」, not 「服务事项 · 服务事项 1」.
			if (ITEM_OF[owner]) words[words.length - 1] = `${ITEM_OF[owner]} ${n}`;
			else words.push(`第 ${n} 项`);
			continue;
		}
		const key = String(part);
		// 「名称」 for a service, window or terminal; 「姓名」 for a person.
		if (key === 'name') words.push(['services', 'windows', 'stations'].includes(String(path[i - 2] ?? '')) ? '名称' : '姓名');
		else words.push(ITEM_OF[key] ?? FIELD_LABELS[key] ?? key);
	}
	return words.join(' · ');
}

/** The parts of a zod issue this needs (zod 4's shape, without importing zod into a screen). */
export interface IssueLike {
	code: string;
	message: string;
	path: readonly (string | number | symbol)[];
	origin?: string;
	minimum?: number | bigint;
	maximum?: number | bigint;
	expected?: string;
	format?: string;
	values?: readonly unknown[];
	keys?: readonly string[];
}

const HAS_CHINESE = /[\u4e00-\u9fa5]/;

/** What is wrong, in Chinese. Our schemas' own messages are Chinese already and are kept. */
export function issueText(issue: IssueLike): string {
	if (HAS_CHINESE.test(issue.message)) return issue.message;
	const sized = issue.origin === 'string' ? '个字' : issue.origin === 'array' || issue.origin === 'set' ? '项' : '';
	switch (issue.code) {
		case 'invalid_type':
			if (/received undefined/.test(issue.message)) return '必须填写';
			if (issue.expected === 'number' || issue.expected === 'int') return '必须是数字';
			if (issue.expected === 'string') return '必须是文字';
			if (issue.expected === 'boolean') return '必须选择是或否';
			if (issue.expected === 'array') return '必须是一个列表';
			return '格式不正确';
		case 'too_small': {
			const min = Number(issue.minimum ?? 0);
			if (issue.origin === 'string' && min <= 1) return '不能为空';
			if (issue.origin === 'array' && min <= 1) return '至少要有 1 项';
			return sized ? `至少 ${min} ${sized}` : `不能小于 ${min}`;
		}
		case 'too_big': {
			const max = Number(issue.maximum ?? 0);
			return sized ? `不能超过 ${max} ${sized}` : `不能大于 ${max}`;
		}
		case 'invalid_format':
			if (issue.format === 'email') return '电子邮箱格式不正确';
			if (issue.format === 'url') return '网址格式不正确';
			return '格式不正确';
		case 'invalid_value':
			// The choices are said only when a person would recognise them (numbers, Chinese words), never stored keys.
			return issue.values && issue.values.length > 0 && issue.values.length <= 6 && issue.values.every((v) => typeof v === 'number' || HAS_CHINESE.test(String(v)))
				? `只能是 ${issue.values.map((v) => String(v)).join('、')} 之一`
				: '请从可选项中选择';
		case 'unrecognized_keys':
			return `有无法识别的内容：${(issue.keys ?? []).join('、')}`;
		case 'not_multiple_of':
			return '必须是整数';
		default:
			return '内容不正确';
	}
}

/** 「服务事项 1 · 名称：不能为空」 */
export function issueLine(issue: IssueLike): string {
	const label = fieldLabel(issue.path);
	return label ? `${label}：${issueText(issue)}` : issueText(issue);
}
