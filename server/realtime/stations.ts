// Socket commands of the kiosk stations: station agents (the kiosk PC's own printer and
// scanner) and the kiosk's 打印告知单 button. Validated like every other command; facts go
// out through print-broadcaster.ts.

import { z } from 'zod';
import type { Logger } from 'pino';
import type { Ack, AgentJobOutcome, ApiError, TicketPublic } from '../../src/lib/protocol.ts';
import { invalid } from '../actions.ts';
import type { Clock } from '../auth.ts';
import { createRateLimiter } from '../http/rate-limit.ts';
import { originFrom } from '../printing/origin.ts';
import type { AgentAnswer, AgentLink, PrintService } from '../printing/print-service.ts';
import { scanInputSchema } from '../printing/scan.ts';
import { printNotificationSchema, stationIdSchema } from '../printing/schemas.ts';
import type { StationPresence } from './presence.ts';
import type { HallIo } from './socket.ts';
import { commandHandler, fail } from './commands.ts';


const helloSchema = z.strictObject({
	station: stationIdSchema,
	key: z.string().min(1).max(200).optional(),
	printer: z.enum(['tcp', 'file', 'usb', 'preview']),
	version: z.string().max(40).optional()
});

const agentStatusSchema = z.strictObject({
	code: z.enum(['ok', 'unknown', 'unreachable', 'offline', 'paper_out', 'cover_open', 'timeout', 'printer_error']),
	paperNearEnd: z.boolean().optional(),
	detail: z.string().max(300).optional()
});

/** What an agent may answer to 'print:job'; anything else counts as no answer. */
const outcomeSchema: z.ZodType<Ack<AgentJobOutcome>> = z.union([
	z.object({
		data: z.discriminatedUnion('outcome', [
			z.object({ outcome: z.literal('printed'), attempts: z.number().int().min(0).max(100) }),
			z.object({ outcome: z.literal('dropped'), reason: z.enum(['expired', 'queue_closed']), ageMs: z.number().min(0) }),
			z.object({ outcome: z.literal('failed'), code: z.string().max(40), message: z.string().max(500) })
		])
	}),
	z.object({ error: z.object({ code: z.string().max(40), message: z.string().max(500) }) })
]) as unknown as z.ZodType<Ack<AgentJobOutcome>>;

export interface StationDeps {
	io: HallIo;
	prints: PrintService;
	clock: Clock;
	logger: Logger;
	/** false turns the per-client limits off (load tests), as the hall's issue limit does. */
	rateLimited: boolean;
	presence: StationPresence;
	/** 预约签到 by scanner (server/appointments): a booking's or remote ticket's code, else null. */
	scanCode?: (station: string, data: string) => { ok: true; value: TicketPublic } | { ok: false; error: ApiError } | null;
}


