// The realtime and HTTP contract between the hall server and every screen.
// Types only: the server and the UI both import this file, so a change here is a
// change to the wire and the compiler points at every place that must follow.
// Command inputs come from the schemas in commands.ts, as types only (no zod in a screen).

import type { z } from 'zod';
import type * as commands from './commands.ts';

export type TicketStatus =
	| 'waiting'
	| 'called'
	| 'serving'
	| 'transferred'
	| 'done'
	| 'refused'
	| 'no_show'
	| 'expired'
	/** 线上取号: holds its place in the queue but is not called until the resident checks in (签到). */
	| 'remote';

/** `appointment`: issued at check-in (签到) for a booked slot (预约); served from the slot's start. */
export type Priority = 'normal' | 'green' | 'appointment';
export type WindowStatus = 'closed' | 'open' | 'paused';
export type Outcome = 'done' | 'refused';

export type ErrorCode =
	| 'bad_request'
	| 'payload_too_large'
	| 'unknown_service'
	| 'unknown_window'
	| 'unknown_ticket'
	| 'unknown_station'
	| 'service_disabled'
	| 'no_window'
	| 'closed'
	| 'queue_empty'
	| 'unauthorized'
	| 'forbidden'
	| 'bad_credentials'
	| 'not_your_window'
	| 'window_occupied'
	| 'window_paused'
	| 'window_closed'
	| 'ticket_in_progress'
	| 'no_current_ticket'
	| 'invalid_state'
	| 'recall_limit'
	| 'reason_required'
	| 'note_required'
	| 'same_target'
	| 'rate_limited'
	| 'nothing_to_rate'
	| 'bad_scan'
	| 'not_found'
	| 'service_in_use'
	| 'window_in_use'
	/** An upload that is not a PNG, JPEG, WebP or GIF image (judged by its bytes). */
	| 'media_type'
	/** An upload over 2 MB. */
	| 'media_too_large'
	| 'staff_signed_in'
	/** The hall file was saved by someone else since this copy was loaded (If-Match). */
	| 'config_conflict'
	/** The same Idempotency-Key again with a different request: a retry must repeat the original. */
	| 'idempotency_conflict'
	/** A pasted holiday notice with a line that cannot be read; `details.line` names it. */
	| 'notice_unreadable'
	/** A one-time or reset password: change it (POST /api/session/password) before anything else. */
	| 'password_change_required'
	/** Too many long exports running at once (each has a thread of its own). */
	| 'export_busy'
	/** The export is still being built, failed or was cancelled: no file to download. */
	| 'export_not_ready'
	/** 预约: the slot has no places left. */
	| 'slot_full'
	/** 预约: this phone already holds a booking for the service that day. */
	| 'duplicate_booking'
	/** 预约: the phone missed too many bookings (爽约) and may not book until `details.until`. */
	| 'booking_banned'
	/** 预约: the hall takes no bookings that day (shut, closed to booking, or out of range). */
	| 'closed_day'
	/** 签到 before `checkInEarlyMinutes` ahead of the slot: `details.from` says from when. */
	| 'too_early'
	/** 签到 past the slot's start plus `lateGraceMinutes`: take a normal ticket instead. */
	| 'too_late'
	/** No booking or remote ticket with that code (and phone). */
	| 'unknown_appointment'
	/** 线上取号: this phone already holds an open remote ticket. */
	| 'duplicate_remote'
	/** The service takes no bookings (its `appointments.enabled` is false). */
	| 'appointments_disabled'
	/** 手写: no handwriting recognizer on this server (zinnia or its model missing, or it keeps failing). */
	| 'handwriting_unavailable'
	/** No complaint or objection with that reference (回执编号). */
	| 'unknown_reference'
	/** 好差评: the visit ended too long ago to be rated now (the next resident may be at the window). */
	| 'rating_expired'
	| 'internal';

export interface ApiError {
	code: ErrorCode;
	/** Chinese, ready to be shown on a screen. */
	message: string;
	/** Extra facts for the screen, e.g. `nextOpening` for `closed`. */
	details?: Record<string, unknown>;
}

export type Ack<T> = { data: T } | { error: ApiError };

export interface ServiceGuide {
	conditions: string[];
	materials: string[];
	steps: string[];
	fees: string;
	legalBasis: string;
	/** 办事说明: markdown (see src/lib/markdown), may show uploaded /media images such as a flow chart. */
	details?: string;
}

export interface ServiceInfo {
	id: string;
	prefix: string;
	name: string;
	nameEn: string;
	/** 承诺时限, in working days; 0 means handled on the spot. */
	timeLimitDays: number;
	windowIds: string[];
	enabled: boolean;
	guide: ServiceGuide;
	/** Optional heading the kiosk groups the tiles under when a hall offers many services. */
	group?: string;
	groupEn?: string;
}

export interface StaffBadge {
	name: string;
	staffNo: string;
}

export interface WindowInfo {
	id: string;
	name: string;
	serviceIds: string[];
	status: WindowStatus;
	/** 挂牌上岗: shown when the hall enables it. */
	staff: StaffBadge | null;
	/** While paused: why (「暂停服务」 + this on the boards); null for a pause recorded before reasons were asked. */
	pauseReason?: string | null;
}

