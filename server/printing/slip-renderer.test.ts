import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ticketSlip, type TicketSlipData } from './document.ts';
import { renderSlip, toEscPos, toPreviewSvg } from './escpos.ts';
import { receiptSlip } from './receipt.ts';
import { SlipRenderer } from './slip-renderer.ts';

const ticket = (number: string, extra: Partial<TicketSlipData> = {}): TicketSlipData => ({
	hallName: '滨江街道党群服务中心',
	number,
	serviceName: '党组织关系转接',
	priority: 'normal',
	ahead: 3,
	issuedAt: Date.UTC(2026, 2, 2, 0, 31),
	timeZone: 'Asia/Shanghai',
	materials: ['身份证原件', '党员组织关系介绍信'],
	statusUrl: `https://hall.example.cn/t/${number}-7f3a9c`,
	complaintPhone: '0571-12345678',
	windows: ['1号窗口', '5号窗口'],
	recallLimit: 2,
	...extra
});

const receipt = receiptSlip({
	kind: 'complaint',
	hallName: '滨江街道党群服务中心',
	reference: 'TS-20260302-0001',
	categoryLabel: '投诉',
	maskedName: '王*明',
	filedAt: Date.UTC(2026, 2, 2, 0, 31),
	dueDate: '2026-03-09',
	lookupUrl: 'https://hall.example.cn/r/TS-20260302-0001',
	complaintPhone: '12345',
	timeZone: 'Asia/Shanghai'
});

// What the renderer logs: a lost or unstartable thread is logged as an error.
const logged: string[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(line) });
let renderer: SlipRenderer | null = null;

afterEach(async () => {
	await renderer?.close();
	renderer = null;
	logged.length = 0;
});

describe('renderSlip', () => {
	it('gives the very bytes and preview that toEscPos and toPreviewSvg give, from one layout', () => {
		for (const document of [ticketSlip(ticket('A012')), ticketSlip(ticket('B003', { lang: 'en', priority: 'green' })), receipt]) {
			for (const columns of [32, 48]) {
				const slip = renderSlip(document, { columns, svg: true });
				expect(Buffer.from(slip.bytes).equals(Buffer.from(toEscPos(document, { columns })))).toBe(true);
				expect(slip.svg).toBe(toPreviewSvg(document, { columns }));
				expect(renderSlip(document, { columns }).svg).toBeNull();
			}
		}
	});
});

describe('SlipRenderer', () => {
	it('renders in its thread exactly what the event loop would, and answers in the order asked', async () => {
		renderer = new SlipRenderer({ logger });
		const documents = Array.from({ length: 30 }, (_, i) => ticketSlip(ticket(`A${String(i + 1).padStart(3, '0')}`)));
		const done: number[] = [];
		const slips = await Promise.all(
			documents.map((document, i) =>
				renderer!.render(document, i % 2 === 0 ? 32 : 48, i % 3 === 0).then((slip) => {
					done.push(i);
					return slip;
				})
			)
		);
		// Its own thread did the work: none was lost or failed to start (that would be logged).
		expect(renderer.threaded).toBe(true);
		expect(logged).toEqual([]);
		expect(done).toEqual(documents.map((_, i) => i));
		slips.forEach((slip, i) => {
			const inline = renderSlip(documents[i], { columns: i % 2 === 0 ? 32 : 48, svg: i % 3 === 0 });
			expect(Buffer.from(slip.bytes).equals(Buffer.from(inline.bytes))).toBe(true);
			expect(slip.svg).toBe(inline.svg);
		});
	});

	it('renders on the calling thread when told to, with the same result', async () => {
		renderer = new SlipRenderer({ logger, thread: false });
		expect(renderer.threaded).toBe(false);
		const slip = await renderer.render(receipt, 32, true);
		expect(slip.svg).toBe(toPreviewSvg(receipt, { columns: 32 }));
	});

	it('leaves no slip unanswered when it closes with slips still in its thread', async () => {
		renderer = new SlipRenderer({ logger });
		const asked = Array.from({ length: 20 }, (_, i) => renderer!.render(ticketSlip(ticket(`C${String(i + 1).padStart(3, '0')}`)), 32, true));
		await renderer.close();
		const slips = await Promise.all(asked);
		expect(slips.map((slip) => slip.svg?.includes('<svg'))).toEqual(asked.map(() => true));
		// Closed, it still renders (on the caller's thread) rather than refusing.
		expect(renderer.threaded).toBe(false);
		expect((await renderer.render(receipt, 48, false)).bytes.length).toBeGreaterThan(0);
	});

	it('rejects a document that cannot be rendered, and keeps rendering the next ones', async () => {
		renderer = new SlipRenderer({ logger });
		const broken = { kind: 'test', title: 'broken', lines: [{ type: 'text', text: null }] } as unknown as ReturnType<typeof ticketSlip>;
		await expect(renderer.render(broken, 32, false)).rejects.toThrow();
		const slip = await renderer.render(receipt, 32, false);
		expect(Buffer.from(slip.bytes).equals(Buffer.from(toEscPos(receipt, { columns: 32 })))).toBe(true);
		expect(renderer.threaded).toBe(true);
		expect(logged).toEqual([]);
	});
});
