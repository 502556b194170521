import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeEscPos, decodedText, unknownOps, type EscPosOp } from '../../tests/support/escpos-decoder.ts';
import {
	notificationSlip,
	refusalSlip,
	text,
	ticketSlip,
	type PrintDocument,
	type TicketSlipData
} from './document.ts';
import { encodeText, qrCommands, toEscPos, toPreviewSvg } from './escpos.ts';
import { displayWidth } from './layout.ts';

const ISSUED = Date.UTC(2026, 2, 2, 0, 31); // 08:31 in Beijing

const ticketData: TicketSlipData = {
	hallName: '滨江街道党群服务中心',
	number: 'A012',
	serviceName: '党组织关系转接',
	priority: 'normal',
	ahead: 3,
	issuedAt: ISSUED,
	timeZone: 'Asia/Shanghai',
	materials: ['身份证原件', '党员组织关系介绍信'],
	statusUrl: 'https://hall.example.cn/t/7f3a9c',
	complaintPhone: '0571-12345678'
};

const doc = (...lines: PrintDocument['lines']): PrintDocument => ({ kind: 'test', title: 'test', lines });
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const textLines = (ops: EscPosOp[]): string[] => decodedText(ops).split('\n');

describe('text encoding', () => {
	it('encodes 党 as GB18030 b5 b3', () => {
		expect(hex(encodeText('党'))).toBe('b5b3');
		expect(hex(toEscPos(doc(text('党'))))).toContain('b5b30a');
	});

	it('starts with ESC @ and FS & so double-byte characters print as Chinese', () => {
		const bytes = toEscPos(doc(text('党群')));
		expect([...bytes.subarray(0, 4)]).toEqual([0x1b, 0x40, 0x1c, 0x26]);
		const ops = decodeEscPos(bytes);
		const first = ops.find((op) => op.type === 'text');
		expect(first).toMatchObject({ text: '党群', chineseMode: true, invalid: false });
	});

	it('wraps by display width: 16 Chinese characters fill a 58 mm line, 24 an 80 mm line', () => {
		const long = '党'.repeat(20);
		expect(textLines(decodeEscPos(toEscPos(doc(text(long)))))).toEqual(['党'.repeat(16), '党'.repeat(4), '']);
		expect(textLines(decodeEscPos(toEscPos(doc(text(long)), { columns: 48 })))).toEqual(['党'.repeat(20), '']);
		expect(textLines(decodeEscPos(toEscPos(doc(text(long + long)), { columns: 48 })))[0]).toBe('党'.repeat(24));
	});

	it('wraps double-width text at half the columns', () => {
		const lines = textLines(decodeEscPos(toEscPos(doc(text('党组织关系转接证明材料', { width: 2, height: 2 })))));
		expect(lines.slice(0, 2)).toEqual(['党组织关系转接证', '明材料']);
	});

	it('sends align, size and bold only when they change, and marks the text with them', () => {
		const ops = decodeEscPos(
			toEscPos(doc(text('甲', { align: 'center', bold: true, width: 2, height: 3 }), text('乙', { align: 'center' })))
		);
		expect(ops.filter((o) => o.type === 'align')).toHaveLength(1);
		expect(ops.filter((o) => o.type === 'size').map((o) => o.type === 'size' && [o.width, o.height])).toEqual([
			[2, 3],
			[1, 1]
		]);
		const texts = ops.filter((o) => o.type === 'text');
		expect(texts[0]).toMatchObject({ text: '甲', style: { align: 'center', bold: true, width: 2, height: 3 } });
		expect(texts[1]).toMatchObject({ text: '乙', style: { align: 'center', bold: false, width: 1, height: 1 } });
	});

	it('cannot be made to send printer commands through text', () => {
		const bytes = toEscPos(doc(text('A\x1d\x56\x00B\x10\x04\x01C')));
		const ops = decodeEscPos(bytes);
		expect(unknownOps(ops)).toEqual([]);
		expect(ops.filter((o) => o.type === 'cut' || o.type === 'status-request')).toEqual([]);
		expect(decodedText(ops)).toBe('AVBC\n');
	});

	it('round-trips any printable text through the decoder', () => {
		const char = fc.constantFrom(...'党群服务中心取号窗口绿色通道，。：（）ABCxyz0123 -'.split(''));
		fc.assert(
			fc.property(fc.array(char, { minLength: 1, maxLength: 80 }), (chars) => {
				const value = chars.join('');
				const ops = decodeEscPos(toEscPos(doc(text(value))));
				expect(unknownOps(ops)).toEqual([]);
				const lines = decodedText(ops).split('\n').slice(0, -1);
				for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(32);
				expect(lines.join('').replace(/ /g, '')).toBe(value.replace(/ /g, ''));
			})
		);
	});
});