/** What anyone may see of a ticket: no personal data. */
export interface TicketPublic {
	id: string;
	number: string;
	serviceId: string;
	serviceName: string;
	priority: Priority;
	status: TicketStatus;
	/** People ahead in this ticket's queue; 0 once called. */
	ahead: number;
	/** Minutes until called, from today's real service times; null until enough visits of the service finished today (MIN_WAIT_SAMPLE, 5). */
	estimatedWaitMinutes: number | null;
	windowId: string | null;
	windowName: string | null;
	issuedAt: number;
	calledAt: number | null;
	/** 预约 tickets: the booked slot's start (epoch ms); the ticket is served from then. */
	slotStart?: number;
	/** Remote tickets passed over before check-in: the place is kept until then (epoch ms). */
	heldUntil?: number;
	/** Times the ticket was passed over (过号), when it was: once it is back in the queue, twice it is gone. */
	noShows?: number;
	/** 不予受理: the reason the window recorded. */
	refusalReason?: string;
}

export interface TransferRecord {
	at: number;
	fromWindowId: string;
	byStaffId: string;
	toServiceId: string | null;
	toWindowId: string | null;
	note: string;
}

/** What the window terminal sees of the ticket in hand. */
export interface TicketDetail extends TicketPublic {
	recallCount: number;
	noShowCount: number;
	firstResponderStaffId: string | null;
	firstResponderWindowId: string | null;
	transfers: TransferRecord[];
	startedAt: number | null;
}

export interface CallInfo {
	ticketId: string;
	number: string;
	serviceId: string;
	windowId: string;
	windowName: string;
	staff: StaffBadge | null;
	at: number;
	recall: boolean;
	/** The called ticket's lane: the board marks 预约 (appointment) calls. */
	priority?: Priority;
}

export interface WaitingCount {
	serviceId: string;
	serviceName: string;
	prefix: string;
	waiting: number;
}

export interface OpeningInfo {
	open: boolean;
	/** Today's opening periods in local time, e.g. [["08:30","12:00"],["14:30","18:00"]]. */
	todayPeriods: [string, string][];
	/** Epoch ms of the next opening when closed. */
	nextOpening: number | null;
}

/** How the display board speaks: the hall file's `voice` block. */
export interface VoiceSettings {
	/** Times the Chinese sentence is said per call (1–5); halls say it twice. */
	repeat: number;
	/** Add the English sentence once after the Chinese ones. */
	english: boolean;
	/** `clips`: the voice pack, works offline everywhere; `system`: the platform's zh-CN voice where one exists, else the clips. */
	engine: 'clips' | 'system';
	/** Voice pack directory under /voice/ (a hall's own recorded pack sits next to `default`). */
	pack: string;
}

export interface BoardSnapshot {
	version: number;
	hallName: string;
	hallNameEn: string;
	/** The hall's logo, a /media image path; null without one. */
	logo: string | null;
	day: string;
	calls: CallInfo[];
	waiting: WaitingCount[];
	windows: WindowInfo[];
	opening: OpeningInfo;
	voice: VoiceSettings;
}

export interface KioskSnapshot {
	version: number;
	hallName: string;
	hallNameEn: string;
	/** The hall's logo, a /media image path; null without one. */
	logo: string | null;
	complaintPhone: string;
	services: ServiceInfo[];
	waiting: WaitingCount[];
	opening: OpeningInfo;
	/** The station's printer, when the kiosk subscribed (or asked) with a station; null without one. */
	printer?: PrinterStatusInfo | null;
	/** How many times a window calls again before 过号 (the hall's rules): for the words on the ticket. */
	recallLimit?: number;
}

export interface WindowSnapshot {
	version: number;
	window: WindowInfo;
	current: TicketDetail | null;
	/** Waiting tickets this window could call, in the order call-next would take them. */
	queue: TicketPublic[];
	waiting: WaitingCount[];
	/** How many times a called number may be called again (重呼); the terminal disables 重呼 at it. */
	recallLimit?: number;
}

/** Position of every waiting number in a service queue, for the phone status pages. */
export interface QueueOrder {
	serviceId: string;
	numbers: string[];
	/** Total waiting; `numbers` is cut to the first few hundred. */
	waiting: number;
}

// Command inputs are the inferred types of the schemas the server validates with (commands.ts).
export type IssueTicketInput = z.input<typeof commands.issueTicketSchema>;
export type WindowActionInput = z.input<typeof commands.windowRefSchema>;
export type CallTicketInput = z.input<typeof commands.callTicketSchema>;
export type FinishInput = z.input<typeof commands.finishSchema>;
export type TransferInput = z.input<typeof commands.transferSchema>;

export interface SessionInfo {
	token: string;
	staff: { id: string; username: string; name: string; staffNo: string; role: StaffRole };
	/** A one-time or reset password: the screens ask for a new one before anything else. */
	mustChangePassword?: boolean;
}

export type StaffRole = 'staff' | 'director' | 'admin';

/** 公示: a notice during its publicity period, as the kiosk shows it. */
export interface NoticePublic {
	id: string;
	title: string;
	/** Markdown (src/lib/markdown): paragraphs separated by blank lines; raw HTML is shown as text. */
	body: string;
	/** The body's first paragraph as plain text, markup taken off (the board's ticker). */
	summary: string;
	category: string;
	/** Publicity period, local dates (inclusive). */
	publishFrom: string;
	publishTo: string;
}

export interface ObjectionInput {
	name: string;
	phone: string;
	content: string;
	station?: string;
}

export interface ObjectionReceipt {
	reference: string;
	noticeId: string;
	createdAt: number;
	/** The day an answer is due (YYYY-MM-DD), working days by the hall's calendar. */
	dueDate?: string;
	/** The count ran into a year whose holiday schedule is not yet published: the date may move. */
	beyondKnownSchedule?: boolean;
}

