import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { openDatabase } from '../../electron/core/db/connection';
import type { Db } from '../../electron/core/db/connection';
import { runMigrations, schemaVersion } from '../../electron/core/db/migrate';
import { migrations } from '../../electron/core/db/migrations';
import { confidentialAuditMask } from '../../electron/core/self-report/self-report.service';
import type { Input, SelfReportView } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { headOfOfficeLabel } from '../../shared/self-report';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/**
 * The self-report (自己申告書) on one real encrypted demo office: the staff member writes and
 * submits, evaluators and the personnel office read it without the confidential sections, the
 * 調整者 and HR read them (audited), the 調整者 records the interview, HR reopens it.
 *
 * In the demo, shokuin (係員) has kakaricho as 1次, kacho as 2次 and the 副区長 — who has no account —
 * as 調整者; kucho (区長) is the 調整者 of 課長 and has nothing to do with shokuin.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-self-report-');
let dbPath = '';
let d: Db;
const ctx = {} as Record<'admin' | 'jinji' | 'kucho' | 'kacho' | 'kakaricho' | 'shokuin' | 'fukukucho', AppContext>;
let shokuinNo = '';
let fukukuchoNo = '';

const HEALTH = '【健康】腰痛のため月1回通院中';
const FAMILY = '【家庭】父の介護のため時間外勤務が難しい時期がある';

type Fields = Omit<Input<'selfReport:save'>, 'fy' | 'version' | 'staffNo'>;

const fullReport: Fields = {
  duties: '介護保険の認定事務（要介護認定の受付、認定審査会の資料作成）',
  workload: '多い',
  aptitude: '向いている',
  aptitudeNote: '区民の方と直接話す仕事が好きなため',
  fulfilment: '窓口で「助かった」と言われたときにやりがいを感じる',
  meaningful: 5,
  health: HEALTH,
  transferWish: '異動希望',
  preferences: ['子育て支援課', '地域福祉の企画'],
  transferReason: '福祉分野で幅広い経験を積みたい',
  transferTiming: '来年度',
  careerFuture: '地域包括ケアの企画',
  careerSkills: '会議の進行（ファシリテーション）',
  selfDevelopment: '社会福祉士の通信講座を受講中',
  qualificationsWanted: '社会福祉士',
  postingInterest: 'あり',
  postingNote: '地域包括ケア推進のプロジェクト',
  family: FAMILY,
  comments: '研修の機会を増やしてほしい',
};

// The 意義 answers are words; a script sending a number is told which word each number is.
const meaningfulWords = /「とてもそう思う」（5）〜「まったくそう思わない」（1）から選んでください/u;

const get = (c: AppContext, staffNo?: string) =>
  callApi(c, 'selfReport:get', staffNo === undefined ? { fy } : { fy, staffNo });

function auditCount(action: string, actor?: string): number {
  const row = (
    actor === undefined
      ? d.prepare('SELECT count(*) AS n FROM audit_log WHERE action = ?').get(action)
      : d.prepare('SELECT count(*) AS n FROM audit_log WHERE action = ? AND actor = ?').get(action, actor)
  ) as { n: number };
  return row.n;
}

function lastAudit(action: string): { actor: string; entity_id: string; before: string | null; after: string | null } {
  return d
    .prepare('SELECT actor, entity_id, before, after FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1')
    .get(action) as { actor: string; entity_id: string; before: string | null; after: string | null };
}

function staffNoOfLogin(login: string): string {
  return (
    d
      .prepare('SELECT s.staff_no AS no FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.login = ?')
      .get(login) as { no: string }
  ).no;
}

/** The keys of the confidential sections appear nowhere in what was sent. */
function expectNoConfidential(view: SelfReportView): void {
  const json = JSON.stringify(view);
  expect(view.confidential).toBeNull();
  expect(view.confidentialHidden).toBe(true);
  expect(json).not.toContain('"health"');
  expect(json).not.toContain('"family"');
  expect(json).not.toContain(HEALTH);
  expect(json).not.toContain(FAMILY);
}

