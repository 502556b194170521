// 业务与窗口: the hall file as a draft. The director edits the draft freely (services and
// their guides, windows, hours, holidays, settings, stations); 保存 sends the whole file,
// the server validates it and applies it live to every kiosk, window and board. A refused
// file changes nothing on the server and keeps the draft, so the mistake can be fixed.
import type { ApiError, CalendarInfo, DayOverride, HallFile, ServiceConfig, StationConfig, WindowConfig } from '../protocol.ts';
import { getCalendar, getConfig, putConfig, revealStationKey } from './api.ts';
import { messageOf, type ConsoleLink } from './feedback.svelte.ts';

/** The parts of the editor; a refused save names the one at fault. */
export type ConfigPart = 'services' | 'windows' | 'hours' | 'holidays' | 'settings' | 'stations';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/** Which part of the editor a server issue belongs to, from its path or, at the root, its words. */
export function partOf(path: string, message: string): ConfigPart {
	const [head, second] = path.split('.');
	if (head === 'services') return 'services';
	if (head === 'windows') return 'windows';
	if (head === 'stations') return 'stations';
	if (head === 'hours') return second === 'overrides' ? 'holidays' : 'hours';
	if (head) return 'settings';
	if (/业务|号码前缀/.test(message)) return 'services';
	if (/终端/.test(message)) return 'stations';
	if (/窗口/.test(message)) return 'windows';
	return 'settings';
}

/** 「services.3.guide.materials.1」→ 业务「志愿者服务登记」· 所需材料第 2 项 */
export function placeOf(path: string, file: HallFile | null): string | null {
	if (!path || !file) return null;
	const parts = path.split('.');
	const field: Record<string, string> = {
		id: '编号',
		prefix: '号码前缀',
		name: '名称',
		nameEn: '英文名称',
		timeLimitDays: '承诺时限',
		conditions: '办理条件',
		materials: '所需材料',
		steps: '办事流程',
		fees: '收费标准',
		legalBasis: '办理依据',
		details: '办事说明',
		logo: '大厅标志',
		serviceIds: '办理业务',
		zone: '分区',
		kind: '类型',
		printer: '打印机',
		paper: '纸宽',
		agentKey: '接入密钥',
		windowId: '所在窗口',
		workday: '工作日办公时段',
		restDay: '休息日值班时段',
		overrides: '节假日调整',
		hallName: '大厅名称',
		hallNameEn: '英文名称',
		complaintPhone: '投诉电话',
		timeZone: '时区',
		recallLimit: '重呼次数上限',
		greenBurst: '绿色通道连续呼叫数',
		repeat: '播报遍数',
		publicUrl: '对外访问地址'
	};
	const words: string[] = [];
	for (let i = 0; i < parts.length; i++) {
		const part = parts[i];
		const index = Number(part);
		if (Number.isInteger(index) && part !== '') {
			const owner = parts[i - 1];
			// By its name when it has one (an empty name may be the very fault), else by position.
			const named = (word: string, name: string | undefined) => (name?.trim() ? `${word}「${name.trim()}」` : `${word} ${index + 1}`);
			if (owner === 'services') words.push(named('服务事项', file.services[index]?.name));
			else if (owner === 'windows') words.push(named('窗口', file.windows[index]?.name));
			else if (owner === 'stations') words.push(named('终端', file.stations[index]?.name || file.stations[index]?.id));
			else words.push(`第 ${index + 1} 项`);
		} else if (field[part]) {
			words.push(field[part]);
		}
	}
	return words.length ? words.join(' · ') : null;
}

export class ConsoleConfig {
	/** What the server has now. */
	saved = $state.raw<HallFile | null>(null);
	/** The revision the draft was made from; a save over any other is refused. */
	#revision: string | null = null;
	/** Someone else saved since the draft was made: the draft must be redone on the latest file. */
	conflict = $state(false);
	/** What the director is editing. */
	draft = $state<HallFile | null>(null);
	loadError = $state<string | null>(null);
	saving = $state(false);
	saveError = $state<string | null>(null);
	/** Where the refused file went wrong, in words (「业务「…」· 号码前缀」). */
	savePlace = $state<string | null>(null);
	saveErrorPart = $state<ConfigPart | null>(null);
	savedNote = $state<string | null>(null);
	/** The holiday package's data for the year shown, and the coming year's check. */
	calendar = $state.raw<CalendarInfo | null>(null);
	calendarError = $state<string | null>(null);