export type ComplaintCategory = 'complaint' | 'report' | 'suggestion' | 'praise';

export interface ComplaintInput {
	category: ComplaintCategory;
	content: string;
	contactName?: string;
	contactPhone?: string;
	station?: string;
}

export interface ComplaintReceipt {
	reference: string;
	/** The day an answer is due, 15 working days on. */
	dueDate: string;
	/** The count ran into a year whose holiday schedule is not yet published: the date may move. */
	beyondKnownSchedule?: boolean;
	createdAt: number;
}

/** 登记备案: how a matter was resolved. */
export type Resolution = 'on_the_spot' | 'agency' | 'referred' | 'refused';
export type NotifyVia = 'phone' | 'sms' | 'in_person' | 'letter';
export type CaseSource = 'ticket' | 'phone' | 'evaluation';
export type CaseUrgency = 'overdue' | 'due_soon' | 'on_time' | 'closed';

export interface CaseInput {
	/** From a served ticket; omit for a phone inquiry (首问 applies to calls too). */
	ticketId?: string;
	serviceId?: string;
	personName: string;
	personPhone: string;
	content: string;
	resolution: Resolution;
	/** Working days; defaults to the service's 承诺时限. */
	timeLimitDays?: number;
	missingMaterials?: string[];
}

export interface CaseRecord {
	id: string;
	reference: string;
	source: CaseSource;
	ticketId: string | null;
	ticketNumber: string | null;
	serviceId: string | null;
	serviceName: string | null;
	windowId: string | null;
	staffId: string;
	staffName: string | null;
	/** Handed on to this staff member (转交): they may see its personal data and record its result. */
	assignedTo: string | null;
	/** Masked (张*明, 138****1234) unless the reader may see personal data. */
	personName: string | null;
	personPhone: string | null;
	personDataMasked: boolean;
	content: string;
	resolution: Resolution;
	acceptedDate: string;
	timeLimitDays: number;
	dueDate: string;
	/** The deadline runs past the official holiday schedule: it may move once the schedule is published. */
	beyondKnownSchedule: boolean;
	/** Each time the due date moved with the holiday calendar (old date, new date, why), oldest first; on a single case's read. */
	dueDateChanges?: DueDateChange[];
	/** A closed case, on a single case's read: the reader's own latest 查阅 request for it, if any. */
	myAccessRequest?: { id: string; status: 'pending' | 'approved' | 'rejected'; requestedAt: number; expiresAt: number | null } | null;
	status: 'open' | 'done';
	urgency: CaseUrgency;
	result: string | null;
	resultAt: number | null;
	notifiedVia: NotifyVia | null;
	notifiedAt: number | null;
	noticeSlipPrintedAt: number | null;
	missingMaterials: string[];
	createdAt: number;
}

export interface DueDateChange {
	from: string;
	to: string;
	beyondBefore: boolean;
	beyondAfter: boolean;
	/** Chinese, e.g. 「录入国务院2027年放假安排：2027-01-01 改为放假」. */
	why: string;
	at: number;
}

/** The national 好差评 five grades: 5 非常满意 … 1 非常不满意. */
export type Grade = 1 | 2 | 3 | 4 | 5;

export interface PendingRating {
	windowId: string;
	ticketId: string;
	number: string;
	serviceName: string;
	staff: StaffBadge | null;
	finishedAt: number;
}

export interface EvaluationReceipt {
	ticketId: string;
	grade: Grade;
	/** 不满意 and 非常不满意 open a follow-up case due in 15 working days. */
	followUpCaseReference: string | null;
}

// Printing and station agents ------------------------------------------------------

/** 'unknown': the printer takes data but cannot report its state (e.g. a write-only /dev/usb/lp0). */
export type PrinterStatusCode =
	| 'ok'
	| 'unknown'
	| 'unreachable'
	| 'offline'
	| 'paper_out'
	| 'cover_open'
	| 'timeout'
	| 'printer_error';

// 值班 (duty roster and log) -------------------------------------------------------

export type DutyRole = 'leader' | 'member';
export type DutyLogKind = 'call' | 'visit' | 'event' | 'handover';

export interface DutyPerson {
	staffId: string;
	name: string;
	staffNo: string;
	/** 带班领导 or 值班人员. */
	role: DutyRole;
}

export interface DutyDay {
	day: string;
	/** A working day by the calendar (official holidays and 调休 included). */
	workingDay: boolean;
	/** The hall's opening periods that day: on a rest day these are the 值班 hours. */
	hours: [string, string][];
	people: DutyPerson[];
}

export interface DutyLogEntry {
	id: string;
	day: string;
	at: number;
	staffId: string;
	staffName: string | null;
	kind: DutyLogKind;
	content: string;
}

/** GET /api/duty/today: today's roster and log, and whether the asking staff member is on it. */
export interface DutyToday {
	day: string;
	onDuty: boolean;
	roster: DutyDay;
	log: DutyLogEntry[];
}

/** What makes a station whole: a kiosk's or board's screen, a kiosk's or window's station agent. */
export type StationPart = 'screen' | 'agent';

/** A configured station (kiosk, board, window keypad) and whether it is connected: the 'station:presence' fact. */
export interface StationPresenceInfo {
	station: string;
	kind: 'kiosk' | 'board' | 'window';
	name: string;
	online: boolean;
	/** The parts not connected now (after a short grace, so that a reload is not an outage). */
	missing: StationPart[];
	/** Since when (hall clock, ms) the station has been online or offline as it is now. */
	since: number;
}

