import fs from 'node:fs';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { withheldAverages } from '../../shared/access';
import type { Input } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { textOf } from '../helpers/forms';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';
import { loadXlsx } from '../helpers/xlsx';

/**
 * Personal data that must not reach the wrong person (issue 10), on one demo office:
 * - 人事考課状況一覧: no average, score or distribution of fewer than 3 people for anyone but HR,
 *   on screen and in the workbook, nor one that the shown figures give away;
 * - 地域担当: who is unassigned or lacks a 地域担当目標 is named only to HR and, for their own area, to
 *   the area's leader; everyone else gets the counts;
 * - 表彰: staff and evaluators see decided awards, without reasons; HR sees nominations and revocations;
 * - a 同点 decision answers FORBIDDEN to anyone without access, whatever the input;
 * - named rankings: one rule for the screen and the export (HR and the personnel office).
 * The rules are written out in docs/access.md.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-personal-');
let dbPath = '';
let d: Db;
const logins = ['admin', 'jinji', 'kucho', 'kacho', 'kakaricho', 'shokuin'] as const;
type Login = (typeof logins)[number] | 'leader';
const ctx = {} as Record<Login, AppContext>;

afterAll(() => {
  for (const c of Object.values(ctx)) c.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An area whose leader gets an account: the area with the most members whose sheet lacks a 地域担当目標. */
let leaderArea = '';

beforeAll(async () => {
  dbPath = await demoCopy(dir);
  for (const login of logins) ctx[login] = await loggedIn(dbPath, login, demoPass);
  d = ctx.admin.office!.db;
  const lacking = ok(await callApi(ctx.admin, 'areas:overview', { fy })).mboCoverage.withoutAreaGoal!;
  const nos = new Set(lacking.map((p) => p.staffNo));
  const areas = ok(await callApi(ctx.admin, 'areas:overview', { fy })).areas;
  const best = [...areas]
    .filter((a) => a.leader !== null)
    .sort(
      (a, b) =>
        b.members.filter((m) => nos.has(m.person.staffNo)).length -
        a.members.filter((m) => nos.has(m.person.staffNo)).length,
    )[0]!;
  leaderArea = best.name;
  ok(
    await callApi(ctx.admin, 'accounts:create', {
      login: 'leader',
      displayName: 'リーダー',
      role: 'staff',
      staffNo: best.leader!.staffNo,
      password: 'temporary-1',
    }),
  );
  ctx.leader = await loggedIn(dbPath, 'leader', 'temporary-1');
  ok(await callApi(ctx.leader, 'auth:changePassword', { current: 'temporary-1', next: demoPass }));
});

const allText = (wb: ExcelJS.Workbook): string[] => {
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(textOf(c)))));
  return out;
};

async function download(c: AppContext, req: Input<'appraisal:export'>): Promise<ExcelJS.Workbook> {
  const file = ok(await callApi(c, 'appraisal:export', req));
  return loadXlsx(Buffer.from(file.data, 'base64'));
}

