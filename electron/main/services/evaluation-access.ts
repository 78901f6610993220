import { todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { staffSelect, toStaffRecord } from '../db/repos/org';
import type { StaffRecord, StoredStaff } from '../db/repos/org';
import type { Session } from './office';

/**
 * Who stands how to whom in a year, for the per-person forms (self-report, MBO sheet, appraisal):
 * the person, their 1次/2次/調整者 (an evaluator account whose linked staff member is on an
 * assignment in force — no end date, or one not yet passed, the same rule as the staff list),
 * HR and personnel. Anyone else has no relation and is refused as if the form did not exist.
 */
export type Relation = 'self' | 'first' | 'second' | 'adjuster' | 'hr' | 'personnel';

export function requireCycle(db: Db, fy: number): void {
  if (!db.prepare('SELECT 1 FROM cycles WHERE fy = ?').get(fy)) {
    throw new AppError('NOT_FOUND', `${fy}年度の評価期間はまだ作成されていません。`);
  }
}

export function staffRecordBy(
  db: Db,
  where: 's.staff_no = ?' | 's.id = ?',
  key: string | number,
): StaffRecord | undefined {
  const r = db.prepare(`${staffSelect} WHERE ${where}`).get(key) as StoredStaff | undefined;
  return r && toStaffRecord(r);
}

export type EvaluatorIds = { firstId: number | null; secondId: number | null; adjusterId: number | null };

/** The evaluator assignments of a person in force today in a year (normally one). */
export function evaluatorsInForce(db: Db, fy: number, subjectId: number): EvaluatorIds[] {
  return db
    .prepare(
      `SELECT first_id AS firstId, second_id AS secondId, adjuster_id AS adjusterId FROM evaluator_assignments
       WHERE fy = ? AND staff_id = ? AND (effective_to IS NULL OR effective_to >= ?)
       ORDER BY effective_from DESC`,
    )
    .all(fy, subjectId, todayIso()) as EvaluatorIds[];
}

/** How the caller stands to a person in a year, or null when they may not see that person's forms. */
export function relationOf(
  db: Db,
  session: Session,
  viewerStaffId: number | null,
  fy: number,
  subjectId: number,
): Relation | null {
  if (viewerStaffId !== null && viewerStaffId === subjectId) return 'self';
  if (session.role === 'hr') return 'hr';
  if (session.role === 'personnel') return 'personnel';
  if (session.role !== 'evaluator' || viewerStaffId === null) return null;
  const rows = evaluatorsInForce(db, fy, subjectId);
  if (rows.some((r) => r.adjusterId === viewerStaffId)) return 'adjuster';
  if (rows.some((r) => r.secondId === viewerStaffId)) return 'second';
  if (rows.some((r) => r.firstId === viewerStaffId)) return 'first';
  return null;
}