/** A kiosk station's printer as the hall knows it now: the 'printer:status' fact. */
export interface PrinterStatusInfo {
	station: string;
	code: PrinterStatusCode;
	/** Jobs print now (code 'ok' or 'unknown'); otherwise they wait, and the ticket is on screen only. */
	ready: boolean;
	paperNearEnd: boolean;
	/** Chinese, ready for the kiosk and staff screens, e.g. 「打印机缺纸，请联系工作人员」. */
	message: string;
	/** The printer's own words (English, for staff and logs); null when there is nothing to add. */
	detail: string | null;
	/** Where the station's jobs go now: its connected station agent, or the printer the server drives. */
	via: 'server' | 'agent';
	/** Jobs not yet printed for this station. */
	pending: number;
	at: number;
}

/** `receipt`: the 回执 of a complaint or an objection filed at a kiosk. */
export type PrintJobKind = 'ticket' | 'notification' | 'receipt';
/** queued → (sent to an agent) → printed | failed | dropped (older than 10 minutes, or shutdown). */
export type PrintJobState = 'queued' | 'sent' | 'printed' | 'failed' | 'dropped';

/** One slip to print: the 'print:updated' fact to the station's kiosk. */
export interface PrintJobInfo {
	id: string;
	station: string;
	kind: PrintJobKind;
	ticketId: string | null;
	number: string | null;
	serviceId: string | null;
	state: PrintJobState;
	via: 'server' | 'agent';
	/** Why a job failed or was dropped: a transport code ('unreachable', 'timeout', …), 'expired', 'shutdown' or 'restart'. */
	reason: string | null;
	createdAt: number;
	at: number;
}

export type PrintNotificationInput = z.input<typeof commands.printNotificationSchema>;

/** A ticket QR scanned at a kiosk station, for its screen: the 'kiosk:scanned' fact. */
export interface KioskScanned {
	station: string;
	ticket: TicketPublic;
	at: number;
}

/** A 回执's QR scanned at a kiosk station: its screen opens 进度查询 with the number ('kiosk:reference-scanned'). */
export interface KioskReferenceScanned {
	station: string;
	reference: string;
	at: number;
}

/** The agent's answer to a 回执's QR: the number its kiosk screen now looks up. */
export interface ScannedReference {
	reference: string;
}

export type AgentPrinterKind = 'tcp' | 'file' | 'usb' | 'preview';

/** First message of a station agent; `key` is the station's agentKey from the hall file. */
export type AgentHello = z.input<typeof commands.agentHelloSchema>;

export interface AgentWelcome {
	station: string;
	hallName: string;
	/** Jobs older than this are dropped instead of printed (10 minutes). */
	maxAgeMs: number;
	/** How often the agent reads its printer's status while idle. */
	statusIntervalMs: number;
}

export type AgentPrinterStatus = z.input<typeof commands.agentStatusSchema>;

/** A job for a station agent: ESC/POS bytes, ready for its printer. */
export interface AgentPrintJob {
	id: string;
	kind: PrintJobKind;
	ticketId: string | null;
	number: string | null;
	/** How old the job already is; the agent dates it on its own clock. */
	ageMs: number;
	bytes: Uint8Array;
	/** The slip as SVG, sent only to agents whose printer is `preview`. */
	svg?: string;
}

/** The agent's answer to 'print:job', sent when the job has left its queue. */
export type AgentJobOutcome =
	| { outcome: 'printed'; attempts: number }
	| { outcome: 'dropped'; reason: 'expired' | 'queue_closed'; ageMs: number }
	| { outcome: 'failed'; code: string; message: string };

/** What the scanner read: a ticket status URL of this hall, or a bare ticket id. */
export type AgentScanInput = z.input<typeof commands.agentScanSchema>;

/** A visit was rated, at the tablet or on the evaluator pad: the tablet goes back to idle, the terminal shows it. */
export interface RatingRecorded {
	windowId: string;
	ticketId: string;
	number: string;
	grade: Grade;
	source: 'screen' | 'pad';
	at: number;
}

/** The keys of a USB caller keypad (叫号器), as a window station agent reports them. */
export type KeypadAction = 'next' | 'recall' | 'no-show' | 'start' | 'finish' | 'pause' | 'resume';

/**
 * A window station agent's handshake: its station in the hall file (`kind: "window"`), or the
 * window it sits at, and the station's `agentKey`.
 */
export type WindowStationHello = z.input<typeof commands.windowStationHelloSchema>;

export interface WindowStationWelcome {
	station: string;
	windowId: string;
	windowName: string;
	hallName: string;
}

/** What a keypad key did: the window's ticket in hand afterwards (null when nobody was waiting). */
export interface KeypadResult {
	action: KeypadAction;
	ticket: TicketDetail | null;
	window: WindowInfo;
}

type AckFn<T> = (ack: Ack<T>) => void;

