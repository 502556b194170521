// The command table: every command of the hall, once. The doors (server/doors/) are
// generated from it.

import { agentCommands } from './agents.ts';
import { appointmentCommands } from './appointments.ts';
import { consoleCommands } from './console.ts';
import { handwritingCommands } from './handwriting.ts';
import { publicCommands } from './public.ts';
import { referenceCommands } from './references.ts';
import { staffCommands } from './staff.ts';
import type { AnyCommand } from './table.ts';
import { windowCommands } from './window.ts';

export const commandTable: readonly AnyCommand[] = [
	...publicCommands,
	...windowCommands,
	...staffCommands,
	...consoleCommands,
	...appointmentCommands,
	...agentCommands,
	...handwritingCommands,
	...referenceCommands
] as AnyCommand[];

export { execute } from './execute.ts';
export type { AnyCommand, Caller, Connection } from './table.ts';
export type { Services } from './table.ts';
