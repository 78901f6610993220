import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import type { AppraisalView } from '../../shared/contract';
import { cycleConfig } from '../../electron/core/appraisal/appraisal.repo';
import { yearScores } from '../../electron/core/appraisal/scores.service';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { formatScore, isDifficulty, performanceScore } from '../../shared/mbo';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { cellBeside, exportForms, sheetOf, textOf } from '../helpers/forms';
import { loadXlsx } from '../helpers/xlsx';
import { fail, ok } from '../helpers/result';

/**
 * The appraisal (人事考課) on one real encrypted demo office: the workflow's permissions stage by
 * stage, send-back, the cross-section rating and the 1次's reason to depart from it, awards into
 * the score, the 調整者's ranking of the demo's 課長代理級 with its tie, lock and unlock, and a
 * mid-year change of evaluator. Tests run in order and share the office.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-appraisal-');
let d: Db;
let dbPath = '';
const ctx = {} as Record<'admin' | 'jinji' | 'kucho' | 'kacho' | 'kakaricho' | 'shokuin' | 'fukukucho', AppContext>;

afterAll(() => {
  for (const c of Object.values(ctx)) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const one = <T>(sql: string, ...args: unknown[]) => d.prepare(sql).get(...args) as T;
const staffNoOf = (login: string) =>
  one<{ no: string }>(
    'SELECT s.staff_no AS no FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.login = ?',
    login,
  ).no;
const get = async (c: AppContext, staffNo: string): Promise<AppraisalView> =>
  ok(await callApi(c, 'appraisal:get', { fy, staffNo }));

/** The member of kakaricho's team whose appraisal the demo leaves waiting for the 1次. */
let subjectNo = '';

beforeAll(async () => {
  dbPath = await demoCopy(dir);
  for (const login of ['admin', 'jinji', 'kucho', 'kacho', 'kakaricho', 'shokuin'] as const) {
    ctx[login] = await loggedIn(dbPath, login, demoPass);
  }
  d = ctx.admin.office!.db;
  const fukukuchoNo = one<{ no: string }>(
    `SELECT s.staff_no AS no FROM evaluator_assignments e JOIN staff s ON s.id = e.adjuster_id
     WHERE e.fy = ? AND e.staff_id = (SELECT id FROM staff WHERE staff_no = ?) AND e.effective_to IS NULL`,
    fy,
    staffNoOf('shokuin'),
  ).no;
  ok(
    await callApi(ctx.admin, 'accounts:create', {
      login: 'fukukucho',
      displayName: '副区長',
      role: 'evaluator',
      staffNo: fukukuchoNo,
      password: 'temporary-1',
    }),
  );
  ctx.fukukucho = await loggedIn(dbPath, 'fukukucho', 'temporary-1');
  ok(await callApi(ctx.fukukucho, 'auth:changePassword', { current: 'temporary-1', next: demoPass }));
  subjectNo = one<{ no: string }>(
    `SELECT s.staff_no AS no FROM appraisals a JOIN staff s ON s.id = a.staff_id
     JOIN evaluator_assignments e ON e.staff_id = s.id AND e.fy = a.fy AND e.effective_to IS NULL
     WHERE a.fy = ? AND a.status = '自己評価済' AND e.first_id = (SELECT staff_id FROM accounts WHERE login = 'kakaricho')`,
    fy,
  ).no;
});

describe('the demo office', () => {
  it('has appraisals at every stage up to 調整済, awards of each kind and state, and cross-section ratings', () => {
    const statuses = (d.prepare('SELECT DISTINCT status FROM appraisals WHERE fy = ?').all(fy) as { status: string }[])
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual(['1次評価済', '2次評価済', '未着手', '自己評価済', '調整済'].sort());
    const awards = d.prepare('SELECT category, status FROM awards WHERE fy = ?').all(fy) as {
      category: string;
      status: string;
    }[];
    expect(new Set(awards.map((a) => a.status))).toEqual(new Set(['推薦中', '決定', '取消']));
    expect(awards.some((a) => a.category === '人材開発センター表彰')).toBe(true);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM cross_ratings WHERE level IS NOT NULL').n).toBeGreaterThan(0);
  });
});

