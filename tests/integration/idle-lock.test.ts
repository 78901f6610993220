import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import { keyringPath, loginTag, readKeyring } from '../../electron/core/db/keyring';
import { withApi } from '../../electron/cli/common';
import { startHost } from '../../electron/host/server';
import type { RunningHost } from '../../electron/host/server';
import { screenLockedMessage } from '../../shared/contract';
import type { AppStatus, LockState } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { demoCopy, demoPass, tempDir } from '../helpers/office';

/** The screen lock and the browser host's tab binding (docs/idle-lock.md), on real demo offices. */

const minute = 60_000;
let dir: string;

beforeAll(() => {
  dir = tempDir('kaname-idle-lock-');
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A context on its own demo copy with a clock the test moves, logged in as `login`. */
async function session(login: string): Promise<{ ctx: AppContext; clock: { t: number }; dbPath: string }> {
  const dbPath = await demoCopy(dir);
  const clock = { t: Date.UTC(2026, 11, 3, 9) };
  const ctx = new AppContext(dbPath, { autoBackup: false, now: () => clock.t });
  const r = await dispatch(ctx, 'auth:login', { login, password: demoPass });
  expect(r.ok).toBe(true);
  return { ctx, clock, dbPath };
}

function lockOf(r: Result<AppStatus>): LockState | null | undefined {
  return r.ok ? r.value.lock : undefined;
}

describe('the screen lock in the core', () => {
  it('locks on request, refuses every channel but status, heartbeat, unlock and logout, and unlocks with the password', async () => {
    const { ctx, dbPath } = await session('admin');
    expect(lockOf(await dispatch(ctx, 'app:status', {}))).toEqual({ locked: false, idleMinutes: 15 });
    expect(await dispatch(ctx, 'auth:lock', {})).toEqual({ ok: true, value: { locked: true, idleMinutes: 15 } });

    for (const [channel, arg] of [
      ['cycles:list', {}],
      ['accounts:list', {}],
      ['auth:changePassword', { current: demoPass, next: 'another-pass-1' }],
      ['auth:login', { login: 'shokuin', password: demoPass }],
      ['fill:open', { fileName: 'a.xlsx', data: 'AAAA' }],
      ['auth:setIdleLock', { idleMinutes: 30 }],
    ] as const) {
      expect(await dispatch(ctx, channel, arg), channel).toEqual({
        ok: false,
        error: { code: 'LOCKED', message: screenLockedMessage },
      });
    }
    // Still the same session underneath: the login attempt above did not replace it.
    const status = await dispatch(ctx, 'app:status', {});
    expect(status.ok && status.value.session?.login).toBe('admin');
    expect(lockOf(status)).toEqual({ locked: true, idleMinutes: 15 });
    expect(await dispatch(ctx, 'auth:heartbeat', { active: true })).toMatchObject({
      ok: true,
      value: { locked: true },
    });

    // A wrong password: refused at the field, and counted as a failed login would be.
    const wrong = await dispatch(ctx, 'auth:unlock', { password: 'not-the-password' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED', field: 'password' } });
    const keys = readKeyring(keyringPath(dbPath));
    expect(keys.throttle[loginTag(keys, 'admin')]?.failures).toBe(1);
    expect((await dispatch(ctx, 'cycles:list', {})).ok).toBe(false);

    // The back-off a failed login brings applies to unlocking too.
    const throttled = await dispatch(ctx, 'auth:unlock', { password: demoPass });
    if (!throttled.ok) {
      expect(throttled.error.code).toBe('THROTTLED');
      await new Promise((r) => setTimeout(r, 1100));
    }
    const right = await dispatch(ctx, 'auth:unlock', { password: demoPass });
    expect(right).toEqual({ ok: true, value: { locked: false, idleMinutes: 15 } });
    expect((await dispatch(ctx, 'cycles:list', {})).ok).toBe(true);

    const audit = await dispatch(ctx, 'audit:list', { offset: 0, limit: 10 });
    expect(audit.ok).toBe(true);
    const actions = audit.ok ? audit.value.rows.map((r) => `${r.actor} ${r.action}`) : [];
    expect(actions).toContain('admin auth.lock');
    expect(actions).toContain('admin auth.unlock');
    ctx.close();
  });

  it('ログアウト from the lock screen ends the session; the next person logs in', async () => {
    const { ctx } = await session('shokuin');
    await dispatch(ctx, 'auth:lock', {});
    expect(await dispatch(ctx, 'auth:logout', {})).toEqual({ ok: true, value: null });
    expect(lockOf(await dispatch(ctx, 'app:status', {}))).toBeNull();
    expect(await dispatch(ctx, 'auth:login', { login: 'admin', password: demoPass })).toMatchObject({ ok: true });
    expect(lockOf(await dispatch(ctx, 'app:status', {}))).toEqual({ locked: false, idleMinutes: 15 });
    // The logout is audited as the login is: shokuin's lock, logout, then admin's login.
    const audit = await dispatch(ctx, 'audit:list', { offset: 0, limit: 4 });
    if (!audit.ok) throw new Error('audit:list failed');
    expect(audit.value.rows.map((r) => `${r.actor} ${r.action}`)).toEqual([
      'admin auth.login',
      'shokuin auth.logout',
      'shokuin auth.lock',
      'shokuin auth.login',
    ]);
    ctx.close();
  });

  it('locks by itself when no call has come for the idle time, whatever the screen does', async () => {
    const { ctx, clock } = await session('shokuin');
    clock.t += 14 * minute;
    expect((await dispatch(ctx, 'cycles:list', {})).ok).toBe(true); // a call: the idle time starts again
    clock.t += 14 * minute;
    // Reports without input keep the tab alive but not the session.
    expect(await dispatch(ctx, 'auth:heartbeat', { active: false })).toMatchObject({ value: { locked: false } });
    clock.t += 1 * minute;
    expect(await dispatch(ctx, 'cycles:list', {})).toEqual({
      ok: false,
      error: { code: 'LOCKED', message: screenLockedMessage },
    });
    expect(lockOf(await dispatch(ctx, 'app:status', {}))).toEqual({ locked: true, idleMinutes: 15 });
    // A report with input keeps it open.
    expect((await dispatch(ctx, 'auth:unlock', { password: demoPass })).ok).toBe(true);
    for (let i = 0; i < 40; i += 1) {
      clock.t += minute / 2;
      expect(await dispatch(ctx, 'auth:heartbeat', { active: true })).toMatchObject({ value: { locked: false } });
    }
    ctx.close();
  });

  it("locked by hand (画面をロック): refused with LOCKED as after the idle time, audited as the user's own lock", async () => {
    const { ctx, dbPath } = await session('kacho');
    expect(await dispatch(ctx, 'auth:lock', { reason: 'sometime' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await dispatch(ctx, 'auth:lock', { reason: 'manual' })).toEqual({
      ok: true,
      value: { locked: true, idleMinutes: 15 },
    });
    // LOCKED, not FORBIDDEN: a screen or a script can tell "unlock first" from "never allowed".
    expect(await dispatch(ctx, 'selfReport:get', {})).toEqual({
      ok: false,
      error: { code: 'LOCKED', message: screenLockedMessage },
    });
    expect((await dispatch(ctx, 'auth:unlock', { password: demoPass })).ok).toBe(true);
    const forbidden = await dispatch(ctx, 'accounts:list', {});
    expect(!forbidden.ok && forbidden.error.code).toBe('FORBIDDEN');
    ctx.close();

    const hr = new AppContext(dbPath, { autoBackup: false });
    expect((await dispatch(hr, 'auth:login', { login: 'admin', password: demoPass })).ok).toBe(true);
    const audit = await dispatch(hr, 'audit:list', { offset: 0, limit: 20 });
    const rows = audit.ok ? audit.value.rows.filter((r) => r.actor === 'kacho' && r.action.startsWith('auth.')) : [];
    expect(rows.map((r) => [r.action, r.after && (JSON.parse(r.after) as { reason?: string }).reason])).toEqual(
      expect.arrayContaining([
        ['auth.lock', 'manual'],
        ['auth.unlock', null],
      ]),
    );
    hr.close();
  });

  it('a call is activity until it ends, so a CLI run is not locked between its calls', async () => {
    const dbPath = await demoCopy(dir);
    const clock = { t: Date.UTC(2026, 11, 3, 9) };
    const hr = new AppContext(dbPath, { autoBackup: false, now: () => clock.t });
    await dispatch(hr, 'auth:login', { login: 'admin', password: demoPass });
    expect((await dispatch(hr, 'auth:setIdleLock', { idleMinutes: 1 })).ok).toBe(true);

    // The app: a call that takes two minutes (the clock moves while it runs) leaves the session open.
    let moved = false;
    setTimeout(() => {
      clock.t += 2 * minute;
      moved = true;
    }, 0);
    expect((await dispatch(hr, 'excel:export', { kind: 'staff', fy: null })).ok).toBe(true);
    expect(moved).toBe(true);
    expect((await dispatch(hr, 'accounts:list', {})).ok).toBe(true);
    hr.close();

    // The CLI (its own context per run, the real clock): the same two-minute call between its calls.
    const now = vi.spyOn(Date, 'now').mockImplementation(() => clock.t);
    try {
      const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: { KANAME_PASSWORD: demoPass } };
      const answers = await withApi(dbPath, { user: 'admin' }, io, async (call) => {
        let movedInRun = false;
        setTimeout(() => {
          clock.t += 2 * minute;
          movedInRun = true;
        }, 0);
        const file = await call('excel:export', { kind: 'staff', fy: null });
        expect(movedInRun).toBe(true);
        return { file, accounts: await call('accounts:list', {}) };
      });
      expect(answers.file.fileName).toMatch(/\.xlsx$/u);
      expect(answers.accounts.length).toBeGreaterThan(0);
    } finally {
      now.mockRestore();
    }
  });

  it('HR sets the idle time within 1 to 120 minutes; it holds for the running and every later session', async () => {
    const { ctx, clock, dbPath } = await session('admin');
    for (const bad of [0, 121, 1.5, -3]) {
      expect(await dispatch(ctx, 'auth:setIdleLock', { idleMinutes: bad }), String(bad)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', field: 'idleMinutes' },
      });
    }
    expect(await dispatch(ctx, 'auth:setIdleLock', { idleMinutes: 1 })).toEqual({
      ok: true,
      value: { locked: false, idleMinutes: 1 },
    });
    clock.t += minute;
    expect((await dispatch(ctx, 'cycles:list', {})).ok).toBe(false);
    ctx.close();

    const staff = new AppContext(dbPath, { autoBackup: false, now: () => clock.t });
    await dispatch(staff, 'auth:login', { login: 'shokuin', password: demoPass });
    expect(lockOf(await dispatch(staff, 'app:status', {}))).toEqual({ locked: false, idleMinutes: 1 });
    expect(await dispatch(staff, 'auth:setIdleLock', { idleMinutes: 60 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    staff.close();
  });

  it('an account disabled while its screen was locked cannot unlock it', async () => {
    const { ctx, dbPath } = await session('shokuin');
    await dispatch(ctx, 'auth:lock', {});
    const hr = new AppContext(dbPath, { autoBackup: false });
    await dispatch(hr, 'auth:login', { login: 'admin', password: demoPass });
    const accounts = await dispatch(hr, 'accounts:list', {});
    const id = accounts.ok ? accounts.value.find((a) => a.login === 'shokuin')?.id : undefined;
    expect(id).toBeDefined();
    expect((await dispatch(hr, 'accounts:disable', { id: id! })).ok).toBe(true);
    hr.close();
    // Disabling takes the account's key slot away: its password opens nothing any more.
    expect(await dispatch(ctx, 'auth:unlock', { password: demoPass })).toMatchObject({
      ok: false,
      error: { code: 'AUTH_FAILED' },
    });
    expect(lockOf(await dispatch(ctx, 'app:status', {}))).toMatchObject({ locked: true });
    expect((await dispatch(ctx, 'cycles:list', {})).ok).toBe(false);
    ctx.close();
  });
});

describe('the browser host: a session belongs to the tab that logged in', () => {
  let host: RunningHost;
  const clock = { t: Date.UTC(2026, 11, 3, 9) };
  const tabA = 'tab-secret-of-the-first-tab-0001';
  const tabB = 'tab-secret-of-another-tab-00002';

  beforeAll(async () => {
    const rendererDir = path.join(dir, 'renderer');
    fs.mkdirSync(rendererDir, { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>要</title>');
    host = await startHost({ dbPath: await demoCopy(dir), rendererDir, port: 0, now: () => clock.t });
  });

  afterAll(async () => {
    await host.close();
  });

  async function api<T = unknown>(channel: string, arg: unknown = {}, tab?: string): Promise<Result<T>> {
    const res = await fetch(`${host.origin}/api/${channel}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-kaname-token': host.token,
        ...(tab ? { 'x-kaname-tab': tab } : {}),
      },
      body: JSON.stringify(arg),
    });
    return (await res.json()) as Result<T>;
  }

  async function leave(tab: string): Promise<number> {
    const res = await fetch(`${host.origin}/tab/leave`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kaname-token': host.token, 'x-kaname-tab': tab },
      body: '{}',
    });
    return res.status;
  }

  const unauthenticated = { ok: false, error: { code: 'UNAUTHENTICATED' } };

  it('answers only the tab that logged in; a page without its secret finds no session and ends it', async () => {
    expect(await api('auth:login', { login: 'admin', password: demoPass }, tabA)).toMatchObject({ ok: true });
    expect(host.tabSecret()).toBe(tabA);
    expect((await api('accounts:list', {}, tabA)).ok).toBe(true);
    // Another tab, or the address with #token from history: the token alone opens nothing.
    expect(await api('accounts:list')).toMatchObject(unauthenticated);
    expect(await api('accounts:list', {}, tabB)).toMatchObject(unauthenticated);
    expect(await api('auth:lock', {}, tabB)).toMatchObject(unauthenticated);
    // Its page load (app:status) finds no session: the orphaned one is ended.
    const status = await api<AppStatus>('app:status', {}, tabB);
    expect(status.ok && status.value.session).toBeNull();
    expect(await api('accounts:list', {}, tabA)).toMatchObject(unauthenticated);
    expect(host.tabSecret()).toBeNull();
  });

  it('ends the session when the tab falls silent, and keeps it while the tab reports', async () => {
    await api('auth:login', { login: 'shokuin', password: demoPass }, tabA);
    for (let i = 0; i < 6; i += 1) {
      clock.t += minute / 2;
      expect((await api('auth:heartbeat', { active: true }, tabA)).ok).toBe(true);
    }
    clock.t += 3 * minute + 1000;
    expect(await api('cycles:list', {}, tabA)).toMatchObject(unauthenticated);
  });

  it('a page leaving ends the session unless the same tab comes back at once (a reload)', async () => {
    await api('auth:login', { login: 'shokuin', password: demoPass }, tabA);
    expect(await leave(tabA)).toBe(200);
    clock.t += 2000;
    const reloaded = await api<AppStatus>('app:status', {}, tabA);
    expect(reloaded.ok && reloaded.value.session?.login).toBe('shokuin');
    expect(await leave(tabA)).toBe(200);
    clock.t += 60_000;
    const reopened = await api<AppStatus>('app:status', {}, tabA);
    expect(reopened.ok && reopened.value.session).toBeNull();
  });

  it('a leave without the token is refused, and one from another tab changes nothing', async () => {
    await api('auth:login', { login: 'shokuin', password: demoPass }, tabA);
    const res = await fetch(`${host.origin}/tab/leave`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kaname-tab': tabA },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(await leave(tabB)).toBe(200);
    clock.t += 60_000;
    expect((await api('cycles:list', {}, tabA)).ok).toBe(true);
    await api('auth:logout', {}, tabA);
  });

  it('a script that logs in without a tab secret keeps a session of its own, as before', async () => {
    expect((await api('auth:login', { login: 'admin', password: demoPass })).ok).toBe(true);
    expect(host.tabSecret()).toBeNull();
    expect((await api('accounts:list')).ok).toBe(true);
    await api('auth:logout');
  });

  it('hands no export over while the screen is locked', async () => {
    await api('auth:login', { login: 'admin', password: demoPass }, tabA);
    const exported = await api<{ file?: { id: string } }>(
      'excel:export',
      { kind: 'staff', fy: null, delivery: 'file' },
      tabA,
    );
    const id = exported.ok ? exported.value.file?.id : undefined;
    expect(id).toBeDefined();
    await api('auth:lock', {}, tabA);
    const locked = await fetch(`${host.origin}/download/${id!}`, { headers: { 'x-kaname-token': host.token } });
    expect(locked.status).toBe(403);
    expect((await api('auth:unlock', { password: demoPass }, tabA)).ok).toBe(true);
    const served = await fetch(`${host.origin}/download/${id!}`, { headers: { 'x-kaname-token': host.token } });
    expect(served.status).toBe(200);
    await api('auth:logout', {}, tabA);
  });

  it('serves the app icon as /favicon.ico', async () => {
    const res = await fetch(`${host.origin}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync('resources/icon.ico'))).toBe(true);
  });
});
