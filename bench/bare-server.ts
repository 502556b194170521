// The baseline for the call → board benchmark: a bare socket.io server that, when a
// window client asks, broadcasts a call-sized payload to the board room. Nothing else.

import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false });

io.on('connection', (socket) => {
	socket.on('join', (room: string, ack: () => void) => {
		socket.join(room);
		ack();
	});
	socket.on('call', (payload: { number: string }, ack: (ok: boolean) => void) => {
		io.to('board').emit('called', {
			version: 1,
			call: { ticketId: 'x', number: payload.number, serviceId: 's', windowId: '1', windowName: '1号窗口', staff: null, at: Date.now(), recall: false }
		});
		ack(true);
	});
});

httpServer.listen(port, '127.0.0.1', () => {
	const address = httpServer.address();
	process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : port })}\n`);
});
