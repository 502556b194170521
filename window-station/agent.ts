// npm run window-station -- --server URL --window 3 [--station W3] [--key KEY] [--keymap FILE]
//
// The agent of a window's PC: reads the USB caller keypad (叫号器) and the evaluator pad
// (评价器) named in the key map and sends their keys to the hall, which runs them as the
// staff member signed in at that window. The key may also come from WINDOW_STATION_KEY,
// which keeps it out of `ps`. Runs until stopped; reconnects to the hall forever.
//
// A keypad that types keys like a keyboard (F1 …) needs no agent: the window terminal in
// the browser takes F1–F10 itself. Use the agent for keypads that send their own reports,
// or when the browser may not have the focus — never both for one keypad, or every key
// would act twice.

import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { z } from 'zod';
import { loadKeyMap } from './keymap.ts';
import { startWindowStation } from './station.ts';

const DEFAULT_KEYMAP = fileURLToPath(new URL('./keymap.example.json', import.meta.url));

const USAGE =
	'usage: npm run window-station -- --server http://HALL:3000 --window 3 [--station W3] [--key KEY] [--keymap FILE]\n' +
	'  --window   the window id (the station of kind "window" with this windowId in the hall file)\n' +
	'  --station  the station id instead of, or as well as, --window\n' +
	"  --key      the station's agentKey from the hall file (or env WINDOW_STATION_KEY)\n" +
	'  --keymap   the key map JSON (vendorId, productId, report bytes → action or grade);\n' +
	'             default window-station/keymap.example.json';

const argsSchema = z
	.object({
		server: z.string().url().refine((u) => /^https?:\/\//.test(u), 'the server URL must start with http:// or https://'),
		window: z.string().regex(/^[A-Za-z0-9-]{1,20}$/, 'a window id such as 3').optional(),
		station: z.string().regex(/^[A-Za-z0-9-]{1,20}$/, 'a station id such as W3').optional(),
		key: z.string().min(1, 'the station key is required (--key or WINDOW_STATION_KEY)').max(200),
		keymap: z.string().min(1).default(DEFAULT_KEYMAP),
		'log-level': z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info')
	})
	.refine((a) => a.window || a.station, { message: 'give --window or --station', path: ['window'] });

function fatal(message: string): never {
	process.stderr.write(`${message}\n\n${USAGE}\n`);
	process.exit(2);
}

let values: Record<string, string | boolean | undefined>;
try {
	({ values } = parseArgs({
		options: {
			server: { type: 'string' },
			window: { type: 'string' },
			station: { type: 'string' },
			key: { type: 'string' },
			keymap: { type: 'string' },
			'log-level': { type: 'string' },
			help: { type: 'boolean', short: 'h' }
		},
		strict: true
	}));
} catch (err) {
	fatal(err instanceof Error ? err.message : String(err));
}
if (values.help) {
	process.stdout.write(`${USAGE}\n`);
	process.exit(0);
}

const parsed = argsSchema.safeParse({
	...values,
	key: values.key ?? process.env.WINDOW_STATION_KEY ?? '',
	'log-level': values['log-level'] ?? process.env.LOG_LEVEL ?? 'info'
});
if (!parsed.success) fatal(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
const args = parsed.data;

let keyMap;
try {
	keyMap = loadKeyMap(args.keymap);
} catch (err) {
	fatal(err instanceof Error ? err.message : String(err));
}

const logger = pino({ level: args['log-level'], base: { app: 'jiaohao-window-station' }, timestamp: pino.stdTimeFunctions.isoTime });
const station = startWindowStation({ server: args.server, windowId: args.window, station: args.station, key: args.key, keyMap, logger });

station.events.on('refused', (error) => {
	if (['forbidden', 'unknown_station', 'bad_request'].includes(error.code)) {
		logger.fatal({ code: error.code }, `stopping: ${error.message}`);
		process.exitCode = 1;
	}
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	logger.info({ signal }, 'stopping');
	await station.close();
	process.exit(process.exitCode ?? 0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
