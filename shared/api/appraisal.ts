import { z } from 'zod';
import type { Withheld } from '../access';
import type { AbsoluteScore, AwardBonus } from '../appraisal';
import { AppraisalConfigSchema } from '../appraisal-config';
import type { AppraisalConfigView } from '../appraisal-config';
import { ConfirmClosedYear } from '../closed-year';
import { LEVELS, REASON_MAX_CHARS } from '../mbo';
import type { DifficultyCoefficients, GoalCategory, GoalType, Level, LevelProposal, ScoreResult } from '../mbo';
import type { GradeGroup } from '../org';
import type { ClassFigure, RankClass, RankTie, RankingEmptyReason } from '../ranking';
import type { RelationOrCross } from '../relation';
import { FiscalYear, Id, pageInput, reason, StaffNoSchema as StaffNo, text, Version } from './common';
import { defineChannels, out } from './define';

/*
 * The appraisal (人事考課, docs/scores.md), its ranking (docs/ranking.md) and the cycle's appraisal
 * configuration: channel definitions (docs/channels.md) and the views the core returns.
 */

export const APPRAISAL_STATUSES = ['未着手', '自己評価済', '1次評価済', '2次評価済', '調整済', '確定'] as const;
export type AppraisalStatus = (typeof APPRAISAL_STATUSES)[number];

/** Who writes in which status: the stage whose fields are open, and who submits it. */
export const STAGE_OF_STATUS: Readonly<Record<AppraisalStatus, AppraisalStage | null>> = {
  未着手: 'self',
  自己評価済: 'first',
  '1次評価済': 'second',
  '2次評価済': 'adjuster',
  調整済: null,
  確定: null,
};
export type AppraisalStage = 'self' | 'first' | 'second' | 'adjuster';

export const STAGE_LABELS: Readonly<Record<AppraisalStage, string>> = {
  self: '本人',
  first: '1次評価者',
  second: '2次評価者',
  adjuster: '調整者',
};

/** The reason for taking someone out of the relative ranking (例: 休職中のため). */
export const EXCLUSION_REASON_MAX_CHARS = 200;

const rating = z
  .number({ error: '評価は1〜5の整数で選んでください' })
  .int('評価は1〜5の整数で選んでください')
  .min(1, '評価は1〜5の整数で選んでください')
  .max(5, '評価は1〜5の整数で選んでください')
  .nullable();
const level = z.enum(LEVELS, { error: `評語は ${LEVELS.join('・')} から選んでください` }).nullable();

export type AppraisalRelation = RelationOrCross;

export type AppraisalPerson = {
  staffNo: string;
  name: string;
  section: string | null;
  line: string | null;
  position: string;
  gradeGroup: GradeGroup;
};

export type CrossRatingView = {
  evaluator: { staffNo: string; name: string } | null;
  /** 地域担当のリーダー, or the role HR gave when naming the evaluator (プロジェクトチームリーダー …). */
  role: string;
  level: Level | null;
  comment: string;
  ratedAt: string | null;
};

export type AppraisalGoalView = {
  id: number;
  category: GoalCategory | null;
  title: string;
  standard: string;
  weight: number | null;
  difficulty: string | null;
  type: GoalType | null;
  incidents: number | null;
  proposal: LevelProposal | null;
  cross: CrossRatingView | null;
  self: { level: Level | null; comment: string; reason: string };
  first: { level: Level | null; comment: string; reason: string };
  second: { level: Level | null; comment: string; reason: string };
  /** The level the 1次 starts from: the cross-section rating, else the zero-incident proposal. */
  firstDefault: { level: Level; source: 'cross' | 'proposal' } | null;
};

export type RatingRow = { item: string; self: number | null; first: number | null; second: number | null };

export type AppraisalCan = {
  /** The stage whose fields the caller may write now, if any. */
  stage: AppraisalStage | null;
  submit: boolean;
  /**
   * HR submits a 1次 or 2次 stage for its evaluator, once the evaluator's workbook has been
   * imported (an evaluator who works offline cannot reach the office's Kaname): the stage, or null.
   */
  submitOnBehalf: 'first' | 'second' | null;
  sendBack: boolean;
  unlock: boolean;
  crossGoalIds: number[];
  nameCross: boolean;
};

