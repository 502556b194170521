import { EventEmitter } from 'node:events';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakePrinter, type FakePrinter } from '../../tests/fakes/fake-printer.ts';
import { decodeEscPos } from '../../tests/support/escpos-decoder.ts';
import { sampleSlip } from '../../tests/fakes/sample-slip.ts';
import { createPrintQueue, type JobDropped, type JobFailed, type JobPrinted, type PrintJob, type PrintQueue, type PrintQueueOptions } from './print-queue.ts';
import type { PrinterStatus } from './status.ts';
import type { PrinterTransport, WriteResult } from './transport-common.ts';
import { openTransport } from './transports.ts';

const MINUTE = 60_000;
const WAIT_MS = 15_000;

/** Records every queue callback and lets a test wait for one, without sleeping. */
function recorder() {
	const emitter = new EventEmitter();
	emitter.setMaxListeners(0);
	const log = {
		statuses: [] as PrinterStatus[],
		printed: [] as JobPrinted[],
		dropped: [] as JobDropped[],
		failed: [] as JobFailed[]
	};
	const push =
		<K extends keyof typeof log>(key: K) =>
		(event: (typeof log)[K][number]): void => {
			(log[key] as unknown[]).push(event);
			emitter.emit('event');
		};
	const until = (what: string, check: () => boolean, timeoutMs = WAIT_MS): Promise<void> =>
		new Promise((resolve, reject) => {
			const onEvent = (): void => {
				if (!check()) return;
				clearTimeout(timer);
				emitter.off('event', onEvent);
				resolve();
			};
			const timer = setTimeout(() => {
				emitter.off('event', onEvent);
				reject(new Error(`timed out waiting for ${what}; log: ${JSON.stringify(summary())}`));
			}, timeoutMs);
			emitter.on('event', onEvent);
			onEvent();
		});
	const summary = () => ({
		statuses: log.statuses.map((s) => s.code),
		printed: log.printed.map((e) => e.job.id),
		dropped: log.dropped.map((e) => `${e.job.id}:${e.reason}`),
		failed: log.failed.map((e) => `${e.job.id}:${e.error.code}:${e.willRetry}`)
	});
	const callbacks: Pick<PrintQueueOptions, 'onStatus' | 'onJobPrinted' | 'onJobDropped' | 'onJobFailed'> = {
		onStatus: push('statuses'),
		onJobPrinted: push('printed'),
		onJobDropped: push('dropped'),
		onJobFailed: push('failed')
	};
	return { log, until, callbacks, summary };
}

function makeClock(start = Date.UTC(2026, 2, 2, 0, 30)) {
	let t = start;
	return { now: () => t, advance: (ms: number) => void (t += ms) };
}

function ticketJob(number: string, createdAt: number): PrintJob {
	return { id: number, kind: 'ticket', createdAt, ...sampleSlip(number) };
}

const printedNumbers = (printer: FakePrinter): string[] =>
	printer.jobs.map((job) => {
		const qr = decodeEscPos(job.bytes).find((op) => op.type === 'qr');
		return qr?.type === 'qr' ? qr.data.split('/').at(-1)! : '?';
	});

const containsGb = (haystack: Buffer, text: string): boolean => haystack.includes(iconv.encode(text, 'gb18030'));

const fastRetry = { initialMs: 10, maxMs: 50, factor: 2 };

