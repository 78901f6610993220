import { AppError } from '../../../shared/result';

function sqliteCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const code: unknown = e.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** The write lock stayed taken past busy_timeout: another window, the CLI or a long import is writing. */
export const busyMessage =
  '別の操作（他の画面やコマンドによる取込など）がデータベースに書き込み中です。しばらく待ってからもう一度お試しください。';

/**
 * Turns a raw SQLite failure met anywhere (not only at open) into the user's message: damaged pages
 * read later, a full disk, a file that became read-only. Anything else passes through unchanged.
 */
export function classifyStorageError(e: unknown): unknown {
  if (e instanceof AppError) return e;
  const code = sqliteCode(e);
  if (code === undefined) return e;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError('BUSY', busyMessage);
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new AppError('DB_CORRUPT', 'データベースの一部が壊れています。バックアップから復元してください。');
  }
  if (
    code.startsWith('SQLITE_IOERR') ||
    code === 'SQLITE_FULL' ||
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN')
  ) {
    return new AppError('IO', 'データベースに書き込めません。ディスクの空き容量や書き込み権限を確認してください。');
  }
  return e;
}

export { sqliteCode };