describe('a mid-year change of evaluator', () => {
  it('hands the open appraisal to the new 1次, keeping what the old one wrote', async () => {
    const view = await get(ctx.kakaricho, subjectNo);
    ok(
      await callApi(ctx.kakaricho, 'appraisal:save', {
        fy,
        staffNo: subjectNo,
        version: view.version,
        comment: '前任の所見',
      }),
    );
    // Another 係長 takes over as 1次 from today, as the 評価者 import records it: the old period ends yesterday.
    const other = one<{ no: string; id: number }>(
      `SELECT staff_no AS no, id FROM staff WHERE position = '係長' AND active = 1
       AND id <> (SELECT staff_id FROM accounts WHERE login = 'kakaricho') ORDER BY staff_no LIMIT 1`,
    );
    ok(
      await callApi(ctx.admin, 'accounts:create', {
        login: 'kakaricho2',
        displayName: '後任係長',
        role: 'evaluator',
        staffNo: other.no,
        password: 'temporary-2',
      }),
    );
    const successor = await loggedIn(dbPath, 'kakaricho2', 'temporary-2');
    ok(await callApi(successor, 'auth:changePassword', { current: 'temporary-2', next: demoPass }));
    const subjectId = one<{ id: number }>('SELECT id FROM staff WHERE staff_no = ?', subjectNo).id;
    const old = one<{ id: number; first_id: number; second_id: number; adjuster_id: number }>(
      'SELECT id, first_id, second_id, adjuster_id FROM evaluator_assignments WHERE fy = ? AND staff_id = ? AND effective_to IS NULL',
      fy,
      subjectId,
    );
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    d.prepare('UPDATE evaluator_assignments SET effective_to = ? WHERE id = ?').run(yesterday, old.id);
    const added = d
      .prepare(
        `INSERT INTO evaluator_assignments (fy, staff_id, first_id, second_id, adjuster_id, effective_from)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(fy, subjectId, other.id, old.second_id, old.adjuster_id, today);

    fail(await callApi(ctx.kakaricho, 'appraisal:get', { fy, staffNo: subjectNo }), 'NOT_FOUND');
    const handed = await get(successor, subjectNo);
    expect(handed).toMatchObject({ relation: 'first', comments: { first: '前任の所見' } });
    expect(handed.can.stage).toBe('first');
    successor.office?.db.close();

    // Back to the demo's own 1次 for the walk below.
    d.prepare('DELETE FROM evaluator_assignments WHERE id = ?').run(added.lastInsertRowid);
    d.prepare('UPDATE evaluator_assignments SET effective_to = NULL WHERE id = ?').run(old.id);
  });
});

describe('the workflow, stage by stage', () => {
  it('the 1次 writes only at 自己評価済; others are refused by stage and by role', async () => {
    const view = await get(ctx.kakaricho, subjectNo);
    expect(view).toMatchObject({ status: '自己評価済', relation: 'first' });
    expect(view.can.stage).toBe('first');
    const second = await get(ctx.kacho, subjectNo);
    expect(second.can.stage).toBeNull();
    fail(
      await callApi(ctx.kacho, 'appraisal:save', { fy, staffNo: subjectNo, version: view.version, comment: 'x' }),
      'CONFLICT',
    );
    fail(
      await callApi(ctx.admin, 'appraisal:save', { fy, staffNo: subjectNo, version: view.version, comment: 'x' }),
      'FORBIDDEN',
    );
    fail(
      await callApi(ctx.jinji, 'appraisal:save', { fy, staffNo: subjectNo, version: view.version, comment: 'x' }),
      'FORBIDDEN',
    );
    fail(await callApi(ctx.shokuin, 'appraisal:get', { fy, staffNo: subjectNo }), 'NOT_FOUND');
    fail(await callApi(ctx.kucho, 'appraisal:get', { fy, staffNo: subjectNo }), 'NOT_FOUND');
  });

  it('the 1次 rates every item and goal; departing from the cross-section or proposed level needs a reason', async () => {
    let view = await get(ctx.kakaricho, subjectNo);
    const ratings = Object.fromEntries(view.ratings.map((r) => [r.item, 3]));
    // Each goal at a level different from its default, if it has one.
    const goals = view.goals.map((g) => ({
      goalId: g.id,
      level: g.firstDefault ? (g.firstDefault.level === 'C' ? ('B' as const) : ('C' as const)) : ('B' as const),
    }));
    view = ok(
      await callApi(ctx.kakaricho, 'appraisal:save', {
        fy,
        staffNo: subjectNo,
        version: view.version,
        ratings,
        goals,
        comment: '着実',
      }),
    );
    expect(view.scores.competency.first).toBe(3);
    const withDefault = view.goals.find((g) => g.firstDefault !== null);
    if (withDefault) {
      const e = fail(
        await callApi(ctx.kakaricho, 'appraisal:submit', { fy, staffNo: subjectNo, version: view.version }),
        'VALIDATION',
      );
      expect(e.message).toMatch(/理由を入力してください/u);
      view = ok(
        await callApi(ctx.kakaricho, 'appraisal:save', {
          fy,
          staffNo: subjectNo,
          version: view.version,
          goals: view.goals
            .filter((g) => g.firstDefault !== null)
            .map((g) => ({ goalId: g.id, level: g.first.level, reason: '年度後半の取組を踏まえて判断した' })),
        }),
      );
    }
    const done = ok(
      await callApi(ctx.kakaricho, 'appraisal:submit', { fy, staffNo: subjectNo, version: view.version }),
    );
    expect(done.status).toBe('1次評価済');
    expect(done.can.stage).toBeNull();
  });

  it('the 2次 sends it back with a reason, the 1次 resubmits, the 2次 rates and submits', async () => {
    let view = await get(ctx.kacho, subjectNo);
    expect(view.can).toMatchObject({ stage: 'second', sendBack: true });
    fail(
      await callApi(ctx.kacho, 'appraisal:sendBack', { fy, staffNo: subjectNo, version: view.version, reason: '' }),
      'VALIDATION',
    );
    view = ok(
      await callApi(ctx.kacho, 'appraisal:sendBack', {
        fy,
        staffNo: subjectNo,
        version: view.version,
        reason: '所見を具体的に',
      }),
    );
    expect(view.status).toBe('自己評価済');
    const first = await get(ctx.kakaricho, subjectNo);
    expect(first.sentBack).toMatchObject({ reason: '所見を具体的に' });
    ok(await callApi(ctx.kakaricho, 'appraisal:submit', { fy, staffNo: subjectNo, version: first.version }));

    view = await get(ctx.kacho, subjectNo);
    const ratings = Object.fromEntries(view.ratings.map((r) => [r.item, 4]));
    const goals = view.goals.map((g) => ({ goalId: g.id, level: 'A' as const }));
    const early = fail(
      await callApi(ctx.kacho, 'appraisal:submit', { fy, staffNo: subjectNo, version: view.version }),
      'VALIDATION',
    );
    expect(early.message).toMatch(/能力評価/u);
    view = ok(
      await callApi(ctx.kacho, 'appraisal:save', { fy, staffNo: subjectNo, version: view.version, ratings, goals }),
    );
    expect(view.scores.competency.second).toBe(4);
    expect(view.scores.absolute.score).not.toBeNull();
    view = ok(await callApi(ctx.kacho, 'appraisal:submit', { fy, staffNo: subjectNo, version: view.version }));
    expect(view.status).toBe('2次評価済');
  });

  it('the 調整者 adjusts only with a reason, shown as its own line', async () => {
    let view = await get(ctx.fukukucho, subjectNo);
    expect(view.can.stage).toBe('adjuster');
    fail(
      await callApi(ctx.fukukucho, 'appraisal:save', {
        fy,
        staffNo: subjectNo,
        version: view.version,
        ratings: { 協調性: 5 },
      }),
      'FORBIDDEN',
    );
    fail(
      await callApi(ctx.fukukucho, 'appraisal:save', {
        fy,
        staffNo: subjectNo,
        version: view.version,
        adjustment: 0.6,
      }),
      'VALIDATION',
    );
    view = ok(
      await callApi(ctx.fukukucho, 'appraisal:save', {
        fy,
        staffNo: subjectNo,
        version: view.version,
        adjustment: 0.1,
      }),
    );
    const e = fail(
      await callApi(ctx.fukukucho, 'appraisal:submit', { fy, staffNo: subjectNo, version: view.version }),
      'VALIDATION',
    );
    expect(e.message).toBe('調整する場合は、調整の理由を入力してください');
    view = ok(
      await callApi(ctx.fukukucho, 'appraisal:save', {
        fy,
        staffNo: subjectNo,
        version: view.version,
        adjustmentReason: '区の重点施策への貢献を加味',
      }),
    );
    expect(view.scores.absolute.lines.map((l) => l.label)).toContain('調整者による調整');
    view = ok(await callApi(ctx.fukukucho, 'appraisal:submit', { fy, staffNo: subjectNo, version: view.version }));
    expect(view.status).toBe('調整済');
    const audit = one<{ n: number }>(
      "SELECT count(*) AS n FROM audit_log WHERE action LIKE 'appraisal.%' AND entity_id = ?",
      `${fy}:${subjectNo}`,
    );
    expect(audit.n).toBeGreaterThanOrEqual(8);
  });
});

describe('awards into the score', () => {
  it('a decided award adds its bonus line; pending adds nothing; revoking removes it and says so', async () => {
    const before = await get(ctx.admin, subjectNo);
    const base = before.scores.bonus.total;
    const list = ok(
      await callApi(ctx.admin, 'awards:save', {
        fy,
        id: null,
        title: '窓口アンケートの改善',
        category: '風通しのよい職場づくり',
        awardedOn: `${fy}-10-01`,
        groupName: '',
        nominator: '課長',
        recipients: [subjectNo],
      }),
    );
    const award = list.find((a) => a.title === '窓口アンケートの改善')!;
    let view = await get(ctx.admin, subjectNo);
    expect(view.scores.bonus.lines.find((l) => l.title === '窓口アンケートの改善')).toMatchObject({
      points: 0,
      note: '表彰委員会の決定前のため、まだ加点しません',
    });
    ok(await callApi(ctx.admin, 'awards:decide', { fy, id: award.id, decidedOn: `${fy}-10-20` }));
    view = await get(ctx.admin, subjectNo);
    expect(view.scores.bonus.total).toBeGreaterThan(base);
    const withBonus = view.scores.absolute.score!;
    ok(await callApi(ctx.admin, 'awards:revoke', { fy, id: award.id, reason: '重複して登録したため' }));
    view = await get(ctx.admin, subjectNo);
    expect(view.scores.bonus.lines.find((l) => l.title === '窓口アンケートの改善')!.note).toBe(
      '取り消されたため加点しません',
    );
    expect(view.scores.absolute.score!).toBeLessThan(withBonus);
    fail(
      await callApi(ctx.admin, 'awards:save', {
        fy,
        id: null,
        title: '年度外',
        category: '能力開発・向上',
        awardedOn: `${fy + 1}-04-01`,
        groupName: '',
        nominator: '',
        recipients: [subjectNo],
      }),
      'VALIDATION',
    );
  });
});

describe('ranking the demo 課長代理級', () => {
  it('shows quotas, the boundary tie, lets the 調整者 decide it and confirm', async () => {
    let view = ok(await callApi(ctx.kucho, 'appraisal:ranking', { fy, population: '課長代理級' }));
    const r = view.result!;
    expect(r.figures.map((f) => f.quota)).toEqual([1, 2, 7, 1, 1]);
    expect(r.ties).toHaveLength(1);
    expect(r.ties[0]).toMatchObject({ score: 4, classes: [1, 2], seats: [1, 1], resolved: false });
    expect(r.canConfirm).toBe(false);
    fail(await callApi(ctx.kucho, 'appraisal:confirmRanking', { fy, population: '課長代理級' }), 'CONFLICT');
    const [a, b] = r.ties[0]!.ids as [string, string];
    fail(
      await callApi(ctx.kakaricho, 'appraisal:decideTie', { fy, population: '課長代理級', staffNo: a, rankClass: 1 }),
      'FORBIDDEN',
    );
    fail(
      await callApi(ctx.kucho, 'appraisal:decideTie', { fy, population: '課長代理級', staffNo: a, rankClass: 3 }),
      'VALIDATION',
    );
    ok(await callApi(ctx.kucho, 'appraisal:decideTie', { fy, population: '課長代理級', staffNo: a, rankClass: 1 }));
    view = ok(
      await callApi(ctx.kucho, 'appraisal:decideTie', { fy, population: '課長代理級', staffNo: b, rankClass: 2 }),
    );
    expect(view.result!.undecided).toBe(0);
    expect(view.result!.canConfirm).toBe(true);
    view = ok(await callApi(ctx.kucho, 'appraisal:confirmRanking', { fy, population: '課長代理級' }));
    expect(view.result!.confirmed).not.toBeNull();
    expect(view.result!.figures.map((f) => f.placed)).toEqual([1, 2, 7, 1, 1]);
    const locked = await get(ctx.admin, a);
    expect(locked).toMatchObject({ status: '確定', rankClass: 1 });
  });

  it('a 確定 appraisal is locked; HR unlocks it with a reason and the population must be confirmed again', async () => {
    const view = ok(await callApi(ctx.kucho, 'appraisal:ranking', { fy, population: '課長代理級' }));
    const someone = view.result!.rows[3]!.staffNo;
    const locked = await get(ctx.kucho, someone);
    expect(locked.can.stage).toBeNull();
    fail(await callApi(ctx.kucho, 'appraisal:unlock', { fy, staffNo: someone, reason: '誤り' }), 'FORBIDDEN');
    const unlocked = ok(
      await callApi(ctx.admin, 'appraisal:unlock', { fy, staffNo: someone, reason: '能力評価の転記誤り' }),
    );
    expect(unlocked).toMatchObject({ status: '調整済', unlockReason: '能力評価の転記誤り' });
    const after = ok(await callApi(ctx.kucho, 'appraisal:ranking', { fy, population: '課長代理級' }));
    expect(after.result!.confirmed).toBeNull();
  });

  it('the year-wide scores (lists, ranking) agree with each appraisal form, person by person', async () => {
    const people = yearScores(d, fy).people.filter((p) => p.appraisal !== null);
    expect(people.length).toBeGreaterThan(20);
    for (const p of people) {
      const view = await get(ctx.admin, p.staffNo);
      expect(p.score, p.staffNo).toBe(view.scores.absolute.score);
    }
  });

  it('with the cycle’s coefficients A 1.5 / B 1.0 / C 0.5, the MBO sheet, the form, its print and the ranking agree', async () => {
    const coefficients = { A: 1.5, B: 1.0, C: 0.5 };
    const stored = (d.prepare('SELECT appraisal_config AS c FROM cycles WHERE fy = ?').get(fy) as { c: string | null })
      .c;
    const before = new Map(yearScores(d, fy).people.map((p) => [p.staffNo, p.score]));
    // The year has started, so 設定 refuses a change (appraisal-config.test.ts); the stored
    // configuration is written as a cycle configured before its start would hold it.
    d.prepare('UPDATE cycles SET appraisal_config = ? WHERE fy = ?').run(
      JSON.stringify({ ...cycleConfig(d, fy), difficultyCoefficients: coefficients }),
      fy,
    );
    try {
      const people = yearScores(d, fy).people.filter((p) => p.appraisal !== null);
      let changed = 0;
      let compared = 0;
      for (const p of people) {
        const view = await get(ctx.admin, p.staffNo);
        expect(view.difficultyCoefficients).toEqual(coefficients);
        expect(p.score, p.staffNo).toBe(view.scores.absolute.score);
        if (p.score !== before.get(p.staffNo)) changed += 1;

        // The MBO sheet scores its goals with the same coefficients, as the appraisal's 業績評価点.
        const sheet = ok(await callApi(ctx.admin, 'mbo:get', { fy, staffNo: p.staffNo }));
        expect(sheet.difficultyCoefficients).toEqual(coefficients);
        expect(sheet.scores.second.score, p.staffNo).toBe(view.scores.performance.second.score);
        expect(sheet.scores.self.score, p.staffNo).toBe(view.scores.performance.self.score);
        const goals = sheet.goals.map((g) => ({
          weight: g.weight ?? 0,
          level: g.second.level,
          difficulty: isDifficulty(g.difficulty) ? g.difficulty : ('B' as const),
        }));
        expect(sheet.scores.second.score).toBe(performanceScore(goals, coefficients).score);
        if (sheet.scores.second.score !== null) compared += 1;
      }
      // The coefficients are really used: some absolute scores move from the defaults' (A 1.2 / C 0.8).
      expect(compared).toBeGreaterThan(5);
      expect(changed).toBeGreaterThan(0);

      // The ranking orders the same scores.
      const ranking = ok(await callApi(ctx.kucho, 'appraisal:ranking', { fy, population: '課長代理級' }));
      expect(ranking.result!.rows.length).toBeGreaterThan(0);
      const scoreOf = new Map(people.map((p) => [p.staffNo, p.score]));
      for (const r of ranking.result!.rows) expect(r.score, r.staffNo).toBe(scoreOf.get(r.staffNo));

      // The printed MBO sheet: the 2次 score and each goal's difficulty with the cycle's coefficient.
      const printed = people.find((p) => p.score !== null && p.gradeGroup === '課長代理級')!;
      const sheet = ok(await callApi(ctx.admin, 'mbo:get', { fy, staffNo: printed.staffNo }));
      const wb = await loadXlsx(
        await exportForms(ctx.admin, { kind: 'mbo', purpose: 'print', fy, staffNo: printed.staffNo }),
      );
      const ws = sheetOf(wb, printed.staffNo);
      expect(textOf(cellBeside(ws, '2次評価', '業績評価点'))).toContain(
        `業績評価点 ${formatScore(sheet.scores.second.score!)}`,
      );
      const first = sheet.goals[0]!;
      expect(textOf(cellBeside(ws, '難易度（A高・B標準・C低）', '目標1'))).toBe(
        { A: 'A 高 ×1.5', B: 'B 標準 ×1.0', C: 'C 低 ×0.5' }[first.difficulty!],
      );
    } finally {
      d.prepare('UPDATE cycles SET appraisal_config = ? WHERE fy = ?').run(stored, fy);
    }
    expect(yearScores(d, fy).people.map((p) => p.score)).toEqual([...before.values()]);
  });

  it("the person sees the evaluators' levels and comments only once the appraisal is 確定 (開示)", async () => {
    const asPerson = async (staffNo: string, login: string): Promise<AppContext> => {
      ok(
        await callApi(ctx.admin, 'accounts:create', {
          login,
          displayName: '本人',
          role: 'staff',
          staffNo,
          password: 'temporary-9',
        }),
      );
      const c = await loggedIn(dbPath, login, 'temporary-9');
      ok(await callApi(c, 'auth:changePassword', { current: 'temporary-9', next: demoPass }));
      return c;
    };
    // In progress (調整済): nothing of the evaluators reaches the person, on the appraisal or the MBO sheet.
    const working = await asPerson(subjectNo, 'honnin1');
    const mine = ok(await callApi(working, 'appraisal:get', { fy }));
    expect(mine.status).toBe('調整済');
    expect(mine.goals.every((g) => g.first.level === null && g.second.level === null)).toBe(true);
    expect(mine.ratings.every((r) => r.first === null && r.second === null)).toBe(true);
    expect(mine.comments).toMatchObject({ first: '', second: '', adjuster: '' });
    expect(mine.scores.absolute.score).toBeNull();
    const sheet = ok(await callApi(working, 'mbo:get', { fy }));
    expect(sheet.goals.every((g) => g.first.level === null && g.second.level === null)).toBe(true);
    expect(sheet.scores.second.score).toBeNull();
    // 確定 (the demo's ranked 課長代理級): the whole result is disclosed.
    const ranked = ok(await callApi(ctx.kucho, 'appraisal:ranking', { fy, population: '課長代理級' })).result!.rows[0]!;
    const done = await asPerson(ranked.staffNo, 'honnin2');
    const result = ok(await callApi(done, 'appraisal:get', { fy }));
    expect(result.status).toBe('確定');
    expect(result.scores.absolute.score).toBe(ranked.score);
    expect(result.goals.some((g) => g.second.level !== null)).toBe(true);
    working.office?.db.close();
    done.office?.db.close();
  });

  it('the status table counts everyone once and names no one', async () => {
    const table = ok(await callApi(ctx.admin, 'appraisal:status', { fy }));
    const people = one<{ n: number }>("SELECT count(*) AS n FROM staff WHERE active = 1 AND position <> '区長'").n;
    expect(table.groups.reduce((n, g) => n + g.total, 0)).toBe(people);
    const deputies = table.groups.find((g) => g.gradeGroup === '課長代理級')!;
    expect(deputies.scored).toBe(deputies.total);
    expect(JSON.stringify(table)).not.toMatch(/"name"/u);
  });
});
