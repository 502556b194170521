// Compile-time check (run by `npm run check`) that the console API types written out in the
// contract (src/lib/protocol.ts) are exactly what the server builds its answers from. The screens
// may not import the server, not even types; this file is where the two meet, so a change on
// either side without the other fails the type check instead of showing a blank field.
import type { Auth } from '../../server/auth.ts';
import type { Cases } from '../../server/cases.ts';
import type { ExportJob } from '../../server/history/history.ts';
import type { CalendarService, NoticeApplied, NoticePreview, YearView } from '../../server/calendar/service.ts';
import type { HallFile as ServerHallFile } from '../../server/config.ts';
import type { Records } from '../../server/records.ts';
import type { PeriodReport as ServerPeriodReport, Reports, TimeStats as ServerTimeStats } from '../../server/reports.ts';
import type * as C from '../../src/lib/protocol.ts';

/** True only when each type is assignable to the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const consoleContract: [
	Same<ServerHallFile, C.HallFile>,
	Same<ServerPeriodReport, C.PeriodReport>,
	Same<ServerTimeStats, C.TimeStats>,
	Same<ReturnType<Reports['live']> & { stations: C.StationPresenceInfo[]; demoPasswordAccounts: string[] }, C.LiveReport>,
	Same<ReturnType<Auth['listStaff']>[number], C.StaffAccount>,
	Same<ReturnType<Records['allNotices']>[number], C.NoticeEntry>,
	Same<Extract<ReturnType<Records['objectionsOf']>, { ok: true }>['value'][number], C.ObjectionEntry>,
	Same<ReturnType<Records['complaints']>[number], C.ComplaintEntry>,
	Same<ReturnType<Records['auditTrail']>[number], C.AuditEntry>,
	Same<ReturnType<Cases['accessRequests']>[number], C.AccessRequestEntry>,
	Same<ReturnType<Cases['accessLog']>[number], C.AccessLogEntry>,
	Same<YearView, C.CalendarInfo>,
	Same<ReturnType<CalendarService['coverage']>, C.CalendarCoverage>,
	Same<NoticePreview, C.NoticePreview>,
	Same<NoticeApplied, C.NoticeApplied>,
	Same<ExportJob, C.ExportJob>,
	Same<ReturnType<Records['complaintsAssignedTo']>[number], C.AssignedComplaint>,
	Same<Extract<ReturnType<Records['complaintContact']>, { ok: true }>['value'], C.ComplaintContact>
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
