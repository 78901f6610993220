import { minGroupSize } from './access';
import type { ShareRow } from './api/plan';
import type { AwardCategory, AwardStatus } from './api/awards';
import type { Kpi } from './kpi';
import { meaningfulKpi, meaningfulTarget } from './self-report';
import type { SelfReportStatus } from './self-report';
import { countKpi, shareKpi } from './training-kpi';

/*
 * The plan's figures other than training (docs/plan.md): the meaningful-work share, self-report
 * submission, the area system (地域担当制), awards, postings and the measures' achievement, computed
 * from plain facts so that the arithmetic is table-tested without a database
 * (tests/unit/plan-kpi.test.ts). electron/core/plan/kpi.service.ts gathers the facts.
 */

/**
 * Every KPI id `kpisOf` answers, in its order (docs/plan.md): what `kaname kpi --json` lists and
 * what a measure may name as the KPI that measures it. tests/integration/plan-dashboard.test.ts
 * holds the office's answer to this list.
 */
export const PLAN_KPI_IDS = [
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
] as const;

/** The plan's headline target (目標: 意義のある仕事だと感じている職員の割合 90%以上). */
export const HEADLINE_KPI_ID = 'meaningful_work';

/** The headline target in percent, from the self-report's own rule (shared/self-report.ts). */
export const MEANINGFUL_TARGET = Math.round(meaningfulTarget * 100);

/**
 * One person on a year's self-report board: every active staff member, and anyone else who has a
 * report that year (left during the year after writing one). `section` is where they are now
 * (docs/plan.md: someone who moved counts once, in their current 課).
 */
export type SelfReportFact = {
  staffId: number;
  active: boolean;
  section: string | null;
  status: SelfReportStatus;
  meaningful: number | null;
};

const submitted = (f: SelfReportFact) => f.status !== '未提出';

/** The answers of submitted reports (提出済・面談済): drafts may still change. */
function answersOf(facts: readonly SelfReportFact[]): (number | null)[] {
  return facts.filter(submitted).map((f) => f.meaningful);
}

/**
 * `meaningful_work`: submitted answers of 4 or 5 ÷ submitted answers — the self-report board's own
 * count (shared/self-report.ts meaningfulKpi), as a Kpi met on the exact fraction.
 */
export function meaningfulWorkKpi(facts: readonly SelfReportFact[]): Kpi {
  const { topTwo, answered } = meaningfulKpi(answersOf(facts));
  return shareKpi(HEADLINE_KPI_ID, '仕事に意義を感じる職員の割合', topTwo, answered, MEANINGFUL_TARGET);
}

/**
 * `selfreport_submitted`: reports submitted or interviewed ÷ those expected to write one — the
 * active staff, plus anyone who has left since submitting (their report was written, so it counts
 * on both sides). Someone who left with only a draft is out of both.
 */
export function selfReportSubmittedKpi(facts: readonly SelfReportFact[]): Kpi {
  const expected = facts.filter((f) => f.active || submitted(f));
  return shareKpi('selfreport_submitted', '自己申告の提出率', expected.filter(submitted).length, expected.length, 100);
}

/** A share row of a group, as the dashboard shows it (shared/api/plan.ts ShareRow). */
export function shareRow(label: string, numerator: number, denominator: number, target: number): ShareRow {
  const { value, met } = shareKpi('', label, numerator, denominator, target);
  return { label, numerator, denominator, value, met };
}

/**
 * The meaningful-work share per 課, in the order the facts come (organisation order), for a viewer
 * who sees small groups or not (shared/access.ts). A 課 with 1–2 answers is withheld. When the
 * withheld 課 hold 1–2 answers between them, the office figure (public, kpi:list) minus the shown
 * 課 would give them away, so the smallest shown 課 is withheld too (docs/plan.md).
 */