	readonly dirty = $derived(this.saved !== null && this.draft !== null && JSON.stringify(this.draft) !== JSON.stringify(this.saved));

	readonly #link: ConsoleLink;
	/** Agent keys the director chose to see (每次显示都记入操作日志), by station id; never put in the draft. */
	revealedKeys = $state<Record<string, string>>({});
	keyError = $state<string | null>(null);
	/** Ids of services and windows added in this draft: only theirs may still be typed. */
	#newIds = $state<string[]>([]);

	constructor(link: ConsoleLink) {
		this.#link = link;
	}

	/** Loads the server's file; an unsaved draft is kept unless `replaceDraft`. */
	async load(replaceDraft = false): Promise<void> {
		const ack = await this.#link.ask(getConfig);
		if ('error' in ack) {
			this.loadError = messageOf(ack.error);
			return;
		}
		this.loadError = null;
		const keep = !replaceDraft && this.dirty;
		this.saved = ack.data.file;
		if (!keep) {
			this.draft = clone(ack.data.file);
			this.#newIds = [];
			this.#revision = ack.data.revision;
			this.conflict = false;
		}
	}

	async loadCalendar(year: number): Promise<void> {
		const ack = await this.#link.ask((token) => getCalendar(token, year));
		if ('error' in ack) {
			this.calendarError = messageOf(ack.error);
			return;
		}
		this.calendarError = null;
		this.calendar = ack.data;
	}

	async save(): Promise<boolean> {
		if (!this.draft || this.saving) return false;
		this.saving = true;
		this.savedNote = null;
		this.#clearError();
		const file = $state.snapshot(this.draft) as HallFile;
		const revision = this.#revision;
		const ack = await this.#link.ask((token) => putConfig(token, file, revision));
		this.saving = false;
		if ('error' in ack) {
			this.conflict = ack.error.code === 'config_conflict';
			this.#showError(ack.error, file);
			return false;
		}
		this.savedNote = '已保存，并已应用到所有触摸屏、窗口和综合屏';
		await this.load(true);
		return true;
	}

	/** Shows one station's agent key: asked of the server each time, which logs it. */
	async revealKey(stationId: string): Promise<void> {
		this.keyError = null;
		const ack = await this.#link.ask((token) => revealStationKey(token, stationId));
		if ('error' in ack) {
			this.keyError = messageOf(ack.error);
			return;
		}
		this.revealedKeys[stationId] = ack.data.agentKey;
	}

	hideKey(stationId: string): void {
		delete this.revealedKeys[stationId];
	}

	discard(): void {
		if (this.saved) this.draft = clone(this.saved);
		this.#newIds = [];
		this.#clearError();
		this.savedNote = null;
	}

