// The realtime and HTTP contract between the hall server and every screen.
// Types only: the server and the UI both import this file, so a change here is a
// change to the wire and the compiler points at every place that must follow.

export type TicketStatus =
	| 'waiting'
	| 'called'
	| 'serving'
	| 'transferred'
	| 'done'
	| 'refused'
	| 'no_show'
	| 'expired';

export type Priority = 'normal' | 'green';
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
	| 'not_found'
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
	/** Minutes until called, from today's real service times; null before any service today. */
	estimatedWaitMinutes: number | null;
	windowId: string | null;
	windowName: string | null;
	issuedAt: number;
	calledAt: number | null;
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

export interface BoardSnapshot {
	version: number;
	hallName: string;
	hallNameEn: string;
	day: string;
	calls: CallInfo[];
	waiting: WaitingCount[];
	windows: WindowInfo[];
	opening: OpeningInfo;
}

export interface KioskSnapshot {
	version: number;
	hallName: string;
	hallNameEn: string;
	complaintPhone: string;
	services: ServiceInfo[];
	waiting: WaitingCount[];
	opening: OpeningInfo;
}

export interface WindowSnapshot {
	version: number;
	window: WindowInfo;
	current: TicketDetail | null;
	/** Waiting tickets this window could call, in the order call-next would take them. */
	queue: TicketPublic[];
	waiting: WaitingCount[];
}

/** Position of every waiting number in a service queue, for the phone status pages. */
export interface QueueOrder {
	serviceId: string;
	numbers: string[];
	/** Total waiting; `numbers` is cut to the first few hundred. */
	waiting: number;
}

export interface IssueTicketInput {
	serviceId: string;
	priority?: Priority;
	station?: string;
	idempotencyKey?: string;
}

export interface WindowActionInput {
	windowId: string;
}

export interface CallTicketInput extends WindowActionInput {
	ticketId: string;
}

export interface FinishInput extends WindowActionInput {
	outcome: Outcome;
	reason?: string;
}

export interface TransferInput extends WindowActionInput {
	toServiceId?: string;
	toWindowId?: string;
	note: string;
}

export interface SessionInfo {
	token: string;
	staff: { id: string; username: string; name: string; staffNo: string; role: StaffRole };
}

export type StaffRole = 'staff' | 'director' | 'admin';

/** 公示: a notice during its publicity period, as the kiosk shows it. */
export interface NoticePublic {
	id: string;
	title: string;
	/** Plain text; paragraphs separated by blank lines. */
	body: string;
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

type AckFn<T> = (ack: Ack<T>) => void;

export interface ClientToServerEvents {
	'board:subscribe': (input: { zone?: string }, ack: AckFn<BoardSnapshot>) => void;
	'kiosk:subscribe': (input: { station?: string }, ack: AckFn<KioskSnapshot>) => void;
	'ticket:subscribe': (input: { ticketId: string }, ack: AckFn<TicketPublic>) => void;
	'window:subscribe': (input: WindowActionInput, ack: AckFn<WindowSnapshot>) => void;
	'ticket:issue': (input: IssueTicketInput, ack: AckFn<TicketPublic>) => void;
	'ticket:call-next': (input: WindowActionInput, ack: AckFn<TicketDetail | null>) => void;
	'ticket:call': (input: CallTicketInput, ack: AckFn<TicketDetail>) => void;
	'ticket:recall': (input: WindowActionInput, ack: AckFn<TicketDetail>) => void;
	'ticket:no-show': (input: WindowActionInput, ack: AckFn<TicketDetail>) => void;
	'ticket:start': (input: WindowActionInput, ack: AckFn<TicketDetail>) => void;
	'ticket:finish': (input: FinishInput, ack: AckFn<TicketDetail>) => void;
	'ticket:transfer': (input: TransferInput, ack: AckFn<TicketDetail>) => void;
	'window:pause': (input: WindowActionInput, ack: AckFn<WindowInfo>) => void;
	'window:resume': (input: WindowActionInput, ack: AckFn<WindowInfo>) => void;
	/** The rating tablet facing the resident at a window. */
	'rate:subscribe': (input: WindowActionInput, ack: AckFn<PendingRating | null>) => void;
	'rate:submit': (input: WindowActionInput & { grade: Grade }, ack: AckFn<EvaluationReceipt>) => void;
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
}
