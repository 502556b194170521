// Images for service guides, notices and the hall's logo, kept in SQLite so a backup of
// hall.db carries them. Only raster formats recognised by their first bytes are taken (the
// client's content-type is never trusted; SVG is refused because it can carry script), and
// an image's id is the sha256 of its bytes: uploading the same picture twice is one image.

import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database, Statement } from 'better-sqlite3';
import type { Clock } from './clock.ts';
import type { Result } from './hall.ts';
import type { Store } from './store/store.ts';

export const MAX_MEDIA_BYTES = 2 * 1024 * 1024;

export type MediaExt = 'png' | 'jpg' | 'webp' | 'gif';

export const MEDIA_TYPES: Record<MediaExt, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif'
};

/** The public address of an image: what markdown and the hall file's `logo` may name. */
export const MEDIA_URL = /^\/media\/([0-9a-f]{64})\.(png|jpg|webp|gif)$/;

export interface MediaSaved {
	id: string;
	url: string;
	contentType: string;
	size: number;
}

export interface MediaFile {
	id: string;
	ext: MediaExt;
	contentType: string;
	bytes: Buffer;
}

const startsWith = (bytes: Buffer, prefix: number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);

/** The format the bytes really are, from their signature; null for anything else. */
export function sniffImage(bytes: Buffer): MediaExt | null {
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg';
	if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'gif';
	if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
	return null;
}

/**
 * Whether the bytes hold a whole image of their format, not just its first bytes: a truncated
 * upload or a file with a borrowed signature would show as a broken picture on every kiosk.
 * Reads only the header's size fields and the end marker; no decoding.
 */
export function wholeImage(bytes: Buffer, ext: MediaExt): boolean {
	switch (ext) {
		case 'png':
			// IHDR first with a width and height, IEND (and its CRC) last.
			return (
				bytes.length >= 57 &&
				bytes.toString('latin1', 12, 16) === 'IHDR' &&
				bytes.readUInt32BE(16) > 0 &&
				bytes.readUInt32BE(20) > 0 &&
				bytes.toString('latin1', bytes.length - 8, bytes.length - 4) === 'IEND'
			);
		case 'gif':
			// Logical screen width and height, then the trailer byte.
			return bytes.length >= 14 && bytes.readUInt16LE(6) > 0 && bytes.readUInt16LE(8) > 0 && bytes[bytes.length - 1] === 0x3b;
		case 'jpg':
			// The end-of-image marker; some cameras append data after it.
			return bytes.length >= 4 && bytes.lastIndexOf(Buffer.from([0xff, 0xd9])) > 2;
		case 'webp': {
			// The RIFF size covers the whole file.
			const size = bytes.readUInt32LE(4);
			return size >= 4 && bytes.length >= size + 8;
		}
	}
}

const extOf = (contentType: string): MediaExt =>
	(Object.entries(MEDIA_TYPES).find(([, type]) => type === contentType)?.[0] as MediaExt | undefined) ?? 'png';

export class Media {
	readonly #clock: Clock;
	readonly #insert: Statement;
	readonly #byId: Statement;

	constructor(store: Store, clock: Clock) {
		const db: Database = store.db;
		this.#clock = clock;
		this.#insert = db.prepare(
			`INSERT OR IGNORE INTO media (id, content_type, bytes, size, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`
		);
		this.#byId = db.prepare(`SELECT id, content_type, bytes FROM media WHERE id = ?`);
	}

	save(bytes: Buffer, staffId: string): Result<MediaSaved> {
		if (bytes.length > MAX_MEDIA_BYTES) {
			return { ok: false, error: { code: 'media_too_large', message: '图片不能超过 2 MB，请压缩后再上传' } };
		}
		const ext = sniffImage(bytes);
		if (!ext) {
			return { ok: false, error: { code: 'media_type', message: '只能上传 PNG、JPEG、WebP 或 GIF 图片（不支持 SVG 等其他格式）' } };
		}
		if (!wholeImage(bytes, ext)) {
			return { ok: false, error: { code: 'media_type', message: '图片文件不完整或已损坏，请重新导出后再上传' } };
		}
		const id = createHash('sha256').update(bytes).digest('hex');
		const contentType = MEDIA_TYPES[ext];
		this.#insert.run(id, contentType, bytes, bytes.length, staffId, this.#clock.now());
		return { ok: true, value: { id, url: `/media/${id}.${ext}`, contentType, size: bytes.length } };
	}

	/** The image named by a /media path; null when unknown or named with another extension. */
	get(id: string): MediaFile | null {
		const row = this.#byId.get(id) as { id: string; content_type: string; bytes: Buffer } | undefined;
		if (!row) return null;
		return { id: row.id, ext: extOf(row.content_type), contentType: row.content_type, bytes: row.bytes };
	}
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const payload = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(payload), ...headers });
	res.end(payload);
}

/**
 * GET /media/<sha256>.<ext>: the bytes with their own type. The address names the content, so
 * it can be cached for good; nosniff and a CSP keep a browser from treating it as anything else.
 */
export function serveMedia(media: Media, req: IncomingMessage, res: ServerResponse): void {
	if (req.method !== 'GET' && req.method !== 'HEAD') {
		return sendJson(res, 405, { error: { code: 'bad_request', message: '只支持 GET' } }, { allow: 'GET, HEAD' });
	}
	const path = (req.url ?? '').split('?')[0];
	const match = MEDIA_URL.exec(path);
	const file = match ? media.get(match[1]) : null;
	if (!match || !file || file.ext !== match[2]) {
		return sendJson(res, 404, { error: { code: 'not_found', message: '没有这张图片' } });
	}
	res.writeHead(200, {
		'content-type': file.contentType,
		'content-length': file.bytes.length,
		'cache-control': 'public, max-age=31536000, immutable',
		'x-content-type-options': 'nosniff',
		'content-security-policy': "default-src 'none'; sandbox",
		'cross-origin-resource-policy': 'same-origin'
	});
	res.end(req.method === 'HEAD' ? undefined : file.bytes);
}