export interface ClientToServerEvents {
	/** `station`: the board's id in the hall file, so the console knows the board is on. */
	'board:subscribe': (input: { zone?: string; station?: string }, ack: AckFn<BoardSnapshot>) => void;
	'kiosk:subscribe': (input: { station?: string }, ack: AckFn<KioskSnapshot>) => void;
	'ticket:subscribe': (input: { ticketId: string }, ack: AckFn<TicketPublic>) => void;
	'window:subscribe': (input: WindowActionInput, ack: AckFn<WindowSnapshot>) => void;
	'ticket:issue': (input: IssueTicketInput, ack: AckFn<TicketPublic>) => void;
	/** An empty queue answers the error `queue_empty`, as on every door. */
	'ticket:call-next': (input: WindowActionInput, ack: AckFn<TicketDetail>) => void;
	'ticket:call': (input: CallTicketInput, ack: AckFn<TicketDetail>) => void;
	'ticket:recall': (input: WindowActionInput, ack: AckFn<TicketDetail>) => void;
	'ticket:no-show': (input: WindowActionInput, ack: AckFn<TicketDetail>) => void;
	'ticket:start': (input: WindowActionInput, ack: AckFn<TicketDetail>) => void;
	'ticket:finish': (input: FinishInput, ack: AckFn<TicketDetail>) => void;
	'ticket:transfer': (input: TransferInput, ack: AckFn<TicketDetail>) => void;
	'window:pause': (input: z.input<typeof commands.pauseSchema>, ack: AckFn<WindowInfo>) => void;
	'window:resume': (input: WindowActionInput, ack: AckFn<WindowInfo>) => void;
	/** The rating tablet facing the resident at a window. */
	'rate:subscribe': (input: WindowActionInput, ack: AckFn<PendingRating | null>) => void;
	'rate:submit': (input: z.input<typeof commands.rateWithReasonSchema>, ack: AckFn<EvaluationReceipt>) => void;
	/** Window station agents (USB caller keypad, evaluator pad): the handshake first, then the keys. */
	'window-station:hello': (input: WindowStationHello, ack: AckFn<WindowStationWelcome>) => void;
	/** Runs the action as the staff member signed in at the station's window, exactly as a screen tap. */
	'keypad:press': (input: { action: KeypadAction }, ack: AckFn<KeypadResult>) => void;
	/** Rates the visit just finished at the station's window (好差评 from the evaluator pad). */
	'evaluator:press': (input: { grade: Grade }, ack: AckFn<EvaluationReceipt>) => void;
	/** Prints the service's 一次性告知单 at the station's printer. */
	'print:notification': (input: PrintNotificationInput, ack: AckFn<PrintJobInfo>) => void;
	/** Staff screens: every kiosk printer's status now; alerts follow as 'printer:status'. */
	'printers:subscribe': (input: Record<string, never>, ack: AckFn<PrinterStatusInfo[]>) => void;
	/** Station agents only: register for the station's print jobs. */
	'agent:hello': (input: AgentHello, ack: AckFn<AgentWelcome>) => void;
	'agent:status': (input: AgentPrinterStatus, ack: AckFn<PrinterStatusInfo>) => void;
	'agent:scan': (input: AgentScanInput, ack: AckFn<TicketPublic | ScannedReference>) => void;
	/** A complaint's or an objection's reference (回执编号): where it stands. */
	'reference:lookup': (input: { reference: string }, ack: AckFn<ReferenceLookup>) => void;
}

export interface ServerToClientEvents {
	'ticket:issued': (fact: { version: number; ticket: TicketPublic }) => void;
	'ticket:called': (fact: { version: number; call: CallInfo }) => void;
	/** Any change of a ticket's public status; sent to the ticket's own room. */
	'ticket:updated': (fact: { version: number; ticket: TicketPublic }) => void;
	'queue:changed': (fact: { version: number; waiting: WaitingCount[]; orders: QueueOrder[] }) => void;
	/**
	 * The whole window view again (it is small): sent to the window's own room when its ticket,
	 * status or queue changes. Boards get it too on status changes, with `current: null` and
	 * empty `queue` and `waiting`: they only show the window's name, status and staff.
	 */
	'window:changed': (fact: WindowSnapshot) => void;
	'hall:resync': (fact: { version: number; reason: string }) => void;
	/** A visit just finished at the window: the rating tablet asks the resident. */
	'rate:requested': (fact: PendingRating) => void;
	/** The visit was rated (tablet or pad): to the window's rating tablets and its terminal. */
	'rate:recorded': (fact: RatingRecorded) => void;
	/** The window called someone (the next resident is at the tablet): the tablet stops asking about the visit before. */
	'rate:closed': (fact: { version: number; windowId: string }) => void;
	/** To the station's kiosk (room kiosk:<station>) and every staff screen. */
	'printer:status': (fact: PrinterStatusInfo) => void;
	/** To every staff screen: a configured station came or went. */
	'station:presence': (fact: StationPresenceInfo) => void;
	/** To the station's kiosk; failed and dropped jobs to staff screens too. */
	'print:updated': (fact: PrintJobInfo) => void;
	/** To the station's kiosk: a ticket QR was scanned at the station. */
	'kiosk:scanned': (fact: KioskScanned) => void;
	'kiosk:reference-scanned': (fact: KioskReferenceScanned) => void;
	/** To a station agent: print this; the ack comes when the job has left the agent's queue. */
	'print:job': (job: AgentPrintJob, ack: (result: Ack<AgentJobOutcome>) => void) => void;
	/** To boards and kiosks: a notice was published, withdrawn or closed; the notices in their publicity period now. */
	'notices:changed': (fact: { notices: NoticePublic[] }) => void;
}

// ---------------------------------------------------------------------------------------------
// The console API (/api/console/*): what it answers with and what it takes. Written out here so
// that the screens import nothing of the server; tests/contract/console-types.ts checks at
// compile time that the server's answers are exactly these shapes.

/** One `[from, to]` opening period, local `HH:MM`. */
export type PeriodConfig = [string, string];
export type DayOverride = 'workday' | 'holiday';

export interface ServiceGuideConfig {
	conditions: string[];
	materials: string[];
	steps: string[];
	fees: string;
	legalBasis: string;
	/** 办事说明 (markdown). */
	details?: string;
}

