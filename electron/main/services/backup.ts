import fs from 'node:fs';
import path from 'node:path';
import type { BackupRow, VerifyReport } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import { openDatabase } from '../db/connection';
import { classifyStorageError } from '../db/errors';
import type { Db } from '../db/connection';
import { keyringPath, normaliseLogin, readKeyring, unwrapDataKey } from '../db/keyring';
import { findAccountByLogin } from '../db/repos/accounts';
import { appendAudit, verifyAudit } from '../db/repos/audit';
import type { Actor } from '../db/repos/audit';
import { authFailedMessage } from './office';
import type { Office } from './office';

/** SQLite's own structure check, foreign keys, and the audit chain. */
export function verifyDatabase(db: Db): VerifyReport {
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  const problems =
    integrity.length === 1 && integrity[0] === 'ok' ? [] : integrity.map((m) => `データベース構造: ${m}`);
  const fk = db.pragma('foreign_key_check') as { table: string; rowid: number }[];
  for (const f of fk) problems.push(`参照整合性: ${f.table} の行 ${f.rowid} が存在しない行を参照しています。`);
  const audit = verifyAudit(db);
  return { ok: problems.length === 0 && audit.ok, integrity: problems, audit };
}

/** Best-effort cleanup: a path under an unwritable or missing folder is simply left alone. */
function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // nothing was written there
  }
}

export function backupsDir(dbPath: string): string {
  return path.join(path.dirname(dbPath), 'backups');
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/**
 * Writes an encrypted copy (VACUUM INTO keeps the cipher and key) and the keyring beside it, so the
 * copy opens with the same accounts' passwords. The online backup API refuses encrypted databases.
 */
export function backupTo(office: Office, outPath: string, actor: Actor): BackupRow {
  const target = path.resolve(outPath);
  if (target === path.resolve(office.dbPath))
    throw new AppError('VALIDATION', 'バックアップ先に元のデータベースは指定できません。');
  if (fs.existsSync(target)) throw new AppError('VALIDATION', `バックアップ先のファイルが既にあります: ${target}`);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    office.db.prepare('VACUUM INTO ?').run(target);
    fs.copyFileSync(keyringPath(office.dbPath), keyringPath(target));
  } catch (e) {
    removeQuietly(target);
    removeQuietly(keyringPath(target));
    if (e instanceof AppError) throw e;
    throw new AppError(
      'IO',
      `バックアップを書き込めません: ${target}。ディスクの空き容量や書き込み権限を確認してください。`,
    );
  }
  office.db.transaction(() => {
    appendAudit(office.db, actor, { action: 'backup.create', entity: 'backup', entityId: path.basename(target) });
  })();
  const st = fs.statSync(target);
  return { file: target, createdAt: st.mtime.toISOString(), bytes: st.size };
}

export function listBackups(dbPath: string): BackupRow[] {
  const dir = backupsDir(dbPath);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^kaname-\d{8}-\d{6}\.db$/u.test(f))
    .map((f) => {
      const st = fs.statSync(path.join(dir, f));
      return { file: path.join(dir, f), createdAt: st.mtime.toISOString(), bytes: st.size };
    })
    .sort((a, b) => b.file.localeCompare(a.file));
}

/** A timestamped copy in the backups folder; keeps the newest `keep` copies. */
export function rotatingBackup(office: Office, actor: Actor, keep = 10): BackupRow {
  const dir = backupsDir(office.dbPath);
  let name = path.join(dir, `kaname-${stamp(new Date())}.db`);
  for (let i = 1; fs.existsSync(name); i += 1)
    name = path.join(dir, `kaname-${stamp(new Date(Date.now() + i * 1000))}.db`);
  const row = backupTo(office, name, actor);
  for (const old of listBackups(office.dbPath).slice(keep)) {
    fs.rmSync(old.file, { force: true });
    fs.rmSync(keyringPath(old.file), { force: true });
  }
  return row;
}

/** Daily automatic backup: made at login or exit when the newest copy is older than a day. */
export function backupIfDue(office: Office, actor: Actor): BackupRow | null {
  const newest = listBackups(office.dbPath)[0];
  if (newest && Date.now() - Date.parse(newest.createdAt) < 24 * 3600 * 1000) return null;
  return rotatingBackup(office, actor);
}

/**
 * Replaces the database with a backup copy after checking it: an HR account of the copy must
 * unlock it, and its structure and audit chain must verify. The replaced files are kept aside.
 */
export async function restoreFrom(
  fromPath: string,
  dbPath: string,
  login: string,
  password: string,
): Promise<{ report: VerifyReport; keptAs: string | null }> {
  if (!fs.existsSync(fromPath)) throw new AppError('DB_MISSING', `バックアップファイルがありません: ${fromPath}`);
  const keys = readKeyring(keyringPath(fromPath));
  const key = await unwrapDataKey(keys, login, password);
  if (!key) throw new AppError('AUTH_FAILED', authFailedMessage);
  const copy = openDatabase(fromPath, key, { create: false, migrate: false });
  let report: VerifyReport;
  try {
    const account = findAccountByLogin(copy, normaliseLogin(login));
    if (!account || account.disabled) throw new AppError('AUTH_FAILED', authFailedMessage);
    if (account.role !== 'hr') throw new AppError('FORBIDDEN', '復元できるのは人事担当のアカウントだけです。');
    report = verifyDatabase(copy);
  } catch (e) {
    // A damaged page may first show here, as a raw SQLite error: the copy is rejected.
    throw classifyStorageError(e);
  } finally {
    copy.close();
  }
  if (!report.ok) {
    throw new AppError(
      'DB_CORRUPT',
      `バックアップの検証に失敗したため復元しませんでした: ${[...report.integrity, ...report.audit.problems].join(' ')}`,
    );
  }
  let keptAs: string | null = null;
  const tmp = `${dbPath}.restoring`;
  try {
    fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
    fs.copyFileSync(fromPath, tmp);
    if (fs.existsSync(dbPath)) {
      keptAs = `${dbPath}.before-restore-${stamp(new Date())}`;
      for (const suffix of ['', '-wal', '-shm']) {
        if (fs.existsSync(dbPath + suffix)) fs.renameSync(dbPath + suffix, keptAs + suffix);
      }
      if (fs.existsSync(keyringPath(dbPath))) fs.copyFileSync(keyringPath(dbPath), keyringPath(keptAs));
    }
    fs.renameSync(tmp, dbPath);
    fs.copyFileSync(keyringPath(fromPath), keyringPath(dbPath));
  } catch {
    removeQuietly(tmp);
    throw new AppError('IO', '復元先に書き込めません。ディスクの空き容量や書き込み権限を確認してください。');
  }
  return { report, keptAs };
}
