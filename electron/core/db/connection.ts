import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Database as Db } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/result';
import { sqliteCode } from './errors';
import { runMigrations } from './migrate';

export type { Db };

/**
 * The page cipher and its key-derivation settings. The data key is already 256 random bits,
 * so AEGIS's Argon2 step only needs to be cheap; aegis measured close to plain SQLite on inserts.
 */
export const cipherSettings = { cipher: 'aegis', tcost: 1, mcost: 64, pcost: 1 } as const;

/**
 * Where the native addon comes from when it is not node_modules' own build: the Electron dev run
 * (scripts/start.mjs) builds a copy for Electron's ABI and names it here, so that the CLI and
 * tests keep the Node build.
 */
function nativeOptions(): { nativeBinding?: string } {
  const binding = process.env['KANAME_NATIVE_BINDING'];
  return binding ? { nativeBinding: binding } : {};
}

const plainHeader = Buffer.from('SQLite format 3\0', 'latin1');

let cipherVersion: string | null = null;

/**
 * Refuse to run on a SQLite build without SQLite3MultipleCiphers: data would be written in clear.
 * Asked of an in-memory connection, because an encrypted file cannot be read before its key is set.
 */
export function assertCipherBuild(): string {
  if (cipherVersion !== null) return cipherVersion;
  try {
    const probe = new Database(':memory:', nativeOptions());
    try {
      const row = probe.prepare('SELECT sqlite3mc_version() AS v').get() as { v: string } | undefined;
      if (row?.v.startsWith('SQLite3 Multiple Ciphers') === true) {
        cipherVersion = row.v;
        return cipherVersion;
      }
    } finally {
      probe.close();
    }
  } catch {
    // falls through to the refusal below
  }
  throw new AppError(
    'DB_NO_CIPHER',
    '暗号化に対応した SQLite が見つかりません。データを保護できないため起動を中止しました。',
  );
}

function applyKey(db: Db, key: Buffer): void {
  if (key.length !== 32) throw new AppError('INTERNAL', 'データ鍵の長さが正しくありません。');
  db.pragma(`cipher='${cipherSettings.cipher}'`);
  db.pragma(`tcost=${cipherSettings.tcost}`);
  db.pragma(`mcost=${cipherSettings.mcost}`);
  db.pragma(`pcost=${cipherSettings.pcost}`);
  db.pragma(`hexkey='${key.toString('hex')}'`);
}

const walMessage =
  'データベースの作業ファイル（-wal）が削除されたか置き換えられました。それまでの変更はデータベースに書き込みましたが、' +
  'データを守るためこれ以上の変更は保存しません。アプリを終了して起動し直してください。';

type Guard = { wal: string; identity: string | null; broken: boolean };
const guards = new WeakMap<Db, Guard>();

