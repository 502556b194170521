// What the board's players share: the port the board UI plays through, and a pause. Its
// own file so the clip player and the lazily loaded system voice need not import each other.

import type { SpeechPlayer } from './announcer.ts';

/** The board's player: the announcer's port plus what the board UI needs about autoplay. */
export interface BoardPlayer extends SpeechPlayer {
	readonly kind: 'clips' | 'system';
	/** True while the browser keeps audio suspended until someone touches the screen. */
	readonly blocked: boolean;
	/** Call from a user-gesture handler (click/keydown); true when audio now runs. */
	resume(): Promise<boolean>;
	/** Tells the board when to show or hide its "点击屏幕开启声音" hint; returns the unsubscribe. */
	onBlockedChange(listener: (blocked: boolean) => void): () => void;
	/** Frees the audio device (the page is going away, or the hall switched voice). */
	close(): Promise<void>;
}

export function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
