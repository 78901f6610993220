import type { Parsed } from '../../../shared/contract';
import { populationKeyOf } from '../../../shared/appraisal';
import type { AppraisalStatus, AppraisalView } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { cycleConfig, getAppraisal } from './appraisal.repo';
import type { AppraisalState } from './appraisal.repo';
import { deleteConfirmation } from './ranking.repo';
import { writeAppraisal } from './appraisal.service';
import { appraisalAccess, appraisalViewFor, forbidden } from './appraisal-view';
import { assertYearWritable } from '../access/closed-year';
import type { Session } from '../office/office.service';

/*
 * An appraisal going back (docs/cycle.md): the evaluator of the open stage sends it back one stage
 * with a reason (a 調整済 one: the 調整者 or HR), and HR unlocks a 確定 appraisal with a reason, which
 * takes its population's ranking confirmation with it. Who may do what: appraisal.service.ts.
 */

const PREVIOUS_STATUS: Partial<Record<AppraisalStatus, AppraisalStatus>> = {
  自己評価済: '未着手',
  '1次評価済': '自己評価済',
  '2次評価済': '1次評価済',
  調整済: '2次評価済',
};

/** The evaluator of the open stage (or, for 調整済, the 調整者 or HR) sends it back one stage with a reason. */
export function sendBackAppraisal(db: Db, session: Session, input: Parsed<'appraisal:sendBack'>): AppraisalView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'appraisal:sendBack');
    const a = appraisalAccess(db, session, input.fy, input.staffNo);
    const current = getAppraisal(db, input.fy, a.subject.id);
    const view = appraisalViewFor(db, input.fy, a, current, session);
    const previous = current ? PREVIOUS_STATUS[current.status] : undefined;
    if (!current || !previous || !view.can.sendBack) {
      if (a.relation === 'self' || a.relation === 'personnel' || a.relation === 'cross') {
        throw forbidden('差し戻しは、その段階の評価者（調整済のものは調整者または人事担当）が行います。');
      }
      throw new AppError('CONFLICT', `この人事考課は「${current?.status ?? '未着手'}」のため、いまは差し戻せません。`);
    }
    const next: AppraisalState = {
      ...current,
      status: previous,
      rankClass: null,
      rankDecided: false,
      sentBackReason: input.reason,
      sentBackAt: new Date().toISOString(),
      sentBackBy: session.displayName,
    };
    writeAppraisal(
      db,
      session,
      input.fy,
      a.subject,
      a.sheet,
      current,
      input.version,
      { state: next },
      'appraisal.sendBack',
    );
    return appraisalViewFor(db, input.fy, a, getAppraisal(db, input.fy, a.subject.id), session);
  })();
}

/** HR unlocks a 確定 appraisal with a reason; it returns to 調整済 and its population must be confirmed again. */
export function unlockAppraisal(db: Db, session: Session, input: Parsed<'appraisal:unlock'>): AppraisalView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'appraisal:unlock');
    const a = appraisalAccess(db, session, input.fy, input.staffNo);
    if (a.relation !== 'hr') throw forbidden('確定の解除は人事担当だけができます。');
    const current = getAppraisal(db, input.fy, a.subject.id);
    if (!current || current.status !== '確定') {
      throw new AppError('CONFLICT', 'この人事考課は確定していないため、解除するものがありません。');
    }
    const next: AppraisalState = { ...current, status: '調整済', unlockReason: input.reason };
    writeAppraisal(
      db,
      session,
      input.fy,
      a.subject,
      a.sheet,
      current,
      current.version,
      { state: next },
      'appraisal.unlock',
    );
    const unit = cycleConfig(db, input.fy).rankingUnits[a.subject.gradeGroup];
    deleteConfirmation(db, input.fy, populationKeyOf(unit, a.subject.gradeGroup, a.subject.section));
    return appraisalViewFor(db, input.fy, a, getAppraisal(db, input.fy, a.subject.id), session);
  })();
}