describe('人事考課状況一覧: no figure of fewer than 3 people for anyone but HR', () => {
  it('the rule: hide a cell of 1–2 people, and the total when it gives the hidden cells away', () => {
    // [sections' scored counts] → [each section withheld?, the grade group's average withheld?]
    const cases: [number[], (string | null)[], string | null][] = [
      [[5, 4], [null, null], null],
      [[0, 4], [null, null], null],
      [[1, 4], ['few', null], 'derivable'],
      [[2, 4], ['few', null], 'derivable'],
      [[1, 2, 4], ['few', 'few', null], null],
      [[1, 1, 1, 3], ['few', 'few', 'few', null], null],
      [[1], ['few'], 'few'],
      [[1, 1], ['few', 'few'], 'few'],
      [[2, 1], ['few', 'few'], null],
      [[0, 0], [null, null], null],
    ];
    for (const [counts, sections, group] of cases) {
      expect(withheldAverages(counts), counts.join(',')).toEqual({ sections, group });
    }
  });

  it('evaluators and the personnel office get no average of 1–2 people; HR gets every figure', async () => {
    const full = ok(await callApi(ctx.admin, 'appraisal:status', { fy }));
    const smallCells = full.groups.flatMap((g) => g.sections.filter((s) => s.scored > 0 && s.scored < 3));
    // The demo has many (e.g. a section with one scored 課長級): HR sees their averages.
    expect(smallCells.length).toBeGreaterThan(5);
    for (const s of smallCells) expect(s.average).not.toBeNull();
    expect(full.groups.every((g) => g.suppressed === null && g.sections.every((s) => s.suppressed === null))).toBe(
      true,
    );

    for (const login of ['kucho', 'kacho', 'kakaricho', 'jinji'] as const) {
      const t = ok(await callApi(ctx[login], 'appraisal:status', { fy }));
      for (const [gi, g] of t.groups.entries()) {
        const hr = full.groups[gi]!;
        expect(g.total).toBe(hr.total);
        expect(g.scored).toBe(hr.scored);
        for (const [si, s] of g.sections.entries()) {
          const h = hr.sections[si]!;
          // Counts of people stay.
          expect([s.section, s.total, s.scored, s.counts]).toEqual([h.section, h.total, h.scored, h.counts]);
          if (s.scored > 0 && s.scored < 3) {
            expect(s, `${login} ${g.gradeGroup} ${s.section}`).toMatchObject({ average: null, suppressed: 'few' });
          } else {
            expect(s.average).toBe(h.average);
          }
        }
        if (g.scored > 0 && g.scored < 3) expect(g).toMatchObject({ average: null, suppressed: 'few' });
        // The sum over the shown cells must not give away a hidden cell's average.
        const hidden = g.sections.filter((s) => s.suppressed !== null).reduce((n, s) => n + s.scored, 0);
        if (g.average !== null) expect(hidden === 0 || hidden >= 3).toBe(true);
      }
      // The demo's 課長級: one scored person, whose score was the "average".
      const chiefs = t.groups.find((x) => x.gradeGroup === '課長級')!;
      expect(chiefs).toMatchObject({ scored: 1, average: null, suppressed: 'few' });
    }
  });

  it('the distribution of 確定 classes of 1–2 people is withheld too', async () => {
    // Confirm two of the 課長代理級 by hand (as the ranking would), leaving the rest 調整済.
    const two = d
      .prepare(
        `SELECT a.id FROM appraisals a JOIN staff s ON s.id = a.staff_id
         WHERE a.fy = ? AND s.grade_group = '課長代理級' ORDER BY s.staff_no LIMIT 2`,
      )
      .all(fy) as { id: number }[];
    const confirm = d.prepare("UPDATE appraisals SET status = '確定', rank_class = 3 WHERE id = ?");
    const undo = d.prepare("UPDATE appraisals SET status = '調整済', rank_class = NULL WHERE id = ?");
    for (const a of two) confirm.run(a.id);
    try {
      const hr = ok(await callApi(ctx.admin, 'appraisal:status', { fy })).groups.find(
        (g) => g.gradeGroup === '課長代理級',
      )!;
      expect(hr.distribution).toEqual({ 1: 0, 2: 0, 3: 2, 4: 0, 5: 0 });
      const kucho = ok(await callApi(ctx.kucho, 'appraisal:status', { fy })).groups.find(
        (g) => g.gradeGroup === '課長代理級',
      )!;
      expect(kucho.distribution).toBeNull();
      // None confirmed yet: zeros name no one.
      const staff = ok(await callApi(ctx.kucho, 'appraisal:status', { fy })).groups.find(
        (g) => g.gradeGroup === '係員級',
      )!;
      expect(staff.distribution).toEqual({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 });
    } finally {
      for (const a of two) undo.run(a.id);
    }
  });

  it('the workbook: 「—（3人未満）」 in place of small averages for the personnel office, the figures for HR', async () => {
    const full = ok(await callApi(ctx.admin, 'appraisal:status', { fy }));
    const chiefs = full.groups.find((g) => g.gradeGroup === '課長級')!;
    const only = chiefs.sections.find((s) => s.scored === 1)!;
    const score = only.average!.toFixed(2);

    const hrBook = await download(ctx.admin, { fy, what: 'status' });
    const hrText = allText(hrBook);
    expect(hrText).toContain(String(only.average));
    expect(hrText.find((t) => t.startsWith('課長級（'))).toBe(
      `課長級（${chiefs.total}人、評価点あり 1人、平均 ${score}）`,
    );
    expect(hrText).not.toContain('—（3人未満）');

    const book = await download(ctx.jinji, { fy, what: 'status' });
    const ws = book.worksheets[0]!;
    const text = allText(book);
    expect(text).toContain('—（3人未満）');
    expect(text.find((t) => t.startsWith('課長級（'))).toBe(
      `課長級（${chiefs.total}人、評価点あり 1人、平均 —（3人未満））`,
    );
    // The row of that section in the 課長級 block: counts, and no average.
    let found = false;
    let inChiefs = false;
    ws.eachRow((row) => {
      const first = textOf(row.getCell(1));
      if (first.startsWith('課長級（')) inChiefs = true;
      else if (first.startsWith('課長代理級（')) inChiefs = false;
      if (inChiefs && first === only.section) {
        found = true;
        expect(row.getCell(2).value).toBe(only.total);
        expect(row.getCell(3).value).toBe(1);
        expect(textOf(row.getCell(4))).toBe('—（3人未満）');
      }
    });
    expect(found).toBe(true);
    // The averages in the workbook are exactly those the channel gives the personnel office.
    const mine = ok(await callApi(ctx.jinji, 'appraisal:status', { fy }));
    const allowed = new Set(
      mine.groups.flatMap((g) => [g.average, ...g.sections.map((s) => s.average)]).filter((x) => x !== null),
    );
    let averages = true;
    ws.eachRow((row) => {
      if (textOf(row.getCell(1)) === '確定した区分の分布') averages = false;
      const v = row.getCell(4).value;
      if (averages && typeof v === 'number') expect(allowed.has(v), `average ${v}`).toBe(true);
    });
  });
});

