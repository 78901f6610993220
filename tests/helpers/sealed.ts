import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { AppContext } from '../../electron/core/api/context';
import { cipherSettings } from '../../electron/core/db/connection';
import type { Db } from '../../electron/core/db/connection';
import {
  keyringPath,
  readKeyring,
  unwrapDataKey,
  unwrapSlot,
  withSlot,
  writeKeyring,
} from '../../electron/core/db/keyring';
import { Keychain } from '../../electron/core/keys/keychain';
import { applicationField, selfReportField } from '../../electron/core/keys/sealed-fields';

/*
 * Sealed data seen from outside the app (docs/sealed-data.md): what someone holding the office file
 * and one account's password can read with better-sqlite3 alone, and the tools to turn a demo office
 * back into one made before sealed data.
 */

const root = path.resolve(__dirname, '../..');

function literals(file: string, field: string): string[] {
  const src = fs.readFileSync(path.join(root, file), 'utf8');
  const re = new RegExp(`${field}:\\s*'([^']+)'`, 'gu');
  return [...src.matchAll(re)].map((m) => m[1]!).filter((s) => s !== '');
}

/**
 * The demo's confidential texts, read from the demo generator's own source so that a change there
 * cannot leave this list behind: the self-reports' health and family sections and the 庁内公募
 * applications' motivations and outcome notes.
 */
export function knownConfidentialTexts(): { selfReport: string[]; postings: string[] } {
  const selfReport = [
    ...literals('electron/core/demo/demo-self-reports.ts', 'health'),
    ...literals('electron/core/demo/demo-self-reports.ts', 'family'),
  ];
  const postings = [
    ...literals('electron/core/demo/demo-postings.ts', 'motivation'),
    ...literals('electron/core/demo/demo-postings.ts', 'note'),
  ];
  if (selfReport.length < 2 || postings.length < 6) throw new Error('the demo confidential texts were not found');
  return { selfReport, postings };
}

/** The office key as a login's password unwraps it from the keyring, outside the app. */
export async function officeKeyOf(dbPath: string, login: string, password: string): Promise<Buffer> {
  const key = await unwrapDataKey(readKeyring(keyringPath(dbPath)), login, password);
  if (!key) throw new Error(`the password of ${login} does not open the keyring`);
  return key;
}

/** A login's account private key, from its own slot, outside the app (null: the slot holds none). */
export async function accountKeyOf(dbPath: string, login: string, password: string): Promise<Buffer | null> {
  const opened = await unwrapSlot(readKeyring(keyringPath(dbPath)), login, password);
  if (!opened) throw new Error(`the password of ${login} does not open the keyring`);
  return opened.accountKey;
}

function openEncrypted(file: string, key: Buffer): Database.Database {
  const db = new Database(file);
  db.pragma(`cipher='${cipherSettings.cipher}'`);
  db.pragma(`tcost=${cipherSettings.tcost}`);
  db.pragma(`mcost=${cipherSettings.mcost}`);
  db.pragma(`pcost=${cipherSettings.pcost}`);
  db.pragma(`hexkey='${key.toString('hex')}'`);
  db.prepare('SELECT count(*) FROM sqlite_master').get();
  return db;
}

/**
 * A plain SQLite copy of an encrypted database file (with its WAL, when `withWal` and one exists),
 * made as someone with the office key would: the copy opened with the app's cipher settings, taken
 * out of WAL mode (rekey is refused in WAL mode), then rekeyed to no key. Every page is rewritten in
 * the clear, free pages too, so the copy's raw bytes are what the file holds.
 */
