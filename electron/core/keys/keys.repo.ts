import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../db/connection';
import { getMeta, setMeta } from '../db/meta.repo';

/*
 * The key tables of sealed data (docs/sealed-data.md, migration 0140): account public keys, the
 * office keys' grants to accounts, and the per-person keys' wraps. Only wrapped keys and public
 * keys are stored here; nothing in these tables opens anything without a private key.
 */

/** The office keys: two reader keys (what sealed data is wrapped for) and the audit signing key. */
export type OfficeKeyName = 'confidential' | 'postings' | 'signing';
export const officeKeyNames: readonly OfficeKeyName[] = ['confidential', 'postings', 'signing'];

/** The kinds of sealed data, each with its own per-person key and reader key. */
export type SealDomain = 'selfReport' | 'postings';
export const readerKeyOf: Record<SealDomain, Exclude<OfficeKeyName, 'signing'>> = {
  selfReport: 'confidential',
  postings: 'postings',
};

/** The grantee number of a person key's wrap for the domain's reader key (accounts are 1, 2, …). */
export const readersGrantee = 0;

/**
 * The statements every sealed read runs (a person's wrap) prepared once per connection: preparing
 * costs more than the query itself, and a screen opens two sealed fields per form.
 */
const prepared = new WeakMap<Db, Map<string, Statement>>();

function statement(db: Db, sql: string): Statement {
  let forDb = prepared.get(db);
  if (!forDb) {
    forDb = new Map();
    prepared.set(db, forDb);
  }
  let s = forDb.get(sql);
  if (!s) {
    s = db.prepare(sql);
    forDb.set(sql, s);
  }
  return s;
}

export function officeDbId(db: Db): string {
  return getMeta(db, 'db_id') ?? 'kaname';
}

export function officePublicKey(db: Db, name: OfficeKeyName): Buffer | null {
  const v = getMeta(db, `key.${name}.public`);
  return v === null ? null : Buffer.from(v, 'base64');
}

export function setOfficePublicKey(db: Db, name: OfficeKeyName, publicKey: Buffer): void {
  setMeta(db, `key.${name}.public`, publicKey.toString('base64'));
}

export function accountPublicKey(db: Db, accountId: number): Buffer | null {
  const r = db.prepare('SELECT public_key FROM account_keys WHERE account_id = ?').get(accountId) as
    { public_key: Buffer } | undefined;
  return r?.public_key ?? null;
}

/**
 * Records an account's public key. A new key (a password reset made a new key pair) makes every
 * wrap for the old one useless: they are deleted, to be made again by someone who holds the keys.
 */
export function putAccountPublicKey(db: Db, accountId: number, publicKey: Buffer): boolean {
  const before = accountPublicKey(db, accountId);
  if (before?.equals(publicKey)) return false;
  deleteAccountWraps(db, accountId);
  db.prepare(
    `INSERT INTO account_keys (account_id, public_key, created_at) VALUES (?, ?, ?)
     ON CONFLICT(account_id) DO UPDATE SET public_key = excluded.public_key, created_at = excluded.created_at`,
  ).run(accountId, publicKey, new Date().toISOString());
  return true;
}

/** Every grant and person-key wrap held by an account (disabled, or its key pair replaced). */
export function deleteAccountWraps(db: Db, accountId: number): void {
  db.prepare('DELETE FROM key_grants WHERE account_id = ?').run(accountId);
  db.prepare('DELETE FROM person_keys WHERE grantee = ?').run(accountId);
}

export function grantsOf(db: Db, accountId: number): { keyName: OfficeKeyName; wrapped: Buffer }[] {
  return db.prepare('SELECT key_name AS keyName, wrapped FROM key_grants WHERE account_id = ?').all(accountId) as {
    keyName: OfficeKeyName;
    wrapped: Buffer;
  }[];
}

export function putGrant(db: Db, keyName: OfficeKeyName, accountId: number, wrapped: Buffer): void {
  db.prepare(
    `INSERT INTO key_grants (key_name, account_id, wrapped, granted_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(key_name, account_id) DO UPDATE SET wrapped = excluded.wrapped, granted_at = excluded.granted_at`,
  ).run(keyName, accountId, wrapped, new Date().toISOString());
}

export function personWrap(db: Db, domain: SealDomain, staffId: number, grantee: number): Buffer | null {
  const r = statement(db, 'SELECT wrapped FROM person_keys WHERE domain = ? AND staff_id = ? AND grantee = ?').get(
    domain,
    staffId,
    grantee,
  ) as { wrapped: Buffer } | undefined;
  return r?.wrapped ?? null;
}

export function personKeyExists(db: Db, domain: SealDomain, staffId: number): boolean {
  return (
    db.prepare('SELECT 1 FROM person_keys WHERE domain = ? AND staff_id = ? LIMIT 1').get(domain, staffId) !== undefined
  );
}

export function putPersonWrap(db: Db, domain: SealDomain, staffId: number, grantee: number, wrapped: Buffer): void {
  db.prepare(
    `INSERT INTO person_keys (domain, staff_id, grantee, wrapped) VALUES (?, ?, ?, ?)
     ON CONFLICT(domain, staff_id, grantee) DO UPDATE SET wrapped = excluded.wrapped`,
  ).run(domain, staffId, grantee, wrapped);
}

