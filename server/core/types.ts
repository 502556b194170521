import type {
	ErrorCode,
	Outcome,
	Priority,
	ServiceGuide,
	TicketStatus,
	TransferRecord,
	WindowStatus
} from '../../src/lib/protocol.ts';
import type { CalendarConfig } from './calendar.ts';

export interface ServiceDef {
	id: string;
	prefix: string;
	name: string;
	nameEn: string;
	timeLimitDays: number;
	enabled: boolean;
	group?: string;
	groupEn?: string;
	guide: ServiceGuide;
}

export interface WindowDef {
	id: string;
	name: string;
	serviceIds: string[];
	zone: string | null;
}

export interface HallRules {
	/** How many times a called number may be called again (重呼). */
	recallLimit: number;
	/**
	 * After this many priority calls in a row at a window (绿色通道 and 预约 together), a waiting
	 * normal ticket goes first.
	 */
	greenBurst: number;
	/** A remote ticket passed over before check-in keeps its place this long, then expires (default 30). */
	remoteHoldMinutes?: number;
}

export interface HallConfig {
	calendar: CalendarConfig;
	rules: HallRules;
	services: ServiceDef[];
	windows: WindowDef[];
}

export interface Ticket {
	id: string;
	day: string;
	prefix: string;
	/** The number within the prefix for the day: A012 → 12. */
	seqNo: number;
	number: string;
	serviceId: string;
	priority: Priority;
	status: TicketStatus;
	station: string | null;
	issuedAt: number;
	calledAt: number | null;
	startedAt: number | null;
	endedAt: number | null;
	/** Window where the ticket is (or was last) called. */
	windowId: string | null;
	staffId: string | null;
	/** A transfer to a named window pins the ticket to it. */
	targetWindowId: string | null;
	recallCount: number;
	noShowCount: number;
	outcome: Outcome | 'no_show' | 'expired' | null;
	reason: string | null;
	firstResponderStaffId: string | null;
	firstResponderWindowId: string | null;
	transfers: TransferRecord[];
	/** Hall-wide arrival order: FCFS within a lane. */
	queueSeq: number;
	/** Transferred tickets go to the front of their target queue. */
	front: boolean;
	/** 预约 tickets: the booked slot's start (epoch ms). Before it the ticket is not called ahead of others. */
	slotStart: number | null;
	/** The booking (预约) or remote take (线上取号) this ticket belongs to; personal data stays there. */
	bookingId: string | null;
	/** A remote ticket whose turn came before check-in: its place is kept until this instant. */
	heldUntil: number | null;
}

export interface WindowRuntime {
	status: WindowStatus;
	staffId: string | null;
	currentTicketId: string | null;
	greenStreak: number;
	/** Why the window is paused, while it is (暂停服务 + this on the boards). */
	pauseReason?: string | null;
}

/** A call kept for the board's history. */
export interface CallRecord {
	ticketId: string;
	windowId: string;
	staffId: string;
	at: number;
	recall: boolean;
}

export interface HallState {
	config: HallConfig;
	day: string;
	/** Bumped once per committed command: clients use it to discard stale events. */
	version: number;
	/** Next arrival order number. */
	nextQueueSeq: number;
	/** Last number issued today per prefix. */
	counters: Map<string, number>;
	/** Only tickets not yet ended: ended ones live in the store. */
	active: Map<string, Ticket>;
	windows: Map<string, WindowRuntime>;
	/** Waiting ticket ids per service, by lane, each in arrival order. */
	queues: Map<string, ServiceQueue>;
	/** Tickets transferred to a named window, in arrival order. */
	pinned: Map<string, string[]>;
	/** Remote tickets not yet checked in, per service, in arrival order: they hold a place but are not called. */
	remote: Map<string, string[]>;
	recentCalls: CallRecord[];
}

export interface ServiceQueue {
	front: string[];
	/** Checked-in 预约 tickets, in check-in order; each becomes callable at its slot's start. */
	appointment: string[];
	green: string[];
	normal: string[];
}

/** What an issue command adds for a 预约 check-in or a 线上取号. */
export interface IssueExtras {
	/** 预约: the booked slot's start; makes the ticket an appointment ticket. */
	slotStart?: number;
	/** The booking or remote take the ticket belongs to. */
	bookingId?: string;
	/** 线上取号: the ticket holds its place but waits for check-in (status `remote`). */
	remote?: boolean;
}

