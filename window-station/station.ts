// The window station agent: a socket.io connection to the hall as the station declared
// in the hall file (`kind: "window"`), and the USB keypad and evaluator pad of that
// window. Each key goes to the server as 'keypad:press' or 'evaluator:press'; the server
// runs it as the staff member signed in at the window. It reconnects forever; keys pressed
// while the hall is unreachable are not queued (a number called minutes late would send a
// resident to an empty window) — they are logged as lost.

import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { io as connect, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type {
	Ack,
	ApiError,
	ClientToServerEvents,
	EvaluationReceipt,
	Grade,
	KeypadAction,
	KeypadResult,
	ServerToClientEvents,
	WindowStationWelcome
} from '../src/lib/protocol.ts';
import { openNodeHid, type OpenHidDevice } from '../devices/hid/hid-device.ts';
import { hexOf, openHidKeys, type DeviceState, type HidKeys } from './hid-keys.ts';
import { keyTable, type KeyDevice, type KeyMap } from './keymap.ts';

type StationSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long a key waits for the server's answer before it counts as lost. */
export const PRESS_TIMEOUT_MS = 10_000;

export interface WindowStationOptions {
	/** The hall server, e.g. http://192.168.1.10:3000. */
	server: string;
	/** The station id in the hall file, or the window it serves (one of the two). */
	station?: string;
	windowId?: string;
	/** The station's agentKey from the hall file. */
	key: string;
	keyMap: KeyMap;
	logger: Logger;
	/** Replaces node-hid: tests pass a fake device's opener. */
	open?: OpenHidDevice;
	/** How long to wait before looking for an unplugged device again. */
	reopenMs?: number;
	/** socket.io-client options (tests shorten the reconnection delays). */
	socket?: Partial<ManagerOptions & SocketOptions>;
}

export type PressOutcome =
	| { device: 'keypad'; key: KeypadAction; ack: Ack<KeypadResult> }
	| { device: 'evaluator'; key: Grade; ack: Ack<EvaluationReceipt> };

export interface WindowStationEvents {
	registered: [WindowStationWelcome];
	/** The server refused the hello (wrong key, unknown station): the agent stops. */
	refused: [ApiError];
	disconnected: [string];
	device: [{ device: 'keypad' | 'evaluator'; state: DeviceState }];
	/** A key and the server's answer to it. */
	press: [PressOutcome];
}

export interface WindowStation {
	readonly events: EventEmitter<WindowStationEvents>;
	readonly registered: boolean;
	/** Resolves with the welcome of the first successful hello; rejects when the hello is refused. */
	ready(): Promise<WindowStationWelcome>;
	close(): Promise<void>;
}

/** Codes after which saying hello again cannot help: a person must fix the hall file or the key. */
const FINAL: readonly string[] = ['forbidden', 'unknown_station', 'bad_request'];

export function startWindowStation(options: WindowStationOptions): WindowStation {
	const log = options.logger.child({ station: options.station ?? `window ${options.windowId}` });
	const events = new EventEmitter<WindowStationEvents>();
	const open = options.open ?? openNodeHid;
	let registered = false;
	let closed = false;
	let resolveReady!: (welcome: WindowStationWelcome) => void;
	let rejectReady!: (error: Error) => void;
	const ready = new Promise<WindowStationWelcome>((resolve, reject) => {
		resolveReady = resolve;
		rejectReady = reject;
	});
	// Nobody may be waiting on ready() (the CLI listens to events): do not crash on its rejection.
	ready.catch(() => undefined);

	const socket: StationSocket = connect(options.server, {
		transports: ['websocket'],
		reconnectionDelay: 500,
		reconnectionDelayMax: 5_000,
		...options.socket
	});

	socket.on('connect', () => {
		const hello = { key: options.key, ...(options.station ? { station: options.station } : {}), ...(options.windowId ? { windowId: options.windowId } : {}) };
		socket.timeout(PRESS_TIMEOUT_MS).emit('window-station:hello', hello, (err: Error | null, ack: Ack<WindowStationWelcome>) => {
			if (err) {
				log.warn('the hall did not answer the hello; trying again on the next connection');
				socket.disconnect().connect();
				return;
			}
			if ('error' in ack) {
				log.error({ code: ack.error.code }, `the hall refused this window station: ${ack.error.message}`);
				events.emit('refused', ack.error);
				if (FINAL.includes(ack.error.code)) {
					rejectReady(new Error(ack.error.message));
					void station.close();
				}
				return;
			}
			registered = true;
			log.info({ windowId: ack.data.windowId, window: ack.data.windowName }, 'registered with the hall');
			events.emit('registered', ack.data);
			resolveReady(ack.data);
		});
	});
	socket.on('disconnect', (reason) => {
		registered = false;
		if (!closed) log.warn({ reason }, 'disconnected from the hall; reconnecting');
		events.emit('disconnected', reason);
	});

	function press(device: 'keypad', key: KeypadAction): void;
	function press(device: 'evaluator', key: Grade): void;
	function press(device: 'keypad' | 'evaluator', key: KeypadAction | Grade): void {
		if (!registered) {
			log.warn({ device, key }, 'key lost: not connected to the hall');
			const ack = { error: { code: 'internal', message: '未连接到服务器，按键未生效' } } as const;
			events.emit('press', { device, key, ack } as PressOutcome);
			return;
		}
		const answered = (err: Error | null, ack: Ack<KeypadResult> | Ack<EvaluationReceipt>) => {
			const result = err ? ({ error: { code: 'internal', message: '服务器没有响应，按键可能未生效' } } as const) : ack;
			if ('error' in result) log.warn({ device, key, code: result.error.code }, result.error.message);
			else log.info({ device, key }, 'key done');
			events.emit('press', { device, key, ack: result } as PressOutcome);
		};
		if (device === 'keypad') socket.timeout(PRESS_TIMEOUT_MS).emit('keypad:press', { action: key as KeypadAction }, answered);
		else socket.timeout(PRESS_TIMEOUT_MS).emit('evaluator:press', { grade: key as Grade }, answered);
	}

	const watch = <T>(device: 'keypad' | 'evaluator', map: KeyDevice<T>, onKey: (key: T) => void): HidKeys =>
		openHidKeys<T>({
			name: device,
			table: keyTable(map),
			open,
			debounceMs: options.keyMap.debounceMs,
			reopenMs: options.reopenMs,
			onKey,
			onState: (state) => {
				if (state.state === 'connected') log.info({ device }, `${device} connected`);
				else log.warn({ device }, state.message);
				events.emit('device', { device, state });
			},
			onUnknown: (report) => log.debug({ report: hexOf(report) }, `${device}: a key that is not in the key map`)
		});
	const devices: HidKeys[] = [];
	const { keyMap } = options;
	if (keyMap.keypad) devices.push(watch<KeypadAction>('keypad', keyMap.keypad, (action) => press('keypad', action)));
	if (keyMap.evaluator) devices.push(watch<Grade>('evaluator', keyMap.evaluator, (grade) => press('evaluator', grade)));

	const station: WindowStation = {
		events,
		get registered() {
			return registered;
		},
		ready: () => ready,
		async close() {
			if (closed) return;
			closed = true;
			registered = false;
			socket.disconnect();
			await Promise.all(devices.map((d) => d.close()));
			rejectReady(new Error('the window station was closed'));
		}
	};
	return station;
}
