// The one path every command takes, whichever door it came through:
// validate → authorize → rate-limit → run → log one line (who, what, how long).

import type { ApiError } from '../../src/lib/protocol.ts';
import { fail, invalid, type Result } from '../errors.ts';
import type { Services } from './table.ts';
import type { AnyCommand, Caller } from './table.ts';

const DIRECTOR_ROLES = new Set(['director', 'admin']);

function authorize(spec: AnyCommand, caller: Caller): ApiError | null {
	switch (spec.who) {
		case 'anyone':
			return null;
		case 'staff':
			return caller.staff ? null : (caller.authError ?? { code: 'unauthorized', message: '请先登录' });
		case 'director':
			if (!caller.staff) return caller.authError ?? { code: 'unauthorized', message: '请先登录' };
			return DIRECTOR_ROLES.has(caller.staff.role) ? null : { code: 'forbidden', message: '只有服务中心主任可以进行此操作' };
		case 'kiosk-agent':
			return caller.connection?.agent?.kind === 'kiosk' ? null : { code: 'unauthorized', message: '请先登记取号机' };
		case 'window-agent':
			return caller.connection?.agent?.kind === 'window'
				? null
				: { code: 'unauthorized', message: '请先完成窗口终端登记（window-station:hello）' };
	}
}

function who(caller: Caller): string {
	if (caller.staff) return caller.staff.id;
	const agent = caller.connection?.agent;
	if (agent) return `${agent.kind}-agent:${agent.station}`;
	return `anonymous@${caller.address}`;
}

/** Runs one command for a caller. `raw` is the door's input before validation. */
export async function execute(spec: AnyCommand, raw: unknown, caller: Caller, services: Services): Promise<Result<unknown> & { input?: unknown }> {
	const started = performance.now();
	const finish = (result: Result<unknown>, input?: unknown): Result<unknown> & { input?: unknown } => {
		const level = spec.kind === 'write' || !result.ok ? 'info' : 'debug';
		if (services.logger.isLevelEnabled(level)) log(result, input, level);
		return input === undefined ? result : { ...result, input };
	};
	const log = (result: Result<unknown>, input: unknown, level: 'info' | 'debug'): void => {
		const ms = Math.round((performance.now() - started) * 100) / 100;
		const windowId = input && typeof input === 'object' && 'windowId' in input ? (input as { windowId?: unknown }).windowId : undefined;
		const fields: Record<string, unknown> = { cmd: spec.name, door: caller.door, who: who(caller), ms };
		if (typeof windowId === 'string') fields.window = windowId;
		if (result.ok && spec.logFields) Object.assign(fields, spec.logFields(result.value));
		if (!result.ok) fields.error = result.error.code;
		if (level === 'info') services.logger.info(fields, result.ok ? 'command' : 'command refused');
		else services.logger.debug(fields, 'read');
	};

	// Who first: an anonymous caller learns nothing about the input rules of a staff command.
	const denied = authorize(spec, caller);
	if (denied) return finish({ ok: false, error: denied });
	const parsed = spec.input.safeParse(raw ?? {});
	if (!parsed.success) return finish({ ok: false, error: invalid(parsed.error) });
	const input = parsed.data;
	if (spec.limit) {
		const limited = services.limits[spec.limit.bucket].take(spec.limit.key(input, caller));
		if (limited) return finish({ ok: false, error: spec.limit.message ? { ...limited, message: spec.limit.message } : limited }, input);
	}
	try {
		return finish(await spec.run(input, caller, services), input);
	} catch (error) {
		services.logger.error({ err: error, cmd: spec.name }, 'command failed');
		return finish(fail('internal', '系统内部错误，请稍后重试'), input);
	}
}
