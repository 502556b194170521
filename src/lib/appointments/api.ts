// The phone pages' calls (/book, /take) and the kiosk's 预约签到: one shape, `{ data } | { error }`.
import { call } from '../shared/api.ts';
import type { Ack, AppointmentReportRow, AppointmentSlot, AppointmentStaffView, AppointmentView, BookingOptions, ClosedDay, RemoteTicketView, TicketPublic } from '../protocol.ts';

export interface BookingInput {
	serviceId: string;
	date: string;
	start: string;
	name: string;
	phone: string;
}

export interface BookingReceipt {
	id: string;
	code: string;
	serviceId: string;
	date: string;
	start: string;
	end: string;
	status: 'booked';
}

const enc = encodeURIComponent;

export const bookingOptions = (): Promise<Ack<BookingOptions>> => call('GET', '/api/appointments/options');

export const slots = (serviceId: string, date: string): Promise<Ack<AppointmentSlot[]>> =>
	call('GET', `/api/appointments/slots?serviceId=${enc(serviceId)}&date=${enc(date)}`);

export const book = (input: BookingInput): Promise<Ack<BookingReceipt>> => call('POST', '/api/appointments', { body: input });

export const findBooking = (code: string, phone: string): Promise<Ack<AppointmentView>> =>
	call('GET', `/api/appointments/${enc(code)}?phone=${enc(phone)}`);

export const cancelBooking = (code: string, phone: string): Promise<Ack<AppointmentView>> =>
	call('POST', `/api/appointments/${enc(code)}/cancel`, { body: { phone } });

export const takeRemote = (serviceId: string, phone: string): Promise<Ack<RemoteTicketView>> =>
	call('POST', '/api/remote-tickets', { body: { serviceId, phone } });

export const findRemote = (code: string, phone: string): Promise<Ack<RemoteTicketView>> =>
	call('GET', `/api/remote-tickets/${enc(code)}?phone=${enc(phone)}`);

/** The kiosk's one code box: a booking's code or a remote ticket's. */
export const checkIn = (code: string, station: string): Promise<Ack<TicketPublic>> =>
	call('POST', '/api/appointments/check-in', { body: { code, station } });

/** K7M4TX → K7M-4TX, as the code is read aloud. */
export function formatCode(code: string): string {
	return code.length === 6 ? `${code.slice(0, 3)}-${code.slice(3)}` : code;
}

export const PHONE = /^1[3-9]\d{9}$/;

/** 2026-11-26 → 11月26日 周四 · Thu 26 Nov */
export function dayLabel(date: string): { zh: string; en: string } {
	const d = new Date(`${date}T00:00:00Z`);
	const week = '日一二三四五六'[d.getUTCDay()];
	const en = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(d);
	return { zh: `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 周${week}`, en };
}

/** An instant as the hall's clock reads it (HH:MM), for "check in from …". */
export function clockTime(ms: number, timeZone = 'Asia/Shanghai'): string {
	return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(ms);
}

// Console (staff token) ------------------------------------------------------------------

export const dayBookings = (token: string, date: string): Promise<Ack<AppointmentStaffView[]>> =>
	call('GET', `/api/appointments/day?date=${enc(date)}`, { token });

export const openBooking = (token: string, id: string): Promise<Ack<AppointmentStaffView>> =>
	call('POST', '/api/appointments/open', { token, body: { id } });

export const cancelByStaff = (token: string, id: string, reason: string): Promise<Ack<AppointmentView>> =>
	call('POST', '/api/appointments/staff-cancel', { token, body: { id, reason } });

export const banOf = (token: string, phone: string): Promise<Ack<{ until: number | null }>> =>
	call('GET', `/api/appointments/ban?phone=${enc(phone)}`, { token });

export const liftBan = (token: string, phone: string, reason: string): Promise<Ack<{ lifted: boolean }>> =>
	call('POST', '/api/appointments/lift-ban', { token, body: { phone, reason } });

export const bookingReport = (token: string, from: string, to: string): Promise<Ack<AppointmentReportRow[]>> =>
	call('GET', `/api/appointments/report?from=${enc(from)}&to=${enc(to)}`, { token });

export interface NotificationRow {
	id: string;
	kind: 'booked' | 'cancelled' | 'reminder' | 'almost_turn';
	recipient: string;
	status: 'pending' | 'sent' | 'failed' | 'cancelled';
	attempts: number;
	dueAt: number;
	lastError: string | null;
	createdAt: number;
	sentAt: number | null;
}

export const notifications = (token: string): Promise<Ack<NotificationRow[]>> => call('GET', '/api/appointments/notifications', { token });

export const retryNotification = (token: string, id: string): Promise<Ack<{ retried: boolean }>> =>
	call('POST', '/api/appointments/notifications', { token, body: { id } });

export const bookingOfTicket = (token: string, ticketId: string): Promise<Ack<AppointmentStaffView | null>> =>
	call('GET', `/api/appointments/ticket?ticketId=${enc(ticketId)}`, { token });

// Days closed to booking (director) --------------------------------------------------------

export const closedDays = (token: string): Promise<Ack<ClosedDay[]>> => call('GET', '/api/appointments/closed-days', { token });

export const closeDay = (token: string, date: string, reason: string): Promise<Ack<ClosedDay[]>> =>
	call('POST', '/api/appointments/closed-days', { token, body: { date, reason } });

export const reopenDay = (token: string, date: string): Promise<Ack<ClosedDay[]>> =>
	call('POST', '/api/appointments/closed-days/reopen', { token, body: { date } });
