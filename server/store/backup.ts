// A consistent copy of the live database while the hall runs: SQLite's online backup
// API copies a snapshot even while the server keeps committing.

import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export interface BackupResult {
	path: string;
	pages: number;
	integrity: string;
	events: number;
}

export async function backupDatabase(source: string, destination: string): Promise<BackupResult> {
	mkdirSync(dirname(destination), { recursive: true, mode: 0o700 });
	const db = new Database(source, { readonly: true, fileMustExist: true });
	// Created private before a byte is copied (SQLite would use the umask's mode).
	closeSync(openSync(destination, 'w', 0o600));
	try {
		const progress = await db.backup(destination);
		// A backup holds what hall.db holds: readable by its owner only.
		chmodSync(destination, 0o600);
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
