/**
 * Turns the 8-byte boot keyboard reports of a barcode scanner in keyboard (HID) mode into
 * scans. Report: [modifiers, reserved, key1 … key6]. A key counts when it appears in a
 * report and was not in the one before (so "AA" needs a release in between, as real
 * scanners send). Enter ends a scan.
 */
import { keyMeaning, USAGE_ERROR_ROLLOVER } from './keymap.ts';

export type ScanRejection =
	| { reason: 'too_long'; length: number }
	/** Characters then silence, no Enter: a scan cut short (or someone typing on the scanner's keys). */
	| { reason: 'incomplete'; partial: string }
	| { reason: 'unknown_keys'; partial: string; usages: number[] }
	| { reason: 'bad_report'; length: number };

export interface HidKeyboardDecoderOptions {
	onScan: (text: string) => void;
	onReject?: (rejection: ScanRejection) => void;
	/** Longest scan accepted; longer ones are dropped whole. */
	maxLength?: number;
	/** A pause longer than this inside a scan means the earlier characters belong to no scan. */
	gapMs?: number;
	now?: () => number;
}

export const DEFAULT_MAX_SCAN_LENGTH = 512;
const DEFAULT_GAP_MS = 500;

export class HidKeyboardDecoder {
	readonly #onScan: (text: string) => void;
	readonly #onReject: (rejection: ScanRejection) => void;
	readonly #maxLength: number;
	readonly #gapMs: number;
	readonly #now: () => number;
	#previous = new Set<number>();
	#buffer = '';
	#overflow = 0;
	#unknown: number[] = [];
	#capsLock = false;
	#lastAt = 0;

	constructor(options: HidKeyboardDecoderOptions) {
		this.#onScan = options.onScan;
		this.#onReject = options.onReject ?? (() => undefined);
		this.#maxLength = options.maxLength ?? DEFAULT_MAX_SCAN_LENGTH;
		this.#gapMs = options.gapMs ?? DEFAULT_GAP_MS;
		this.#now = options.now ?? Date.now;
	}

	/** Feeds one input report as read from the device. */
	push(report: Uint8Array): void {
		// hidraw hands some devices' reports over with a leading report id.
		const bytes = report.length === 9 ? report.subarray(1) : report;
		if (bytes.length !== 8) {
			this.#onReject({ reason: 'bad_report', length: report.length });
			return;
		}
		const at = this.#now();
		if (this.#pendingChars() && at - this.#lastAt > this.#gapMs) this.#rejectPartial();
		this.#lastAt = at;

		const keys = [...bytes.subarray(2)].filter((k) => k !== 0);
		if (keys.includes(USAGE_ERROR_ROLLOVER)) return;
		const modifiers = bytes[0];
		const down = new Set(keys);
		for (const usage of keys) {
			if (this.#previous.has(usage)) continue;
			const meaning = keyMeaning(usage, modifiers, this.#capsLock);
			switch (meaning.kind) {
				case 'char':
					if (this.#buffer.length < this.#maxLength) this.#buffer += meaning.char;
					else this.#overflow++;
					break;
				case 'enter':
					this.#finish();
					break;
				case 'caps-lock':
					this.#capsLock = !this.#capsLock;
					break;
				case 'unknown':
					this.#unknown.push(meaning.usage);
					break;
				case 'ignored':
					break;
			}
		}
		this.#previous = down;
	}

	#pendingChars(): boolean {
		return this.#buffer.length > 0 || this.#overflow > 0 || this.#unknown.length > 0;
	}

	#reset(): void {
		this.#buffer = '';
		this.#overflow = 0;
		this.#unknown = [];
	}

	#rejectPartial(): void {
		if (this.#unknown.length > 0) this.#onReject({ reason: 'unknown_keys', partial: this.#buffer, usages: this.#unknown });
		else if (this.#overflow > 0) this.#onReject({ reason: 'too_long', length: this.#buffer.length + this.#overflow });
		else this.#onReject({ reason: 'incomplete', partial: this.#buffer });
		this.#reset();
	}

	#finish(): void {
		if (this.#overflow > 0 || this.#unknown.length > 0) return this.#rejectPartial();
		const text = this.#buffer;
		this.#reset();
		// An Enter alone is a scanner's keep-alive or a stray key press, not a scan.
		if (text.length > 0) this.#onScan(text);
	}
}
