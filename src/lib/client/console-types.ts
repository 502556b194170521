// What the console API answers with. Types only, taken from the server code that builds the
// answers (erased at build time, so nothing of the server reaches the browser): the console
// edits exactly the hall file the server validates, and a change there shows up here as a
// compile error instead of a blank field.
import type { DutyDay, DutyLogEntry, DutyLogKind, DutyRole, StationPresenceInfo } from '../protocol.ts';
import type { Auth } from '../../../server/auth.ts';
import type { Cases } from '../../../server/cases.ts';
import type { HallFile } from '../../../server/config.ts';
import type { Records } from '../../../server/records.ts';
import type { PeriodReport, Reports, TimeStats } from '../../../server/reports.ts';
import type { ExportJob } from '../../../server/history/history.ts';

export type { DutyDay, DutyLogEntry, DutyLogKind, DutyRole, ExportJob, HallFile, PeriodReport, TimeStats };

/** GET /api/console/duty: the days of a range with their roster, the log of those days, and the hall's today. */
export interface DutyRange {
	days: DutyDay[];
	log: DutyLogEntry[];
	today: string;
}

export type ServiceConfig = HallFile['services'][number];
export type WindowConfig = HallFile['windows'][number];
export type StationConfig = HallFile['stations'][number];
export type PeriodConfig = HallFile['hours']['workday'][number];
export type DayOverride = HallFile['hours']['overrides'][string];

/** GET /api/console/live: the hall now, and which configured stations are connected. */
export type LiveReport = ReturnType<Reports['live']> & { stations: StationPresenceInfo[] };
export type StaffAccount = ReturnType<Auth['listStaff']>[number];
export type NoticeEntry = ReturnType<Records['allNotices']>[number];
export type ObjectionEntry = Extract<ReturnType<Records['objectionsOf']>, { ok: true }>['value'][number];
export type ComplaintEntry = ReturnType<Records['complaints']>[number];
export type AuditEntry = ReturnType<Records['auditTrail']>[number];
export type AccessRequestEntry = ReturnType<Cases['accessRequests']>[number];
export type AccessLogEntry = ReturnType<Cases['accessLog']>[number];

/** GET /api/console/calendar?year=: the holiday package's official days of one year. */
export interface CalendarInfo {
	year: number;
	/** The last year the package has an official schedule for. */
	knownThroughYear: number;
	official: Record<string, DayOverride>;
}

export type ComplaintStatus = 'open' | 'answered' | 'closed';

export interface ComplaintPatch {
	assignedTo?: string;
	answer?: string;
	dueDate?: string;
	status?: ComplaintStatus;
}

export interface NoticeDraft {
	title: string;
	body: string;
	category: string;
	publishFrom: string;
	publishTo: string;
	publish: boolean;
}

export interface StaffDraft {
	username: string;
	name: string;
	staffNo: string;
	role: 'staff' | 'director' | 'admin';
	password: string;
}