export function decryptedCopy(file: string, key: Buffer, dest: string, withWal = true): string {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(dest + suffix, { force: true });
  fs.copyFileSync(file, dest);
  if (withWal && fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${dest}-wal`);
  const db = openEncrypted(dest, key);
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma("rekey=''");
  } finally {
    db.close();
  }
  const head = fs.readFileSync(dest).subarray(0, 16).toString('latin1');
  if (head !== 'SQLite format 3\0') throw new Error(`${dest} did not come out as a plain SQLite file`);
  return dest;
}

/** The known texts found in a file's raw bytes (read as UTF-8 and as UTF-16LE). */
export function textsIn(file: string, texts: readonly string[]): string[] {
  const buf = fs.readFileSync(file);
  return texts.filter((t) => buf.includes(Buffer.from(t, 'utf8')) || buf.includes(Buffer.from(t, 'utf16le')));
}

/** A plain copy opened with better-sqlite3 (no key), as the key tables are read outside the app. */
export function openPlain(file: string): Db {
  return new Database(file, { readonly: true });
}

export type Readable = {
  /** Self-report sections (health and family of one report each count once per report) this key opens. */
  reports: { staffId: number; fy: number }[];
  applications: { staffId: number; id: number }[];
};

/**
 * Which sealed values one account's private key opens through the key tables, outside the app: its
 * keychain as a login would build it (grants, then person keys), tried on every stored value.
 */
export function readableWith(db: Db, accountId: number, accountKey: Buffer | null): Readable {
  const keys = Keychain.open(db, accountId, accountKey);
  const out: Readable = { reports: [], applications: [] };
  const reports = db
    .prepare('SELECT fy, staff_id AS staffId, health_note AS health, family_note AS family FROM self_reports')
    .all() as { fy: number; staffId: number; health: string; family: string }[];
  for (const r of reports) {
    const h = keys.open(db, selfReportField(r.staffId, r.fy, 'health'), r.health);
    const f = keys.open(db, selfReportField(r.staffId, r.fy, 'family'), r.family);
    if (h !== null && f !== null) out.reports.push({ staffId: r.staffId, fy: r.fy });
  }
  const apps = db
    .prepare(
      'SELECT id, posting_id AS postingId, staff_id AS staffId, motivation, outcome_note AS outcome FROM posting_applications',
    )
    .all() as { id: number; postingId: number; staffId: number; motivation: string; outcome: string }[];
  for (const a of apps) {
    const m = keys.open(db, applicationField(a.staffId, a.postingId, 'motivation'), a.motivation);
    const o = keys.open(db, applicationField(a.staffId, a.postingId, 'outcome'), a.outcome);
    if (m !== null && o !== null) out.applications.push({ staffId: a.staffId, id: a.id });
  }
  keys.wipe();
  return out;
}

/**
 * Turns a sealed office back into one made before sealed data, through an HR login's open office:
 * every sealed value opened with HR's keys and written back plain, the key tables and the office
 * public keys emptied, and every keyring slot written again without its account key (`logins`, all
 * with `password`). The HR context is ended; log in again to use the office.
 */
export async function unsealOffice(hr: AppContext, logins: readonly string[], password: string): Promise<void> {
  const office = hr.office;
  const keys = hr.session?.keys;
  if (!office || !keys) throw new Error('unsealOffice needs an HR login');
  const db = office.db;
  db.transaction(() => {
    const reports = db
      .prepare('SELECT id, fy, staff_id AS staffId, health_note AS health, family_note AS family FROM self_reports')
      .all() as { id: number; fy: number; staffId: number; health: string; family: string }[];
    const putReport = db.prepare('UPDATE self_reports SET health_note = ?, family_note = ? WHERE id = ?');
    for (const r of reports) {
      const h = keys.open(db, selfReportField(r.staffId, r.fy, 'health'), r.health);
      const f = keys.open(db, selfReportField(r.staffId, r.fy, 'family'), r.family);
      if (h === null || f === null) throw new Error(`HR cannot open the self-report ${r.id}`);
      putReport.run(h, f, r.id);
    }
    const apps = db
      .prepare(
        'SELECT id, posting_id AS postingId, staff_id AS staffId, motivation, outcome_note AS outcome FROM posting_applications',
      )
      .all() as { id: number; postingId: number; staffId: number; motivation: string; outcome: string }[];
    const putApp = db.prepare('UPDATE posting_applications SET motivation = ?, outcome_note = ? WHERE id = ?');
    for (const a of apps) {
      const m = keys.open(db, applicationField(a.staffId, a.postingId, 'motivation'), a.motivation);
      const o = keys.open(db, applicationField(a.staffId, a.postingId, 'outcome'), a.outcome);
      if (m === null || o === null) throw new Error(`HR cannot open the application ${a.id}`);
      putApp.run(m, o, a.id);
    }
    db.exec(
      "DELETE FROM account_keys; DELETE FROM key_grants; DELETE FROM person_keys; DELETE FROM meta WHERE key LIKE 'key.%.public'",
    );
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const dataKey = Buffer.from(office.dataKey);
  hr.end();
  const file = keyringPath(office.dbPath);
  let k = readKeyring(file);
  for (const login of logins) k = await withSlot(k, login, password, dataKey);
  writeKeyring(file, k);
  dataKey.fill(0);
}
