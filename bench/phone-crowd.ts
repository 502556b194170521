// The call → board benchmark's phone status pages, in their own process: in a hall each
// phone is its own device, so the 1,000 pages' parsing of queue updates must not run on
// the event loop that times the boards. They still share the machine's cores with the
// server and the boards. Reads {url, ticketIds} as JSON on stdin; prints "ready" when
// every page has its snapshot, and the count of facts received when stdin closes.

import { io as connect, type Socket } from 'socket.io-client';

const input = await new Promise<string>((resolve) => {
	let text = '';
	const take = (chunk: Buffer) => {
		text += chunk.toString();
		if (!text.includes('\n')) return;
		process.stdin.off('data', take);
		resolve(text);
	};
	process.stdin.on('data', take);
});
const { url, ticketIds } = JSON.parse(input) as { url: string; ticketIds: string[] };

function open(): Promise<Socket> {
	const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', reject);
	});
}

let facts = 0;
const phones: Socket[] = [];
for (let i = 0; i < ticketIds.length; i += 100) {
	const batch = await Promise.all(
		ticketIds.slice(i, i + 100).map(async (ticketId) => {
			const s = await open();
			await new Promise((r) => s.emit('ticket:subscribe', { ticketId }, r));
			s.onAny(() => facts++);
			return s;
		})
	);
	phones.push(...batch);
}
process.stdout.write('ready\n');
// Anything more on stdin, then its end: the benchmark is over.
process.stdin.on('data', () => undefined);
process.stdin.on('end', () => {
	process.stdout.write(`${JSON.stringify({ facts })}\n`);
	for (const s of phones) s.disconnect();
	process.exit(0);
});
