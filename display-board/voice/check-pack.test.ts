// The pack checker halls run on their own recorded packs: it passes the committed pack and
// names each kind of mistake a hand-made pack can have.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPack } from './check-pack.ts';

const packDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../static/voice/default');
const made: string[] = [];

/** A copy of the default pack in a temporary directory, to break on purpose. */
function copyOfDefault(): string {
	const dir = mkdtempSync(join(tmpdir(), 'jiaohao-pack-'));
	made.push(dir);
	for (const file of readdirSync(packDir)) copyFileSync(join(packDir, file), join(dir, file));
	return dir;
}

afterEach(() => {
	for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('checkPack', () => {
	it('passes the committed default pack', () => {
		expect(checkPack(packDir).problems).toEqual([]);
	});

	it('names missing clips, missing files and unknown words', () => {
		const dir = copyOfDefault();
		const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
		delete manifest.clips.A;
		manifest.clips.qnig = { file: 'chime.wav', durationMs: 950 };
		writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
		unlinkSync(join(dir, manifest.clips.qing.file));
		const { problems } = checkPack(dir);
		expect(problems).toContain('no clip for "A"');
		expect(problems).toContain('"qnig" is not a word the board says (a typo?)');
		expect(problems).toContain(`qing: ${manifest.clips.qing.file} is missing`);
	});

	it('says so when there is no manifest', () => {
		const root = mkdtempSync(join(tmpdir(), 'jiaohao-pack-'));
		made.push(root);
		expect(checkPack(root).problems[0]).toMatch(/no manifest\.json/);
	});
});
