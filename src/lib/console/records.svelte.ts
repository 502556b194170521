// The console's lists: staff accounts, notices and their objections, the complaints inbox,
// archive access requests with the access log, and the audit trail. Each list reloads from
// the server after a change, so what is shown is what the server holds.
import * as api from './api.ts';
import type { AccessLogEntry, AccessRequestEntry, AuditEntry, ComplaintContact, ComplaintEntry, ComplaintPatch, NoticeDraft, NoticeEntry, ObjectionEntry, StaffAccount, StaffDraft, Ack } from '../protocol.ts';
import { Feedback, messageOf, type ConsoleLink } from './feedback.svelte.ts';

/** A list loaded from one GET, with its own load error. */
class Listing<T> {
	items = $state.raw<T[] | null>(null);
	error = $state<string | null>(null);
	readonly feedback = new Feedback();
	protected readonly link: ConsoleLink;
	readonly #get: (token: string) => Promise<Ack<T[]>>;

	constructor(link: ConsoleLink, get: (token: string) => Promise<Ack<T[]>>) {
		this.link = link;
		this.#get = get;
	}

	async load(): Promise<void> {
		const ack = await this.link.ask(this.#get);
		if ('error' in ack) {
			this.error = messageOf(ack.error);
			return;
		}
		this.error = null;
		this.items = ack.data;
	}

	/** Runs a change under `key`, then reloads the list when it went through. */
	protected async change<R>(key: string, call: (token: string) => Promise<Ack<R>>, note?: string): Promise<R | null> {
		const result = await this.feedback.run(key, () => this.link.ask(call), note);
		if (result !== null) await this.load();
		return result;
	}
}

export class ConsoleStaff extends Listing<StaffAccount> {
	constructor(link: ConsoleLink) {
		super(link, api.listStaff);
	}

	create(draft: StaffDraft): Promise<StaffAccount | null> {
		return this.change('create', (token) => api.createStaff(token, draft), `已新增 ${draft.name}（${draft.username}）`);
	}

	setDisabled(staff: StaffAccount, disabled: boolean): Promise<StaffAccount | null> {
		return this.change(`disable:${staff.id}`, (token) => api.updateStaff(token, staff.id, { disabled }), disabled ? '已停用' : '已启用');
	}

	async setRole(staff: StaffAccount, role: StaffAccount['role']): Promise<StaffAccount | null> {
		const changed = await this.change(`role:${staff.id}`, (token) => api.updateStaff(token, staff.id, { role }), '角色已修改');
		// A refused change: the list again, so the role picker shows what the server holds.
		if (changed === null) await this.load();
		return changed;
	}

	resetPassword(staff: StaffAccount, password: string): Promise<{ ok: true } | null> {
		return this.change(`password:${staff.id}`, (token) => api.resetPassword(token, staff.id, password), '密码已重置，请告知本人并提醒其尽快修改');
	}
}

export class ConsoleNotices extends Listing<NoticeEntry> {
	/** Objections per notice, loaded when the director opens them (each read is logged). */
	objections = $state<Record<string, ObjectionEntry[]>>({});

	constructor(link: ConsoleLink) {
		super(link, api.listNotices);
	}

	create(draft: NoticeDraft): Promise<NoticeEntry | null> {
		return this.change('create', (token) => api.createNotice(token, draft), draft.publish ? '公示已发布' : '已存为草稿');
	}

	changeStatus(notice: NoticeEntry, change: 'publish' | 'withdraw' | 'close'): Promise<unknown> {
		const notes = { publish: '已发布', withdraw: '已撤回', close: '公示期满，无异议结束' };
		return this.change(`${change}:${notice.id}`, (token) => api.changeNotice(token, notice.id, change), notes[change]);
	}

	async loadObjections(noticeId: string): Promise<void> {
		const list = await this.feedback.run(`objections:${noticeId}`, () => this.link.ask((token) => api.listObjections(token, noticeId)));
		if (list) this.objections[noticeId] = list;
	}

	async answer(noticeId: string, objection: ObjectionEntry, text: string): Promise<boolean> {
		const done = await this.feedback.run(
			`answer:${objection.id}`,
			() => this.link.ask((token) => api.answerObjection(token, objection.id, text)),
			'已答复'
		);
		if (done === null) return false;
		await Promise.all([this.loadObjections(noticeId), this.load()]);
		return true;
	}
}

export class ConsoleComplaints extends Listing<ComplaintEntry> {
	constructor(link: ConsoleLink) {
		super(link, api.listComplaints);
	}

	update(complaint: ComplaintEntry, patch: ComplaintPatch, key: string, note: string): Promise<unknown> {
		return this.change(`${key}:${complaint.id}`, (token) => api.updateComplaint(token, complaint.id, patch), note);
	}

	/** Contacts in full, by complaint, once the director asked (each ask is in the access log). */
	contacts = $state<Record<string, ComplaintContact>>({});

	async revealContact(complaint: ComplaintEntry): Promise<void> {
		const contact = await this.feedback.run(`contact:${complaint.id}`, () => this.link.ask((t) => api.complaintContact(t, complaint.id)));
		if (contact) this.contacts[complaint.id] = contact;
	}

	logPhone(input: Parameters<typeof api.logPhoneComplaint>[1]): Promise<{ reference: string; dueDate: string } | null> {
		return this.change('phone', (token) => api.logPhoneComplaint(token, input));
	}
}

export class ConsoleAccessRequests extends Listing<AccessRequestEntry> {
	constructor(link: ConsoleLink) {
		super(link, api.listAccessRequests);
	}

	decide(request: AccessRequestEntry, approve: boolean, hours: number): Promise<unknown> {
		return this.change(
			`decide:${request.id}`,
			(token) => api.decideAccess(token, request.id, approve, hours),
			approve ? `已批准，${hours} 小时内有效` : '已驳回'
		);
	}
}

export class ConsoleAccessLog extends Listing<AccessLogEntry> {
	constructor(link: ConsoleLink) {
		super(link, api.getAccessLog);
	}

	export(): Promise<unknown> {
		const token = this.link.token;
		if (!token) return Promise.resolve(null);
		return this.feedback.run('export', () => api.download(token, '/api/console/access-log.xlsx', '档案查阅记录.xlsx'), '已导出');
	}
}

export class ConsoleAudit extends Listing<AuditEntry> {
	constructor(link: ConsoleLink) {
		super(link, api.getAudit);
	}
}
