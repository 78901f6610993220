import type { Parsed } from '../../../shared/contract';
import { STAGE_LABELS, STAGE_OF_STATUS } from '../../../shared/contract';
import type { AppraisalStage, AppraisalStatus, AppraisalView } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { appendAudit } from '../system/audit.repo';
import {
  cycleConfig,
  emptyAppraisalState,
  getAppraisal,
  insertAppraisal,
  ratingsOf,
  updateAppraisal,
  upsertRatings,
} from './appraisal.repo';
import type { AppraisalRecord, AppraisalState, Ratings } from './appraisal.repo';
import { awardsOfYear } from '../awards/awards.repo';
import { updateGoal } from '../mbo/mbo.repo';
import type { MboGoalRecord, MboGoalState, MboSheetRecord } from '../mbo/mbo.repo';
import type { StaffRecord } from '../staff/org.repo';
import { awardsFor, scoresOf } from './scores.service';
import { appraisalAccess, appraisalViewFor, forbidden, onBehalfStage, readsOf, stageOf } from './appraisal-view';
import type { AppraisalAccess } from './appraisal-view';
import { assertYearWritable } from '../access/closed-year';
import type { Session } from '../office/office.service';

/*
 * The appraisal (人事考課; docs/scores.md, docs/cycle.md) and who may do what, enforced here:
 *
 * - Workflow 未着手 → 自己評価済 → 1次評価済 → 2次評価済 → 調整済 → 確定. In each status one stage is
 *   open (STAGE_OF_STATUS): the person, then the 1次, the 2次, the 調整者. Only the evaluator
 *   assigned to that stage today writes its fields and submits it; a mid-year change of evaluator
 *   hands the open appraisal to the new one, keeping what the old one wrote.
 * - The evaluator of the open stage may send it back one stage with a reason; the 調整者 or HR may
 *   send back a 調整済 appraisal. A 確定 appraisal is locked; HR unlocks it with a reason.
 * - Cross-section evaluation: each 地域担当目標 is rated by the leader of the person's area, and any
 *   goal HR marks by the person HR names. They see only those goals. Their level is the 1次's
 *   default for the goal; a 正確性重視 goal's zero-incident proposal likewise. A 1次 level that
 *   departs from its default needs a reason, shown to the 2次 and the 調整者.
 * - Every write is audited with what changed (scores included).
 *
 * This file: reading, saving and submitting an appraisal, and the one write every change goes
 * through (writeAppraisal). Sending back and unlocking: workflow.service.ts; cross-section
 * evaluation: cross.service.ts; access and the view: appraisal-view.ts.
 */

const staleMessage =
  'この人事考課は、別の画面または別の人によって更新されています。最新の内容を読み込み直してから、もう一度入力してください。';

// ---------- audit ----------

function auditItems(state: AppraisalState, ratings: Ratings, goals: readonly MboGoalRecord[]): Record<string, unknown> {
  const items: Record<string, unknown> = {
    状態: state.status,
    本人の所見: state.selfComment,
    '1次評価者の所見': state.firstComment,
    '2次評価者の所見': state.secondComment,
    調整者の所見: state.adjusterComment,
    調整: state.adjustment / 100,
    調整の理由: state.adjustmentReason,
    区分: state.rankClass,
    差し戻しの理由: state.sentBackReason,
    確定解除の理由: state.unlockReason,
  };
  for (const [item, r] of ratings) {
    items[`能力.${item}.本人`] = r.self;
    items[`能力.${item}.1次`] = r.first;
    items[`能力.${item}.2次`] = r.second;
  }
  goals.forEach((g, i) => {
    items[`目標${i + 1}.1次評語`] = g.first.level;
    items[`目標${i + 1}.1次の理由`] = g.first.reason;
    items[`目標${i + 1}.2次評語`] = g.second.level;
  });
  return items;
}

function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const out = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key] ?? null) === JSON.stringify(after[key] ?? null)) continue;
    out.before[key] = before[key] ?? null;
    out.after[key] = after[key] ?? null;
  }
  return out;
}

