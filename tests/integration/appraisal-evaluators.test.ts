import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import type { WaitingEvaluator } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/*
 * appraisal:evaluators (docs/workbooks.md, the evaluator's workbook): HR's picker of the evaluators
 * with forms waiting, each count checked against the workbook the export then writes (one sheet a
 * form); the role is checked in the core; the person's own view says why the evaluators' scores are
 * not shown, and the weighted lines carry the weighted figure.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-appraisal-evaluators-');
const ctx = {} as Record<'admin' | 'jinji' | 'kacho' | 'kakaricho' | 'shokuin', AppContext>;
let d: Db;
let dbPath = '';

beforeAll(async () => {
  dbPath = await demoCopy(dir);
  for (const login of ['admin', 'jinji', 'kacho', 'kakaricho', 'shokuin'] as const) {
    ctx[login] = await loggedIn(dbPath, login, demoPass);
  }
  d = ctx.admin.office!.db;
});

afterAll(() => {
  for (const c of Object.values(ctx)) c.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** How many form sheets the evaluator's exported workbook holds (every sheet but the hidden one). */
async function sheetsInWorkbook(evaluatorNo: string): Promise<number> {
  const r = await callApi(ctx.admin, 'appraisal:export', { fy, what: 'evaluator', evaluatorNo });
  if (!r.ok) return 0;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(r.value.data, 'base64') as unknown as ArrayBuffer);
  return wb.worksheets.filter((ws) => ws.state === 'visible').length;
}

const list = async () => ok(await callApi(ctx.admin, 'appraisal:evaluators', { fy }));

describe('the evaluators with forms waiting (appraisal:evaluators)', () => {
  it('is HR’s alone: evaluators, personnel and staff are refused', async () => {
    for (const c of [ctx.jinji, ctx.kacho, ctx.kakaricho, ctx.shokuin]) {
      fail(await callApi(c, 'appraisal:evaluators', { fy }), 'FORBIDDEN');
    }
  });

  it('lists those with forms first, each count the number of sheets their workbook holds', async () => {
    const v = await list();
    const waiting = v.evaluators.filter((e) => e.waiting > 0);
    const idle = v.evaluators.filter((e) => e.waiting === 0);
    expect(waiting.length).toBeGreaterThan(0);
    expect(idle.length).toBeGreaterThan(0);
    // Those with forms come first; the rest follow.
    expect(v.evaluators.slice(0, waiting.length)).toEqual(waiting);
    expect(v.waitingForms).toBe(waiting.reduce((n, e) => n + e.waiting, 0));
    for (const e of waiting) expect(e.waiting).toBe(e.first + e.second + e.cross);
    // Their workbooks (four with forms, one without) hold as many forms as the counts say.
    for (const e of [...waiting.slice(0, 4), ...idle.slice(0, 1)]) {
      expect({ who: e.staffNo, sheets: await sheetsInWorkbook(e.staffNo) }).toEqual({
        who: e.staffNo,
        sheets: e.waiting,
      });
    }
    // The post is named as the screens name it.
    const kachoNo = (
      d
        .prepare(`SELECT s.staff_no AS no FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.login = 'kacho'`)
        .get() as {
        no: string;
      }
    ).no;
    const kacho = v.evaluators.find((e) => e.staffNo === kachoNo);
    expect(kacho?.title).toMatch(/課長$/u);
  });

  it('answers the picker a page: the first matches of what was typed, in the same order, with the counts', async () => {
    const all = await list();
    const withForms = all.evaluators.filter((e) => e.waiting > 0).length;
    const page = ok(await callApi(ctx.admin, 'appraisal:evaluators', { fy, query: '', limit: 3 }));
    expect(page.evaluators).toEqual(all.evaluators.slice(0, 3));
    expect([page.matching, page.withForms, page.waitingForms]).toEqual([
      all.evaluators.length,
      withForms,
      all.waitingForms,
    ]);
    // By 職員番号, and by name typed with a space anywhere, full-width or not.
    const someone = all.evaluators[all.evaluators.length - 1]!;
    const byNo = ok(await callApi(ctx.admin, 'appraisal:evaluators', { fy, query: someone.staffNo, limit: 50 }));
    expect(byNo.evaluators.map((e) => e.staffNo)).toContain(someone.staffNo);
    const spaced = someone.name.replace(/\s/gu, '').split('').join(' ');
    const byName = ok(await callApi(ctx.admin, 'appraisal:evaluators', { fy, query: spaced, limit: 50 }));
    expect(byName.evaluators.map((e) => e.staffNo)).toContain(someone.staffNo);
    expect(byName.matching).toBe(byName.evaluators.length);
    // Nothing matches: an empty page, the year's counts still there.
    const none = ok(await callApi(ctx.admin, 'appraisal:evaluators', { fy, query: '該当なしの検索語', limit: 50 }));
    expect([none.evaluators, none.matching, none.withForms]).toEqual([[], 0, withForms]);
    // Without a limit it answers as it always did.
    expect(all.matching).toBeUndefined();
    fail(await callApi(ctx.admin, 'appraisal:evaluators', { fy, limit: 201 }), 'VALIDATION');
  });

  it('moves a form from the 1次 to the 2次 when the 1次 submits', async () => {
    const before = await list();
    const kakarichoNo = (
      d
        .prepare(
          `SELECT s.staff_no AS no FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.login = 'kakaricho'`,
        )
        .get() as { no: string }
    ).no;
    const subject = d
      .prepare(
        `SELECT s.staff_no AS no, sec.staff_no AS secondNo FROM appraisals a JOIN staff s ON s.id = a.staff_id
         JOIN evaluator_assignments e ON e.staff_id = s.id AND e.fy = a.fy AND e.effective_to IS NULL
         JOIN staff sec ON sec.id = e.second_id
         WHERE a.fy = ? AND a.status = '自己評価済' AND e.first_id = (SELECT staff_id FROM accounts WHERE login = 'kakaricho')`,
      )
      .get(fy) as { no: string; secondNo: string };
    let view = ok(await callApi(ctx.kakaricho, 'appraisal:get', { fy, staffNo: subject.no }));
    view = ok(
      await callApi(ctx.kakaricho, 'appraisal:save', {
        fy,
        staffNo: subject.no,
        version: view.version,
        ratings: Object.fromEntries(view.ratings.map((r) => [r.item, 3])),
        goals: view.goals.map((g) => ({ goalId: g.id, level: g.firstDefault?.level ?? 'B' })),
      }),
    );
    ok(await callApi(ctx.kakaricho, 'appraisal:submit', { fy, staffNo: subject.no, version: view.version }));
    const after = await list();
    const count = (v: typeof before, no: string): WaitingEvaluator | undefined =>
      v.evaluators.find((e) => e.staffNo === no);
    expect(count(after, kakarichoNo)!.first).toBe(count(before, kakarichoNo)!.first - 1);
    expect(count(after, subject.secondNo)!.second).toBe((count(before, subject.secondNo)?.second ?? 0) + 1);
  });
});

