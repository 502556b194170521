// The handwriting port: strokes a resident wrote with a finger on the kiosk's pad in, ranked
// characters out. The real adapter is zinnia (./zinnia.ts, offline, on the hall server); the
// tests that are not about recognition use the fake (./fake.ts).

/** One point of a stroke, in the pad's own pixels: `[x, y]`, origin top left. */
export type Point = readonly [number, number];
/** The points of one stroke, in the order the finger drew them. */
export type Stroke = readonly Point[];

/** The pad the strokes were written on: every point lies within it. */
export interface PadSize {
	width: number;
	height: number;
}

export interface Candidate {
	/** One character (a Unicode scalar; the model's characters are all in the BMP). */
	char: string;
	/** The recognizer's own score: higher is likelier; only the order means anything across characters. */
	score: number;
}

export interface HandwritingRecognizer {
	/**
	 * Ranked candidates for the strokes written so far, best first, at most `limit` of them.
	 * Rejects with HandwritingUnavailableError when there is no recognizer on this server, and
	 * with HandwritingBusyError when too many requests are waiting.
	 */
	recognize(strokes: readonly Stroke[], size: PadSize, limit?: number): Promise<Candidate[]>;
	/** Whether recognize can answer (binary and model present, not given up on); false never throws. */
	available(): Promise<boolean>;
	/** Stops the recognizer's process, if any; pending requests reject. */
	close(): Promise<void>;
}

/** Why there is no answer: the binary or the model is missing, or the recognizer keeps dying. */
export class HandwritingUnavailableError extends Error {
	constructor(readonly reason: string) {
		super(`handwriting recognizer unavailable: ${reason}`);
		this.name = 'HandwritingUnavailableError';
	}
}

/** Too many requests waiting already (kiosks of the whole hall writing at once): try the stroke again shortly. */
export class HandwritingBusyError extends Error {
	constructor(readonly waiting: number) {
		super(`handwriting recognizer busy: ${waiting} requests waiting`);
		this.name = 'HandwritingBusyError';
	}
}

/** Candidates a recognizer answers with when the caller names no limit. */
export const DEFAULT_CANDIDATES = 10;

/** The recognizer of a hall that has handwriting switched off (HANDWRITING=off): never available. */
export function noRecognizer(reason: string): HandwritingRecognizer {
	return {
		recognize: () => Promise.reject(new HandwritingUnavailableError(reason)),
		available: () => Promise.resolve(false),
		close: () => Promise.resolve()
	};
}
