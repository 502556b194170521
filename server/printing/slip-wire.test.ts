// A slip as the server renders it, through the devices package's TCP transport, to the fake
// printer and back through the decoder: the renderer and the wire agree.
import { describe, expect, it } from 'vitest';
import { openTransport } from '../../devices/printer/transports.ts';
import { startFakePrinter } from '../../tests/fakes/fake-printer.ts';
import { decodeEscPos, decodedText } from '../../tests/support/escpos-decoder.ts';
import { ticketSlip } from './document.ts';
import { toEscPos } from './escpos.ts';

async function open(uri: string) {
	const result = await openTransport(uri, { connectTimeoutMs: 5000, writeTimeoutMs: 10_000, statusTimeoutMs: 5000, idleCloseMs: 200 });
	if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
	return result.transport;
}

const sampleTicket = {
	hallName: '滨江街道党群服务中心',
	number: 'B007',
	serviceName: '困难党员帮扶救助',
	priority: 'green' as const,
	ahead: 2,
	issuedAt: Date.UTC(2026, 2, 2, 6, 45),
	timeZone: 'Asia/Shanghai',
	materials: ['身份证原件', '困难情况说明'],
	statusUrl: 'https://hall.example.cn/t/b007-9d2e',
	complaintPhone: '12345'
};

describe('end to end: ticket → ESC/POS → TCP → fake printer → decoder', () => {
	it('gives back the Chinese service name, the number, the QR payload and a cut', async () => {
		const printer = await startFakePrinter();
		const transport = await open(printer.uri);
		try {
			const cut = printer.nextCut();
			expect((await transport.status()).code).toBe('ok');
			expect(await transport.write(toEscPos(ticketSlip(sampleTicket)))).toEqual({ ok: true });
			const job = await cut;
			const ops = decodeEscPos(job.bytes);
			const printed = decodedText(ops);
			expect(ops.filter((o) => o.type === 'unknown')).toEqual([]);
			expect(printed).toContain('困难党员帮扶救助');
			expect(printed).toContain('绿色通道');
			expect(ops.find((o) => o.type === 'text' && o.text === 'B007')).toMatchObject({ style: { width: 6, height: 6 } });
			expect(ops.find((o) => o.type === 'qr')).toMatchObject({ data: sampleTicket.statusUrl, model: 2, ecc: 'M' });
			expect(ops.at(-1)).toMatchObject({ type: 'cut', partial: true });
			expect(ops.filter((o) => o.type === 'status-request')).toEqual([]);
			// the wire also carried the status requests, which are not part of the printed job
			expect(decodeEscPos(printer.received()).filter((o) => o.type === 'status-request')).toHaveLength(3);
		} finally {
			await transport.close();
			await printer.close();
		}
	});
});