describe('print queue with a network printer', () => {
	let printer: FakePrinter;
	let transport: PrinterTransport;
	let queue: PrintQueue | null = null;

	async function setup(statusTimeoutMs = 5000) {
		printer = await startFakePrinter();
		const opened = await openTransport(printer.uri, { connectTimeoutMs: 5000, statusTimeoutMs, idleCloseMs: 200 });
		if (!opened.ok) throw new Error(opened.error.message);
		transport = opened.transport;
		const clock = makeClock();
		const rec = recorder();
		queue = createPrintQueue({ transport, now: clock.now, retry: fastRetry, ...rec.callbacks });
		return { clock, rec, queue };
	}

	afterEach(async () => {
		await queue?.close();
		queue = null;
		await transport?.close();
		await printer?.close();
	});

	it('prints jobs one at a time, in order, checking status before and after each', async () => {
		const { clock, rec, queue } = await setup();
		for (const n of ['A001', 'A002', 'A003']) expect(queue.enqueue(ticketJob(n, clock.now()))).toEqual({ ok: true });
		await rec.until('three printed', () => rec.log.printed.length === 3);
		expect(rec.log.printed.map((e) => e.job.id)).toEqual(['A001', 'A002', 'A003']);
		expect(printedNumbers(printer)).toEqual(['A001', 'A002', 'A003']);
		expect(rec.log.printed.every((e) => e.statusAfter?.code === 'ok')).toBe(true);
		// before and after each job: DLE EOT 1, 2, 4 twice per job
		expect(printer.statusRequests).toHaveLength(3 * 2 * 3);
		expect(rec.log.statuses.map((s) => s.code)).toEqual(['ok']);
		expect(queue.pending()).toEqual([]);
		expect(rec.log.dropped).toEqual([]);
		expect(rec.log.failed).toEqual([]);
	});

	it('holds and keeps a job while the paper is out, reporting paper_out, and prints it when paper is back', async () => {
		const { clock, rec, queue } = await setup();
		printer.setPaperOut(true);
		queue.enqueue(ticketJob('A004', clock.now()));
		await rec.until('paper_out reported', () => rec.log.statuses.some((s) => s.code === 'paper_out'));
		// several retries later the job is still held, nothing printed, nothing sent but status requests
		const asked = printer.statusRequests.length;
		await printer.waitForStatusRequests(asked + 6);
		expect(queue.pending().map((j) => j.id)).toEqual(['A004']);
		expect(queue.lastStatus()).toMatchObject({ code: 'paper_out', paperOut: true });
		expect(printer.jobs).toEqual([]);
		expect(decodeEscPos(printer.received()).every((op) => op.type === 'status-request')).toBe(true);
		expect(rec.log.failed).toEqual([]);

		printer.setPaperOut(false);
		await rec.until('A004 printed', () => rec.log.printed.length === 1);
		expect(printedNumbers(printer)).toEqual(['A004']);
		expect(rec.log.statuses.map((s) => s.code)).toEqual(['paper_out', 'ok']);
	});

	it('when paper returns, drops a job that waited 11 minutes (with a record) and prints the fresh one', async () => {
		const { clock, rec, queue } = await setup();
		printer.setPaperOut(true);
		queue.enqueue(ticketJob('A005', clock.now()));
		await rec.until('paper_out reported', () => rec.log.statuses.some((s) => s.code === 'paper_out'));

		clock.advance(11 * MINUTE);
		queue.enqueue(ticketJob('A006', clock.now()));
		printer.setPaperOut(false);
		await rec.until('A006 printed', () => rec.log.printed.length === 1);

		expect(rec.log.dropped).toHaveLength(1);
		expect(rec.log.dropped[0]).toMatchObject({ reason: 'expired', ageMs: 11 * MINUTE, job: { id: 'A005' } });
		expect(rec.log.dropped[0].lastStatus).toMatchObject({ code: 'paper_out' });
		expect(rec.log.printed.map((e) => e.job.id)).toEqual(['A006']);
		expect(printedNumbers(printer)).toEqual(['A006']);
		// the stale slip never reached the printer, so it cannot come out later either
		expect(containsGb(printer.received(), 'A005')).toBe(false);
		expect(queue.pending()).toEqual([]);
	});

	it('honours a configured maximum age', async () => {
		printer = await startFakePrinter({ paperOut: true });
		const opened = await openTransport(printer.uri, { statusTimeoutMs: 5000, idleCloseMs: 200 });
		if (!opened.ok) throw new Error(opened.error.message);
		transport = opened.transport;
		const clock = makeClock();
		const rec = recorder();
		queue = createPrintQueue({ transport, now: clock.now, maxAgeMs: 2 * MINUTE, retry: fastRetry, ...rec.callbacks });
		queue.enqueue(ticketJob('A007', clock.now()));
		await rec.until('paper_out reported', () => rec.log.statuses.some((s) => s.code === 'paper_out'));
		clock.advance(2 * MINUTE + 1);
		await rec.until('A007 dropped', () => rec.log.dropped.length === 1);
		expect(rec.log.dropped[0]).toMatchObject({ reason: 'expired', job: { id: 'A007' } });
	});

	it('holds jobs while the printer refuses connections, then prints them', async () => {
		const { clock, rec, queue } = await setup();
		await printer.setOffline(true, 'refuse');
		queue.enqueue(ticketJob('A008', clock.now()));
		queue.enqueue(ticketJob('A009', clock.now()));
		await rec.until('unreachable reported', () => rec.log.statuses.some((s) => s.code === 'unreachable'));
		expect(queue.pending().map((j) => j.id)).toEqual(['A008', 'A009']);
		await printer.setOffline(false);
		await rec.until('both printed', () => rec.log.printed.length === 2);
		expect(printedNumbers(printer)).toEqual(['A008', 'A009']);
		expect(rec.log.failed).toEqual([]);
	});

	it('holds jobs while the printer is silent, then prints them', async () => {
		const { clock, rec, queue } = await setup(300);
		await printer.setOffline(true, 'silent');
		queue.enqueue(ticketJob('A010', clock.now()));
		await rec.until('offline reported', () => rec.log.statuses.some((s) => s.code === 'offline'));
		expect(queue.pending().map((j) => j.id)).toEqual(['A010']);
		expect(printer.jobs).toEqual([]);
		await printer.setOffline(false);
		await rec.until('A010 printed', () => rec.log.printed.length === 1);
		expect(printedNumbers(printer)).toEqual(['A010']);
	});
});