function fileIdentity(file: string): string | null {
  try {
    const st = fs.statSync(file);
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

/**
 * The WAL file holds every save since the last checkpoint. If it is deleted or replaced while we
 * run, SQLite keeps writing to the unlinked file and the saves are lost when the process dies:
 * before each write we check it is still the file we wrote, and if not we checkpoint what the old
 * one holds into the database and refuse further writes.
 */
function checkWal(db: Db, guard: Guard): void {
  if (guard.broken) throw new AppError('IO', walMessage);
  if (guard.identity === null || fileIdentity(guard.wal) === guard.identity) return;
  guard.broken = true;
  try {
    db.pragma('wal_checkpoint(FULL)');
  } catch {
    // the refusal below stands either way
  }
  throw new AppError('IO', walMessage);
}

/** Why writes are refused on this connection, or null (shown by 整合性を検証). */
export function storageProblem(db: Db): string | null {
  const guard = guards.get(db);
  if (!guard) return null;
  if (!guard.broken && (guard.identity === null || fileIdentity(guard.wal) === guard.identity)) return null;
  return walMessage;
}

/**
 * Every transaction begins IMMEDIATE: Kaname's transactions write, and a deferred one that reads
 * first cannot wait for another writer when it upgrades (SQLITE_BUSY at once, despite
 * busy_timeout). Taking the write lock at BEGIN lets busy_timeout work. Nested calls still become
 * savepoints. Each outermost transaction also checks the WAL file first (checkWal).
 */
function guardWrites(db: Db, path: string): void {
  const guard: Guard = { wal: `${path}-wal`, identity: null, broken: false };
  guards.set(db, guard);
  const begin = db.transaction.bind(db);
  const transaction = (fn: (...args: unknown[]) => unknown) => {
    const inner = begin(fn);
    const run = (...args: unknown[]): unknown => {
      const outermost = !db.inTransaction;
      if (outermost) checkWal(db, guard);
      const result = inner.immediate(...args);
      if (outermost && guard.identity === null) guard.identity = fileIdentity(guard.wal);
      return result;
    };
    return Object.assign(run, {
      default: run,
      deferred: (...args: unknown[]) => inner.deferred(...args),
      immediate: run,
      exclusive: (...args: unknown[]) => inner.exclusive(...args),
      database: db,
    });
  };
  db.transaction = transaction as unknown as Db['transaction'];
}

/** `readonly`: only read the file (a backup on read-only media): no WAL switch, no migration. */
export type OpenOptions = { create: boolean; migrate?: boolean; readonly?: boolean };

/** Classifies a file that failed to open so that the user gets one clear message. */
export function describeUnreadable(path: string): AppError {
  try {
    const fd = fs.openSync(path, 'r');
    const head = Buffer.alloc(16);
    const n = fs.readSync(fd, head, 0, 16, 0);
    fs.closeSync(fd);
    if (n === 16 && head.equals(plainHeader)) {
      return new AppError(
        'DB_NOT_KANAME',
        'このファイルは暗号化されていない SQLite ファイルで、要のデータベースではありません。',
      );
    }
    if (n < 16) {
      return new AppError(
        'DB_CORRUPT',
        'データベースファイルが壊れています（内容が短すぎます）。バックアップから復元してください。',
      );
    }
  } catch {
    return new AppError('DB_MISSING', 'データベースファイルを読み込めません。');
  }
  return new AppError(
    'DB_CORRUPT',
    'データベースを開けません。ファイルが壊れているか、鍵ファイルと組み合わせが違います。バックアップから復元してください。',
  );
}

/**
 * Opens (or creates) the encrypted database with the raw data key. A wrong key only shows at the
 * first read (SQLITE_NOTADB), so the schema is read at once inside the guard.
 */
export function openDatabase(path: string, key: Buffer, options: OpenOptions): Db {
  if (!options.create && !fs.existsSync(path)) {
    throw new AppError('DB_MISSING', `データベースファイルがありません: ${path}`);
  }
  assertCipherBuild();
  let db: Db;
  try {
    db = new Database(path, {
      fileMustExist: !options.create || options.readonly === true,
      readonly: options.readonly === true,
      ...nativeOptions(),
    });
  } catch (e) {
    throw new AppError(
      'IO',
      `データベースファイルを開けません（${sqliteCode(e) ?? '入出力エラー'}）。保存先を確認してください。`,
    );
  }
  try {
    applyKey(db, key);
    // Before anything else touches the file, so that even the first read waits for a writer.
    db.pragma('busy_timeout = 5000');
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (e) {
      const code = sqliteCode(e);
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw describeUnreadable(path);
      throw e;
    }
    if (options.readonly !== true) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      guardWrites(db, path);
    }
    db.pragma('foreign_keys = ON');
    // A 64 MB page cache (SQLite's default is 2 MB): each page read from the file is decrypted, and
    // at a city's size a year's figures scan more than 2 MB, so with the default every scan decrypted
    // the same pages again (docs/city-scale.md). It grows only as pages are read.
    db.pragma('cache_size = -65536');
    if (options.migrate !== false && options.readonly !== true) runMigrations(db);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof AppError) throw e;
    const code = sqliteCode(e);
    if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_IOERR' || code === 'SQLITE_FULL') {
      throw new AppError('IO', 'データベースに書き込めません。ディスクの空き容量や書き込み権限を確認してください。');
    }
    throw e;
  }
}

/** Removes a database file and its WAL companions (used only when creation failed half-way). */
export function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    fs.rmSync(path + suffix, { force: true });
  }
}
