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
  return meaningfulWorkKpiOf(meaningfulKpi(answersOf(facts)));
}

/** `meaningful_work` from the counted answers (a SQL aggregate, electron/core/plan/plan-figures.repo.ts). */
export function meaningfulWorkKpiOf(c: { topTwo: number; answered: number }): Kpi {
  return shareKpi(HEADLINE_KPI_ID, '仕事に意義を感じる職員の割合', c.topTwo, c.answered, MEANINGFUL_TARGET);
}

/**
 * `selfreport_submitted`: reports submitted or interviewed ÷ those expected to write one — the
 * active staff, plus anyone who has left since submitting (their report was written, so it counts
 * on both sides). Someone who left with only a draft is out of both.
 */
export function selfReportSubmittedKpi(facts: readonly SelfReportFact[]): Kpi {
  const expected = facts.filter((f) => f.active || submitted(f));
  return selfReportSubmittedKpiOf({ submitted: expected.filter(submitted).length, expected: expected.length });
}

/** `selfreport_submitted` from the counted board (those submitted among those expected). */
export function selfReportSubmittedKpiOf(c: { submitted: number; expected: number }): Kpi {
  return shareKpi('selfreport_submitted', '自己申告の提出率', c.submitted, c.expected, 100);
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
  return meaningfulBySectionOf(
    facts.map((f) => ({ section: f.section, ...meaningfulKpi(answersOf([f])) })),
    seesSmall,
    noSection,
  );
}

/**
 * meaningfulBySection from counts: `counts` in organisation order, any number per 課 (one per
 * person, or one per 課 from a SQL aggregate) — they are summed per 課 name, in the order of each
 * name's first count.
 */
export function meaningfulBySectionOf(
  counts: readonly { section: string | null; topTwo: number; answered: number }[],
  seesSmall: boolean,
  noSection: string,
): ShareRow[] {
  const bySection = new Map<string, { topTwo: number; answered: number }>();
  for (const c of counts) {
    const name = c.section ?? noSection;
    const own = bySection.get(name);
    if (own) {
      own.topTwo += c.topTwo;
      own.answered += c.answered;
    } else bySection.set(name, { topTwo: c.topTwo, answered: c.answered });
  }
  const rows = [...bySection].map(([label, c]) => shareRow(label, c.topTwo, c.answered, MEANINGFUL_TARGET));
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

/** The area facts counted: what the four area KPIs divide (a SQL aggregate at city scale). */
export type AreaCounts = {
  candidates: number;
  /** Candidates on a team. */
  assigned: number;
  sheets: number;
  withAreaGoal: number;
  teams: number;
  /** Areas with a team and a 地域巡回 / 勉強会 entry. */
  teamsPatrolled: number;
  teamsStudied: number;
};

/** The area facts counted (areaKpis = areaKpisFromCounts(areaCountsOf(facts))). */
export function areaCountsOf(f: AreaFacts): AreaCounts {
  const assigned = new Set(f.assignedIds);
  const candidates = new Set(f.candidateIds);
  const teams = new Set(f.teamAreaIds);
  const withTeam = (ids: readonly number[]) => new Set(ids.filter((id) => teams.has(id))).size;
  return {
    candidates: candidates.size,
    assigned: [...candidates].filter((id) => assigned.has(id)).length,
    sheets: f.sheets.length,
    withAreaGoal: f.sheets.filter((s) => s.hasAreaGoal).length,
    teams: teams.size,
    teamsPatrolled: withTeam(f.patrolAreaIds),
    teamsStudied: withTeam(f.studyAreaIds),
  };
}

/** `area_assignment`, `area_goal`, `area_patrol`, `area_study` (docs/plan.md). */
export function areaKpis(f: AreaFacts): Kpi[] {
  return areaKpisFromCounts(areaCountsOf(f));
}

/** The four area KPIs from their counts. */
export function areaKpisFromCounts(c: AreaCounts): Kpi[] {
  return [
    shareKpi('area_assignment', '地域担当の割当率', c.assigned, c.candidates, 100),
    shareKpi('area_goal', '地域担当目標の設定率', c.withAreaGoal, c.sheets, 100),
    shareKpi('area_patrol', '地域巡回を記録した地域の割合', c.teamsPatrolled, c.teams, 100),
    shareKpi('area_study', '勉強会を実施した地域の割合', c.teamsStudied, c.teams, 100),
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
