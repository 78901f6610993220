import type { Parsed } from '../../../shared/contract';
import { populationKeyOf } from '../../../shared/appraisal';
import { STAGE_LABELS, STAGE_OF_STATUS } from '../../../shared/appraisal-contract';
import type {
  AppraisalCan,
  AppraisalGoalView,
  AppraisalRelation,
  AppraisalStage,
  AppraisalStatus,
  AppraisalView,
} from '../../../shared/appraisal-contract';
import {
  ACCURACY_GOAL_TYPE,
  AREA_GOAL_CATEGORY,
  overrideReasonIssue,
  proposedLevelForAccuracyGoal,
} from '../../../shared/mbo';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { appendAudit } from '../system/audit.repo';
import {
  awardsOfYear,
  crossOfGoals,
  cycleConfig,
  emptyAppraisalState,
  getAppraisal,
  insertAppraisal,
  ratingsOf,
  updateAppraisal,
  upsertCross,
  deleteCross,
} from './appraisal.repo';
import type { AppraisalRecord, AppraisalState, CrossRecord, Ratings } from './appraisal.repo';
import { getSheet, updateGoal } from '../mbo/mbo.repo';
import type { MboGoalRecord, MboGoalState, MboSheetRecord } from '../mbo/mbo.repo';
import type { StaffRecord } from '../staff/org.repo';
import { awardsFor, scoresOf } from './scores.service';
import { areaLeaderOf, evaluatorsInForce, formAccess, staffRecordBy } from '../access/evaluation-access';
import { assertYearWritable, yearOpenTo } from '../access/closed-year';
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
 */

const staleMessage =
  'この人事考課は、別の画面または別の人によって更新されています。最新の内容を読み込み直してから、もう一度入力してください。';

type Access = {
  subject: StaffRecord;
  relation: AppraisalRelation;
  viewerStaffId: number | null;
  crossGoalIds: number[];
};

type CrossOwner = { evaluatorId: number; role: string; record: CrossRecord | null };

/**
 * Who rates each goal from outside the 1次's supervision: the person HR named, else — for a
 * 地域担当目標 — the leader of the person's area (unless that is the person or their 1次).
 */
function crossOwners(db: Db, fy: number, subjectId: number, goals: readonly MboGoalRecord[]): Map<number, CrossOwner> {
  const records = crossOfGoals(
    db,
    goals.map((g) => g.id),
  );
  const firstId = evaluatorsInForce(db, fy, subjectId)[0]?.firstId ?? null;
  const leader = areaLeaderOf(db, fy, subjectId);
  const out = new Map<number, CrossOwner>();
  for (const g of goals) {
    const record = records.get(g.id) ?? null;
    if (record) out.set(g.id, { evaluatorId: record.evaluatorId, role: record.role, record });
    else if (g.category === AREA_GOAL_CATEGORY && leader !== null && leader !== subjectId && leader !== firstId) {
      out.set(g.id, { evaluatorId: leader, role: '地域担当リーダー', record: null });
    }
  }
  return out;
}

type Reads = { sheet: MboSheetRecord | undefined; owners: Map<number, CrossOwner> };

/** The person's MBO sheet and the cross-section owner of each goal, as they are now. */
function readsOf(db: Db, fy: number, subjectId: number): Reads {
  const sheet = getSheet(db, fy, subjectId);
  return { sheet, owners: crossOwners(db, fy, subjectId, sheet?.goals ?? []) };
}

const goalsRatedBy = (owners: Map<number, CrossOwner>, viewer: number | null): number[] =>
  [...owners].filter(([, o]) => o.evaluatorId === viewer).map(([id]) => id);

/** How the caller stands to the person, with the sheet and cross-section owners read once for the call. */
function access(db: Db, session: Session, fy: number, staffNo: string | undefined): Access & Reads {
  let read: (Reads & { subjectId: number }) | null = null;
  const readFor = (subjectId: number) => {
    if (read?.subjectId !== subjectId) read = { subjectId, ...readsOf(db, fy, subjectId) };
    return read;
  };
  const a = formAccess(db, session, fy, staffNo, '人事考課', (subject, viewer) =>
    session.role === 'evaluator' && goalsRatedBy(readFor(subject.id).owners, viewer).length > 0
      ? ('cross' as const)
      : null,
  );
  const { sheet, owners } = readFor(a.subject.id);
  return { ...a, crossGoalIds: goalsRatedBy(owners, a.viewerStaffId), sheet, owners };
}

/** The stage a relation writes, if any. */
function stageOf(relation: AppraisalRelation): AppraisalStage | null {
  return relation === 'self' || relation === 'first' || relation === 'second' || relation === 'adjuster'
    ? relation
    : null;
}

