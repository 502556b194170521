// Station agents' messages: the kiosk PC's printer and scanner agent, and the window PC's
// caller keypad (叫号器) and evaluator pad (评价器). Each proves itself with its station's key
// once per connection; then its messages run as commands like any screen tap. A keypad key
// runs exactly what the staff member's tap runs, as the staff member signed in at the window.

import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Ack, AgentJobOutcome, KeypadAction, KeypadResult, WindowStationWelcome } from '../../src/lib/protocol.ts';
import { agentHelloSchema, agentScanSchema, agentStatusSchema, gradeSchema, keypadSchema, windowStationHelloSchema } from '../../src/lib/commands.ts';
import type { Command } from '../core/types.ts';
import { fail, ok } from '../errors.ts';
import type { AgentAnswer, AgentLink } from '../printing/print-service.ts';
import type { Services } from './table.ts';
import { command, type Connection } from './table.ts';
import { runWindowAction } from './window.ts';

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

const KEYPAD_COMMANDS: Record<KeypadAction, Command['type']> = {
	next: 'call-next',
	recall: 'recall',
	'no-show': 'no-show',
	start: 'start',
	finish: 'finish',
	pause: 'pause',
	resume: 'resume'
};

/** What the board shows after 暂停 on the caller keypad, which cannot ask for a reason. */
export const KEYPAD_PAUSE_REASON = '工作人员暂时离开';

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/** An agent key is a password: compare in constant time. */
export function sameKey(given: string, expected: string): boolean {
	return timingSafeEqual(digest(given), digest(expected));
}

/** The print service's view of an agent on this connection: jobs go out as 'print:job' and come back as its ack. */
function agentLink(connection: Connection, station: string, printer: AgentLink['printer']): AgentLink {
	const waiting = new Map<string, ReturnType<typeof setTimeout>>();
	connection.onClose(() => {
		for (const timer of waiting.values()) clearTimeout(timer);
		waiting.clear();
	});
	return {
		id: connection.id,
		station,
		printer,
		deliver(job, timeoutMs, done) {
			let settled = false;
			const settle = (answer: AgentAnswer): void => {
				if (settled) return;
				settled = true;
				clearTimeout(waiting.get(job.id));
				waiting.delete(job.id);
				done(answer);
			};
			// Our own timer rather than socket.timeout(): it must not hold the process open, and it ends with the connection.
			const timer = setTimeout(() => settle({ noAnswer: `no answer within ${timeoutMs} ms` }), timeoutMs);
			timer.unref();
			waiting.set(job.id, timer);
			connection.emit('print:job', job, (answer: unknown) => {
				const checked = outcomeSchema.safeParse(answer);
				settle(checked.success ? checked.data : { noAnswer: 'malformed answer from the agent' });
			});
		},
		replaced() {
			connection.disconnect();
		}
	};
}

/** The one window-station agent per station: a newer one takes over (a restarted PC must not wait for the old socket to time out). */
function takeOverWindowStation(services: Services, station: string, connection: Connection): void {
	const previous = services.windowAgents.get(station);
	if (previous && previous.id !== connection.id) {
		services.logger.info({ station }, 'window station replaced by a newer agent');
		previous.disconnect();
	}
	services.windowAgents.set(station, connection);
	connection.onClose(() => {
		if (services.windowAgents.get(station) === connection) services.windowAgents.delete(station);
	});
}

