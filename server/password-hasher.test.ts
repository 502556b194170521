import { randomBytes, scryptSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { PasswordHasher } from './password-hasher.ts';

/** The nice value and scheduling policy of each thread of this process (Linux: /proc/self/task/<tid>/stat, fields 19 and 41). */
function threadPriorities(): { nice: number; policy: number }[] {
	return readdirSync('/proc/self/task').map((tid) => {
		const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
		// The command name may hold spaces: fields are counted after its closing parenthesis.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return { nice: Number(fields[16]), policy: Number(fields[38]) };
	});
}

const threadNiceValues = () => threadPriorities().map((t) => t.nice);
/** SCHED_IDLE in <sched.h>. */
const SCHED_IDLE = 5;

describe('PasswordHasher', () => {
	let hasher: PasswordHasher;
	afterEach(() => hasher.close());

	it('derives the same key as scrypt on the calling thread', async () => {
		hasher = new PasswordHasher();
		const salt = randomBytes(16);
		const options = { N: 1024, r: 8, p: 1 };
		const key = await hasher.derive('密码-pass', salt, 32, options);
		expect(key.equals(scryptSync('密码-pass', salt, 32, options))).toBe(true);
	});

	it('hashes in a thread at the lowest CPU priority, leaving the event loop its own', async () => {
		hasher = new PasswordHasher();
		// The last test's thread may linger in /proc for a moment after it ended (each test file runs in a process of its own).
		await expect.poll(() => threadNiceValues().filter((nice) => nice === 19).length).toBe(0);
		const before = 0;
		await hasher.derive('x', randomBytes(16), 32, { N: 1024, r: 8, p: 1 });
		const after = threadNiceValues();
		expect(after.filter((nice) => nice === 19).length).toBe(before + 1);
		// The process itself (the event loop's thread) keeps its priority.
		expect(after[0]).toBe(0);
		// And the hashing thread is in the idle scheduling class where util-linux's chrt is (Debian: always).
		if (existsSync('/usr/bin/chrt')) {
			const policies = threadPriorities();
			expect(policies.filter((t) => t.nice === 19 && t.policy === SCHED_IDLE).length).toBeGreaterThanOrEqual(1);
			expect(policies[0].policy).toBe(0);
		}
	});

	it('starts a new thread after close, and a bad request is an error, not a hang', async () => {
		hasher = new PasswordHasher();
		await hasher.close();
		await expect(hasher.derive('x', randomBytes(16), 32, { N: 3, r: 8, p: 1 })).rejects.toThrow();
		const key = await hasher.derive('x', Buffer.alloc(16), 16, { N: 1024, r: 8, p: 1 });
		expect(key).toHaveLength(16);
	});

	it('ends its thread once idle, and starts one again for the next login', async () => {
		hasher = new PasswordHasher({ idleMs: 50 });
		const threads = () => readdirSync('/proc/self/task').length;
		const before = threads();
		await hasher.derive('x', randomBytes(16), 32, { N: 1024, r: 8, p: 1 });
		expect(threads()).toBe(before + 1);
		await expect.poll(threads, { timeout: 5000 }).toBe(before);
		const key = await hasher.derive('x', Buffer.alloc(16), 16, { N: 1024, r: 8, p: 1 });
		expect(key).toHaveLength(16);
	});

	it('a login that comes while the idle thread ends is hashed by the next thread, not failed with it', async () => {
		hasher = new PasswordHasher();
		await hasher.derive('x', randomBytes(16), 32, { N: 1024, r: 8, p: 1 });
		const ending = hasher.close();
		const key = hasher.derive('y', Buffer.alloc(16), 16, { N: 1024, r: 8, p: 1 });
		await ending;
		await expect(key).resolves.toHaveLength(16);
	});
});
