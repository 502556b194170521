// A complaint or an objection filed at a kiosk station prints its 回执 there: printing follows
// the committed fact (`complaint:filed`, `objection:raised`), whichever door the form came
// through, and only for a station that has a printer. Filing never waits on the printer.

import { originFrom, referenceUrl } from '../printing/origin.ts';
import type { PrintService } from '../printing/print-service.ts';
import { receiptSlip } from '../printing/receipt.ts';
import type { Records } from '../records.ts';

const CATEGORY_LABELS = { complaint: '投诉', report: '举报', suggestion: '建议', praise: '表扬' } as const;

export function printReceiptsOfFiledRecords(records: Records, prints: PrintService): () => void {
	return records.onCommitted((fact) => {
		if (fact.type !== 'complaint:filed' && fact.type !== 'objection:raised') return;
		if (!fact.station || !prints.isKiosk(fact.station)) return;
		const origin = fact.origin ?? originFrom({ host: undefined, secure: false, localAddress: undefined, localPort: undefined });
		prints.receiptFiled(
			fact.station,
			origin,
			(ctx, base) =>
				receiptSlip({
					kind: fact.type === 'complaint:filed' ? 'complaint' : 'objection',
					hallName: ctx.settings.hallName,
					reference: fact.reference,
					categoryLabel: fact.type === 'complaint:filed' ? CATEGORY_LABELS[fact.category] : undefined,
					noticeTitle: fact.type === 'objection:raised' ? fact.noticeTitle : undefined,
					maskedName: fact.maskedName,
					filedAt: fact.createdAt,
					dueDate: fact.dueDate,
					dueDateMayMove: fact.beyondKnownSchedule,
					lookupUrl: referenceUrl(base, fact.reference),
					complaintPhone: ctx.settings.complaintPhone || undefined,
					timeZone: ctx.timeZone
				}),
			fact.reference
		);
	});
}
