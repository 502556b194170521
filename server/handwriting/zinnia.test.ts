// The zinnia adapter against the real zinnia binary and model (Debian zinnia-utils and
// tegaki-zinnia-simplified-chinese, both in .ci/run): its queue, its restarts, its refusals.

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HandwritingBusyError, HandwritingUnavailableError, noRecognizer, type Stroke } from './recognizer.ts';
import { DEBIAN_MODEL, ZinniaRecognizer, zinniaSettingsFromEnv } from './zinnia.ts';

const logger = pino({ level: 'silent' });
const PAD = { width: 400, height: 400 };
const YI: Stroke[] = [[[60, 200], [200, 198], [340, 200]]];
const ER: Stroke[] = [[[100, 130], [300, 130]], [[60, 280], [340, 280]]];
const SHI: Stroke[] = [[[60, 190], [340, 190]], [[200, 50], [200, 350]]];

const dir = mkdtempSync(join(tmpdir(), 'zinnia-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in binary: a shell script (tests of what happens when zinnia misbehaves). */
function script(name: string, body: string): string {
	const path = join(dir, name);
	writeFileSync(path, `#!/bin/sh\n${body}\n`);
	chmodSync(path, 0o755);
	return path;
}

const open: ZinniaRecognizer[] = [];
function recognizer(options: Partial<ConstructorParameters<typeof ZinniaRecognizer>[0]> = {}): ZinniaRecognizer {
	const made = new ZinniaRecognizer({ logger, ...options });
	open.push(made);
	return made;
}
afterEach(async () => {
	for (const made of open.splice(0)) await made.close();
});

describe('ZinniaRecognizer with the real zinnia', () => {
	it('answers ranked candidates, best first, at most the limit asked for', async () => {
		const zinnia = recognizer();
		const answer = await zinnia.recognize(YI, PAD, 5);
		expect(answer).toHaveLength(5);
		expect(answer[0].char).toBe('一');
		const scores = answer.map((c) => c.score);
		expect([...scores].sort((a, b) => b - a)).toEqual(scores);
	});

	it('answers requests sent together one at a time, each with its own answer, from one process', async () => {
		const zinnia = recognizer();
		const asked = [YI, ER, SHI, YI, SHI, ER];
		const answers = await Promise.all(asked.map((strokes) => zinnia.recognize(strokes, PAD, 3)));
		expect(answers.map((a) => a[0].char)).toEqual(['一', '二', '十', '一', '十', '二']);
		const pid = zinnia.pid;
		await zinnia.recognize(YI, PAD);
		expect(zinnia.pid).toBe(pid);
	});

	it('starts zinnia again after it dies', async () => {
		const zinnia = recognizer();
		expect((await zinnia.recognize(SHI, PAD))[0].char).toBe('十');
		const first = zinnia.pid!;
		const exited = new Promise<void>((resolve) => {
			const check = () => (zinnia.pid === null ? resolve() : setTimeout(check, 10));
			check();
		});
		process.kill(first, 'SIGKILL');
		await exited;
		expect((await zinnia.recognize(YI, PAD))[0].char).toBe('一');
		expect(zinnia.pid).not.toBe(first);
	});

	it('answers nothing for no ink, without asking zinnia', async () => {
		const zinnia = recognizer();
		expect(await zinnia.recognize([[]], PAD)).toEqual([]);
		expect(zinnia.pid).toBeNull();
	});

	it('says it is available when binary and model are there', async () => {
		expect(await recognizer().available()).toBe(true);
	});
});

describe('ZinniaRecognizer when zinnia is not there or misbehaves', () => {
	it('is unavailable when the model file is missing', async () => {
		const zinnia = recognizer({ model: join(dir, 'no-such.model') });
		expect(await zinnia.available()).toBe(false);
		await expect(zinnia.recognize(YI, PAD)).rejects.toBeInstanceOf(HandwritingUnavailableError);
		await expect(zinnia.recognize(YI, PAD)).rejects.toThrow(/model file not found/);
	});

	it('is unavailable when the binary is missing', async () => {
		const zinnia = recognizer({ binary: join(dir, 'no-such-zinnia') });
		await expect(zinnia.recognize(YI, PAD)).rejects.toThrow(/binary not found/);
		expect(await zinnia.available()).toBe(false);
	});

	it('gives up for a while on a zinnia that dies at once every time, then looks again', async () => {
		let now = 1_000;
		const starts = join(dir, 'starts');
		writeFileSync(starts, '');
		const dying = script('dying', `echo start >> ${starts}\necho "cannot open model" >&2\nexit 255`);
		const zinnia = recognizer({ binary: dying, model: DEBIAN_MODEL, maxFailures: 3, retryAfterMs: 60_000, now: () => now });
		const outcomes = await Promise.allSettled([1, 2, 3, 4, 5].map(() => zinnia.recognize(YI, PAD)));
		expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof HandwritingUnavailableError)).toBe(true);
		const { readFileSync } = await import('node:fs');
		const count = () => readFileSync(starts, 'utf8').split('\n').filter(Boolean).length;
		expect(count()).toBe(3);
		// Resting: no new process until the time is up.
		await expect(zinnia.recognize(YI, PAD)).rejects.toThrow(/cannot open model/);
		expect(count()).toBe(3);
		now += 60_000;
		await expect(zinnia.recognize(YI, PAD)).rejects.toBeInstanceOf(HandwritingUnavailableError);
		expect(count()).toBe(4);
	});

	it('kills a zinnia that does not answer and starts a fresh one for the next request', async () => {
		const starts = join(dir, 'silent-starts');
		writeFileSync(starts, '');
		// Reads its input and never answers.
		const silent = script('silent', `echo start >> ${starts}\nexec cat > /dev/null`);
		const zinnia = recognizer({ binary: silent, model: DEBIAN_MODEL, timeoutMs: 300, maxFailures: 5 });
		await expect(zinnia.recognize(YI, PAD)).rejects.toBeInstanceOf(HandwritingUnavailableError);
		await expect(zinnia.recognize(YI, PAD)).rejects.toBeInstanceOf(HandwritingUnavailableError);
		const { readFileSync } = await import('node:fs');
		expect(readFileSync(starts, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
	});

	it('rejects what is still queued when closed', async () => {
		const zinnia = recognizer();
		const pending = [zinnia.recognize(YI, PAD), zinnia.recognize(ER, PAD), zinnia.recognize(SHI, PAD)];
		const closing = zinnia.close();
		const outcomes = await Promise.allSettled(pending);
		await closing;
		// The one already written may still be answered; the ones behind it never reach zinnia.
		expect(outcomes.slice(1).every((o) => o.status === 'rejected' && o.reason instanceof HandwritingUnavailableError)).toBe(true);
		await expect(zinnia.recognize(YI, PAD)).rejects.toBeInstanceOf(HandwritingUnavailableError);
	});
});

describe('settings', () => {
	it('reads ZINNIA_BIN, ZINNIA_MODEL and HANDWRITING=off, with Debian’s paths by default', () => {
		expect(zinniaSettingsFromEnv({})).toEqual({ enabled: true, binary: 'zinnia', model: DEBIAN_MODEL });
		expect(zinniaSettingsFromEnv({ ZINNIA_BIN: '/opt/z/zinnia', ZINNIA_MODEL: '/opt/z/m.model', HANDWRITING: 'off' })).toEqual({
			enabled: false,
			binary: '/opt/z/zinnia',
			model: '/opt/z/m.model'
		});
	});

	it('switched off, the hall has a recognizer that is never available', async () => {
		const off = noRecognizer('HANDWRITING=off');
		expect(await off.available()).toBe(false);
		await expect(off.recognize(YI, PAD)).rejects.toBeInstanceOf(HandwritingUnavailableError);
	});
});

describe('a bounded queue', () => {
	it('refuses at once what would wait behind too many requests, and answers the rest', async () => {
		const zinnia = recognizer({ maxWaiting: 4 });
		const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => zinnia.recognize(YI, PAD, 1)));
		// The first goes to zinnia at once; four wait; the other three are refused.
		const answered = outcomes.filter((o) => o.status === 'fulfilled');
		const refused = outcomes.filter((o) => o.status === 'rejected');
		expect(answered).toHaveLength(5);
		expect(refused).toHaveLength(3);
		expect(refused.every((o) => o.status === 'rejected' && o.reason instanceof HandwritingBusyError)).toBe(true);
	});
});
