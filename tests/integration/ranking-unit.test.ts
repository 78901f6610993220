import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { emptyAppraisalState, insertAppraisal, writeRatings } from '../../electron/core/appraisal/appraisal.repo';
import type { Ratings } from '../../electron/core/appraisal/appraisal.repo';
import { emptySheetState, goalStateOf, insertSheet, replaceGoals } from '../../electron/core/mbo/mbo.repo';
import { ensureCycle } from '../../electron/core/staff/staff.repo';
import { yearScores } from '../../electron/core/appraisal/scores.service';
import { DEFAULT_APPRAISAL_CONFIG } from '../../shared/appraisal';
import type { RankingView } from '../../shared/contract';
import type { Input } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import type { Level } from '../../shared/mbo';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/**
 * The ranking unit (相対評価の単位) per grade group on a real encrypted demo office: a year whose
 * 係員級 is ranked per 課 has one population per section (係員級・総務課 …, （所属なし） for a person
 * without a section) with the right sizes; confirming one section confirms no other, and HR's
 * unlock reopens only that section; an evaluator sees the populations where they are the 調整者 of
 * someone and decides or confirms only those where they are everyone's; the export and a
 * configuration stored before the unit existed. The year used is the one after the demo's, whose
 * appraisals have not started (so its configuration may change); its appraisals are written
 * with the repos as the workflow leaves them (調整済). Tests run in order and share the office.
 */

type ConfigInput = Input<'appraisal:saveConfig'>['config'];

// Next year: an earlier year is closed, and an evaluator can no longer rank in it (docs/closed-years.md).
const fy = fiscalYearOf(new Date()) + 1;
const dir = tempDir('kaname-ranking-unit-');
let d: Db;
let dbPath = '';
const ctx = {} as Record<'admin' | 'jinji' | 'adjusterA' | 'stranger', AppContext>;

