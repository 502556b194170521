// The two adapters of the notification port: `preview` keeps each message as a file under
// DATA_DIR (like the preview printers, so a demo hall needs no SMS account), and `webhook`
// posts it to the hall's SMS platform, signed with the hall's secret.

import { createHmac } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { maskPhone } from '../../src/lib/mask.ts';
import type { NotificationAdapter, OutboundMessage } from './port.ts';

/** Writes `${dir}/<createdAt>-<id>.json`; the number is masked, as on any file a demo might show. */
export function previewAdapter(dir: string): NotificationAdapter {
	return {
		name: 'preview',
		async deliver(message) {
			await mkdir(dir, { recursive: true });
			const file = join(dir, `${message.createdAt}-${message.id}.json`);
			const shown = { ...message, recipient: maskPhone(message.recipient) };
			await writeFile(file, `${JSON.stringify(shown, null, 2)}\n`, 'utf8');
		}
	};
}

export const SIGNATURE_HEADER = 'x-hall-signature';
export const TIMESTAMP_HEADER = 'x-hall-timestamp';

/** `sha256=` + hex HMAC-SHA256 over `${timestamp}.${body}`: the platform recomputes it to trust the body and its age. */
export function signBody(secret: string, timestamp: number, body: string): string {
	return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookOptions {
	url: string;
	secret: string;
	/** One attempt's limit; a platform that hangs counts as a failure (retried). */
	timeoutMs?: number;
	now?: () => number;
}

export function webhookAdapter({ url, secret, timeoutMs = 10_000, now = Date.now }: WebhookOptions): NotificationAdapter {
	return {
		name: 'webhook',
		async deliver(message: OutboundMessage) {
			const body = JSON.stringify({
				id: message.id,
				kind: message.kind,
				to: message.recipient,
				text: message.text,
				data: message.data,
				createdAt: message.createdAt
			});
			const timestamp = now();
			const response = await fetch(url, {
				method: 'POST',
				headers: {
					'content-type': 'application/json; charset=utf-8',
					// The platform may see a message twice after a lost answer: the id lets it drop the repeat.
					'idempotency-key': message.id,
					[TIMESTAMP_HEADER]: String(timestamp),
					[SIGNATURE_HEADER]: signBody(secret, timestamp, body)
				},
				body,
				signal: AbortSignal.timeout(timeoutMs),
				redirect: 'error'
			});
			// Drain the body so the connection can be reused.
			const answer = await response.text().catch(() => '');
			if (!response.ok) throw new Error(`HTTP ${response.status}${answer ? `: ${answer.slice(0, 200)}` : ''}`);
		}
	};
}
