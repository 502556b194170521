// npm run kiosk -- --server URL --station K1 --printer tcp://127.0.0.1:9100 [--key KEY] [--scanner VID:PID]
//
// The station agent of a kiosk PC with its own printer (and barcode scanner). The key
// may also come from KIOSK_AGENT_KEY, which keeps it out of `ps`. Runs until stopped;
// reconnects to the hall forever.

import { pino } from 'pino';
import { z } from 'zod';
import { logLevelSchema, readAgentArgs, serverUrlSchema } from '../devices/cli.ts';
import { startStationAgent } from './agent/station-agent.ts';
import { parseVidPid } from '../devices/hid/hid-device.ts';
import { createHidScanner } from '../devices/scanner/scanner.ts';

const USAGE =
	'usage: npm run kiosk -- --server http://HALL:3000 --station K1 --printer tcp://127.0.0.1:9100 [--key KEY] [--scanner VID:PID]\n' +
	'  --printer  tcp://HOST[:9100] | /dev/usb/lp0 | usb://VID:PID | preview | preview:DIR\n' +
	'  --key      the station\'s agentKey from the hall file (or env KIOSK_AGENT_KEY)\n' +
	'  --scanner  USB barcode scanner in HID keyboard mode, hex ids, e.g. 0c2e:0b61';

const argsSchema = z.object({
	server: serverUrlSchema,
	station: z.string().regex(/^[A-Za-z0-9-]{1,20}$/, 'a station id such as K1'),
	printer: z.string().min(1),
	key: z.string().min(1).max(200).optional(),
	scanner: z
		.string()
		.refine((v) => parseVidPid(v) !== null, 'the scanner is VID:PID in hex, e.g. 0c2e:0b61')
		.optional(),
	'log-level': logLevelSchema
});

const args = readAgentArgs(USAGE, ['server', 'station', 'printer', 'key', 'scanner'], argsSchema, (values) => ({
	key: values.key ?? process.env.KIOSK_AGENT_KEY
}));

const logger = pino({ level: args['log-level'], base: { app: 'jiaohao-kiosk-agent' }, timestamp: pino.stdTimeFunctions.isoTime });
const ids = args.scanner ? parseVidPid(args.scanner) : null;
const scanner = ids ? createHidScanner(ids) : null;

let agent: Awaited<ReturnType<typeof startStationAgent>>;
try {
	agent = await startStationAgent({
		server: args.server,
		station: args.station,
		key: args.key,
		printer: args.printer,
		scanner,
		logger
	});
} catch (err) {
	logger.fatal({ err }, 'the station agent cannot start');
	process.exit(1);
}
logger.info({ server: args.server, station: args.station, printer: args.printer, scanner: args.scanner ?? null }, 'station agent started');

let stopping = false;
async function stop(signal: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	logger.info({ signal }, 'stopping');
	const force = setTimeout(() => process.exit(1), 10_000);
	force.unref();
	await agent.close();
	process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