type Next = { state: AppraisalState; ratings?: Ratings; goals?: Map<number, MboGoalState> };

/**
 * Writes an appraisal's next state at `version` (0: none yet) with its ratings and goal levels,
 * audits what changed (scores included), and returns false when nothing did.
 */
export function writeAppraisal(
  db: Db,
  session: Session,
  fy: number,
  subject: StaffRecord,
  sheet: MboSheetRecord | undefined,
  current: AppraisalRecord | undefined,
  version: number,
  next: Next,
  action: string,
): boolean {
  if (version !== (current?.version ?? 0)) throw new AppError('CONFLICT', staleMessage);
  const config = cycleConfig(db, fy);
  const items = config.competencyItems[subject.gradeGroup];
  const beforeRatings = ratingsOf(db, current?.id ?? null);
  const afterRatings = next.ratings ?? beforeRatings;
  const beforeGoals = sheet?.goals ?? [];
  const afterGoals = beforeGoals.map((g) => {
    const u = next.goals?.get(g.id);
    return u ? { ...g, ...u } : g;
  });
  const awards = awardsFor(awardsOfYear(db, fy, subject.id), subject.id);
  const score = (s: AppraisalState, r: Ratings, g: readonly MboGoalRecord[]) =>
    scoresOf(g, r, items, awards, subject.gradeGroup, s.adjustment, config).absolute.score;
  const before = {
    ...auditItems(current ?? emptyAppraisalState(), beforeRatings, beforeGoals),
    絶対評価点: score(current ?? emptyAppraisalState(), beforeRatings, beforeGoals),
  };
  const after = {
    ...auditItems(next.state, afterRatings, afterGoals),
    絶対評価点: score(next.state, afterRatings, afterGoals),
  };
  const d = diff(before, after);
  if (current && Object.keys(d.after).length === 0) return false;
  const now = new Date().toISOString();
  let id: number;
  if (current) {
    if (!updateAppraisal(db, current.id, version, next.state, now)) throw new AppError('CONFLICT', staleMessage);
    id = current.id;
  } else {
    id = insertAppraisal(db, fy, subject.id, next.state, now);
  }
  if (next.ratings) upsertRatings(db, id, next.ratings);
  for (const [goalId, g] of next.goals ?? []) updateGoal(db, goalId, g);
  appendAudit(db, session.actor, {
    action,
    entity: 'appraisal',
    entityId: `${fy}:${subject.staffNo}`,
    before: d.before,
    after: d.after,
  });
  return true;
}

/** Refuses unless the caller owns the stage open now. */
function requireStage(a: AppraisalAccess, status: AppraisalStatus): AppraisalStage {
  const open = STAGE_OF_STATUS[status];
  const mine = stageOf(a.relation);
  if (open !== null && mine === open) return open;
  if (mine === null) throw forbidden('この人事考課を入力できるのは、本人と担当の評価者だけです。');
  throw new AppError(
    'CONFLICT',
    open === null
      ? `この人事考課は「${status}」のため、入力できません。`
      : `この人事考課は「${status}」のため、いまは${STAGE_LABELS[open]}が入力する段階です。`,
  );
}

export function getAppraisalView(db: Db, session: Session, input: Parsed<'appraisal:get'>): AppraisalView {
  const a = appraisalAccess(db, session, input.fy, input.staffNo);
  return appraisalViewFor(db, input.fy, a, getAppraisal(db, input.fy, a.subject.id), session);
}

