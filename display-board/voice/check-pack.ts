// Checks a voice pack before a hall relies on it: a recorded pack with a missing, silent
// or mislabelled clip would otherwise be found out in the hall, by someone not hearing
// their number.
//
//   npx tsx display-board/voice/check-pack.ts static/voice/<name>
//
// Exit code 0: the pack is complete and every clip is a readable, audible WAV.
// Exit code 1: the problems are listed, one per line.

import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLIP_TOKENS, parseManifest } from '../../src/lib/board/speech.ts';
import { parseWav, rms } from './wav.ts';

/** Below this a clip is as good as silent (the default pack's speech sits near 0.1). */
const MIN_RMS = 0.01;
/** A single word or digit; a longer clip stretches every call in a busy hall. */
const MAX_WORD_MS = 2_000;

export interface PackReport {
	name: string;
	problems: string[];
	clips: number;
}

export function checkPack(dir: string): PackReport {
	const problems: string[] = [];
	const manifestPath = join(dir, 'manifest.json');
	if (!existsSync(manifestPath)) return { name: basename(dir), problems: [`no manifest.json in ${dir}`], clips: 0 };
	let parsed: ReturnType<typeof parseManifest>;
	try {
		parsed = parseManifest(JSON.parse(readFileSync(manifestPath, 'utf8')));
	} catch (error) {
		return { name: basename(dir), problems: [`manifest.json: ${(error as Error).message}`], clips: 0 };
	}
	const { manifest, missing } = parsed;
	if (!/^[A-Za-z0-9_-]{1,40}$/.test(basename(dir))) {
		problems.push(`the directory name "${basename(dir)}" cannot be a pack name (letters, digits, _ and - only)`);
	}
	for (const token of missing) problems.push(`no clip for "${token}"`);
	for (const token of Object.keys(manifest.clips)) {
		if (!CLIP_TOKENS.includes(token)) problems.push(`"${token}" is not a word the board says (a typo?)`);
	}
	for (const [token, clip] of Object.entries(manifest.clips)) {
		const path = join(dir, clip.file);
		if (!existsSync(path)) {
			problems.push(`${token}: ${clip.file} is missing`);
			continue;
		}
		try {
			const audio = parseWav(readFileSync(path));
			if (rms(audio.samples) < MIN_RMS) problems.push(`${token}: ${clip.file} is silent or very quiet`);
			const longest = token === 'chime' || token.startsWith('en-please') ? MAX_WORD_MS * 1.5 : MAX_WORD_MS;
			if (audio.durationMs > longest) problems.push(`${token}: ${clip.file} lasts ${Math.round(audio.durationMs)} ms; trim the silence around the word`);
		} catch (error) {
			// The board itself decodes any format Chromium reads; this checker reads PCM WAV only.
			problems.push(`${token}: ${clip.file} is not a PCM WAV file (${(error as Error).message})`);
		}
	}
	return { name: manifest.name, problems, clips: Object.keys(manifest.clips).length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const dir = process.argv[2];
	if (!dir) {
		console.error('usage: npx tsx display-board/voice/check-pack.ts static/voice/<name>');
		process.exit(2);
	}
	const report = checkPack(resolve(dir));
	if (report.problems.length === 0) {
		console.log(`voice pack "${report.name}": ${report.clips} clips, complete and audible`);
	} else {
		console.error(`voice pack "${report.name}": ${report.problems.length} problem(s)`);
		for (const problem of report.problems) console.error(`  - ${problem}`);
		process.exit(1);
	}
}
