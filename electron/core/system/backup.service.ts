import fs from 'node:fs';
import path from 'node:path';
import type { BackupRow, VerifyReport } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import { openDatabase, storageProblem } from '../db/connection';
import { classifyStorageError } from '../db/errors';
import type { Db } from '../db/connection';
import { keyringPath, normaliseLogin, readKeyring, unwrapDataKey } from '../db/keyring';
import { withKeyringLock } from '../db/keyring-lock';
import { fsyncDir, fsyncFile } from '../db/durable';
import { foreignKeyViolations, integrityCheck, vacuumInto } from '../db/maintenance';
import { installRestore, recoverInterruptedRestore } from '../db/restore-journal';
import type { RestoreHooks } from '../db/restore-journal';
import { findAccountByLogin } from '../office/accounts.repo';
import type { Keychain } from '../keys/keychain';
import { appendAudit, walkAudit } from './audit.repo';
import type { Actor } from './audit.repo';
import {
  appendCheckpoint,
  checkHead,
  checkpointMarks,
  checkpointNotes,
  latestSignedHead,
  verifyCheckpoints,
} from './checkpoints';
import { authFailedMessage } from '../office/office.service';
import type { Office } from '../office/office.service';

export type VerifyOptions = {
  /** The verifying HR account's own signing private key: the stored public key must be its half. */
  ownSigningKey?: Buffer | null;
  /** A head written down outside the file (`--expect-head N:HASH`). */
  expectHead?: { entries: number; head: string } | undefined;
};

/**
 * SQLite's own structure check, foreign keys, the audit chain, and its signed checkpoints and an
 * anchored head (docs/audit-checkpoints.md).
 */
export function verifyDatabase(db: Db, options: VerifyOptions = {}): VerifyReport {
  const integrity = integrityCheck(db);
  const problems =
    integrity.length === 1 && integrity[0] === 'ok' ? [] : integrity.map((m) => `データベース構造: ${m}`);
  const fk = foreignKeyViolations(db);
  for (const f of fk) problems.push(`参照整合性: ${f.table} の行 ${f.rowid} が存在しない行を参照しています。`);
  const storage = storageProblem(db);
  if (storage !== null) problems.push(`作業ファイル: ${storage}`);
  const marks = checkpointMarks(db);
  if (options.expectHead) marks.add(options.expectHead.entries);
  const walk = walkAudit(db, marks);
  const audit = walk.verify;
  const signed = verifyCheckpoints(db, walk, options.ownSigningKey ?? null);
  const expectHead = options.expectHead ? checkHead(walk, options.expectHead) : undefined;
  return {
    ok: problems.length === 0 && audit.ok && signed.checkpoints.ok && (expectHead?.ok ?? true),
    integrity: problems,
    audit,
    ...signed,
    ...(expectHead ? { expectHead } : {}),
    notes: checkpointNotes(signed),
  };
}

