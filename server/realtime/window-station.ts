// Window station agents: the PC at a window reads a USB caller keypad (叫号器) and the
// resident's evaluator pad (评价器) and sends their keys here. The station is declared in
// the hall file like a kiosk station (`stations[]`, `kind: "window"`, its `windowId` and
// `agentKey`) and proves itself the same way: the station's key, compared in constant time.
//
// A key press runs exactly what the staff member's screen tap runs — runWindowAction, as
// the staff member signed in at that window — so the log, the facts and the checks are the
// same. With nobody signed in, nothing happens and the agent is told why.

import type { StationPresence } from './presence.ts';
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from 'pino';
import type {
	EvaluationReceipt,
	Grade,
	KeypadAction,
	KeypadResult,
	RatingRecorded,
	WindowStationWelcome
} from '../../src/lib/protocol.ts';
import { gradeSchema, invalid, runWindowAction, type WindowActionName } from '../actions.ts';
import type { Clock } from '../auth.ts';
import type { Cases } from '../cases.ts';
import type { Hall } from '../hall.ts';
import { createRateLimiter } from '../http/rate-limit.ts';
import { rooms, type HallIo } from './socket.ts';
import { commandHandler, fail } from './commands.ts';

const KEYPAD_ACTIONS: Record<KeypadAction, WindowActionName> = {
	next: 'call-next',
	recall: 'recall',
	'no-show': 'no-show',
	start: 'start',
	finish: 'finish',
	pause: 'pause',
	resume: 'resume'
};

const helloSchema = z
	.strictObject({
		station: z.string().regex(/^[A-Za-z0-9-]{1,20}$/).optional(),
		windowId: z.string().regex(/^[A-Za-z0-9-]{1,20}$/).optional(),
		key: z.string().min(1).max(200)
	})
	.refine((hello) => hello.station !== undefined || hello.windowId !== undefined, '请提供终端编号（station）或窗口编号（windowId）');

const keypadSchema = z.strictObject({
	action: z.enum(Object.keys(KEYPAD_ACTIONS) as [KeypadAction, ...KeypadAction[]])
});

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/** An agent key is a password: compare in constant time. */
function sameKey(given: string, expected: string): boolean {
	return timingSafeEqual(digest(given), digest(expected));
}


/** Tells the window's rating tablets (they go back to idle) and its terminal that the visit was rated. */
export function announceRating(io: HallIo, fact: RatingRecorded): void {
	io.to([rooms.rate(fact.windowId), rooms.window(fact.windowId)]).emit('rate:recorded', fact);
}

/** The fact for a rating just recorded. */
export function ratingRecorded(
	hall: Hall,
	windowId: string,
	receipt: EvaluationReceipt,
	source: RatingRecorded['source'],
	at: number
): RatingRecorded {
	return {
		windowId,
		ticketId: receipt.ticketId,
		number: hall.ticketById(receipt.ticketId)?.number ?? '',
		grade: receipt.grade,
		source,
		at
	};
}

export interface WindowStationDeps {
	io: HallIo;
	hall: Hall;
	cases: Cases;
	clock: Clock;
	logger: Logger;
	/** false turns the handshake limit off (load tests), as the hall's other limits. */
	rateLimited: boolean;
	presence: StationPresence;
}

interface Link {
	station: string;
	windowId: string;
	socketId: string;
}

export function attachWindowStations({ io, hall, cases, clock, logger, rateLimited, presence }: WindowStationDeps): void {
	const log = logger.child({ module: 'window-station' });
	// Wrong keys are guesses: a few tries, then one every ten seconds per address.
	const helloLimiter = createRateLimiter(clock, rateLimited ? { burst: 10, perSecond: 0.1 } : null);
	/** The one agent per station: a newer one takes over (a restarted PC must not wait for the old socket to time out). */
	const agents = new Map<string, { socketId: string; drop: () => void }>();

	for (const station of hall.settings.stations) {
		if (station.kind === 'window' && !station.agentKey) log.warn({ station: station.id }, 'window station has no agentKey: it cannot connect');
	}

	io.on('connection', (socket) => {
		let link: Link | null = null;

		const handle = commandHandler(socket, log, 'window station handler failed');

		handle<WindowStationWelcome>('window-station:hello', (input) => {
			const parsed = helloSchema.safeParse(input);
			if (!parsed.success) return { error: invalid(parsed.error) };
			const hello = parsed.data;
			const limited = helloLimiter.take(`window-hello|${socket.handshake.address}`);
			if (limited) return { error: { ...limited, message: '尝试过于频繁，请稍后再试' } };
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
				log.warn({ station: def.id, address: socket.handshake.address }, 'window station refused: wrong key');
				return fail('forbidden', '窗口终端密钥不正确');
			}
			if (link && link.station !== def.id) return fail('bad_request', '此连接已登记为另一个窗口终端');
			const previous = agents.get(def.id);
			if (previous && previous.socketId !== socket.id) {
				log.info({ station: def.id }, 'window station replaced by a newer agent');
				previous.drop();
			}
			agents.set(def.id, { socketId: socket.id, drop: () => socket.disconnect(true) });
			link = { station: def.id, windowId: def.windowId, socketId: socket.id };
			presence.mark(socket, def.id, 'agent');
			log.info({ station: def.id, windowId: def.windowId, address: socket.handshake.address }, 'window station connected');
			const window = hall.windowInfo(def.windowId);
			return {
				data: { station: def.id, windowId: def.windowId, windowName: window?.name ?? def.windowId, hallName: hall.settings.hallName }
			};
		});

		handle<KeypadResult>('keypad:press', (input) => {
			if (!link) return fail('unauthorized', '请先完成窗口终端登记（window-station:hello）');
			const parsed = keypadSchema.safeParse(input);
			if (!parsed.success) return { error: invalid(parsed.error) };
			const { action } = parsed.data;
			const staffId = hall.windowStaffId(link.windowId);
			if (!staffId) {
				return fail('window_closed', `${hall.windowInfo(link.windowId)?.name ?? link.windowId}没有工作人员签到，叫号器暂不能使用，请先在窗口终端登录签到`);
			}
			const name = KEYPAD_ACTIONS[action];
			const result = runWindowAction(hall, name, link.windowId, staffId, name === 'finish' ? { outcome: 'done' } : {});
			log.info({ station: link.station, windowId: link.windowId, action, staffId, error: result.ok ? null : result.error.code }, 'keypad');
			if (!result.ok) {
				if (result.error.code === 'queue_empty' && name === 'call-next') {
					return { data: { action, ticket: null, window: hall.windowInfo(link.windowId)! } };
				}
				return { error: result.error };
			}
			return { data: { action, ticket: result.value.ticket, window: result.value.window } };
		});

		handle<EvaluationReceipt>('evaluator:press', (input) => {
			if (!link) return fail('unauthorized', '请先完成窗口终端登记（window-station:hello）');
			const parsed = gradeSchema.safeParse(input);
			if (!parsed.success) return { error: invalid(parsed.error) };
			const grade: Grade = parsed.data.grade;
			const result = cases.evaluate(link.windowId, grade, 'pad');
			log.info({ station: link.station, windowId: link.windowId, grade, error: result.ok ? null : result.error.code }, 'evaluator');
			if (!result.ok) return { error: result.error };
			announceRating(io, ratingRecorded(hall, link.windowId, result.value, 'pad', clock.now()));
			return { data: result.value };
		});

		socket.on('disconnect', () => {
			if (link && agents.get(link.station)?.socketId === socket.id) agents.delete(link.station);
			link = null;
		});
	});
}
