// A recognizer for the tests that are not about recognition (the command's validation, rate
// limits, the kiosk's pad without zinnia). Faithful to the port's contract: answers in request
// order, best first, at most `limit`, nothing for no ink, HandwritingUnavailableError when
// switched off. It "recognizes" by counting strokes and telling flat from upright, which is
// enough to tell 一 from 丨 from 十.

import { DEFAULT_CANDIDATES, HandwritingUnavailableError, type Candidate, type HandwritingRecognizer, type PadSize, type Stroke } from './recognizer.ts';

const BY_STROKES: Record<number, string[]> = {
	2: ['十', '人', '八', '入', '七', '乂'],
	3: ['口', '大', '土', '干', '工', '三'],
	4: ['王', '木', '中', '日', '月', '丰']
};

export class FakeRecognizer implements HandwritingRecognizer {
	/** Every request, as received (tests look at what the command passed on). */
	readonly requests: { strokes: readonly Stroke[]; size: PadSize; limit: number }[] = [];
	#available: boolean;
	#closed = false;

	constructor(options: { available?: boolean } = {}) {
		this.#available = options.available ?? true;
	}

	/** Switches the fake recognizer on or off (as if zinnia were installed or removed). */
	setAvailable(available: boolean): void {
		this.#available = available;
	}

	async recognize(strokes: readonly Stroke[], size: PadSize, limit = DEFAULT_CANDIDATES): Promise<Candidate[]> {
		if (!this.#available || this.#closed) throw new HandwritingUnavailableError('fake recognizer switched off');
		this.requests.push({ strokes, size, limit });
		const inked = strokes.filter((stroke) => stroke.length > 0);
		if (inked.length === 0) return [];
		let chars: string[];
		if (inked.length === 1) {
			const stroke = inked[0];
			const [x0, y0] = stroke[0];
			const [x1, y1] = stroke[stroke.length - 1];
			chars = Math.abs(x1 - x0) >= Math.abs(y1 - y0) ? ['一', '乙', '丶', '丨'] : ['丨', '丿', '一', '乙'];
		} else {
			chars = BY_STROKES[Math.min(inked.length, 4)];
		}
		return chars.slice(0, limit).map((char, i) => ({ char, score: 1 - i * 0.25 }));
	}

	async available(): Promise<boolean> {
		return this.#available && !this.#closed;
	}

	async close(): Promise<void> {
		this.#closed = true;
	}
}
