import type { ImportCounts, ImportLogRow } from '../../../shared/contract';
import type { Actor } from '../system/audit.repo';
import type { Db } from '../db/connection';

/** One committed import: who, when, which file (by name and sha-256) and what it did. Returns its id. */
export function insertImportLog(
  db: Db,
  actor: Actor,
  file: { kind: string; fileName: string; fileHash: string },
  counts: ImportCounts,
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO import_log (at, actor_id, actor, kind, file_name, file_hash, total, inserted, updated, unchanged, errors)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        new Date().toISOString(),
        actor.id,
        actor.label,
        file.kind,
        file.fileName,
        file.fileHash,
        counts.total,
        counts.inserted,
        counts.updated,
        counts.unchanged,
        counts.errors,
      ).lastInsertRowid,
  );
}

/** The latest 500 imports, newest first (the 取込履歴 screen). */
export function listImportLog(db: Db): ImportLogRow[] {
  return db
    .prepare(
      `SELECT id, at, actor, kind, file_name AS fileName, file_hash AS fileHash, total, inserted, updated, unchanged, errors
       FROM import_log ORDER BY id DESC LIMIT 500`,
    )
    .all() as ImportLogRow[];
}
