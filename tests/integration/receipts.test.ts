// 回执 and 进度查询 end to end: a real hall on a loopback port, kiosk station K1's printer a
// fake network printer. A complaint or an objection filed at K1 prints its receipt there
// (reference, due date, the QR of its phone page, in GB18030, at 32 or 48 columns); the
// reference is then looked up as a resident would type it; the director's answer shows up.
// And notices reach open boards and kiosks by push when the director publishes or withdraws one.

import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakePrinter, type FakePrinter } from '../fakes/fake-printer.ts';
import { decodedText, decodeEscPos, unknownOps } from '../support/escpos-decoder.ts';
import { ask, demoHallFile, next, startTestHall, type TestHall } from '../support/test-hall.ts';

const FAST = { retry: { initialMs: 50, maxMs: 200 }, statusPollMs: null } as const;

let hall: TestHall | null = null;
let printer: FakePrinter | null = null;

afterEach(async () => {
	await hall?.close();
	await printer?.close();
	hall = null;
	printer = null;
});

async function hallWithPrinter(options: { columns?: 32 | 48; rateLimit?: boolean } = {}): Promise<{ hall: TestHall; printer: FakePrinter }> {
	printer = await startFakePrinter();
	const file = demoHallFile();
	file.stations = file.stations.map((s) =>
		s.id === 'K1' ? { ...s, printer: printer!.uri, ...(options.columns ? { paper: options.columns === 48 ? ('80mm' as const) : ('58mm' as const) } : {}) } : s
	);
	hall = await startTestHall({ hallFile: file, printing: FAST, rateLimit: options.rateLimit });
	return { hall, printer };
}

function decode(bytes: Uint8Array) {
	const ops = decodeEscPos(bytes);
	return { ops, text: decodedText(ops), qr: ops.filter((op) => op.type === 'qr').map((op) => (op as { data: string }).data) };
}

describe('the receipt of a complaint filed at a kiosk', () => {
	it('prints reference, due date and how to ask, in GB18030, with the QR of its phone page and only a masked name', async () => {
		const { hall, printer } = await hallWithPrinter();
		const filed = await hall.api('/api/complaints', {
			body: { category: 'complaint', content: '窗口工作人员态度冷淡', contactName: '张三明', contactPhone: '13812341234', station: 'K1' }
		});
		expect(filed.status).toBe(201);
		const { reference, dueDate } = filed.body;
		expect(reference).toBe('TS-20261126-001');
		// Thursday 26 November 2026 + 15 working days.
		expect(dueDate).toBe('2026-12-17');

		const [job] = await printer.waitForJobs(1);
		const { ops, text, qr } = decode(job.bytes);
		expect(unknownOps(ops)).toEqual([]);
		expect(text).toContain('投诉建议回执');
		expect(text).toContain(reference);
		expect(text).toContain('2026年12月17日前');
		expect(text).toContain('类别：投诉');
		expect(text).toContain('张*明');
		expect(text).toContain('进度查询');
		expect(text).toContain('服务台');
		expect(text).not.toContain('张三明');
		expect(text).not.toContain('13812341234');
		expect(text).not.toContain('态度冷淡');
		expect(job.bytes.includes(iconv.encode('答复期限：2026年12月17日前', 'gb18030'))).toBe(true);
		expect(job.bytes.includes(iconv.encode(reference, 'gb18030'))).toBe(true);
		expect(qr).toEqual([`${hall.url}/r/${reference}`]);
		expect(ops.at(-1)).toMatchObject({ type: 'cut' });

		const token = await hall.login('director');
		const jobs = await hall.api('/api/print-jobs?station=K1', { token });
		expect(jobs.body).toEqual([expect.objectContaining({ kind: 'receipt', number: reference, station: 'K1' })]);
	});

	it('fits 48-column paper as well as 32: no printed line is wider than the paper', async () => {
		for (const columns of [32, 48] as const) {
			const started = await hallWithPrinter({ columns });
			await started.hall.api('/api/complaints', { body: { category: 'suggestion', content: '建议增加休息座椅', station: 'K1' } });
			const [job] = await started.printer.waitForJobs(1);
			const text = decode(job.bytes).text;
			expect(text).toContain('类别：建议');
			expect(text).not.toContain('提交人');
			for (const line of text.split('\n')) {
				// A Chinese character takes two columns; a double-width line twice that.
				const width = [...line].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);
				expect(width, line).toBeLessThanOrEqual(columns);
			}
			await started.hall.close();
			await started.printer.close();
			hall = null;
			printer = null;
		}
	});

	it('prints nothing for a complaint filed without a station, or from a phone', async () => {
		const { hall, printer } = await hallWithPrinter();
		const filed = await hall.api('/api/complaints', { body: { category: 'praise', content: '办事很快' } });
		expect(filed.status).toBe(201);
		// A second one at K1 does print: the first would have come before it.
		const second = await hall.api('/api/complaints', { body: { category: 'praise', content: '办事很快', station: 'K1' } });
		const [job] = await printer.waitForJobs(1);
		expect(decode(job.bytes).text).toContain(second.body.reference);
		expect(decode(job.bytes).text).not.toContain(filed.body.reference);
	});
});

