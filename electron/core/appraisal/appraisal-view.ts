import { postTitle } from '../../../shared/appraisal';
import { STAGE_OF_STATUS } from '../../../shared/contract';
import type {
  AppraisalCan,
  AppraisalGoalView,
  AppraisalRelation,
  AppraisalStage,
  AppraisalStatus,
  AppraisalView,
} from '../../../shared/contract';
import {
  ACCURACY_GOAL_TYPE,
  AREA_GOAL_CATEGORY,
  overrideReasonIssue,
  proposedLevelForAccuracyGoal,
} from '../../../shared/mbo';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { crossOfGoals, cycleConfig, emptyAppraisalState, ratingsOf } from './appraisal.repo';
import { awardsOfYear } from '../awards/awards.repo';
import type { AppraisalRecord, AppraisalState, CrossRecord, Ratings } from './appraisal.repo';
import { getSheet } from '../mbo/mbo.repo';
import type { MboGoalRecord, MboSheetRecord } from '../mbo/mbo.repo';
import type { StaffRecord } from '../staff/org.repo';
import { awardsFor, scoresOf } from './scores.service';
import { areaLeaderOf, evaluatorsInForce, formAccess } from '../access/evaluation-access';
import { staffById } from '../staff/staff.repo';
import { yearOpenTo } from '../access/closed-year';
import type { Session } from '../office/office.service';

/*
 * How a caller stands to one appraisal and what they see of it (the rules are listed in
 * appraisal.service.ts; docs/scores.md, docs/access.md): the relation, the cross-section owner of
 * each goal, what the caller can do now, the problems that keep the open stage from being
 * submitted, and what is withheld from the person until 確定 and from a cross-section evaluator.
 */

export function forbidden(message: string): AppError {
  return new AppError('FORBIDDEN', message);
}

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

export type Reads = { sheet: MboSheetRecord | undefined; owners: Map<number, CrossOwner> };

/** How the caller stands to the person, with the person's sheet and the goals' cross-section owners. */
export type AppraisalAccess = Access & Reads;

/** The person's MBO sheet and the cross-section owner of each goal, as they are now. */
export function readsOf(db: Db, fy: number, subjectId: number): Reads {
  const sheet = getSheet(db, fy, subjectId);
  return { sheet, owners: crossOwners(db, fy, subjectId, sheet?.goals ?? []) };
}

const goalsRatedBy = (owners: Map<number, CrossOwner>, viewer: number | null): number[] =>
  [...owners].filter(([, o]) => o.evaluatorId === viewer).map(([id]) => id);

/** How the caller stands to the person, with the sheet and cross-section owners read once for the call. */
export function appraisalAccess(db: Db, session: Session, fy: number, staffNo: string | undefined): AppraisalAccess {
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
export function stageOf(relation: AppraisalRelation): AppraisalStage | null {
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

export function appraisalViewFor(
  db: Db,
  fy: number,
  a: AppraisalAccess,
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
  const people = new Map<number, StaffRecord | undefined>();
  const personOf = (id: number | null | undefined) => {
    if (id === null || id === undefined) return undefined;
    if (!people.has(id)) people.set(id, staffById(db, id));
    return people.get(id);
  };
  const nameOf = (id: number | null | undefined) => personOf(id)?.name ?? null;
  const postOf = (id: number | null | undefined) => {
    const p = personOf(id);
    return p ? postTitle(p) : null;
  };
  const openStage = STAGE_OF_STATUS[state.status];
  const myStage = stageOf(a.relation);
  // A closed year is read-only to everyone but HR (docs/closed-years.md).
  const open = yearOpenTo(session, fy);
  const writes = open && openStage !== null && myStage === openStage;
  const mboStatus = a.sheet?.status ?? '未提出';
  const goalViews: AppraisalGoalView[] = goals.map((g) => {
    const owner = owners.get(g.id);
    const ref = owner ? staffById(db, owner.evaluatorId) : undefined;
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
    evaluatorPosts: { first: postOf(ev?.firstId), second: postOf(ev?.secondId), adjuster: postOf(ev?.adjusterId) },
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
    scoresWithheld: true,
  };
}

const withheldScore = { score: null, raw: null, capped: false, floored: false, missing: 0 };

/** The 1次 or 2次 stage HR may submit for its evaluator now (after importing their workbook), if any. */
export function onBehalfStage(a: Access, status: AppraisalStatus): 'first' | 'second' | null {
  if (a.relation !== 'hr') return null;
  const open = STAGE_OF_STATUS[status];
  return open === 'first' || open === 'second' ? open : null;
}
