import type { Kpi, KpiReport } from '../../../shared/kpi';
import type { MeasureStatus } from '../../../shared/plan';
import {
  areaKpisFromCounts,
  awardKpis,
  meaningfulWorkKpiOf,
  measuresMetKpi,
  postingsKpi,
  selfReportSubmittedKpiOf,
} from '../../../shared/plan-kpi';
import { trainingKpis } from '../../../shared/training-kpi';
import type { TrainingKpiAttendance } from '../../../shared/training-kpi';
import { requireCycle } from '../access/evaluation-access';
import { awardsOfYear } from '../awards/awards.repo';
import type { Db } from '../db/connection';
import type { Session } from '../office/office.service';
import { attendeesOfCategoryUpTo, coursesOfYear } from '../training/training.repo';
import type { CourseRecord } from '../training/training.repo';
import { statusesOf } from './measures.service';
import { areaCounts, areaMemberIds, completedAttendanceOfYear, selfReportCounts } from './plan-figures.repo';
import type { MeaningfulCount } from './plan-figures.repo';
import { activeStaffIds, postingCount } from './plan.repo';
import { rememberedFigures } from './year-cache';

/*
 * The plan's measures of a fiscal year (docs/plan.md). The arithmetic is pure, in shared/; this
 * module only gathers the facts from the office.
 */

/**
 * The training KPIs of a fiscal year (shared/training-kpi.ts). A caller that has already read the
 * year's courses and attendance (the 研修 screen) passes them instead of having them read again.
 */
export function trainingKpisOf(
  db: Db,
  fy: number,
  read?: { courses: CourseRecord[]; attendance: readonly TrainingKpiAttendance[] },
): Kpi[] {
  return trainingKpis({
    activeStaffIds: activeStaffIds(db),
    areaMemberIds: areaMemberIds(db, fy),
    courses: read?.courses ?? coursesOfYear(db, fy),
    attendance: read?.attendance ?? completedAttendanceOfYear(db, fy),
    facilitationEverIds: [...attendeesOfCategoryUpTo(db, 'ファシリテーション研修', fy)],
  });
}

/*
 * At city scale (docs/plan.md "At city scale") the self-report board and the area system are
 * counted in SQL (plan-figures.repo.ts), not read person by person: the counts are what the pure
 * functions of shared/plan-kpi.ts count from the facts (tests/integration/plan-scale.test.ts holds
 * the two equal).
 */

/** The area system's KPIs of a year (地域担当, docs/plan.md). */
export function areaKpisOf(db: Db, fy: number): Kpi[] {
  return areaKpisFromCounts(areaCounts(db, fy));
}

/** The office's meaningful-work answers: the sum of every 課's. */
function officeAnswers(sections: readonly MeaningfulCount[]): { topTwo: number; answered: number } {
  let topTwo = 0;
  let answered = 0;
  for (const c of sections) {
    topTwo += c.topTwo;
    answered += c.answered;
  }
  return { topTwo, answered };
}

/** A year's KPIs, where each measure stands, and the self-report figures the dashboard shows. */
export type PlanYear = {
  kpis: Kpi[];
  measures: MeasureStatus[];
  meaningfulCounts: MeaningfulCount[];
  /** The self-report board per status (plan.repo.ts selfReportStatusCounts). */
  selfReportStatuses: Map<string, number>;
};

/**
 * Every KPI of a fiscal year, as `kpi:list` and `kaname kpi` answer, in a stable order
 * (docs/plan.md): the training KPIs, then meaningful_work, selfreport_submitted, the area KPIs,
 * awards_internal, awards_external, postings_held, and last measures_met — which judges the
 * KPI-tracked measures against the KPIs before it. With them, where each measure stands, so that
 * the dashboard and the measures view do not judge the measures a second time.
 */
export function planYearOf(db: Db, fy: number): PlanYear {
  return rememberedFigures(db, `planYear:${fy}`, () => countPlanYear(db, fy));
}

function countPlanYear(db: Db, fy: number): PlanYear {
  const board = selfReportCounts(db, fy);
  const answers = officeAnswers(board.sections);
  const kpis = [
    ...trainingKpisOf(db, fy),
    meaningfulWorkKpiOf(answers),
    selfReportSubmittedKpiOf(board),
    ...areaKpisOf(db, fy),
    ...awardKpis(awardsOfYear(db, fy)),
    postingsKpi(postingCount(db, fy)),
  ];
  const measures = statusesOf(db, fy, kpis);
  return {
    kpis: [...kpis, measuresMetKpi(measures)],
    measures,
    meaningfulCounts: board.sections,
    selfReportStatuses: board.statuses,
  };
}

/** Every KPI of a fiscal year (planYearOf). */
export function kpisOf(db: Db, fy: number): Kpi[] {
  return planYearOf(db, fy).kpis;
}

/**
 * `kpi:list`: any logged-in user may read the plan's figures — they are office-wide counts and
 * shares, naming nobody (docs/plan.md). A year without a cycle is refused as unknown.
 */
export function listKpis(db: Db, _session: Session, input: { fy: number }): KpiReport {
  requireCycle(db, input.fy);
  return { fy: input.fy, kpis: kpisOf(db, input.fy) };
}

/** The plan's headline share alone (home:view for the roles that read no other KPI). */
export function headlineKpiOf(db: Db, fy: number): Kpi {
  return rememberedFigures(db, `headline:${fy}`, () =>
    meaningfulWorkKpiOf(officeAnswers(selfReportCounts(db, fy).sections)),
  );
}
