import fs from 'node:fs';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppContext } from '../../electron/core/api/context';
import { closeOffice } from '../../electron/core/office/office.service';
import { callApi, hrPassword, loggedIn, newOffice, tempDir } from '../helpers/office';

const dir = tempDir();
let dbPath = '';
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const made = await newOffice(dir);
  dbPath = made.dbPath;
  closeOffice(made.office);
});

function fileHash(p: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
}

async function login(loginId: string, password: string) {
  return callApi(new AppContext(dbPath), 'auth:login', { login: loginId, password });
}

describe('accounts and the keyring', () => {
  it('every account unlocks the same database with its own password', async () => {
    const hr = await loggedIn(dbPath, 'hr', hrPassword);
    for (const [id, role] of [
      ['eval1', 'evaluator'],
      ['staff1', 'staff'],
      ['jinji1', 'personnel'],
    ] as const) {
      const r = await callApi(hr, 'accounts:create', {
        login: id,
        displayName: `${id} 氏名`,
        role,
        staffNo: null,
        password: `${id}-password`,
      });
      expect(r.ok).toBe(true);
    }
    hr.end();
    for (const id of ['eval1', 'staff1', 'jinji1']) {
      const r = await login(id, `${id}-password`);
      expect(r.ok, id).toBe(true);
      if (r.ok) expect(r.value.mustChangePassword).toBe(true);
    }
  });

  it('a wrong password and an unknown login fail with the same message', async () => {
    const wrong = await login('eval1', 'not-the-password');
    const unknown = await login('nobody', 'not-the-password');
    expect(wrong.ok || unknown.ok).toBe(false);
    if (!wrong.ok && !unknown.ok) {
      expect(wrong.error.code).toBe('AUTH_FAILED');
      expect(unknown.error).toEqual(wrong.error);
    }
  });

  it('a new account must change its password before anything else', async () => {
    const ctx = new AppContext(dbPath);
    await callApi(ctx, 'auth:login', { login: 'staff1', password: 'staff1-password' });
    const blocked = await callApi(ctx, 'cycles:list', {});
    expect(!blocked.ok && blocked.error.code).toBe('FORBIDDEN');
    const changed = await callApi(ctx, 'auth:changePassword', { current: 'staff1-password', next: 'staff1-new-pass' });
    expect(changed.ok).toBe(true);
    expect((await callApi(ctx, 'cycles:list', {})).ok).toBe(true);
    ctx.end();
    expect((await login('staff1', 'staff1-password')).ok).toBe(false);
    expect((await login('staff1', 'staff1-new-pass')).ok).toBe(true);
  });

  it('changing a password re-wraps one slot and never re-encrypts the database', async () => {
    const ctx = await loggedIn(dbPath, 'hr', hrPassword);
    ctx.office!.db.pragma('wal_checkpoint(TRUNCATE)');
    const firstPage = fs.readFileSync(dbPath).subarray(0, 4096).toString('hex');
    const keysBefore = JSON.parse(fs.readFileSync(`${dbPath}.keys`, 'utf8')) as {
      slots: { tag: string; ct: string }[];
    };
    const r = await callApi(ctx, 'auth:changePassword', { current: hrPassword, next: 'hr-password-2' });
    expect(r.ok).toBe(true);
    ctx.office!.db.pragma('wal_checkpoint(TRUNCATE)');
    // The page cipher key is unchanged: the first page's salt/header bytes stay as they were.
    expect(fs.readFileSync(dbPath).subarray(0, 16).toString('hex')).toBe(firstPage.slice(0, 32));
    const keysAfter = JSON.parse(fs.readFileSync(`${dbPath}.keys`, 'utf8')) as { slots: { tag: string; ct: string }[] };
    const changed = keysAfter.slots.filter((s) => !keysBefore.slots.some((b) => b.tag === s.tag && b.ct === s.ct));
    expect(changed).toHaveLength(1);
    expect(keysAfter.slots).toHaveLength(keysBefore.slots.length);
    ctx.end();
    expect((await login('hr', 'hr-password-2')).ok).toBe(true);
    // put it back for the other tests
    const again = await loggedIn(dbPath, 'hr', 'hr-password-2');
    await callApi(again, 'auth:changePassword', { current: 'hr-password-2', next: hrPassword });
    again.end();
  });

  it('a disabled account does not unlock, and its slot is gone', async () => {
    const hr = await loggedIn(dbPath, 'hr', hrPassword);
    const list = await callApi(hr, 'accounts:list', {});
    const eval1 = list.ok ? list.value.find((a) => a.login === 'eval1') : undefined;
    expect(eval1).toBeDefined();
    const slotsBefore = (JSON.parse(fs.readFileSync(`${dbPath}.keys`, 'utf8')) as { slots: unknown[] }).slots.length;
    const r = await callApi(hr, 'accounts:disable', { id: eval1!.id });
    expect(r.ok && r.value.disabled).toBe(true);
    const slotsAfter = (JSON.parse(fs.readFileSync(`${dbPath}.keys`, 'utf8')) as { slots: unknown[] }).slots.length;
    expect(slotsAfter).toBe(slotsBefore - 1);
    hr.end();
    const refused = await login('eval1', 'eval1-password');
    expect(!refused.ok && refused.error.code).toBe('AUTH_FAILED');

    const hr2 = await loggedIn(dbPath, 'hr', hrPassword);
    const enabled = await callApi(hr2, 'accounts:enable', { id: eval1!.id, password: 'eval1-again-1' });
    expect(enabled.ok && !enabled.value.disabled).toBe(true);
    hr2.end();
    expect((await login('eval1', 'eval1-password')).ok).toBe(false);
    expect((await login('eval1', 'eval1-again-1')).ok).toBe(true);
  });

  it('HR cannot lock the office out: the last HR account cannot be disabled or demoted, nor oneself', async () => {
    const hr = await loggedIn(dbPath, 'hr', hrPassword);
    const me = hr.session!.accountId;
    const self = await callApi(hr, 'accounts:disable', { id: me });
    expect(!self.ok && self.error.code).toBe('VALIDATION');
    const demote = await callApi(hr, 'accounts:update', {
      id: me,
      displayName: '人事　太郎',
      role: 'staff',
      staffNo: null,
    });
    expect(!demote.ok && demote.error.code).toBe('VALIDATION');
    hr.end();
  });

  it('login IDs are unique and validated', async () => {
    const hr = await loggedIn(dbPath, 'hr', hrPassword);
    const dup = await callApi(hr, 'accounts:create', {
      login: 'EVAL1',
      displayName: 'x',
      role: 'staff',
      staffNo: null,
      password: 'password-1',
    });
    expect(!dup.ok && dup.error).toMatchObject({ code: 'CONFLICT', field: 'login' });
    const bad = await callApi(hr, 'accounts:create', {
      login: 'a b',
      displayName: 'x',
      role: 'staff',
      staffNo: null,
      password: 'password-1',
    });
    expect(!bad.ok && bad.error).toMatchObject({ code: 'VALIDATION', field: 'login' });
    const short = await callApi(hr, 'accounts:create', {
      login: 'okname',
      displayName: 'x',
      role: 'staff',
      staffNo: null,
      password: 'short',
    });
    expect(!short.ok && short.error).toEqual({
      code: 'VALIDATION',
      field: 'password',
      message: '初期パスワードは8文字以上にしてください。',
    });
    const empty = await callApi(hr, 'accounts:create', {
      login: 'okname',
      displayName: ' ',
      role: 'staff',
      staffNo: null,
      password: 'password-1',
    });
    expect(!empty.ok && empty.error).toEqual({
      code: 'VALIDATION',
      field: 'displayName',
      message: '氏名を入力してください。',
    });
    const list = await callApi(hr, 'accounts:list', {});
    const self = list.ok ? list.value.find((a) => a.login === 'hr') : undefined;
    const reset = await callApi(hr, 'accounts:resetPassword', { id: self!.id, password: '' });
    expect(!reset.ok && reset.error).toEqual({
      code: 'VALIDATION',
      field: 'password',
      message: '新しいパスワードを入力してください。',
    });
    // パスワード変更: the same words as the dialog, at the field (docs/keyring.md "Password rules").
    const noCurrent = await callApi(hr, 'auth:changePassword', { current: '', next: 'password-2' });
    expect(!noCurrent.ok && noCurrent.error).toEqual({
      code: 'VALIDATION',
      field: 'current',
      message: '現在のパスワードを入力してください。',
    });
    const same = await callApi(hr, 'auth:changePassword', { current: hrPassword, next: hrPassword });
    expect(!same.ok && same.error).toEqual({
      code: 'VALIDATION',
      field: 'next',
      message: '新しいパスワードは現在のものと別にしてください。',
    });
    const unknownStaff = await callApi(hr, 'accounts:create', {
      login: 'okname',
      displayName: 'x',
      role: 'staff',
      staffNo: '999999',
      password: 'password-1',
    });
    expect(!unknownStaff.ok && unknownStaff.error).toMatchObject({ code: 'VALIDATION', field: 'staffNo' });
    hr.end();
  });

  it('adding an account writes a new slot to the keyring', async () => {
    const before = fileHash(`${dbPath}.keys`);
    const hr = await loggedIn(dbPath, 'hr', hrPassword);
    await callApi(hr, 'accounts:create', {
      login: 'later1',
      displayName: 'x',
      role: 'staff',
      staffNo: null,
      password: 'password-1',
    });
    hr.end();
    expect(fileHash(`${dbPath}.keys`)).not.toBe(before);
  });
});
