// Command-line handling shared by the station agents (kiosk and window): parse the flags,
// fill defaults from the environment, validate with zod, and stop with the usage on error.

import { parseArgs } from 'node:util';
import { z } from 'zod';

export const logLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info');

export const serverUrlSchema = z
	.string()
	.url()
	.refine((u) => /^https?:\/\//.test(u), 'the server URL must start with http:// or https://');

export function fatal(message: string, usage: string): never {
	process.stderr.write(`${message}\n\n${usage}\n`);
	process.exit(2);
}

/**
 * Reads `--flag value` options named by the schema's string fields (plus --help), then
 * validates them. `fromEnv` supplies values a flag may leave out (keys kept out of `ps`).
 */
export function readAgentArgs<S extends z.ZodType>(
	usage: string,
	flags: string[],
	schema: S,
	fromEnv: (values: Record<string, string | undefined>) => Record<string, string | undefined>
): z.infer<S> {
	let values: Record<string, string | boolean | undefined>;
	try {
		({ values } = parseArgs({
			options: {
				...Object.fromEntries(flags.map((flag) => [flag, { type: 'string' as const }])),
				'log-level': { type: 'string' },
				help: { type: 'boolean', short: 'h' }
			},
			strict: true
		}));
	} catch (err) {
		fatal(err instanceof Error ? err.message : String(err), usage);
	}
	if (values.help) {
		process.stdout.write(`${usage}\n`);
		process.exit(0);
	}
	const strings = values as Record<string, string | undefined>;
	const parsed = schema.safeParse({
		...strings,
		...fromEnv(strings),
		'log-level': strings['log-level'] ?? process.env.LOG_LEVEL ?? 'info'
	});
	if (!parsed.success) fatal(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'), usage);
	return parsed.data;
}
