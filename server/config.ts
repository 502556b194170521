// The hall configuration file (HALL_CONFIG): validated once at start, so a typo in
// a hall's JSON is a clear message at boot rather than a strange queue at 8:30.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { calendarDay } from '../src/lib/commands.ts';
import { buildCalendar } from './calendar-data.ts';
import { parsePrinterUri } from '../devices/printer/transports.ts';
import { publishedSchedulesSchema } from './calendar/schemas.ts';
import type { HallConfig } from './core/types.ts';
import { upstreamConfigSchema } from './upstream/config.ts';

const hm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, '时间格式应为 HH:MM');
const period = z.tuple([hm, hm]).refine(([from, to]) => from < to, '时段的结束时间必须晚于开始时间');

function noOverlap(periods: [string, string][]): boolean {
	const sorted = [...periods].sort((a, b) => a[0].localeCompare(b[0]));
	return sorted.every((p, i) => i === 0 || sorted[i - 1][1] <= p[0]);
}

const periods = z.array(period).refine(noOverlap, '办公时段有重叠');

const guideSchema = z.object({
	conditions: z.array(z.string()),
	materials: z.array(z.string()),
	steps: z.array(z.string()),
	fees: z.string(),
	legalBasis: z.string(),
	/** 办事说明 in markdown (flow charts as uploaded /media images). */
	details: z.string().max(20_000, '办事说明不能超过 20000 字').optional()
});

/** An uploaded image's address, as POST /api/console/media answers it. */
const mediaPath = z.string().regex(/^\/media\/[0-9a-f]{64}\.(?:png|jpg|webp|gif)$/, '标志图片必须是上传后的 /media/… 地址');

/** 预约 per service: slots of `slotMinutes` within the opening periods, `capacity` places each, bookable `bookAheadDays` opening days ahead. */
export const serviceAppointmentsSchema = z.strictObject({
	enabled: z.boolean().default(false),
	slotMinutes: z.number().int().min(5).max(240).default(30),
	capacity: z.number().int().min(1).max(500).default(5),
	bookAheadDays: z.number().int().min(1).max(60).default(7)
});

/** The hall's 预约 rules, including the common 爽约 rule and days closed to booking. */
export const appointmentRulesSchema = z.strictObject({
	/** 签到 opens this long before the slot. */
	checkInEarlyMinutes: z.number().int().min(0).max(240).default(30),
	/** 签到 is still accepted this long after the slot's start; later, a normal ticket is offered. */
	lateGraceMinutes: z.number().int().min(0).max(240).default(15),
	/** A phone that missed this many bookings within `noShowWindowDays` cannot book for `banDays`. */
	noShowLimit: z.number().int().min(1).max(20).default(3),
	noShowWindowDays: z.number().int().min(1).max(365).default(30),
	banDays: z.number().int().min(1).max(365).default(30),
	/** Days the hall takes no bookings although open (e.g. a training day). */
	closedDays: z.array(calendarDay).max(400).default([]),
	/** Why each of `closedDays` is closed (the console's editor asks for it; hall files written by hand may leave it out). */
	closedDayReasons: z.record(calendarDay, z.string().max(200)).default({}),
	/** 线上取号: residents may take today's number from home (it waits for their check-in). */
	remoteTaking: z.boolean().default(true)
});

