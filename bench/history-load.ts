// The director's PC of the history rows, in a process of its own as it is another machine on
// the hall's LAN: it asks for a report (or an Excel) again and again, reading and parsing each
// whole answer, without sharing an event loop with the client that times the board.
// `node --import tsx bench/history-load.ts URL TOKEN`; then on stdin:
//   `run PATH`  starts the loop (prints `running` once the first request is on its way);
//   `stop`      ends it after the answer in flight and prints `stopped {"durations":[…],"bytes":N}`;
//   `run PATH N` asks N times, one after the other, then prints `stopped …` by itself.
// A failed answer prints `failed …` and exits 1.

import { request } from 'node:http';
import { createInterface } from 'node:readline';

const [url, token] = process.argv.slice(2);

/** One GET, the whole body read; JSON parsed as the console does. */
function get(path: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => {
				const body = Buffer.concat(chunks);
				if (res.statusCode !== 200) return reject(new Error(`${res.statusCode} ${body.toString('utf8').slice(0, 300)}`));
				if (res.headers['content-type']?.includes('json')) JSON.parse(body.toString('utf8'));
				resolve(body.length);
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
}

let loop: Promise<void> | null = null;
let running = false;
let durations: number[] = [];
let bytes = 0;

function start(path: string, count: number): void {
	running = true;
	durations = [];
	loop = (async () => {
		let first = true;
		while (running && durations.length < count) {
			const t0 = performance.now();
			const answer = get(path);
			if (first) {
				console.log('running');
				first = false;
			}
			bytes = await answer;
			durations.push(performance.now() - t0);
		}
		if (running) {
			running = false;
			loop = null;
			console.log(`stopped ${JSON.stringify({ durations, bytes })}`);
		}
	})().catch((error: unknown) => {
		console.log(`failed ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	});
}

createInterface({ input: process.stdin }).on('line', async (line) => {
	const [verb, path, count] = line.trim().split(' ');
	if (verb === 'run' && path && !running) start(path, count ? Number(count) : Infinity);
	else if (verb === 'stop' && loop) {
		running = false;
		await loop;
		loop = null;
		console.log(`stopped ${JSON.stringify({ durations, bytes })}`);
	} else if (verb === 'exit') process.exit(0);
});
console.log('ready');