export function meaningfulBySection(
  facts: readonly SelfReportFact[],
  seesSmall: boolean,
  noSection: string,
): ShareRow[] {
  const bySection = new Map<string, SelfReportFact[]>();
  for (const f of facts) {
    const name = f.section ?? noSection;
    const own = bySection.get(name);
    if (own) own.push(f);
    else bySection.set(name, [f]);
  }
  const rows = [...bySection].map(([label, own]) => {
    const { topTwo, answered } = meaningfulKpi(answersOf(own));
    return shareRow(label, topTwo, answered, MEANINGFUL_TARGET);
  });
  if (seesSmall) return rows;
  const few = (r: ShareRow) => r.denominator > 0 && r.denominator < minGroupSize;
  const hidden = new Set(rows.filter(few));
  const hiddenTotal = [...hidden].reduce((n, r) => n + r.denominator, 0);
  if (hiddenTotal > 0 && hiddenTotal < minGroupSize) {
    const shown = rows.filter((r) => !hidden.has(r) && r.denominator > 0);
    const smallest = shown.reduce<ShareRow | null>(
      (m, r) => (m === null || r.denominator < m.denominator ? r : m),
      null,
    );
    if (smallest) hidden.add(smallest);
  }
  return rows.map((r) =>
    hidden.has(r) ? { label: r.label, numerator: 0, denominator: 0, value: null, met: null, withheld: true } : r,
  );
}

/**
 * The area system's facts of a year. `candidateIds`: active staff who should be on an area team
 * (everyone but the 区長 and 副区長, who oversee it); `assignedIds`: the year's team members.
 */
export type AreaFacts = {
  candidateIds: readonly number[];
  assignedIds: readonly number[];
  /** Per active person with an MBO sheet of the year (with goals): whether it has a 地域担当目標. */
  sheets: readonly { staffId: number; hasAreaGoal: boolean }[];
  /** Areas with a team in the year (at least one assignment). */
  teamAreaIds: readonly number[];
  /** Areas with at least one 地域巡回 / 勉強会 entry in the 地域カルテ of the year. */
  patrolAreaIds: readonly number[];
  studyAreaIds: readonly number[];
};

/** `area_assignment`, `area_goal`, `area_patrol`, `area_study` (docs/plan.md). */
export function areaKpis(f: AreaFacts): Kpi[] {
  const assigned = new Set(f.assignedIds);
  const candidates = new Set(f.candidateIds);
  const teams = new Set(f.teamAreaIds);
  const withTeam = (ids: readonly number[]) => new Set(ids.filter((id) => teams.has(id))).size;
  return [
    shareKpi(
      'area_assignment',
      '地域担当の割当率',
      [...candidates].filter((id) => assigned.has(id)).length,
      candidates.size,
      100,
    ),
    shareKpi('area_goal', '地域担当目標の設定率', f.sheets.filter((s) => s.hasAreaGoal).length, f.sheets.length, 100),
    shareKpi('area_patrol', '地域巡回を記録した地域の割合', withTeam(f.patrolAreaIds), teams.size, 100),
    shareKpi('area_study', '勉強会を実施した地域の割合', withTeam(f.studyAreaIds), teams.size, 100),
  ];
}

export type AwardFact = { category: AwardCategory; status: AwardStatus };

/** The 人材開発センター's category; the four others are 職場内表彰 (shared/api/awards.ts awardKindOf). */
const EXTERNAL: AwardCategory = '人材開発センター表彰';

/**
 * `awards_internal`: decided (決定) awards of the four internal categories; `awards_external`:
 * 人材開発センター表彰 nominated (推薦中) or decided — the plan asks for applying, not only winning.
 * An award of a group counts once, whatever the number of recipients.
 */
export function awardKpis(awards: readonly AwardFact[]): Kpi[] {
  const internal = awards.filter((a) => a.category !== EXTERNAL && a.status === '決定').length;
  const external = awards.filter((a) => a.category === EXTERNAL && a.status !== '取消').length;
  return [
    countKpi('awards_internal', '職場内表彰の件数', internal, 1, '件'),
    countKpi('awards_external', '人材開発センター表彰への応募・受賞', external, 1, '件'),
  ];
}

/** `postings_held`: the year's postings (庁内公募, プロジェクトチーム, 自主グループ), whatever their status. */
export function postingsKpi(count: number): Kpi {
  return countKpi('postings_held', '庁内公募などの募集件数', count, 1, '件');
}

/** `measures_met`: of the measures that apply this year and can be judged (met not null), the share met. */
export function measuresMetKpi(statuses: readonly { applies: boolean; met: boolean | null }[]): Kpi {
  const judged = statuses.filter((s) => s.applies && s.met !== null);
  return shareKpi('measures_met', '取組みの達成率', judged.filter((s) => s.met === true).length, judged.length, 100);
}