describe('the appraisal view for the screens', () => {
  it('tells the person that the evaluators’ scores are withheld until 確定, and names the posts', async () => {
    // A person with goals whose appraisal is with the 1次, signed in as themselves.
    const personNo = (
      d
        .prepare(
          `SELECT s.staff_no AS no FROM appraisals a JOIN staff s ON s.id = a.staff_id
           WHERE a.fy = ? AND a.status = '1次評価済' AND s.grade_group = '係員級' AND s.id NOT IN (SELECT staff_id FROM accounts WHERE staff_id IS NOT NULL)`,
        )
        .get(fy) as { no: string }
    ).no;
    ok(
      await callApi(ctx.admin, 'accounts:create', {
        login: 'person',
        displayName: '職員',
        role: 'staff',
        staffNo: personNo,
        password: 'temporary-1',
      }),
    );
    const person = await loggedIn(dbPath, 'person', 'temporary-1');
    ok(await callApi(person, 'auth:changePassword', { current: 'temporary-1', next: demoPass }));
    const own = ok(await callApi(person, 'appraisal:get', { fy }));
    person.office?.db.close();
    expect(own.goals.length).toBeGreaterThan(0);
    expect(own.scoresWithheld).toBe(true);
    expect(own.evaluatorPosts?.adjuster).toBe('副区長');
    const asHr = ok(await callApi(ctx.admin, 'appraisal:get', { fy, staffNo: own.person.staffNo }));
    expect(asHr.scoresWithheld).toBeUndefined();
  });

  it('carries the weighted figure on the weighted lines (score × weight, exact)', async () => {
    const row = d
      .prepare(
        `SELECT s.staff_no AS no FROM appraisals a JOIN staff s ON s.id = a.staff_id WHERE a.fy = ? AND a.status = '調整済'`,
      )
      .get(fy) as { no: string };
    const view = ok(await callApi(ctx.admin, 'appraisal:get', { fy, staffNo: row.no }));
    const [perf, comp] = view.scores.absolute.lines;
    const weight = (label: string) => Number(/× (\d+)%/u.exec(label)![1]);
    expect(perf!.weighted).toBeCloseTo((perf!.value! * weight(perf!.label)) / 100, 9);
    expect(comp!.weighted).toBeCloseTo((comp!.value! * weight(comp!.label)) / 100, 9);
    // The two weighted parts add up to the 加重平均 before its one rounding.
    const base = view.scores.absolute.lines.find((l) => l.label === '加重平均')!.value!;
    expect(Math.abs(perf!.weighted! + comp!.weighted! - base)).toBeLessThan(0.005 + 1e-9);
  });
});
