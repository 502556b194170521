// The screens' files (build/client) are listed once when the SvelteKit handler starts (sirv),
// then streamed with no error handler: a file that vanished after start (an upgrade built in
// place) made the read stream's ENOENT an uncaught exception, and the whole hall went down.
// This guard answers 404 for such a file before the handler is asked, so the hall stays up.

import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type PageHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Every file under `dir`, as URL paths ("/_app/immutable/x.js"). */
function listFiles(dir: string): Set<string> {
	const files = new Set<string>();
	if (!existsSync(dir)) return files;
	for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
		if (!entry.isFile()) continue;
		const path = relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/');
		files.add(`/${path}`);
	}
	return files;
}

function pathnameOf(req: IncomingMessage): string {
	const raw = (req.url ?? '/').split('?')[0];
	try {
		return decodeURIComponent(raw);
	} catch {
		return raw;
	}
}

/**
 * Wraps the SvelteKit handler: a request for a static file that was there when the handler
 * started (or one of its .br/.gz copies) but is gone now is answered 404, not streamed.
 */
export function guardVanishedAssets(staticDirs: string[], pages: PageHandler): PageHandler {
	const known = staticDirs.map((dir) => ({ dir, files: listFiles(dir) }));
	return (req, res, next) => {
		const pathname = pathnameOf(req);
		for (const { dir, files } of known) {
			const variants = [pathname, `${pathname}.br`, `${pathname}.gz`].filter((p) => files.has(p));
			if (variants.length > 0 && variants.some((p) => !existsSync(join(dir, p)))) {
				res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
				res.end('页面不存在 / Not found');
				return;
			}
		}
		pages(req, res, next);
	};
}
