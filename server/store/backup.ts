// A consistent copy of the live database while the hall runs: SQLite's online backup
// API copies a snapshot even while the server keeps committing.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface BackupResult {
	path: string;
	pages: number;
	integrity: string;
	events: number;
}

export async function backupDatabase(source: string, destination: string): Promise<BackupResult> {
	mkdirSync(dirname(destination), { recursive: true });
	const db = new Database(source, { readonly: true, fileMustExist: true });
	try {
		const progress = await db.backup(destination);
		const copy = new Database(destination, { readonly: true });
		try {
			const integrity = copy.pragma('integrity_check', { simple: true }) as string;
			const events = (copy.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
			return { path: destination, pages: progress.totalPages, integrity, events };
		} finally {
			copy.close();
		}
	} finally {
		db.close();
	}
}

export function backupFileName(now: Date): string {
	const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
	return `hall-${stamp}.db`;
}
