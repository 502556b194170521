import type { ServerResponse } from 'node:http';

/** Headers every response carries; pages get their CSP from SvelteKit (svelte.config.js). */
export function securityHeaders(res: ServerResponse): void {
	res.setHeader('x-content-type-options', 'nosniff');
	res.setHeader('referrer-policy', 'same-origin');
	res.setHeader('x-frame-options', 'DENY');
	res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()');
}
