// The attackers of the login-flood row, in a process of their own as the other PCs on a hall's
// LAN would be: their request loops must not share an event loop with the client that times
// the board. `node --import tsx bench/login-attackers.ts URL COUNT`; prints `ready` once
// flooding. Lines on stdin: `pause` (prints `paused` once no attempt is in flight), `resume`
// (prints `resumed`), `stop` (prints `attempts N` and exits).

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

let paused: Promise<void> | null = null;
let resume = () => {};
let inFlight = 0;
let idle = () => {};

const loops = Array.from({ length: count }, async (_, i) => {
	const address = `127.0.0.${10 + i}`;
	while (flooding) {
		if (paused) {
			await paused;
			continue;
		}
		inFlight++;
		await postFrom(address, { username: i % 2 === 0 ? 'director' : 'bench1', password: `guess-${attempts++}` });
		if (--inFlight === 0) idle();
	}
});
console.log('ready');

createInterface({ input: process.stdin }).on('line', async (line) => {
	const command = line.trim();
	if (command === 'pause' && !paused) {
		paused = new Promise((resolve) => (resume = resolve));
		if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
		console.log('paused');
	} else if (command === 'resume' && paused) {
		paused = null;
		resume();
		console.log('resumed');
	} else if (command === 'stop') {
		flooding = false;
		paused = null;
		resume();
		await Promise.all(loops);
		console.log(`attempts ${attempts}`);
		process.exit(0);
	}
});
