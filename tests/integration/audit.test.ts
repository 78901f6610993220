import fs from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { auditWriter } from '../../electron/core/system/audit.repo';
import type { AuditRow } from '../../shared/contract';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let ctx: AppContext;
let dbPath: string;

beforeEach(async () => {
  dbPath = await demoCopy(dir);
  ctx = await loggedIn(dbPath, 'admin', demoPass);
  // a few more entries to tamper with
  for (const n of [1, 2, 3]) {
    await callApi(ctx, 'accounts:create', {
      login: `audit${n}`,
      displayName: `監査${n}`,
      role: 'staff',
      staffNo: null,
      password: 'password-1',
    });
  }
});

function db() {
  return ctx.office!.db;
}

async function verify() {
  const r = await callApi(ctx, 'system:verify', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('audit log', () => {
  it('records who, when, what and before → after for each write', async () => {
    const list = await callApi(ctx, 'accounts:list', {});
    const target = list.ok ? list.value.find((a) => a.login === 'audit1') : undefined;
    await callApi(ctx, 'accounts:update', { id: target!.id, displayName: '監査一', role: 'evaluator', staffNo: null });
    const page = await callApi(ctx, 'audit:list', { offset: 0, limit: 5 });
    expect(page.ok).toBe(true);
    const last = page.ok ? page.value.rows[0] : undefined;
    expect(last).toMatchObject({
      actor: 'admin',
      action: 'account.update',
      entity: 'account',
      entityId: String(target!.id),
    });
    expect(JSON.parse(last!.before!)).toMatchObject({ displayName: '監査1', role: 'staff' });
    expect(JSON.parse(last!.after!)).toMatchObject({ displayName: '監査一', role: 'evaluator' });
    expect(last!.after).not.toMatch(/password/iu);
    expect((await verify()).ok).toBe(true);
  });

  it('names who and what for the page, and keeps a confidential change masked', async () => {
    const list = await callApi(ctx, 'accounts:list', {});
    const admin = list.ok ? list.value.find((a) => a.login === 'admin') : undefined;
    const target = list.ok ? list.value.find((a) => a.login === 'audit2') : undefined;
    await callApi(ctx, 'accounts:update', { id: target!.id, displayName: '監査二', role: 'staff', staffNo: null });
    const staff = await loggedIn(dbPath, 'shokuin', demoPass);
    const me = await callApi(staff, 'selfReport:get', { fy: 2026 });
    if (!me.ok) throw new Error(me.error.message);
    const secret = '通院のため配慮を希望（監査テスト）';
    const saved = await callApi(staff, 'selfReport:save', {
      fy: 2026,
      version: me.value.version,
      duties: '窓口',
      health: secret,
    });
    expect(saved.ok).toBe(true);
    staff.end();

    const page = await callApi(ctx, 'audit:list', { offset: 0, limit: 10 });
    if (!page.ok) throw new Error(page.error.message);
    const save = page.value.rows.find((r) => r.action === 'selfReport.save')!;
    expect(save).toMatchObject({ actor: 'shokuin', actorName: '佐藤　健太', subject: '2026年度 074134 佐藤　健太' });
    expect(JSON.stringify(page.value.rows)).not.toContain(secret);
    expect(JSON.parse(save.after!)).toMatchObject({ health: '（非公開項目を変更）', duties: '窓口' });
    const update = page.value.rows.find((r) => r.action === 'account.update')!;
    expect(update).toMatchObject({ actor: 'admin', actorName: admin!.displayName, subject: 'audit2（監査二）' });
    const login = page.value.rows.find((r) => r.action === 'auth.login' && r.actor === 'shokuin')!;
    expect(login.subject).toBe('shokuin（佐藤　健太）');
    // An entry whose record is gone keeps its id and says nothing more.
    db().transaction(() =>
      auditWriter(db(), { id: null, label: 'system' }).append({
        action: 'award.update',
        entity: 'award',
        entityId: 99999,
        after: { 受賞者: ['074134', '999999'] },
      }),
    )();
    const gone = (await callApi(ctx, 'audit:list', { offset: 0, limit: 1 })) as {
      ok: true;
      value: { rows: AuditRow[] };
    };
    expect(gone.value.rows[0]).toMatchObject({
      actorName: null,
      subject: null,
      entityId: '99999',
      people: { '074134': '佐藤　健太' },
    });
  });

  it('refuses UPDATE and DELETE', () => {
    expect(() => db().prepare("UPDATE audit_log SET actor = 'x' WHERE id = 1").run()).toThrow(/append-only/u);
    expect(() => db().prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow(/append-only/u);
  });

  it('detects a changed row', async () => {
    db().exec('DROP TRIGGER audit_log_no_update');
    db().prepare('UPDATE audit_log SET after = \'{"role":"hr"}\' WHERE id = 3').run();
    db().exec(
      "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
    );
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.audit.problems.join('\n')).toContain('行 3 の内容が変更されています');
  });

  it('detects a deleted row in the middle', async () => {
    db().exec('DROP TRIGGER audit_log_no_delete');
    db().prepare('DELETE FROM audit_log WHERE id = 4').run();
    db().exec(
      "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
    );
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.audit.problems.join('\n')).toMatch(/行 4〜4 が削除/u);
  });

  it('detects a deleted last row', async () => {
    const max = (db().prepare('SELECT max(id) AS m FROM audit_log').get() as { m: number }).m;
    db().exec('DROP TRIGGER audit_log_no_delete');
    db().prepare('DELETE FROM audit_log WHERE id = ?').run(max);
    db().exec(
      "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
    );
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.audit.problems.join('\n')).toContain('末尾');
  });

  it('detects a removed trigger', async () => {
    db().exec('DROP TRIGGER audit_log_no_update');
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.audit.problems.join('\n')).toContain('トリガー');
  });
});
