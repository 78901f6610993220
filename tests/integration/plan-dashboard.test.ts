import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOf } from '../../electron/core/plan/dashboard.service';
import { insertConfirmation, writeConfirmedClasses } from '../../electron/core/appraisal/ranking.repo';
import { yearScores } from '../../electron/core/appraisal/scores.service';
import { kpisOf } from '../../electron/core/plan/kpi.service';
import { PLAN_KPI_IDS } from '../../shared/plan-kpi';
import { getSelfReport, progressRecords, updateSelfReport } from '../../electron/core/self-report/self-report.repo';
import { ensureCycle, staffByNo } from '../../electron/core/staff/staff.repo';
import type { AppContext } from '../../electron/core/api/context';
import { minGroupSize } from '../../shared/access';
import { fiscalYearOf } from '../../shared/fiscal-year';
import type { PlanDashboard } from '../../shared/api/plan';
import { AWARD_CATEGORIES } from '../../shared/contract';
import type { Kpi } from '../../shared/kpi';
import type { RankClass } from '../../shared/ranking';
import { db, failure, ok } from '../fixtures/workbooks';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/** `plan:dashboard` and the plan's KPIs (kpisOf) on a real copy of the demo office: docs/plan.md. */

const dir = tempDir('kaname-plan-dashboard-');
let dbPath = '';
let fy = 0;
const ctx: Record<'hr' | 'personnel', AppContext> = {} as never;
let hrView: PlanDashboard;
let personnelView: PlanDashboard;

const ids = [
  'training_hospitality',
  'training_external',
  'training_external_courses',
  'training_facilitation',
  'training_facilitation_area',
  'training_study_sessions',
  'meaningful_work',
  'selfreport_submitted',
  'area_assignment',
  'area_goal',
  'area_patrol',
  'area_study',
  'awards_internal',
  'awards_external',
  'postings_held',
  'measures_met',
];

const kpi = (kpis: Kpi[], id: string): Kpi => {
  const k = kpis.find((x) => x.id === id);
  if (!k) throw new Error(`no KPI ${id}`);
  return k;
};