afterAll(() => {
  for (const c of Object.values(ctx)) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Member = { id: number; staffNo: string; section: string | null };

/** The office's 係員級 by section, read with plain SQL (what the populations must hold). */
function staffBySection(): Map<string, Member[]> {
  const rows = d
    .prepare(
      `SELECT s.id, s.staff_no AS staffNo, sec.name AS section FROM staff s LEFT JOIN sections sec ON sec.id = s.section_id
       WHERE s.grade_group = '係員級' AND s.active = 1 AND s.position <> '区長'
       ORDER BY coalesce(sec.sort, 1e9), s.section_id, s.staff_no`,
    )
    .all() as Member[];
  const out = new Map<string, Member[]>();
  for (const r of rows) {
    const key = r.section ?? '（所属なし）';
    out.set(key, [...(out.get(key) ?? []), r]);
  }
  return out;
}

const levels: readonly Level[] = ['S', 'A', 'B', 'C', 'D'];

/** Writes a 調整済 appraisal with its MBO goals and 2次 ratings; `adjust` (1/100 points) separates the scores. */
function adjusted(m: Member, level: Level, rating: number, adjust: number): void {
  const now = new Date().toISOString();
  const sheetId = insertSheet(d, fy, m.id, { ...emptySheetState(), status: '自己評価済' }, now);
  replaceGoals(d, sheetId, [
    {
      ...goalStateOf({
        category: '地域担当目標',
        title: '地域の見守り',
        content: '',
        standard: '毎月巡回する',
        priority: null,
        weight: 100,
        difficulty: 'B',
        schedule: '',
        type: '通常',
      }),
      self: { level, comment: '', reason: '' },
      first: { level, comment: '', reason: '' },
      second: { level, comment: '', reason: '' },
    },
  ]);
  const id = insertAppraisal(d, fy, m.id, { ...emptyAppraisalState(), status: '調整済', adjustment: adjust }, now);
  const ratings: Ratings = new Map();
  for (const item of DEFAULT_APPRAISAL_CONFIG.competencyItems['係員級']) {
    ratings.set(item, { self: rating, first: rating, second: rating });
  }
  writeRatings(d, id, ratings);
}

function assign(staffId: number, adjusterId: number): void {
  d.prepare(
    `INSERT INTO evaluator_assignments (fy, staff_id, first_id, second_id, adjuster_id, effective_from)
     VALUES (?, ?, NULL, NULL, ?, ?)`,
  ).run(fy, staffId, adjusterId, `${fy}-04-01`);
}

async function evaluatorAccount(login: string, staffNo: string): Promise<AppContext> {
  ok(
    await callApi(ctx.admin, 'accounts:create', {
      login,
      displayName: login,
      role: 'evaluator',
      staffNo,
      password: 'temporary-1',
    }),
  );
  const c = await loggedIn(dbPath, login, 'temporary-1');
  ok(await callApi(c, 'auth:changePassword', { current: 'temporary-1', next: demoPass }));
  return c;
}

/** Sections A and B: every 係員級 調整済 with distinct scores (2.6 + 0.2 × (i mod 5) + 0.01 × i); section C: 調整済, all on one score (ties). */
let A = '';
let B = '';
let C = '';
let sections = new Map<string, Member[]>();
let aOutsider: Member;

beforeAll(async () => {
  dbPath = await demoCopy(dir);
  for (const login of ['admin', 'jinji'] as const) ctx[login] = await loggedIn(dbPath, login, demoPass);
  d = ctx.admin.office!.db;
  ensureCycle(d, fy);
  expect(d.prepare('SELECT count(*) AS n FROM appraisals WHERE fy = ?').get(fy)).toEqual({ n: 0 });

  // A 係員級 with no section, ranked in （所属なし）.
  d.prepare(
    `INSERT INTO staff (staff_no, name, kana, section_id, position, grade_group, job_type) VALUES ('990001', '所属　なし', 'しょぞく なし', NULL, '係員', '係員級', '行政')`,
  ).run();

  const config = JSON.parse(JSON.stringify(DEFAULT_APPRAISAL_CONFIG)) as ConfigInput & {
    rankingUnits: Record<string, string>;
  };
  config.rankingUnits['係員級'] = '課';
  const saved = ok(await callApi(ctx.admin, 'appraisal:saveConfig', { fy, config }));
  expect(saved.config.rankingUnits).toEqual({ 課長級: '区全体', 課長代理級: '区全体', 係長級: '区全体', 係員級: '課' });

  sections = staffBySection();
  const big = [...sections].filter(([name, list]) => name !== '（所属なし）' && list.length >= 6);
  expect(big.length).toBeGreaterThanOrEqual(3);
  [A, B, C] = [big[0]![0], big[1]![0], big[2]![0]];

  // The 調整者 of section A: a 課長 with no account yet; they are also the 調整者 of one person of B.
  const adjuster = d
    .prepare(
      `SELECT id, staff_no AS no FROM staff WHERE position = '課長' AND active = 1
       AND id NOT IN (SELECT staff_id FROM accounts WHERE staff_id IS NOT NULL) ORDER BY staff_no LIMIT 1`,
    )
    .get() as { id: number; no: string };
  const other = d
    .prepare(
      `SELECT id, staff_no AS no FROM staff WHERE position = '課長' AND active = 1 AND id <> ?
       AND id NOT IN (SELECT staff_id FROM accounts WHERE staff_id IS NOT NULL) ORDER BY staff_no LIMIT 1`,
    )
    .get(adjuster.id) as { id: number; no: string };

  d.transaction(() => {
    sections.get(A)!.forEach((m, i) => {
      adjusted(m, levels[i % 5]!, 1 + (i % 5), i);
      assign(m.id, adjuster.id);
    });
    sections.get(B)!.forEach((m, i) => {
      adjusted(m, levels[i % 5]!, 1 + (i % 5), i);
      assign(m.id, other.id);
    });
    sections.get(C)!.forEach((m) => {
      adjusted(m, 'B', 3, 0);
      assign(m.id, other.id);
    });
  })();
  aOutsider = sections.get(B)![0]!;
  d.prepare('UPDATE evaluator_assignments SET adjuster_id = ? WHERE fy = ? AND staff_id = ?').run(
    adjuster.id,
    fy,
    aOutsider.id,
  );
  ctx.adjusterA = await evaluatorAccount('chosei-a', adjuster.no);
  const stranger = d
    .prepare(
      `SELECT staff_no AS no FROM staff WHERE position = '係長' AND active = 1
       AND id NOT IN (SELECT staff_id FROM accounts WHERE staff_id IS NOT NULL) ORDER BY staff_no LIMIT 1`,
    )
    .get() as { no: string };
  ctx.stranger = await evaluatorAccount('tanin', stranger.no);
});

const ranking = async (c: AppContext, population?: string): Promise<RankingView> =>
  ok(await callApi(c, 'appraisal:ranking', { fy, ...(population === undefined ? {} : { population }) }));

describe('a grade group ranked per 課', () => {
  it('has one population per section, in organisation order, each with its size; the others stay 区全体', async () => {
    const view = await ranking(ctx.admin);
    const perSection = view.populations.filter((p) => p.key.startsWith('係員級'));
    expect(perSection.map((p) => p.key)).toEqual([...sections.keys()].map((s) => `係員級・${s}`));
    expect(perSection.map((p) => p.label)).toEqual(
      [...sections.keys()].map((s) => `係員級（${s === '（所属なし）' ? '所属なし' : s}）`),
    );
    expect(perSection.map((p) => p.size)).toEqual([...sections.values()].map((list) => list.length));
    expect(perSection.at(-1)).toMatchObject({ key: '係員級・（所属なし）', size: 1 });

    const count = (g: string) =>
      (
        d
          .prepare(`SELECT count(*) AS n FROM staff WHERE grade_group = ? AND active = 1 AND position <> '区長'`)
          .get(g) as { n: number }
      ).n;
    const whole = view.populations.filter((p) => !p.key.startsWith('係員級'));
    expect(whole.map((p) => [p.key, p.label, p.size])).toEqual(
      (['課長級', '課長代理級', '係長級'] as const).map((g) => [g, `${g}（区全体）`, count(g)]),
    );
    // The populations hold everyone once.
    expect(view.populations.reduce((n, p) => n + p.size, 0)).toBe(yearScores(d, fy).people.length);
  });

  it('ranks a section on its own: the quotas come from its size', async () => {
    const view = await ranking(ctx.admin, `係員級・${A}`);
    const size = sections.get(A)!.length;
    expect(view.population).toBe(`係員級・${A}`);
    expect(view.result!.size).toBe(size);
    expect(view.result!.waiting).toEqual([]);
    expect(view.result!.figures.reduce((n, f) => n + f.quota, 0)).toBe(size);
    const staffNos = new Set(sections.get(A)!.map((m) => m.staffNo));
    expect(view.result!.rows.every((r) => staffNos.has(r.staffNo) && r.section === A)).toBe(true);
    // The whole grade group is no population of this year.
    fail(await callApi(ctx.admin, 'appraisal:ranking', { fy, population: '係員級' }), 'NOT_FOUND');
    fail(await callApi(ctx.admin, 'appraisal:confirmRanking', { fy, population: '係員級' }), 'NOT_FOUND');
  });

  it('a section that has not started is listed with everyone waiting', async () => {
    const untouched = [...sections.keys()].find((s) => ![A, B, C].includes(s))!;
    const view = await ranking(ctx.admin, `係員級・${untouched}`);
    expect(view.result!.size).toBe(0);
    expect(view.result!.waiting).toHaveLength(sections.get(untouched)!.length);
    expect(view.result!.canConfirm).toBe(false);
  });
});

describe('the 調整者 of a section', () => {
  it('sees the populations where they are the 調整者 of someone, and no other', async () => {
    const view = await ranking(ctx.adjusterA);
    expect(view.populations.map((p) => p.key)).toEqual([`係員級・${A}`, `係員級・${B}`]);
    expect(view.populations.map((p) => p.size)).toEqual([sections.get(A)!.length, sections.get(B)!.length]);
    fail(await callApi(ctx.adjusterA, 'appraisal:ranking', { fy, population: `係員級・${C}` }), 'NOT_FOUND');
    expect((await ranking(ctx.stranger)).populations).toEqual([]);
  });

  it('decides and confirms only where they are everyone’s 調整者', async () => {
    const own = await ranking(ctx.adjusterA, `係員級・${A}`);
    expect(own.result).toMatchObject({ canDecide: true, canConfirm: true, confirmed: null });
    const shared = await ranking(ctx.adjusterA, `係員級・${B}`);
    expect(shared.result).toMatchObject({ canDecide: false, canConfirm: false });
    const e = fail(
      await callApi(ctx.adjusterA, 'appraisal:confirmRanking', { fy, population: `係員級・${B}` }),
      'FORBIDDEN',
    );
    expect(e.message).toContain('全員の調整者または人事担当');

    // Section C is all one score: ties on every boundary, decided per population by its 調整者 or HR.
    const c = await ranking(ctx.admin, `係員級・${C}`);
    expect(c.result!.ties.length).toBeGreaterThan(0);
    const tied = c.result!.ties[0]!;
    fail(
      await callApi(ctx.adjusterA, 'appraisal:decideTie', {
        fy,
        population: `係員級・${C}`,
        staffNo: tied.ids[0]!,
        rankClass: tied.classes[0]!,
      }),
      'FORBIDDEN',
    );
    fail(
      await callApi(ctx.admin, 'appraisal:decideTie', {
        fy,
        population: `係員級・${A}`,
        staffNo: tied.ids[0]!,
        rankClass: tied.classes[0]!,
      }),
      'VALIDATION',
    );
    const decided = ok(
      await callApi(ctx.admin, 'appraisal:decideTie', {
        fy,
        population: `係員級・${C}`,
        staffNo: tied.ids[0]!,
        rankClass: tied.classes[0]!,
      }),
    );
    expect(decided.population).toBe(`係員級・${C}`);
    expect(decided.result!.rows.find((r) => r.staffNo === tied.ids[0])).toMatchObject({
      decided: true,
      rankClass: tied.classes[0],
    });
  });

  it('confirming one section confirms no other; HR’s unlock reopens only that section', async () => {
    const confirmed = ok(await callApi(ctx.adjusterA, 'appraisal:confirmRanking', { fy, population: `係員級・${A}` }));
    expect(confirmed.result!.confirmed).not.toBeNull();
    const flags = new Map((await ranking(ctx.admin)).populations.map((p) => [p.key, p.confirmed]));
    expect(flags.get(`係員級・${A}`)).toBe(true);
    expect([...flags].filter(([, on]) => on).map(([k]) => k)).toEqual([`係員級・${A}`]);
    const statuses = (members: Member[]) =>
      new Set(
        members.map(
          (m) =>
            (
              d.prepare('SELECT status FROM appraisals WHERE fy = ? AND staff_id = ?').get(fy, m.id) as {
                status: string;
              }
            ).status,
        ),
      );
    expect(statuses(sections.get(A)!)).toEqual(new Set(['確定']));
    expect(statuses(sections.get(B)!)).toEqual(new Set(['調整済']));
    const stored = d.prepare('SELECT population FROM ranking_confirmations WHERE fy = ?').all(fy);
    expect(stored).toEqual([{ population: `係員級・${A}` }]);

    // Confirming B as HR leaves A's confirmation as it was; unlocking one of A reopens A only.
    ok(await callApi(ctx.admin, 'appraisal:confirmRanking', { fy, population: `係員級・${B}` }));
    ok(
      await callApi(ctx.admin, 'appraisal:unlock', {
        fy,
        staffNo: sections.get(A)![0]!.staffNo,
        reason: '評価点の転記誤り',
      }),
    );
    const after = new Map((await ranking(ctx.admin)).populations.map((p) => [p.key, p.confirmed]));
    expect(after.get(`係員級・${A}`)).toBe(false);
    expect(after.get(`係員級・${B}`)).toBe(true);
  });
});

describe('the ranking export per population', () => {
  const bookOf = async (data: string) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(data, 'base64') as unknown as ArrayBuffer);
    return wb;
  };

  it('exports one section’s population by its key, and every population without one', async () => {
    const key = `係員級・${B}`;
    const one = ok(await callApi(ctx.admin, 'appraisal:export', { fy, what: 'ranking', population: key }));
    expect(one.fileName).toBe(`相対評価_${fy}年度_${key}.xlsx`);
    const wb = await bookOf(one.data);
    expect(wb.worksheets.map((w) => w.name)).toEqual([key]);
    const text = wb.worksheets[0]!.getSheetValues().flat().map(String).join('\n');
    expect(text).toContain(`相対評価の結果（係員級（${B}））`);
    expect(text).toContain(`母集団: 係員級（${B}） ${sections.get(B)!.length}人`);
    for (const m of sections.get(B)!) expect(text).toContain(m.staffNo);
    expect(text).not.toContain(sections.get(A)![0]!.staffNo);

    const all = ok(await callApi(ctx.admin, 'appraisal:export', { fy, what: 'ranking' }));
    const names = (await bookOf(all.data)).worksheets.map((w) => w.name);
    const keys = (await ranking(ctx.admin)).populations.map((p) => p.key);
    expect(names).toHaveLength(keys.length);
    expect(names).toContain(`係員級・${A}`);
    expect(names).toContain('課長代理級');

    fail(await callApi(ctx.admin, 'appraisal:export', { fy, what: 'ranking', population: '係員級' }), 'NOT_FOUND');
  });
});

