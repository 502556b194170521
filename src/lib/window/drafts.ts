// Where a new case's form starts: from the visit that just ended, or blank for a phone call.
import { emptyDraft, type CaseDraft } from '$lib/window/cases.ts';
import type { FinishedVisit } from '$lib/window/window.svelte.ts';

export function draftFromVisit(visit: FinishedVisit): CaseDraft {
	return {
		...emptyDraft(),
		ticketId: visit.ticket.id,
		serviceId: visit.ticket.serviceId,
		content: visit.outcome === 'refused' && visit.reason ? `不予受理：${visit.reason}` : '',
		resolution: visit.outcome === 'refused' ? 'refused' : '',
		missingMaterials: [...visit.missing]
	};
}

export function phoneDraft(): CaseDraft {
	return emptyDraft();
}
