import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import { backupsDir } from '../../electron/core/system/backup.service';
import { runKaname } from '../helpers/cli';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/**
 * The CLI goes through the app's front door: it logs in and calls channels through dispatch, so the
 * access table in shared/contract.ts decides for it as for the app (docs/cli.md). In-process: the
 * CLI's own run(), with its output caught (tests/helpers/cli.ts).
 */

let dir: string;
beforeAll(() => {
  dir = tempDir('kaname-cli-dispatch-');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A demo office alone in its own folder, so that its backups folder is its own. */
async function ownDemo(): Promise<string> {
  const copy = await demoCopy(dir);
  const own = fs.mkdtempSync(path.join(dir, 'office-'));
  const dbPath = path.join(own, 'office.db');
  fs.renameSync(copy, dbPath);
  fs.renameSync(`${copy}.keys`, `${dbPath}.keys`);
  return dbPath;
}

async function kaname(
  args: string[],
  user: string,
  password = demoPass,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const r = await runKaname(args, { KANAME_PASSWORD: password, KANAME_USER: user });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the CLI through dispatch', () => {
  it('lists for `kaname staff` what staff:list gives the same login (the app rule, not HR-only)', async () => {
    const dbPath = await ownDemo();
    for (const login of ['admin', 'jinji', 'kacho', 'shokuin']) {
      const r = await kaname(['staff', '--db', dbPath, '--json'], login);
      expect(r.code, `${login}: ${r.stdout}${r.stderr}`).toBe(0);
      const listed = (JSON.parse(r.stdout) as { staff: { staffNo: string }[] }).staff.map((s) => s.staffNo);
      const ctx = await loggedIn(dbPath, login, demoPass);
      const app = await callApi(ctx, 'staff:list', { active: 'all', limit: 50_000 });
      ctx.end();
      if (!app.ok) throw new Error(app.error.code);
      expect(listed, login).toEqual(app.value.rows.map((s) => s.staffNo));
      expect(listed.length, login).toBeGreaterThan(0);
    }
    // The scope is the service's: a staff member sees fewer people than HR.
    const all = await kaname(['staff', '--db', dbPath, '--json'], 'admin');
    const own = await kaname(['staff', '--db', dbPath, '--json'], 'shokuin');
    const count = (s: string): number => (JSON.parse(s) as { staff: unknown[] }).staff.length;
    expect(count(own.stdout)).toBeLessThan(count(all.stdout));
  });

  it('refuses an account that must first change its password, as the app does (exit 3)', async () => {
    const dbPath = await ownDemo();
    const hr = await loggedIn(dbPath, 'admin', demoPass);
    const made = await callApi(hr, 'accounts:create', {
      login: 'newhr',
      displayName: '新任　人事',
      role: 'hr',
      staffNo: null,
      password: 'first-password-1',
    });
    hr.end();
    if (!made.ok) throw new Error(made.error.code);
    const r = await kaname(['staff', '--db', dbPath, '--json'], 'newhr', 'first-password-1');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: '初回ログインのため、先にパスワードを変更してください。' },
    });
  });

  it('names the roles of the channel’s access rule when it refuses one', async () => {
    const dbPath = await ownDemo();
    const r = await kaname(['verify', '--db', dbPath, '--json'], 'jinji');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'この操作は人事担当のアカウントだけが行えます。' },
    });
    const b = await kaname(['backup', '--db', dbPath, '--out', path.join(dir, 'refused.db'), '--json'], 'kacho');
    expect(b.code).toBe(3);
    expect(JSON.parse(b.stdout)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(fs.existsSync(path.join(dir, 'refused.db'))).toBe(false);
  });

  it('makes no automatic backup, where the app’s login makes the daily one', async () => {
    const dbPath = await ownDemo();
    const verify = await kaname(['verify', '--db', dbPath, '--json'], 'admin');
    expect(verify.code).toBe(0);
    const staff = await kaname(['staff', '--db', dbPath, '--json'], 'shokuin');
    expect(staff.code).toBe(0);
    expect(fs.existsSync(backupsDir(dbPath))).toBe(false);

    const app = await loggedIn(dbPath, 'admin', demoPass);
    app.end();
    expect(fs.readdirSync(backupsDir(dbPath)).filter((f) => f.endsWith('.db'))).toHaveLength(1);
  });
});

describe('AppContext autoBackup', () => {
  it('is on by default and off with { autoBackup: false }, at login and at logout', async () => {
    const quiet = await ownDemo();
    const ctx = new AppContext(quiet, { autoBackup: false });
    const r = await dispatch(ctx, 'auth:login', { login: 'admin', password: demoPass });
    expect(r.ok).toBe(true);
    ctx.end();
    expect(fs.existsSync(backupsDir(quiet))).toBe(false);

    const usual = await ownDemo();
    const app = new AppContext(usual);
    expect((await dispatch(app, 'auth:login', { login: 'admin', password: demoPass })).ok).toBe(true);
    expect(fs.readdirSync(backupsDir(usual)).filter((f) => f.endsWith('.db'))).toHaveLength(1);
    app.end();
  });
});
