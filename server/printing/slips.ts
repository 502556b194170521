// The hall's slips as print documents: what goes on the paper comes from the hall
// file and the ticket exactly as the kiosk screen shows it.

import type { ServiceInfo, TicketPublic } from '../../src/lib/protocol.ts';
import { notificationSlip, ticketSlip, type PrintDocument } from './document.ts';
import { markdownToText } from '../../src/lib/markdown/parse.ts';
import type { HallSettings } from '../config.ts';

export interface SlipContext {
	settings: HallSettings;
	timeZone: string;
	/** The hall's rules.recallLimit, for the 过号 words on the slip. */
	recallLimit?: number;
	/** A window's name by id, for where to wait. */
	windowName?: (windowId: string) => string | null;
}

export function ticketDocument(ctx: SlipContext, ticket: TicketPublic, service: ServiceInfo | undefined, statusUrl: string): PrintDocument {
	return ticketSlip({
		hallName: ctx.settings.hallName,
		number: ticket.number,
		serviceName: ticket.serviceName,
		priority: ticket.priority,
		ahead: ticket.ahead,
		issuedAt: ticket.issuedAt,
		timeZone: ctx.timeZone,
		materials: service?.guide.materials ?? [],
		statusUrl,
		complaintPhone: ctx.settings.complaintPhone,
		recallLimit: ctx.recallLimit,
		windows: (service?.windowIds ?? []).map((id) => ctx.windowName?.(id) ?? null).filter((name): name is string => !!name)
	});
}

/** 一次性告知单: conditions, materials, steps, time limit, fees and basis, all at once. */
export function notificationDocument(ctx: SlipContext, service: ServiceInfo, at: number): PrintDocument {
	return notificationSlip({
		hallName: ctx.settings.hallName,
		serviceName: service.name,
		conditions: service.guide.conditions,
		materials: service.guide.materials,
		steps: service.guide.steps,
		timeLimitWorkingDays: service.timeLimitDays,
		fees: service.guide.fees,
		legalBasis: service.guide.legalBasis ? [service.guide.legalBasis] : [],
		details: service.guide.details ? markdownToText(service.guide.details) : undefined,
		issuedAt: at,
		timeZone: ctx.timeZone,
		complaintPhone: ctx.settings.complaintPhone || undefined
	});
}
