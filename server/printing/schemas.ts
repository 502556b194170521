// Inputs of the printing commands, shared by the HTTP API and the socket.

import { z } from 'zod';

export const stationIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,20}$/);

/** Body of POST /api/stations/:station/print-notification. */
export const notificationBodySchema = z.strictObject({ serviceId: z.string().min(1).max(64) });

/** Socket 'print:notification'. */
export const printNotificationSchema = z.strictObject({ serviceId: z.string().min(1).max(64), station: stationIdSchema });

/** GET /api/print-jobs query. */
export const printJobQuerySchema = z.strictObject({
	station: stationIdSchema.optional(),
	ticketId: z.string().min(1).max(64).optional(),
	limit: z.coerce.number().int().min(1).max(500).optional()
});
