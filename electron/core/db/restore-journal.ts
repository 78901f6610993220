import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/result';
import { fsyncDir, fsyncFile, writeFileAtomic } from './durable';
import { keyringPath } from './keyring';

/**
 * Restoring replaces two files (the database and its keyring) and moves the old ones, with their
 * WAL companions, aside. No single rename does that, so the swap is journalled (docs/backup-and-restore.md):
 *
 *   1. the verified copy is staged beside the target (`<db>.restoring`), flushed;
 *   2. its keyring is staged beside it (`<db>.restoring.keys`), flushed;
 *   3. the journal (`<db>.restore-journal.json`) lists the renames to come — written atomically;
 *   4–8. the old database's -wal, -shm, -journal, the database and its keyring move aside;
 *   9–10. the staged database, then the staged keyring, take their places;
 *   11. the journal is removed.
 *
 * A process killed before step 3 leaves the old office untouched (the staged files are ignored and
 * replaced by the next restore). Killed after it, the next open finishes the renames, which are
 * each skipped once done, so the new office appears complete; if the staged files are gone, it puts
 * the old files back instead. Either way the database and the keyring beside it belong together,
 * and no -wal of the old database is ever left beside the new one.
 */

export type RestoreHooks = {
  /** Called after each numbered step has reached the disk: lets tests interrupt the restore there. */
  afterStep?: (step: number) => void;
};

/** The number of steps above, for tests and reports. */
export const restoreStepCount = 11;

/** The old database's companions move with it: a -wal or hot -journal beside the new file would corrupt it. */
const companions = ['-wal', '-shm', '-journal'] as const;

export function restoreJournalPath(dbPath: string): string {
  return `${dbPath}.restore-journal.json`;
}

export function stagedDbPath(dbPath: string): string {
  return `${dbPath}.restoring`;
}

const baseName = z
  .string()
  .min(1)
  .refine((s) => s === path.basename(s) && s !== '.' && s !== '..', 'not a plain file name');

const JournalSchema = z.object({
  format: z.literal('kaname-restore-journal'),
  version: z.literal(1),
  startedAt: z.string(),
  /** The name the replaced database was moved to, or null when there was none. */
  keptAs: baseName.nullable(),
  /** Renames in order, as names inside the database's folder (the folder may be mounted elsewhere later). */
  renames: z.array(z.object({ from: baseName, to: baseName })),
});

type Journal = z.infer<typeof JournalSchema>;

/** The journal is whole or absent. */
function writeJournal(file: string, journal: Journal): void {
  writeFileAtomic(file, JSON.stringify(journal, null, 1));
}

/**
 * Renames unless already done. Done means: the source is gone, or the destination is taken (the
 * old database moved aside, then the new one arrived under the source's name). Another process
 * replaying the same journal at the same time may win the race; that is the same outcome.
 */
function renameIfPending(dir: string, from: string, to: string): void {
  const src = path.join(dir, from);
  const dst = path.join(dir, to);
  if (!fs.existsSync(src) || fs.existsSync(dst)) return;
  try {
    fs.renameSync(src, dst);
  } catch (e) {
    if (fs.existsSync(dst) && !fs.existsSync(src)) return;
    throw e;
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // left for the next restore to replace
  }
}

/** Removes what an earlier restore killed before its journal left behind (never installed). */
function removeStaged(dbPath: string): void {
  const staged = stagedDbPath(dbPath);
  for (const f of [staged, `${staged}-journal`, `${staged}-wal`, `${staged}-shm`, keyringPath(staged)])
    removeQuietly(f);
}

/** A name for the replaced files that nothing uses yet, with or without a companion suffix. */
function freeKeptName(wanted: string): string {
  const taken = (p: string) => [p, ...companions.map((s) => p + s), keyringPath(p)].some((f) => fs.existsSync(f));
  let name = wanted;
  for (let i = 2; taken(name); i += 1) name = `${wanted}-${i}`;
  return name;
}

function plannedRenames(dbPath: string, keptAs: string | null): Journal['renames'] {
  const base = path.basename(dbPath);
  const staged = path.basename(stagedDbPath(dbPath));
  const aside =
    keptAs === null
      ? []
      : [
          ...companions.map((s) => ({ from: base + s, to: keptAs + s })),
          { from: base, to: keptAs },
          { from: path.basename(keyringPath(dbPath)), to: path.basename(keyringPath(keptAs)) },
        ];
  return [
    ...aside,
    { from: staged, to: base },
    { from: path.basename(keyringPath(stagedDbPath(dbPath))), to: path.basename(keyringPath(dbPath)) },
  ];
}

