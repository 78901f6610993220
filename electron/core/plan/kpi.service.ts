import type { Kpi, KpiReport } from '../../../shared/kpi';
import { trainingKpis } from '../../../shared/training-kpi';
import { requireCycle } from '../access/evaluation-access';
import type { Db } from '../db/connection';
import type { Session } from '../office/office.service';
import { areaAssignments } from '../staff/assignments.repo';
import { attendanceOfYear, attendeesOfCategoryUpTo, coursesOfYear } from '../training/training.repo';
import type { AttendanceRecord, CourseRecord } from '../training/training.repo';
import { activeStaffIds } from './plan.repo';

/*
 * The plan's measures of a fiscal year (docs/plan.md). The arithmetic is pure, in shared/; this
 * module only gathers the facts from the office. The dashboard adds its measures beside these.
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

/** Every KPI of a fiscal year, as `kpi:list` and `kaname kpi` answer. */
export function kpisOf(db: Db, fy: number): Kpi[] {
  return [...trainingKpisOf(db, fy)];
}

/**
 * `kpi:list`: any logged-in user may read the plan's figures — they are office-wide counts and
 * shares, naming nobody (docs/plan.md). A year without a cycle is refused as unknown.
 */
export function listKpis(db: Db, _session: Session, input: { fy: number }): KpiReport {
  requireCycle(db, input.fy);
  return { fy: input.fy, kpis: kpisOf(db, input.fy) };
}
