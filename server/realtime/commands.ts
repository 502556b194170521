// The one way a socket command is answered: whatever arrives, the client gets an ack of
// `{ data } | { error }`; a handler that throws is a bug, logged, and answered `internal`.

import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { Ack, ApiError, ClientToServerEvents } from '../../src/lib/protocol.ts';

export function fail(code: ApiError['code'], message: string): { error: ApiError } {
	return { error: { code, message } };
}

export type CommandHandler = <T>(event: keyof ClientToServerEvents, run: (input: unknown) => Ack<T>) => void;

export function commandHandler(socket: Socket, logger: Logger, what = 'socket handler failed'): CommandHandler {
	return (event, run) => {
		// The typed `on` cannot express "any of these events with an unknown payload": untyped on purpose.
		(socket as unknown as { on(e: string, fn: (...args: unknown[]) => void): void }).on(event, (...args: unknown[]) => {
			const ack = args[args.length - 1];
			if (typeof ack !== 'function') return;
			let answer;
			try {
				answer = run(args.length > 1 ? args[0] : undefined);
			} catch (error) {
				logger.error({ err: error, event }, what);
				answer = fail('internal', '系统内部错误，请稍后重试');
			}
			ack(answer);
		});
	};
}
