// The real recognizer: one long-lived `zinnia` process (Debian zinnia-utils) with the
// Tegaki simplified-Chinese model, fed one request at a time over stdin/stdout
// (the protocol is in ./sexp.ts). Offline, on the hall server: nothing leaves the hall.
//
// One process, because loading the model per request would cost more than recognizing; one
// request at a time, because zinnia answers strictly in order and an answer carries nothing
// that says which request it belongs to. A process that dies is started again for the next
// request; one that keeps dying at once (a broken model file) is given up on for a while, and
// so is a missing binary or model: callers then get HandwritingUnavailableError, which the
// command answers as `handwriting_unavailable` and the kiosk hides its pad.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { Logger } from 'pino';
import { preferCharacters } from './rank.ts';
import { EMPTY_REQUEST, encodeCharacter, isAnswerHeader, parseCandidates } from './sexp.ts';
import { DEFAULT_CANDIDATES, HandwritingBusyError, HandwritingUnavailableError, type Candidate, type HandwritingRecognizer, type PadSize, type Stroke } from './recognizer.ts';

/** Where Debian's tegaki-zinnia-simplified-chinese puts its model. */
export const DEBIAN_MODEL = '/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model';
/** The most candidates zinnia is asked for; callers get a prefix. */
export const MAX_CANDIDATES = 20;

export interface ZinniaOptions {
	/** The zinnia binary: a path or a name looked up on PATH. */
	binary?: string;
	model?: string;
	logger: Logger;
	/** How long one answer may take before the process is killed (it answers in milliseconds). */
	timeoutMs?: number;
	/** Starts in a row that die before answering, after which the recognizer rests. */
	maxFailures?: number;
	/** How long it rests (a missing binary or model is looked for again after this). */
	retryAfterMs?: number;
	/**
	 * Requests that may wait behind the one zinnia is answering; more are refused at once
	 * (HandwritingBusyError) rather than queued without end. An answer takes a few ms, so 32 is
	 * a whole hall of kiosks writing at the same moment.
	 */
	maxWaiting?: number;
	now?: () => number;
}

/** ZINNIA_BIN, ZINNIA_MODEL; HANDWRITING=off turns the recognizer off (the kiosk then shows no pad). */
export function zinniaSettingsFromEnv(env: NodeJS.ProcessEnv): { enabled: boolean; binary: string; model: string } {
	return {
		enabled: env.HANDWRITING !== 'off',
		binary: env.ZINNIA_BIN || 'zinnia',
		model: env.ZINNIA_MODEL || DEBIAN_MODEL
	};
}

interface Job {
	/** The request line; null for a probe (only the end marker is sent). */
	line: string | null;
	limit: number;
	resolve(candidates: Candidate[]): void;
	reject(error: Error): void;
	/** Answer headers still to come: 2 for a request (its own and the marker's), 1 for a probe. */
	headersLeft: number;
	lines: string[];
	timer?: NodeJS.Timeout;
}

export class ZinniaRecognizer implements HandwritingRecognizer {
	readonly #binary: string;
	readonly #model: string;
	readonly #logger: Logger;
	readonly #timeoutMs: number;
	readonly #maxFailures: number;
	readonly #retryAfterMs: number;
	readonly #maxWaiting: number;
	readonly #now: () => number;
	#child: ChildProcessWithoutNullStreams | null = null;
	#decoder = new StringDecoder('utf8');
	#partial = '';
	#stderr = '';
	#queue: Job[] = [];
	#current: Job | null = null;
	/** Processes in a row that ended without answering. */
	#failures = 0;
	/** Why the recognizer rests, and until when. */
	#resting: { reason: string; until: number } | null = null;
	#closed = false;

	constructor(options: ZinniaOptions) {
		this.#binary = options.binary ?? 'zinnia';
		this.#model = options.model ?? DEBIAN_MODEL;
		this.#logger = options.logger.child({ port: 'handwriting' });
		this.#timeoutMs = options.timeoutMs ?? 5_000;
		this.#maxFailures = options.maxFailures ?? 3;
		this.#retryAfterMs = options.retryAfterMs ?? 60_000;
		this.#maxWaiting = options.maxWaiting ?? 32;
		this.#now = options.now ?? Date.now;
	}

	recognize(strokes: readonly Stroke[], size: PadSize, limit = DEFAULT_CANDIDATES): Promise<Candidate[]> {
		// No ink yet: nothing to ask (and an empty request would read as the end marker).
		if (!strokes.some((stroke) => stroke.length > 0)) return Promise.resolve([]);
		return this.#enqueue(encodeCharacter(strokes, size), Math.min(limit, MAX_CANDIDATES));
	}

	async available(): Promise<boolean> {
		try {
			await this.#enqueue(null, 0);
			return true;
		} catch {
			return false;
		}
	}

	/** The zinnia process's id while one runs (tests kill it to see it come back). */
	get pid(): number | null {
		return this.#child?.pid ?? null;
	}