beforeAll(async () => {
  dbPath = await demoCopy(dir);
  for (const login of ['admin', 'jinji', 'kucho', 'kacho', 'kakaricho', 'shokuin'] as const) {
    ctx[login] = await loggedIn(dbPath, login, demoPass);
  }
  d = ctx.admin.office!.db;
  shokuinNo = staffNoOfLogin('shokuin');
  fukukuchoNo = (
    d
      .prepare(
        `SELECT s.staff_no AS no FROM evaluator_assignments e JOIN staff s ON s.id = e.adjuster_id
         WHERE e.fy = ? AND e.staff_id = (SELECT id FROM staff WHERE staff_no = ?) AND e.effective_to IS NULL`,
      )
      .get(fy, shokuinNo) as { no: string }
  ).no;
  // The 副区長 has no demo account: HR makes one, and a new account changes its password first.
  ok(
    await callApi(ctx.admin, 'accounts:create', {
      login: 'fukukucho',
      displayName: '副区長',
      role: 'evaluator',
      staffNo: fukukuchoNo,
      password: 'first-password-1',
    }),
  );
  ctx.fukukucho = await loggedIn(dbPath, 'fukukucho', 'first-password-1');
  fail(await get(ctx.fukukucho, shokuinNo), 'FORBIDDEN');
  ok(await callApi(ctx.fukukucho, 'auth:changePassword', { current: 'first-password-1', next: 'second-password-2' }));
});

