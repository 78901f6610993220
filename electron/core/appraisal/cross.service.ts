import type { Parsed } from '../../../shared/contract';
import type { AppraisalStatus, AppraisalView } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { appendAudit } from '../system/audit.repo';
import { crossOfGoals, deleteCross, getAppraisal, upsertCross } from './appraisal.repo';
import { getSheet, goalOwnerId } from '../mbo/mbo.repo';
import type { MboGoalRecord } from '../mbo/mbo.repo';
import type { StaffRecord } from '../staff/org.repo';
import { appraisalAccess, appraisalViewFor, forbidden, readsOf } from './appraisal-view';
import { staffById, staffByNo } from '../staff/staff.repo';
import { assertYearWritable } from '../access/closed-year';
import type { Session } from '../office/office.service';

/*
 * Cross-section evaluation (他所属評価, docs/scores.md): each 地域担当目標 is rated by the leader of
 * the person's area, and any goal HR marks by the person HR names; until the 1次 has submitted.
 * Their level becomes the 1次's default for the goal (appraisal-view.ts).
 */

function goalOfYear(db: Db, fy: number, goalId: number): { goal: MboGoalRecord; subject: StaffRecord } {
  const ownerId = goalOwnerId(db, fy, goalId);
  const subject = ownerId === undefined ? undefined : staffById(db, ownerId);
  const goal = subject ? getSheet(db, fy, subject.id)?.goals.find((g) => g.id === goalId) : undefined;
  if (!subject || !goal) throw new AppError('NOT_FOUND', 'この目標は見つかりません。画面を読み込み直してください。');
  return { goal, subject };
}

/** Cross-section ratings and who gives them can change only until the 1次 has submitted. */
function requireCrossOpen(status: AppraisalStatus, what: string): void {
  if (status !== '未着手' && status !== '自己評価済') {
    throw new AppError('CONFLICT', `1次評価が済んでいるため（「${status}」）、${what}は変更できません。`);
  }
}

/** A cross-section evaluator rates one of the goals they were asked to rate, until the 1次 has submitted. */
export function rateCross(db: Db, session: Session, input: Parsed<'appraisal:cross'>): AppraisalView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'appraisal:cross');
    const { goal, subject } = goalOfYear(db, input.fy, input.goalId);
    const a = appraisalAccess(db, session, input.fy, subject.staffNo);
    if (!a.crossGoalIds.includes(goal.id)) throw forbidden('この目標の他所属評価を依頼されていません。');
    const current = getAppraisal(db, input.fy, subject.id);
    requireCrossOpen(current?.status ?? '未着手', '他所属評価');
    const owner = a.owners.get(goal.id);
    if (!owner) throw forbidden('この目標の他所属評価を依頼されていません。');
    const before = owner.record;
    upsertCross(db, {
      goalId: goal.id,
      evaluatorId: owner.evaluatorId,
      role: owner.role,
      namedBy: before?.namedBy ?? null,
      level: input.level,
      comment: input.comment,
      ratedAt: new Date().toISOString(),
    });
    appendAudit(db, session.actor, {
      action: 'appraisal.cross',
      entity: 'appraisal',
      entityId: `${input.fy}:${subject.staffNo}`,
      before: { goal: goal.title, level: before?.level ?? null, comment: before?.comment ?? '' },
      after: { goal: goal.title, level: input.level, comment: input.comment },
    });
    return appraisalViewFor(db, input.fy, { ...a, ...readsOf(db, input.fy, subject.id) }, current, session);
  })();
}

/** HR names (or removes) the cross-section evaluator of a goal done outside the 1次's supervision. */
export function nameCross(db: Db, session: Session, input: Parsed<'appraisal:nameCross'>): AppraisalView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'appraisal:nameCross');
    const { goal, subject } = goalOfYear(db, input.fy, input.goalId);
    const a = appraisalAccess(db, session, input.fy, subject.staffNo);
    requireCrossOpen(getAppraisal(db, input.fy, subject.id)?.status ?? '未着手', '他所属評価者');
    const existing = crossOfGoals(db, [goal.id]).get(goal.id);
    if (input.evaluatorNo === null) {
      if (existing?.level) throw new AppError('CONFLICT', 'すでに他所属評価が入力されているため、評価者を外せません。');
      deleteCross(db, goal.id);
    } else {
      const evaluator = staffByNo(db, input.evaluatorNo);
      if (!evaluator)
        throw new AppError('NOT_FOUND', `職員番号 ${input.evaluatorNo} の職員は見つかりません。`, 'evaluatorNo');
      if (evaluator.id === subject.id)
        throw new AppError('VALIDATION', '本人を他所属評価者にすることはできません。', 'evaluatorNo');
      upsertCross(db, {
        goalId: goal.id,
        evaluatorId: evaluator.id,
        role: input.role.trim() || '他所属評価者',
        namedBy: session.actor.label,
        level: existing?.evaluatorId === evaluator.id ? existing.level : null,
        comment: existing?.evaluatorId === evaluator.id ? existing.comment : '',
        ratedAt: existing?.evaluatorId === evaluator.id ? existing.ratedAt : null,
      });
    }
    appendAudit(db, session.actor, {
      action: 'appraisal.nameCross',
      entity: 'appraisal',
      entityId: `${input.fy}:${subject.staffNo}`,
      after: { goal: goal.title, evaluator: input.evaluatorNo, role: input.role },
    });
    return appraisalViewFor(
      db,
      input.fy,
      { ...a, ...readsOf(db, input.fy, subject.id) },
      getAppraisal(db, input.fy, subject.id),
      session,
    );
  })();
}