describe('the year-wide scores', () => {
  it('agree with each appraisal form, person by person, through the edge cases of the sums', async () => {
    // Section C's people, changed one way each: goals of other weights and difficulties, a goal not
    // rated by the 2次, a goal without weight or difficulty, a missing rating, a rating of an item
    // outside the grade group's, an adjustment and an award.
    const [p0, p1, p2, p3, p4, p5] = sections.get(C)!;
    const goalsOf = (m: Member) =>
      (
        d
          .prepare(
            'SELECT g.id FROM mbo_goals g JOIN mbo_sheets s ON s.id = g.sheet_id WHERE s.fy = ? AND s.staff_id = ?',
          )
          .all(fy, m.id) as { id: number }[]
      ).map((g) => g.id);
    const appraisalOf = (m: Member) =>
      (d.prepare('SELECT id FROM appraisals WHERE fy = ? AND staff_id = ?').get(fy, m.id) as { id: number }).id;
    d.transaction(() => {
      const [g0] = goalsOf(p0!);
      d.prepare("UPDATE mbo_goals SET weight = 60, difficulty = 'A', second_level = 'S' WHERE id = ?").run(g0);
      const sheet = (d.prepare('SELECT sheet_id AS id FROM mbo_goals WHERE id = ?').get(g0) as { id: number }).id;
      d.prepare(
        `INSERT INTO mbo_goals (sheet_id, position, category, title, weight, difficulty, second_level)
         VALUES (?, 1, '業務目標', '窓口の改善', 40, 'C', 'D')`,
      ).run(sheet);
      d.prepare('UPDATE mbo_goals SET second_level = NULL WHERE id = ?').run(goalsOf(p1!)[0]);
      d.prepare('UPDATE mbo_goals SET weight = NULL, difficulty = NULL WHERE id = ?').run(goalsOf(p2!)[0]);
      d.prepare('DELETE FROM appraisal_ratings WHERE appraisal_id = ? AND item = ?').run(appraisalOf(p3!), '協調性');
      d.prepare("INSERT INTO appraisal_ratings (appraisal_id, item, second) VALUES (?, 'マネジメント', 5)").run(
        appraisalOf(p4!),
      );
      d.prepare('UPDATE appraisals SET adjustment = -35 WHERE id = ?').run(appraisalOf(p4!));
    })();
    const before = yearScores(d, fy).people.find((p) => p.staffNo === p5!.staffNo)!.score;
    // A decided 職場内表彰 for p5 (+0.2) and one still 推薦中 for p0 (nothing yet).
    const saved = ok(
      await callApi(ctx.admin, 'awards:save', {
        fy,
        id: null,
        title: '窓口改善の取組み',
        category: '風通しのよい職場づくり',
        awardedOn: `${fy}-10-01`,
        groupName: '',
        nominator: '',
        recipients: [p5!.staffNo],
      }),
    );
    ok(await callApi(ctx.admin, 'awards:decide', { fy, id: saved.at(-1)!.id, decidedOn: `${fy}-10-15` }));
    ok(
      await callApi(ctx.admin, 'awards:save', {
        fy,
        id: null,
        title: '地域の見守り',
        category: '地域担当制の活用',
        awardedOn: `${fy}-11-01`,
        groupName: '',
        nominator: '',
        recipients: [p0!.staffNo],
      }),
    );

    const people = yearScores(d, fy).people.filter((p) => p.appraisal !== null);
    expect(people.length).toBeGreaterThan(20);
    const byNo = new Map(people.map((p) => [p.staffNo, p]));
    expect(byNo.get(p1!.staffNo)!.score).toBeNull();
    expect(byNo.get(p3!.staffNo)!.score).toBeNull();
    expect(byNo.get(p0!.staffNo)!.score).not.toBeNull();
    for (const p of people) {
      const view = ok(await callApi(ctx.admin, 'appraisal:get', { fy, staffNo: p.staffNo }));
      expect(p.score, p.staffNo).toBe(view.scores.absolute.score);
      expect(p.status, p.staffNo).toBe(view.status);
    }
    const view5 = ok(await callApi(ctx.admin, 'appraisal:get', { fy, staffNo: p5!.staffNo }));
    expect(view5.scores.bonus.total).toBe(0.2);
    expect(before).not.toBeNull();
    expect(byNo.get(p5!.staffNo)!.score).toBe(Math.round((before! + 0.2) * 100) / 100);
    expect(byNo.get(p4!.staffNo)!.score).toBe(Math.round((before! - 0.35) * 100) / 100);
  });
});