afterAll(() => {
  for (const c of Object.values(ctx)) c.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('migration 0040', () => {
  it('adds the STRICT self_reports table: one per staff and year, with its checks', () => {
    const db = openDatabase(path.join(dir, 'm40.db'), crypto.randomBytes(32), { create: true, migrate: false });
    runMigrations(
      db,
      migrations.filter((m) => m.version <= 30),
    );
    db.prepare("INSERT INTO cycles (fy, created_at) VALUES (2026, 'x')").run();
    db.prepare(
      "INSERT INTO staff (staff_no, name, position, grade_group) VALUES ('000001', '既存　職員', '係員', '係員級')",
    ).run();
    runMigrations(
      db,
      migrations.filter((m) => m.version <= 40),
    );
    expect(schemaVersion(db)).toBe(40);
    const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'self_reports'").get() as { sql: string }).sql;
    expect(sql).toMatch(/STRICT/u);
    const insert = (fyValue: number, staffId: number, column = 'comments', value: unknown = '') =>
      db
        .prepare(
          `INSERT INTO self_reports (fy, staff_id, ${column}, created_at, updated_at) VALUES (?, ?, ?, 'x', 'x')`,
        )
        .run(fyValue, staffId, value);
    insert(2026, 1);
    const row = db.prepare('SELECT status, version, preferences, meaningful FROM self_reports').get();
    expect(row).toEqual({ status: '未提出', version: 1, preferences: '[]', meaningful: null });
    expect(() => insert(2026, 1)).toThrow(/UNIQUE/u);
    expect(() => insert(2025, 1)).toThrow(/FOREIGN KEY/u);
    expect(() => insert(2026, 99)).toThrow(/FOREIGN KEY/u);
    db.prepare('DELETE FROM self_reports').run();
    expect(() => insert(2026, 1, 'meaningful', 6)).toThrow(/CHECK/u);
    expect(() => insert(2026, 1, 'meaningful', 'とても')).toThrow(/datatype|cannot store/iu);
    expect(() => insert(2026, 1, 'status', '承認済')).toThrow(/CHECK/u);
    expect(() => insert(2026, 1, 'workload', 'たくさん')).toThrow(/CHECK/u);
    expect(() => insert(2026, 1, 'preferences', '["a","b","c","d"]')).toThrow(/CHECK/u);
    expect(() => insert(2026, 1, 'preferences', 'not json')).toThrow(/CHECK|JSON/u);
    insert(2026, 1, 'meaningful', 4);
    expect(db.prepare('SELECT meaningful FROM self_reports').get()).toEqual({ meaningful: 4 });
    db.close();
  });
});

describe('自己申告書: the staff member', () => {
  it('starts from an empty 未提出 report at version 0 and sees their own confidential sections', async () => {
    const v = ok(await get(ctx.shokuin));
    expect(v).toMatchObject({ fy, status: '未提出', version: 0, relation: 'self', confidentialHidden: false });
    expect(v.person.staffNo).toBe(shokuinNo);
    expect(v.confidential).toEqual({ health: '', family: '' });
    expect(v.can).toEqual({ edit: true, submit: true, interview: false, reopen: false });
    // Reading by one's own staff number is the same as reading one's own.
    expect(ok(await get(ctx.shokuin, shokuinNo)).person.staffNo).toBe(shokuinNo);
  });

  it('cannot submit before the required sections are filled, and is told every one of them at once', async () => {
    const e = fail(await callApi(ctx.shokuin, 'selfReport:submit', { fy, version: 0 }), 'VALIDATION');
    expect(e.field).toBe('duties');
    expect(e.message).toBe(
      'まだ提出できません（4件）。現在の担当業務を入力してください。業務量を選んでください。' +
        '「意義のある仕事だと感じるか」を選んでください。異動の希望を選んでください。',
    );
    // The 意義 answers are words: nobody is asked for 「1〜5」.
    expect(e.message).not.toContain('1〜5');
  });

  it('names the 所属長 of the form: the 調整者 in force, with title and name', async () => {
    const fukukucho = d
      .prepare('SELECT name, position, staff_no AS staffNo FROM staff WHERE staff_no = ?')
      .get(fukukuchoNo) as { name: string; position: string; staffNo: string };
    expect(fukukucho.position).toBe('副区長');
    for (const c of [ctx.shokuin, ctx.kakaricho, ctx.jinji, ctx.admin]) {
      const v = ok(await get(c, shokuinNo));
      expect(v.adjuster).toMatchObject(fukukucho);
      expect(headOfOfficeLabel(v.adjuster)).toBe(`所属長（調整者: 副区長 ${fukukucho.name}）`);
    }
  });

  it('says plainly when the person has no 調整者 yet', async () => {
    // The 区長 is nobody's subordinate: no 調整者 of their own.
    const kuchoNo = staffNoOfLogin('kucho');
    const v = ok(await get(ctx.admin, kuchoNo));
    expect(v.adjuster).toBeNull();
    expect(headOfOfficeLabel(v.adjuster)).toBe('所属長（調整者は未設定）');
  });

  it('saves, each save going up one version; a stale version is refused with CONFLICT', async () => {
    const first = ok(await callApi(ctx.shokuin, 'selfReport:save', { fy, version: 0, duties: '下書き' }));
    expect(first.version).toBe(1);
    const second = ok(await callApi(ctx.shokuin, 'selfReport:save', { fy, version: 1, ...fullReport }));
    expect(second.version).toBe(2);
    expect(second.fields).toMatchObject({
      duties: fullReport.duties,
      meaningful: 5,
      preferences: fullReport.preferences,
    });
    expect(second.confidential).toEqual({ health: HEALTH, family: FAMILY });
    // An omitted item is kept; saving the same again writes nothing.
    const partial = ok(await callApi(ctx.shokuin, 'selfReport:save', { fy, version: 2, comments: '特になし' }));
    expect(partial).toMatchObject({ version: 3, fields: { comments: '特になし', duties: fullReport.duties } });
    const same = ok(await callApi(ctx.shokuin, 'selfReport:save', { fy, version: 3, comments: '特になし' }));
    expect(same.version).toBe(3);

    const staleSave = fail(
      await callApi(ctx.shokuin, 'selfReport:save', { fy, version: 2, duties: '古い画面から' }),
      'CONFLICT',
    );
    expect(staleSave.message).toContain('最新の内容を読み込み直して');
    expect(ok(await get(ctx.shokuin)).fields.duties).toBe(fullReport.duties);
    fail(await callApi(ctx.shokuin, 'selfReport:save', { fy, version: 0, duties: '二重作成' }), 'CONFLICT');
  });

  it('validates every item with a Japanese message at the field', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ meaningful: 6 }, 'meaningful', meaningfulWords],
      [{ meaningful: 0 }, 'meaningful', meaningfulWords],
      [{ meaningful: 4.5 }, 'meaningful', meaningfulWords],
      [{ meaningful: '5' }, 'meaningful', meaningfulWords],
      [{ preferences: ['a', 'b', 'c', 'd'] }, 'preferences', /3つまで/u],
      [{ preferences: ['あ'.repeat(101)] }, 'preferences.0', /希望する所属・職務は100文字以内/u],
      [{ duties: 'あ'.repeat(1001) }, 'duties', /現在の担当業務は1000文字以内/u],
      [{ health: 'あ'.repeat(1001) }, 'health', /健康状態は1000文字以内/u],
      [{ comments: 'あ'.repeat(2001) }, 'comments', /2000文字以内/u],
      [{ workload: 'たくさん' }, 'workload', /業務量は「多い」「適当」「少ない」から/u],
      [{ transferWish: '転職希望' }, 'transferWish', /異動の希望は/u],
      [{ aptitude: 'はい' }, 'aptitude', /適性は/u],
      [{ postingInterest: 'たぶん' }, 'postingInterest', /庁内公募への関心は/u],
    ];
    for (const [extra, field, message] of cases) {
      const r = await callApi(ctx.shokuin, 'selfReport:save', { fy, version: 3, ...extra });
      const e = fail(r, 'VALIDATION');
      if (field) expect(e.field, JSON.stringify(extra)).toBe(field);
      expect(e.message, JSON.stringify(extra)).toMatch(message);
    }
    expect(ok(await get(ctx.shokuin)).version).toBe(3);
  });

  it('a 異動希望 needs at least one preferred section before it can be submitted', async () => {
    ok(await callApi(ctx.shokuin, 'selfReport:save', { fy, version: 3, preferences: ['', '  '] }));
    const e = fail(await callApi(ctx.shokuin, 'selfReport:submit', { fy, version: 4 }), 'VALIDATION');
    expect(e).toMatchObject({ field: 'preferences' });
    const back = ok(
      await callApi(ctx.shokuin, 'selfReport:save', { fy, version: 4, preferences: fullReport.preferences }),
    );
    expect(back.fields.preferences).toEqual(fullReport.preferences);
  });

  it('submits; after that their save and a second submit are refused', async () => {
    fail(await callApi(ctx.shokuin, 'selfReport:submit', { fy, version: 4 }), 'CONFLICT');
    const v = ok(await callApi(ctx.shokuin, 'selfReport:submit', { fy, version: 5 }));
    expect(v).toMatchObject({ status: '提出済', version: 6, can: { edit: false, submit: false } });
    expect(v.submittedAt).not.toBeNull();
    const e = fail(
      await callApi(ctx.shokuin, 'selfReport:save', { fy, version: 6, duties: '提出後の修正' }),
      'CONFLICT',
    );
    expect(e.message).toContain('提出済のため編集できません');
    fail(await callApi(ctx.shokuin, 'selfReport:submit', { fy, version: 6 }), 'CONFLICT');
    expect(ok(await get(ctx.shokuin)).fields.duties).toBe(fullReport.duties);
  });

  it('cannot read or write anyone else’s report', async () => {
    const other = staffNoOfLogin('kakaricho');
    const e = fail(await get(ctx.shokuin, other), 'NOT_FOUND');
    expect(e.message).toBe(fail(await get(ctx.shokuin, '999999'), 'NOT_FOUND').message.replace('999999', other));
    fail(await callApi(ctx.shokuin, 'selfReport:save', { fy, staffNo: other, version: 0, duties: 'x' }), 'NOT_FOUND');
  });
});