export type AppraisalView = {
  fy: number;
  person: AppraisalPerson;
  status: AppraisalStatus;
  version: number;
  relation: AppraisalRelation;
  can: AppraisalCan;
  mboStatus: string;
  /** For a cross-section evaluator only their goals are present, and no ratings or comments. */
  goals: AppraisalGoalView[];
  ratings: RatingRow[];
  comments: { self: string; first: string; second: string; adjuster: string };
  adjustment: number;
  adjustmentReason: string;
  sentBack: { reason: string; at: string; by: string } | null;
  unlockReason: string | null;
  rankClass: RankClass | null;
  /** The cycle's 難易度係数, which the performance scores below use (the goals' labels show them). */
  difficultyCoefficients: DifficultyCoefficients;
  scores: {
    performance: { self: ScoreResult; first: ScoreResult; second: ScoreResult };
    competency: { self: number | null; first: number | null; second: number | null };
    bonus: AwardBonus;
    absolute: AbsoluteScore;
  };
  evaluators: { first: string | null; second: string | null; adjuster: string | null };
  /** The evaluators' posts as the screens name them (総務課長, 副区長), beside `evaluators`' names. */
  evaluatorPosts?: { first: string | null; second: string | null; adjuster: string | null };
  /**
   * True in the person's own view before 確定: the evaluators' levels, ratings and the scores built on
   * them are withheld (disclosed at 確定), so a null 1次/2次 score means "not shown yet", not "no goals".
   */
  scoresWithheld?: boolean;
  /** What still stops the caller's stage from being submitted. */
  problems: { field: string | null; message: string }[];
};

/** An evaluator of the year with the forms waiting for them (appraisal:evaluators, docs/workbooks.md). */
export type WaitingEvaluator = {
  staffNo: string;
  name: string;
  section: string | null;
  /** The post as the screens name it (総務課長, 副区長; shared/appraisal.ts postTitle). */
  title: string;
  /** Forms waiting for them now: one per person, as their workbook would hold them. */
  waiting: number;
  first: number;
  second: number;
  cross: number;
};

/** Every 1次 and 2次 in force and every cross-section evaluator, those with forms waiting first. */
export type WaitingEvaluators = {
  fy: number;
  evaluators: WaitingEvaluator[];
  waitingForms: number;
  /**
   * With `limit`: how many evaluators match `query` (`evaluators` holds the first `limit` of them)
   * and how many of the year's evaluators have forms waiting, whatever the query.
   */
  matching?: number;
  withForms?: number;
};

export type AppraisalListRow = {
  person: AppraisalPerson;
  status: AppraisalStatus;
  relation: AppraisalRelation;
  /** The stage waiting for this caller, if any (their turn). */
  myTurn: boolean;
  score: number | null;
  rankClass: RankClass | null;
  crossGoals: number;
};

/** The fields the 考課一覧 pages sort by (docs/lists.md). */
export const APPRAISAL_LIST_SORTS = [
  'staffNo',
  'name',
  'section',
  'gradeGroup',
  'status',
  'relation',
  'myTurn',
  'score',
  'rankClass',
] as const;
export type AppraisalListSort = (typeof APPRAISAL_LIST_SORTS)[number];

/**
 * The caller's appraisals. Asked for a `page` (docs/lists.md), `rows` is that page of the filtered
 * list and the fields below are given; without one, every row and none of them.
 */
export type AppraisalList = {
  fy: number;
  rows: AppraisalListRow[];
  /** The filtered list's length. */
  total?: number;
  /** Everyone in the caller's list, before the filters (「全N人」). */
  all?: number;
  /** How many of the caller's list wait for the caller (「あなたの番だけ（N件）」), before the filters. */
  turns?: number;
  /** The sections of the caller's list, in organisation order (the 所属 filter's choices). */
  sections?: string[];
};

/** The fields the ranked rows page sorts by (docs/ranking.md); `position` is the rank. */
export const RANKING_ROW_SORTS = ['position', 'staffNo', 'name', 'section', 'score', 'rankClass'] as const;
export type RankingRowSort = (typeof RANKING_ROW_SORTS)[number];
const rowsPage = pageInput(RANKING_ROW_SORTS).optional();
/**
 * With `rowsPage`: how many members of each boundary tie to send in `tieRows` (a city's tie holds
 * hundreds; the tie card draws a few and asks for more). Without it, every tie member's row.
 */
const tieShown = z.number().int().min(1).max(100_000).optional();

/**
 * 人事考課状況一覧. For anyone but HR a figure computed from fewer than 3 people is withheld (docs/access.md):
 * its `average` (or `distribution`) is null and `suppressed` says why; counts of people are always given.
 */
export type StatusTable = {
  fy: number;
  groups: {
    gradeGroup: GradeGroup;
    total: number;
    scored: number;
    average: number | null;
    /** Why `average` is withheld (null: shown, or nobody scored). */
    suppressed: Withheld | null;
    /** The 確定 classes; null when withheld (1–2 people confirmed). */
    distribution: Record<RankClass, number> | null;
    sections: {
      section: string;
      total: number;
      scored: number;
      average: number | null;
      /** Why `average` is withheld (null: shown, or nobody scored). */
      suppressed: Withheld | null;
      counts: Record<string, number>;
    }[];
  }[];
};