/** Undoes the renames that happened, newest first: the old office returns to its place. */
function rollBack(dir: string, renames: Journal['renames']): void {
  for (const r of [...renames].reverse()) renameIfPending(dir, r.to, r.from);
}

/**
 * Puts a verified copy in place of the database at `dbPath`. `writeCopy` writes the copy to the
 * path it is given; `keysFrom` is the copy's keyring. Returns the path the replaced database was
 * moved to (with its -wal/-shm and keyring beside it), or null when there was none.
 */
export function installRestore(
  dbPath: string,
  writeCopy: (to: string) => void,
  keysFrom: string,
  keepAs: string,
  hooks: RestoreHooks = {},
): string | null {
  const dir = path.dirname(dbPath);
  const staged = stagedDbPath(dbPath);
  const journalFile = restoreJournalPath(dbPath);
  let step = 0;
  const done = (): void => {
    step += 1;
    hooks.afterStep?.(step);
  };

  fs.mkdirSync(dir, { recursive: true });
  removeStaged(dbPath);
  try {
    writeCopy(staged);
    fsyncFile(staged);
    done();
    fs.copyFileSync(keysFrom, keyringPath(staged));
    fsyncFile(keyringPath(staged));
    fsyncDir(dir);
    done();
  } catch (e) {
    removeStaged(dbPath);
    throw e;
  }

  const hadOld = fs.existsSync(dbPath) || fs.existsSync(keyringPath(dbPath));
  const keptAs = hadOld ? freeKeptName(keepAs) : null;
  const journal: Journal = {
    format: 'kaname-restore-journal',
    version: 1,
    startedAt: new Date().toISOString(),
    keptAs: keptAs === null ? null : path.basename(keptAs),
    renames: plannedRenames(dbPath, keptAs === null ? null : path.basename(keptAs)),
  };
  try {
    writeJournal(journalFile, journal);
  } catch (e) {
    removeStaged(dbPath);
    throw e;
  }

  try {
    done();
    if (journal.renames.length === 2) {
      // Nothing to move aside: steps 4–8 are empty, counted so that every restore has the same steps.
      for (let i = 0; i < 5; i += 1) done();
    }
    for (const r of journal.renames) {
      renameIfPending(dir, r.from, r.to);
      fsyncDir(dir);
      done();
    }
    // force: a recovering process may have finished the renames and removed the journal first.
    fs.rmSync(journalFile, { force: true });
    fsyncDir(dir);
  } catch (e) {
    // Put the old office back now; if even that fails, the journal stays and the next open finishes.
    try {
      rollBack(dir, journal.renames);
      fsyncDir(dir);
      fs.rmSync(journalFile, { force: true });
      fsyncDir(dir);
      removeStaged(dbPath);
    } catch {
      // the journal is still there
    }
    throw e;
  }
  done();
  return keptAs;
}

export type RecoveryOutcome = 'none' | 'finished' | 'rolled-back';

/**
 * Finishes a restore that was interrupted during its swap, before anything opens or reads the
 * office. Cheap when there is nothing to do (one existence check).
 */
export function recoverInterruptedRestore(dbPath: string): RecoveryOutcome {
  const journalFile = restoreJournalPath(dbPath);
  let text: string;
  try {
    text = fs.readFileSync(journalFile, 'utf8');
  } catch {
    return 'none';
  }
  let parsed: ReturnType<typeof JournalSchema.safeParse>;
  try {
    parsed = JournalSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = JournalSchema.safeParse(null);
  }
  if (!parsed.success) {
    throw new AppError(
      'DB_CORRUPT',
      `中断した復元の記録（${journalFile}）が壊れているため、データベースを開けません。同じフォルダの .before-restore- と .restoring のファイルを確認してください。`,
    );
  }
  const journal = parsed.data;
  const dir = path.dirname(dbPath);
  let outcome: RecoveryOutcome = 'finished';
  try {
    for (const r of journal.renames) renameIfPending(dir, r.from, r.to);
    if (!fs.existsSync(dbPath) || !fs.existsSync(keyringPath(dbPath))) {
      // The staged copy is gone: the new office cannot be completed, so the old one comes back.
      rollBack(dir, journal.renames);
      outcome = 'rolled-back';
    }
    fsyncDir(dir);
    fs.rmSync(journalFile, { force: true });
    fsyncDir(dir);
  } catch {
    throw new AppError(
      'IO',
      `中断した復元を完了できません。保存先（${dir}）に書き込めるか確認してから、もう一度開いてください。`,
    );
  }
  return outcome;
}
