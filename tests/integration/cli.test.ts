import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOffice, unlockOffice } from '../../electron/core/office/office.service';
import { runKaname } from '../helpers/cli';
import type { CliRun } from '../helpers/cli';
import {
  callApi,
  demoCopy,
  demoPass,
  fileContains,
  loggedIn,
  startsWithSqliteHeader,
  tempDir,
} from '../helpers/office';

/**
 * The `kaname` command's run() in this process (tests/helpers/cli.ts; the built bin is run by
 * cli-npx.test.ts), against real encrypted offices in temp folders.
 * Exit codes: 0 ok / 1 input rejected, nothing written / 2 usage / 3 auth or permission / 4 other.
 */

type Run = CliRun;
type CliJson = { ok: boolean; error?: { code: string; message: string }; [key: string]: unknown };

const kaname = runKaname;

/** `--json` output: exactly one line holding one JSON object, and no stack trace anywhere. */
function json(r: Run): CliJson {
  expectNoStack(r);
  expect(r.stdout.endsWith('\n')).toBe(true);
  const lines = r.stdout.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  const value = JSON.parse(lines[0]!) as unknown;
  expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
  return value as CliJson;
}

function expectNoStack(r: Run): void {
  expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/^\s+at /mu);
}

function hash(file: string): string | null {
  return fs.existsSync(file) ? crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') : null;
}

/** Logins of the accounts in an office, read through the app's own unlock. */
async function loginsOf(dbPath: string): Promise<string[]> {
  const { office } = await unlockOffice(dbPath, 'admin', demoPass);
  try {
    return (office.db.prepare('SELECT login FROM accounts ORDER BY login').all() as { login: string }[]).map(
      (r) => r.login,
    );
  } finally {
    closeOffice(office);
  }
}

const admin = { KANAME_PASSWORD: demoPass, KANAME_USER: 'admin' };