describe('地域担当: names of who is missing only for HR and the area’s leader', () => {
  it('staff, evaluators and the personnel office get counts, and no names', async () => {
    const full = ok(await callApi(ctx.admin, 'areas:overview', { fy }));
    expect(full.namesOf).toBe('all');
    expect(full.unassigned!.length).toBeGreaterThan(0);
    expect(full.unassignedCount).toBe(full.unassigned!.length);
    expect(full.mboCoverage.withoutAreaGoal!.length).toBeGreaterThan(0);
    expect(full.mboCoverage.withoutAreaGoalCount).toBe(full.mboCoverage.withoutAreaGoal!.length);
    for (const login of ['shokuin', 'kakaricho', 'kacho', 'kucho', 'jinji'] as const) {
      const o = ok(await callApi(ctx[login], 'areas:overview', { fy }));
      expect(o.namesOf, login).toBe('none');
      expect(o.unassigned).toBeNull();
      expect(o.mboCoverage.withoutAreaGoal).toBeNull();
      expect(o.unassignedCount).toBe(full.unassignedCount);
      expect(o.mboCoverage.withoutAreaGoalCount).toBe(full.mboCoverage.withoutAreaGoalCount);
      expect(o.mboCoverage.written).toBe(full.mboCoverage.written);
      expect(o.coverage).toEqual(full.coverage);
      // The unassigned are on no team, so their names appear nowhere in the answer.
      const json = JSON.stringify(o);
      for (const p of full.unassigned!) expect(json, `${login} sees ${p.staffNo}`).not.toContain(p.staffNo);
    }
  });

  it('an area’s leader sees the names of their own area’s members only', async () => {
    const full = ok(await callApi(ctx.admin, 'areas:overview', { fy }));
    const area = full.areas.find((a) => a.name === leaderArea)!;
    const mine = new Set(area.members.map((m) => m.person.staffNo));
    const expected = full.mboCoverage.withoutAreaGoal!.filter((p) => mine.has(p.staffNo));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(full.mboCoverage.withoutAreaGoalCount);
    const o = ok(await callApi(ctx.leader, 'areas:overview', { fy }));
    expect(o.namesOf).toBe('ledAreas');
    expect(o.mboCoverage.withoutAreaGoal).toEqual(expected);
    expect(o.mboCoverage.withoutAreaGoalCount).toBe(full.mboCoverage.withoutAreaGoalCount);
    expect(o.unassigned).toBeNull();
    expect(o.unassignedCount).toBe(full.unassignedCount);
  });
});

