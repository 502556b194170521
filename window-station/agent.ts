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

import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { z } from 'zod';
import { fatal, logLevelSchema, readAgentArgs, serverUrlSchema } from '../devices/cli.ts';
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
		server: serverUrlSchema,
		window: z.string().regex(/^[A-Za-z0-9-]{1,20}$/, 'a window id such as 3').optional(),
		station: z.string().regex(/^[A-Za-z0-9-]{1,20}$/, 'a station id such as W3').optional(),
		key: z.string().min(1, 'the station key is required (--key or WINDOW_STATION_KEY)').max(200),
		keymap: z.string().min(1).default(DEFAULT_KEYMAP),
		'log-level': logLevelSchema
	})
	.refine((a) => a.window || a.station, { message: 'give --window or --station', path: ['window'] });

const args = readAgentArgs(USAGE, ['server', 'window', 'station', 'key', 'keymap'], argsSchema, (values) => ({
	key: values.key ?? process.env.WINDOW_STATION_KEY ?? ''
}));

let keyMap;
try {
	keyMap = loadKeyMap(args.keymap);
} catch (err) {
	fatal(err instanceof Error ? err.message : String(err), USAGE);
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
