import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import type { Input } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { MBO_STATUSES, MESSAGES, draftOf, performanceScore } from '../../shared/mbo';
import type { GoalDraft } from '../../shared/mbo';
import type { MboSheetView } from '../../shared/contract';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/**
 * The MBO sheet (目標管理シート) on one real encrypted demo office, walked through a year:
 * shokuin (係員) sets goals and submits, kakaricho (his 1次) sends back and approves, kacho (2次)
 * and the personnel office read only, kucho has nothing to do with him; mid-term progress, a revised
 * goal, the incident count of a 正確性重視 goal and its proposal, year-end self levels, HR's reopen.
 * The tests run in order and share the sheet.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-mbo-');
let d: Db;
const ctx = {} as Record<'admin' | 'jinji' | 'kucho' | 'kacho' | 'kakaricho' | 'shokuin', AppContext>;
let shokuinNo = '';
let shokuinName = '';

afterAll(() => {
  for (const c of Object.values(ctx)) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const g = (over: Partial<GoalDraft>): GoalDraft => ({
  category: '業務目標',
  title: '窓口の待ち時間の短縮',
  content: '受付の動線を見直す',
  standard: '平均待ち時間を20%短縮する',
  priority: null,
  weight: 50,
  difficulty: 'B',
  schedule: '4月 計画、3月 まとめ',
  type: '通常',
  ...over,
});

const goodGoals: GoalDraft[] = [
  g({ weight: 50 }),
  g({ category: '地域担当目標', title: '担当地域の巡回', standard: '月1回以上巡回する', weight: 30, difficulty: 'A' }),
  g({ title: '証明書の交付誤りゼロ', standard: '交付誤りゼロ', weight: 20, type: '正確性重視' }),
];

const getOwn = async (c: AppContext): Promise<MboSheetView> => ok(await callApi(c, 'mbo:get', { fy }));
const getOf = async (c: AppContext): Promise<MboSheetView> =>
  ok(await callApi(c, 'mbo:get', { fy, staffNo: shokuinNo }));
const save = (c: AppContext, req: Omit<Input<'mbo:save'>, 'fy'>) => callApi(c, 'mbo:save', { fy, ...req });

function auditCount(action: string): number {
  return (d.prepare('SELECT count(*) AS n FROM audit_log WHERE action = ?').get(action) as { n: number }).n;
}

beforeAll(async () => {
  const dbPath = await demoCopy(dir);
  for (const login of ['admin', 'jinji', 'kucho', 'kacho', 'kakaricho', 'shokuin'] as const) {
    ctx[login] = await loggedIn(dbPath, login, demoPass);
  }
  d = ctx.admin.office!.db;
  shokuinNo = (
    d
      .prepare("SELECT s.staff_no AS no FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.login = 'shokuin'")
      .get() as {
      no: string;
    }
  ).no;
  shokuinName = (d.prepare('SELECT name FROM staff WHERE staff_no = ?').get(shokuinNo) as { name: string }).name;
});

describe('the demo office', () => {
  it('has sheets in every state, and the login holders start empty', async () => {
    const statuses = d.prepare('SELECT DISTINCT status FROM mbo_sheets WHERE fy = ?').all(fy) as { status: string }[];
    expect(statuses.map((s) => s.status).sort()).toEqual([...MBO_STATUSES].sort());
    expect(d.prepare('SELECT count(*) AS n FROM mbo_goal_revisions').get()).not.toEqual({ n: 0 });
    const view = await getOwn(ctx.shokuin);
    expect(view).toMatchObject({ status: '未提出', version: 0, goals: [] });
    expect(view.can.editGoals).toBe(true);
    // The 1次 login has one sheet waiting for approval in their team.
    const list = ok(await callApi(ctx.kakaricho, 'mbo:list', { fy }));
    expect(list.rows.some((r) => r.status === '提出済')).toBe(true);
    expect(list.rows.every((r) => r.relation === 'first' || r.relation === 'second' || r.relation === 'adjuster')).toBe(
      true,
    );
  });

  it("never lists the caller on an evaluator's 担当職員 list; HR's and personnel's whole-office board lists everyone", async () => {
    for (const c of [ctx.kakaricho, ctx.kacho, ctx.kucho]) {
      const own = ok(await callApi(c, 'mbo:get', { fy })).person.staffNo;
      const whole = ok(await callApi(c, 'mbo:list', { fy }));
      const paged = ok(await callApi(c, 'mbo:list', { fy, page: { offset: 0, limit: 200 } }));
      const searched = ok(await callApi(c, 'mbo:list', { fy, query: own, page: { offset: 0, limit: 50 } }));
      expect(whole.rows.length).toBeGreaterThan(0);
      expect(whole.rows.map((r) => r.person.staffNo)).not.toContain(own);
      expect(paged.rows.map((r) => r.person.staffNo)).not.toContain(own);
      expect(searched.rows).toEqual([]);
      // The figures count the same people as the rows.
      expect(whole.totals.total).toBe(whole.rows.length);
    }
    // The board counts the whole office, the personnel office's own staff member included (docs/access.md).
    const jinjiNo = ok(await callApi(ctx.jinji, 'mbo:get', { fy })).person.staffNo;
    const board = ok(await callApi(ctx.jinji, 'mbo:list', { fy, query: jinjiNo }));
    expect(board.rows.map((r) => r.person.staffNo)).toEqual([jinjiNo]);
  });

  it("gives each row of an evaluator's list the relation the person's own sheet shows", async () => {
    // The 課長 is 1次 of the 課長代理 and 2次 of everyone else in the section: both kinds are on the list.
    const list = ok(await callApi(ctx.kacho, 'mbo:list', { fy }));
    expect(new Set(list.rows.map((r) => r.relation))).toEqual(new Set(['first', 'second']));
    for (const row of list.rows) {
      const sheet = ok(await callApi(ctx.kacho, 'mbo:get', { fy, staffNo: row.person.staffNo }));
      expect(row.relation, row.person.staffNo).toBe(sheet.relation);
    }
  });
});

describe('goal setting', () => {
  it('saves a draft that breaks the rules, and shows each rule as it stands', async () => {
    const draft = [g({ weight: 60 }), g({ title: '研修の受講', category: '能力開発目標', weight: 30 })];
    const view = ok(await save(ctx.shokuin, { version: 0, goals: draft }));
    expect(view.version).toBe(1);
    expect(view.goals.map((x) => x.title)).toEqual(['窓口の待ち時間の短縮', '研修の受講']);
    const messages = view.issues.map((i) => i.message);
    expect(messages).toContain(MESSAGES.weightTotal(90));
    expect(messages).toContain(MESSAGES.noAreaGoal);
    // Saving the same again writes nothing (autosave repeats itself).
    const again = ok(await save(ctx.shokuin, { version: 1, goals: draft }));
    expect(again.version).toBe(1);
  });

  it('refuses to submit without a 地域担当目標 or with weights not totalling 100', async () => {
    const e = fail(await callApi(ctx.shokuin, 'mbo:submit', { fy, version: 1, stage: 'goals' }), 'VALIDATION');
    expect(e.message).toBe(MESSAGES.weightTotal(90));
    ok(await save(ctx.shokuin, { version: 1, goals: [g({ weight: 70 }), g({ title: '研修', weight: 30 })] }));
    const e2 = fail(await callApi(ctx.shokuin, 'mbo:submit', { fy, version: 2, stage: 'goals' }), 'VALIDATION');
    expect(e2.message).toBe(MESSAGES.noAreaGoal);
    const missing = ok(
      await save(ctx.shokuin, {
        version: 2,
        goals: [g({ weight: 70 }), g({ category: '地域担当目標', standard: '', weight: 30 })],
      }),
    );
    const e3 = fail(
      await callApi(ctx.shokuin, 'mbo:submit', { fy, version: missing.version, stage: 'goals' }),
      'VALIDATION',
    );
    expect(e3).toMatchObject({ message: `目標2: ${MESSAGES.required.standard}`, field: 'goals.1.standard' });
  });

  it('refuses a save naming an old version (another window wrote in between)', async () => {
    fail(await save(ctx.shokuin, { version: 1, goals: goodGoals }), 'CONFLICT');
  });

  it('lets only the person write goals; others are refused and nothing changes', async () => {
    const before = await getOwn(ctx.shokuin);
    fail(await save(ctx.kakaricho, { staffNo: shokuinNo, version: before.version, goals: goodGoals }), 'FORBIDDEN');
    fail(await save(ctx.admin, { staffNo: shokuinNo, version: before.version, goals: goodGoals }), 'FORBIDDEN');
    fail(await save(ctx.jinji, { staffNo: shokuinNo, version: before.version, goals: goodGoals }), 'FORBIDDEN');
    // kucho is no evaluator of shokuin: the sheet does not exist for him.
    fail(await callApi(ctx.kucho, 'mbo:get', { fy, staffNo: shokuinNo }), 'NOT_FOUND');
    expect((await getOwn(ctx.shokuin)).version).toBe(before.version);
  });

  it('submits a sheet that keeps every rule; goals are then locked', async () => {
    const saved = ok(await save(ctx.shokuin, { version: (await getOwn(ctx.shokuin)).version, goals: goodGoals }));
    expect(saved.issues).toEqual([]);
    const submitted = ok(await callApi(ctx.shokuin, 'mbo:submit', { fy, version: saved.version, stage: 'goals' }));
    expect(submitted.status).toBe('提出済');
    expect(submitted.can.editGoals).toBe(false);
    expect(submitted.submittedAt).not.toBeNull();
    fail(await save(ctx.shokuin, { version: submitted.version, goals: goodGoals }), 'CONFLICT');
  });
});

describe('the 1次 evaluator', () => {
  it('is the only one who approves or sends back', async () => {
    const v = (await getOf(ctx.kakaricho)).version;
    fail(await callApi(ctx.kacho, 'mbo:approve', { fy, staffNo: shokuinNo, version: v, comment: '' }), 'FORBIDDEN');
    fail(await callApi(ctx.admin, 'mbo:approve', { fy, staffNo: shokuinNo, version: v, comment: '' }), 'FORBIDDEN');
    fail(await callApi(ctx.shokuin, 'mbo:approve', { fy, staffNo: shokuinNo, version: v, comment: '' }), 'FORBIDDEN');
    const second = await getOf(ctx.kacho);
    expect(second.relation).toBe('second');
    expect(second.can).toMatchObject({ approve: false, sendBack: false, editGoals: false });
  });

  it('sends back with a comment the person sees, and approves the resubmitted sheet', async () => {
    const v = (await getOf(ctx.kakaricho)).version;
    const noComment = fail(
      await callApi(ctx.kakaricho, 'mbo:sendBack', { fy, staffNo: shokuinNo, version: v, comment: ' ' }),
      'VALIDATION',
    );
    expect(noComment.message).toBe('差し戻しの理由を入力してください');
    const back = ok(
      await callApi(ctx.kakaricho, 'mbo:sendBack', {
        fy,
        staffNo: shokuinNo,
        version: v,
        comment: '達成基準を数値にしてください',
      }),
    );
    expect(back.status).toBe('差し戻し');
    const mine = await getOwn(ctx.shokuin);
    expect(mine.comments.review).toBe('達成基準を数値にしてください');
    expect(mine.can.editGoals).toBe(true);
    const fixed = goodGoals.map((x, i) => (i === 1 ? { ...x, standard: '月2回以上巡回し、地域カルテに記録する' } : x));
    const saved = ok(await save(ctx.shokuin, { version: mine.version, goals: fixed }));
    ok(await callApi(ctx.shokuin, 'mbo:submit', { fy, version: saved.version, stage: 'goals' }));
    const approved = ok(
      await callApi(ctx.kakaricho, 'mbo:approve', {
        fy,
        staffNo: shokuinNo,
        version: (await getOf(ctx.kakaricho)).version,
        comment: '承認します',
      }),
    );
    expect(approved.status).toBe('承認済');
    expect(approved.approvedBy).toBeTruthy();
    expect(approved.comments.review).toBe('承認します');
    expect(auditCount('mbo.approve')).toBe(1);
    expect(auditCount('mbo.sendBack')).toBe(1);
  });
});

describe('mid-term and year end', () => {
  it('the person records progress; the 1次 comments and records incidents; each only their own items', async () => {
    let view = await getOwn(ctx.shokuin);
    const [first, area, accuracy] = view.goals;
    view = ok(
      await save(ctx.shokuin, {
        version: view.version,
        updates: [{ goalId: first!.id, progress: 60, midNote: '受付の動線を変更した' }],
        selfMidComment: '上半期は順調',
      }),
    );
    expect(view.goals[0]).toMatchObject({ progress: 60, midNote: '受付の動線を変更した' });
    expect(view.comments.selfMid).toBe('上半期は順調');
    fail(
      await save(ctx.kakaricho, {
        staffNo: shokuinNo,
        version: view.version,
        updates: [{ goalId: first!.id, progress: 90 }],
      }),
      'FORBIDDEN',
    );
    fail(
      await save(ctx.shokuin, { version: view.version, updates: [{ goalId: accuracy!.id, incidents: 0 }] }),
      'FORBIDDEN',
    );
    const notAccuracy = fail(
      await save(ctx.kakaricho, {
        staffNo: shokuinNo,
        version: view.version,
        updates: [{ goalId: area!.id, incidents: 0 }],
      }),
      'VALIDATION',
    );
    expect(notAccuracy.message).toContain('正確性重視');
    view = ok(
      await save(ctx.kakaricho, {
        staffNo: shokuinNo,
        version: view.version,
        updates: [{ goalId: accuracy!.id, incidents: 0 }],
        firstMidComment: '地域での活動が定着してきた',
      }),
    );
    expect(view.goals[2]!.proposal).toMatchObject({ level: 'A' });
    expect(view.goals[2]!.proposal!.reason).toContain('ミスがないことをプラスの評価');
    expect(view.comments.firstMid).toBe('地域での活動が定着してきた');
    // A goal of another sheet (or none) is not found on this one.
    fail(await save(ctx.shokuin, { version: view.version, updates: [{ goalId: 999_999, progress: 1 }] }), 'NOT_FOUND');
  });

  it('a revised goal keeps its earlier wording and the reason; the sheet must still keep the rules', async () => {
    let view = await getOwn(ctx.shokuin);
    const target = view.goals[0]!;
    const bad = fail(
      await callApi(ctx.shokuin, 'mbo:revise', {
        fy,
        version: view.version,
        goalId: target.id,
        goal: { ...draftOf(target), weight: 60 },
        reason: '業務量の変化',
      }),
      'VALIDATION',
    );
    expect(bad.message).toBe(MESSAGES.weightTotal(110));
    view = ok(
      await callApi(ctx.shokuin, 'mbo:revise', {
        fy,
        version: view.version,
        goalId: target.id,
        goal: { ...draftOf(target), standard: '平均待ち時間を30%短縮する' },
        reason: '繁忙期の応援体制が整ったため',
      }),
    );
    expect(view.goals[0]!.standard).toBe('平均待ち時間を30%短縮する');
    expect(view.goals[0]!.progress).toBe(60);
    expect(view.goals[0]!.revisions).toHaveLength(1);
    expect(view.goals[0]!.revisions[0]).toMatchObject({
      reason: '繁忙期の応援体制が整ったため',
      by: shokuinName,
      before: { standard: '平均待ち時間を20%短縮する' },
    });
  });

  it('year end: a level departing from the proposal needs a reason; the score follows the formula', async () => {
    let view = await getOwn(ctx.shokuin);
    const ids = view.goals.map((x) => x.id);
    view = ok(
      await save(ctx.shokuin, {
        version: view.version,
        updates: [
          { goalId: ids[0]!, selfLevel: 'A', selfComment: '30%短縮できた' },
          { goalId: ids[1]!, selfLevel: 'S' },
          { goalId: ids[2]!, selfLevel: 'B' },
        ],
        selfFinalComment: '一年間の振り返り',
      }),
    );
    expect(view.yearEndIssues.map((i) => i.message)[0]).toContain('理由');
    const e = fail(
      await callApi(ctx.shokuin, 'mbo:submit', { fy, version: view.version, stage: 'yearEnd' }),
      'VALIDATION',
    );
    expect(e.message).toContain('目標3');
    view = ok(
      await save(ctx.shokuin, {
        version: view.version,
        updates: [{ goalId: ids[2]!, selfReason: '窓口で1件、説明不足があった' }],
      }),
    );
    const expected = performanceScore([
      { weight: 50, level: 'A', difficulty: 'B' },
      { weight: 30, level: 'S', difficulty: 'A' },
      { weight: 20, level: 'B', difficulty: 'B' },
    ]);
    expect(view.scores.self).toEqual(expected);
    expect(view.scores.self.score).toBe(4.4);
    const done = ok(await callApi(ctx.shokuin, 'mbo:submit', { fy, version: view.version, stage: 'yearEnd' }));
    expect(done.status).toBe('自己評価済');
    expect(done.can.yearEnd).toBe(false);
  });

  it('HR sends it back one stage with a reason; the audit log holds every step', async () => {
    const noReason = await callApi(ctx.admin, 'mbo:reopen', { fy, staffNo: shokuinNo, reason: '' });
    fail(noReason, 'VALIDATION');
    const back = ok(await callApi(ctx.admin, 'mbo:reopen', { fy, staffNo: shokuinNo, reason: '自己評価の記載漏れ' }));
    expect(back).toMatchObject({ status: '承認済', reopenReason: '自己評価の記載漏れ' });
    expect(back.goals[0]!.self.level).toBe('A');
    for (const action of ['mbo.save', 'mbo.submit', 'mbo.revise', 'mbo.submitYearEnd', 'mbo.reopen']) {
      expect(auditCount(action), action).toBeGreaterThan(0);
    }
    const last = d
      .prepare("SELECT before, after FROM audit_log WHERE action = 'mbo.revise' ORDER BY id DESC LIMIT 1")
      .get() as { before: string; after: string };
    expect(JSON.parse(last.after)).toEqual({ '目標1.達成基準': '平均待ち時間を30%短縮する' });
    expect(JSON.parse(last.before)).toEqual({ '目標1.達成基準': '平均待ち時間を20%短縮する' });
  });
});

describe('lists, progress and coverage', () => {
  it('HR sees everyone with counts per section; an evaluator only their people; the coverage figures agree', async () => {
    const all = ok(await callApi(ctx.admin, 'mbo:list', { fy }));
    const active = (d.prepare('SELECT count(*) AS n FROM staff WHERE active = 1').get() as { n: number }).n;
    expect(all.totals.total).toBe(active);
    expect(MBO_STATUSES.reduce((n, s) => n + all.totals[s], 0)).toBe(all.totals.total);
    expect(all.sections.reduce((n, s) => n + s.counts.total, 0)).toBe(all.totals.total);
    expect(all.rows.find((r) => r.person.staffNo === shokuinNo)).toMatchObject({
      status: '承認済',
      goals: 3,
      hasAreaGoal: true,
      weightTotal: 100,
    });
    expect(all.withoutAreaGoal).toBeGreaterThan(0);
    const overview = ok(await callApi(ctx.admin, 'areas:overview', { fy }));
    expect(overview.mboCoverage.withoutAreaGoal).toHaveLength(all.withoutAreaGoal);

    const team = ok(await callApi(ctx.kakaricho, 'mbo:list', { fy }));
    expect(team.rows.length).toBeLessThan(all.rows.length);
    expect(team.rows.map((r) => r.person.staffNo)).toContain(shokuinNo);
    const kakarichoNo = (
      d
        .prepare(
          "SELECT s.staff_no AS no FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.login = 'kakaricho'",
        )
        .get() as { no: string }
    ).no;
    expect(team.rows.map((r) => r.person.staffNo)).not.toContain(kakarichoNo);
    // What the list sends names no goal's wording.
    expect(JSON.stringify(all)).not.toContain('窓口の待ち時間');
  });

  it('shows the area log as evidence for the area-duty goal', async () => {
    const view = await getOwn(ctx.shokuin);
    const area = d
      .prepare(
        `SELECT ar.name FROM area_assignments aa JOIN areas ar ON ar.id = aa.area_id JOIN staff s ON s.id = aa.staff_id
         WHERE aa.fy = ? AND s.staff_no = ?`,
      )
      .get(fy, shokuinNo) as { name: string } | undefined;
    if (!area) {
      expect(view.areaEvidence).toBeNull();
      return;
    }
    expect(view.areaEvidence).toMatchObject({ area: area.name });
    const patrols = (
      d
        .prepare(
          'SELECT count(*) AS n FROM area_patrols p JOIN areas a ON a.id = p.area_id WHERE p.fy = ? AND a.name = ?',
        )
        .get(fy, area.name) as { n: number }
    ).n;
    expect(view.areaEvidence!.patrols).toBe(patrols);
    expect(view.areaEvidence!.recent.length).toBeLessThanOrEqual(6);
  });
});
