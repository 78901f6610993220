import type { Parsed } from '../../../shared/contract';
import type { AreaEvidence, MboCan, MboGoalView, MboPerson, MboRevision, MboSheetView } from '../../../shared/contract';
import {
  ACCURACY_GOAL_TYPE,
  draftOf,
  goalHints,
  isGoalSetting,
  performanceScore,
  proposedLevelForAccuracyGoal,
  validateGoals,
  yearEndIssues,
} from '../../../shared/mbo';
import type {
  DifficultyCoefficients,
  GoalDraft,
  GoalIssue,
  MboStatus,
  ScoreResult,
  YearEndIssue,
} from '../../../shared/mbo';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { cycleConfig, getAppraisal } from '../appraisal/appraisal.repo';
import { appendAudit } from '../system/audit.repo';
import type { Actor } from '../system/audit.repo';
import {
  areaActivityOf,
  emptySheetState,
  getSheet,
  goalStateOf,
  insertRevision,
  insertSheet,
  replaceGoals,
  revisionsOf,
  updateGoal,
  updateSheet,
} from './mbo.repo';
import type { LevelEntry, MboGoalRecord, MboGoalState, MboSheetRecord, MboSheetState } from './mbo.repo';
import type { StaffRecord } from '../staff/org.repo';
import { evaluatorsInForce, formAccess } from '../access/evaluation-access';
import { staffById } from '../staff/staff.repo';
import type { FormAccess, Relation } from '../access/evaluation-access';
import { assertYearWritable, noneAllowed, yearOpenTo } from '../access/closed-year';
import type { Session } from '../office/office.service';

/*
 * The MBO sheet (目標管理シート, docs/scores.md) and who may do what with it, enforced here:
 *
 * - Reading: the person, their 1次/2次/調整者 in the year, HR and personnel (as for self-reports).
 * - Goal setting (未提出 / 差し戻し): only the person writes and submits their goals; submission
 *   applies every rule of shared/mbo.ts (1–5 goals, weights total 100, a 地域担当目標 …).
 * - 提出済: only the 1次 evaluator approves (承認済) or sends back with a comment (差し戻し).
 * - 承認済: the person records mid-term progress and their year-end levels, and submits them
 *   (自己評価済); a goal may be revised by the person or the 1次 with a reason, its earlier wording
 *   kept. The 1次 writes the mid-term comment and the incident count of 正確性重視 goals.
 * - HR sends a sheet back one stage with a reason.
 * Every write is audited with the items it changed; a save that names an old version is refused.
 */

const staleMessage =
  'この目標管理シートは、別の画面または別の人によって更新されています。最新の内容を読み込み直してから、もう一度入力してください。';

/** `open`: whether the caller may change the year at all (a closed year only HR, docs/closed-years.md). */
type Access = FormAccess<never> & { open: boolean };

function access(db: Db, session: Session, fy: number, staffNo: string | undefined): Access {
  return { ...formAccess(db, session, fy, staffNo, '目標管理シート'), open: yearOpenTo(session, fy) };
}

function personOf(r: StaffRecord): MboPerson {
  return { staffNo: r.staffNo, name: r.name, section: r.section, line: r.line, position: r.position };
}

function entityId(fy: number, staffNo: string): string {
  return `${fy}:${staffNo}`;
}

const reviewable = (s: MboStatus) => s === '承認済' || s === '自己評価済';

export function permissions(relation: Relation, status: MboStatus): MboCan {
  const self = relation === 'self';
  const first = relation === 'first';
  return {
    editGoals: self && isGoalSetting(status),
    submitGoals: self && isGoalSetting(status),
    approve: first && status === '提出済',
    sendBack: first && status === '提出済',
    midterm: self && status === '承認済',
    firstMid: first && reviewable(status),
    revise: (self || first) && status === '承認済',
    yearEnd: self && status === '承認済',
    submitYearEnd: self && status === '承認済',
    incidents: first && reviewable(status),
    reopen: relation === 'hr' && !isGoalSetting(status),
  };
}