let dir: string;
beforeAll(() => {
  dir = tempDir('kaname-cli-');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('kaname init', () => {
  const pw = 'init-password-1';

  it('creates a new encrypted office that its admin can open', async () => {
    const db = path.join(dir, 'init', 'office.db');
    const r = await kaname(['init', '--db', db, '--admin', 'boss', '--json'], { KANAME_PASSWORD: pw });
    expect(r.status).toBe(0);
    expect(json(r)).toEqual({ ok: true, db, admin: 'boss' });
    expect(fs.existsSync(db)).toBe(true);
    expect(fs.existsSync(`${db}.keys`)).toBe(true);
    expect(startsWithSqliteHeader(db)).toBe(false);

    const v = await kaname(['verify', '--db', db, '--user', 'boss', '--json'], { KANAME_PASSWORD: pw });
    expect(v.status).toBe(0);
    expect(json(v).ok).toBe(true);
  });

  it('refuses an existing database and leaves its files byte for byte', async () => {
    const db = path.join(dir, 'init-twice.db');
    expect((await kaname(['init', '--db', db, '--admin', 'boss'], { KANAME_PASSWORD: pw })).status).toBe(0);
    const before = [hash(db), hash(`${db}.keys`)];

    const r = await kaname(['init', '--db', db, '--admin', 'other', '--json'], { KANAME_PASSWORD: 'another-password' });
    expect(r.status).toBe(1);
    expect(json(r)).toMatchObject({ ok: false, error: { code: 'DB_EXISTS' } });
    expect([hash(db), hash(`${db}.keys`)]).toEqual(before);
  });

  it('is a usage error without KANAME_PASSWORD, and writes nothing', async () => {
    const db = path.join(dir, 'no-password.db');
    const r = await kaname(['init', '--db', db, '--admin', 'boss', '--json']);
    expect(r.status).toBe(2);
    expect(json(r)).toMatchObject({
      ok: false,
      error: { code: 'USAGE', message: expect.stringContaining('KANAME_PASSWORD') as unknown },
    });
    expect(fs.existsSync(db)).toBe(false);
  });

  it('rejects a too-short password with exit 1, and writes nothing', async () => {
    const db = path.join(dir, 'short-password.db');
    const r = await kaname(['init', '--db', db, '--admin', 'boss', '--json'], { KANAME_PASSWORD: 'short' });
    expect(r.status).toBe(1);
    expect(json(r)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('8文字以上') as unknown },
    });
    expect(fs.existsSync(db)).toBe(false);
    expect(fs.existsSync(`${db}.keys`)).toBe(false);
  });

  it('rejects an invalid --admin login with exit 1, and writes nothing', async () => {
    const db = path.join(dir, 'bad-admin.db');
    for (const login of ['x', 'スペース 入り', 'a'.repeat(40)]) {
      const r = await kaname(['init', '--db', db, '--admin', login, '--json'], { KANAME_PASSWORD: pw });
      expect(r.status).toBe(1);
      expect(json(r)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(fs.existsSync(db)).toBe(false);
  });
});

describe('usage errors', () => {
  it('exits 2 for an unknown command, in JSON and in text', async () => {
    const j = await kaname(['frobnicate', '--json']);
    expect(j.status).toBe(2);
    expect(json(j)).toMatchObject({ ok: false, error: { code: 'USAGE' } });

    const t = await kaname(['frobnicate']);
    expect(t.status).toBe(2);
    expect(t.stderr).toContain('不明なコマンドです');
    expectNoStack(t);
  });

  it('exits 2 for an unknown option or a stray argument', async () => {
    const db = path.join(dir, 'never.db');
    for (const args of [
      ['verify', '--db', db, '--bogus', '--json'],
      ['verify', '--db', db, 'extra', '--json'],
      ['init', '--db', db, '--admin', 'boss', '--password', 'secret-on-argv', '--json'],
    ]) {
      const r = await kaname(args, admin);
      expect(r.status).toBe(2);
      expect(json(r)).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    }
    expect(fs.existsSync(db)).toBe(false);
  });

  it('exits 2 without a command and 0 for help', async () => {
    expect((await kaname([])).status).toBe(2);
    const help = await kaname(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('使い方: kaname');
  });

  it('exits 2 when verify is given no login', async () => {
    const r = await kaname(['verify', '--db', path.join(dir, 'never.db'), '--json'], { KANAME_PASSWORD: demoPass });
    expect(r.status).toBe(2);
    expect(json(r)).toMatchObject({ ok: false, error: { code: 'USAGE' } });
  });
});

describe('kaname demo and verify', () => {
  const db = () => path.join(dir, 'demo', 'ward.db');

  it('creates the demo ward with about 200 staff and the six demo logins', async () => {
    const r = await kaname(['demo', '--db', db(), '--json'], { KANAME_PASSWORD: demoPass });
    expect(r.status).toBe(0);
    const out = json(r);
    expect(out.ok).toBe(true);
    expect(out.staff).toBeGreaterThanOrEqual(190);
    expect(out.staff).toBeLessThanOrEqual(210);
    expect(out.logins).toEqual(['admin', 'jinji', 'kucho', 'kacho', 'kakaricho', 'shokuin']);
    expect(startsWithSqliteHeader(db())).toBe(false);
  });

  it('verifies a fresh demo office', async () => {
    const r = await kaname(['verify', '--db', db(), '--json'], admin);
    expect(r.status).toBe(0);
    expect(json(r)).toMatchObject({ ok: true, integrity: [], audit: { ok: true, problems: [] } });
  });

  it('refuses a wrong password with exit 3, saying no more than for an unknown login', async () => {
    const before = hash(db());
    const wrong = await kaname(['verify', '--db', db(), '--json'], {
      KANAME_PASSWORD: 'not-the-password',
      KANAME_USER: 'admin',
    });
    const unknown = await kaname(['verify', '--db', db(), '--json'], {
      KANAME_PASSWORD: demoPass,
      KANAME_USER: 'nobody',
    });
    expect(wrong.status).toBe(3);
    expect(unknown.status).toBe(3);
    const a = json(wrong);
    const b = json(unknown);
    expect(a).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
    expect(b).toEqual(a);
    expect(a.error?.message).not.toMatch(/nobody|admin/u);
    expect(hash(db())).toBe(before);

    const text = await kaname(['verify', '--db', db()], { KANAME_PASSWORD: 'not-the-password', KANAME_USER: 'admin' });
    expect(text.status).toBe(3);
    expect(text.stderr).toBe(`エラー: ${a.error?.message}\n`);
  });

  it('takes --user over KANAME_USER', async () => {
    const r = await kaname(['verify', '--db', db(), '--user', 'admin', '--json'], {
      KANAME_PASSWORD: demoPass,
      KANAME_USER: 'nobody',
    });
    expect(r.status).toBe(0);
  });

  it('refuses a non-HR demo account with exit 3', async () => {
    for (const user of ['shokuin', 'kucho']) {
      const r = await kaname(['verify', '--db', db(), '--json'], { KANAME_PASSWORD: demoPass, KANAME_USER: user });
      expect(r.status).toBe(3);
      expect(json(r)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });
});

describe('kaname backup and restore', () => {
  const marker = `MARKER-${crypto.randomBytes(6).toString('hex')}`;
  let db: string;
  let out: string;

  beforeAll(async () => {
    db = await demoCopy(dir);
    out = path.join(dir, 'copies', 'backup.db');
    const ctx = await loggedIn(db, 'admin', demoPass);
    const r = await callApi(ctx, 'accounts:create', {
      login: 'marked',
      displayName: marker,
      role: 'staff',
      staffNo: null,
      password: 'marked-password',
    });
    expect(r.ok).toBe(true);
    ctx.end();
  });

  it('writes an encrypted copy and its keyring, with no plaintext in it', async () => {
    const r = await kaname(['backup', '--db', db, '--out', out, '--json'], admin);
    expect(r.status).toBe(0);
    expect(json(r)).toMatchObject({ ok: true, backup: out, bytes: fs.statSync(out).size });
    expect(fs.existsSync(`${out}.keys`)).toBe(true);
    expect(startsWithSqliteHeader(out)).toBe(false);
    for (const file of [out, db, `${db}-wal`]) expect(fileContains(file, marker)).toBe(false);
    // The marker is in the copy, only encrypted: the copy opens and holds the account.
    expect(await loginsOf(out)).toContain('marked');
  });

  it('refuses to write over an existing file', async () => {
    const before = [hash(out), hash(`${out}.keys`)];
    const r = await kaname(['backup', '--db', db, '--out', out, '--json'], admin);
    expect(r.status).toBe(1);
    expect(json(r)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect([hash(out), hash(`${out}.keys`)]).toEqual(before);
  });

  it('restores the backup and keeps the replaced database aside', async () => {
    const ctx = await loggedIn(db, 'admin', demoPass);
    const r = await callApi(ctx, 'accounts:create', {
      login: 'afterwards',
      displayName: '後から　追加',
      role: 'staff',
      staffNo: null,
      password: 'after-password',
    });
    expect(r.ok).toBe(true);
    ctx.end();
    expect(await loginsOf(db)).toContain('afterwards');

    const res = await kaname(['restore', '--from', out, '--db', db, '--json'], admin);
    expect(res.status).toBe(0);
    const o = json(res);
    expect(o).toMatchObject({ ok: true, db, from: out });
    expect(typeof o.keptAs).toBe('string');
    const keptAs = o.keptAs as string;

    const restored = await loginsOf(db);
    expect(restored).toContain('marked');
    expect(restored).not.toContain('afterwards');
    expect(await loginsOf(keptAs)).toContain('afterwards');
    expect(fs.existsSync(`${db}.restoring`)).toBe(false);
    expect((await kaname(['verify', '--db', db, '--json'], admin)).status).toBe(0);
  });

  it('refuses a restore with a wrong password with exit 3', async () => {
    const before = hash(db);
    const r = await kaname(['restore', '--from', out, '--db', db, '--json'], {
      KANAME_PASSWORD: 'wrong-password',
      KANAME_USER: 'admin',
    });
    expect(r.status).toBe(3);
    expect(json(r)).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
    expect(hash(db)).toBe(before);
  });

  /** A copy of the backup with 64 bytes flipped in the middle of the file. */
  function tampered(): string {
    const file = path.join(dir, 'copies', `tampered-${crypto.randomBytes(4).toString('hex')}.db`);
    const buf = fs.readFileSync(out);
    const mid = Math.floor(buf.length / 2);
    for (let i = 0; i < 64; i++) buf[mid + i] = buf[mid + i]! ^ 0xff;
    fs.writeFileSync(file, buf);
    fs.copyFileSync(`${out}.keys`, `${file}.keys`);
    return file;
  }

  it('refuses a tampered backup and leaves the current database alone', async () => {
    const from = tampered();
    const before = [hash(db), hash(`${db}.keys`)];
    const files = fs.readdirSync(path.dirname(db)).sort();

    const r = await kaname(['restore', '--from', from, '--db', db, '--json'], admin);
    expect(r.status).not.toBe(0);
    expect(json(r).ok).toBe(false);
    expect([hash(db), hash(`${db}.keys`)]).toEqual(before);
    expect(fs.readdirSync(path.dirname(db)).sort()).toEqual(files);
  });

  // Regression: a damaged page outside the schema made integrity_check throw a raw SQLITE_CORRUPT,
  // which reached the user as INTERNAL (exit 4) instead of DB_CORRUPT (exit 1).
  it('reports a tampered backup as rejected input (exit 1, DB_CORRUPT)', async () => {
    const r = await kaname(['restore', '--from', tampered(), '--db', db, '--json'], admin);
    expect(json(r)).toMatchObject({ ok: false, error: { code: 'DB_CORRUPT' } });
    expect(r.status).toBe(1);
  });
});
