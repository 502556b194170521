// Polls until a condition holds: sockets, threads and PostgreSQL run on their own time, and a
// test waits for the state it expects instead of sleeping.

export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
		await new Promise((r) => setTimeout(r, 25));
	}
}
