// What the hall's thread and the upstream link's thread say to each other (types only).

import type { UpstreamConfig } from './config.ts';
import type { LinkStatus } from './link.ts';
import type { DistrictNotice } from './wire.ts';

export type ToLink =
	| { type: 'configure'; config: UpstreamConfig | null }
	| { type: 'poke' }
	| { type: 'answer'; id: number; value: unknown }
	| { type: 'close' };

export type FromLink =
	| { type: 'status'; status: LinkStatus }
	| { type: 'log'; level: 'info' | 'warn' | 'error'; fields: Record<string, unknown>; message: string }
	| ({ type: 'ask'; id: number } & ({ kind: 'facts' } | { kind: 'notices'; notices: DistrictNotice[] }))
	| { type: 'closed' };
