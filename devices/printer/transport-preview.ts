import { writeFile } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { type PrinterStatus } from './status.ts';
import {
	createSerialRunner,
	errnoCode,
	errorMessage,
	transportError,
	type PrinterTransport,
	type WriteMeta,
	type WriteResult
} from './transport-common.ts';

export interface PreviewTransportOptions {
	now?: () => number;
	/** The newest slips kept; older ones are removed (a demo hall printing for months must not fill the disk). */
	keep?: number;
}

/** About a week of a busy hall's tickets. */
export const PREVIEW_KEEP = 5000;
/** Listing the folder after every slip would be wasteful: prune every so many. */
const PRUNE_EVERY = 50;
const SLIP_FILE = /^\d{8}T\d{9}Z-.+\.(bin|svg)$/;

function fileStamp(epochMs: number): string {
	// 2026-03-02T00:31:05.123Z → 20260302T003105123Z: sorts by time, legal on every filesystem.
	return new Date(epochMs).toISOString().replace(/[-:.]/g, '');
}

function safeName(id: string): string {
	return id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80) || 'job';
}

// The callback writeFile, promisified: on the hall's event loop it costs about half of what
// fs/promises' writeFile (a FileHandle per file) does, and the hall writes two files a slip.
const writeNewFile = promisify(writeFile);

/** A printer without paper: each job lands in DIR as `<timestamp>-<jobId>.bin` and, when given, `.svg`. */
export class PreviewTransport implements PrinterTransport {
	readonly kind = 'preview';
	readonly uri: string;
	readonly dir: string;
	private readonly now: () => number;
	private readonly keep: number;
	private readonly serial = createSerialRunner();
	private counter = 0;
	private closed = false;
	/** The folder was made: not asked again for every slip, only after a write failed. */
	private dirReady = false;

	constructor(dir: string, opts: PreviewTransportOptions = {}) {
		this.dir = path.resolve(dir);
		this.uri = `preview:${this.dir}`;
		this.now = opts.now ?? Date.now;
		this.keep = Math.max(1, opts.keep ?? PREVIEW_KEEP);
	}

	write(bytes: Uint8Array, meta: WriteMeta = {}): Promise<WriteResult> {
		return this.serial(async () => {
			if (this.closed) return transportError('unreachable', 'transport closed');
			this.counter += 1;
			const base = `${fileStamp(this.now())}-${safeName(meta.jobId ?? `job${this.counter}`)}`;
			try {
				if (!this.dirReady) await fs.mkdir(this.dir, { recursive: true });
				this.dirReady = true;
				const name = await this.writeUnder(base, bytes);
				if (meta.svg !== undefined) await writeNewFile(path.join(this.dir, `${name}.svg`), meta.svg, { flag: 'wx' });
				if (this.counter % PRUNE_EVERY === 1) await this.prune();
				return { ok: true };
			} catch (err) {
				this.dirReady = false;
				return transportError('unreachable', `${this.dir}: ${errnoCode(err) || 'error'}: ${errorMessage(err)}`);
			}
		});
	}

	async status(): Promise<PrinterStatus> {
		return { code: 'ok', online: true, coverOpen: false, paperOut: false, paperNearEnd: false, error: false };
	}

	async close(): Promise<void> {
		this.closed = true;
		await this.serial(async () => undefined);
	}

	/** Removes all but the newest `keep` slips (a slip is its .bin and its .svg). Only our own files. */
	private async prune(): Promise<void> {
		let names: string[];
		try {
			names = (await fs.readdir(this.dir)).filter((name) => SLIP_FILE.test(name));
		} catch {
			return;
		}
		const slips = [...new Set(names.map((name) => name.replace(/\.(bin|svg)$/, '')))].sort();
		for (const slip of slips.slice(0, Math.max(0, slips.length - this.keep))) {
			await fs.rm(path.join(this.dir, `${slip}.bin`), { force: true });
			await fs.rm(path.join(this.dir, `${slip}.svg`), { force: true });
		}
	}

	/** Writes the .bin under the first free name: the same job id printed twice in one millisecond must not overwrite the first copy. */
	private async writeUnder(base: string, bytes: Uint8Array): Promise<string> {
		let madeDir = false;
		for (let i = 0; ; i++) {
			const name = i === 0 ? base : `${base}-${i}`;
			try {
				await writeNewFile(path.join(this.dir, `${name}.bin`), bytes, { flag: 'wx' });
				return name;
			} catch (err) {
				const code = errnoCode(err);
				// The folder went away since the last slip (someone cleared it): made again, as every write once did.
				if (code === 'ENOENT' && !madeDir) {
					madeDir = true;
					await fs.mkdir(this.dir, { recursive: true });
					i--;
				} else if (code !== 'EEXIST') throw err;
			}
		}
	}
}
