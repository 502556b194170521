// The hall configuration file (HALL_CONFIG): validated once at start, so a typo in
// a hall's JSON is a clear message at boot rather than a strange queue at 8:30.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { buildCalendar } from './calendar-data.ts';
import type { HallConfig } from './core/types.ts';

const hm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'time must be HH:MM');
const period = z.tuple([hm, hm]).refine(([from, to]) => from < to, 'a period must end after it starts');

function noOverlap(periods: [string, string][]): boolean {
	const sorted = [...periods].sort((a, b) => a[0].localeCompare(b[0]));
	return sorted.every((p, i) => i === 0 || sorted[i - 1][1] <= p[0]);
}

const periods = z.array(period).refine(noOverlap, 'opening periods overlap');

const guideSchema = z.object({
	conditions: z.array(z.string()),
	materials: z.array(z.string()),
	steps: z.array(z.string()),
	fees: z.string(),
	legalBasis: z.string()
});

const serviceSchema = z.object({
	id: z.string().regex(/^[a-z0-9-]{1,40}$/),
	prefix: z.string().regex(/^[A-Z]$/, 'prefix must be one capital letter'),
	name: z.string().min(1).max(40),
	nameEn: z.string().min(1).max(80),
	timeLimitDays: z.number().int().min(0).max(365),
	enabled: z.boolean().default(true),
	guide: guideSchema
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
	printer: z.string().optional()
});

export const hallFileSchema = z
	.object({
		hallName: z.string().min(1),
		hallNameEn: z.string().default(''),
		complaintPhone: z.string().default(''),
		timeZone: z.string().default('Asia/Shanghai'),
		hours: z.object({
			alwaysOpen: z.boolean().default(false),
			workday: periods,
			restDay: periods.default([]),
			overrides: z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.enum(['holiday', 'workday'])).default({})
		}),
		rules: z
			.object({ recallLimit: z.number().int().min(0).max(10), greenBurst: z.number().int().min(1).max(20) })
			.default({ recallLimit: 2, greenBurst: 3 }),
		showStaffOnBoard: z.boolean().default(true),
		demoStaff: z.boolean().default(false),
		/** The address phones reach the hall at, for the QR on the ticket; defaults to the request's origin. */
		publicUrl: z.string().url().nullable().default(null),
		services: z.array(serviceSchema).min(1),
		windows: z.array(windowSchema).min(1),
		stations: z.array(stationSchema).default([])
	})
	.superRefine((hall, ctx) => {
		const unique = (values: string[], what: string) => {
			const seen = new Set<string>();
			for (const v of values) {
				if (seen.has(v)) ctx.addIssue({ code: 'custom', message: `duplicate ${what}: ${v}` });
				seen.add(v);
			}
		};
		unique(hall.services.map((s) => s.id), 'service id');
		unique(hall.services.map((s) => s.prefix), 'service prefix');
		unique(hall.windows.map((w) => w.id), 'window id');
		unique(hall.stations.map((s) => s.id), 'station id');
		const serviceIds = new Set(hall.services.map((s) => s.id));
		for (const window of hall.windows) {
			for (const id of window.serviceIds) {
				if (!serviceIds.has(id)) ctx.addIssue({ code: 'custom', message: `window ${window.id} serves unknown service ${id}` });
			}
		}
	});

export type HallFile = z.infer<typeof hallFileSchema>;

export interface HallSettings {
	hallName: string;
	hallNameEn: string;
	complaintPhone: string;
	showStaffOnBoard: boolean;
	demoStaff: boolean;
	publicUrl: string | null;
	stations: HallFile['stations'];
	zones: Map<string, string | null>;
}

export interface LoadedHall {
	config: HallConfig;
	settings: HallSettings;
}

export const DEMO_HALL_PATH = fileURLToPath(new URL('../config/demo-hall.json', import.meta.url));

const ALL_DAY: [string, string][] = [['00:00', '24:00']];

export function parseHall(json: unknown): LoadedHall {
	const file = hallFileSchema.parse(json);
	const calendar = buildCalendar({
		timeZone: file.timeZone,
		workdayHours: file.hours.alwaysOpen ? ALL_DAY : file.hours.workday,
		restDayHours: file.hours.alwaysOpen ? ALL_DAY : file.hours.restDay,
		overrides: file.hours.overrides
	});
	return {
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
			showStaffOnBoard: file.showStaffOnBoard,
			demoStaff: file.demoStaff,
			publicUrl: file.publicUrl,
			stations: file.stations,
			zones: new Map(file.windows.map((w) => [w.id, w.zone]))
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
