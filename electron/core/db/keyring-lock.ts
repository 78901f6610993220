import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/result';

/**
 * Every change to the keyring is read → changed → written while no one else changes it: one change
 * at a time in this process (a queue per file) and across processes — the app and the CLI beside
 * it — through an exclusive lock file `<db>.keys.lock`. Without it, parallel changes overwrote each
 * other and a created account or a reset password was silently lost (docs/keyring.md).
 */

const queues = new Map<string, Promise<void>>();

/** A lock older than this, or held by a process that no longer runs, was left by a kill. */
const staleAfterMs = 30_000;
/** How long a change waits for another process's change before giving up. */
const waitMs = 15_000;

export const keyringBusyMessage = '鍵ファイルを別の操作が更新中です。しばらく待ってからもう一度お試しください。';

type Holder = { pid: number; host: string; at: number };

function readHolder(lockPath: string): Holder | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { pid, host, at } = parsed as Record<string, unknown>;
    return typeof pid === 'number' && typeof host === 'string' && typeof at === 'number' ? { pid, host, at } : null;
  } catch {
    return null;
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(lockPath: string, now: number): boolean {
  const holder = readHolder(lockPath);
  if (holder === null) {
    // Unreadable (not written by this version, or damaged): judge by its age.
    try {
      return now - fs.statSync(lockPath).mtimeMs > staleAfterMs;
    } catch {
      return true;
    }
  }
  if (now - holder.at > staleAfterMs) return true;
  return holder.host === os.hostname() && holder.pid !== process.pid && !processRuns(holder.pid);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The lock file appears whole or not at all: it is written under a name of its own and then
 * hard-linked into place (link fails if the lock exists). A kill can leave only the temporary file,
 * never an empty lock that others would wait on.
 */
function tryCreate(lockPath: string): boolean {
  const tmp = `${lockPath}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    fs.writeFileSync(tmp, JSON.stringify({ pid: process.pid, host: os.hostname(), at: Date.now() }), {
      flag: 'wx',
      mode: 0o600,
    });
    fs.linkSync(tmp, lockPath);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new AppError('IO', '鍵ファイルに書き込めません。ディスクの空き容量や書き込み権限を確認してください。');
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

async function acquire(lockPath: string): Promise<() => void> {
  const started = Date.now();
  for (;;) {
    if (tryCreate(lockPath)) return () => fs.rmSync(lockPath, { force: true });
    if (isStale(lockPath, Date.now())) {
      fs.rmSync(lockPath, { force: true });
      continue;
    }
    if (Date.now() - started > waitMs) throw new AppError('BUSY', keyringBusyMessage);
    await sleep(25 + Math.random() * 25);
  }
}

/** Runs `work` holding the keyring's lock; the lock is released however `work` ends. */
export async function withKeyringLock<T>(keysPath: string, work: () => Promise<T> | T): Promise<T> {
  const key = path.resolve(keysPath);
  const before = queues.get(key) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((resolve) => {
    done = resolve;
  });
  const tail = before.then(() => mine);
  queues.set(key, tail);
  await before;
  try {
    const release = await acquire(`${key}.lock`);
    try {
      return await work();
    } finally {
      release();
    }
  } finally {
    done();
    if (queues.get(key) === tail) queues.delete(key);
  }
}
