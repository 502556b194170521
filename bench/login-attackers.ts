// The attackers of the login-flood row, in a process of their own as the other PCs on a hall's
// LAN would be: their request loops must not share an event loop with the client that times
// the board. `node --import tsx bench/login-attackers.ts URL COUNT`; prints `ready` once
// flooding, and `attempts N` after a line `stop` arrives on stdin.

import { request } from 'node:http';
import { createInterface } from 'node:readline';

const [url, countText] = process.argv.slice(2);
const count = Number(countText ?? 24);
const target = new URL(`${url}/api/session`);
let flooding = true;
let attempts = 0;

function postFrom(localAddress: string, body: unknown): Promise<void> {
	const payload = JSON.stringify(body);
	return new Promise((resolve) => {
		const req = request(
			{ hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
			(res) => {
				res.resume();
				res.on('end', () => resolve());
			}
		);
		req.on('error', () => resolve());
		req.end(payload);
	});
}

const loops = Array.from({ length: count }, async (_, i) => {
	const address = `127.0.0.${10 + i}`;
	while (flooding) {
		await postFrom(address, { username: i % 2 === 0 ? 'director' : 'bench1', password: `guess-${attempts++}` });
	}
});
console.log('ready');

createInterface({ input: process.stdin }).on('line', async (line) => {
	if (line.trim() !== 'stop') return;
	flooding = false;
	await Promise.all(loops);
	console.log(`attempts ${attempts}`);
	process.exit(0);
});
