// npm run admin -- add-user --role director|staff|admin --username U --name NAME [--staff-no N]
// npm run admin -- reset-password --username U
//
// The first director of a real hall (which starts with no account) and a forgotten password.
// Works on DATA_DIR/hall.db with the server running or not (SQLite WAL; the server notices
// within its session sweep). Prints a one-time password on its last line as `password: …`:
// the first login with it must choose a new one. Every use is in the audit log.

import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { logAudit } from './access-log.ts';
import { Auth, hashPassword, oneTimePassword } from './auth.ts';
import type { Result } from './hall.ts';
import { Store } from './store/store.ts';

const USAGE = `usage:
  npm run admin -- add-user --role director|staff|admin --username U --name NAME [--staff-no N]
  npm run admin -- reset-password --username U
(DATA_DIR selects the hall's data directory, default ./data)`;

export const addUserSchema = z.strictObject({
	role: z.enum(['director', 'staff', 'admin'], { message: '--role must be director, staff or admin' }),
	username: z.string().regex(/^[a-z0-9_.-]{3,32}$/, '--username must be 3–32 lower-case letters, digits, _ . -'),
	name: z.string().trim().min(1, '--name is required').max(20, '--name is at most 20 characters'),
	'staff-no': z.string().trim().min(1).max(20).optional()
});

export const resetSchema = z.strictObject({
	username: z.string().min(1, '--username is required').max(64)
});

/** Who ran the command, as the audit log names them. */
function operator(): string {
	try {
		return `cli:${userInfo().username}`;
	} catch {
		return 'cli';
	}
}

export function addUser(store: Store, input: z.infer<typeof addUserSchema>, now: number): Result<{ username: string; password: string }> {
	const password = oneTimePassword();
	const auth = new Auth(store, { now: () => now });
	return store.db.transaction((): Result<{ username: string; password: string }> => {
		const created = auth.createStaff({
			username: input.username,
			name: input.name,
			staffNo: input['staff-no'] ?? input.username.toUpperCase(),
			role: input.role,
			password,
			mustChangePassword: true
		});
		if (!created.ok) return created;
		logAudit(store.db, now, operator(), 'cli:add-user', created.value.id, { username: input.username, role: input.role });
		return { ok: true, value: { username: input.username, password } };
	})();
}

export function resetPassword(store: Store, username: string, now: number): Result<{ username: string; password: string }> {
	const staff = store.staffByUsername(username);
	if (!staff) return { ok: false, error: { code: 'not_found', message: `no account named ${username}` } };
	const password = oneTimePassword();
	store.db.transaction(() => {
		// Ends the account's sessions in the database; a running server drops them at its next sweep.
		store.setPassword(staff.id, hashPassword(password), { mustChange: true });
		logAudit(store.db, now, operator(), 'cli:reset-password', staff.id, { username });
	})();
	return { ok: true, value: { username, password } };
}

function fail(message: string, code = 1): never {
	process.stderr.write(`${message}\n`);
	process.exit(code);
}

function main(argv: string[]): void {
	const [command, ...rest] = argv;
	let values: Record<string, string | boolean | undefined>;
	try {
		values = parseArgs({
			args: rest,
			options: { role: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' }, 'staff-no': { type: 'string' } },
			strict: true
		}).values;
	} catch (error) {
		fail(`${(error as Error).message}\n${USAGE}`, 2);
	}
	if (command !== 'add-user' && command !== 'reset-password') fail(USAGE, 2);
	const schema = command === 'add-user' ? addUserSchema : resetSchema;
	const parsed = schema.safeParse(values);
	if (!parsed.success) fail(`${parsed.error.issues.map((i) => i.message).join('; ')}\n${USAGE}`, 2);

	const dataDir = resolve(process.env.DATA_DIR ?? 'data');
	let store: Store;
	try {
		store = new Store(join(dataDir, 'hall.db'));
	} catch (error) {
		fail(`cannot open ${join(dataDir, 'hall.db')}: ${(error as Error).message}`);
	}
	try {
		const now = Date.now();
		const result =
			command === 'add-user'
				? addUser(store, parsed.data as z.infer<typeof addUserSchema>, now)
				: resetPassword(store, (parsed.data as z.infer<typeof resetSchema>).username, now);
		if (!result.ok) fail(result.error.message);
		process.stdout.write(
			`${command === 'add-user' ? 'account created' : 'password reset'}: ${result.value.username} (a one-time password: the first login must choose a new one)\n` +
				`password: ${result.value.password}\n`
		);
	} finally {
		store.close();
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