describe('自己申告書: who reads what', () => {
  it('the 1次 and 2次 evaluators read it without health and family: the keys are not sent at all', async () => {
    for (const [login, relation] of [
      ['kakaricho', 'first'],
      ['kacho', 'second'],
    ] as const) {
      const before = auditCount('selfReport.readConfidential');
      const v = ok(await get(ctx[login], shokuinNo));
      expect(v).toMatchObject({ relation, status: '提出済', fields: { duties: fullReport.duties, meaningful: 5 } });
      expectNoConfidential(v);
      expect(v.can).toEqual({ edit: false, submit: false, interview: false, reopen: false });
      expect(auditCount('selfReport.readConfidential')).toBe(before);
    }
  });

  it('the personnel office reads it, transfer wish included, without the confidential sections', async () => {
    const v = ok(await get(ctx.jinji, shokuinNo));
    expect(v.relation).toBe('personnel');
    expect(v.fields).toMatchObject({
      transferWish: '異動希望',
      preferences: fullReport.preferences,
      transferTiming: '来年度',
    });
    expectNoConfidential(v);
  });

  it('the 調整者 reads the confidential sections, and the read is audited', async () => {
    const before = auditCount('selfReport.readConfidential', 'fukukucho');
    const v = ok(await get(ctx.fukukucho, shokuinNo));
    expect(v).toMatchObject({
      relation: 'adjuster',
      confidentialHidden: false,
      confidential: { health: HEALTH, family: FAMILY },
    });
    expect(v.can.interview).toBe(true);
    expect(auditCount('selfReport.readConfidential', 'fukukucho')).toBe(before + 1);
    const entry = lastAudit('selfReport.readConfidential');
    expect(entry).toMatchObject({ actor: 'fukukucho', entity_id: `${fy}:${shokuinNo}` });
    expect(`${entry.before}${entry.after}`).not.toContain(HEALTH);
  });

  it('HR reads them, audited; the staff member reading their own is not', async () => {
    const before = auditCount('selfReport.readConfidential');
    const v = ok(await get(ctx.admin, shokuinNo));
    expect(v).toMatchObject({ relation: 'hr', confidential: { health: HEALTH, family: FAMILY } });
    expect(auditCount('selfReport.readConfidential', 'admin')).toBe(1);
    ok(await get(ctx.shokuin));
    expect(auditCount('selfReport.readConfidential')).toBe(before + 1);
  });

  it('the 区長 is the 調整者 of a 課長 (and reads theirs), but nothing of a 係員 outside their assignments', async () => {
    const e = fail(await get(ctx.kucho, shokuinNo), 'NOT_FOUND');
    expect(e.message).toBe(fail(await get(ctx.kucho, '999999'), 'NOT_FOUND').message.replace('999999', shokuinNo));
    fail(await callApi(ctx.kucho, 'selfReport:interview', interview(6)), 'NOT_FOUND');
    const kachoReport = ok(await get(ctx.kucho, staffNoOfLogin('kacho')));
    expect(kachoReport).toMatchObject({ relation: 'adjuster', confidentialHidden: false });
  });

  it('an account without a linked staff member has no report of its own', async () => {
    ok(
      await callApi(ctx.admin, 'accounts:create', {
        login: 'hr2',
        displayName: '人事　次郎',
        role: 'hr',
        staffNo: null,
        password: 'first-password-1',
      }),
    );
    const c = await loggedIn(dbPath, 'hr2', 'first-password-1');
    ok(await callApi(c, 'auth:changePassword', { current: 'first-password-1', next: 'second-password-2' }));
    expect(fail(await get(c), 'NOT_FOUND').message).toContain('職員に紐づいていない');
    expect(ok(await get(c, shokuinNo)).relation).toBe('hr');
    c.end();
  });

  it('a year without a cycle is NOT_FOUND', async () => {
    fail(await callApi(ctx.shokuin, 'selfReport:get', { fy: fy + 5 }), 'NOT_FOUND');
  });
});

