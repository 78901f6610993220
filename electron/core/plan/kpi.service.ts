import type { Kpi, KpiReport } from '../../../shared/kpi';
import type { MeasureStatus } from '../../../shared/plan';
import {
  areaKpis,
  awardKpis,
  meaningfulWorkKpi,
  measuresMetKpi,
  postingsKpi,
  selfReportSubmittedKpi,
} from '../../../shared/plan-kpi';
import type { SelfReportFact } from '../../../shared/plan-kpi';
import { trainingKpis } from '../../../shared/training-kpi';
import { requireCycle } from '../access/evaluation-access';
import { awardsOfYear } from '../awards/awards.repo';
import type { Db } from '../db/connection';
import type { Session } from '../office/office.service';
import { areaAssignments, areaGoalCoverage } from '../staff/assignments.repo';
import { activeStaffExcept } from '../staff/staff.repo';
import { attendanceOfYear, attendeesOfCategoryUpTo, coursesOfYear } from '../training/training.repo';
import type { AttendanceRecord, CourseRecord } from '../training/training.repo';
import { statusesOf } from './measures.service';
import { activeStaffIds, areaLogCounts, postingCount, selfReportFacts, teamAreaIds } from './plan.repo';

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
  read?: { courses: CourseRecord[]; attendance: AttendanceRecord[] },
): Kpi[] {
  return trainingKpis({
    activeStaffIds: activeStaffIds(db),
    areaMemberIds: [...areaAssignments(db, fy).keys()],
    courses: read?.courses ?? coursesOfYear(db, fy),
    attendance: read?.attendance ?? attendanceOfYear(db, fy),
    facilitationEverIds: [...attendeesOfCategoryUpTo(db, 'ファシリテーション研修', fy)],
  });
}

/** The year's self-report board as facts (shared/plan-kpi.ts SelfReportFact). */
export function selfReportFactsOf(db: Db, fy: number): SelfReportFact[] {
  return selfReportFacts(db, fy).map((r) => ({ ...r, active: r.active === 1 }));
}

/**
 * 区長 and 副区長 oversee the area system and are not among those to be assigned: the same rule as
 * the areas overview's coverage (electron/core/staff/staff.service.ts areasOverview).
 */
const notOnAreaTeams = ['区長', '副区長'] as const;

/** The area system's KPIs of a year (地域担当, docs/plan.md). */
export function areaKpisOf(db: Db, fy: number): Kpi[] {
  const logs = areaLogCounts(db, fy);
  const withEntry = (pick: 'patrols' | 'studies') => [...logs].filter(([, c]) => c[pick] > 0).map(([id]) => id);
  return areaKpis({
    candidateIds: activeStaffExcept(db, notOnAreaTeams).map((s) => s.id),
    assignedIds: [...areaAssignments(db, fy).keys()],
    sheets: areaGoalCoverage(db, fy),
    teamAreaIds: teamAreaIds(db, fy),
    patrolAreaIds: withEntry('patrols'),
    studyAreaIds: withEntry('studies'),
  });
}

/**
 * Every KPI of a fiscal year, as `kpi:list` and `kaname kpi` answer, in a stable order
 * (docs/plan.md): the training KPIs, then meaningful_work, selfreport_submitted, the area KPIs,
 * awards_internal, awards_external, postings_held, and last measures_met — which judges the
 * KPI-tracked measures against the KPIs before it. With them, where each measure stands, so that
 * the dashboard and the measures view do not judge the measures a second time.
 */
export function planYearOf(db: Db, fy: number): { kpis: Kpi[]; measures: MeasureStatus[] } {
  const reports = selfReportFactsOf(db, fy);
  const kpis = [
    ...trainingKpisOf(db, fy),
    meaningfulWorkKpi(reports),
    selfReportSubmittedKpi(reports),
    ...areaKpisOf(db, fy),
    ...awardKpis(awardsOfYear(db, fy)),
    postingsKpi(postingCount(db, fy)),
  ];
  const measures = statusesOf(db, fy, kpis);
  return { kpis: [...kpis, measuresMetKpi(measures)], measures };
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
