import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppContext } from '../../electron/core/api/context';
import { keyringPath, readKeyring, unwrapDataKey } from '../../electron/core/db/keyring';
import { openDatabase } from '../../electron/core/db/connection';
import { getMeta, setMeta } from '../../electron/core/db/meta.repo';
import {
  backupTo,
  listBackups,
  restoreFrom,
  rotatingBackup,
  verifyDatabase,
} from '../../electron/core/system/backup.service';
import { closeOffice, unlockOffice } from '../../electron/core/office/office.service';
import { AppError } from '../../shared/result';
import { hrPassword, newOffice, tempDir } from '../helpers/office';

/**
 * Issue 10, crash safety of restore and backup. A real child process runs a restore or a backup and
 * is killed with SIGKILL before each of its file operations (tests/helpers/crash-worker.ts); then
 * the office is opened the way the app and the CLI open it. It must open with the right password
 * and be entirely the old office or entirely the new one, its keyring matching its database.
 */

const worker = fileURLToPath(new URL('../helpers/crash-worker.ts', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/kaname.cjs', import.meta.url));
const system = { id: null, label: 'system' };

type Job = {
  mode: 'restore' | 'backup';
  dbPath: string;
  from?: string;
  killBefore: number | null;
  killAfterStep?: number;
};

function runWorker(job: Job): { status: number | null; signal: string | null; ops: number | null; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', worker, JSON.stringify({ login: 'hr', password: hrPassword, ...job })],
    { encoding: 'utf8' },
  );
  const line = r.stdout.trim().split('\n').pop() ?? '';
  const ops = line.startsWith('{') ? (JSON.parse(line) as { ops: number }).ops : null;
  return { status: r.status, signal: r.signal, ops, stderr: r.stderr };
}

let dir: string;
/** The office being replaced: its last change is still only in its -wal, as after a killed app. */
let oldSnapshot: string;
let oldId: string;
/** A backup of another office (its own data key and keyring): a mix of the two cannot open. */
let newBackup: string;
let newId: string;

beforeAll(async () => {
  dir = tempDir('kaname-restore-crash-');
  const made = await newOffice(dir, 'new.db');
  made.office.db.transaction(() => setMeta(made.office.db, 'marker', 'new'))();
  newId = getMeta(made.office.db, 'db_id')!;
  newBackup = path.join(dir, 'backups-elsewhere', 'copy.db');
  backupTo(made.office, newBackup, system);
  closeOffice(made.office);

  const old = await newOffice(dir, 'old.db');
  old.office.db.transaction(() => setMeta(old.office.db, 'marker', 'old-in-wal'))();
  oldId = getMeta(old.office.db, 'db_id')!;
  oldSnapshot = path.join(dir, 'old-snapshot', 'office.db');
  fs.mkdirSync(path.dirname(oldSnapshot));
  for (const s of ['', '-wal', '-shm', '.keys']) fs.copyFileSync(old.dbPath + s, oldSnapshot + s);
  closeOffice(old.office);
  expect(fs.statSync(`${oldSnapshot}-wal`).size).toBeGreaterThan(0);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

let runs = 0;

/** The old office, as the app left it (database, -wal, -shm, keyring), in a folder of its own. */
function freshOffice(): string {
  runs += 1;
  const dbPath = path.join(dir, `run-${runs}`, 'office.db');
  fs.mkdirSync(path.dirname(dbPath));
  for (const s of ['', '-wal', '-shm', '.keys']) fs.copyFileSync(oldSnapshot + s, dbPath + s);
  return dbPath;
}

/**
 * Opens the office as the app does (status, then login) and says which office it is. Throws when
 * it does not open, or when it is a mix: the keyring of one and the data of the other.
 */
async function whichOffice(dbPath: string): Promise<'old' | 'new'> {
  expect(new AppContext(dbPath).status().dbExists).toBe(true);
  const { office } = await unlockOffice(dbPath, 'hr', hrPassword);
  try {
    expect(verifyDatabase(office.db).ok).toBe(true);
    const dbId = getMeta(office.db, 'db_id');
    expect(readKeyring(keyringPath(dbPath)).dbId).toBe(dbId);
    const marker = getMeta(office.db, 'marker');
    if (dbId === oldId && marker === 'old-in-wal') return 'old';
    if (dbId === newId && marker === 'new') return 'new';
    throw new Error(`a mixed office: ${dbId} with marker ${marker}`);
  } finally {
    closeOffice(office);
  }
}

/**
 * A kill between creating the keyring's lock file and signing it leaves an empty lock, which the
 * keyring lock (keyring-lock.ts) only takes back once it is 30 s old: until then a login answers
 * BUSY. The office itself is whole; the test ages the lock instead of waiting.
 */
async function afterUnsignedLock(dbPath: string, e: unknown): Promise<'old' | 'new'> {
  const lock = `${keyringPath(dbPath)}.lock`;
  if (!(e instanceof AppError && e.code === 'BUSY' && fs.existsSync(lock) && fs.statSync(lock).size === 0)) throw e;
  const past = new Date(Date.now() - 60_000);
  fs.utimesSync(lock, past, past);
  return whichOffice(dbPath);
}

async function tally(points: number[], kill: (dbPath: string, at: number) => void) {
  const outcomes: string[] = [];
  for (const at of points) {
    const dbPath = freshOffice();
    kill(dbPath, at);
    try {
      outcomes.push(await whichOffice(dbPath).catch((e: unknown) => afterUnsignedLock(dbPath, e)));
    } catch (e) {
      outcomes.push(`unopenable at ${at}: ${e instanceof Error ? e.message : String(e)}`);
    }
    expect(fs.existsSync(`${dbPath}.restore-journal.json`)).toBe(false);
  }
  return {
    outcomes,
    openable: outcomes.filter((o) => o === 'old' || o === 'new').length,
    old: outcomes.filter((o) => o === 'old').length,
    new: outcomes.filter((o) => o === 'new').length,
  };
}

describe('a restore killed at any instant', () => {
  it('runs to the end without a kill and gives the new office', async () => {
    const dbPath = freshOffice();
    const r = runWorker({ mode: 'restore', dbPath, from: newBackup, killBefore: null });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(await whichOffice(dbPath)).toBe('new');
  });

  it('killed before each of its file operations: every office opens, old or new, never a mix', async () => {
    const total = runWorker({ mode: 'restore', dbPath: freshOffice(), from: newBackup, killBefore: null }).ops!;
    expect(total).toBeGreaterThan(5);
    const points = Array.from({ length: total }, (_, i) => i + 1);
    const t = await tally(points, (dbPath, at) => {
      const r = runWorker({ mode: 'restore', dbPath, from: newBackup, killBefore: at });
      expect(r.signal).toBe('SIGKILL');
    });
    process.stdout.write(
      `restore killed before each of ${total} file operations: ${t.openable}/${total} openable (old ${t.old}, new ${t.new})\n`,
    );
    expect(t.outcomes.filter((o) => o !== 'old' && o !== 'new')).toEqual([]);
    // Once the journal is written the restore is finished at the next open: never back to old.
    expect(t.outcomes.indexOf('old') < 0 || t.outcomes.lastIndexOf('old') < t.outcomes.indexOf('new')).toBe(true);
  }, 600_000);

  it('killed after each of its journalled steps: every office opens, old or new', async () => {
    const { restoreStepCount } = await import('../../electron/core/db/restore-journal');
    const points = Array.from({ length: restoreStepCount }, (_, i) => i + 1);
    const t = await tally(points, (dbPath, at) => {
      const r = runWorker({ mode: 'restore', dbPath, from: newBackup, killBefore: null, killAfterStep: at });
      expect(r.signal).toBe('SIGKILL');
    });
    process.stdout.write(
      `restore killed at each of ${restoreStepCount} steps: ${t.openable}/${restoreStepCount} openable (old ${t.old}, new ${t.new})\n`,
    );
    expect(t.outcomes).toEqual([...points.map((p) => (p < 3 ? 'old' : 'new'))]);
  }, 300_000);

  it('a step that fails puts the old office back at once', async () => {
    const { restoreStepCount } = await import('../../electron/core/db/restore-journal');
    for (let at = 1; at <= restoreStepCount; at += 1) {
      const dbPath = freshOffice();
      const failing = restoreFrom(newBackup, dbPath, 'hr', hrPassword, {
        afterStep: (step) => {
          if (step === at) throw new Error('injected failure');
        },
      });
      await expect(failing).rejects.toMatchObject({ code: 'IO' });
      expect(await whichOffice(dbPath), `failure after step ${at}`).toBe(at < restoreStepCount ? 'old' : 'new');
      const left = fs.readdirSync(path.dirname(dbPath)).filter((f) => f.includes('.restoring'));
      if (at < restoreStepCount) expect(left).toEqual([]);
    }
  }, 300_000);

  it('when the staged copy is gone, the next open puts the old office back', async () => {
    const dbPath = freshOffice();
    // Killed after step 6: the old -wal, -shm and -journal have moved aside, the database not yet.
    expect(runWorker({ mode: 'restore', dbPath, from: newBackup, killBefore: null, killAfterStep: 6 }).signal).toBe(
      'SIGKILL',
    );
    expect(fs.existsSync(`${dbPath}-wal`)).toBe(false);
    fs.rmSync(`${dbPath}.restoring`);
    expect(await whichOffice(dbPath)).toBe('old');
  });

  it('the CLI finishes an interrupted restore before it opens the office', () => {
    const dbPath = freshOffice();
    // Killed after step 8: old database and keyring aside, the new ones not yet in place.
    expect(runWorker({ mode: 'restore', dbPath, from: newBackup, killBefore: null, killAfterStep: 8 }).signal).toBe(
      'SIGKILL',
    );
    expect(fs.existsSync(dbPath)).toBe(false);
    const out = execFileSync(process.execPath, [bin, 'verify', '--db', dbPath, '--user', 'hr', '--json'], {
      env: { ...process.env, KANAME_PASSWORD: hrPassword },
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toMatchObject({ ok: true });
    expect(fs.existsSync(`${dbPath}.restore-journal.json`)).toBe(false);
  });

  it('a damaged journal stops the login with a message that names it', async () => {
    const dbPath = freshOffice();
    fs.writeFileSync(`${dbPath}.restore-journal.json`, '{"format":"kaname-restore-journal"');
    const e = await unlockOffice(dbPath, 'hr', hrPassword).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('DB_CORRUPT');
    expect((e as AppError).message).toContain('中断した復元の記録');
  });
});

describe('a backup killed at any instant', () => {
  let office: string;

  beforeAll(() => {
    office = freshOffice();
  });

  /** Each listed backup opens with the office's password and verifies. */
  async function listedAreWhole(): Promise<void> {
    for (const b of listBackups(office)) {
      expect(fs.existsSync(keyringPath(b.file))).toBe(true);
      const key = await unwrapDataKey(readKeyring(keyringPath(b.file)), 'hr', hrPassword);
      const db = openDatabase(b.file, key!, { create: false, migrate: false, readonly: true });
      try {
        expect(verifyDatabase(db).ok).toBe(true);
      } finally {
        db.close();
      }
    }
  }

  it('never lists an incomplete copy, and the next backup clears what was left', async () => {
    const total = runWorker({ mode: 'backup', dbPath: office, killBefore: null }).ops!;
    expect(listBackups(office)).toHaveLength(1);
    let listedIncomplete = 0;
    for (let at = 1; at <= total; at += 1) {
      const before = listBackups(office).length;
      expect(runWorker({ mode: 'backup', dbPath: office, killBefore: at }).signal).toBe('SIGKILL');
      try {
        await listedAreWhole();
      } catch {
        listedIncomplete += 1;
        // clear it so that the next kill point is judged on its own
        for (const b of listBackups(office)) if (!fs.existsSync(keyringPath(b.file))) fs.rmSync(b.file);
      }
      expect(listBackups(office).length).toBeGreaterThanOrEqual(before);
    }
    process.stdout.write(
      `backup killed before each of ${total} file operations: ${listedIncomplete} incomplete listed\n`,
    );
    expect(listedIncomplete).toBe(0);

    // What an earlier version left when killed during VACUUM INTO: a copy beside its -journal.
    const folder = path.dirname(listBackups(office)[0]!.file);
    fs.writeFileSync(path.join(folder, 'kaname-20200101-000000.db'), 'partial');
    fs.writeFileSync(path.join(folder, 'kaname-20200101-000000.db-journal'), 'partial');
    expect(listBackups(office).map((b) => path.basename(b.file))).not.toContain('kaname-20200101-000000.db');

    const { office: opened } = await unlockOffice(office, 'hr', hrPassword);
    try {
      rotatingBackup(opened, system, 100);
    } finally {
      closeOffice(opened);
    }
    await listedAreWhole();
    const listed = new Set(listBackups(office).map((b) => path.basename(b.file)));
    const leftovers = fs
      .readdirSync(folder)
      .filter((f) => !listed.has(f) && !(f.endsWith('.keys') && listed.has(f.slice(0, -'.keys'.length))));
    expect(leftovers).toEqual([]);
  }, 600_000);

  it('a failure between its steps leaves no file under the backup name', () => {
    const dbPath = freshOffice();
    const key = readKeyring(keyringPath(dbPath));
    expect(key.dbId).toBeTruthy();
    return (async () => {
      const { office: opened } = await unlockOffice(dbPath, 'hr', hrPassword);
      try {
        for (let at = 1; at <= 3; at += 1) {
          const target = path.join(path.dirname(dbPath), `copy-${at}.db`);
          expect(() =>
            backupTo(opened, target, system, {
              afterStep: (step) => {
                if (step === at) throw new Error('injected failure');
              },
            }),
          ).toThrow(AppError);
          const left = fs.readdirSync(path.dirname(dbPath)).filter((f) => f.startsWith(`copy-${at}`));
          expect(left, `failure after step ${at}`).toEqual([]);
        }
      } finally {
        closeOffice(opened);
      }
    })();
  });
});

describe('restoring from read-only media', () => {
  const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

  it('reads the copy without changing a byte of it or adding a file beside it', async () => {
    const folder = path.join(dir, 'source-untouched');
    fs.mkdirSync(folder);
    const from = path.join(folder, 'copy.db');
    fs.copyFileSync(newBackup, from);
    fs.copyFileSync(keyringPath(newBackup), keyringPath(from));
    const hash = sha(from);
    const dbPath = freshOffice();
    await restoreFrom(from, dbPath, 'hr', hrPassword);
    expect(sha(from)).toBe(hash);
    expect(fs.readdirSync(folder).sort()).toEqual(['copy.db', 'copy.db.keys']);
    expect(await whichOffice(dbPath)).toBe('new');
  });

  /**
   * Makes a folder and its files unwritable, as on a CD-R or a write-protected USB stick. Root
   * ignores file modes, so as root the immutable attribute (chattr +i) is used instead.
   */
  function makeReadOnly(folder: string): (() => void) | string {
    const files = fs.readdirSync(folder).map((f) => path.join(folder, f));
    if (process.getuid?.() !== 0) {
      for (const f of files) fs.chmodSync(f, 0o444);
      fs.chmodSync(folder, 0o555);
      return () => {
        fs.chmodSync(folder, 0o755);
        for (const f of files) fs.chmodSync(f, 0o644);
      };
    }
    try {
      execFileSync('chattr', ['+i', ...files, folder], { stdio: 'ignore' });
    } catch {
      return 'running as root where chattr +i is not available: read-only media cannot be simulated';
    }
    return () => execFileSync('chattr', ['-i', ...files, folder], { stdio: 'ignore' });
  }

  it('restores a backup from a read-only folder', async (ctx) => {
    const folder = path.join(dir, 'read-only');
    fs.mkdirSync(folder);
    const from = path.join(folder, 'copy.db');
    fs.copyFileSync(newBackup, from);
    fs.copyFileSync(keyringPath(newBackup), keyringPath(from));
    const undo = makeReadOnly(folder);
    if (typeof undo === 'string') return ctx.skip(undo);
    try {
      expect(() => fs.writeFileSync(path.join(folder, 'probe'), 'x')).toThrow();
      const dbPath = freshOffice();
      const r = await restoreFrom(from, dbPath, 'hr', hrPassword);
      expect(r.report.ok).toBe(true);
      expect(await whichOffice(dbPath)).toBe('new');
    } finally {
      undo();
    }
  });

  it('says why a database in WAL form cannot be read from read-only media, not a disk-space problem', async (ctx) => {
    const folder = path.join(dir, 'read-only-wal');
    fs.mkdirSync(folder);
    const from = path.join(folder, 'office.db');
    // A closed office's own file: WAL form (header byte 18 = 2), which SQLite reads only with a -shm.
    const src = freshOffice();
    const { office: o } = await unlockOffice(src, 'hr', hrPassword);
    closeOffice(o);
    fs.copyFileSync(src, from);
    fs.copyFileSync(keyringPath(src), keyringPath(from));
    expect(fs.readFileSync(from)[18]).toBe(2);
    const undo = makeReadOnly(folder);
    if (typeof undo === 'string') return ctx.skip(undo);
    try {
      const dbPath = freshOffice();
      const e = await restoreFrom(from, dbPath, 'hr', hrPassword).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).message).toContain(from);
      expect((e as AppError).message).toContain('読み取り専用');
      expect((e as AppError).message).not.toContain('空き容量');
      expect(await whichOffice(dbPath)).toBe('old');
    } finally {
      undo();
    }
  });
});