export type Actor = { kind: 'staff'; staffId: string } | { kind: 'station'; station: string | null } | { kind: 'system' };

export type Command =
	| ({ type: 'issue'; ticketId: string; serviceId: string; priority: Priority; station: string | null } & IssueExtras)
	/** 签到 of a remote ticket: it takes its place among the waiting. */
	| { type: 'check-in'; ticketId: string; station: string | null }
	| { type: 'sign-in'; windowId: string; staffId: string }
	| { type: 'sign-out'; windowId: string; staffId: string }
	| { type: 'call-next'; windowId: string; staffId: string }
	| { type: 'call'; windowId: string; staffId: string; ticketId: string }
	| { type: 'recall'; windowId: string; staffId: string }
	| { type: 'no-show'; windowId: string; staffId: string }
	| { type: 'start'; windowId: string; staffId: string }
	| { type: 'finish'; windowId: string; staffId: string; outcome: Outcome; reason: string | null }
	| {
			type: 'transfer';
			windowId: string;
			staffId: string;
			toServiceId: string | null;
			toWindowId: string | null;
			note: string;
	  }
	/** `reason`: why the window stops (暂停服务), shown on the boards and kept in the fact. */
	| { type: 'pause'; windowId: string; staffId: string; reason: string }
	| { type: 'resume'; windowId: string; staffId: string }
	| { type: 'rollover' }
	/** The director changed services, windows, hours or rules: applied live. */
	| { type: 'configure'; config: HallConfig; file: unknown };

export type DomainEvent =
	| { type: 'ticket:issued'; at: number; ticket: Ticket }
	| { type: 'ticket:called'; at: number; ticketId: string; windowId: string; staffId: string }
	| { type: 'ticket:recalled'; at: number; ticketId: string; windowId: string; staffId: string }
	| {
			type: 'ticket:no-show';
			at: number;
			ticketId: string;
			windowId: string;
			staffId: string;
			/** First no-show: back into the queue at the tail; second: ended. */
			requeued: boolean;
	  }
	| { type: 'ticket:started'; at: number; ticketId: string; windowId: string; staffId: string }
	| {
			type: 'ticket:finished';
			at: number;
			ticketId: string;
			windowId: string;
			staffId: string;
			outcome: Outcome;
			reason: string | null;
	  }
	| { type: 'ticket:transferred'; at: number; ticketId: string; windowId: string; staffId: string; transfer: TransferRecord }
	| {
			type: 'ticket:expired';
			at: number;
			ticketId: string;
			day: string;
			/** `remote_hold`: a remote ticket passed over and not checked in within the hall's hold. */
			reason?: 'remote_hold';
	  }
	/** A remote ticket's turn came before its check-in: it keeps its place until `heldUntil`. */
	| { type: 'ticket:passed-over'; at: number; ticketId: string; heldUntil: number }
	/** A remote ticket was checked in (签到): it waits in its place. */
	| { type: 'ticket:checked-in'; at: number; ticketId: string; station: string | null }
	/** Booking facts (预约): kept in the event log by the bookings service; the queue core ignores them. */
	| { type: 'appointment:booked'; at: number; appointmentId: string; serviceId: string; day: string; start: string }
	| { type: 'appointment:cancelled'; at: number; appointmentId: string; by: 'resident' | 'staff'; reason: string | null }
	| { type: 'appointment:checked-in'; at: number; appointmentId: string; ticketId: string; station: string | null }
	| { type: 'appointment:no-show'; at: number; appointmentId: string }
	| { type: 'appointment:ban-lifted'; at: number; liftId: string; staffId: string; reason: string }
	| { type: 'window:signed-in'; at: number; windowId: string; staffId: string }
	| { type: 'window:signed-out'; at: number; windowId: string; staffId: string }
	/** `reason` is absent in facts recorded before pauses took one. */
	| { type: 'window:paused'; at: number; windowId: string; staffId: string; reason?: string }
	| { type: 'window:resumed'; at: number; windowId: string; staffId: string }
	| { type: 'day:started'; at: number; day: string }
	/** `file` is the hall file as the director saved it; `config` is what the core runs on. */
	| { type: 'config:changed'; at: number; config: HallConfig; file: unknown };

export interface CoreError {
	code: ErrorCode;
	message: string;
	details?: Record<string, unknown>;
}

export type Decision = { ok: true; events: DomainEvent[] } | { ok: false; error: CoreError };