function firstDefault(g: MboGoalRecord, owner: CrossOwner | undefined): AppraisalGoalView['firstDefault'] {
  const crossLevel = owner?.record?.level ?? null;
  if (crossLevel) return { level: crossLevel, source: 'cross' };
  const proposal = g.type === ACCURACY_GOAL_TYPE ? proposedLevelForAccuracyGoal(g.incidents) : null;
  return proposal ? { level: proposal.level, source: 'proposal' } : null;
}

type Problem = { field: string | null; message: string };

function stageProblems(
  stage: AppraisalStage,
  state: AppraisalState,
  goals: readonly MboGoalRecord[],
  ratings: Ratings,
  items: readonly string[],
  owners: Map<number, CrossOwner>,
  mboStatus: string,
): Problem[] {
  const problems: Problem[] = [];
  if (stage === 'self' && mboStatus !== '自己評価済') {
    problems.push({
      field: null,
      message: `目標管理シートの自己評価がまだ提出されていません（現在「${mboStatus}」）。先に目標管理で期末の自己評価を提出してください。`,
    });
  }
  if (stage === 'self' || stage === 'first' || stage === 'second') {
    for (const item of items) {
      if ((ratings.get(item)?.[stage] ?? null) === null) {
        problems.push({ field: `ratings.${item}`, message: `能力評価「${item}」を選んでください` });
      }
    }
  }
  if (stage === 'first' || stage === 'second') {
    goals.forEach((g, i) => {
      const entry = g[stage];
      if (entry.level === null) {
        problems.push({ field: `goals.${g.id}`, message: `目標${i + 1}「${g.title}」の評語を選んでください` });
        return;
      }
      if (stage === 'first') {
        const d = firstDefault(g, owners.get(g.id));
        const issue = overrideReasonIssue(d?.level ?? null, entry.level, entry.reason);
        if (issue) {
          problems.push({
            field: `goals.${g.id}.reason`,
            message:
              d?.source === 'cross'
                ? `目標${i + 1}: 他所属評価（${d.level}）と異なる評語にする場合は、理由を入力してください`
                : `目標${i + 1}: ${issue}`,
          });
        }
      }
    });
  }
  if (stage === 'adjuster' && state.adjustment !== 0 && state.adjustmentReason.trim() === '') {
    problems.push({ field: 'adjustmentReason', message: '調整する場合は、調整の理由を入力してください' });
  }
  return problems;
}

