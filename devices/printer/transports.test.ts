import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PreviewTransport } from './transport-preview.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakePrinter, type FakePrinter } from '../../tests/fakes/fake-printer.ts';
import { sampleSlip } from '../../tests/fakes/sample-slip.ts';
import { openTransport, parsePrinterUri, withPreviewDir, type PrinterTransport, type TransportOptions } from './transports.ts';
import type { UsbEndpointLike, UsbModuleLike } from './transport-usb.ts';

const generous: TransportOptions = { connectTimeoutMs: 5000, writeTimeoutMs: 10_000, statusTimeoutMs: 5000, idleCloseMs: 200 };

async function open(uri: string, opts: TransportOptions = generous): Promise<PrinterTransport> {
	const result = await openTransport(uri, opts);
	if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
	return result.transport;
}

/** A port that was free a moment ago: connecting to it is refused. */
async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

describe('parsePrinterUri', () => {
	it('understands the four kinds of printer', () => {
		expect(parsePrinterUri('tcp://192.168.1.50:9100')).toEqual({ ok: true, value: { kind: 'tcp', host: '192.168.1.50', port: 9100 } });
		expect(parsePrinterUri('tcp://printer-1.hall.lan')).toEqual({ ok: true, value: { kind: 'tcp', host: 'printer-1.hall.lan', port: 9100 } });
		expect(parsePrinterUri('tcp://[::1]:9101')).toEqual({ ok: true, value: { kind: 'tcp', host: '::1', port: 9101 } });
		expect(parsePrinterUri('file:///dev/usb/lp0')).toEqual({ ok: true, value: { kind: 'file', path: '/dev/usb/lp0' } });
		expect(parsePrinterUri('/dev/usb/lp1')).toEqual({ ok: true, value: { kind: 'file', path: '/dev/usb/lp1' } });
		expect(parsePrinterUri('usb://04b8:0202')).toEqual({ ok: true, value: { kind: 'usb', vendorId: 0x04b8, productId: 0x0202 } });
		expect(parsePrinterUri('preview:/tmp/slips')).toEqual({ ok: true, value: { kind: 'preview', dir: '/tmp/slips' } });
	});

	it('puts a bare preview under the data directory and leaves every other URI as given', () => {
		expect(withPreviewDir(' preview ', '/var/lib/hall')).toBe('preview:/var/lib/hall/prints');
		expect(withPreviewDir('preview:/tmp/slips', '/var/lib/hall')).toBe('preview:/tmp/slips');
		expect(withPreviewDir(' tcp://10.0.0.5:9100', '/var/lib/hall')).toBe('tcp://10.0.0.5:9100');
	});

	it.each([
		'',
		'   ',
		'printer',
		'lp0',
		'http://192.168.1.50:9100',
		'tcp://',
		'tcp://host:0',
		'tcp://host:65536',
		'tcp://host:abc',
		'tcp://host:9100/path',
		'tcp://user@host:9100',
		'file://printserver/dev/usb/lp0',
		'usb://04b8',
		'usb://04b8:202',
		'usb://zzzz:0202',
		'preview:'
	])('gives bad_uri for %j', async (uri) => {
		const parsed = parsePrinterUri(uri);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.error.code).toBe('bad_uri');
		const opened = await openTransport(uri);
		expect(opened).toMatchObject({ ok: false, error: { code: 'bad_uri' } });
	});

	it('gives bad_uri for a value that is not even a string', async () => {
		expect(await openTransport(undefined as unknown as string)).toMatchObject({ ok: false, error: { code: 'bad_uri' } });
	});
});