	#clearError(): void {
		this.conflict = false;
		this.saveError = null;
		this.savePlace = null;
		this.saveErrorPart = null;
	}

	#showError(error: ApiError, file: HallFile): void {
		const issues = (error.details?.issues as { path: string; message: string }[] | undefined) ?? [];
		const first = issues[0];
		// The server's line names the field by position (「服务事项 1 · 名称：不能为空」); the draft
		// knows the service by name, so the place is said with its name when it can be.
		const place = first ? placeOf(first.path, file) : null;
		const more = issues.length > 1 ? `（另有 ${issues.length - 1} 处需要修改）` : '';
		this.saveError = place ? `${place}：${first.message}${more}` : messageOf(error);
		this.savePlace = null;
		const part = first
			? partOf(first.path, first.message)
			: error.code === 'window_in_use'
				? 'windows'
				: error.code === 'service_in_use'
					? 'services'
					: null;
		this.saveErrorPart = part;
	}

	// Services and windows ---------------------------------------------------------------

	/** A new service with a free id and prefix letter; returns its id. */
	addService(): string | null {
		const draft = this.draft;
		if (!draft) return null;
		const used = draft.services.map((s) => s.prefix);
		const prefix = [...LETTERS].find((l) => !used.includes(l)) ?? '';
		let n = draft.services.length + 1;
		while (draft.services.some((s) => s.id === `service-${n}`)) n++;
		const service: ServiceConfig = {
			id: `service-${n}`,
			prefix,
			name: '新业务',
			nameEn: 'New service',
			timeLimitDays: 0,
			enabled: false,
			guide: { conditions: [], materials: [], steps: [], fees: '免费', legalBasis: '' }
		};
		draft.services.push(service);
		this.#newIds.push(`service:${service.id}`);
		return service.id;
	}

	removeService(serviceId: string): void {
		const draft = this.draft;
		if (!draft) return;
		draft.services = draft.services.filter((s) => s.id !== serviceId);
		// A window must not name a service that no longer exists.
		for (const window of draft.windows) window.serviceIds = window.serviceIds.filter((id) => id !== serviceId);
	}

	/** A new service's id as it is typed: the windows that serve it follow. */
	renameService(from: string, to: string): void {
		const draft = this.draft;
		const service = draft?.services.find((s) => s.id === from);
		if (!draft || !service || from === to) return;
		service.id = to;
		this.#newIds = this.#newIds.map((id) => (id === `service:${from}` ? `service:${to}` : id));
		for (const window of draft.windows) window.serviceIds = window.serviceIds.map((id) => (id === from ? to : id));
	}

	serves(windowId: string, serviceId: string): boolean {
		return this.draft?.windows.find((w) => w.id === windowId)?.serviceIds.includes(serviceId) ?? false;
	}

	setServes(windowId: string, serviceId: string, on: boolean): void {
		const window = this.draft?.windows.find((w) => w.id === windowId);
		if (!window) return;
		const has = window.serviceIds.includes(serviceId);
		if (on && !has) window.serviceIds.push(serviceId);
		if (!on && has) window.serviceIds = window.serviceIds.filter((id) => id !== serviceId);
	}

	addWindow(): void {
		const draft = this.draft;
		if (!draft) return;
		let n = draft.windows.length + 1;
		while (draft.windows.some((w) => w.id === String(n))) n++;
		const window: WindowConfig = { id: String(n), name: `${n}号窗口`, serviceIds: [], zone: null };
		draft.windows.push(window);
		this.#newIds.push(`window:${window.id}`);
	}

	/** A new window's id as it is typed. */
	renameWindow(from: string, to: string): void {
		const window = this.draft?.windows.find((w) => w.id === from);
		if (!window || from === to) return;
		window.id = to;
		this.#newIds = this.#newIds.map((id) => (id === `window:${from}` ? `window:${to}` : id));
	}

	removeWindow(windowId: string): void {
		const draft = this.draft;
		if (!draft) return;
		draft.windows = draft.windows.filter((w) => w.id !== windowId);
	}

	/** Ids of saved services and windows are what tickets, cases and reports refer to: fixed once saved. */
	isNewService(serviceId: string): boolean {
		return this.#newIds.includes(`service:${serviceId}`);
	}

	isNewWindow(windowId: string): boolean {
		return this.#newIds.includes(`window:${windowId}`);
	}

	// Holidays ---------------------------------------------------------------------------

	setOverride(date: string, kind: DayOverride | null): void {
		const hours = this.draft?.hours;
		if (!hours) return;
		const next = { ...hours.overrides };
		if (kind === null) delete next[date];
		else next[date] = kind;
		hours.overrides = Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b)));
	}

	// Stations ---------------------------------------------------------------------------

	addStation(): void {
		const draft = this.draft;
		if (!draft) return;
		let n = draft.stations.length + 1;
		while (draft.stations.some((s) => s.id === `K${n}`)) n++;
		const station: StationConfig = { id: `K${n}`, kind: 'kiosk', name: `${n}号取号机`, printer: 'preview' };
		draft.stations.push(station);
	}

	removeStation(index: number): void {
		this.draft?.stations.splice(index, 1);
	}
}

/** The server sends station agent keys masked (「••••••••k1ab」); saved back unchanged, a key stays as it was. */
export function isMaskedKey(key: string | undefined): boolean {
	return !!key && key.startsWith('••••');
}