beforeAll(async () => {
  dbPath = await demoCopy(dir);
  ctx.hr = await loggedIn(dbPath, 'admin', demoPass);
  ctx.personnel = await loggedIn(dbPath, 'jinji', demoPass);
  fy = fiscalYearOf(new Date());
}, 180_000);
afterAll(() => {
  for (const c of Object.values(ctx)) c.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

const shareOk = (k: Kpi) => {
  expect(k.numerator).toBeGreaterThanOrEqual(0);
  expect(k.numerator!).toBeLessThanOrEqual(k.denominator!);
  if (k.denominator === 0) expect(k.value).toBeNull();
  else expect(k.value).toBe(Math.round((k.numerator! * 1000) / k.denominator!) / 10);
};

describe('the plan’s KPIs (kpisOf) on the demo office', () => {
  it('lists every KPI id once, in the documented order, with sane figures', () => {
    const kpis = kpisOf(db(ctx.hr), fy);
    expect(kpis.map((k) => k.id)).toEqual(ids);
    // The list a measure's KPI is checked against, and the CLI test's, is this one.
    expect(PLAN_KPI_IDS).toEqual(ids);
    for (const k of kpis) {
      if (k.unit === '%') shareOk(k);
      else expect(k.value).toBeGreaterThanOrEqual(0);
      expect(k.met === null || k.met === k.value! >= k.target!).toBe(true);
    }
    expect(kpi(kpis, 'meaningful_work').target).toBe(90);
    expect(kpi(kpis, 'area_assignment')).toMatchObject({ target: 100, met: false });
    // The demo leaves two of the staff to be assigned off every team (docs/plan.md: 区長・副区長 are not counted).
    expect(kpi(kpis, 'area_assignment').denominator! - kpi(kpis, 'area_assignment').numerator!).toBe(2);
    expect(kpi(kpis, 'area_patrol')).toMatchObject({ value: 100, met: true });
    expect(kpi(kpis, 'awards_internal')).toMatchObject({ unit: '件', target: 1 });
    expect(kpi(kpis, 'awards_external').value).toBeGreaterThanOrEqual(1);
    expect(kpi(kpis, 'postings_held').value).toBeGreaterThanOrEqual(1);
  });

  it('has an area system in the two years before (demo-plan-history.ts): its shares rise toward this year', () => {
    const at = (y: number, id: string) => kpi(kpisOf(db(ctx.hr), y), id);
    for (const id of ['area_assignment', 'area_patrol', 'area_study']) {
      const [a, b, c] = [at(fy - 2, id), at(fy - 1, id), at(fy, id)];
      expect(a.denominator, id).toBeGreaterThan(0);
      expect(a.value!, id).toBeLessThan(b.value!);
      expect(b.value!, id).toBeLessThanOrEqual(c.value!);
      expect(a.met, id).toBe(false);
    }
    // Who is on a team in an earlier year is that year's team: the facilitation share follows it.
    expect(at(fy - 2, 'training_facilitation_area').denominator).toBe(at(fy - 2, 'area_assignment').numerator);
  });

  it('shows the meaningful-work share below target and rising over three years', () => {
    const share = (y: number) => kpi(kpisOf(db(ctx.hr), y), 'meaningful_work');
    const [a, b, c] = [share(fy - 2), share(fy - 1), share(fy)];
    expect(a.value).toBeCloseTo(76, 0);
    expect(b.value).toBeCloseTo(80, 0);
    expect(a.value!).toBeLessThan(b.value!);
    expect(b.value!).toBeLessThan(c.value!);
    expect([a.met, b.met, c.met]).toEqual([false, false, false]);
  });

  it('judges the KPI-tracked measures on these KPIs: measures_met is the share of judged measures met', () => {
    const d = dashboardOf(db(ctx.hr), fy, true);
    const kpis = d.years.at(-1)!.kpis;
    const judged = d.measures.filter((m) => m.applies && m.met !== null);
    expect(kpi(kpis, 'measures_met')).toMatchObject({
      numerator: judged.filter((m) => m.met).length,
      denominator: judged.length,
    });
    const goal = d.measures.find((m) => m.kpiId === 'area_goal')!;
    expect(goal.kpi).toEqual(kpi(kpis, 'area_goal'));
  });
});

describe('plan:dashboard', () => {
  beforeAll(async () => {
    hrView = ok(await callApi(ctx.hr, 'plan:dashboard', { fy }));
    personnelView = ok(await callApi(ctx.personnel, 'plan:dashboard', { fy }));
  });

  it('gives HR every figure: three years, sections, areas, awards, 区分, progress, measures', () => {
    expect(hrView.years.map((y) => y.fy)).toEqual([fy - 2, fy - 1, fy]);
    for (const y of hrView.years) expect(y.kpis.map((k) => k.id)).toEqual(ids);
    const meaningful = kpi(hrView.years.at(-1)!.kpis, 'meaningful_work');
    const rows = hrView.meaningfulBySection;
    expect(rows.length).toBeGreaterThanOrEqual(7);
    expect(rows.some((r) => r.withheld)).toBe(false);
    expect(rows.reduce((n, r) => n + r.denominator, 0)).toBe(meaningful.denominator);
    expect(rows.reduce((n, r) => n + r.numerator, 0)).toBe(meaningful.numerator);
    expect(hrView.areaTeams.length).toBe(kpi(hrView.years.at(-1)!.kpis, 'area_patrol').denominator);
    expect(hrView.areaTeams.every((a) => a.members > 0 && a.patrols > 0)).toBe(true);
    expect(hrView.awardsByCategory.map((a) => a.category)).toEqual([...AWARD_CATEGORIES]);
    for (const a of hrView.awardsByCategory) expect(a.carried).toBeLessThanOrEqual(a.decided);
    const decidedInternal = hrView.awardsByCategory
      .filter((a) => a.category !== '人材開発センター表彰')
      .reduce((n, a) => n + a.decided, 0);
    expect(decidedInternal).toBe(kpi(hrView.years.at(-1)!.kpis, 'awards_internal').value);
    expect(hrView.classDistribution.length).toBeGreaterThan(0);
    for (const c of hrView.classDistribution) {
      expect(c.counts).toHaveLength(5);
      expect(c.counts.reduce((n, x) => n + x, 0)).toBeLessThanOrEqual(c.total);
    }
    expect(hrView.selfReportProgress.map((s) => s.status)).toEqual(['未提出', '提出済', '面談済']);
    const submittedKpi = kpi(hrView.years.at(-1)!.kpis, 'selfreport_submitted');
    const sum = (xs: { count: number }[]) => xs.reduce((n, x) => n + x.count, 0);
    expect(sum(hrView.selfReportProgress)).toBe(submittedKpi.denominator);
    expect(sum(hrView.selfReportProgress.slice(1))).toBe(submittedKpi.numerator);
    expect(hrView.mboProgress.map((s) => s.status)).toEqual(['未提出', '差し戻し', '提出済', '承認済', '自己評価済']);
    expect(hrView.appraisalProgress.map((s) => s.status)).toEqual([
      '未着手',
      '自己評価済',
      '1次評価済',
      '2次評価済',
      '調整済',
      '確定',
    ]);
    expect(sum(hrView.appraisalProgress)).toBe(hrView.classDistribution.reduce((n, c) => n + c.total, 0));
    expect(hrView.measures.length).toBeGreaterThanOrEqual(20);
  });

  it('gives personnel the same figures when no group is small', () => {
    expect(personnelView).toEqual(hrView);
  });

  it('withholds from personnel a 課 of fewer than minGroupSize answers, and the smallest other when it would give it away', async () => {
    const d = db(ctx.hr);
    const section = hrView.meaningfulBySection.at(-1)!.label;
    // Reopen all but two of the section's submitted reports (as HR's 差し戻し does).
    const people = progressRecords(d, fy, section).filter((p) => p.status !== '未提出');
    for (const p of people.slice(2)) {
      const id = staffByNo(d, p.staffNo)!.id;
      const r = getSelfReport(d, fy, id)!;
      const { fields, confidential, interview, reopenReason, reopenedAt } = r;
      const state = {
        status: '未提出' as const,
        fields,
        confidential,
        interview,
        submittedAt: null,
        interviewedAt: null,
        reopenReason,
        reopenedAt,
      };
      expect(updateSelfReport(d, r.id, r.version, state, new Date().toISOString())).toBe(true);
    }
    const hr = ok(await callApi(ctx.hr, 'plan:dashboard', { fy })).meaningfulBySection;
    const personnel = ok(await callApi(ctx.personnel, 'plan:dashboard', { fy })).meaningfulBySection;
    const small = hr.find((r) => r.label === section)!;
    expect(small.withheld).toBeUndefined();
    expect(small.denominator).toBeLessThan(minGroupSize);
    expect(small.denominator).toBeGreaterThan(0);
    const hidden = personnel.filter((r) => r.withheld);
    const smallestShown = hr
      .filter((r) => r.label !== section)
      .reduce((m, r) => (r.denominator < m.denominator ? r : m));
    expect(hidden.map((r) => r.label).sort()).toEqual([section, smallestShown.label].sort());
    for (const r of hidden) expect(r).toMatchObject({ numerator: 0, denominator: 0, value: null, met: null });
    expect(personnel.filter((r) => !r.withheld)).toEqual(hr.filter((r) => !hidden.some((h) => h.label === r.label)));
  });

  it('refuses staff and evaluators, and a year without a cycle', async () => {
    for (const login of ['shokuin', 'kacho', 'kakaricho']) {
      const c = await loggedIn(dbPath, login, demoPass);
      try {
        failure(await callApi(c, 'plan:dashboard', { fy }), 'FORBIDDEN');
        // The headline figures stay readable to everyone (kpi:list).
        expect(ok(await callApi(c, 'kpi:list', { fy })).kpis.map((k) => k.id)).toEqual(ids);
      } finally {
        c.end();
      }
    }
    failure(await callApi(ctx.hr, 'plan:dashboard', { fy: fy + 5 }), 'NOT_FOUND');
  });

  it('answers an empty year (a cycle with nothing in it) with zeros and nulls, not errors', async () => {
    ensureCycle(db(ctx.hr), fy + 1);
    const v = ok(await callApi(ctx.hr, 'plan:dashboard', { fy: fy + 1 }));
    expect(v.years.map((y) => y.fy)).toEqual([fy - 1, fy, fy + 1]);
    const kpis = v.years.at(-1)!.kpis;
    expect(kpis.map((k) => k.id)).toEqual(ids);
    expect(kpi(kpis, 'meaningful_work')).toMatchObject({ value: null, met: null, numerator: 0, denominator: 0 });
    expect(kpi(kpis, 'selfreport_submitted')).toMatchObject({ value: 0, met: false, numerator: 0 });
    expect(kpi(kpis, 'area_assignment')).toMatchObject({ value: 0, met: false, numerator: 0 });
    for (const id of ['area_goal', 'area_patrol', 'area_study'])
      expect(kpi(kpis, id)).toMatchObject({ value: null, met: null, denominator: 0 });
    for (const id of ['awards_internal', 'awards_external', 'postings_held'])
      expect(kpi(kpis, id)).toMatchObject({ value: 0, met: false });
    expect(v.meaningfulBySection.every((r) => r.denominator === 0 && r.value === null)).toBe(true);
    expect(v.areaTeams).toEqual([]);
    expect(v.awardsByCategory.every((a) => a.decided + a.nominated + a.carried === 0)).toBe(true);
    expect(v.selfReportProgress.slice(1).every((s) => s.count === 0)).toBe(true);
    expect(v.mboProgress.slice(1).every((s) => s.count === 0)).toBe(true);
    expect(v.appraisalProgress.slice(1).every((s) => s.count === 0)).toBe(true);
  });

  it('counts the 区分 of a confirmed population (確定 appraisals with their class)', async () => {
    const d = db(ctx.hr);
    const members = yearScores(d, fy).people.filter((p) => p.gradeGroup === '課長代理級' && p.appraisal !== null);
    expect(members.length).toBeGreaterThanOrEqual(2);
    const now = new Date().toISOString();
    const classes = members.map((p, i) => ({ staffNo: p.staffNo, rankClass: ((i % 3) + 2) as RankClass }));
    writeConfirmedClasses(d, fy, classes, now);
    insertConfirmation(d, fy, '課長代理級', now, 'test');
    const v = ok(await callApi(ctx.personnel, 'plan:dashboard', { fy }));
    const pop = v.classDistribution.find((c) => c.population === '課長代理級（区全体）')!;
    const want = [1, 2, 3, 4, 5].map((c) => classes.filter((x) => x.rankClass === c).length);
    expect(pop).toMatchObject({ confirmed: true, counts: want });
    expect(v.appraisalProgress.find((s) => s.status === '確定')!.count).toBe(members.length);
    expect(v.classDistribution.filter((c) => c.confirmed).map((c) => c.population)).toEqual(['課長代理級（区全体）']);
  });
});