function interview(version: number, extra: Partial<Input<'selfReport:interview'>> = {}): Input<'selfReport:interview'> {
  return {
    fy,
    staffNo: shokuinNo,
    version,
    interviewOn: `${fy}-07-15`,
    record: '異動希望と介護の状況を確認した。',
    opinion: '福祉分野での経験を広げさせたい。',
    ...extra,
  };
}

describe('自己申告書: the 所属長 interview and HR’s reopen', () => {
  it('only the 調整者 records the interview', async () => {
    for (const login of ['kakaricho', 'kacho', 'admin'] as const) {
      const e = fail(await callApi(ctx[login], 'selfReport:interview', interview(6)), 'FORBIDDEN');
      expect(e.message).toContain('調整者');
    }
    fail(await callApi(ctx.shokuin, 'selfReport:interview', interview(6)), 'FORBIDDEN');
    const badDate = fail(
      await callApi(ctx.fukukucho, 'selfReport:interview', interview(6, { interviewOn: `${fy}-02-30` })),
      'VALIDATION',
    );
    expect(badDate.field).toBe('interviewOn');
    expect(
      fail(await callApi(ctx.fukukucho, 'selfReport:interview', interview(6, { record: '  ' })), 'VALIDATION').field,
    ).toBe('record');
    fail(await callApi(ctx.fukukucho, 'selfReport:interview', interview(5)), 'CONFLICT');
  });

  it('the 調整者 records it → 面談済, and everyone allowed to read sees it', async () => {
    const v = ok(await callApi(ctx.fukukucho, 'selfReport:interview', interview(6)));
    expect(v).toMatchObject({
      status: '面談済',
      version: 7,
      interview: {
        interviewOn: `${fy}-07-15`,
        record: '異動希望と介護の状況を確認した。',
        opinion: '福祉分野での経験を広げさせたい。',
      },
    });
    expect(v.interview.interviewer?.staffNo).toBe(fukukuchoNo);
    expect(v.interviewedAt).not.toBeNull();
    const seen = ok(await get(ctx.kakaricho, shokuinNo));
    expect(seen.status).toBe('面談済');
    expectNoConfidential(seen);
    expect(lastAudit('selfReport.interview')).toMatchObject({ actor: 'fukukucho' });
  });

  it('HR reopens with a reason → 未提出, and the staff member can edit and submit again', async () => {
    fail(await callApi(ctx.kucho, 'selfReport:reopen', { fy, staffNo: shokuinNo, reason: 'x' }), 'FORBIDDEN');
    expect(
      fail(await callApi(ctx.admin, 'selfReport:reopen', { fy, staffNo: shokuinNo, reason: '  ' }), 'VALIDATION').field,
    ).toBe('reason');
    const v = ok(
      await callApi(ctx.admin, 'selfReport:reopen', { fy, staffNo: shokuinNo, reason: '異動希望先の記載漏れのため' }),
    );
    expect(v).toMatchObject({
      status: '未提出',
      version: 8,
      reopenReason: '異動希望先の記載漏れのため',
      submittedAt: null,
    });
    expect(v.interview.record).not.toBe(''); // the interview record stays as written
    const audit = lastAudit('selfReport.reopen');
    expect(audit.actor).toBe('admin');
    expect(JSON.parse(audit.before ?? '{}')).toMatchObject({ status: '面談済' });
    expect(JSON.parse(audit.after ?? '{}')).toMatchObject({
      status: '未提出',
      reopenReason: '異動希望先の記載漏れのため',
    });
    fail(await callApi(ctx.admin, 'selfReport:reopen', { fy, staffNo: shokuinNo, reason: '二度目' }), 'CONFLICT');

    const mine = ok(await get(ctx.shokuin));
    expect(mine).toMatchObject({ status: '未提出', reopenReason: '異動希望先の記載漏れのため', can: { edit: true } });
    const edited = ok(
      await callApi(ctx.shokuin, 'selfReport:save', {
        fy,
        version: 8,
        preferences: ['子育て支援課', '地域福祉の企画', '保健活動'],
        health: '【健康】通院は終了',
      }),
    );
    expect(edited.version).toBe(9);
    expect(ok(await callApi(ctx.shokuin, 'selfReport:submit', { fy, version: 9 })).status).toBe('提出済');
    // The 調整者 cannot record on a draft.
    ok(await callApi(ctx.admin, 'selfReport:reopen', { fy, staffNo: shokuinNo, reason: '確認のため' }));
    fail(await callApi(ctx.fukukucho, 'selfReport:interview', interview(11)), 'CONFLICT');
    ok(await callApi(ctx.shokuin, 'selfReport:submit', { fy, version: 11 }));
  });

  it('the audit log records every write before → after, but never a confidential value', () => {
    const rows = d
      .prepare("SELECT action, before, after FROM audit_log WHERE entity = 'self_report' ORDER BY id")
      .all() as { action: string; before: string | null; after: string | null }[];
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'selfReport.save',
        'selfReport.submit',
        'selfReport.interview',
        'selfReport.reopen',
        'selfReport.readConfidential',
      ]),
    );
    const all = JSON.stringify(d.prepare('SELECT * FROM audit_log').all());
    for (const secret of [HEALTH, FAMILY, '【健康】通院は終了']) expect(all).not.toContain(secret);
    const changedHealth = rows.filter((r) => r.action === 'selfReport.save' && (r.after ?? '').includes('"health"'));
    expect(changedHealth.length).toBe(2);
    for (const r of changedHealth) {
      expect(JSON.parse(r.before ?? '{}')).toMatchObject({ health: confidentialAuditMask });
      expect(JSON.parse(r.after ?? '{}')).toMatchObject({ health: confidentialAuditMask });
    }
    const firstFull = rows.find((r) => r.action === 'selfReport.save' && (r.after ?? '').includes('"meaningful"'));
    expect(JSON.parse(firstFull?.after ?? '{}')).toMatchObject({ meaningful: 5, family: confidentialAuditMask });
    // The database file itself is encrypted: the text is not on disk in clear.
    d.pragma('wal_checkpoint(TRUNCATE)');
    expect(fs.readFileSync(dbPath).includes(Buffer.from('通院は終了'))).toBe(false);
  });
});