describe('QR code', () => {
	it('uses the standard GS ( k sequence: model 2, module size, ECC M, store, print', () => {
		const data = 'https://hall.example.cn/t/7f3a9c';
		const bytes = qrCommands(data, 6, 'M');
		const payload = Buffer.from(data, 'utf8');
		const k = payload.length + 3;
		const expected = Buffer.concat([
			Buffer.from([0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]),
			Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 0x06]),
			Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31]),
			Buffer.from([0x1d, 0x28, 0x6b, k & 0xff, k >> 8, 0x31, 0x50, 0x30]),
			payload,
			Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30])
		]);
		expect(hex(bytes)).toBe(expected.toString('hex'));
	});

	it('counts pL pH over the whole store-data block, past 255 bytes too', () => {
		const data = `https://hall.example.cn/t/${'x'.repeat(300)}`;
		const ops = decodeEscPos(qrCommands(data, 4));
		const store = ops.find((o) => o.type === 'qr-store');
		expect(store).toMatchObject({ dataBytes: data.length, length: data.length + 3 });
		if (store?.type !== 'qr-store') throw new Error('no store op');
		expect(store.pL + store.pH * 256).toBe(data.length + 3);
		expect(store.pH).toBe(1);
		expect(ops.find((o) => o.type === 'qr')).toMatchObject({ data, model: 2, moduleSize: 4, ecc: 'M' });
	});

	it('is sized to fit the paper', () => {
		const data = `https://hall.example.cn/t/${'y'.repeat(400)}`;
		const qr = decodeEscPos(toEscPos(doc({ type: 'qr', data, moduleSize: 16 }))).find((o) => o.type === 'qr');
		if (qr?.type !== 'qr') throw new Error('no qr');
		expect(qr.moduleSize).toBeLessThan(16);
		expect(qr.moduleSize).toBeGreaterThanOrEqual(1);
	});
});

describe('ticketSlip', () => {
	const ops = decodeEscPos(toEscPos(ticketSlip(ticketData)));
	const printed = decodedText(ops);

	it('prints the hall, the number very large, the service, the people ahead and the time', () => {
		expect(unknownOps(ops)).toEqual([]);
		expect(printed).toContain('滨江街道党群服务中心');
		expect(printed).toContain('党组织关系转接');
		expect(printed).toContain('前面还有 3 人');
		expect(printed).toContain('取号时间：2026-03-02 08:31');
		const number = ops.find((o) => o.type === 'text' && o.text === 'A012');
		expect(number).toMatchObject({ style: { align: 'center', bold: true, width: 6, height: 6 } });
		expect(printed).not.toContain('绿色通道');
	});

	it('lists the materials, explains a passed number, gives the complaint phone, QR of the status page and a cut', () => {
		expect(printed).toContain('1. 身份证原件');
		expect(printed).toContain('2. 党员组织关系介绍信');
		// A passed number is re-queued once, not lost: never 「过号请重新取号」.
		const joined = printed.replace(/\n/g, '');
		expect(joined).toContain('仍未到为过号，号码自动排回队尾，不作废；第二次过号作废');
		expect(joined).not.toContain('过号请重新取号');
		expect(printed).toContain('监督投诉电话：0571-12345678');
		expect(ops.find((o) => o.type === 'qr')).toMatchObject({ data: ticketData.statusUrl });
		expect(ops[ops.length - 1]).toMatchObject({ type: 'cut', partial: true });
	});

	it('marks the green channel and counts hidden materials', () => {
		const materials = Array.from({ length: 9 }, (_, i) => `材料${i + 1}`);
		const green = decodedText(decodeEscPos(toEscPos(ticketSlip({ ...ticketData, priority: 'green', materials }))));
		expect(green).toContain('【绿色通道】');
		expect(green).toContain('6. 材料6');
		expect(green).not.toContain('7. 材料7');
		expect(green).toContain('另有 3 项材料');
	});

	it('says where to wait and how many recalls the window gives before 过号', () => {
		const slip = decodedText(decodeEscPos(toEscPos(ticketSlip({ ...ticketData, windows: ['1号窗口', '5号窗口'], recallLimit: 2 })))).replace(/\n/g, '');
		expect(slip).toContain('请在1号窗口、5号窗口附近等候');
		expect(slip).toContain('窗口会再呼叫（最多 2 次）');
		const en = decodedText(decodeEscPos(toEscPos(ticketSlip({ ...ticketData, lang: 'en', windows: ['Window 1'], recallLimit: 2 })))).replace(/\n/g, ' ');
		expect(en).toContain('Please wait near Window 1');
		expect(en).toMatch(/not\s+lost/);
	});

	it('speaks English when asked', () => {
		const en = decodedText(decodeEscPos(toEscPos(ticketSlip({ ...ticketData, lang: 'en', ahead: 1 }))));
		expect(en).toContain('1 person ahead of you');
		expect(en).toContain('A012');
	});
});

