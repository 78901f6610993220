import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import { openDatabase } from '../../electron/core/db/connection';
import { keyringPath, loginTag, readKeyring, writeKeyring } from '../../electron/core/db/keyring';
import { latestVersion } from '../../electron/core/db/migrations';
import { authFailedMessage, closeOffice, unlockOffice } from '../../electron/core/office/office.service';
import type { ApiError } from '../../shared/result';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/**
 * Bad input and failure: each case gets one clear Japanese message (and CLI exit code), never a
 * stack trace, and no data is changed.
 */

const bin = fileURLToPath(new URL('../../bin/kaname.cjs', import.meta.url));

type Run = { status: number | null; stdout: string; stderr: string };
type CliError = { ok: false; error: ApiError };

function kaname(args: string[], user = 'admin', password = demoPass): Run {
  const r = spawnSync(process.execPath, [bin, ...args, '--json'], {
    env: { ...process.env, KANAME_PASSWORD: password, KANAME_USER: user },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI's one JSON line on stdout, after checking there is no stack trace anywhere. */
function cliError(r: Run, clear = true): ApiError {
  expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/^\s+at /mu);
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  const out = JSON.parse(lines[0]!) as CliError;
  expect(out.ok).toBe(false);
  if (clear) expectClearMessage(out.error.message);
  else expectOneJapaneseLine(out.error.message);
  return out.error;
}

/** One line of Japanese for a person, not a program: no stack frame, no exception name. */
function expectOneJapaneseLine(message: string): void {
  expect(message).not.toContain('\n');
  expect(message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
  expect(message).not.toMatch(/\bat \S+ \(|SqliteError|ENOENT|ENOTDIR|TypeError/u);
}

/** …and one that says what went wrong, not the catch-all for unexpected errors. */
function expectClearMessage(message: string): void {
  expectOneJapaneseLine(message);
  expect(message).not.toContain('予期しないエラー');
}

/** Logs in through the dispatcher, as the app and the browser host do; returns the refusal. */
async function loginError(dbPath: string, login: string, password: string): Promise<ApiError | null> {
  const ctx = new AppContext(dbPath);
  try {
    const r = await dispatch(ctx, 'auth:login', { login, password });
    if (r.ok) return null;
    expectClearMessage(r.error.message);
    return r.error;
  } finally {
    ctx.end();
  }
}

function hash(file: string): string | null {
  return fs.existsSync(file) ? crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') : null;
}

function flip(file: string, offset: number, length: number): void {
  const buf = fs.readFileSync(file);
  for (let i = offset; i < offset + length; i++) buf[i] = buf[i]! ^ 0xff;
  fs.writeFileSync(file, buf);
}

let dir: string;
beforeAll(() => {
  dir = tempDir('kaname-failures-');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('wrong password', () => {
  it('gives AUTH_FAILED with the same message as an unknown login or a disabled account', async () => {
    const db = await demoCopy(dir);
    const ctx = await loggedIn(db, 'admin', demoPass);
    const list = await callApi(ctx, 'accounts:list', {});
    const jinji = list.ok ? list.value.find((a) => a.login === 'jinji') : undefined;
    expect(jinji).toBeDefined();
    expect((await callApi(ctx, 'accounts:disable', { id: jinji!.id })).ok).toBe(true);
    ctx.end();

    const before = hash(db);
    const wrong = await loginError(db, 'admin', 'not-the-password');
    expect(wrong).toEqual({ code: 'AUTH_FAILED', message: authFailedMessage });
    expect(await loginError(db, 'nobody', demoPass)).toEqual(wrong);
    expect(await loginError(db, 'jinji', demoPass)).toEqual(wrong);
    expect(hash(db)).toBe(before);
  });
});

describe('back-off after repeated failures', () => {
  let db: string;
  beforeAll(async () => {
    db = await demoCopy(dir);
  });

  it('refuses a fourth attempt, even with the right password, with THROTTLED', async () => {
    for (let i = 0; i < 3; i++)
      expect((await loginError(db, 'admin', `wrong-${i}-password`))?.code).toBe('AUTH_FAILED');
    const keys = readKeyring(keyringPath(db));
    expect(keys.throttle[loginTag(keys, 'admin')]?.failures).toBe(3);

    const before = hash(db);
    const refused = await loginError(db, 'admin', demoPass);
    expect(refused?.code).toBe('THROTTLED');
    expect(refused?.message).toMatch(/^ログインの失敗が続いたため、あと\d+秒お待ちください。$/u);
    expect(hash(db)).toBe(before);
    // The back-off is per login: another account still gets in.
    expect(await loginError(db, 'jinji', demoPass)).toBeNull();
  });

  it('gives the CLI exit 3 while the back-off lasts', () => {
    const keys = readKeyring(keyringPath(db));
    const tag = loginTag(keys, 'admin');
    writeKeyring(keyringPath(db), {
      ...keys,
      throttle: { ...keys.throttle, [tag]: { failures: 9, until: Date.now() + 10 * 60_000 } },
    });
    const r = kaname(['verify', '--db', db]);
    expect(r.status).toBe(3);
    expect(cliError(r).code).toBe('THROTTLED');
  });

  it('lets the right password in once the wait is over, and clears the counter', async () => {
    const keys = readKeyring(keyringPath(db));
    const tag = loginTag(keys, 'admin');
    // Simulates the wait: the back-off ended a moment ago.
    writeKeyring(keyringPath(db), {
      ...keys,
      throttle: { ...keys.throttle, [tag]: { failures: 3, until: Date.now() - 1000 } },
    });
    expect(await loginError(db, 'admin', demoPass)).toBeNull();
    expect(readKeyring(keyringPath(db)).throttle[tag]).toBeUndefined();
  });
});

describe('missing or unreadable files', () => {
  it('names a missing database file (DB_MISSING) and creates nothing', async () => {
    const db = path.join(dir, 'missing', 'office.db');
    expect((await loginError(db, 'admin', demoPass))?.code).toBe('DB_MISSING');
    const r = kaname(['verify', '--db', db]);
    expect(r.status).toBe(1);
    expect(cliError(r).code).toBe('DB_MISSING');
    expect(fs.existsSync(path.dirname(db))).toBe(false);
  });

  it('refuses a database whose keyring is missing (DB_NOT_KANAME)', async () => {
    const db = await demoCopy(dir);
    fs.rmSync(keyringPath(db));
    const before = hash(db);
    const e = await loginError(db, 'admin', demoPass);
    expect(e?.code).toBe('DB_NOT_KANAME');
    expect(e?.message).toContain('鍵ファイル');
    expect(hash(db)).toBe(before);
    expect(fs.existsSync(keyringPath(db))).toBe(false);
  });

  it('refuses a plain, unencrypted SQLite file even with a Kaname keyring beside it', async () => {
    const source = await demoCopy(dir);
    const db = path.join(dir, 'plain.db');
    const plain = new Database(db);
    plain.exec("CREATE TABLE accounts (login TEXT); INSERT INTO accounts VALUES ('admin');");
    plain.close();
    fs.copyFileSync(keyringPath(source), keyringPath(db));
    const before = [hash(db), hash(keyringPath(db))];

    const e = await loginError(db, 'admin', demoPass);
    expect(e?.code).toBe('DB_NOT_KANAME');
    expect(e?.message).toMatch(/暗号化されていない.*要のデータベースではありません/u);
    expect([hash(db), hash(keyringPath(db))]).toEqual(before);

    const r = kaname(['verify', '--db', db]);
    expect(r.status).toBe(1);
    expect(cliError(r).code).toBe('DB_NOT_KANAME');
  });

  it('calls a truncated database corrupt (DB_CORRUPT)', async () => {
    const db = await demoCopy(dir);
    fs.truncateSync(db, 100);
    const before = hash(db);
    expect((await loginError(db, 'admin', demoPass))?.code).toBe('DB_CORRUPT');
    const r = kaname(['verify', '--db', db]);
    expect(r.status).toBe(1);
    expect(cliError(r).code).toBe('DB_CORRUPT');
    expect(hash(db)).toBe(before);
  });

  it('calls a database with an overwritten first page corrupt (DB_CORRUPT)', async () => {
    const db = await demoCopy(dir);
    const buf = fs.readFileSync(db);
    buf.fill(0x41, 0, 4096);
    fs.writeFileSync(db, buf);
    const before = hash(db);
    expect((await loginError(db, 'admin', demoPass))?.code).toBe('DB_CORRUPT');
    expect(hash(db)).toBe(before);
  });

  // Regression: only damage seen by the first read (sqlite_master) became DB_CORRUPT; a damaged data
  // page (here the accounts table's) escaped unlockOffice as a raw SQLITE_CORRUPT, shown as INTERNAL.
  it('calls a database with a damaged accounts page corrupt (DB_CORRUPT)', async () => {
    const db = await demoCopy(dir);
    const { office } = await unlockOffice(db, 'admin', demoPass);
    const root = (
      office.db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'accounts'").get() as { rootpage: number }
    ).rootpage;
    const pageSize = office.db.pragma('page_size', { simple: true }) as number;
    closeOffice(office);
    flip(db, (root - 1) * pageSize + 100, 64);

    expect((await loginError(db, 'admin', demoPass))?.code).toBe('DB_CORRUPT');
  });

  it('calls an unreadable keyring corrupt (DB_CORRUPT), for broken JSON and for a wrong shape', async () => {
    const db = await demoCopy(dir);
    const keys = keyringPath(db);
    const before = hash(db);
    for (const text of [
      '{"format": "kaname-keyring", "slots": [',
      JSON.stringify({ format: 'kaname-keyring', version: 1 }),
    ]) {
      fs.writeFileSync(keys, text);
      expect((await loginError(db, 'admin', demoPass))?.code).toBe('DB_CORRUPT');
      expect(fs.readFileSync(keys, 'utf8')).toBe(text);
    }
    const r = kaname(['verify', '--db', db]);
    expect(r.status).toBe(1);
    expect(cliError(r).code).toBe('DB_CORRUPT');
    expect(hash(db)).toBe(before);
  });

  it('refuses a database from a newer version (DB_NEWER) and names both versions', async () => {
    const db = await demoCopy(dir);
    const { office } = await unlockOffice(db, 'admin', demoPass);
    const key = Buffer.from(office.dataKey);
    closeOffice(office);
    const raw = openDatabase(db, key, { create: false });
    raw.pragma('user_version = 9990');
    raw.close();
    const before = hash(db);

    const e = await loginError(db, 'admin', demoPass);
    expect(e?.code).toBe('DB_NEWER');
    expect(e?.message).toContain('9990');
    expect(e?.message).toContain(String(latestVersion));
    const r = kaname(['verify', '--db', db]);
    expect(r.status).toBe(1);
    expect(cliError(r)).toEqual(e);
    expect(hash(db)).toBe(before);
  });
});

describe('a disk that refuses writes', () => {
  /** A regular file used as if it were a folder: every write below it fails with ENOTDIR. */
  let blocker: string;
  beforeAll(() => {
    blocker = path.join(dir, 'not-a-folder.txt');
    fs.writeFileSync(blocker, 'just a file\n');
  });

  it('refuses a backup into it with one Japanese message and leaves no files', async () => {
    const db = await demoCopy(dir);
    const target = path.join(blocker, 'sub', 'backup.db');
    const r = kaname(['backup', '--db', db, '--out', target]);
    expect([1, 4]).toContain(r.status);
    // One Japanese line, no stack trace; which message is checked by the next test.
    cliError(r, false);
    expect(fs.readFileSync(blocker, 'utf8')).toBe('just a file\n');

    // Nothing but the login itself was recorded: no backup row, and the office still verifies.
    const { office } = await unlockOffice(db, 'admin', demoPass);
    const actions = (office.db.prepare('SELECT action FROM audit_log').all() as { action: string }[]).map(
      (a) => a.action,
    );
    closeOffice(office);
    expect(actions).not.toContain('backup.create');
    expect(kaname(['verify', '--db', db]).status).toBe(0);
  });

  // Regression: backupTo's clean-up (fs.rmSync) itself threw ENOTDIR here, hiding the IO message.
  it('says the backup could not be written (IO), not an unexpected error', async () => {
    const db = await demoCopy(dir);
    const r = kaname(['backup', '--db', db, '--out', path.join(blocker, 'sub', 'backup.db')]);
    const e = JSON.parse(r.stdout) as CliError;
    expect(e.error.code).toBe('IO');
    expect(e.error.message).toContain('バックアップを書き込めません');
  });

  it('refuses to create an office under it and leaves no stray files', () => {
    const listing = fs.readdirSync(dir).sort();
    const r = kaname(['init', '--db', path.join(blocker, 'sub', 'office.db'), '--admin', 'boss']);
    expect([1, 4]).toContain(r.status);
    expect(cliError(r).code).toBe('IO');
    expect(fs.readdirSync(dir).sort()).toEqual(listing);
    expect(fs.readFileSync(blocker, 'utf8')).toBe('just a file\n');
  });

  it('refuses to create an office under it through the app too', async () => {
    const ctx = new AppContext(path.join(blocker, 'office.db'));
    const r = await dispatch(ctx, 'app:createOffice', {
      officeName: '区役所',
      login: 'boss',
      displayName: '人事　花子',
      password: 'boss-password',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('IO');
      expectClearMessage(r.error.message);
    }
    expect(ctx.session).toBeNull();
    expect(fs.readFileSync(blocker, 'utf8')).toBe('just a file\n');
  });
});