export type RankingRow = {
  staffNo: string;
  name: string;
  section: string | null;
  status: AppraisalStatus;
  score: number;
  position: number;
  rankClass: RankClass | null;
  decided: boolean;
  tie: boolean;
};

export type RankingExclusion = { staffNo: string; name: string; status: AppraisalStatus; reason: string };

export type RankingView = {
  fy: number;
  populations: {
    key: string;
    label: string;
    size: number;
    confirmed: boolean;
    /** Members whose appraisal is 調整済 or 確定, not taken out of the ranking (docs/ranking.md). */
    adjusted?: number;
    /** Members HR took out of the year's ranking. */
    excluded?: number;
  }[];
  population: string | null;
  /**
   * Asked without `population`: the population the 調整者's screen opens on — the first that needs the
   * caller (ties to decide, or ready to confirm), else the first with anyone ranked (docs/ranking.md).
   */
  suggested?: string;
  result: {
    size: number;
    /** Set when nobody is ranked: why the population is empty. */
    emptyReason?: RankingEmptyReason;
    figures: ClassFigure[];
    ties: RankTie[];
    undecided: number;
    notes: string[];
    /** The ranked members in rank order; with `rowsPage`, only that page of them. */
    rows: RankingRow[];
    /** With `rowsPage`: how many are ranked (all pages). */
    rowsTotal?: number;
    /**
     * With `rowsPage`: the ranked rows of the boundary ties' members (the tie cards name them); with
     * `tieShown` as well, only the first `tieShown` members of each tie (in `ties[].ids` order).
     */
    tieRows?: RankingRow[];
    /** Who is not 調整済 yet; with `rowsPage`, the first `namesShown` of them. */
    waiting: { staffNo: string; name: string; status: AppraisalStatus }[];
    /** With `rowsPage`: how many are waiting (all of them). */
    waitingTotal?: number;
    /** Members HR took out of this year's ranking (相対評価の対象外), with the reason; with `rowsPage`, the first `namesShown`. */
    excluded: RankingExclusion[];
    /** With `rowsPage`: how many are excluded (all of them). */
    excludedTotal?: number;
    canDecide: boolean;
    /** HR, while the population is not confirmed: may take a member out of the ranking or put them back. */
    canExclude: boolean;
    canConfirm: boolean;
    confirmed: { at: string; by: string } | null;
  } | null;
};