describe('notificationSlip (一次性告知单)', () => {
	it('prints everything the one-time notification rule asks for', () => {
		const slip = notificationSlip({
			hallName: '滨江街道党群服务中心',
			serviceName: '党组织关系转接',
			conditions: ['正式党员或预备党员'],
			materials: ['身份证原件', '党员组织关系介绍信', '党费缴纳证明'],
			steps: ['提交材料', '窗口审核', '开具介绍信'],
			timeLimitWorkingDays: 5,
			fees: '不收费',
			legalBasis: ['《中国共产党章程》', '《中国共产党党员教育管理工作条例》'],
			missingMaterials: ['党费缴纳证明'],
			issuedAt: ISSUED,
			timeZone: 'Asia/Shanghai',
			windowName: '3号窗口',
			staffName: '王芳',
			staffNumber: '007'
		});
		const ops = decodeEscPos(toEscPos(slip));
		const printed = decodedText(ops);
		expect(unknownOps(ops)).toEqual([]);
		for (const expected of [
			'一次性告知单',
			'事项名称：党组织关系转接',
			'正式党员或预备党员',
			'二、所需材料（共 3 项）',
			'3. 党费缴纳证明',
			'2. 窗口审核',
			'四、办理时限：5 个工作日',
			'五、收费标准：不收费',
			'《中国共产党章程》',
			'尚缺材料',
			'经办人：王芳（工号 007）',
			'告知日期：2026年3月2日'
		]) {
			expect(printed).toContain(expected);
		}
		expect(ops[ops.length - 1]).toMatchObject({ type: 'cut' });
	});
});

describe('refusalSlip (不予受理告知书)', () => {
	it('prints number, service, reason, staff, window, date and complaint phone', () => {
		const printed = decodedText(
			decodeEscPos(
				toEscPos(
					refusalSlip({
						hallName: '滨江街道党群服务中心',
						number: 'A012',
						serviceName: '困难党员帮扶救助',
						reason: '申请人户籍不在本街道，请到户籍所在地服务中心申请。',
						staffName: '李强',
						staffNumber: '015',
						windowName: '5号窗口',
						decidedAt: ISSUED,
						timeZone: 'Asia/Shanghai',
						complaintPhone: '12345'
					})
				)
			)
		);
		for (const expected of ['不予受理告知书', '号码：A012', '困难党员帮扶救助', '户籍不在本街道', '李强（工号 015）', '5号窗口', '日期：2026年3月2日', '12345']) {
			expect(printed.replace(/\n/g, '')).toContain(expected);
		}
	});
});

describe('toPreviewSvg', () => {
	const svgLines = (svg: string): string[] => {
		const byY = new Map<number, string>();
		for (const m of svg.matchAll(/<text x="\d+" y="(\d+)"[^>]*>([^<]*)<\/text>/g)) {
			const y = Number(m[1]);
			byY.set(y, (byY.get(y) ?? '') + m[2]);
		}
		return [...byY.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
	};
	const unescape = (s: string): string =>
		s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

	it('shows the same lines, the same QR payload and the cut as the paper', () => {
		const slip = ticketSlip({ ...ticketData, priority: 'green', hallName: '滨江街道党群服务中心 <总部> & 分部' });
		const svg = toPreviewSvg(slip);
		const ops = decodeEscPos(toEscPos(slip));
		const paper = decodedText(ops)
			.split('\n')
			.map((l) => l.replace(/\s/g, ''))
			.filter((l) => l !== '');
		expect(svgLines(svg).map((l) => unescape(l).replace(/\s/g, ''))).toEqual(paper);
		expect(svg).toContain(`data-qr="${ticketData.statusUrl}"`);
		expect(svg).toContain('data-cut="partial"');
		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
		expect(svg).not.toContain('<总部>');
	});

	it('is as wide as the paper in dots: 384 for 58 mm, 576 for 80 mm', () => {
		const width = (svg: string): number => Number(/viewBox="0 0 (\d+)/.exec(svg)?.[1]) - 32;
		expect(width(toPreviewSvg(ticketSlip(ticketData)))).toBe(384);
		expect(width(toPreviewSvg(ticketSlip(ticketData), { columns: 48 }))).toBe(576);
	});

	it('keeps iconv in agreement with the encoder for every character it prints', () => {
		const slip = ticketSlip(ticketData);
		const decoded = decodedText(decodeEscPos(toEscPos(slip)));
		expect(iconv.decode(iconv.encode(decoded, 'gb18030'), 'gb18030')).toBe(decoded);
	});
});

describe('decodeEscPos', () => {
	it('flags bytes it does not understand instead of skipping them', () => {
		const ops = decodeEscPos(Uint8Array.from([0x1b, 0x40, 0x1b, 0x74, 0x00, 0x41, 0x0d, 0x1d, 0x28, 0x6b, 0x09, 0x00]));
		expect(ops[0]).toMatchObject({ type: 'init' });
		// ESC t's parameter length is not known to the decoder, so its 0x00 is flagged on its own.
		expect(unknownOps(ops).map((o) => o.bytes[0])).toEqual([0x1b, 0x00, 0x0d, 0x1d]);
		expect(unknownOps(ops)[3].reason).toMatch(/pL pH = 9/);
		expect(ops.find((o) => o.type === 'text')).toMatchObject({ text: 'A' });
	});

	it('decodes status requests and every cut form', () => {
		const ops = decodeEscPos(Uint8Array.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x04, 0x1d, 0x56, 0x00, 0x1d, 0x56, 0x42, 0x03]));
		expect(ops.map((o) => o.type)).toEqual(['status-request', 'status-request', 'cut', 'cut']);
		expect(ops[3]).toMatchObject({ partial: true, feed: 3 });
	});
});
