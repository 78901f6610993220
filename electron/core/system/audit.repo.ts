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

/** The previous hash of the first entry, and the head of an empty chain. */
export const genesis = '0'.repeat(64);

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

/** What one walk of the chain found, beyond the report: for checking signed and anchored heads. */
export type AuditWalk = {
  verify: AuditVerify;
  /** The id of the last entry (0 for an empty chain). */
  lastId: number;
  /** The stored hash of each entry asked for in `marks` that exists. */
  hashes: Map<number, string>;
  /** The first id at which the walk found a problem (a gap, a broken link, a changed row); null if none. */
  firstBad: number | null;
};

/**
 * Walks the chain: every row must hash to its stored hash and link to the row before it, ids must
 * run without gaps from 1, and the AUTOINCREMENT counter must match the last row (a deleted tail
 * shows as a counter ahead of the rows). The append-only triggers must still be in place.
 * `marks`: entry ids whose stored hashes to keep (signed checkpoints, an anchored head;
 * docs/audit-checkpoints.md).
 */
export function walkAudit(db: Db, marks: ReadonlySet<number> = new Set()): AuditWalk {
  const problems: string[] = [];
  const hashes = new Map<number, string>();
  let firstBad: number | null = null;
  const bad = (id: number): void => {
    firstBad ??= id;
  };
  let prev = genesis;
  let expectedId = 1;
  let rows = 0;
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<StoredRow>) {
    rows += 1;
    if (r.id !== expectedId) {
      problems.push(`監査ログの行 ${expectedId}〜${r.id - 1} が削除されています。`);
      bad(expectedId);
    }
    if (r.prev_hash !== prev) {
      problems.push(`監査ログの行 ${r.id} の前行ハッシュが一致しません（前の行が変更・削除されています）。`);
      bad(r.id);
    }
    if (rowHash(r.prev_hash, r) !== r.hash) {
      problems.push(`監査ログの行 ${r.id} の内容が変更されています。`);
      bad(r.id);
    }
    if (marks.has(r.id)) hashes.set(r.id, r.hash);
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
  return { verify: { ok: problems.length === 0, rows, problems }, lastId: expectedId - 1, hashes, firstBad };
}

/** The chain's own checks (walkAudit) as the verify report shows them. */
export function verifyAudit(db: Db): AuditVerify {
  return walkAudit(db).verify;
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
  return {
    total,
    rows: describeAuditRows(
      db,
      rows.map(auditRow),
      rows.map((r) => r.actor_id),
    ),
  };
}

export function auditCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
}

// ---------- names for one page (docs/backup-and-restore.md, 監査ログ) ----------

/** `id → text` for the given ids, one query per table; `sql` selects `k` and `v` with `IN (…)` in place of `(?)`. */
function lookup(db: Db, sql: string, keys: Iterable<string | number>): Map<string, string> {
  const list = [...new Set(keys)];
  const found = new Map<string, string>();
  if (list.length === 0) return found;
  const rows = db.prepare(sql.replace('(?)', `(${list.map(() => '?').join(',')})`)).all(...list) as {
    k: string | number;
    v: string;
  }[];
  for (const r of rows) found.set(String(r.k), r.v);
  return found;
}

/** Titles of a record by its id, for the entities whose entity id is a row id. */
const titleSql: Record<string, string> = {
  section: 'SELECT id AS k, name AS v FROM sections WHERE id IN (?)',
  line: "SELECT l.id AS k, s.name || ' ' || l.name AS v FROM lines l JOIN sections s ON s.id = l.section_id WHERE l.id IN (?)",
  area: 'SELECT id AS k, name AS v FROM areas WHERE id IN (?)',
  award: "SELECT id AS k, title || '（' || fy || '年度）' AS v FROM awards WHERE id IN (?)",
  training_course: "SELECT id AS k, title || '（' || fy || '年度）' AS v FROM training_courses WHERE id IN (?)",
  posting: "SELECT id AS k, title || '（' || fy || '年度）' AS v FROM postings WHERE id IN (?)",
  plan_measure: "SELECT id AS k, code || ' ' || title AS v FROM plan_measures WHERE id IN (?)",
  import: 'SELECT id AS k, file_name AS v FROM import_log WHERE id IN (?)',
};

/** Keys of before/after whose values are 職員番号 (a single one or a list). */
const staffNoKeys = new Set([
  'staffNo',
  '職員番号',
  'first',
  'second',
  'adjuster',
  'evaluator',
  'partner',
  'pair',
  '受賞者',
  '参加者',
  '受講者',
]);