describe('自己申告書: HR’s progress board', () => {
  it('counts 未提出 / 提出済 / 面談済 per section and measures the 意義 KPI over submitted reports', async () => {
    // The demo office seeds reports for everyone without a login; this board is counted from scratch.
    d.exec(
      "DELETE FROM self_reports WHERE staff_id NOT IN (SELECT staff_id FROM accounts WHERE login IN ('admin', 'jinji', 'kucho', 'kacho', 'kakaricho', 'shokuin'))",
    );
    // kakaricho and kacho (same section as shokuin) submit, 4 and 3; jinji (総務課) submits 2 and gets
    // an interview from nobody; admin writes a 5 but does not submit (a draft is not counted).
    const submit = async (login: 'kakaricho' | 'kacho' | 'jinji', meaningful: number) => {
      ok(await callApi(ctx[login], 'selfReport:save', { fy, version: 0, ...fullReport, meaningful }));
      ok(await callApi(ctx[login], 'selfReport:submit', { fy, version: 1 }));
    };
    await submit('kakaricho', 4);
    await submit('kacho', 3);
    await submit('jinji', 2);
    ok(await callApi(ctx.admin, 'selfReport:save', { fy, version: 0, meaningful: 5 }));
    // The 区長 interviews the 課長: 面談済.
    const kachoNo = staffNoOfLogin('kacho');
    ok(
      await callApi(ctx.kucho, 'selfReport:interview', {
        fy,
        staffNo: kachoNo,
        version: 2,
        interviewOn: `${fy}-07-20`,
        record: '面談を実施',
        opinion: '',
      }),
    );

    const p = ok(await callApi(ctx.admin, 'selfReport:progress', { fy }));
    const active = (d.prepare('SELECT count(*) AS n FROM staff WHERE active = 1').get() as { n: number }).n;
    expect(p.totals).toEqual({ total: active, 未提出: active - 4, 提出済: 3, 面談済: 1 });
    expect(p.people).toHaveLength(active);
    expect(p.meaningful).toEqual({ answered: 4, topTwo: 2, share: 0.5, target: 0.9, met: false });

    const section = (
      d
        .prepare('SELECT sec.name AS name FROM staff s JOIN sections sec ON sec.id = s.section_id WHERE s.staff_no = ?')
        .get(shokuinNo) as { name: string }
    ).name;
    const row = p.sections.find((s) => s.section === section);
    const inSection = (
      d
        .prepare(
          'SELECT count(*) AS n FROM staff s JOIN sections sec ON sec.id = s.section_id WHERE sec.name = ? AND s.active = 1',
        )
        .get(section) as { n: number }
    ).n;
    expect(row?.counts).toEqual({ total: inSection, 未提出: inSection - 3, 提出済: 2, 面談済: 1 });
    expect(row?.meaningful).toMatchObject({ answered: 3, topTwo: 2 });
    expect(p.sections.reduce((n, s) => n + s.counts.total, 0)).toBe(active);

    const one = ok(await callApi(ctx.admin, 'selfReport:progress', { fy, section }));
    expect(one.section).toBe(section);
    expect(one.sections.map((s) => s.section)).toEqual([section]);
    expect(one.people.every((x) => x.person.section === section)).toBe(true);
    expect(one.people.find((x) => x.person.staffNo === shokuinNo)?.status).toBe('提出済');
    expect(one.people.find((x) => x.person.staffNo === kachoNo)?.status).toBe('面談済');
    // The board carries statuses and counts, never the content of a report.
    expect(JSON.stringify(p)).not.toContain(fullReport.duties as string);
    expect(JSON.stringify(p)).not.toContain('通院');
  });

  it('meets the 90% target exactly at 9 of 10', async () => {
    const c = await loggedIn(await demoCopy(dir), 'admin', demoPass);
    const db = c.office!.db;
    db.exec('DELETE FROM self_reports');
    const ids = (
      db.prepare('SELECT id FROM staff WHERE active = 1 ORDER BY id LIMIT 10').all() as { id: number }[]
    ).map((r) => r.id);
    const ins = db.prepare(
      "INSERT INTO self_reports (fy, staff_id, status, meaningful, created_at, updated_at) VALUES (?, ?, '提出済', ?, 'x', 'x')",
    );
    ids.forEach((id, i) => ins.run(fy, id, i === 0 ? 3 : i % 2 === 0 ? 4 : 5));
    const p = ok(await callApi(c, 'selfReport:progress', { fy }));
    expect(p.meaningful).toEqual({ answered: 10, topTwo: 9, share: 0.9, target: 0.9, met: true });
    c.end();
  });

  it('only HR sees the board', async () => {
    for (const login of ['jinji', 'kucho', 'kakaricho', 'shokuin'] as const) {
      fail(await callApi(ctx[login], 'selfReport:progress', { fy }), 'FORBIDDEN');
    }
  });
});

