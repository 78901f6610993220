import { z } from 'zod';
import type { Relation } from '../relation';
import { ConfirmClosedYear } from '../closed-year';
import type { AreaRole } from '../org';
import {
  COMMENT_MAX_CHARS,
  DIFFICULTIES,
  GOAL_CATEGORIES,
  GOAL_TYPES,
  LEVELS,
  MAX_GOALS,
  MBO_STATUSES,
  MESSAGES,
  PROGRESS_MAX,
  REASON_MAX_CHARS,
  TEXT_MAX_CHARS,
  WARD_PRIORITIES,
} from '../mbo';
import type {
  DifficultyCoefficients,
  GoalDraft,
  GoalIssue,
  Level,
  LevelProposal,
  MboStatus,
  ScoreResult,
  YearEndIssue,
} from '../mbo';
import { FiscalYear, Id, pageInput, reason, StaffNoSchema as StaffNo, trimmed, Version } from './common';
import { defineChannels, out } from './define';

/*
 * The MBO sheet (目標管理シート, docs/scores.md): channel definitions (docs/channels.md) and the views
 * the core returns. Text limits here are hard bounds against abuse (twice the form's limit); the
 * form's own limits are checked by validateGoals so that an over-long draft is still saved and shown
 * with its message at the field.
 */

const hardText = (label: string, max: number) => z.string().max(max * 2, `${label}は${max}文字以内で入力してください`);
const choice = <T extends readonly [string, ...string[]]>(label: string, list: T) =>
  z.enum(list, { error: `${label}は「${list.join('」「')}」から選んでください` });
const comment = (label: string) => hardText(label, COMMENT_MAX_CHARS);

export const GoalDraftSchema = z
  .object({
    category: choice('目標の区分', GOAL_CATEGORIES).nullable(),
    title: hardText('目標（タイトル）', 100),
    content: hardText('目標の内容', TEXT_MAX_CHARS),
    standard: hardText('達成基準', TEXT_MAX_CHARS),
    priority: choice('区の重点施策', WARD_PRIORITIES).nullable(),
    weight: z
      .number({ error: MESSAGES.weightRange })
      .int(MESSAGES.weightRange)
      .min(0, MESSAGES.weightRange)
      .max(100, MESSAGES.weightRange)
      .nullable(),
    difficulty: choice('難易度', DIFFICULTIES).nullable(),
    schedule: hardText('スケジュール', TEXT_MAX_CHARS),
    type: choice('目標の種類', GOAL_TYPES).nullable(),
  })
  .strict();

const levelMessage = `評語は ${LEVELS.join('・')} から選んでください`;

/** Per-goal items written after approval; each may be omitted (kept as it is). */
export const GoalUpdateSchema = z
  .object({
    goalId: Id,
    progress: z
      .number({ error: `進捗率は0〜${PROGRESS_MAX}の整数で入力してください` })
      .int(`進捗率は0〜${PROGRESS_MAX}の整数で入力してください`)
      .min(0, `進捗率は0〜${PROGRESS_MAX}の整数で入力してください`)
      .max(PROGRESS_MAX, `進捗率は0〜${PROGRESS_MAX}の整数で入力してください`)
      .nullable()
      .optional(),
    midNote: comment('中間の取組状況').optional(),
    incidents: z
      .number({ error: 'ミス・事故の件数は0以上の整数で入力してください' })
      .int('ミス・事故の件数は0以上の整数で入力してください')
      .min(0, 'ミス・事故の件数は0以上の整数で入力してください')
      .max(999, 'ミス・事故の件数は999件以内で入力してください')
      .nullable()
      .optional(),
    selfLevel: z.enum(LEVELS, { error: levelMessage }).nullable().optional(),
    selfComment: comment('自己評価のコメント').optional(),
    selfReason: hardText('提案と異なる評語にする理由', REASON_MAX_CHARS).optional(),
  })
  .strict();

export type MboPerson = {
  staffNo: string;
  name: string;
  section: string | null;
  line: string | null;
  position: string;
};

export type MboRevision = { at: string; by: string; reason: string; before: GoalDraft };

export type MboLevelEntry = { level: Level | null; comment: string; reason: string };

export type MboGoalView = GoalDraft & {
  id: number;
  progress: number | null;
  midNote: string;
  /** 正確性重視 only: the period's ミス・事故 count, recorded by the 1次 evaluator. */
  incidents: number | null;
  /** The level proposed from the incident count (zero → A). */
  proposal: LevelProposal | null;
  self: MboLevelEntry;
  first: MboLevelEntry;
  second: MboLevelEntry;
  revisions: MboRevision[];
};

/** The area's log as evidence for the person's 地域担当目標. */
export type AreaEvidence = {
  area: string;
  role: AreaRole;
  patrols: number;
  studies: number;
  /** Patrols the person walked and study sessions they attended. */
  ownPatrols: number;
  ownStudies: number;
  recent: { kind: 'patrol' | 'study'; onDate: string; text: string; withPerson: boolean }[];
};

export type MboRelation = Relation;

export type MboCan = {
  editGoals: boolean;
  submitGoals: boolean;
  approve: boolean;
  sendBack: boolean;
  midterm: boolean;
  firstMid: boolean;
  revise: boolean;
  yearEnd: boolean;
  submitYearEnd: boolean;
  incidents: boolean;
  reopen: boolean;
};