describe('the receipt of an objection to a notice', () => {
	it('prints the notice, the reference and a due date by the working-day rule', async () => {
		const { hall, printer } = await hallWithPrinter();
		const [notice] = (await hall.api('/api/notices')).body;
		const raised = await hall.api(`/api/notices/${notice.id}/objections`, {
			body: { name: '李四', phone: '13900001111', content: '名单中有人情况不属实', station: 'K1' }
		});
		expect(raised.status).toBe(201);
		expect(raised.body).toMatchObject({ reference: 'YY-20261126-001', dueDate: '2026-12-17' });
		const [job] = await printer.waitForJobs(1);
		const { text, qr } = decode(job.bytes);
		expect(text).toContain('公示异议回执');
		expect(text).toContain('YY-20261126-001');
		expect(text).toContain(notice.title.slice(0, 8));
		expect(text).toContain('李*');
		expect(text).not.toContain('13900001111');
		expect(qr).toEqual([`${hall.url}/r/YY-20261126-001`]);
	});
});

describe('the ticket slip at the same kiosk', () => {
	it('says which windows to wait near and that a passed number is re-queued once, not lost', async () => {
		const { hall, printer } = await hallWithPrinter();
		await hall.api('/api/tickets', { body: { serviceId: 'party-transfer', station: 'K1' } });
		const [job] = await printer.waitForJobs(1);
		const text = decode(job.bytes).text.replace(/\n/g, '');
		expect(text).toContain('请在1号窗口、2号窗口附近等候');
		expect(text).toContain('窗口会再呼叫（最多 2 次）');
		expect(text).toContain('号码自动排回队尾，不作废');
	});
});