describe('自己申告書: the demo office', () => {
  it('holds reports in every state, none for its login holders, and a board near the 90% target', async () => {
    const c = await loggedIn(await demoCopy(dir), 'admin', demoPass);
    const db = c.office!.db;
    const states = db
      .prepare('SELECT status, count(*) AS n FROM self_reports WHERE fy = ? GROUP BY status')
      .all(fy) as {
      status: string;
      n: number;
    }[];
    expect(states.map((x) => x.status).sort()).toEqual(['提出済', '未提出', '面談済']);
    const holders = db
      .prepare(
        'SELECT count(*) AS n FROM self_reports WHERE staff_id IN (SELECT staff_id FROM accounts WHERE staff_id IS NOT NULL)',
      )
      .get() as { n: number };
    expect(holders.n).toBe(0);
    const p = ok(await callApi(c, 'selfReport:progress', { fy }));
    expect(p.totals.提出済 + p.totals.面談済).toBeGreaterThan(100);
    expect(p.meaningful.share).toBeGreaterThan(0.7);
    expect(p.meaningful.share).toBeLessThan(0.95);
    c.end();
  });
});

describe('「担当職員の自己申告」 (selfReport:list): the others, never the caller', () => {
  it('leaves the caller off for every role; the rest of staff:list’s scope stays', async () => {
    for (const login of ['admin', 'jinji', 'kacho', 'kakaricho'] as const) {
      const own = staffNoOfLogin(login);
      const list = ok(await callApi(ctx[login], 'selfReport:list', { fy }));
      const listed = list.rows.map((r) => r.person.staffNo);
      expect(listed, login).not.toContain(own);
      expect(list.total).toBe(listed.length);
      expect(list.totals.total).toBe(listed.length);
      const scope = ok(await callApi(ctx[login], 'staff:list', { fy, active: 'active', limit: 50_000 }));
      const expected = scope.rows.map((r) => r.staffNo).filter((no) => no !== own);
      expect([...listed].sort(), login).toEqual(expected.sort());
      // Not on a page, not in a search for themself either.
      const page = ok(await callApi(ctx[login], 'selfReport:list', { fy, query: own, page: { offset: 0, limit: 50 } }));
      expect(page.rows.map((r) => r.person.staffNo)).not.toContain(own);
      expect(page.total).toBe(0);
    }
    // kakaricho's list is the people she evaluates: shokuin, not herself.
    const theirs = ok(await callApi(ctx.kakaricho, 'selfReport:list', { fy }));
    expect(theirs.rows.map((r) => r.person.staffNo)).toContain(shokuinNo);
  });

  it('HR’s whole-office board still counts everyone, HR’s own report included', async () => {
    const adminNo = staffNoOfLogin('admin');
    const board = ok(await callApi(ctx.admin, 'selfReport:progress', { fy }));
    expect(board.people.map((p) => p.person.staffNo)).toContain(adminNo);
    const list = ok(await callApi(ctx.admin, 'selfReport:list', { fy }));
    const active = (d.prepare('SELECT count(*) AS n FROM staff WHERE active = 1').get() as { n: number }).n;
    expect(board.totals.total).toBe(active);
    expect(list.totals.total).toBe(active - 1);
  });
});