/** The outbound port for 预约 messages: `preview` files under DATA_DIR, or the hall's SMS platform webhook. */
export const notificationsSchema = z
	.discriminatedUnion('adapter', [
		z.strictObject({ adapter: z.literal('preview'), reminderMinutes: z.number().int().min(0).max(1440).default(60), almostTurnAhead: z.number().int().min(0).max(50).default(3) }),
		z.strictObject({
			adapter: z.literal('webhook'),
			url: z.string().url().refine((u) => /^https?:\/\//.test(u), '通知地址必须是 http(s) 地址'),
			/** HMAC-SHA256 key for the X-Hall-Signature header. */
			secret: z.string().min(16, '签名密钥至少 16 个字符').max(200),
			reminderMinutes: z.number().int().min(0).max(1440).default(60),
			almostTurnAhead: z.number().int().min(0).max(50).default(3)
		})
	])
	.default({ adapter: 'preview', reminderMinutes: 60, almostTurnAhead: 3 });

export type ServiceAppointments = z.infer<typeof serviceAppointmentsSchema>;
export type AppointmentRules = z.infer<typeof appointmentRulesSchema>;
export type NotificationSettings = z.infer<typeof notificationsSchema>;

const serviceSchema = z.object({
	id: z.string().regex(/^[a-z0-9-]{1,40}$/),
	prefix: z.string().regex(/^[A-Z]$/, '号码前缀必须是一个大写字母'),
	name: z.string().min(1).max(40),
	nameEn: z.string().min(1).max(80),
	timeLimitDays: z.number().int().min(0).max(365),
	enabled: z.boolean().default(true),
	/** A heading the kiosk groups tiles under, when a hall offers many services. */
	group: z.string().min(1).max(20).optional(),
	groupEn: z.string().min(1).max(40).optional(),
	guide: guideSchema,
	appointments: serviceAppointmentsSchema.optional()
});

const windowSchema = z.object({
	id: z.string().regex(/^[A-Za-z0-9-]{1,20}$/),
	name: z.string().min(1).max(20),
	serviceIds: z.array(z.string()),
	zone: z.string().nullable().default(null)
});

const stationSchema = z.object({
	id: z.string().regex(/^[A-Za-z0-9-]{1,20}$/),
	kind: z.enum(['kiosk', 'board', 'window']),
	name: z.string(),
	/** Kiosks: tcp://HOST[:9100], /dev/usb/lp0, usb://VID:PID, preview (slips saved under DATA_DIR/prints) or preview:DIR. */
	printer: z
		.string()
		.refine((uri) => uri.trim() === 'preview' || parsePrinterUri(uri).ok, 'printer must be tcp://HOST[:PORT], /dev/usb/lpN, usb://VID:PID, preview or preview:DIR')
		.optional(),
	/** 58 mm paper (32 columns, the default) or 80 mm (48 columns). */
	paper: z.enum(['58mm', '80mm']).optional(),
	/** When set, a station agent must present this key to receive the station's print jobs. */
	agentKey: z.string().min(16, 'agentKey must be at least 16 characters').max(200).optional(),
	/** Window stations (kind "window"): the window whose caller keypad and evaluator pad the agent reads. */
	windowId: z.string().regex(/^[A-Za-z0-9-]{1,20}$/).optional()
});

export const hallFileSchema = z
	.object({
		hallName: z.string().min(1),
		hallNameEn: z.string().default(''),
		complaintPhone: z.string().default(''),
		/** The hall's logo on the kiosk and board headers: an uploaded image. */
		logo: mediaPath.nullable().default(null),
		timeZone: z.string().default('Asia/Shanghai'),
		hours: z.object({
			alwaysOpen: z.boolean().default(false),
			workday: periods,
			restDay: periods.default([]),
			overrides: z.record(calendarDay, z.enum(['holiday', 'workday'])).default({}),
			/** Years whose State Council schedule the director entered from its notice (see server/calendar). */
			published: publishedSchedulesSchema
		}),
		rules: z
			.object({
				recallLimit: z.number().int().min(0).max(10),
				greenBurst: z.number().int().min(1).max(20),
				/** A remote ticket (线上取号) passed over before check-in keeps its place this long. */
				remoteHoldMinutes: z.number().int().min(1).max(240).default(30)
			})
			.default({ recallLimit: 2, greenBurst: 3, remoteHoldMinutes: 30 }),
		appointmentRules: appointmentRulesSchema.prefault({}),
		notifications: notificationsSchema,
		showStaffOnBoard: z.boolean().default(true),
		/** The display board's voice: 「请 A012 号到 3 号窗口办理」 said `repeat` times, optionally in English too. */
		voice: z
			.strictObject({
				repeat: z.number().int().min(1).max(5).default(2),
				english: z.boolean().default(false),
				engine: z.enum(['clips', 'system']).default('clips'),
				pack: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'pack must be a directory name under static/voice').default('default')
			})
			.prefault({}),
		demoStaff: z.boolean().default(false),
		/** The address phones reach the hall at, for the QR on the ticket; defaults to the request's origin. */
		publicUrl: z.string().url().nullable().default(null),
		services: z.array(serviceSchema).min(1),
		windows: z.array(windowSchema).min(1),
		stations: z.array(stationSchema).default([]),
		/** The district hub this hall ships its event log to (docs/district.md); null: none. */
		upstream: upstreamConfigSchema.nullable().default(null)
	})
	.superRefine((hall, ctx) => {
		const unique = (values: string[], what: string) => {
			const seen = new Set<string>();
			for (const v of values) {
				if (seen.has(v)) ctx.addIssue({ code: 'custom', message: `${what}重复：${v}` });
				seen.add(v);
			}
		};
		unique(hall.services.map((s) => s.id), '业务编号');
		unique(hall.services.map((s) => s.prefix), '号码前缀');
		unique(hall.windows.map((w) => w.id), '窗口编号');
		unique(hall.stations.map((s) => s.id), '终端编号');
		const serviceIds = new Set(hall.services.map((s) => s.id));
		for (const window of hall.windows) {
			for (const id of window.serviceIds) {
				if (!serviceIds.has(id)) ctx.addIssue({ code: 'custom', message: `${window.name}办理的业务不存在：${id}` });
			}
		}
		// A window station's keys act as the staff member signed in there: it must name its window and hold a key.
		const windowIds = new Set(hall.windows.map((w) => w.id));
		for (const station of hall.stations) {
			if (station.kind !== 'window') continue;
			if (!station.windowId || !windowIds.has(station.windowId)) {
				ctx.addIssue({ code: 'custom', message: `窗口终端 ${station.id} 的 windowId 必须是已配置的窗口编号` });
			}
			if (!station.agentKey) ctx.addIssue({ code: 'custom', message: `窗口终端 ${station.id} 必须设置 agentKey（叫号器按键将以窗口工作人员的身份执行）` });
		}
	});