export interface ServiceConfig {
	id: string;
	prefix: string;
	name: string;
	nameEn: string;
	timeLimitDays: number;
	enabled: boolean;
	guide: ServiceGuideConfig;
	group?: string;
	groupEn?: string;
	/** 预约: slots of `slotMinutes` within the opening periods, `capacity` places each, `bookAheadDays` ahead. */
	appointments?: { enabled: boolean; slotMinutes: number; capacity: number; bookAheadDays: number };
}

export interface AppointmentRulesConfig {
	checkInEarlyMinutes: number;
	lateGraceMinutes: number;
	noShowLimit: number;
	noShowWindowDays: number;
	banDays: number;
	closedDays: string[];
	/** Why each closed day is closed, by date. */
	closedDayReasons: Record<string, string>;
	remoteTaking: boolean;
}

export interface WindowConfig {
	id: string;
	name: string;
	serviceIds: string[];
	zone: string | null;
}

export interface StationConfig {
	id: string;
	kind: 'kiosk' | 'board' | 'window';
	name: string;
	printer?: string;
	paper?: '58mm' | '80mm';
	agentKey?: string;
	windowId?: string;
}

/** The hall file as the console reads and saves it (GET/PUT /api/console/config). */
export interface HallFile {
	hallName: string;
	hallNameEn: string;
	complaintPhone: string;
	logo: string | null;
	timeZone: string;
	hours: {
		alwaysOpen: boolean;
		workday: PeriodConfig[];
		restDay: PeriodConfig[];
		overrides: Record<string, DayOverride>;
		/** State Council schedules entered from their notices, by year. */
		published: Record<string, { holidays: string[]; workdays: string[]; appliedBy?: string; appliedAt?: number }>;
	};
	rules: { recallLimit: number; greenBurst: number; remoteHoldMinutes: number };
	/** The hall's 预约 rules, including the 爽约 rule and days closed to booking. */
	appointmentRules: AppointmentRulesConfig;
	/** The outbound port for 预约 messages: `preview` files, or the hall's SMS platform webhook. */
	notifications:
		| { adapter: 'preview'; reminderMinutes: number; almostTurnAhead: number }
		| { adapter: 'webhook'; url: string; secret: string; reminderMinutes: number; almostTurnAhead: number };
	showStaffOnBoard: boolean;
	voice: { repeat: number; english: boolean; engine: 'clips' | 'system'; pack: string };
	demoStaff: boolean;
	publicUrl: string | null;
	/** The district hub this hall ships its facts to (docs/district.md); null: none. */
	upstream: { url: string; hallId: string; key: string } | null;
	services: ServiceConfig[];
	windows: WindowConfig[];
	stations: StationConfig[];
}

/** GET /api/console/duty: the days of a range with their roster, the log of those days, and the hall's today. */
export interface DutyRange {
	days: DutyDay[];
	log: DutyLogEntry[];
	today: string;
}

/** GET /api/console/live: the hall now, and which configured stations are connected. */
export interface LiveReport {
	at: number;
	/** The hall's business day (YYYY-MM-DD, its time zone): today's totals are counted for it. */
	day: string;
	waiting: WaitingCount[];
	totalWaiting: number;
	serving: number;
	longestWaitMinutes: number;
	windows: WindowInfo[];
	stations: StationPresenceInfo[];
	/** Accounts of a non-demo hall still on the demo password. */
	demoPasswordAccounts: string[];
}

export interface TimeStats {
	count: number;
	averageMinutes: number | null;
	p90Minutes: number | null;
}

export interface ReportServiceRow {
	serviceId: string;
	serviceName: string;
	issued: number;
	done: number;
	refused: number;
	noShow: number;
	expired: number;
	transferredAway: number;
	/** Tickets of other services transferred here (转入): counted here as well as under the service they were taken for. */
	transferredIn: number;
	wait: TimeStats;
	service: TimeStats;
}

export interface ReportHourRow {
	hour: string;
	issued: number;
	called: number;
	served: number;
}

export interface ReportPeopleRow {
	id: string;
	name: string;
	served: number;
	service: TimeStats;
	ratings: number;
	averageGrade: number | null;
	badRatings: number;
}

/** GET /api/console/reports: one day, week or month. */
export interface PeriodReport {
	from: string;
	to: string;
	totals: { issued: number; done: number; refused: number; noShow: number; expired: number; transfers: number };
	services: ReportServiceRow[];
	windows: ReportPeopleRow[];
	staff: ReportPeopleRow[];
	hours: ReportHourRow[];
	refusals: { number: string; serviceName: string; reason: string; staffName: string | null; at: number }[];
	cases: { opened: number; open: number; overdue: number; done: number };
	complaints: { received: number; open: number; answered: number };
	attendance: { staffName: string; day: string; firstSignIn: number | null; lastSignOut: number | null }[];
	/** Days each staff member signed in during the period. */
	attendanceDays: { staffName: string; days: number }[];
	/** The screen lists the newest refusals and, for short periods, per-day attendance; the workbook has every row. */
	listed: { refusals: number; refusalsTotal: number; attendance: boolean };
	/** Days counted from stored rollups, and days counted live from the event log. */
	basis: { rolledUpDays: number; liveDays: number };
}

/** POST/GET /api/console/exports: a long export as a job with progress and cancel. */
export interface ExportJob {
	id: string;
	from: string;
	to: string;
	state: 'running' | 'done' | 'failed' | 'cancelled';
	done: number;
	total: number;
	startedAt: number;
	finishedAt: number | null;
	message: string | null;
	fileName: string;
}