/** The 業績評価点 of the goals at one stage, with the cycle's difficulty coefficients (as the appraisal scores it). */
export function scoreOf(
  goals: readonly MboGoalRecord[],
  pick: (g: MboGoalRecord) => LevelEntry,
  coefficients: DifficultyCoefficients,
): ScoreResult {
  return performanceScore(
    goals.map((g) => ({ weight: g.weight ?? 0, level: pick(g).level, difficulty: g.difficulty ?? 'B' })),
    coefficients,
  );
}

function proposalOf(g: MboGoalState) {
  return g.type === ACCURACY_GOAL_TYPE ? proposedLevelForAccuracyGoal(g.incidents) : null;
}

function yearEndProblems(goals: readonly MboGoalRecord[]): YearEndIssue[] {
  return yearEndIssues(
    goals.map((g) => ({ level: g.self.level, proposal: proposalOf(g)?.level ?? null, reason: g.self.reason })),
  );
}

/** The area the person is on in the year and what its log holds, as evidence for the area-duty goal. */
function areaEvidence(db: Db, fy: number, staffId: number): AreaEvidence | null {
  const activity = areaActivityOf(db, fy, staffId);
  if (!activity) return null;
  const { area: a, patrols, studies } = activity;
  const recent = [
    ...patrols.map((p) => ({
      kind: 'patrol' as const,
      onDate: p.onDate,
      text: p.text,
      withPerson: p.withPerson === 1,
    })),
    ...studies.map((s) => ({ kind: 'study' as const, onDate: s.onDate, text: s.text, withPerson: s.withPerson === 1 })),
  ]
    .sort((x, y) => (x.onDate < y.onDate ? 1 : x.onDate > y.onDate ? -1 : 0))
    .slice(0, 6);
  return {
    area: a.name,
    role: a.role,
    patrols: patrols.length,
    studies: studies.length,
    ownPatrols: patrols.filter((p) => p.withPerson === 1).length,
    ownStudies: studies.filter((s) => s.withPerson === 1).length,
    recent,
  };
}

function firstEvaluatorOf(db: Db, fy: number, staffId: number): { staffNo: string; name: string } | null {
  const firstId = evaluatorsInForce(db, fy, staffId)[0]?.firstId ?? null;
  const r = firstId === null ? undefined : staffById(db, firstId);
  return r ? { staffNo: r.staffNo, name: r.name } : null;
}

function viewFor(db: Db, fy: number, a: Access, record: MboSheetRecord | undefined): MboSheetView {
  const state: MboSheetState = record ?? emptySheetState();
  const goals = record?.goals ?? [];
  const revisions = record ? revisionsOf(db, record.id) : new Map<number, MboRevision[]>();
  const drafts = goals.map(draftOf);
  // The person sees the evaluators' levels only once the appraisal is final (開示), as on the appraisal.
  const withheld = a.relation === 'self' && getAppraisal(db, fy, a.subject.id)?.status !== '確定';
  const hidden = { level: null, comment: '', reason: '' };
  const coefficients = cycleConfig(db, fy).difficultyCoefficients;
  const goalViews: MboGoalView[] = goals.map((g) => ({
    ...draftOf(g),
    id: g.id,
    progress: g.progress,
    midNote: g.midNote,
    incidents: g.incidents,
    proposal: proposalOf(g),
    self: { ...g.self },
    first: withheld ? hidden : { ...g.first },
    second: withheld ? hidden : { ...g.second },
    revisions: revisions.get(g.id) ?? [],
  }));
  return {
    fy,
    person: personOf(a.subject),
    status: state.status,
    version: record?.version ?? 0,
    goals: goalViews,
    comments: {
      selfMid: state.selfMidComment,
      firstMid: state.firstMidComment,
      selfFinal: state.selfFinalComment,
      review: state.reviewComment,
    },
    submittedAt: state.submittedAt,
    approvedAt: state.approvedAt,
    approvedBy: state.approvedBy,
    sentBackAt: state.sentBackAt,
    yearEndAt: state.yearEndAt,
    reopenReason: state.reopenReason,
    updatedAt: record?.updatedAt ?? null,
    firstEvaluator: firstEvaluatorOf(db, fy, a.subject.id),
    relation: a.relation,
    can: a.open ? permissions(a.relation, state.status) : noneAllowed(permissions(a.relation, state.status)),
    issues: validateGoals(drafts, 'draft'),
    hints: goalHints(drafts),
    yearEndIssues: state.status === '承認済' || state.status === '自己評価済' ? yearEndProblems(goals) : [],
    difficultyCoefficients: coefficients,
    scores: {
      self: scoreOf(goals, (g) => g.self, coefficients),
      first: scoreOf(goals, (g) => (withheld ? hidden : g.first), coefficients),
      second: scoreOf(goals, (g) => (withheld ? hidden : g.second), coefficients),
    },
    areaEvidence: areaEvidence(db, fy, a.subject.id),
  };
}

