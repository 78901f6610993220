import { AppError } from '../../../shared/result';
import type { Db } from './connection';
import { latestVersion, migrations } from './migrations';
import type { Migration } from './migrations';

/** The registry must be strictly increasing: a reordered or duplicated version is a build error. */
export function assertMonotonic(list: readonly Migration[]): void {
  let previous = 0;
  for (const m of list) {
    if (m.version <= previous) throw new Error(`migration ${m.version} (${m.name}) is out of order`);
    previous = m.version;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every pending migration in one transaction; refuses a database from a newer Kaname. */
export function runMigrations(db: Db, list: readonly Migration[] = migrations): number {
  assertMonotonic(list);
  const current = schemaVersion(db);
  const latest = list === migrations ? latestVersion : (list[list.length - 1]?.version ?? 0);
  if (current > latest) {
    throw new AppError(
      'DB_NEWER',
      `このデータベースは新しいバージョンの要で作られています（形式 ${current}、このアプリは ${latest} まで）。アプリを更新してください。`,
    );
  }
  const pending = list.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  // SQLite's way to rebuild a table others refer to: foreign keys off around the transaction (the
  // pragma is ignored inside one), each such step checking the rows it copied (0160-staff-checks.ts).
  const keysOff = pending.some((m) => m.foreignKeysOff) && db.pragma('foreign_keys', { simple: true }) === 1;
  if (keysOff) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const m of pending) {
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      }
    })();
  } finally {
    if (keysOff) db.pragma('foreign_keys = ON');
  }
  return latest;
}
