// The heavy half of the board's voice (announcement queue, sentence builder, players),
// imported on demand by voice.svelte.ts: the board paints from its snapshot first and
// the voice, whose clips load afterwards anyway, follows a moment later.

import type { VoiceSettings } from '../protocol.ts';
import { pickPlayer } from './clip-player.ts';
import type { BoardPlayer } from './player.ts';
import { parseManifest } from './speech.ts';

export { Announcer } from './announcer.ts';
export { AudioBlockedError } from './clip-player.ts';
export { callText } from './speech.ts';

/**
 * The hall's pack when it loads, else the committed default: a hall that misspells its
 * pack or forgets to copy it still hears every call.
 */
async function packOrDefault(pack: string, warn: (message: string) => void): Promise<string> {
	if (pack === 'default') return pack;
	try {
		const res = await fetch(`/voice/${pack}/manifest.json`);
		if (!res.ok) throw new Error(`HTTP ${res.status}`);
		const { missing } = parseManifest(await res.json());
		if (missing.length > 0) warn(`voice pack "${pack}" lacks ${missing.join(' ')}; those words are skipped`);
		return pack;
	} catch (error) {
		warn(`voice pack "${pack}" cannot be loaded (${(error as Error).message}); using the default pack`);
		return 'default';
	}
}

/** The hall's choice: its pack (or the default), through the platform voice when asked for and present. */
export async function hallPlayer(settings: VoiceSettings, warn: (message: string) => void): Promise<BoardPlayer> {
	const pack = await packOrDefault(settings.pack, warn);
	return pickPlayer(settings.engine, { pack });
}
