import type { Db } from '../db/connection';

/*
 * The signed checkpoints of the audit chain (docs/audit-checkpoints.md, migration 0140): each row is
 * the chain's length and head at a moment, signed with the office signing key.
 */

export type CheckpointRow = {
  id: number;
  entries: number;
  head: string;
  at: string;
  reason: string;
  signerId: number | null;
  signature: Buffer;
};

/** The chain's end now: the id of its last entry (ids run from 1 without gaps) and that entry's hash. */
export function auditEnd(db: Db): { entries: number; head: string | null } {
  const r = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
    { id: number; hash: string } | undefined;
  return r ? { entries: r.id, head: r.hash } : { entries: 0, head: null };
}

export function insertCheckpoint(db: Db, row: Omit<CheckpointRow, 'id'>): number {
  const r = db
    .prepare(
      `INSERT INTO audit_checkpoints (entries, head, at, reason, signer_id, signature)
       VALUES (@entries, @head, @at, @reason, @signerId, @signature)`,
    )
    .run(row);
  return Number(r.lastInsertRowid);
}

export function latestCheckpointRow(db: Db): CheckpointRow | null {
  const r = db
    .prepare(
      `SELECT id, entries, head, at, reason, signer_id AS signerId, signature
       FROM audit_checkpoints ORDER BY id DESC LIMIT 1`,
    )
    .get() as CheckpointRow | undefined;
  return r ?? null;
}

/** Every checkpoint, oldest first. */
export function allCheckpoints(db: Db): CheckpointRow[] {
  return db
    .prepare(
      `SELECT id, entries, head, at, reason, signer_id AS signerId, signature
       FROM audit_checkpoints ORDER BY id`,
    )
    .all() as CheckpointRow[];
}

/** The checkpoints newest first, read one at a time (the latest valid one is usually the first). */
export function checkpointsNewestFirst(db: Db): IterableIterator<CheckpointRow> {
  return db
    .prepare(
      `SELECT id, entries, head, at, reason, signer_id AS signerId, signature
       FROM audit_checkpoints ORDER BY id DESC`,
    )
    .iterate() as IterableIterator<CheckpointRow>;
}
