// A consistent copy of the live database while the hall runs: SQLite's online backup
// API copies a snapshot even while the server keeps committing.

import Database from 'better-sqlite3';
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { archiveDir, archives, verifyArchives } from '../history/archive.ts';

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

export interface HallBackupResult extends BackupResult {
	/** The yearly archive files copied next to the backup (archive/hall-YYYY.db), each checked. */
	archives: { year: number; path: string; copied: boolean; ok: boolean }[];
}

/**
 * The live file as an online snapshot, and every yearly archive beside it: archives never
 * change once written, so one already in the destination with the same size is kept.
 * Each archive copy is checked as the archive command checks it (integrity, hash chain).
 */
export async function backupHall(dataDir: string, destination: string): Promise<HallBackupResult> {
	const result = await backupDatabase(join(dataDir, 'hall.db'), destination);
	const copy = new Database(result.path, { readonly: true });
	const copied: HallBackupResult['archives'] = [];
	try {
		const targetDir = join(dirname(destination), 'archive');
		for (const record of archives(copy)) {
			const source = join(archiveDir(dataDir), record.file);
			const target = join(targetDir, record.file);
			mkdirSync(targetDir, { recursive: true, mode: 0o700 });
			const fresh = !existsSync(target) || statSync(target).size !== statSync(source).size;
			if (fresh) {
				copyFileSync(source, target);
				chmodSync(target, 0o600);
			}
			copied.push({ year: record.year, path: target, copied: fresh, ok: false });
		}
		const checks = verifyArchives(copy, dirname(destination));
		for (const entry of copied) entry.ok = checks.find((c) => c.year === entry.year)?.ok ?? false;
	} finally {
		copy.close();
	}
	return { ...result, archives: copied };
}