/** Every problem of a report, in the order it prints them. */
export function reportProblems(report: VerifyReport): string[] {
  return [
    ...report.integrity,
    ...report.audit.problems,
    ...(report.checkpoints?.problems ?? []),
    ...(report.expectHead?.problems ?? []),
  ];
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

/** Where a backup file is written before it is complete: same folder, so the rename is atomic. */
function partialName(file: string): string {
  return `${file}.${process.pid}.partial`;
}

const partialPattern = /\.(\d+)\.partial(?:-journal)?$/u;

function processAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type BackupHooks = {
  /** Called after each file operation of the copy: lets tests interrupt a backup there. */
  afterStep?: (step: number) => void;
};

/**
 * Writes an encrypted copy (VACUUM INTO keeps the cipher and key) and the keyring beside it, so the
 * copy opens with the same accounts' passwords. The online backup API refuses encrypted databases.
 * Both are written under temporary names and renamed when complete, the keyring first: a file
 * under the backup's name is always a whole copy with its keyring (docs/backup-and-restore.md).
 */
/**
 * Who makes a backup: an actor, or a session's actor and keys. A login that holds the signing key
 * (HR) signs the chain's head first, so the copy carries it (docs/audit-checkpoints.md).
 */
export type BackupBy = Actor | { actor: Actor; keys: Keychain };

export function backupTo(office: Office, outPath: string, by: BackupBy, hooks: BackupHooks = {}): BackupRow {
  const actor = 'keys' in by ? by.actor : by;
  const target = path.resolve(outPath);
  if (target === path.resolve(office.dbPath))
    throw new AppError('VALIDATION', 'バックアップ先に元のデータベースは指定できません。');
  if (fs.existsSync(target)) throw new AppError('VALIDATION', `バックアップ先のファイルが既にあります: ${target}`);
  const dir = path.dirname(target);
  const dbTmp = partialName(target);
  const keysTmp = partialName(keyringPath(target));
  let step = 0;
  const done = (): void => {
    step += 1;
    hooks.afterStep?.(step);
  };
  let keysPlaced = false;
  const signed = 'keys' in by ? appendCheckpoint(office.db, by.keys, actor, 'backup') : null;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(keyringPath(office.dbPath), keysTmp);
    fsyncFile(keysTmp);
    done();
    vacuumInto(office.db, dbTmp);
    fsyncFile(dbTmp);
    done();
    fs.renameSync(keysTmp, keyringPath(target));
    keysPlaced = true;
    done();
    fs.renameSync(dbTmp, target);
    fsyncDir(dir);
    done();
  } catch (e) {
    for (const f of [dbTmp, `${dbTmp}-journal`, keysTmp]) removeQuietly(f);
    if (keysPlaced && !fs.existsSync(target)) removeQuietly(keyringPath(target));
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
  return {
    file: target,
    createdAt: st.mtime.toISOString(),
    bytes: st.size,
    checkpoint: signed ?? latestSignedHead(office.db),
  };
}

const backupName = /^kaname-\d{8}-\d{6}\.db$/u;

/** The backups in the folder, newest first: only whole copies, each with its keyring. */
export function listBackups(dbPath: string): BackupRow[] {
  const dir = backupsDir(dbPath);
  if (!fs.existsSync(dir)) return [];
  const names = new Set(fs.readdirSync(dir));
  return [...names]
    .filter((f) => backupName.test(f) && names.has(path.basename(keyringPath(f))) && !names.has(`${f}-journal`))
    .map((f) => {
      const st = fs.statSync(path.join(dir, f));
      return { file: path.join(dir, f), createdAt: st.mtime.toISOString(), bytes: st.size };
    })
    .sort((a, b) => b.file.localeCompare(a.file));
}

/**
 * Removes what an interrupted backup left in the backups folder: temporary files (unless their
 * process still runs), a copy without its keyring or beside a -journal (killed during the copy, by
 * this version or an earlier one), and a keyring whose copy is gone.
 */
function removeIncompleteBackups(dir: string): void {
  if (!fs.existsSync(dir)) return;
  const names = new Set(fs.readdirSync(dir));
  for (const f of names) {
    const partial = f.match(partialPattern);
    if (partial) {
      if (!processAlive(Number(partial[1]))) removeQuietly(path.join(dir, f));
    } else if (backupName.test(f)) {
      if (!names.has(path.basename(keyringPath(f))) || names.has(`${f}-journal`)) {
        removeQuietly(path.join(dir, f));
        removeQuietly(path.join(dir, `${f}-journal`));
      }
    } else if (f.endsWith('.db-journal') && backupName.test(f.slice(0, -'-journal'.length))) {
      removeQuietly(path.join(dir, f));
      removeQuietly(path.join(dir, f.slice(0, -'-journal'.length)));
    } else if (f.endsWith('.keys') && backupName.test(f.slice(0, -'.keys'.length))) {
      if (!names.has(f.slice(0, -'.keys'.length))) removeQuietly(path.join(dir, f));
    }
  }
}

/** A timestamped copy in the backups folder; keeps the newest `keep` copies. */
export function rotatingBackup(office: Office, by: BackupBy, keep = 10, hooks: BackupHooks = {}): BackupRow {
  const dir = backupsDir(office.dbPath);
  removeIncompleteBackups(dir);
  let name = path.join(dir, `kaname-${stamp(new Date())}.db`);
  for (let i = 1; fs.existsSync(name) || fs.existsSync(keyringPath(name)); i += 1)
    name = path.join(dir, `kaname-${stamp(new Date(Date.now() + i * 1000))}.db`);
  const row = backupTo(office, name, by, hooks);
  for (const old of listBackups(office.dbPath).slice(keep)) {
    // The copy first: a listed backup always has its keyring.
    fs.rmSync(old.file, { force: true });
    fs.rmSync(keyringPath(old.file), { force: true });
  }
  return row;
}

/** Daily automatic backup: made at login or exit when the newest copy is older than a day. */
export function backupIfDue(office: Office, by: BackupBy): BackupRow | null {
  const newest = listBackups(office.dbPath)[0];
  if (newest && Date.now() - Date.parse(newest.createdAt) < 24 * 3600 * 1000) return null;
  return rotatingBackup(office, by);
}

/**
 * Replaces the database with a backup copy after checking it: an HR account of the copy must
 * unlock it, and its structure and audit chain must verify. The copy is only read (it may be on
 * read-only media); the verified contents are staged beside the database and swapped in through a
 * journal, so that a restore killed at any instant leaves the old office or the new one, each with
 * its keyring (restore-journal.ts). The replaced files are kept aside.
 */
export async function restoreFrom(
  fromPath: string,
  dbPath: string,
  login: string,
  password: string,
  hooks: RestoreHooks = {},
): Promise<{ report: VerifyReport; keptAs: string | null }> {
  recoverInterruptedRestore(dbPath);
  if (!fs.existsSync(fromPath)) throw new AppError('DB_MISSING', `バックアップファイルがありません: ${fromPath}`);
  const keys = readKeyring(keyringPath(fromPath));
  const key = await unwrapDataKey(keys, login, password);
  if (!key) throw new AppError('AUTH_FAILED', authFailedMessage);
  // A read-only connection in a writable folder may create an empty -wal/-shm beside the copy.
  const companionsBefore = ['-wal', '-shm'].filter((s) => fs.existsSync(fromPath + s));
  let copy: Db;
  try {
    copy = openDatabase(fromPath, key, { create: false, migrate: false, readonly: true });
  } catch (e) {
    throw unreadableSource(e, fromPath);
  }
  let keptAs: string | null = null;
  let report: VerifyReport;
  try {
    try {
      const account = findAccountByLogin(copy, normaliseLogin(login));
      if (!account || account.disabled) throw new AppError('AUTH_FAILED', authFailedMessage);
      if (account.role !== 'hr') throw new AppError('FORBIDDEN', '復元できるのは人事担当のアカウントだけです。');
      report = verifyDatabase(copy);
    } catch (e) {
      // A damaged page may first show here, as a raw SQLite error: the copy is rejected.
      throw classifyStorageError(e);
    }
    if (!report.ok) {
      throw new AppError(
        'DB_CORRUPT',
        `バックアップの検証に失敗したため復元しませんでした: ${reportProblems(report).join(' ')}`,
      );
    }
    const verified = copy;
    try {
      // The staged file is written from the verified connection, so it holds exactly what was
      // checked, including anything still in the copy's own -wal.
      fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
      // Holding the keyring's lock: a login's failure count written by the running app meanwhile
      // would otherwise put the old keyring back beside the new database.
      keptAs = await withKeyringLock(keyringPath(dbPath), () =>
        installRestore(
          dbPath,
          (to) => vacuumInto(verified, to),
          keyringPath(fromPath),
          `${dbPath}.before-restore-${stamp(new Date())}`,
          hooks,
        ),
      );
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError(
        'IO',
        `復元先（${path.dirname(path.resolve(dbPath))}）に書き込めません。ディスクの空き容量や書き込み権限を確認してください。`,
      );
    }
  } finally {
    copy.close();
    removeCreatedCompanions(fromPath, companionsBefore);
  }
  return { report, keptAs };
}

/** Removes an empty -wal and its -shm that opening the copy created (never ones that were there). */
function removeCreatedCompanions(fromPath: string, before: string[]): void {
  if (before.length > 0) return;
  try {
    if (fs.existsSync(`${fromPath}-wal`) && fs.statSync(`${fromPath}-wal`).size > 0) return;
  } catch {
    return;
  }
  removeQuietly(`${fromPath}-wal`);
  removeQuietly(`${fromPath}-shm`);
}

/** Why the copy could not be opened for reading: said of the copy, never as a disk-space problem. */
function unreadableSource(e: unknown, fromPath: string): AppError {
  if (e instanceof AppError && e.code !== 'IO') return e;
  if (isWalFormat(fromPath)) {
    // SQLite must create a -shm beside a WAL-format file to read it, which read-only media refuse.
    return new AppError(
      'IO',
      `バックアップファイル（${fromPath}）を読み取れません。使用中のデータベースの形式（WAL）のため、読み取り専用の場所からは開けません。書き込みできるフォルダにコピーしてから復元してください。`,
    );
  }
  return new AppError('IO', `バックアップファイル（${fromPath}）を読み取れません。読み取りの権限を確認してください。`);
}

/** Byte 18 of the header is 2 for a database in WAL mode (and readable before the key is set). */
function isWalFormat(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(20);
      return fs.readSync(fd, head, 0, 20, 0) === 20 && head[18] === 2;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}