/** A transport whose answers a test scripts, to reach failures a real printer rarely shows on cue. */
function scriptedTransport(script: { status?: () => PrinterStatus; write?: (bytes: Uint8Array) => WriteResult }) {
	const ok: PrinterStatus = { code: 'ok', online: true, coverOpen: false, paperOut: false, paperNearEnd: false, error: false };
	const writes: string[] = [];
	const transport: PrinterTransport = {
		uri: 'test:',
		kind: 'preview',
		async write(bytes, meta) {
			writes.push(meta?.jobId ?? '?');
			return script.write ? script.write(bytes) : { ok: true };
		},
		async status() {
			return script.status ? script.status() : ok;
		},
		async close() {}
	};
	return { transport, writes };
}

const tinyJob = (id: string, createdAt: number): PrintJob => ({ id, kind: 'ticket', createdAt, bytes: Uint8Array.of(0x41) });

describe('print queue bookkeeping', () => {
	it('retries a failed write, and gives a job up with a record after the last attempt', async () => {
		const clock = makeClock();
		const rec = recorder();
		let failures = 0;
		const { transport, writes } = scriptedTransport({
			write: () => {
				failures += 1;
				return failures <= 4 ? { ok: false, error: { code: 'unreachable', message: 'connection reset' } } : { ok: true };
			}
		});
		const queue = createPrintQueue({ transport, now: clock.now, retry: fastRetry, maxWriteAttempts: 3, ...rec.callbacks });
		queue.enqueue(tinyJob('J1', clock.now()));
		queue.enqueue(tinyJob('J2', clock.now()));
		await rec.until('J2 printed', () => rec.log.printed.length === 1);
		expect(rec.summary().failed).toEqual(['J1:unreachable:true', 'J1:unreachable:true', 'J1:unreachable:false', 'J2:unreachable:true']);
		expect(rec.log.printed[0]).toMatchObject({ job: { id: 'J2' }, attempts: 2 });
		expect(writes).toEqual(['J1', 'J1', 'J1', 'J2', 'J2']);
		expect(queue.pending()).toEqual([]);
		await queue.close();
	});

	it('reports every job still waiting at close as dropped, and returns them', async () => {
		const clock = makeClock();
		const rec = recorder();
		const { transport } = scriptedTransport({
			status: () => ({ code: 'paper_out', online: false, coverOpen: false, paperOut: true, paperNearEnd: true, error: false })
		});
		const queue = createPrintQueue({ transport, now: clock.now, retry: fastRetry, ...rec.callbacks });
		queue.enqueue(tinyJob('K1', clock.now()));
		queue.enqueue(tinyJob('K2', clock.now()));
		await rec.until('paper_out reported', () => rec.log.statuses.length === 1);
		clock.advance(MINUTE);
		const remaining = await queue.close();
		expect(remaining.map((j) => j.id)).toEqual(['K1', 'K2']);
		expect(rec.summary().dropped).toEqual(['K1:queue_closed', 'K2:queue_closed']);
		expect(rec.log.dropped[0]).toMatchObject({ ageMs: MINUTE, lastStatus: { code: 'paper_out' } });
		expect(queue.enqueue(tinyJob('K3', clock.now()))).toMatchObject({ ok: false, error: { code: 'queue_closed' } });
	});

	it('refuses a second job with the same id while the first waits', async () => {
		const clock = makeClock();
		const { transport } = scriptedTransport({
			status: () => ({ code: 'offline', online: false, coverOpen: false, paperOut: false, paperNearEnd: false, error: false })
		});
		const queue = createPrintQueue({ transport, now: clock.now, retry: fastRetry });
		expect(queue.enqueue(tinyJob('D1', clock.now()))).toEqual({ ok: true });
		expect(queue.enqueue(tinyJob('D1', clock.now()))).toMatchObject({ ok: false, error: { code: 'duplicate_job' } });
		await queue.close();
	});

	it('keeps printing when a listener throws, and keeps jobs when a transport throws', async () => {
		const clock = makeClock();
		const rec = recorder();
		let broken = true;
		const { transport } = scriptedTransport({
			status: () => {
				if (broken) throw new Error('driver bug');
				return { code: 'ok', online: true, coverOpen: false, paperOut: false, paperNearEnd: false, error: false };
			}
		});
		const queue = createPrintQueue({
			transport,
			now: clock.now,
			retry: fastRetry,
			...rec.callbacks,
			onStatus: (s) => {
				rec.callbacks.onStatus?.(s);
				throw new Error('listener bug');
			}
		});
		queue.enqueue(tinyJob('T1', clock.now()));
		await rec.until('the failure reported as a status', () => rec.log.statuses.some((s) => /driver bug/.test(s.message ?? '')));
		expect(queue.pending().map((j) => j.id)).toEqual(['T1']);
		broken = false;
		await rec.until('T1 printed', () => rec.log.printed.length === 1);
		await queue.close();
	});

	it('checks status on demand and reports only changes', async () => {
		const clock = makeClock();
		const rec = recorder();
		let code: PrinterStatus['code'] = 'ok';
		const { transport } = scriptedTransport({
			status: () => ({ code, online: code === 'ok', coverOpen: false, paperOut: code === 'paper_out', paperNearEnd: false, error: false })
		});
		const queue = createPrintQueue({ transport, now: clock.now, ...rec.callbacks });
		expect((await queue.checkStatus()).code).toBe('ok');
		await queue.checkStatus();
		code = 'paper_out';
		await queue.checkStatus();
		expect(rec.log.statuses.map((s) => s.code)).toEqual(['ok', 'paper_out']);
		await queue.close();
	});
});
