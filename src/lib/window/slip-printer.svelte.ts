// Printing at a window: the 不予受理告知书 (refusal slip) and the 一次性告知单 (one-time
// notification of missing materials).
//
// PRINT HOOK — `SlipPrinter.print`. The hall's print service (src/lib/protocol.ts) has a
// 'print:notification' command for a KIOSK station's receipt printer only; there is no
// command for a refusal slip and no printer per window yet. Until the server offers one,
// a window prints through the browser (the window PC's office printer) from the same slip
// shown on screen. When a server command exists, send it here and keep the browser as the
// fallback when it fails.
import { tick } from 'svelte';
import type { StaffBadge } from '$lib/protocol.ts';

export interface RefusalSlipData {
	kind: 'refusal';
	hallName: string;
	number: string;
	serviceName: string;
	reason: string;
	windowName: string;
	staff: StaffBadge;
	complaintPhone: string;
	at: number;
}

export interface NoticeSlipData {
	kind: 'notice';
	hallName: string;
	reference: string;
	number: string | null;
	serviceName: string;
	missing: string[];
	conditions: string[];
	steps: string[];
	timeLimitDays: number | null;
	staff: StaffBadge;
	complaintPhone: string;
	at: number;
}

export type SlipData = RefusalSlipData | NoticeSlipData;

export class SlipPrinter {
	/** The slip in the print area; the browser prints only that. */
	slip = $state<SlipData | null>(null);
	/** How many slips this screen has sent to the printer (the e2e journeys count them). */
	printed = $state(0);

	async print(slip: SlipData): Promise<void> {
		this.slip = slip;
		// The print area must hold the new slip before the browser snapshots the page.
		await tick();
		this.printed += 1;
		window.print();
	}
}
