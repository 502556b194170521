// The kiosk screen's own state, apart from the hall's: which view is showing and how we
// got there, the resident's choices (language, 长辈模式, 绿色通道), what they have typed,
// and the idle timer that hands a clean screen to the next resident.
import '../i18n/kiosk-strings.ts';
import type { TicketPublic } from '../protocol.ts';
import { KioskState } from './kiosk.svelte.ts';
import { locale, setLang } from '../i18n.ts';
import { ReadAloud } from './read-aloud.svelte.ts';
import type { ComplaintDraft, ObjectionDraft } from './validate.ts';

export type View =
	| { name: 'home' }
	| { name: 'group'; groupId: string }
	| { name: 'guides' }
	| { name: 'guide'; serviceId: string }
	| { name: 'ticket'; ticket: TicketPublic }
	| { name: 'notices' }
	| { name: 'notice'; noticeId: string }
	| { name: 'objection'; noticeId: string; title: string }
	| { name: 'complaint' }
	/** 进度查询 of a complaint's or an objection's reference; `reference` when it came from a scan. */
	| { name: 'lookup'; reference?: string };

/** A kiosk left alone goes back to the start, ready for the next resident. */
export const IDLE_MS = 60_000;
/** The last seconds before that are announced, with a button to stay. */
export const IDLE_WARN_MS = 15_000;

/** Tiles per screen: fewer and larger in 长辈模式. */
export const TILES_PER_PAGE = { normal: 12, elder: 4 } as const;

function emptyObjection(): ObjectionDraft & { noticeId: string | null } {
	return { noticeId: null, name: '', phone: '', content: '' };
}

function emptyComplaint(): ComplaintDraft {
	return { category: null, content: '', contactName: '', contactPhone: '' };
}

export interface KioskAppOptions {
	station: string | null;
	kiosk?: KioskState;
	voice?: ReadAloud;
	now?: () => number;
}

export class KioskApp {
	readonly kiosk: KioskState;
	readonly voice: ReadAloud;

	view = $state<View>({ name: 'home' });
	/** Where 返回 goes: the views before this one. */
	history = $state.raw<View[]>([]);
	/** 长辈模式: larger type, fewer tiles, the main text read aloud. */
	elder = $state(false);
	/** 绿色通道 for the next ticket. */
	green = $state(false);
	/** The home screen's tile page. */
	page = $state(0);
	/** The current view's main text, read aloud in 长辈模式. */
	readText = $state('');
	/**
	 * What the resident has typed, kept while they move between a form and the notice it
	 * is about, so nothing is lost; wiped on 首页 and on idle, since it is personal data.
	 */
	objection = $state(emptyObjection());
	complaint = $state(emptyComplaint());

	lastActivity = $state(0);
	now = $state(0);

	#now: () => number;

	constructor(options: KioskAppOptions) {
		this.kiosk = options.kiosk ?? new KioskState({ station: options.station });
		this.voice = options.voice ?? new ReadAloud();
		this.#now = options.now ?? Date.now;
		this.lastActivity = this.now = this.#now();
		// The station's scanner read a 回执: its 进度 at once, whatever was on screen (a ticket card shown is put away).
		this.kiosk.onReferenceScanned = (fact) => {
			this.kiosk.dismissScanned();
			this.poke();
			this.go({ name: 'lookup', reference: fact.reference });
		};
	}

	get tilesPerPage(): number {
		return this.elder ? TILES_PER_PAGE.elder : TILES_PER_PAGE.normal;
	}

	/** Seconds until the screen goes back to the start (only meaningful away from a clean home). */
	get idleLeft(): number {
		return Math.max(0, Math.ceil((this.lastActivity + IDLE_MS - this.now) / 1000));
	}

	get idleWarning(): boolean {
		return !this.pristine && this.lastActivity + IDLE_MS - this.now <= IDLE_WARN_MS;
	}

	/** Nothing a next resident should inherit: home, Chinese, normal mode, nothing typed or scanned. */
	get pristine(): boolean {
		return (
			this.view.name === 'home' &&
			this.page === 0 &&
			!this.elder &&
			!this.green &&
			locale.lang === 'zh-CN' &&
			this.kiosk.scanned === null &&
			!this.objection.name &&
			!this.objection.phone &&
			!this.objection.content &&
			!this.complaint.content &&
			!this.complaint.contactName &&
			!this.complaint.contactPhone &&
			this.complaint.category === null
		);
	}

	go(view: View): void {
		this.history = [...this.history, this.view];
		this.view = view;
	}

	/** Replaces the current view without a way back to it (the ticket replaces the guide: 返回 must not offer 取号 again). */
	replace(view: View): void {
		this.view = view;
	}

	back(): void {
		const previous = this.history.at(-1);
		this.history = this.history.slice(0, -1);
		this.view = previous ?? { name: 'home' };
	}

	/** 首页: the start screen; the resident keeps their language and mode, what they typed is wiped. */
	home(): void {
		this.view = { name: 'home' };
		this.history = [];
		this.page = 0;
		this.green = false;
		this.clearDrafts();
	}

	clearDrafts(): void {
		this.objection = emptyObjection();
		this.complaint = emptyComplaint();
	}

	/** Idle: everything back to how the next resident should find it. */
	reset(): void {
		this.home();
		this.elder = false;
		this.kiosk.dismissScanned();
		this.voice.stop();
		setLang('zh-CN');
		this.poke();
	}

	poke(): void {
		this.lastActivity = this.now = this.#now();
	}

	/** One tick of the idle clock. */
	tick(): void {
		this.now = this.#now();
		if (!this.pristine && this.now - this.lastActivity >= IDLE_MS) this.reset();
	}

	/** Starts the idle clock; returns the function that stops it. */
	start(): () => void {
		const timer = setInterval(() => this.tick(), 1000);
		return () => clearInterval(timer);
	}
}