export interface StaffAccount {
	id: string;
	username: string;
	name: string;
	staffNo: string;
	role: StaffRole;
	disabled: boolean;
	/** Some address is being slowed down on this account (back-off after wrong passwords). */
	locked: boolean;
	/** Created or reset by someone else: the first login must choose a new password. */
	mustChangePassword: boolean;
}

export interface NoticeEntry extends NoticePublic {
	status: string;
	objections: number;
	unanswered: number;
}

export interface ObjectionEntry {
	id: string;
	reference: string;
	name: string;
	phone: string;
	content: string;
	createdAt: number;
	answer: string | null;
	answeredAt: number | null;
}

export interface ComplaintEntry {
	id: string;
	reference: string;
	category: string;
	content: string;
	contactName: string | null;
	contactPhone: string | null;
	source: string;
	createdAt: number;
	dueDate: string;
	/** Counted past the published holiday schedule: the date may move when it is published. */
	beyondKnownSchedule: boolean;
	/** The last time the due date moved with the calendar: old date, new date, why. */
	dueDateChange: DeadlineChange | null;
	overdue: boolean;
	status: string;
	assignedTo: string | null;
	answer: string | null;
	answeredAt: number | null;
}

/** A deadline moved because the holiday calendar changed. */
export interface DeadlineChange {
	from: string;
	to: string;
	beyondBefore: boolean;
	beyondAfter: boolean;
	why: string;
	at: number;
}

export interface AuditEntry {
	at: number;
	staffId: string;
	staffName: string | null;
	action: string;
	target: string | null;
	/** The actor in words: 「张三（工号 A001）」. */
	staffLabel: string;
	/** The action in the director's words (src/lib/console/log-labels.ts). */
	actionLabel: string;
	/** The target as people name it: a notice's title, a case's reference, a person's name. */
	targetLabel: string;
}

export interface AccessRequestEntry {
	id: string;
	caseId: string;
	caseReference: string;
	requestedBy: string;
	requestedByName: string | null;
	reason: string;
	requestedAt: number;
	status: string;
	decidedBy: string | null;
	decidedAt: number | null;
	expiresAt: number | null;
}

export interface AccessLogEntry {
	seq: number;
	at: number;
	staffId: string;
	staffName: string | null;
	recordType: 'case' | 'objection' | 'complaint' | 'ticket' | 'appointment';
	recordId: string;
	/** Every record the read showed (one line per read). */
	recordIds: string[];
	fields: string[];
	requestId: string | null;
	/** In words, for the director: reader, record kind, records by reference, fields, on what grounds. */
	staffLabel: string;
	recordTypeLabel: string;
	recordLabel: string;
	fieldsLabel: string;
	basisLabel: string;
}

/** GET /api/console/calendar?year=: the holiday package's official days of one year. */
/** How much of a year's schedule the hall knows: the State Council's, only the statutory days, or nothing. */
export type YearCoverage = 'published' | 'statutory' | 'unknown';
export type YearSource = 'package' | 'notice' | 'statutory' | null;

export interface StatutoryHoliday {
	date: string;
	/** 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节. */
	name: string;
}

/** GET /api/console/calendar?year=: a year's official days, its coverage, and its statutory holidays. */
export interface CalendarInfo {
	year: number;
	coverage: YearCoverage;
	source: YearSource;
	/** The last year of the unbroken run of published schedules. */
	knownThroughYear: number;
	/** The year's official days that differ from a plain Mon–Fri week, before the hall's own edits. */
	official: Record<string, DayOverride>;
	/** The statutory holidays with their names; null beyond the years that can be computed. */
	statutory: StatutoryHoliday[] | null;
	/** When the schedule came from a pasted notice: who entered it and when. */
	appliedBy: string | null;
	appliedAt: number | null;
}

/** GET /api/console/calendar/coverage: which years are covered, and the hall's today. */
export interface CalendarCoverage {
	today: string;
	years: { year: number; coverage: YearCoverage; source: YearSource }[];
}

export interface NoticeFestival {
	/** The line's label as written: 元旦, 春节, 国庆节、中秋节 … */
	name: string;
	/** 1-based line number in the pasted text. */
	line: number;
	holidays: string[];
	workdays: string[];
}

/** POST /api/console/calendar/notice: what a pasted notice says, and what it would change here. */
export interface NoticePreview {
	year: number;
	holidays: string[];
	workdays: string[];
	festivals: NoticeFestival[];
	/** The year's coverage now, before the notice. */
	coverage: YearCoverage;
	/** Days whose kind the notice would change in this hall (true: a working day). */
	changes: { date: string; before: boolean; after: boolean }[];
	/** Open cases, complaints and follow-ups whose due date the notice would move. */
	affected: number;
}

/** POST /api/console/calendar/notice/apply: the preview, and the deadlines recounted. */
export interface NoticeApplied extends NoticePreview {
	recounted: (Omit<DeadlineChange, 'at'> & { kind: 'case' | 'complaint'; id: string; reference: string })[];
}

export type ComplaintStatus = 'open' | 'answered' | 'closed';

export interface ComplaintPatch {
	assignedTo?: string;
	answer?: string;
	dueDate?: string;
	status?: ComplaintStatus;
}

export interface NoticeDraft {
	title: string;
	body: string;
	category: string;
	publishFrom: string;
	publishTo: string;
	publish: boolean;
}

