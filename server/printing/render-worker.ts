// The slip renderer's thread: lays out each slip and turns it into ESC/POS bytes and, for a
// printer that keeps pictures, its SVG preview (with its QR code drawn module by module).
// That is the most CPU a ticket costs the hall after it is issued; here it runs beside the
// event loop that answers every window, kiosk and phone instead of on it (slip-renderer.ts).

import { parentPort } from 'node:worker_threads';
import type { PrintDocument } from './document.ts';
import { renderSlip } from './escpos.ts';

export interface RenderRequest {
	id: number;
	document: PrintDocument;
	columns: number;
	svg: boolean;
}

export type RenderAnswer = { id: number; bytes: Uint8Array; svg: string | null } | { id: number; error: string };

const port = parentPort!;

port.on('message', (request: RenderRequest) => {
	let answer: RenderAnswer;
	try {
		const slip = renderSlip(request.document, { columns: request.columns, svg: request.svg });
		answer = { id: request.id, bytes: slip.bytes, svg: slip.svg };
	} catch (error) {
		answer = { id: request.id, error: error instanceof Error ? error.message : String(error) };
	}
	// The bytes' buffer moves to the hall's thread instead of being copied.
	port.postMessage(answer, 'bytes' in answer ? [answer.bytes.buffer as ArrayBuffer] : []);
});