export function attachStations({ io, prints, clock, logger, rateLimited, presence, scanCode }: StationDeps): void {
	// Wrong keys are guesses: a few tries, then one every ten seconds per address.
	const helloLimiter = createRateLimiter(clock, rateLimited ? { burst: 10, perSecond: 0.1 } : null);
	// A 告知单 is a sheet of paper: a stuck button must not empty the roll.
	const notifyLimiter = createRateLimiter(clock, rateLimited ? { burst: 3, perSecond: 0.2 } : null);
	const scanLimiter = createRateLimiter(clock, rateLimited ? { burst: 10, perSecond: 2 } : null);

	io.on('connection', (socket) => {
		let link: AgentLink | null = null;
		let detach: (() => void) | null = null;
		const waiting = new Map<string, ReturnType<typeof setTimeout>>();

		const handle = commandHandler(socket, logger, 'socket handler failed');

		handle('print:notification', (input) => {
			const parsed = printNotificationSchema.safeParse(input);
			if (!parsed.success) return { error: invalid(parsed.error) };
			const limited = notifyLimiter.take(`${parsed.data.station}|${socket.handshake.address}`);
			if (limited) return { error: { ...limited, message: '打印过于频繁，请稍后再试' } };
			const result = prints.printNotification(parsed.data);
			return result.ok ? { data: result.value } : { error: result.error };
		});

		handle('printers:subscribe', () => {
			// Staff sockets are in the staff room from the start; this is their snapshot.
			if (!socket.data.staff) return fail('unauthorized', '请先登录');
			return { data: prints.statuses() };
		});

		handle('agent:hello', (input) => {
			const parsed = helloSchema.safeParse(input);
			if (!parsed.success) return { error: invalid(parsed.error) };
			const hello = parsed.data;
			if (link) {
				if (link.station === hello.station) {
					const again = prints.welcomeAgent(hello);
					return again.ok ? { data: again.value } : { error: again.error };
				}
				return fail('bad_request', '此连接已登记为另一台取号机');
			}
			const limited = helloLimiter.take(`hello|${socket.handshake.address}`);
			if (limited) return { error: { ...limited, message: '尝试过于频繁，请稍后再试' } };
			const welcome = prints.welcomeAgent(hello);
			if (!welcome.ok) return { error: welcome.error };
			const current: AgentLink = {
				id: socket.id,
				station: hello.station,
				printer: hello.printer,
				deliver(job, timeoutMs, done) {
					let settled = false;
					const settle = (answer: AgentAnswer): void => {
						if (settled) return;
						settled = true;
						clearTimeout(waiting.get(job.id));
						waiting.delete(job.id);
						done(answer);
					};
					// Our own timer rather than socket.timeout(): it must not hold the process open, and it ends with the socket.
					const timer = setTimeout(() => settle({ noAnswer: `no answer within ${timeoutMs} ms` }), timeoutMs);
					timer.unref();
					waiting.set(job.id, timer);
					socket.emit('print:job', job, (answer: unknown) => {
						const checked = outcomeSchema.safeParse(answer);
						settle(checked.success ? checked.data : { noAnswer: 'malformed answer from the agent' });
					});
				},
				replaced() {
					socket.disconnect(true);
				}
			};
			link = current;
			detach = prints.attachAgent(current);
			presence.mark(socket, hello.station, 'agent');
			logger.info({ station: hello.station, agent: socket.id, version: hello.version, address: socket.handshake.address }, 'station agent connected');
			return { data: welcome.value };
		});

		handle('agent:status', (input) => {
			if (!link) return fail('unauthorized', '请先登记取号机');
			const parsed = agentStatusSchema.safeParse(input);
			if (!parsed.success) return { error: invalid(parsed.error) };
			const result = prints.agentStatus(link, parsed.data);
			return result.ok ? { data: result.value } : { error: result.error };
		});

		handle('agent:scan', (input) => {
			if (!link) return fail('unauthorized', '请先登记取号机');
			const parsed = scanInputSchema.safeParse(input);
			if (!parsed.success) {
				return fail('bad_scan', '无法识别该二维码，请扫描本中心的取号凭条');
			}
			const limited = scanLimiter.take(link.id);
			if (limited) return { error: { ...limited, message: '扫码过于频繁，请稍后再试' } };
			const origin = originFrom(socket.handshake.headers.host, socket.handshake.secure);
			// A booking's or remote ticket's code checks in, prints the slip, and shows the ticket like a scanned one.
			const checkedIn = scanCode?.(link.station, parsed.data.data) ?? null;
			if (checkedIn && !checkedIn.ok) return { error: checkedIn.error };
			if (checkedIn) prints.ticketIssued(checkedIn.value, link.station, origin);
			const result = prints.scan(link, checkedIn ? checkedIn.value.id : parsed.data.data, origin);
			return result.ok ? { data: result.value } : { error: result.error };
		});

		socket.on('disconnect', () => {
			for (const timer of waiting.values()) clearTimeout(timer);
			waiting.clear();
			const run = detach;
			detach = null;
			link = null;
			run?.();
		});
	});
}