describe('looking a reference up', () => {
	it('answers where a complaint stands as a resident types it, then the answer, and never the contact', async () => {
		hall = await startTestHall();
		const filed = await hall.api('/api/complaints', {
			body: { category: 'report', content: '有人插队', contactName: '王小明', contactPhone: '13812341234', station: 'K2' }
		});
		const reference: string = filed.body.reference;
		for (const typed of [reference, reference.toLowerCase(), reference.replaceAll('-', ''), ` ts 20261126 1 `]) {
			const found = await hall.api(`/api/references/${encodeURIComponent(typed)}`);
			expect(found.status, typed).toBe(200);
			expect(found.body).toMatchObject({
				reference,
				kind: 'complaint',
				category: 'report',
				status: 'open',
				filedDate: '2026-11-26',
				dueDate: '2026-12-17',
				answer: null,
				hallName: '幸福社区党群服务中心'
			});
		}
		const open = JSON.stringify((await hall.api(`/api/references/${reference}`)).body);
		expect(open).not.toContain('王小明');
		expect(open).not.toContain('13812341234');
		expect(open).not.toContain('有人插队');

		const token = await hall.login('director');
		const [complaint] = (await hall.api('/api/console/complaints', { token })).body;
		const answered = await hall.api(`/api/console/complaints/${complaint.id}`, { method: 'PATCH', token, body: { answer: '已核实，已对窗口人员批评教育' } });
		expect(answered.status).toBe(200);
		expect((await hall.api(`/api/references/${reference}`)).body).toMatchObject({ status: 'answered', answer: '已核实，已对窗口人员批评教育' });
		await hall.api(`/api/console/complaints/${complaint.id}`, { method: 'PATCH', token, body: { status: 'closed' } });
		expect((await hall.api(`/api/references/${reference}`)).body.status).toBe('closed');
	});

	it('answers an objection with its notice and the answer, over the socket too', async () => {
		hall = await startTestHall();
		const [notice] = (await hall.api('/api/notices')).body;
		const raised = await hall.api(`/api/notices/${notice.id}/objections`, { body: { name: '李四', phone: '13900001111', content: '不属实' } });
		const socket = await hall.socket();
		const found = await ask(socket, 'reference:lookup', { reference: raised.body.reference });
		expect(found.data).toMatchObject({ kind: 'objection', noticeTitle: notice.title, status: 'open', dueDate: '2026-12-17' });
		expect(JSON.stringify(found.data)).not.toContain('13900001111');
	});

	it('says in Chinese that a wrong reference does not exist, whatever its shape', async () => {
		hall = await startTestHall();
		for (const wrong of ['TS-20261126-999', 'YY-20261126-001', 'hello', '1234']) {
			const res = await hall.api(`/api/references/${encodeURIComponent(wrong)}`);
			expect(res.status, wrong).toBe(404);
			expect(res.body.error.code).toBe('unknown_reference');
			expect(res.body.error.message).toContain('没有找到这个受理编号');
		}
	});

	it('limits lookups per address', async () => {
		hall = await startTestHall({ rateLimit: true });
		const codes: number[] = [];
		for (let i = 0; i < 14; i++) codes.push((await hall.api(`/api/references/TS-20261126-${String(100 + i)}`)).status);
		expect(codes.slice(0, 10).every((c) => c === 404)).toBe(true);
		expect(codes.at(-1)).toBe(429);
	});
});

describe('notices by push', () => {
	it('reaches open boards and kiosks at once when the director publishes or withdraws one', async () => {
		hall = await startTestHall();
		const board = await hall.socket();
		await ask(board, 'board:subscribe', {});
		const kiosk = await hall.socket();
		await ask(kiosk, 'kiosk:subscribe', {});
		const phone = await hall.socket();
		let phoneHeard = 0;
		(phone as unknown as { on(e: string, f: () => void): void }).on('notices:changed', () => phoneHeard++);
		const token = await hall.login('director');

		const heardOnBoard = next<{ notices: { title: string }[] }>(board, 'notices:changed', (f) => f.notices.some((n) => n.title === '党员志愿服务队招募'));
		const heardAtKiosk = next<{ notices: { title: string }[] }>(kiosk, 'notices:changed', (f) => f.notices.some((n) => n.title === '党员志愿服务队招募'));
		const created = await hall.api('/api/console/notices', {
			token,
			body: { title: '党员志愿服务队招募', body: '欢迎报名。', category: '服务公告', publishFrom: '2026-11-26', publishTo: '2026-12-03', publish: true }
		});
		expect(created.status).toBe(201);
		await heardOnBoard;
		await heardAtKiosk;

		const gone = next<{ notices: { id: string }[] }>(board, 'notices:changed', (f) => !f.notices.some((n) => n.id === created.body.id));
		const withdrawn = await hall.api(`/api/console/notices/${created.body.id}/withdraw`, { method: 'POST', token, body: {} });
		expect(withdrawn.status).toBe(200);
		await gone;
		// A phone following a ticket is not a screen of notices.
		expect(phoneHeard).toBe(0);
	});
});
