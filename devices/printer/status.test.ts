import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	canPrint,
	faultStatus,
	isStatusByte,
	parseStatusByte,
	parseStatusReplies,
	statusFromFlags,
	statusRequest,
	unknownStatus
} from './status.ts';

describe('DLE EOT requests', () => {
	it('are DLE EOT n', () => {
		expect([...statusRequest(1)]).toEqual([0x10, 0x04, 0x01]);
		expect([...statusRequest(2)]).toEqual([0x10, 0x04, 0x02]);
		expect([...statusRequest(4)]).toEqual([0x10, 0x04, 0x04]);
	});
});

describe('parseStatusByte', () => {
	it('reads the online bit of n=1', () => {
		expect(parseStatusByte(1, 0x12)).toEqual({ online: true });
		expect(parseStatusByte(1, 0x1a)).toEqual({ online: false });
		// bit 2 (drawer pin) and bit 5/6 do not change what is reported
		expect(parseStatusByte(1, 0x16)).toEqual({ online: true });
	});

	it('reads cover, paper end stop and error from n=2', () => {
		expect(parseStatusByte(2, 0x12)).toEqual({ coverOpen: false, paperOut: false, error: false });
		expect(parseStatusByte(2, 0x16)).toEqual({ coverOpen: true, paperOut: false, error: false });
		expect(parseStatusByte(2, 0x32)).toEqual({ coverOpen: false, paperOut: true, error: false });
		expect(parseStatusByte(2, 0x52)).toEqual({ coverOpen: false, paperOut: false, error: true });
	});

	it('reads the roll paper sensors from n=4', () => {
		expect(parseStatusByte(4, 0x12)).toEqual({ paperNearEnd: false, paperOut: false });
		expect(parseStatusByte(4, 0x1e)).toEqual({ paperNearEnd: true, paperOut: false });
		expect(parseStatusByte(4, 0x72)).toEqual({ paperNearEnd: false, paperOut: true });
		expect(parseStatusByte(4, 0x7e)).toEqual({ paperNearEnd: true, paperOut: true });
	});

	it('reads error causes from n=3', () => {
		expect(parseStatusByte(3, 0x12)).toEqual({ error: false });
		expect(parseStatusByte(3, 0x1a)).toEqual({ error: true });
	});

	it('rejects bytes whose fixed bits are wrong', () => {
		for (const byte of [0x00, 0xff, 0x10, 0x02, 0x13, 0x92, -1, 256]) expect(parseStatusByte(1, byte)).toBeNull();
	});

	it('accepts exactly the bytes with bits 1 and 4 set and bits 0 and 7 clear', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 255 }), (byte) => {
				const wellFormed = (byte & 1) === 0 && (byte & 2) !== 0 && (byte & 0x10) !== 0 && (byte & 0x80) === 0;
				expect(isStatusByte(byte)).toBe(wellFormed);
				expect(parseStatusByte(2, byte) !== null).toBe(wellFormed);
			})
		);
	});
});

describe('parseStatusReplies and statusFromFlags', () => {
	it('reports a ready printer', () => {
		const flags = parseStatusReplies({ 1: 0x12, 2: 0x12, 4: 0x12 });
		expect(flags).toEqual({ online: true, coverOpen: false, paperOut: false, paperNearEnd: false, error: false });
		expect(statusFromFlags(flags!).code).toBe('ok');
	});

	it('reports paper out before the offline it causes', () => {
		const status = statusFromFlags(parseStatusReplies({ 1: 0x1a, 2: 0x32, 4: 0x7e })!);
		expect(status).toMatchObject({ code: 'paper_out', online: false, paperOut: true, paperNearEnd: true });
		expect(canPrint(status)).toBe(false);
	});

	it('reports an open cover', () => {
		expect(statusFromFlags(parseStatusReplies({ 1: 0x1a, 2: 0x16, 4: 0x12 })!).code).toBe('cover_open');
	});

	it('reports a near end as printable', () => {
		const status = statusFromFlags(parseStatusReplies({ 1: 0x12, 2: 0x12, 4: 0x1e })!);
		expect(status).toMatchObject({ code: 'ok', paperNearEnd: true });
		expect(canPrint(status)).toBe(true);
	});

	it('reports offline without a cause, and an error', () => {
		expect(statusFromFlags(parseStatusReplies({ 1: 0x1a, 2: 0x12 })!).code).toBe('offline');
		expect(statusFromFlags(parseStatusReplies({ 1: 0x1a, 2: 0x52 })!).code).toBe('printer_error');
	});

	it('needs a valid n=1 reply and ignores malformed others', () => {
		expect(parseStatusReplies({ 2: 0x12, 4: 0x12 })).toBeNull();
		expect(parseStatusReplies({ 1: 0xff })).toBeNull();
		expect(parseStatusReplies({ 1: 0x12, 4: 0xff })).toMatchObject({ online: true, paperOut: false });
	});

	it('treats unknown as printable and faults as not', () => {
		expect(canPrint(unknownStatus('write-only device'))).toBe(true);
		expect(canPrint(faultStatus('unreachable', 'refused'))).toBe(false);
		expect(faultStatus('timeout', 'slow')).toMatchObject({ code: 'timeout', online: false, message: 'slow' });
	});
});