// ---------- audit ----------

const goalAuditKeys: Record<string, (g: MboGoalState) => unknown> = {
  区分: (g) => g.category,
  目標: (g) => g.title,
  内容: (g) => g.content,
  達成基準: (g) => g.standard,
  重点施策: (g) => g.priority,
  ウェイト: (g) => g.weight,
  難易度: (g) => g.difficulty,
  スケジュール: (g) => g.schedule,
  種類: (g) => g.type,
  進捗率: (g) => g.progress,
  中間の取組状況: (g) => g.midNote,
  ミス件数: (g) => g.incidents,
  自己評価: (g) => g.self.level,
  自己評価コメント: (g) => g.self.comment,
  自己評価の理由: (g) => g.self.reason,
};

function auditItems(state: MboSheetState, goals: readonly MboGoalState[]): Record<string, unknown> {
  const items: Record<string, unknown> = {
    状態: state.status,
    中間の自己コメント: state.selfMidComment,
    中間の1次コメント: state.firstMidComment,
    期末の自己コメント: state.selfFinalComment,
    '1次評価者のコメント': state.reviewComment,
    差し戻しの理由: state.reopenReason,
    目標数: goals.length,
  };
  goals.forEach((g, i) => {
    for (const [key, get] of Object.entries(goalAuditKeys)) items[`目標${i + 1}.${key}`] = get(g);
  });
  return items;
}

function auditDiff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const out = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key] ?? null) === JSON.stringify(after[key] ?? null)) continue;
    out.before[key] = before[key] ?? null;
    out.after[key] = after[key] ?? null;
  }
  return out;
}

// ---------- writes ----------

function stale(): AppError {
  return new AppError('CONFLICT', staleMessage);
}

function text(s: string): string {
  return s.replace(/\r\n?/gu, '\n');
}

function cleanDraft(d: GoalDraft): GoalDraft {
  return {
    ...d,
    title: text(d.title).trim(),
    content: text(d.content),
    standard: text(d.standard),
    schedule: text(d.schedule),
  };
}

export type SheetWrite = {
  state: MboSheetState;
  /** Replace all goals (goal setting) … */
  goals?: readonly MboGoalState[];
  /** … or rewrite these goals in place. */
  goalUpdates?: ReadonlyMap<number, MboGoalState>;
  /** `by`: the name of who revised, as the history shows it. */
  revisions?: { goalId: number; reason: string; before: GoalDraft; by: string }[];
};

/**
 * Writes the next state of a person's sheet that was at `version` (0: none yet), audits what
 * changed, and returns false when nothing did. A version that is no longer the stored one is
 * refused with CONFLICT. Call inside a transaction. Used by the screens and the workbook import.
 */