describe('tcp transport against the fake network printer', () => {
	let printer: FakePrinter;
	let transport: PrinterTransport;

	beforeEach(async () => {
		printer = await startFakePrinter();
		transport = await open(printer.uri);
	});
	afterEach(async () => {
		await transport.close();
		await printer.close();
	});

	it('reads a ready printer with DLE EOT 1, 2 and 4 on the same connection', async () => {
		expect(await transport.status()).toMatchObject({ code: 'ok', online: true, paperOut: false, coverOpen: false });
		expect(printer.statusRequests).toEqual([1, 2, 4]);
		expect(printer.connections).toHaveLength(1);
		expect([...printer.connections[0].bytes]).toEqual([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);
	});

	it('reports paper out, paper near end and an open cover', async () => {
		printer.setPaperOut(true);
		expect(await transport.status()).toMatchObject({ code: 'paper_out', online: false, paperOut: true });
		printer.setPaperOut(false);
		printer.setPaperNearEnd(true);
		expect(await transport.status()).toMatchObject({ code: 'ok', paperNearEnd: true });
		printer.setCoverOpen(true);
		expect(await transport.status()).toMatchObject({ code: 'cover_open', coverOpen: true });
	});

	it('reports a printer that refuses connections as unreachable, and sees it come back', async () => {
		expect((await transport.status()).code).toBe('ok');
		await printer.setOffline(true, 'refuse');
		expect(await transport.status()).toMatchObject({ code: 'unreachable', online: false });
		expect(await transport.write(Uint8Array.of(0x41))).toMatchObject({ ok: false, error: { code: 'unreachable' } });
		await printer.setOffline(false);
		expect((await transport.status()).code).toBe('ok');
	});

	it('reports a printer that accepts but never answers as offline', async () => {
		await transport.close();
		transport = await open(printer.uri, { ...generous, statusTimeoutMs: 300 });
		await printer.setOffline(true, 'silent');
		expect(await transport.status()).toMatchObject({ code: 'offline', online: false });
		await printer.setOffline(false);
		expect((await transport.status()).code).toBe('ok');
	});

	it('reports a printer that answers "offline" as offline', async () => {
		await printer.setOffline(true, 'report');
		expect((await transport.status()).code).toBe('offline');
	});

	it('writes the bytes as given', async () => {
		const { bytes } = sampleSlip('B007');
		expect(await transport.write(bytes)).toEqual({ ok: true });
		const job = await printer.waitForJobs(1);
		expect(Buffer.compare(job[0].bytes, Buffer.from(bytes))).toBe(0);
	});

	it('gives unreachable, not an exception, when nothing listens', async () => {
		const nobody = await open(`tcp://127.0.0.1:${await closedPort()}`);
		expect(await nobody.status()).toMatchObject({ code: 'unreachable' });
		expect(await nobody.write(Uint8Array.of(0x41))).toMatchObject({ ok: false, error: { code: 'unreachable' } });
		await nobody.close();
	});

	it('refuses work after close', async () => {
		await transport.close();
		expect(await transport.write(Uint8Array.of(0x41))).toMatchObject({ ok: false, error: { code: 'unreachable' } });
		expect((await transport.status()).code).toBe('unreachable');
	});
});

describe('preview transport', () => {
	let dir: string;
	beforeEach(async () => {
		dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slips-'));
	});
	afterEach(async () => {
		await fs.rm(dir, { recursive: true, force: true });
	});

	it('saves each job as <timestamp>-<jobId>.bin and .svg, and is always ready', async () => {
		const target = path.join(dir, 'out');
		const transport = await open(`preview:${target}`, { now: () => Date.UTC(2026, 2, 2, 0, 31, 5, 123) });
		const { bytes, svg } = sampleSlip('B007');
		expect(await transport.status()).toMatchObject({ code: 'ok' });
		expect(await transport.write(bytes, { jobId: 'B007', svg })).toEqual({ ok: true });
		expect(await transport.write(bytes, { jobId: 'B007', svg })).toEqual({ ok: true });
		expect(await transport.write(bytes, { jobId: '../etc/passwd' })).toEqual({ ok: true });
		const files = (await fs.readdir(target)).sort();
		expect(files).toEqual([
			'20260302T003105123Z-B007-1.bin',
			'20260302T003105123Z-B007-1.svg',
			'20260302T003105123Z-B007.bin',
			'20260302T003105123Z-B007.svg',
			'20260302T003105123Z-___etc_passwd.bin'
		]);
		expect(Buffer.compare(await fs.readFile(path.join(target, files[2])), Buffer.from(bytes))).toBe(0);
		expect(await fs.readFile(path.join(target, files[3]), 'utf8')).toContain('<svg');
		await transport.close();
	});

	it('keeps only the newest slips, and never touches files it did not write', async () => {
		let now = Date.UTC(2026, 10, 26, 2, 0, 0);
		const transport = new PreviewTransport(dir, { now: () => (now += 1000), keep: 3 });
		await fs.writeFile(path.join(dir, 'README.txt'), 'the hall keeps notes here');
		// Pruning runs every 50 slips: the 51st write prunes.
		for (let i = 1; i <= 51; i++) expect(await transport.write(Uint8Array.of(i), { jobId: `A${String(i).padStart(3, '0')}`, svg: '<svg/>' })).toEqual({ ok: true });
		const files = (await fs.readdir(dir)).sort();
		expect(files.filter((f) => f.endsWith('.bin')).map((f) => f.slice(-8))).toEqual(['A049.bin', 'A050.bin', 'A051.bin']);
		expect(files.filter((f) => f.endsWith('.svg'))).toHaveLength(3);
		expect(files).toContain('README.txt');
		await transport.close();
	});

	it('makes its folder again when it was removed between two slips', async () => {
		const target = path.join(dir, 'out');
		const transport = new PreviewTransport(target);
		expect(await transport.write(Uint8Array.of(1), { jobId: 'A001', svg: '<svg/>' })).toEqual({ ok: true });
		await fs.rm(target, { recursive: true });
		expect(await transport.write(Uint8Array.of(2), { jobId: 'A002', svg: '<svg/>' })).toEqual({ ok: true });
		const files = await fs.readdir(target);
		expect(files.filter((f) => f.includes('A002')).sort().map((f) => path.extname(f))).toEqual(['.bin', '.svg']);
		await transport.close();
	});

	it('gives a value, not an exception, when the directory cannot be written', async () => {
		const blocker = path.join(dir, 'a-file');
		await fs.writeFile(blocker, 'x');
		const transport = await open(`preview:${blocker}/sub`);
		expect(await transport.write(Uint8Array.of(1))).toMatchObject({ ok: false, error: { code: 'unreachable' } });
	});
});

describe('device file transport', () => {
	let dir: string;
	beforeEach(async () => {
		dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lp-'));
	});
	afterEach(async () => {
		await fs.rm(dir, { recursive: true, force: true });
	});

	it('appends jobs to an existing file and reports unknown status for a non-device', async () => {
		const file = path.join(dir, 'lp0');
		await fs.writeFile(file, '');
		const transport = await open(`file://${file}`);
		expect(await transport.write(Uint8Array.of(0x1b, 0x40))).toEqual({ ok: true });
		expect(await transport.write(Uint8Array.of(0x41, 0x0a))).toEqual({ ok: true });
		expect([...(await fs.readFile(file))]).toEqual([0x1b, 0x40, 0x41, 0x0a]);
		expect(await transport.status()).toMatchObject({ code: 'unknown' });
		await transport.close();
	});

	it('does not create a missing device, and reports it unreachable', async () => {
		const missing = path.join(dir, 'usb', 'lp9');
		const transport = await open(missing);
		expect(await transport.write(Uint8Array.of(0x41))).toMatchObject({ ok: false, error: { code: 'unreachable' } });
		expect(await transport.status()).toMatchObject({ code: 'unreachable' });
		await expect(fs.access(missing)).rejects.toThrow();
	});

	it('reports unknown for a character device that does not answer DLE EOT', async () => {
		const transport = await open('/dev/null', { statusTimeoutMs: 100 });
		expect(await transport.status()).toMatchObject({ code: 'unknown' });
		expect(await transport.write(Uint8Array.of(0x41))).toEqual({ ok: true });
	});
});

describe('usb transport', () => {
	it('gives usb_unavailable when the optional usb package is absent', async () => {
		const result = await openTransport('usb://0416:5011', {
			importUsb: () => Promise.reject(Object.assign(new Error("Cannot find package 'usb'"), { code: 'ERR_MODULE_NOT_FOUND' }))
		});
		expect(result).toMatchObject({ ok: false, error: { code: 'usb_unavailable' } });
		if (!result.ok) expect(result.error.message).toContain('usb@^2');
	});

	it('looks for the real package by default', async () => {
		const specifier = 'usb';
		const installed = await import(/* @vite-ignore */ specifier).then(
			() => true,
			() => false
		);
		const result = await openTransport('usb://0416:5011');
		expect(result.ok).toBe(installed);
		if (!installed) expect(result).toMatchObject({ ok: false, error: { code: 'usb_unavailable' } });
		else if (result.ok) await result.transport.close();
	});

	it('talks to a printer through node-usb bulk endpoints', async () => {
		const sent: number[][] = [];
		let lastRequest = 0;
		const out: UsbEndpointLike = {
			direction: 'out',
			timeout: 0,
			transfer(data, cb) {
				const bytes = [...(data as Buffer)];
				sent.push(bytes);
				if (bytes[0] === 0x10) lastRequest = bytes[2];
				cb(undefined);
			}
		};
		const inEndpoint: UsbEndpointLike = {
			direction: 'in',
			timeout: 0,
			transfer(_length, cb) {
				cb(undefined, Buffer.from([lastRequest === 4 ? 0x1e : 0x12]));
			}
		};
		let claimed = false;
		const usb: UsbModuleLike = {
			findByIds: (vid, pid) =>
				vid === 0x0416 && pid === 0x5011
					? {
							open() {},
							close() {},
							interfaces: [
								{
									descriptor: { bInterfaceClass: 7 },
									endpoints: [inEndpoint, out],
									claim: () => void (claimed = true),
									release: (cb) => cb?.(),
									isKernelDriverActive: () => false,
									detachKernelDriver() {}
								}
							]
						}
					: undefined
		};
		const transport = await open('usb://0416:5011', { importUsb: async () => ({ default: usb }) });
		expect(await transport.status()).toMatchObject({ code: 'ok', paperNearEnd: true });
		expect(await transport.write(Uint8Array.of(0x1b, 0x40))).toEqual({ ok: true });
		expect(claimed).toBe(true);
		expect(sent.at(-1)).toEqual([0x1b, 0x40]);
		await transport.close();

		const absent = await open('usb://0416:9999', { importUsb: async () => usb });
		expect(await absent.status()).toMatchObject({ code: 'unreachable' });
		expect(await absent.write(Uint8Array.of(1))).toMatchObject({ ok: false, error: { code: 'unreachable' } });
	});
});
