// The slips' contents from what the terminal knows: the visit, the catalogue, the staff badge.
import type { StaffMember } from '$lib/window/staff-session.svelte.ts';
import type { FinishedVisit, WindowTerminalState } from '$lib/window/window.svelte.ts';
import type { CaseRecord, ServiceInfo, StaffBadge } from '$lib/protocol.ts';
import type { NoticeSlipData, RefusalSlipData } from './slip-printer.svelte.ts';

type Hall = Pick<WindowTerminalState, 'hallName' | 'complaintPhone' | 'window'>;

export function refusalSlipOf(hall: Hall, visit: FinishedVisit, staff: StaffMember): RefusalSlipData {
	return {
		kind: 'refusal',
		hallName: hall.hallName,
		number: visit.ticket.number,
		serviceName: visit.ticket.serviceName,
		reason: visit.reason ?? '',
		windowName: hall.window?.name ?? '',
		staff: { name: staff.name, staffNo: staff.staffNo },
		complaintPhone: hall.complaintPhone,
		at: visit.at
	};
}

export function noticeSlipOf(
	hall: { hallName: string; complaintPhone: string },
	record: CaseRecord,
	service: ServiceInfo | null,
	missing: string[],
	staff: StaffBadge,
	at: number
): NoticeSlipData {
	return {
		kind: 'notice',
		hallName: hall.hallName,
		reference: record.reference,
		number: record.ticketNumber,
		serviceName: record.serviceName ?? service?.name ?? '',
		missing,
		conditions: service?.guide.conditions ?? [],
		steps: service?.guide.steps ?? [],
		timeLimitDays: service?.timeLimitDays ?? null,
		staff,
		complaintPhone: hall.complaintPhone,
		at
	};
}