export const agentCommands = [
	command({
		name: 'agent:hello',
		input: agentHelloSchema,
		who: 'anyone',
		kind: 'write',
		// Wrong keys are guesses: a few tries, then one every ten seconds per address.
		limit: { bucket: 'agent-hello', key: (_input, caller) => `hello|${caller.address}`, message: '尝试过于频繁，请稍后再试' },
		run: (hello, caller, services) => {
			const connection = caller.connection;
			if (!connection) return fail('bad_request', '取号机代理须通过实时连接登记');
			const current = connection.agent;
			if (current) {
				if (current.kind === 'kiosk' && current.station === hello.station) return services.prints.welcomeAgent(hello);
				return fail('bad_request', '此连接已登记为另一台取号机');
			}
			const welcome = services.prints.welcomeAgent(hello);
			if (!welcome.ok) return welcome;
			const link = agentLink(connection, hello.station, hello.printer);
			connection.agent = { kind: 'kiosk', station: hello.station, link };
			const detach = services.prints.attachAgent(link);
			connection.onClose(detach);
			services.presence.mark(connection.presenceSocket, hello.station, 'agent');
			services.logger.info({ station: hello.station, agent: connection.id, version: hello.version, address: caller.address }, 'station agent connected');
			return welcome;
		},
		socket: { event: 'agent:hello' }
	}),

	command({
		name: 'agent:status',
		input: agentStatusSchema,
		who: 'kiosk-agent',
		kind: 'write',
		run: (input, caller, { prints }) => {
			const agent = caller.connection!.agent;
			return agent?.kind === 'kiosk' ? prints.agentStatus(agent.link, input) : fail('unauthorized', '请先登记取号机');
		},
		socket: { event: 'agent:status' }
	}),

	command({
		name: 'agent:scan',
		// Anything a scanner hands us that is not a scan is noise: one answer for all of it.
		input: z.unknown(),
		who: 'kiosk-agent',
		kind: 'write',
		limit: { bucket: 'scan', key: (_input, caller) => caller.connection!.id, message: '扫码过于频繁，请稍后再试' },
		run: (input, caller, { prints, appointments }) => {
			const parsed = agentScanSchema.safeParse(input);
			if (!parsed.success) return fail('bad_scan', '无法识别该二维码，请扫描本中心的取号凭条');
			const agent = caller.connection!.agent;
			if (agent?.kind !== 'kiosk') return fail('unauthorized', '请先登记取号机');
			// A booking's or remote ticket's code checks in (its slip prints from the fact) and shows like a scanned ticket.
			const checkedIn = appointments.scanCode(agent.station, parsed.data.data, { origin: caller.origin });
			if (checkedIn && !checkedIn.ok) return checkedIn;
			return prints.scan(agent.link, checkedIn ? checkedIn.value.id : parsed.data.data, caller.origin);
		},
		socket: { event: 'agent:scan' }
	}),

	command({
		name: 'window-station:hello',
		input: windowStationHelloSchema,
		who: 'anyone',
		kind: 'write',
		limit: { bucket: 'agent-hello', key: (_input, caller) => `window-hello|${caller.address}`, message: '尝试过于频繁，请稍后再试' },
		run: (hello, caller, services) => {
			const connection = caller.connection;
			if (!connection) return fail('bad_request', '窗口终端须通过实时连接登记');
			const { hall, logger } = services;
			const def = hall.settings.stations.find(
				(s) => s.kind === 'window' && (hello.station ? s.id === hello.station : s.windowId === hello.windowId)
			);
			if (!def || !def.windowId) {
				return fail('unknown_station', hello.station ? `没有编号为 ${hello.station} 的窗口终端` : `${hello.windowId} 号窗口没有配置窗口终端`);
			}
			if (hello.station && hello.windowId && def.windowId !== hello.windowId) {
				return fail('bad_request', `窗口终端 ${def.id} 属于 ${def.windowId} 号窗口，不是 ${hello.windowId} 号窗口`);
			}
			if (!def.agentKey || !sameKey(hello.key, def.agentKey)) {
				logger.warn({ station: def.id, address: caller.address }, 'window station refused: wrong key');
				return fail('forbidden', '窗口终端密钥不正确');
			}
			const current = connection.agent;
			if (current && current.station !== def.id) return fail('bad_request', '此连接已登记为另一个窗口终端');
			takeOverWindowStation(services, def.id, connection);
			connection.agent = { kind: 'window', station: def.id, windowId: def.windowId };
			services.presence.mark(connection.presenceSocket, def.id, 'agent');
			logger.info({ station: def.id, windowId: def.windowId, address: caller.address }, 'window station connected');
			const welcome: WindowStationWelcome = {
				station: def.id,
				windowId: def.windowId,
				windowName: hall.windowInfo(def.windowId)?.name ?? def.windowId,
				hallName: hall.settings.hallName
			};
			return ok(welcome);
		},
		socket: { event: 'window-station:hello' }
	}),

	command({
		name: 'keypad:press',
		input: keypadSchema,
		who: 'window-agent',
		kind: 'write',
		run: ({ action }, caller, services) => {
			const agent = caller.connection!.agent;
			if (agent?.kind !== 'window') return fail('unauthorized', '请先完成窗口终端登记（window-station:hello）');
			const { hall } = services;
			const staffId = hall.windowStaffId(agent.windowId);
			if (!staffId) {
				return fail(
					'window_closed',
					`${hall.windowInfo(agent.windowId)?.name ?? agent.windowId}没有工作人员签到，叫号器暂不能使用，请先在窗口终端登录签到`
				);
			}
			const type = KEYPAD_COMMANDS[action];
			const base = { windowId: agent.windowId, staffId };
			// The keypad has no screen to type a reason on: its 暂停 says so on the board.
			const cmd =
				type === 'finish'
					? { ...base, type, outcome: 'done' as const, reason: null }
					: type === 'pause'
						? { ...base, type, reason: KEYPAD_PAUSE_REASON }
						: { ...base, type };
			const result = runWindowAction(services, cmd as Parameters<typeof runWindowAction>[1]);
			if (!result.ok) return result;
			const answer: KeypadResult = { action, ticket: result.value.ticket, window: result.value.window };
			return ok(answer);
		},
		logFields: (value) => ({ action: value.action, ticket: value.ticket?.number }),
		socket: { event: 'keypad:press' }
	}),

	command({
		name: 'evaluator:press',
		input: gradeSchema,
		who: 'window-agent',
		kind: 'write',
		run: ({ grade }, caller, { cases }) => {
			const agent = caller.connection!.agent;
			if (agent?.kind !== 'window') return fail('unauthorized', '请先完成窗口终端登记（window-station:hello）');
			return cases.evaluate(agent.windowId, grade, 'pad');
		},
		socket: { event: 'evaluator:press' }
	})
];
