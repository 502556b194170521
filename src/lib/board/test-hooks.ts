// The soak benchmark (bench/board-soak.ts) runs a day of calls in minutes. It sets
// `window.__jiaohaoBoardTimeScale` with page.addInitScript before the board loads, and
// the board runs its own waits (caption hold, highlight, notice refresh) that many times
// faster. Nothing in a hall sets it; the value is bounded so a stray global cannot make
// the board spin.

export const TIME_SCALE_GLOBAL = '__jiaohaoBoardTimeScale';

export function boardTimeScale(): number {
	const value = (globalThis as Record<string, unknown>)[TIME_SCALE_GLOBAL];
	return typeof value === 'number' && Number.isFinite(value) && value >= 1 && value <= 100_000 ? value : 1;
}