function viewFor(
  db: Db,
  fy: number,
  a: Access & Reads,
  record: AppraisalRecord | undefined,
  session: Session,
): AppraisalView {
  const state = record ?? emptyAppraisalState();
  const config = cycleConfig(db, fy);
  const items = config.competencyItems[a.subject.gradeGroup];
  const ratings = ratingsOf(db, record?.id ?? null);
  const goals = a.sheet?.goals ?? [];
  const owners = a.owners;
  const awards = awardsFor(awardsOfYear(db, fy, a.subject.id), a.subject.id);
  const scores = scoresOf(goals, ratings, items, awards, a.subject.gradeGroup, state.adjustment, config);
  const ev = evaluatorsInForce(db, fy, a.subject.id)[0];
  const nameOf = (id: number | null | undefined) =>
    id === null || id === undefined ? null : (staffRecordBy(db, 's.id = ?', id)?.name ?? null);
  const openStage = STAGE_OF_STATUS[state.status];
  const myStage = stageOf(a.relation);
  // A closed year is read-only to everyone but HR (docs/closed-years.md).
  const open = yearOpenTo(session, fy);
  const writes = open && openStage !== null && myStage === openStage;
  const mboStatus = a.sheet?.status ?? '未提出';
  const goalViews: AppraisalGoalView[] = goals.map((g) => {
    const owner = owners.get(g.id);
    const ref = owner ? staffRecordBy(db, 's.id = ?', owner.evaluatorId) : undefined;
    return {
      id: g.id,
      category: g.category,
      title: g.title,
      standard: g.standard,
      weight: g.weight,
      difficulty: g.difficulty,
      type: g.type,
      incidents: g.incidents,
      proposal: g.type === ACCURACY_GOAL_TYPE ? proposedLevelForAccuracyGoal(g.incidents) : null,
      cross: owner
        ? {
            evaluator: ref ? { staffNo: ref.staffNo, name: ref.name } : null,
            role: owner.role,
            level: owner.record?.level ?? null,
            comment: owner.record?.comment ?? '',
            ratedAt: owner.record?.ratedAt ?? null,
          }
        : null,
      self: { ...g.self },
      first: { ...g.first },
      second: { ...g.second },
      firstDefault: firstDefault(g, owner),
    };
  });
  const crossOpen = state.status === '未着手' || state.status === '自己評価済';
  const onBehalf = onBehalfStage(a, state.status);
  const can: AppraisalCan = {
    stage: writes ? openStage : null,
    submit: writes,
    submitOnBehalf: onBehalf,
    sendBack:
      (writes && openStage !== 'self') ||
      (open && state.status === '調整済' && (a.relation === 'adjuster' || a.relation === 'hr')),
    unlock: state.status === '確定' && a.relation === 'hr',
    crossGoalIds: crossOpen && open ? a.crossGoalIds : [],
    nameCross: session.role === 'hr' && crossOpen,
  };
  const view: AppraisalView = {
    fy,
    person: {
      staffNo: a.subject.staffNo,
      name: a.subject.name,
      section: a.subject.section,
      line: a.subject.line,
      position: a.subject.position,
      gradeGroup: a.subject.gradeGroup,
    },
    status: state.status,
    version: record?.version ?? 0,
    relation: a.relation,
    can,
    mboStatus,
    goals: goalViews,
    ratings: items.map((item) => ({
      item,
      self: ratings.get(item)?.self ?? null,
      first: ratings.get(item)?.first ?? null,
      second: ratings.get(item)?.second ?? null,
    })),
    comments: {
      self: state.selfComment,
      first: state.firstComment,
      second: state.secondComment,
      adjuster: state.adjusterComment,
    },
    adjustment: state.adjustment / 100,
    adjustmentReason: state.adjustmentReason,
    sentBack:
      state.sentBackReason && state.sentBackAt
        ? { reason: state.sentBackReason, at: state.sentBackAt, by: state.sentBackBy ?? '' }
        : null,
    unlockReason: state.unlockReason,
    rankClass: state.rankClass,
    difficultyCoefficients: config.difficultyCoefficients,
    scores,
    evaluators: { first: nameOf(ev?.firstId), second: nameOf(ev?.secondId), adjuster: nameOf(ev?.adjusterId) },
    problems:
      writes || onBehalf !== null ? stageProblems(openStage!, state, goals, ratings, items, owners, mboStatus) : [],
  };
  if (a.relation === 'self' && state.status !== '確定') return withheldFromSelf(view);
  if (a.relation !== 'cross') return view;
  // A cross-section evaluator sees the person and only the goals they were asked to rate.
  return {
    ...view,
    goals: view.goals
      .filter((g) => a.crossGoalIds.includes(g.id))
      .map((g) => ({
        ...g,
        self: { level: null, comment: '', reason: '' },
        first: { level: null, comment: '', reason: '' },
        second: { level: null, comment: '', reason: '' },
      })),
    ratings: [],
    comments: { self: '', first: '', second: '', adjuster: '' },
    adjustment: 0,
    adjustmentReason: '',
    sentBack: null,
    rankClass: null,
    scores: { ...view.scores, competency: { self: null, first: null, second: null } },
    problems: [],
  };
}

const noEntry = { level: null, comment: '', reason: '' };

/**
 * Until the appraisal is 確定 the person sees only their own stage: the evaluators' levels, ratings,
 * comments, the adjustment and the scores built on them are disclosed after the result is final
 * (開示), never while the evaluators are still working.
 */
function withheldFromSelf(view: AppraisalView): AppraisalView {
  return {
    ...view,
    goals: view.goals.map((g) => ({
      ...g,
      cross: g.cross && { ...g.cross, level: null, comment: '' },
      first: noEntry,
      second: noEntry,
      firstDefault: null,
    })),
    ratings: view.ratings.map((r) => ({ ...r, first: null, second: null })),
    comments: { ...view.comments, first: '', second: '', adjuster: '' },
    adjustment: 0,
    adjustmentReason: '',
    scores: {
      ...view.scores,
      performance: { ...view.scores.performance, first: withheldScore, second: withheldScore },
      competency: { ...view.scores.competency, first: null, second: null },
      absolute: { base: null, score: null, lines: [] },
    },
    sentBack: view.sentBack && view.can.stage === 'self' ? view.sentBack : null,
  };
}

const withheldScore = { score: null, raw: null, capped: false, floored: false, missing: 0 };

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
  if (next.ratings) {
    const writeRatings = db.prepare(
      `INSERT INTO appraisal_ratings (appraisal_id, item, self, first, second) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (appraisal_id, item) DO UPDATE SET self = excluded.self, first = excluded.first, second = excluded.second`,
    );
    for (const [item, r] of next.ratings) writeRatings.run(id, item, r.self, r.first, r.second);
  }
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

function forbidden(message: string): AppError {
  return new AppError('FORBIDDEN', message);
}

