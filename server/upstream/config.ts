// The hall file's `upstream` block: where the district hub is and how this hall proves who it is.

import { z } from 'zod';
import { wireHallIdSchema } from './wire.ts';

export const upstreamConfigSchema = z.strictObject({
	/** The hub's address, e.g. https://district.example.gov.cn (a load balancer in front of the nodes). */
	url: z.string().url('upstream.url 必须是 http(s):// 地址'),
	hallId: wireHallIdSchema,
	/** Printed by `npm run district -- add-hall`. */
	key: z.string().min(16, 'upstream.key 至少 16 个字符').max(200)
});

export type UpstreamConfig = z.infer<typeof upstreamConfigSchema>;
