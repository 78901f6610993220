import type { Db } from './connection';

/*
 * Database plumbing the backup and restore use (docs/backup-and-restore.md): SQLite's own checks and
 * its encrypted copy. Not domain data, so it lives beside the connection rather than in a repository.
 */

/** PRAGMA integrity_check: ['ok'] when the structure is sound, otherwise SQLite's messages. */
export function integrityCheck(db: Db): string[] {
  return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
}

/** PRAGMA foreign_key_check: every row that refers to a row that does not exist. */
export function foreignKeyViolations(db: Db): { table: string; rowid: number }[] {
  return db.pragma('foreign_key_check') as { table: string; rowid: number }[];
}

/** Writes a compacted copy of the database to a new file; the copy keeps the cipher and the key. */
export function vacuumInto(db: Db, file: string): void {
  db.prepare('VACUUM INTO ?').run(file);
}