// Appraisals are scoped in the service: each stage's fields only for its assigned evaluator in the
// open stage, cross-section evaluators only their goals; ranking decisions for the population's 調整者 and HR.
export const appraisalChannels = defineChannels({
  'appraisal:get': {
    input: z.object({ fy: FiscalYear, staffNo: StaffNo.optional() }).strict(),
    access: 'session',
    output: out<AppraisalView>(),
  },
  /** Autosave of the caller's own stage: ratings by item, levels by goal id, comment; the adjuster's adjustment. */
  'appraisal:save': {
    input: z
      .object({
        fy: FiscalYear,
        staffNo: StaffNo.optional(),
        version: Version,
        ratings: z.record(z.string().max(40), rating).optional(),
        goals: z
          .array(
            z
              .object({
                goalId: Id,
                level,
                comment: text('コメント', 1000).optional(),
                reason: text('理由', REASON_MAX_CHARS).optional(),
              })
              .strict(),
          )
          .max(5)
          .optional(),
        comment: text('所見', 2000).optional(),
        adjustment: z
          .number({ error: '調整は -0.50〜+0.50 の範囲で入力してください' })
          .min(-0.5, '調整は -0.50〜+0.50 の範囲で入力してください')
          .max(0.5, '調整は -0.50〜+0.50 の範囲で入力してください')
          .optional(),
        adjustmentReason: text('調整の理由', REASON_MAX_CHARS).optional(),
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: 'session',
    output: out<AppraisalView>(),
  },
  'appraisal:submit': {
    input: z
      .object({ fy: FiscalYear, staffNo: StaffNo.optional(), version: Version, confirmClosedYear: ConfirmClosedYear })
      .strict(),
    access: 'session',
    output: out<AppraisalView>(),
  },
  'appraisal:sendBack': {
    input: z
      .object({
        fy: FiscalYear,
        staffNo: StaffNo,
        version: Version,
        reason: reason('差し戻しの理由'),
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: 'session',
    output: out<AppraisalView>(),
  },
  'appraisal:unlock': {
    input: z
      .object({
        fy: FiscalYear,
        staffNo: StaffNo,
        reason: reason('確定を解除する理由'),
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: ['hr'],
    output: out<AppraisalView>(),
  },
  'appraisal:cross': {
    input: z
      .object({
        fy: FiscalYear,
        goalId: Id,
        level,
        comment: text('コメント', 1000),
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: 'session',
    output: out<AppraisalView>(),
  },
  'appraisal:nameCross': {
    input: z
      .object({
        fy: FiscalYear,
        goalId: Id,
        evaluatorNo: StaffNo.nullable(),
        role: text('役割', 60),
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: ['hr'],
    output: out<AppraisalView>(),
  },
  'appraisal:list': {
    input: z
      .object({
        fy: FiscalYear,
        /** One page of the filtered list (docs/lists.md); without it, every row as before. */
        page: pageInput(APPRAISAL_LIST_SORTS).optional(),
        section: z.string().max(120).optional(),
        status: z.enum(APPRAISAL_STATUSES).optional(),
        /** Only the appraisals waiting for the caller. */
        mine: z.boolean().optional(),
        /** 職員番号, 氏名 (spaces ignored) or 所属 containing this. */
        query: z.string().max(100).optional(),
      })
      .strict(),
    access: ['hr', 'personnel', 'evaluator'],
    output: out<AppraisalList>(),
  },
  /** HR: who has forms waiting in the year, with the count (the evaluator workbook's picker). */
  /*
   * Without `limit`, every evaluator of the year (as it always answered). With it, the first `limit`
   * evaluators whose 職員番号, 氏名, post or 所属 contain `query` (spaces ignored, カナ as かな), in the same order:
   * a city has thousands (docs/scores.md, the evaluator-workbook picker).
   */
  'appraisal:evaluators': {
    input: z
      .object({
        fy: FiscalYear,
        query: z.string().max(100).optional(),
        limit: z.number().int().min(1).max(200).optional(),
      })
      .strict(),
    access: ['hr'],
    output: out<WaitingEvaluators>(),
  },
  'appraisal:status': {
    input: z.object({ fy: FiscalYear }).strict(),
    access: ['hr', 'personnel', 'evaluator'],
    output: out<StatusTable>(),
  },
  'appraisal:ranking': {
    input: z
      .object({
        fy: FiscalYear,
        population: z.string().max(120).optional(),
        rowsPage,
        /** With `rowsPage`: how many names of the waiting and excluded lists to send (default 100). */
        namesShown: z.number().int().min(1).max(100_000).optional(),
        tieShown,
      })
      .strict(),
    access: ['hr', 'personnel', 'evaluator'],
    output: out<RankingView>(),
  },
  'appraisal:decideTie': {
    input: z
      .object({
        fy: FiscalYear,
        population: z.string().max(120),
        staffNo: StaffNo,
        rankClass: z.number().int().min(1).max(5).nullable(),
        confirmClosedYear: ConfirmClosedYear,
        /** The page of ranked rows the answer carries, as in appraisal:ranking. */
        rowsPage,
        tieShown,
      })
      .strict(),
    access: ['hr', 'evaluator'],
    output: out<RankingView>(),
  },
  'appraisal:confirmRanking': {
    input: z
      .object({
        fy: FiscalYear,
        population: z.string().max(120),
        confirmClosedYear: ConfirmClosedYear,
        rowsPage,
        tieShown,
      })
      .strict(),
    access: ['hr', 'evaluator'],
    output: out<RankingView>(),
  },
  // Taking someone out of the year's ranking (休職・育児休業, late joiners) is HR's decision.
  // A reason takes the person out of the year's ranking; null puts them back.
  'appraisal:exclude': {
    input: z
      .object({
        fy: FiscalYear,
        staffNo: StaffNo,
        reason: z
          .string()
          .trim()
          .min(1, '対象外にする理由を入力してください')
          .max(EXCLUSION_REASON_MAX_CHARS, `対象外にする理由は${EXCLUSION_REASON_MAX_CHARS}文字以内で入力してください`)
          .nullable(),
        confirmClosedYear: ConfirmClosedYear,
        rowsPage,
        tieShown,
      })
      .strict(),
    access: ['hr'],
    output: out<RankingView>(),
  },
  // The configuration is read by every screen that shows it (the award screen shows the rule); HR changes it.
  /** The cycle's appraisal configuration (設定 → 人事考課の設定): read by anyone, changed by HR until the year starts. */
  'appraisal:config': {
    input: z.object({ fy: FiscalYear }).strict(),
    access: 'session',
    output: out<AppraisalConfigView>(),
  },
  'appraisal:saveConfig': {
    input: z.object({ fy: FiscalYear, config: AppraisalConfigSchema, confirmClosedYear: ConfirmClosedYear }).strict(),
    access: ['hr'],
    output: out<AppraisalConfigView>(),
  },
  'appraisal:resetConfig': {
    input: z.object({ fy: FiscalYear, confirmClosedYear: ConfirmClosedYear }).strict(),
    access: ['hr'],
    output: out<AppraisalConfigView>(),
  },
});