/** Autosave of the caller's own stage. Nothing new writes nothing. */
export function saveAppraisal(db: Db, session: Session, input: Parsed<'appraisal:save'>): AppraisalView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'appraisal:save');
    const a = appraisalAccess(db, session, input.fy, input.staffNo);
    const current = getAppraisal(db, input.fy, a.subject.id);
    if (input.version !== (current?.version ?? 0)) throw new AppError('CONFLICT', staleMessage);
    const state: AppraisalState = { ...(current ?? emptyAppraisalState()) };
    const stage = requireStage(a, state.status);
    const items = cycleConfig(db, input.fy).competencyItems[a.subject.gradeGroup];

    let ratings: Ratings | undefined;
    if (input.ratings !== undefined) {
      if (stage === 'adjuster') throw forbidden('調整者は能力評価を入力しません。調整と所見を入力してください。');
      ratings = new Map([...ratingsOf(db, current?.id ?? null)].map(([k, v]) => [k, { ...v }]));
      for (const [item, value] of Object.entries(input.ratings)) {
        if (!items.includes(item)) {
          throw new AppError('VALIDATION', `能力評価の項目「${item}」はこの職層にはありません。`, `ratings.${item}`);
        }
        const row = ratings.get(item) ?? { self: null, first: null, second: null };
        row[stage] = value;
        ratings.set(item, row);
      }
    }
    let goals: Map<number, MboGoalState> | undefined;
    if (input.goals !== undefined) {
      if (stage !== 'first' && stage !== 'second') {
        throw forbidden(
          stage === 'self'
            ? '目標ごとの自己評価は、目標管理シートで入力します。'
            : '調整者は目標ごとの評語を入力しません。',
        );
      }
      goals = new Map();
      for (const u of input.goals) {
        const g = a.sheet?.goals.find((x) => x.id === u.goalId);
        if (!g) throw new AppError('NOT_FOUND', 'この目標は見つかりません。画面を読み込み直してください。');
        const entry = { ...g[stage] };
        entry.level = u.level;
        if (u.comment !== undefined) entry.comment = u.comment;
        if (u.reason !== undefined) entry.reason = u.reason;
        goals.set(g.id, { ...g, [stage]: entry });
      }
    }
    if (input.comment !== undefined) {
      const key = (
        { self: 'selfComment', first: 'firstComment', second: 'secondComment', adjuster: 'adjusterComment' } as const
      )[stage];
      state[key] = input.comment;
    }
    if (input.adjustment !== undefined || input.adjustmentReason !== undefined) {
      if (stage !== 'adjuster') throw forbidden('調整は調整者だけが入力できます。');
      if (input.adjustment !== undefined) state.adjustment = Math.round(input.adjustment * 100);
      if (input.adjustmentReason !== undefined) state.adjustmentReason = input.adjustmentReason;
    }
    writeAppraisal(
      db,
      session,
      input.fy,
      a.subject,
      a.sheet,
      current,
      input.version,
      { state, ratings, goals },
      'appraisal.save',
    );
    return appraisalViewFor(
      db,
      input.fy,
      { ...a, ...readsOf(db, input.fy, a.subject.id) },
      getAppraisal(db, input.fy, a.subject.id),
      session,
    );
  })();
}

const NEXT_STATUS: Readonly<Record<AppraisalStage, AppraisalStatus>> = {
  self: '自己評価済',
  first: '1次評価済',
  second: '2次評価済',
  adjuster: '調整済',
};

export function submitAppraisal(db: Db, session: Session, input: Parsed<'appraisal:submit'>): AppraisalView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'appraisal:submit');
    const a = appraisalAccess(db, session, input.fy, input.staffNo);
    const current = getAppraisal(db, input.fy, a.subject.id);
    const state = current ?? emptyAppraisalState();
    const onBehalf = onBehalfStage(a, state.status);
    const stage = onBehalf ?? requireStage(a, state.status);
    const view = appraisalViewFor(db, input.fy, a, current, session);
    const problem = view.problems[0];
    if (problem) throw new AppError('VALIDATION', problem.message, problem.field ?? undefined);
    const next: AppraisalState = {
      ...state,
      status: NEXT_STATUS[stage],
      sentBackReason: null,
      sentBackAt: null,
      sentBackBy: null,
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
      onBehalf ? `appraisal.submitOnBehalf.${onBehalf}` : `appraisal.submit.${stage}`,
    );
    return appraisalViewFor(db, input.fy, a, getAppraisal(db, input.fy, a.subject.id), session);
  })();
}