export function writeSheet(
  db: Db,
  actor: Actor,
  fy: number,
  subject: { id: number; staffNo: string },
  current: MboSheetRecord | undefined,
  version: number,
  next: SheetWrite,
  action: string,
): boolean {
  if (version !== (current?.version ?? 0)) throw stale();
  const beforeGoals: MboGoalState[] = current?.goals ?? [];
  const afterGoals: MboGoalState[] =
    next.goals !== undefined ? [...next.goals] : (current?.goals ?? []).map((g) => next.goalUpdates?.get(g.id) ?? g);
  const diff = auditDiff(auditItems(current ?? emptySheetState(), beforeGoals), auditItems(next.state, afterGoals));
  if (current && Object.keys(diff.after).length === 0 && !next.revisions?.length) return false;

  const now = new Date().toISOString();
  let sheetId: number;
  if (current) {
    if (!updateSheet(db, current.id, version, next.state, now)) throw stale();
    sheetId = current.id;
  } else {
    sheetId = insertSheet(db, fy, subject.id, next.state, now);
  }
  if (next.goals !== undefined) replaceGoals(db, sheetId, next.goals);
  for (const [goalId, g] of next.goalUpdates ?? []) updateGoal(db, goalId, g);
  for (const r of next.revisions ?? []) {
    insertRevision(db, r.goalId, { at: now, by: r.by, reason: r.reason, before: r.before });
  }
  appendAudit(db, actor, {
    action,
    entity: 'mbo_sheet',
    entityId: entityId(fy, subject.staffNo),
    before: diff.before,
    after: diff.after,
  });
  return true;
}

/** The caller's name as forms show it: their staff record's name, else the account's display name. */
function viewerName(db: Db, a: Access, session: Session): string {
  const viewer = a.viewerStaffId === null ? undefined : staffById(db, a.viewerStaffId);
  return viewer?.name ?? session.displayName;
}

function forbidden(message: string): AppError {
  return new AppError('FORBIDDEN', message);
}

function notNow(status: MboStatus, what: string): AppError {
  return new AppError('CONFLICT', `この目標管理シートは「${status}」のため、${what}はできません。`);
}

function issueMessage(issue: GoalIssue | YearEndIssue): string {
  return issue.goalIndex === null ? issue.message : `目標${issue.goalIndex + 1}: ${issue.message}`;
}

function issueField(issue: GoalIssue | YearEndIssue): string | undefined {
  if (issue.field === null) return undefined;
  return issue.goalIndex === null ? issue.field : `goals.${issue.goalIndex}.${issue.field}`;
}

function goalById(sheet: MboSheetRecord | undefined, goalId: number): MboGoalRecord {
  const g = sheet?.goals.find((x) => x.id === goalId);
  if (!g) throw new AppError('NOT_FOUND', 'この目標は見つかりません。画面を読み込み直してください。');
  return g;
}

type SaveInput = Parsed<'mbo:save'>;

/** Applies the per-goal items of a save, each checked against who may write it now. */
function applyUpdates(a: Access, sheet: MboSheetRecord | undefined, input: SaveInput): Map<number, MboGoalState> {
  const status = sheet?.status ?? '未提出';
  const can = permissions(a.relation, status);
  const out = new Map<number, MboGoalState>();
  for (const u of input.updates ?? []) {
    const g = goalById(sheet, u.goalId);
    const next: MboGoalState = { ...g, self: { ...g.self } };
    if (u.progress !== undefined || u.midNote !== undefined) {
      if (!can.midterm)
        throw can.firstMid ? forbidden('進捗率と取組状況は本人が入力します。') : notNow(status, '中間の記入');
      if (u.progress !== undefined) next.progress = u.progress;
      if (u.midNote !== undefined) next.midNote = text(u.midNote);
    }
    if (u.selfLevel !== undefined || u.selfComment !== undefined || u.selfReason !== undefined) {
      if (!can.yearEnd)
        throw a.relation === 'self' ? notNow(status, '自己評価の入力') : forbidden('自己評価は本人が入力します。');
      if (u.selfLevel !== undefined) next.self.level = u.selfLevel;
      if (u.selfComment !== undefined) next.self.comment = text(u.selfComment);
      if (u.selfReason !== undefined) next.self.reason = text(u.selfReason);
    }
    if (u.incidents !== undefined) {
      if (!can.incidents) {
        throw a.relation === 'first'
          ? notNow(status, 'ミス・事故件数の記録')
          : forbidden('ミス・事故の件数は1次評価者が記録します。');
      }
      if (g.type !== ACCURACY_GOAL_TYPE) {
        throw new AppError('VALIDATION', 'ミス・事故の件数は「正確性重視」の目標にだけ記録します。', 'incidents');
      }
      next.incidents = u.incidents;
    }
    out.set(g.id, next);
  }
  return out;
}