export function deletePersonWrap(db: Db, domain: SealDomain, staffId: number, grantee: number): void {
  db.prepare('DELETE FROM person_keys WHERE domain = ? AND staff_id = ? AND grantee = ?').run(domain, staffId, grantee);
}

/** Enabled accounts with a public key, and their role: who office keys may be granted to. */
export function keyedAccounts(db: Db): { accountId: number; role: string; publicKey: Buffer }[] {
  return db
    .prepare(
      `SELECT a.id AS accountId, a.role, k.public_key AS publicKey
       FROM accounts a JOIN account_keys k ON k.account_id = a.id WHERE a.disabled = 0`,
    )
    .all() as { accountId: number; role: string; publicKey: Buffer }[];
}

export function allGrants(db: Db): { keyName: OfficeKeyName; accountId: number }[] {
  return db.prepare('SELECT key_name AS keyName, account_id AS accountId FROM key_grants').all() as {
    keyName: OfficeKeyName;
    accountId: number;
  }[];
}

export function deleteGrant(db: Db, keyName: OfficeKeyName, accountId: number): void {
  db.prepare('DELETE FROM key_grants WHERE key_name = ? AND account_id = ?').run(keyName, accountId);
}

/**
 * Who should hold a person's key besides the readers (docs/sealed-data.md): the person's own
 * enabled account and, for the self-report, the enabled evaluator accounts of their 調整者 on the
 * assignments in force today in their latest year. One query for the whole office, or one person.
 */
export function wantedPersonGrants(
  db: Db,
  domain: SealDomain,
  today: string,
  staffId: number | null = null,
): { staffId: number; accountId: number; publicKey: Buffer }[] {
  const own = `SELECT a.staff_id AS staffId, a.id AS accountId, k.public_key AS publicKey
       FROM accounts a JOIN account_keys k ON k.account_id = a.id
       WHERE a.staff_id IS NOT NULL AND a.disabled = 0 AND (@staff IS NULL OR a.staff_id = @staff)`;
  const adjusters = `SELECT ea.staff_id AS staffId, a.id AS accountId, k.public_key AS publicKey
       FROM evaluator_assignments ea
       JOIN (SELECT staff_id, max(fy) AS fy FROM evaluator_assignments
             WHERE (@staff IS NULL OR staff_id = @staff) GROUP BY staff_id) l
         ON l.staff_id = ea.staff_id AND l.fy = ea.fy
       JOIN accounts a ON a.staff_id = ea.adjuster_id AND a.role = 'evaluator' AND a.disabled = 0
       JOIN account_keys k ON k.account_id = a.id
       WHERE (ea.effective_to IS NULL OR ea.effective_to >= @today) AND (@staff IS NULL OR ea.staff_id = @staff)`;
  const sql = domain === 'selfReport' ? `${own} UNION ${adjusters}` : own;
  return db.prepare(sql).all({ staff: staffId, today }) as { staffId: number; accountId: number; publicKey: Buffer }[];
}

/** The account wraps of person keys that exist (grantee > 0), for one domain. */
export function existingPersonGrants(db: Db, domain: SealDomain): { staffId: number; accountId: number }[] {
  return db
    .prepare('SELECT staff_id AS staffId, grantee AS accountId FROM person_keys WHERE domain = ? AND grantee > 0')
    .all(domain) as { staffId: number; accountId: number }[];
}

/** The people who have a key of this domain (a wrap for the readers). */
export function peopleWithKeys(db: Db, domain: SealDomain): Set<number> {
  const rows = db
    .prepare('SELECT staff_id AS staffId FROM person_keys WHERE domain = ? AND grantee = 0')
    .all(domain) as { staffId: number }[];
  return new Set(rows.map((r) => r.staffId));
}

// ---------- the sealed columns, for sealing an office's existing values (seal-office.ts) ----------

export function selfReportSections(
  db: Db,
): { id: number; fy: number; staffId: number; health: string; family: string }[] {
  return db
    .prepare('SELECT id, fy, staff_id AS staffId, health_note AS health, family_note AS family FROM self_reports')
    .all() as { id: number; fy: number; staffId: number; health: string; family: string }[];
}

export function putSelfReportSections(db: Db, id: number, health: string, family: string): void {
  db.prepare('UPDATE self_reports SET health_note = ?, family_note = ? WHERE id = ?').run(health, family, id);
}

export function applicationTexts(
  db: Db,
): { id: number; postingId: number; staffId: number; motivation: string; outcome: string }[] {
  return db
    .prepare(
      'SELECT id, posting_id AS postingId, staff_id AS staffId, motivation, outcome_note AS outcome FROM posting_applications',
    )
    .all() as { id: number; postingId: number; staffId: number; motivation: string; outcome: string }[];
}

export function putApplicationTexts(db: Db, id: number, motivation: string, outcome: string): void {
  db.prepare('UPDATE posting_applications SET motivation = ?, outcome_note = ? WHERE id = ?').run(
    motivation,
    outcome,
    id,
  );
}

/** Rebuilds the file (VACUUM: no free page keeps an old value) and empties the WAL. Outside any transaction. */
export function rebuildFile(db: Db): void {
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
}