describe('表彰: staff and evaluators see decided awards, without reasons', () => {
  it('HR sees every award with its state and reason; others only 決定', async () => {
    const all = ok(await callApi(ctx.admin, 'awards:list', { fy }));
    expect(new Set(all.map((a) => a.status))).toEqual(new Set(['推薦中', '決定', '取消']));
    expect(all.some((a) => a.revokeReason !== null)).toBe(true);
    const decided = all.filter((a) => a.status === '決定').map((a) => a.id);
    expect(decided.length).toBeGreaterThan(0);
    for (const login of ['shokuin', 'kakaricho', 'kacho', 'kucho', 'jinji', 'leader'] as const) {
      const seen = ok(await callApi(ctx[login], 'awards:list', { fy }));
      expect(
        seen.map((a) => a.id),
        login,
      ).toEqual(decided);
      expect(seen.every((a) => a.status === '決定' && a.revokeReason === null)).toBe(true);
      const json = JSON.stringify(seen);
      for (const a of all.filter((x) => x.revokeReason !== null)) expect(json).not.toContain(a.revokeReason);
      for (const a of all.filter((x) => x.status !== '決定')) expect(json).not.toContain(a.title);
    }
  });
});

describe('同点の決定: access is checked before the data', () => {
  it('anyone without access gets FORBIDDEN whatever the input; the 調整者 and HR get the real answer', async () => {
    const view = ok(await callApi(ctx.kucho, 'appraisal:ranking', { fy, population: '課長代理級' }));
    const tied = view.result!.ties[0]!.ids[0]!;
    const untied = view.result!.rows.find((r) => !r.tie)!.staffNo;
    const inputs = [
      { fy, population: '課長代理級', staffNo: tied, rankClass: 1 },
      { fy, population: '課長代理級', staffNo: untied, rankClass: 1 },
      { fy, population: '課長代理級', staffNo: '999999', rankClass: 1 },
      { fy, population: '存在しない母集団', staffNo: tied, rankClass: 1 },
      { fy: fy + 5, population: '課長代理級', staffNo: tied, rankClass: 1 },
    ];
    const messages = new Set<string>();
    for (const login of ['kakaricho', 'kacho', 'shokuin', 'jinji', 'leader'] as const) {
      for (const input of inputs) {
        const e = fail(await callApi(ctx[login], 'appraisal:decideTie', input), 'FORBIDDEN');
        if (login === 'kakaricho' || login === 'kacho') messages.add(e.message);
      }
    }
    // The same answer, so the refusal tells nothing about who is tied.
    expect(messages.size).toBe(1);
    // With access, the data decides.
    fail(await callApi(ctx.kucho, 'appraisal:decideTie', inputs[1]!), 'VALIDATION');
    fail(await callApi(ctx.kucho, 'appraisal:decideTie', inputs[3]!), 'FORBIDDEN');
    fail(await callApi(ctx.admin, 'appraisal:decideTie', inputs[1]!), 'VALIDATION');
    fail(await callApi(ctx.admin, 'appraisal:decideTie', inputs[3]!), 'NOT_FOUND');
  });
});

describe('named rankings: one rule for the screen and the export', () => {
  it('the personnel office reads and prints them; an evaluator who is nobody’s 調整者 neither', async () => {
    const screen = ok(await callApi(ctx.jinji, 'appraisal:ranking', { fy, population: '課長代理級' })).result!;
    expect(screen.rows.length).toBeGreaterThan(0);
    const book = await download(ctx.jinji, { fy, what: 'ranking', population: '課長代理級' });
    const text = allText(book);
    for (const r of screen.rows) {
      expect(text).toContain(r.staffNo);
      expect(text).toContain(r.name);
    }
    // HR too; an evaluator outside the population sees no population and may not export.
    ok(await callApi(ctx.admin, 'appraisal:export', { fy, what: 'ranking', population: '課長代理級' }));
    expect(ok(await callApi(ctx.kakaricho, 'appraisal:ranking', { fy })).populations).toEqual([]);
    fail(await callApi(ctx.kakaricho, 'appraisal:export', { fy, what: 'ranking' }), 'FORBIDDEN');
    fail(await callApi(ctx.shokuin, 'appraisal:ranking', { fy }), 'FORBIDDEN');
    // Per-person forms and disclosure sheets stay HR's.
    fail(await callApi(ctx.jinji, 'appraisal:export', { fy, what: 'forms' }), 'FORBIDDEN');
    fail(await callApi(ctx.jinji, 'appraisal:export', { fy, what: 'disclosure' }), 'FORBIDDEN');
  });
});
