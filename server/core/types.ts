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
	/** After this many 绿色通道 calls in a row at a window, a waiting normal ticket goes first. */
	greenBurst: number;
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
}

export interface WindowRuntime {
	status: WindowStatus;
	staffId: string | null;
	currentTicketId: string | null;
	greenStreak: number;
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
	recentCalls: CallRecord[];
}

export interface ServiceQueue {
	front: string[];
	green: string[];
	normal: string[];
}

export type Actor = { kind: 'staff'; staffId: string } | { kind: 'station'; station: string | null } | { kind: 'system' };

export type Command =
	| { type: 'issue'; ticketId: string; serviceId: string; priority: Priority; station: string | null }
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
	| { type: 'pause'; windowId: string; staffId: string }
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
	| { type: 'ticket:expired'; at: number; ticketId: string; day: string }
	| { type: 'window:signed-in'; at: number; windowId: string; staffId: string }
	| { type: 'window:signed-out'; at: number; windowId: string; staffId: string }
	| { type: 'window:paused'; at: number; windowId: string; staffId: string }
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