describe('a configuration stored before the ranking unit existed', () => {
  it('loads with every grade group ranked 区全体, and its populations are the grade groups', async () => {
    // Another year without appraisals, not closed (the demo's own year has started its appraisals).
    const older = fy + 1;
    ensureCycle(d, older);
    const { rankingUnits: _none, ...old } = JSON.parse(JSON.stringify(DEFAULT_APPRAISAL_CONFIG)) as ConfigInput & {
      rankingUnits: unknown;
    };
    const stored = { ...old, weights: { ...old.weights, 係員級: { performance: 50, competency: 50 } } };
    d.prepare('UPDATE cycles SET appraisal_config = ? WHERE fy = ?').run(JSON.stringify(stored), older);

    const view = ok(await callApi(ctx.admin, 'appraisal:config', { fy: older }));
    expect(view.isDefault).toBe(false);
    expect(view.config.weights['係員級']).toEqual({ performance: 50, competency: 50 });
    expect(view.config.rankingUnits).toEqual(DEFAULT_APPRAISAL_CONFIG.rankingUnits);
    const rank = ok(await callApi(ctx.admin, 'appraisal:ranking', { fy: older }));
    expect(rank.populations.map((p) => p.key)).toEqual(['課長級', '課長代理級', '係長級', '係員級']);
    expect(rank.populations.map((p) => p.label)).toEqual([
      '課長級（区全体）',
      '課長代理級（区全体）',
      '係長級（区全体）',
      '係員級（区全体）',
    ]);
    // Saved again as it reads, it now stores the unit too.
    ok(await callApi(ctx.admin, 'appraisal:saveConfig', { fy: older, config: view.config }));
    const json = d.prepare('SELECT appraisal_config AS c FROM cycles WHERE fy = ?').get(older) as { c: string };
    expect(JSON.parse(json.c)).toMatchObject({ rankingUnits: DEFAULT_APPRAISAL_CONFIG.rankingUnits });
  });

  it('the unit cannot change once the year’s appraisals have started', async () => {
    const view = ok(await callApi(ctx.admin, 'appraisal:config', { fy }));
    expect(view.locked).toBe(true);
    const e = fail(
      await callApi(ctx.admin, 'appraisal:saveConfig', {
        fy,
        config: { ...view.config, rankingUnits: { ...view.config.rankingUnits, 係員級: '区全体' } },
      }),
      'CONFLICT',
    );
    expect(e.message).toContain('設定は変更できません');
    fail(
      await callApi(ctx.jinji, 'appraisal:saveConfig', {
        fy: fy + 1,
        config: { ...view.config, rankingUnits: { ...view.config.rankingUnits, 課長級: '課' } },
      }),
      'FORBIDDEN',
    );
  });
});