export type MboSheetView = {
  fy: number;
  person: MboPerson;
  status: MboStatus;
  /** 0 until the sheet is first saved; every write names the version it edited. */
  version: number;
  goals: MboGoalView[];
  comments: { selfMid: string; firstMid: string; selfFinal: string; review: string };
  submittedAt: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  sentBackAt: string | null;
  yearEndAt: string | null;
  reopenReason: string | null;
  updatedAt: string | null;
  firstEvaluator: { staffNo: string; name: string } | null;
  relation: MboRelation;
  can: MboCan;
  /** The goal rules as they stand (draft mode): shown as warnings while writing, blocking on submit. */
  issues: GoalIssue[];
  hints: GoalIssue[];
  yearEndIssues: YearEndIssue[];
  /** The cycle's 難易度係数 (設定 → 人事考課の設定): the scores below and the screen's live score use them. */
  difficultyCoefficients: DifficultyCoefficients;
  scores: { self: ScoreResult; first: ScoreResult; second: ScoreResult };
  areaEvidence: AreaEvidence | null;
};

export type MboCounts = { total: number } & Record<MboStatus, number>;

export type MboListRow = {
  person: MboPerson;
  status: MboStatus;
  goals: number;
  hasAreaGoal: boolean;
  weightTotal: number;
  selfScore: number | null;
  submittedAt: string | null;
  approvedAt: string | null;
  updatedAt: string | null;
  relation: MboRelation;
};

/**
 * The fields the 進捗状況 list pages sort by (docs/lists.md). `org` is organisation order (所属, 担当,
 * 職員番号), the order of the list without `page`; `name` sorts by the reading (ふりがな).
 */
export const MBO_LIST_SORTS = [
  'org',
  'staffNo',
  'name',
  'section',
  'line',
  'status',
  'goals',
  'submittedAt',
  'approvedAt',
  'updatedAt',
] as const;
export type MboListSort = (typeof MBO_LIST_SORTS)[number];

/**
 * The sheets a caller may open (HR and personnel: everyone; an evaluator: the people they evaluate).
 * The figures (totals, sections, withoutAreaGoal) cover the list as `section` selects it; `status`,
 * `query` and `withoutAreaGoal` narrow only `rows`. Asked for a `page` (docs/lists.md), `rows` is that
 * page of the narrowed list and `total` its length; without one, every row and no `total`.
 */
export type MboList = {
  fy: number;
  section: string | null;
  totals: MboCounts;
  sections: { section: string; counts: MboCounts; withoutAreaGoal: number }[];
  rows: MboListRow[];
  /** Written sheets (at least one goal) that have no 地域担当目標. */
  withoutAreaGoal: number;
  /** With `page`: how many rows the narrowed list has (all pages). */
  total?: number;
};

export const mboChannels = defineChannels({
  // MBO sheets are scoped in the service like self-reports: the person writes their goals, their
  // 1次 approves or sends back, HR reopens; the list shows each caller only the sheets they may open.
  'mbo:get': {
    input: z.object({ fy: FiscalYear, staffNo: StaffNo.optional() }).strict(),
    access: 'session',
    output: out<MboSheetView>(),
  },
  'mbo:save': {
    input: z
      .object({
        fy: FiscalYear,
        staffNo: StaffNo.optional(),
        version: Version,
        goals: z
          .array(GoalDraftSchema)
          .max(MAX_GOALS, MESSAGES.tooManyGoals(MAX_GOALS + 1))
          .optional(),
        updates: z.array(GoalUpdateSchema).max(MAX_GOALS).optional(),
        selfMidComment: comment('中間の自己コメント').optional(),
        firstMidComment: comment('中間の1次評価者コメント').optional(),
        selfFinalComment: comment('期末の自己コメント').optional(),
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: 'session',
    output: out<MboSheetView>(),
  },
  'mbo:submit': {
    input: z
      .object({
        fy: FiscalYear,
        version: Version,
        stage: z.enum(['goals', 'yearEnd']),
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: 'session',
    output: out<MboSheetView>(),
  },
  'mbo:approve': {
    input: z
      .object({
        fy: FiscalYear,
        staffNo: StaffNo,
        version: Version,
        comment: comment('1次評価者のコメント'),
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: 'session',
    output: out<MboSheetView>(),
  },
  'mbo:sendBack': {
    input: z
      .object({
        fy: FiscalYear,
        staffNo: StaffNo,
        version: Version,
        comment: reason('差し戻しの理由'),
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: 'session',
    output: out<MboSheetView>(),
  },
  'mbo:revise': {
    input: z
      .object({
        fy: FiscalYear,
        staffNo: StaffNo.optional(),
        version: Version,
        goalId: Id,
        goal: GoalDraftSchema,
        reason: reason('目標を修正する理由'),
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: 'session',
    output: out<MboSheetView>(),
  },
  'mbo:reopen': {
    input: z
      .object({
        fy: FiscalYear,
        staffNo: StaffNo,
        reason: reason('差し戻しの理由'),
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: ['hr'],
    output: out<MboSheetView>(),
  },
  'mbo:list': {
    input: z
      .object({
        fy: FiscalYear,
        section: z.string().trim().max(60).nullable().optional(),
        /** Only sheets in this state. */
        status: z.enum(MBO_STATUSES, { error: `状態は「${MBO_STATUSES.join('」「')}」から選んでください` }).optional(),
        /** 職員番号, 氏名 or ふりがな (spaces ignored), or 所属 containing this. */
        query: trimmed(60).optional(),
        /** Only written sheets (at least one goal) without a 地域担当目標. */
        withoutAreaGoal: z.boolean().optional(),
        /** One page of the list (docs/lists.md); without it, every row as before. */
        page: pageInput(MBO_LIST_SORTS).optional(),
      })
      .strict(),
    access: ['hr', 'personnel', 'evaluator'],
    output: out<MboList>(),
  },
});