	async close(): Promise<void> {
		this.#closed = true;
		const gone = new HandwritingUnavailableError('the hall server is shutting down');
		for (const job of this.#queue.splice(0)) job.reject(gone);
		const child = this.#child;
		if (!child) return;
		await new Promise<void>((resolve) => {
			child.once('close', () => resolve());
			// Closing stdin ends zinnia's read loop; a process that does not notice is killed.
			child.stdin.end();
			setTimeout(() => child.kill('SIGKILL'), 1_000).unref();
		});
	}

	#enqueue(line: string | null, limit: number): Promise<Candidate[]> {
		if (this.#queue.length >= this.#maxWaiting) return Promise.reject(new HandwritingBusyError(this.#queue.length));
		return new Promise<Candidate[]>((resolve, reject) => {
			this.#queue.push({ line, limit, resolve, reject, headersLeft: line === null ? 1 : 2, lines: [] });
			void this.#next();
		});
	}

	async #next(): Promise<void> {
		if (this.#current || this.#queue.length === 0) return;
		const job = this.#queue.shift()!;
		this.#current = job;
		const refusal = await this.#refusal();
		if (refusal) {
			this.#finish(job, new HandwritingUnavailableError(refusal));
			return;
		}
		const child = this.#child ?? this.#start();
		job.timer = setTimeout(() => {
			this.#logger.warn({ timeoutMs: this.#timeoutMs }, 'zinnia did not answer in time: killing it');
			child.kill('SIGKILL');
		}, this.#timeoutMs);
		child.stdin.write(job.line === null ? `${EMPTY_REQUEST}\n` : `${job.line}\n${EMPTY_REQUEST}\n`);
	}

	/** Why no request can go to zinnia now, or null when one can. */
	async #refusal(): Promise<string | null> {
		if (this.#closed) return 'the hall server is shutting down';
		if (this.#resting) {
			if (this.#now() < this.#resting.until) return this.#resting.reason;
			this.#resting = null;
			this.#failures = 0;
		}
		if (this.#child) return null;
		try {
			await access(this.#model, constants.R_OK);
		} catch {
			return this.#rest(`model file not found or not readable: ${this.#model}`);
		}
		return null;
	}

	#rest(reason: string): string {
		this.#resting = { reason, until: this.#now() + this.#retryAfterMs };
		this.#logger.error({ reason, retryAfterMs: this.#retryAfterMs }, 'handwriting recognizer unavailable');
		return reason;
	}

	#start(): ChildProcessWithoutNullStreams {
		const child = spawn(this.#binary, ['-m', this.#model, '-n', String(MAX_CANDIDATES)], { stdio: ['pipe', 'pipe', 'pipe'] });
		this.#child = child;
		this.#decoder = new StringDecoder('utf8');
		this.#partial = '';
		this.#stderr = '';
		child.stdout.on('data', (chunk: Buffer) => this.#read(child, chunk));
		child.stderr.on('data', (chunk: Buffer) => {
			// Kept short: only for the log line when the process ends.
			this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-500);
		});
		// A write to a process that just died fails with EPIPE: the exit handler reports it.
		child.stdin.on('error', () => {});
		child.on('error', (error: NodeJS.ErrnoException) => {
			if (this.#child !== child) return;
			this.#child = null;
			const reason = error.code === 'ENOENT' ? `zinnia binary not found: ${this.#binary}` : `cannot start zinnia: ${error.message}`;
			this.#rest(reason);
			this.#failAll(new HandwritingUnavailableError(reason));
		});
		// 'close', not 'exit': by then everything zinnia wrote to stderr has been read.
		child.on('close', (code, signal) => {
			if (this.#child !== child) return;
			this.#child = null;
			if (this.#closed) {
				this.#failAll(new HandwritingUnavailableError('the hall server is shutting down'));
				return;
			}
			const job = this.#current;
			this.#logger.warn({ code, signal, stderr: this.#stderr.trim() || undefined, busy: job !== null }, 'zinnia exited: it starts again for the next request');
			if (!job) return;
			this.#failures += 1;
			const reason = this.#stderr.trim() ? `zinnia exited: ${this.#stderr.trim()}` : `zinnia exited (${signal ?? code})`;
			if (this.#failures >= this.#maxFailures) {
				this.#rest(reason);
				this.#failAll(new HandwritingUnavailableError(reason));
				return;
			}
			this.#finish(job, new HandwritingUnavailableError(reason));
		});
		this.#logger.info({ pid: child.pid, model: this.#model }, 'zinnia started');
		return child;
	}

	#read(child: ChildProcessWithoutNullStreams, chunk: Buffer): void {
		if (this.#child !== child) return;
		const text = this.#partial + this.#decoder.write(chunk);
		const lines = text.split('\n');
		this.#partial = lines.pop() ?? '';
		for (const line of lines) {
			const job = this.#current;
			if (!job) {
				this.#logger.warn({ line }, 'zinnia wrote with no request out: ignored');
				continue;
			}
			if (isAnswerHeader(line)) {
				job.headersLeft -= 1;
				if (job.headersLeft === 0) {
					this.#failures = 0;
					this.#finish(job, preferCharacters(parseCandidates(job.lines)).slice(0, job.limit));
				}
			} else if (job.headersLeft === 1 && job.line !== null) {
				job.lines.push(line);
			}
		}
	}

	#finish(job: Job, outcome: Candidate[] | Error): void {
		clearTimeout(job.timer);
		if (this.#current === job) this.#current = null;
		if (outcome instanceof Error) job.reject(outcome);
		else job.resolve(outcome);
		void this.#next();
	}

	#failAll(error: Error): void {
		const current = this.#current;
		const waiting = this.#queue.splice(0);
		if (current) {
			clearTimeout(current.timer);
			this.#current = null;
			current.reject(error);
		}
		for (const job of waiting) job.reject(error);
	}
}
