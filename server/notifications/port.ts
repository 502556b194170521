// The one outbound port for messages to residents (预约 made, the reminder before the slot,
// 「快到您了」). The bookings service writes messages to the outbox in the same transaction
// as the fact that causes them; an adapter delivers them afterwards.

export type NotificationKind = 'booked' | 'cancelled' | 'reminder' | 'almost_turn';

export interface OutboundMessage {
	id: string;
	kind: NotificationKind;
	/** The resident's mobile number: only the adapter that sends the SMS sees it whole. */
	recipient: string;
	/** Ready to send, Chinese. */
	text: string;
	/** Structured facts for the platform's own templates (no name: the text greets nobody by name). */
	data: Record<string, string | number>;
	createdAt: number;
}

/** Delivers one message or throws: the outbox retries with back-off and records the failure. */
export interface NotificationAdapter {
	readonly name: 'preview' | 'webhook';
	deliver(message: OutboundMessage): Promise<void>;
}

export interface NotificationRecord {
	id: string;
	kind: NotificationKind;
	/** Masked: 138****1234. */
	recipient: string;
	status: 'pending' | 'sent' | 'failed' | 'cancelled';
	attempts: number;
	dueAt: number;
	lastError: string | null;
	createdAt: number;
	sentAt: number | null;
}