export type HallFile = z.infer<typeof hallFileSchema>;

export interface HallSettings {
	hallName: string;
	hallNameEn: string;
	complaintPhone: string;
	logo: string | null;
	showStaffOnBoard: boolean;
	voice: HallFile['voice'];
	demoStaff: boolean;
	publicUrl: string | null;
	stations: HallFile['stations'];
	zones: Map<string, string | null>;
	/** 预约 per service id (services without an `appointments` block take no bookings). */
	appointments: Map<string, ServiceAppointments>;
	appointmentRules: AppointmentRules;
	notifications: NotificationSettings;
}

export interface LoadedHall {
	config: HallConfig;
	settings: HallSettings;
	/** The validated hall file, with defaults filled in: what the console edits. */
	file: HallFile;
}

export const DEMO_HALL_PATH = fileURLToPath(new URL('../config/demo-hall.json', import.meta.url));

const ALL_DAY: [string, string][] = [['00:00', '24:00']];

export function parseHall(json: unknown): LoadedHall {
	const file = hallFileSchema.parse(json);
	const calendar = buildCalendar({
		timeZone: file.timeZone,
		workdayHours: file.hours.alwaysOpen ? ALL_DAY : file.hours.workday,
		restDayHours: file.hours.alwaysOpen ? ALL_DAY : file.hours.restDay,
		overrides: file.hours.overrides,
		published: file.hours.published
	});
	return {
		file,
		config: {
			calendar,
			rules: file.rules,
			services: file.services.map((s) => ({ ...s })),
			windows: file.windows.map((w) => ({ ...w }))
		},
		settings: {
			hallName: file.hallName,
			hallNameEn: file.hallNameEn,
			complaintPhone: file.complaintPhone,
			logo: file.logo,
			showStaffOnBoard: file.showStaffOnBoard,
			voice: file.voice,
			demoStaff: file.demoStaff,
			publicUrl: file.publicUrl,
			stations: file.stations,
			zones: new Map(file.windows.map((w) => [w.id, w.zone])),
			appointments: new Map(file.services.flatMap((s) => (s.appointments ? [[s.id, s.appointments] as const] : []))),
			appointmentRules: file.appointmentRules,
			notifications: file.notifications
		}
	};
}

export function loadHallFile(path: string): LoadedHall {
	let json: unknown;
	try {
		json = JSON.parse(readFileSync(path, 'utf8'));
	} catch (error) {
		throw new Error(`HALL_CONFIG ${path}: cannot read JSON (${(error as Error).message})`, { cause: error });
	}
	try {
		return parseHall(json);
	} catch (error) {
		if (error instanceof z.ZodError) {
			const lines = error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
			throw new Error(`HALL_CONFIG ${path} is not valid:\n${lines}`, { cause: error });
		}
		throw error;
	}
}

/** Station keys of the demo hall file: public, so a real hall must not use them. */
function demoAgentKeys(): Set<string> {
	try {
		const demo = JSON.parse(readFileSync(DEMO_HALL_PATH, 'utf8')) as { stations?: { agentKey?: string }[] };
		return new Set((demo.stations ?? []).flatMap((s) => (s.agentKey ? [s.agentKey] : [])));
	} catch {
		return new Set();
	}
}

/**
 * Why a real (non-demo) hall must not start with this file: one line per problem, each
 * naming what to fix. Empty for the demo hall, whose keys and addresses are public anyway.
 */
export function readinessProblems(file: HallFile, demoKeys: Set<string> = demoAgentKeys()): string[] {
	if (file.demoStaff) return [];
	const problems: string[] = [];
	for (const station of file.stations) {
		const key = station.agentKey;
		if (key === undefined) continue;
		const why = demoKeys.has(key)
			? 'is the demo hall\'s key'
			: key.toLowerCase().includes('change-me')
				? 'contains "change-me"'
				: key.length < 16
					? 'is shorter than 16 characters'
					: null;
		if (why) problems.push(`station ${station.id}: agentKey ${why}; set a random key of 16+ characters (e.g. \`openssl rand -base64 24\`)`);
	}
	// The QR on every slip: without it the address would come from whatever Host a client sends.
	if (!file.publicUrl) problems.push('publicUrl is required in a hall that is not the demo: the address phones reach the hall at (e.g. "https://jiaohao.example.org")');
	return problems;
}