/** Autosave: whatever part of the sheet the caller may write at this stage. Nothing new writes nothing. */
export function saveSheet(db: Db, session: Session, input: SaveInput): MboSheetView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'mbo:save');
    const a = access(db, session, input.fy, input.staffNo);
    const current = getSheet(db, input.fy, a.subject.id);
    if (input.version !== (current?.version ?? 0)) throw stale();
    const status = current?.status ?? '未提出';
    const can = permissions(a.relation, status);
    const state: MboSheetState = { ...(current ?? emptySheetState()) };

    let goals: MboGoalState[] | undefined;
    if (input.goals !== undefined) {
      if (!can.editGoals) {
        throw a.relation === 'self'
          ? notNow(status, '目標の編集（承認後の修正は「目標を修正」から理由を添えて行います）')
          : forbidden('目標は本人が設定します。');
      }
      goals = input.goals.map((d) => goalStateOf(cleanDraft(d)));
    }
    const goalUpdates = applyUpdates(a, current, input);
    if (input.selfMidComment !== undefined) {
      if (!can.midterm) throw forbidden('中間の自己コメントは、承認済みのシートに本人が入力します。');
      state.selfMidComment = text(input.selfMidComment);
    }
    if (input.selfFinalComment !== undefined) {
      if (!can.yearEnd) throw forbidden('期末の自己コメントは、承認済みのシートに本人が入力します。');
      state.selfFinalComment = text(input.selfFinalComment);
    }
    if (input.firstMidComment !== undefined) {
      if (!can.firstMid) throw forbidden('中間の1次評価者コメントは、承認後に1次評価者が入力します。');
      state.firstMidComment = text(input.firstMidComment);
    }
    writeSheet(
      db,
      session.actor,
      input.fy,
      a.subject,
      current,
      input.version,
      { state, goals, goalUpdates },
      'mbo.save',
    );
    return viewFor(db, input.fy, a, getSheet(db, input.fy, a.subject.id));
  })();
}

export function submitSheet(db: Db, session: Session, input: Parsed<'mbo:submit'>): MboSheetView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'mbo:submit');
    const a = access(db, session, input.fy, undefined);
    const current = getSheet(db, input.fy, a.subject.id);
    if (input.version !== (current?.version ?? 0)) throw stale();
    const status = current?.status ?? '未提出';
    const can = permissions(a.relation, status);
    const now = new Date().toISOString();
    let next: MboSheetState;
    let action: string;
    if (input.stage === 'goals') {
      if (!can.submitGoals) throw notNow(status, '目標の提出');
      const problem = validateGoals((current?.goals ?? []).map(draftOf), 'submit')[0];
      if (problem) throw new AppError('VALIDATION', issueMessage(problem), issueField(problem));
      next = { ...(current ?? emptySheetState()), status: '提出済', submittedAt: now };
      action = 'mbo.submit';
    } else {
      if (!can.submitYearEnd || !current) throw notNow(status, '期末の自己評価の提出');
      const problem = yearEndProblems(current.goals)[0];
      if (problem) throw new AppError('VALIDATION', issueMessage(problem), issueField(problem));
      next = { ...current, status: '自己評価済', yearEndAt: now };
      action = 'mbo.submitYearEnd';
    }
    writeSheet(db, session.actor, input.fy, a.subject, current, input.version, { state: next }, action);
    return viewFor(db, input.fy, a, getSheet(db, input.fy, a.subject.id));
  })();
}