function parsed(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** 職員番号 found as values of the keys above, at the top level of a before/after record. */
function staffNosIn(text: string | null, into: Set<string>): void {
  const v = parsed(text);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
  for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
    if (!staffNoKeys.has(key)) continue;
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string') into.add(item);
  }
}

/** `2026:074134` or `2026/074134` → the 職員番号; anything else (a population, a count) → null. */
function yearAndStaffNo(entityId: string): { fy: string; staffNo: string } | null {
  const m = /^(\d{4})[:/](.+)$/u.exec(entityId);
  return m ? { fy: m[1]!, staffNo: m[2]! } : null;
}

/** Entities whose id is `年度:職員番号` (or `年度/職員番号`). */
const personYearEntities = new Set([
  'self_report',
  'mbo_sheet',
  'appraisal',
  'evaluator_assignment',
  'area_assignment',
  'ranking',
  'appraisal_history',
]);

/**
 * The page's rows with the words the screen shows (actorName, subject, people), resolved for these
 * rows only: one query per table over the page's ids, so a page costs the same at any depth of
 * the log. Names and titles only — the before/after values stay as stored (a confidential item is
 * already masked there, docs/confidentiality.md).
 */
export function describeAuditRows(db: Db, rows: AuditRow[], actorIds: (number | null)[]): AuditRow[] {
  const accountIds = new Set<number>();
  const staffIds = new Set<number>();
  const staffNos = new Set<string>();
  const titled = new Map<string, Set<number>>();
  rows.forEach((r, i) => {
    const actorId = actorIds[i];
    if (actorId !== null && actorId !== undefined) accountIds.add(actorId);
    staffNosIn(r.before, staffNos);
    staffNosIn(r.after, staffNos);
    const id = r.entityId;
    if (id === null) return;
    const numeric = /^\d+$/u.test(id) ? Number(id) : null;
    if (r.entity === 'account' && numeric !== null) accountIds.add(numeric);
    else if (r.entity === 'staff' && r.action === 'staff.update' && numeric !== null) staffIds.add(numeric);
    else if (r.entity === 'staff') staffNos.add(id);
    else if (personYearEntities.has(r.entity)) {
      const p = yearAndStaffNo(id);
      if (p) staffNos.add(p.staffNo);
    } else if (titleSql[r.entity] !== undefined && numeric !== null) {
      const set = titled.get(r.entity) ?? new Set<number>();
      set.add(numeric);
      titled.set(r.entity, set);
    }
  });
  const accounts = new Map<string, { login: string; name: string }>();
  for (const [k, v] of lookup(
    db,
    'SELECT id AS k, login || char(9) || display_name AS v FROM accounts WHERE id IN (?)',
    accountIds,
  )) {
    const [login, name] = v.split('\t');
    accounts.set(k, { login: login ?? '', name: name ?? '' });
  }
  const byStaffId = lookup(db, "SELECT id AS k, staff_no || ' ' || name AS v FROM staff WHERE id IN (?)", staffIds);
  const names = lookup(db, 'SELECT staff_no AS k, name AS v FROM staff WHERE staff_no IN (?)', staffNos);
  const titles = new Map<string, Map<string, string>>();
  for (const [entity, ids] of titled) titles.set(entity, lookup(db, titleSql[entity]!, ids));

  const person = (staffNo: string): string | null => {
    const name = names.get(staffNo);
    return name === undefined ? null : `${staffNo} ${name}`;
  };
  const subjectOf = (r: AuditRow): string | null => {
    const id = r.entityId;
    if (id === null) return null;
    if (r.entity === 'account') {
      const a = accounts.get(id);
      return a ? `${a.login}（${a.name}）` : null;
    }
    if (r.entity === 'staff') return r.action === 'staff.update' ? (byStaffId.get(id) ?? null) : person(id);
    if (personYearEntities.has(r.entity)) {
      const p = yearAndStaffNo(id);
      if (!p) return null;
      const who = person(p.staffNo);
      return who === null ? null : `${p.fy}年度 ${who}`;
    }
    return titles.get(r.entity)?.get(id) ?? null;
  };
  return rows.map((r, i) => {
    const actorId = actorIds[i];
    const mentioned = new Set<string>();
    staffNosIn(r.before, mentioned);
    staffNosIn(r.after, mentioned);
    const people: Record<string, string> = {};
    for (const no of mentioned) {
      const name = names.get(no);
      if (name !== undefined) people[no] = name;
    }
    return {
      ...r,
      actorName: actorId === null || actorId === undefined ? null : (accounts.get(String(actorId))?.name ?? null),
      subject: subjectOf(r),
      people,
    };
  });
}
