import { todayIso } from '../../../shared/dates';
import type { EvaluatorRelation, Relation } from '../../../shared/relation';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { linkedStaffId } from '../office/accounts.repo';
import { areaLeaderOfStaff, assignmentsOfEvaluator, evaluatorsInForceOn } from '../staff/assignments.repo';
import type { EvaluatorIds } from '../staff/assignments.repo';
import type { StaffRecord } from '../staff/org.repo';
import { cycleExists, staffById, staffByNo } from '../staff/staff.repo';
import type { Session } from '../office/office.service';

export type { EvaluatorIds, Relation };

/*
 * Who stands how to whom in a year, for the per-person forms (self-report, MBO sheet, appraisal):
 * the person, their 1次/2次/調整者 (an evaluator account whose linked staff member is on an
 * assignment in force — no end date, or one not yet passed, the same rule as the staff list),
 * HR and personnel (the one Relation, shared/relation.ts). Anyone else has no relation and is
 * refused as if the form did not exist.
 */

export function requireCycle(db: Db, fy: number): void {
  if (!cycleExists(db, fy)) {
    throw new AppError('NOT_FOUND', `${fy}年度の評価期間はまだ作成されていません。`);
  }
}

/** The evaluator assignments of a person in force today in a year (normally one). */
export function evaluatorsInForce(db: Db, fy: number, subjectId: number): EvaluatorIds[] {
  return evaluatorsInForceOn(db, fy, subjectId, todayIso());
}

/**
 * Everyone an evaluator is 1次, 2次 or 調整者 of in a year, in one query (the lists ask this for
 * every row). A person with both relations counts as the higher one, as in relationOf.
 */
export function evaluatorRelations(db: Db, fy: number, viewerStaffId: number): Map<number, EvaluatorRelation> {
  const rank = { first: 1, second: 2, adjuster: 3 } as const;
  const out = new Map<number, EvaluatorRelation>();
  for (const r of assignmentsOfEvaluator(db, fy, viewerStaffId, todayIso())) {
    const mine = r.adjusterId === viewerStaffId ? 'adjuster' : r.secondId === viewerStaffId ? 'second' : 'first';
    const had = out.get(r.staffId);
    if (!had || rank[mine] > rank[had]) out.set(r.staffId, mine);
  }
  return out;
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

export type FormAccess<R extends string> = {
  subject: StaffRecord;
  relation: Relation | R;
  viewerStaffId: number | null;
};

/**
 * Whose form is meant — the caller's own when `staffNo` is omitted — and how the caller stands to
 * them. Refuses with NOT_FOUND, worded exactly as for a form of nobody, when they may not read it.
 * `form` names the form in the messages ('自己申告書'); `fallback` may grant a narrower relation to
 * someone with none of the usual ones (a cross-section evaluator).
 */
export function formAccess<R extends string = never>(
  db: Db,
  session: Session,
  fy: number,
  staffNo: string | undefined,
  form: string,
  fallback?: (subject: StaffRecord, viewerStaffId: number | null) => R | null,
): FormAccess<R> {
  requireCycle(db, fy);
  const viewerStaffId = linkedStaffId(db, session.accountId);
  if (staffNo === undefined) {
    const own = viewerStaffId === null ? undefined : staffById(db, viewerStaffId);
    if (!own) {
      throw new AppError(
        'NOT_FOUND',
        `このアカウントは職員に紐づいていないため、自分の${form}はありません。人事担当に確認してください。`,
      );
    }
    return { subject: own, relation: 'self', viewerStaffId };
  }
  const subject = staffByNo(db, staffNo);
  const relation = subject
    ? (relationOf(db, session, viewerStaffId, fy, subject.id) ?? fallback?.(subject, viewerStaffId) ?? null)
    : null;
  if (!subject || relation === null) {
    throw new AppError(
      'NOT_FOUND',
      `職員番号 ${staffNo} の${form}は見つかりません（または閲覧する権限がありません）。`,
    );
  }
  return { subject, relation, viewerStaffId };
}

/** The leader of the area team the person is on in the year, if any. */
export function areaLeaderOf(db: Db, fy: number, staffId: number): number | null {
  return areaLeaderOfStaff(db, fy, staffId);
}
