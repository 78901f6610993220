import crypto from 'node:crypto';
import type { AuditRow, AuditVerify } from '../../../shared/contract';
import type { Db } from '../db/connection';

/** Who did something: an account, or the system itself (migrations, the CLI's own steps). */
export type Actor = { id: number | null; label: string };

export type AuditEntry = {
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
};

const genesis = '0'.repeat(64);

type StoredRow = {
  id: number;
  at: string;
  actor_id: number | null;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
};

function rowHash(prev: string, r: Omit<StoredRow, 'id' | 'prev_hash' | 'hash'>): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([prev, r.at, r.actor_id, r.actor, r.action, r.entity, r.entity_id, r.before, r.after]))
    .digest('hex');
}

function asJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Appends entries to the chain; the writer keeps the last hash so a batch reads it only once. */
export type AuditWriter = { append: (entry: AuditEntry) => void };

/**
 * A writer for many entries in one transaction (an import of 35,000 rows): one prepared insert,
 * the previous hash carried in memory. Use it only inside the transaction that makes the change.
 */
export function auditWriter(db: Db, actor: Actor): AuditWriter {
  const last = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
  let prev = last?.hash ?? genesis;
  const insert = db.prepare(
    `INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, before, after, prev_hash, hash)
     VALUES (@at, @actor_id, @actor, @action, @entity, @entity_id, @before, @after, @prev_hash, @hash)`,
  );
  const at = new Date().toISOString();
  return {
    append(entry: AuditEntry): void {
      const row = {
        at,
        actor_id: actor.id,
        actor: actor.label,
        action: entry.action,
        entity: entry.entity,
        entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
        before: asJson(entry.before),
        after: asJson(entry.after),
      };
      const hash = rowHash(prev, row);
      insert.run({ ...row, prev_hash: prev, hash });
      prev = hash;
    },
  };
}

/** Appends one entry to the chain. Call it inside the transaction that makes the change. */
export function appendAudit(db: Db, actor: Actor, entry: AuditEntry): void {
  auditWriter(db, actor).append(entry);
}

/**
 * Walks the chain: every row must hash to its stored hash and link to the row before it, ids must
 * run without gaps from 1, and the AUTOINCREMENT counter must match the last row (a deleted tail
 * shows as a counter ahead of the rows). The append-only triggers must still be in place.
 */
export function verifyAudit(db: Db): AuditVerify {
  const problems: string[] = [];
  let prev = genesis;
  let expectedId = 1;
  let rows = 0;
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<StoredRow>) {
    rows += 1;
    if (r.id !== expectedId) {
      problems.push(`監査ログの行 ${expectedId}〜${r.id - 1} が削除されています。`);
    }
    if (r.prev_hash !== prev)
      problems.push(`監査ログの行 ${r.id} の前行ハッシュが一致しません（前の行が変更・削除されています）。`);
    if (rowHash(r.prev_hash, r) !== r.hash) problems.push(`監査ログの行 ${r.id} の内容が変更されています。`);
    prev = r.hash;
    expectedId = r.id + 1;
  }
  const seq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get() as
    { seq: number } | undefined;
  if (seq !== undefined && seq.seq > expectedId - 1) {
    problems.push(`監査ログの末尾の行（${expectedId}〜${seq.seq}）が削除されています。`);
  }
  const triggers = db
    .prepare(
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name IN ('audit_log_no_update', 'audit_log_no_delete')",
    )
    .get() as { n: number };
  if (triggers.n !== 2) problems.push('監査ログの改ざん防止トリガーが削除されています。');
  return { ok: problems.length === 0, rows, problems };
}

function auditRow(r: StoredRow): AuditRow {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
  };
}

/**
 * A page of the log, newest first, that costs the same on the first page and the millionth
 * (docs/backup-and-restore.md, 監査ログ). Entries are never deleted and their ids come from
 * AUTOINCREMENT, so they run without gaps (verifyAudit checks it): the list is the id range from the
 * oldest entry up to `beforeId - 1` (or the newest entry), its total is the width of that range, and
 * the page at `offset` is an id range found through the primary key — no count and no OFFSET scan.
 * Were the chain ever cut (verifyAudit reports it), pages stay disjoint and complete, some shorter.
 */
export function listAudit(
  db: Db,
  offset: number,
  limit: number,
  beforeId?: number,
): { total: number; rows: AuditRow[] } {
  // Two subqueries: min and max together in one SELECT would scan the table.
  const bounds = db
    .prepare('SELECT (SELECT min(id) FROM audit_log) AS lo, (SELECT max(id) FROM audit_log) AS hi')
    .get() as { lo: number | null; hi: number | null };
  if (bounds.lo === null || bounds.hi === null) return { total: 0, rows: [] };
  const top = beforeId === undefined ? bounds.hi : Math.min(bounds.hi, beforeId - 1);
  const total = Math.max(0, top - bounds.lo + 1);
  const upper = top - offset;
  const rows = db
    .prepare('SELECT * FROM audit_log WHERE id <= ? AND id > ? ORDER BY id DESC')
    .all(upper, upper - limit) as StoredRow[];
  return { total, rows: rows.map(auditRow) };
}

export function auditCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
}