/** The 1次 evaluator approves submitted goals or sends them back with a comment. */
export function reviewSheet(
  db: Db,
  session: Session,
  input: Parsed<'mbo:approve'> | Parsed<'mbo:sendBack'>,
  decision: 'approve' | 'sendBack',
): MboSheetView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, `mbo:${decision}`);
    const a = access(db, session, input.fy, input.staffNo);
    if (a.relation !== 'first') throw forbidden('目標の承認・差し戻しは、この職員の1次評価者だけができます。');
    const current = getSheet(db, input.fy, a.subject.id);
    if (!current || current.status !== '提出済') {
      throw notNow(current?.status ?? '未提出', decision === 'approve' ? '承認' : '差し戻し');
    }
    const now = new Date().toISOString();
    const next: MboSheetState =
      decision === 'approve'
        ? {
            ...current,
            status: '承認済',
            approvedAt: now,
            approvedBy: viewerName(db, a, session),
            reviewComment: text(input.comment),
          }
        : { ...current, status: '差し戻し', sentBackAt: now, reviewComment: text(input.comment) };
    writeSheet(db, session.actor, input.fy, a.subject, current, input.version, { state: next }, `mbo.${decision}`);
    return viewFor(db, input.fy, a, getSheet(db, input.fy, a.subject.id));
  })();
}

/**
 * A goal revised after approval (mid-term): its earlier wording is kept with the reason. The sheet
 * must still satisfy every goal rule afterwards. Changing a 正確性重視 goal to 通常 drops its count.
 */
export function reviseGoal(db: Db, session: Session, input: Parsed<'mbo:revise'>): MboSheetView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'mbo:revise');
    const a = access(db, session, input.fy, input.staffNo);
    const current = getSheet(db, input.fy, a.subject.id);
    const status = current?.status ?? '未提出';
    if (!permissions(a.relation, status).revise || !current) {
      throw a.relation === 'self' || a.relation === 'first'
        ? notNow(status, '目標の修正')
        : forbidden('目標の修正は、本人または1次評価者が行います。');
    }
    const goal = goalById(current, input.goalId);
    const draft = cleanDraft(input.goal);
    const drafts = current.goals.map((g) => (g.id === goal.id ? draft : draftOf(g)));
    const problem = validateGoals(drafts, 'submit')[0];
    if (problem) throw new AppError('VALIDATION', issueMessage(problem), issueField(problem));
    const revised: MboGoalState = {
      ...goal,
      ...draft,
      incidents: draft.type === ACCURACY_GOAL_TYPE ? goal.incidents : null,
    };
    writeSheet(
      db,
      session.actor,
      input.fy,
      a.subject,
      current,
      input.version,
      {
        state: { ...current },
        goalUpdates: new Map([[goal.id, revised]]),
        revisions: [{ goalId: goal.id, reason: input.reason, before: draftOf(goal), by: viewerName(db, a, session) }],
      },
      'mbo.revise',
    );
    return viewFor(db, input.fy, a, getSheet(db, input.fy, a.subject.id));
  })();
}

/** HR sends a sheet back one stage, with a reason: submitted or approved goals to 差し戻し, a year-end self evaluation to 承認済. */
export function reopenSheet(db: Db, session: Session, input: Parsed<'mbo:reopen'>): MboSheetView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'mbo:reopen');
    const a = access(db, session, input.fy, input.staffNo);
    const current = getSheet(db, input.fy, a.subject.id);
    if (!current || isGoalSetting(current.status)) throw notNow(current?.status ?? '未提出', '差し戻し');
    const back: MboStatus = current.status === '自己評価済' ? '承認済' : '差し戻し';
    const next: MboSheetState = {
      ...current,
      status: back,
      yearEndAt: back === '承認済' ? null : current.yearEndAt,
      reopenReason: input.reason,
      reopenedAt: new Date().toISOString(),
    };
    writeSheet(db, session.actor, input.fy, a.subject, current, current.version, { state: next }, 'mbo.reopen');
    return viewFor(db, input.fy, a, getSheet(db, input.fy, a.subject.id));
  })();
}

export function getSheetView(db: Db, session: Session, input: Parsed<'mbo:get'>): MboSheetView {
  const a = access(db, session, input.fy, input.staffNo);
  return viewFor(db, input.fy, a, getSheet(db, input.fy, a.subject.id));
}