export interface StaffDraft {
	username: string;
	name: string;
	staffNo: string;
	role: StaffRole;
	password: string;
}

// 预约 and 线上取号 (issue 14) ----------------------------------------------------------

/** One bookable slot of a day: GET /api/appointments/slots. */
export interface AppointmentSlot {
	start: string;
	end: string;
	capacity: number;
	booked: number;
	available: number;
}

export type AppointmentStatus = 'booked' | 'cancelled' | 'checked_in' | 'no_show';

/** A booking as its holder sees it (code + phone): name and number masked even so. */
export interface AppointmentView {
	id: string;
	/** 短码, six characters from an alphabet without look-alikes; shown as K7M-4TX. */
	code: string;
	serviceId: string;
	serviceName: string;
	date: string;
	start: string;
	end: string;
	status: AppointmentStatus;
	name: string;
	phone: string;
	/** Check-in opens at (epoch ms). */
	checkInFrom: number;
	/** Check-in closes at (epoch ms). */
	checkInUntil: number;
	ticketId: string | null;
}

/** The console's and the window's view of a booking: masked unless opened (and access-logged). */
export interface AppointmentStaffView extends AppointmentView {
	createdAt: number;
	cancelledBy: string | null;
	cancelReason: string | null;
}

/** Which services take bookings, and on which days: what /book shows first. */
export interface BookingOptions {
	hallName: string;
	hallNameEn: string;
	/** The hall's zone: slot times and check-in times are its wall clock. */
	timeZone: string;
	services: { id: string; name: string; nameEn: string; slotMinutes: number; days: string[] }[];
	/** Services a resident may take a number for from home (线上取号) right now. */
	remoteServices: { id: string; name: string; nameEn: string; waiting: number }[];
	open: boolean;
	rules: { checkInEarlyMinutes: number; lateGraceMinutes: number; remoteHoldMinutes: number };
}

/** A remote ticket as /take shows it: the ticket (status `remote` until check-in) with its 取号码. */
export interface RemoteTicketView extends TicketPublic {
	code: string;
}

export interface AppointmentReportRow {
	serviceId: string;
	serviceName: string;
	bookings: number;
	cancelled: number;
	checkedIn: number;
	noShows: number;
	remoteTickets: number;
	remoteCheckedIn: number;
	remoteExpired: number;
}

/** GET /api/console/upstream: the hall's link to the district hub (docs/district.md). */
export interface UpstreamStatus {
	configured: boolean;
	hallId: string | null;
	url: string | null;
	/** The last exchange with the hub succeeded. */
	connected: boolean;
	/** Stored events the hub has not acknowledged yet. */
	behind: number;
	lastAckedSeq: number | null;
	/** When the hub last acknowledged anything (a batch or a heartbeat). */
	lastAckedAt: number | null;
	lastError: { code: string; message: string; at: number } | null;
	/** Requests sent since start: failures back off, so this grows slowly while the hub is down. */
	attempts: number;
}

// ---------------------------------------------------------------------------------------------
// Handwriting (手写) on the kiosk's keyboard: POST /api/handwriting/recognize, GET /api/handwriting.

export type HandwritingInput = z.input<typeof commands.handwritingRecognizeSchema>;

/** One recognized character, best first; `score` only orders, it is no probability. */
export interface HandwritingCandidate {
	char: string;
	score: number;
}

export interface HandwritingAnswer {
	candidates: HandwritingCandidate[];
}

/** Whether this hall server can recognize handwriting: the kiosk shows its 手写 pad only then. */
export interface HandwritingStatus {
	available: boolean;
}

/** 预约: a day the hall takes no bookings although open, as the console lists it. */
export interface ClosedDay {
	date: string;
	reason: string;
	/** Bookings already made for the day: closing it does not cancel them. */
	bookings: number;
}

/** Where a complaint or an objection stands, as its reference's lookup tells the resident. */
export type ReferenceStatus = 'open' | 'answered' | 'closed';

/**
 * A complaint or an objection looked up by its reference (the kiosk's 查询, the phone page of
 * the receipt's QR): what was filed and where it stands, never who filed it.
 */
export interface ReferenceLookup {
	reference: string;
	kind: 'complaint' | 'objection';
	/** Complaints: 投诉 / 举报 / 建议 / 表扬. */
	category: ComplaintCategory | null;
	/** Objections: the notice objected to. */
	noticeTitle: string | null;
	status: ReferenceStatus;
	/** The hall's local day it was filed (YYYY-MM-DD). */
	filedDate: string;
	/** The day an answer is due (YYYY-MM-DD), working days by the hall's calendar. */
	dueDate: string;
	beyondKnownSchedule: boolean;
	/** The hall's answer, once there is one. */
	answer: string | null;
	answeredAt: number | null;
	hallName: string;
}

/** GET /api/complaints/assigned: an open complaint handed to the staff member (their 待办); contact masked. */
export interface AssignedComplaint {
	id: string;
	reference: string;
	category: ComplaintCategory;
	content: string;
	contactName: string | null;
	contactPhone: string | null;
	createdAt: number;
	dueDate: string;
	overdue: boolean;
	status: 'open' | 'answered';
	answer: string | null;
}

/** POST /api/complaints/:id/contact: the contact in full for the call-back (access-logged). */
export interface ComplaintContact {
	id: string;
	reference: string;
	contactName: string | null;
	contactPhone: string | null;
}

/** POST /api/console/stations/:id/reveal-key: one station agent's key in clear (audited). */
export interface StationKeyReveal {
	stationId: string;
	agentKey: string;
}

