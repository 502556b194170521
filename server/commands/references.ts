// A complaint's or an objection's reference looked up by the resident who holds the receipt:
// the kiosk's 进度查询 and the phone page its QR opens. Anyone may ask, so the answer carries
// no name or phone, and guesses are limited per address.

import { referenceRefSchema } from '../../src/lib/commands.ts';
import type { ReferenceLookup } from '../../src/lib/protocol.ts';
import { fail, ok } from '../errors.ts';
import { normalizeReference } from '../records.ts';
import { command } from './table.ts';

export const referenceCommands = [
	command({
		name: 'reference:lookup',
		input: referenceRefSchema,
		who: 'anyone',
		kind: 'read',
		limit: { bucket: 'lookup', key: (_input, caller) => `reference|${caller.address}`, message: '查询过于频繁，请稍后再试' },
		run: ({ reference }, _caller, { records, hall }) => {
			const normalized = normalizeReference(reference);
			const found = normalized ? records.lookupReference(normalized) : null;
			if (!found) {
				return fail('unknown_reference', '没有找到这个受理编号，请核对回执上的编号（例如 TS-20261206-001）', normalized ? { reference: normalized } : undefined);
			}
			const answer: ReferenceLookup = { ...found, hallName: hall.settings.hallName };
			return ok(answer);
		},
		http: { method: 'GET', path: '/api/references/:reference' },
		socket: { event: 'reference:lookup' }
	})
];
