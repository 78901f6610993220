import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import { keyringPath, loginTag, readKeyring, writeKeyring } from '../../electron/core/db/keyring';
import { withKeyringLock } from '../../electron/core/db/keyring-lock';
import { closeOffice, unlockOffice } from '../../electron/core/office/office.service';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/**
 * The keyring under parallel changes (docs/keyring.md): every change lands, in this process and
 * across processes; the login back-off counts an attempt before checking it; a tampered keyring
 * cannot make a login cost gigabytes; a full disk answers the same for a right and a wrong password.
 */

const bin = fileURLToPath(new URL('../../bin/kaname.cjs', import.meta.url));
const writer = fileURLToPath(new URL('../fixtures/keyring-writer.ts', import.meta.url));

let dir: string;
beforeAll(() => {
  dir = tempDir('kaname-keyring-');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function opens(dbPath: string, login: string, password: string): Promise<boolean> {
  try {
    const { office } = await unlockOffice(dbPath, login, password);
    closeOffice(office);
    return true;
  } catch {
    return false;
  }
}

function newAccount(login: string, password: string) {
  return { login, displayName: `${login} 氏`, role: 'staff' as const, staffNo: null, password };
}

describe('account changes at the same time', () => {
  it('creates five accounts sent at once, each of which can log in', async () => {
    const db = await demoCopy(dir);
    const hr = await loggedIn(db, 'admin', demoPass);
    const logins = ['person1', 'person2', 'person3', 'person4', 'person5'];
    const results = await Promise.all(
      logins.map((l) => callApi(hr, 'accounts:create', newAccount(l, `pass-${l}-long`))),
    );
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true]);
    hr.end();
    for (const l of logins) expect(await opens(db, l, `pass-${l}-long`)).toBe(true);
  });

  it('answers a double-clicked create once, and the one account has its slot', async () => {
    const db = await demoCopy(dir);
    const hr = await loggedIn(db, 'admin', demoPass);
    const [a, b] = await Promise.all([
      callApi(hr, 'accounts:create', newAccount('twice', 'twice-password-1')),
      callApi(hr, 'accounts:create', newAccount('twice', 'twice-password-1')),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const refused = a.ok ? b : a;
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'login' } });
    hr.end();
    expect(await opens(db, 'twice', 'twice-password-1')).toBe(true);
    expect(
      readKeyring(keyringPath(db)).slots.filter((s) => s.tag === loginTag(readKeyring(keyringPath(db)), 'twice')),
    ).toHaveLength(1);
  });

  it('lands two resets sent at once: every old password stops opening and every new one opens', async () => {
    const db = await demoCopy(dir);
    const hr = await loggedIn(db, 'admin', demoPass);
    const list = await callApi(hr, 'accounts:list', {});
    if (!list.ok) throw new Error(list.error.code);
    const id = (login: string): number => {
      const found = list.value.find((a) => a.login === login);
      if (!found) throw new Error(`no ${login}`);
      return found.id;
    };
    const results = await Promise.all([
      callApi(hr, 'accounts:resetPassword', { id: id('shokuin'), password: 'reset-one-password' }),
      callApi(hr, 'accounts:resetPassword', { id: id('kacho'), password: 'reset-two-password' }),
      callApi(hr, 'accounts:resetPassword', { id: id('kakaricho'), password: 'reset-three-password' }),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    hr.end();
    for (const login of ['shokuin', 'kacho', 'kakaricho']) expect(await opens(db, login, demoPass)).toBe(false);
    expect(await opens(db, 'shokuin', 'reset-one-password')).toBe(true);
    expect(await opens(db, 'kacho', 'reset-two-password')).toBe(true);
    expect(await opens(db, 'kakaricho', 'reset-three-password')).toBe(true);
  });

  it('keeps every change when another process changes the keyring at the same time', async () => {
    const db = await demoCopy(dir);
    const keys = keyringPath(db);
    const run = (prefix: string) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            '-e',
            `require('tsx/cjs/api').register(); process.argv.splice(1, 0, 'w'); require(${JSON.stringify(writer)})`,
            keys,
            prefix,
            '30',
          ],
          { stdio: 'ignore' },
        );
        child.once('exit', (code) => resolve(code));
      });
    const local = (async () => {
      for (let i = 0; i < 30; i += 1) {
        await withKeyringLock(keys, async () => {
          const k = readKeyring(keys);
          await new Promise((resolve) => setTimeout(resolve, 2));
          writeKeyring(keys, { ...k, throttle: { ...k.throttle, [`local-${i}`]: { failures: 1, until: 0 } } });
        });
      }
    })();
    const [a, b] = await Promise.all([run('one'), run('two'), local]);
    expect([a, b]).toEqual([0, 0]);
    const k = readKeyring(keys);
    expect(Object.keys(k.throttle)).toHaveLength(90);
    expect(k.slots.length).toBeGreaterThanOrEqual(6);
    expect(fs.existsSync(`${keys}.lock`)).toBe(false);
    expect(fs.readdirSync(path.dirname(keys)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('takes over a lock left by a killed process', async () => {
    const db = await demoCopy(dir);
    const keys = keyringPath(db);
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    fs.writeFileSync(
      `${keys}.lock`,
      JSON.stringify({ pid: dead, host: (await import('node:os')).hostname(), at: Date.now() }),
    );
    const started = Date.now();
    expect(await opens(db, 'admin', demoPass)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('the login back-off under attempts sent at once', () => {
  it('checks at most three of 24 wrong passwords sent together; the rest wait', async () => {
    const db = await demoCopy(dir);
    const attempts = Array.from({ length: 24 }, () => {
      const ctx = new AppContext(db);
      return dispatch(ctx, 'auth:login', { login: 'kacho', password: 'wrong-password-x' }).finally(() => ctx.end());
    });
    const codes = (await Promise.all(attempts)).map((r) => (r.ok ? 'OK' : r.error.code));
    expect(codes.filter((c) => c === 'AUTH_FAILED')).toHaveLength(3);
    expect(codes.filter((c) => c === 'THROTTLED')).toHaveLength(21);
    const k = readKeyring(keyringPath(db));
    expect(k.throttle[loginTag(k, 'kacho')]?.failures).toBe(3);
    // The right password waits too, until the back-off is over.
    const ctx = new AppContext(db);
    expect(await dispatch(ctx, 'auth:login', { login: 'kacho', password: demoPass })).toMatchObject({
      ok: false,
      error: { code: 'THROTTLED' },
    });
  });

  it('counts the attempt before the check: a right password after two wrong ones clears the count', async () => {
    const db = await demoCopy(dir);
    expect(await opens(db, 'kacho', 'wrong-password-x')).toBe(false);
    expect(await opens(db, 'kacho', 'wrong-password-x')).toBe(false);
    expect(await opens(db, 'kacho', demoPass)).toBe(true);
    const k = readKeyring(keyringPath(db));
    expect(k.throttle[loginTag(k, 'kacho')]).toBeUndefined();
  });
});

describe("the keyring's own limits", () => {
  it('refuses a slot naming a scrypt cost beyond what Kaname writes, before deriving anything', async () => {
    const db = await demoCopy(dir);
    const keys = keyringPath(db);
    const k = JSON.parse(fs.readFileSync(keys, 'utf8')) as { slots: { kdf: { N: number; r: number } }[] };
    for (const s of k.slots) {
      s.kdf.N = 2 ** 22;
      s.kdf.r = 32;
    }
    fs.writeFileSync(keys, JSON.stringify(k));
    const started = Date.now();
    const ctx = new AppContext(db);
    const r = await dispatch(ctx, 'auth:login', { login: 'admin', password: demoPass });
    expect(r).toMatchObject({ ok: false, error: { code: 'DB_CORRUPT' } });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('accepts the costs Kaname writes itself', async () => {
    const db = await demoCopy(dir);
    const k = readKeyring(keyringPath(db));
    expect(k.slots.every((s) => s.kdf.N === 2 ** 15 && s.kdf.r === 8 && s.kdf.p === 1)).toBe(true);
  });
});

describe('a full disk at login', () => {
  /** The CLI under a file-size limit: every write that grows a file fails, as on a full disk. */
  function verifyOnFullDisk(db: string, password: string): { status: number | null; stdout: string } {
    const r = spawnSync(
      'bash',
      ['-c', 'ulimit -f 0 && exec "$0" "$@"', process.execPath, bin, 'verify', '--db', db, '--json'],
      { env: { ...process.env, KANAME_PASSWORD: password, KANAME_USER: 'admin' }, encoding: 'utf8' },
    );
    return { status: r.status, stdout: r.stdout };
  }

  it('answers a right and a wrong password alike, and checks neither', async () => {
    const db = await demoCopy(dir);
    const keysBefore = fs.readFileSync(keyringPath(db));
    const right = verifyOnFullDisk(db, demoPass);
    const wrong = verifyOnFullDisk(db, 'wrong-password-x');
    expect(right.status).toBe(wrong.status);
    expect(right.stdout).toBe(wrong.stdout);
    expect(JSON.parse(right.stdout)).toMatchObject({ ok: false, error: { code: 'IO' } });
    expect(fs.readFileSync(keyringPath(db)).equals(keysBefore)).toBe(true);
    // With room again, the right password opens as before.
    expect(await opens(db, 'admin', demoPass)).toBe(true);
  });
});