/** The 1次 or 2次 stage HR may submit for its evaluator now (after importing their workbook), if any. */
function onBehalfStage(a: Access, status: AppraisalStatus): 'first' | 'second' | null {
  if (a.relation !== 'hr') return null;
  const open = STAGE_OF_STATUS[status];
  return open === 'first' || open === 'second' ? open : null;
}

/** Refuses unless the caller owns the stage open now. */
function requireStage(a: Access, status: AppraisalStatus): AppraisalStage {
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
  const a = access(db, session, input.fy, input.staffNo);
  return viewFor(db, input.fy, a, getAppraisal(db, input.fy, a.subject.id), session);
}

/** Autosave of the caller's own stage. Nothing new writes nothing. */
export function saveAppraisal(db: Db, session: Session, input: Parsed<'appraisal:save'>): AppraisalView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'appraisal:save');
    const a = access(db, session, input.fy, input.staffNo);
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
    return viewFor(
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

const PREVIOUS_STATUS: Partial<Record<AppraisalStatus, AppraisalStatus>> = {
  自己評価済: '未着手',
  '1次評価済': '自己評価済',
  '2次評価済': '1次評価済',
  調整済: '2次評価済',
};

export function submitAppraisal(db: Db, session: Session, input: Parsed<'appraisal:submit'>): AppraisalView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'appraisal:submit');
    const a = access(db, session, input.fy, input.staffNo);
    const current = getAppraisal(db, input.fy, a.subject.id);
    const state = current ?? emptyAppraisalState();
    const onBehalf = onBehalfStage(a, state.status);
    const stage = onBehalf ?? requireStage(a, state.status);
    const view = viewFor(db, input.fy, a, current, session);
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
    return viewFor(db, input.fy, a, getAppraisal(db, input.fy, a.subject.id), session);
  })();
}

/** The evaluator of the open stage (or, for 調整済, the 調整者 or HR) sends it back one stage with a reason. */
export function sendBackAppraisal(db: Db, session: Session, input: Parsed<'appraisal:sendBack'>): AppraisalView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'appraisal:sendBack');
    const a = access(db, session, input.fy, input.staffNo);
    const current = getAppraisal(db, input.fy, a.subject.id);
    const view = viewFor(db, input.fy, a, current, session);
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
    return viewFor(db, input.fy, a, getAppraisal(db, input.fy, a.subject.id), session);
  })();
}

/** HR unlocks a 確定 appraisal with a reason; it returns to 調整済 and its population must be confirmed again. */
export function unlockAppraisal(db: Db, session: Session, input: Parsed<'appraisal:unlock'>): AppraisalView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'appraisal:unlock');
    const a = access(db, session, input.fy, input.staffNo);
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
    db.prepare('DELETE FROM ranking_confirmations WHERE fy = ? AND population = ?').run(
      input.fy,
      populationKeyOf(unit, a.subject.gradeGroup, a.subject.section),
    );
    return viewFor(db, input.fy, a, getAppraisal(db, input.fy, a.subject.id), session);
  })();
}

function goalOfYear(db: Db, fy: number, goalId: number): { goal: MboGoalRecord; subject: StaffRecord } {
  const r = db
    .prepare(
      'SELECT m.staff_id AS staffId FROM mbo_goals g JOIN mbo_sheets m ON m.id = g.sheet_id WHERE g.id = ? AND m.fy = ?',
    )
    .get(goalId, fy) as { staffId: number } | undefined;
  const subject = r ? staffRecordBy(db, 's.id = ?', r.staffId) : undefined;
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
    const a = access(db, session, input.fy, subject.staffNo);
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
    return viewFor(db, input.fy, { ...a, ...readsOf(db, input.fy, subject.id) }, current, session);
  })();
}

/** HR names (or removes) the cross-section evaluator of a goal done outside the 1次's supervision. */
export function nameCross(db: Db, session: Session, input: Parsed<'appraisal:nameCross'>): AppraisalView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'appraisal:nameCross');
    const { goal, subject } = goalOfYear(db, input.fy, input.goalId);
    const a = access(db, session, input.fy, subject.staffNo);
    requireCrossOpen(getAppraisal(db, input.fy, subject.id)?.status ?? '未着手', '他所属評価者');
    const existing = crossOfGoals(db, [goal.id]).get(goal.id);
    if (input.evaluatorNo === null) {
      if (existing?.level) throw new AppError('CONFLICT', 'すでに他所属評価が入力されているため、評価者を外せません。');
      deleteCross(db, goal.id);
    } else {
      const evaluator = staffRecordBy(db, 's.staff_no = ?', input.evaluatorNo);
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
    return viewFor(
      db,
      input.fy,
      { ...a, ...readsOf(db, input.fy, subject.id) },
      getAppraisal(db, input.fy, subject.id),
      session,
    );
  })();
}
