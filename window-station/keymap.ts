// The key map of a window station: which USB device is the caller keypad (叫号器) and
// which the evaluator pad (评价器), and which input report of each means which key.
//
// Keypads differ: some are HID keyboards that send 8-byte boot reports (F1 → 00 00 3a 00 …),
// others send one vendor byte per key. So a key is written as the report's leading bytes in
// hex ("00 00 3a"); "??" matches any byte (e.g. the modifier byte). The longest matching
// pattern wins; a report that matches nothing (such as the all-keys-up report) is ignored.

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Grade, KeypadAction } from '../src/lib/protocol.ts';

const KEYPAD_ACTIONS = ['next', 'recall', 'no-show', 'start', 'finish', 'pause', 'resume'] as const satisfies readonly KeypadAction[];

/** A USB id as a number, or as hex text ("0x0483", "0483"). */
const usbId = z.union([
	z.number().int().min(0).max(0xffff),
	z
		.string()
		.regex(/^(0x)?[0-9a-fA-F]{1,4}$/, 'a USB id is 1–4 hex digits, e.g. 0x0483')
		.transform((v) => parseInt(v.replace(/^0x/i, ''), 16))
]);

const pattern = z
	.string()
	.transform((v) => v.trim().toLowerCase().replace(/^0x/, '').replace(/[\s:,-]+/g, ' '))
	.refine((v) => /^([0-9a-f]{2}|\?\?)( ?([0-9a-f]{2}|\?\?))*$/.test(v), 'report bytes are hex pairs, e.g. "00 00 3a" ("??" for any byte)');

const grade = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);

function device<T extends z.ZodType>(value: T) {
	return z.strictObject({
		vendorId: usbId,
		productId: usbId,
		keys: z.record(pattern, value).refine((keys) => Object.keys(keys).length > 0, 'at least one key')
	});
}

export const keyMapSchema = z
	.strictObject({
		keypad: device(z.enum(KEYPAD_ACTIONS)).optional(),
		evaluator: device(grade).optional(),
		/** The same key again within this time is a bounce or a double press, not a second command. */
		debounceMs: z.number().int().min(0).max(5000).default(300)
	})
	.refine((map) => map.keypad || map.evaluator, 'the key map needs a keypad, an evaluator, or both');

export type KeyMap = z.infer<typeof keyMapSchema>;

/** One device's keys, compiled for matching. */
export interface KeyTable<T> {
	vendorId: number;
	productId: number;
	match(report: Uint8Array): T | null;
}

function bytesOf(text: string): (number | null)[] {
	const compact = text.replace(/ /g, '');
	const bytes: (number | null)[] = [];
	for (let i = 0; i < compact.length; i += 2) {
		const pair = compact.slice(i, i + 2);
		bytes.push(pair === '??' ? null : parseInt(pair, 16));
	}
	return bytes;
}

/** One device's part of the key map. */
export interface KeyDevice<T> {
	vendorId: number;
	productId: number;
	keys: Record<string, T>;
}

export function keyTable<T>(def: KeyDevice<T>): KeyTable<T> {
	const entries = Object.entries(def.keys)
		.map(([text, value]) => ({ bytes: bytesOf(text), value }))
		// Longest first: "00 00 3a" must beat a catch-all "00".
		.sort((a, b) => b.bytes.length - a.bytes.length);
	return {
		vendorId: def.vendorId,
		productId: def.productId,
		match(report) {
			for (const entry of entries) {
				if (entry.bytes.length > report.length) continue;
				if (entry.bytes.every((b, i) => b === null || b === report[i])) return entry.value;
			}
			return null;
		}
	};
}

export function parseKeyMap(json: unknown): KeyMap {
	return keyMapSchema.parse(json);
}

export function loadKeyMap(path: string): KeyMap {
	let json: unknown;
	try {
		json = JSON.parse(readFileSync(path, 'utf8'));
	} catch (error) {
		throw new Error(`key map ${path}: cannot read JSON (${(error as Error).message})`, { cause: error });
	}
	const parsed = keyMapSchema.safeParse(json);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
		throw new Error(`key map ${path} is not valid:\n${lines}`);
	}
	return parsed.data;
}

export type { Grade, KeypadAction };
