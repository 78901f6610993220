import { z } from 'zod';
import { ConfirmClosedYear } from './closed-year';
import type { Withheld } from './access';
import type { AbsoluteScore, AwardBonus, AwardKind } from './appraisal';
import { LEVELS, REASON_MAX_CHARS } from './mbo';
import type { DifficultyCoefficients, GoalCategory, GoalType, Level, LevelProposal, ScoreResult } from './mbo';
import type { GradeGroup } from './org';
import type { ClassFigure, RankClass, RankTie } from './ranking';

/*
 * The appraisal's API shapes (人事考課, docs/scores.md): input schemas for shared/contract.ts and the
 * views the main process returns.
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

export const AWARD_CATEGORIES = [
  '地域担当制の活用',
  '能力開発・向上',
  '主体性を高める仕組みづくり',
  '風通しのよい職場づくり',
  '人材開発センター表彰',
] as const;
export type AwardCategory = (typeof AWARD_CATEGORIES)[number];

export const AWARD_STATUSES = ['推薦中', '決定', '取消'] as const;
export type AwardStatus = (typeof AWARD_STATUSES)[number];

/** The external category is the 人材開発センター's; the four others are 職場内表彰. */
export function awardKindOf(category: AwardCategory): AwardKind {
  return category === '人材開発センター表彰' ? 'external' : 'internal';
}

const FiscalYear = z.number().int().min(1989).max(2200);
const StaffNo = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{1,20}$/u, '職員番号の形式が正しくありません');
const Id = z.number().int().positive();
const Version = z
  .number({ error: '版番号が正しくありません' })
  .int('版番号が正しくありません')
  .min(0, '版番号が正しくありません');
const text = (label: string, max: number) => z.string().max(max, `${label}は${max}文字以内で入力してください`);
/** The reason for taking someone out of the relative ranking (例: 休職中のため). */
export const EXCLUSION_REASON_MAX_CHARS = 200;

const reason = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label}を入力してください`)
    .max(REASON_MAX_CHARS, `${label}は${REASON_MAX_CHARS}文字以内で入力してください`);
const rating = z
  .number({ error: '評価は1〜5の整数で選んでください' })
  .int('評価は1〜5の整数で選んでください')
  .min(1, '評価は1〜5の整数で選んでください')
  .max(5, '評価は1〜5の整数で選んでください')
  .nullable();
const level = z.enum(LEVELS, { error: `評語は ${LEVELS.join('・')} から選んでください` }).nullable();
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, '日付は YYYY-MM-DD の形で指定してください');

export const appraisalSchemas = {
  'appraisal:get': z.object({ fy: FiscalYear, staffNo: StaffNo.optional() }).strict(),
  /** Autosave of the caller's own stage: ratings by item, levels by goal id, comment; the adjuster's adjustment. */
  'appraisal:save': z
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
  'appraisal:submit': z
    .object({ fy: FiscalYear, staffNo: StaffNo.optional(), version: Version, confirmClosedYear: ConfirmClosedYear })
    .strict(),
  'appraisal:sendBack': z
    .object({
      fy: FiscalYear,
      staffNo: StaffNo,
      version: Version,
      reason: reason('差し戻しの理由'),
      confirmClosedYear: ConfirmClosedYear,
    })
    .strict(),
  'appraisal:unlock': z
    .object({
      fy: FiscalYear,
      staffNo: StaffNo,
      reason: reason('確定を解除する理由'),
      confirmClosedYear: ConfirmClosedYear,
    })
    .strict(),
  'appraisal:cross': z
    .object({
      fy: FiscalYear,
      goalId: Id,
      level,
      comment: text('コメント', 1000),
      confirmClosedYear: ConfirmClosedYear,
    })
    .strict(),
  'appraisal:nameCross': z
    .object({
      fy: FiscalYear,
      goalId: Id,
      evaluatorNo: StaffNo.nullable(),
      role: text('役割', 60),
      confirmClosedYear: ConfirmClosedYear,
    })
    .strict(),
  'appraisal:list': z.object({ fy: FiscalYear }).strict(),
  'appraisal:status': z.object({ fy: FiscalYear }).strict(),
  'appraisal:ranking': z.object({ fy: FiscalYear, population: z.string().max(120).optional() }).strict(),
  'appraisal:decideTie': z
    .object({
      fy: FiscalYear,
      population: z.string().max(120),
      staffNo: StaffNo,
      rankClass: z.number().int().min(1).max(5).nullable(),
      confirmClosedYear: ConfirmClosedYear,
    })
    .strict(),
  'appraisal:confirmRanking': z
    .object({ fy: FiscalYear, population: z.string().max(120), confirmClosedYear: ConfirmClosedYear })
    .strict(),
  // A reason takes the person out of the year's ranking; null puts them back.
  'appraisal:exclude': z
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
    })
    .strict(),
  'awards:list': z.object({ fy: FiscalYear }).strict(),
  'awards:save': z
    .object({
      fy: FiscalYear,
      id: Id.nullable(),
      title: z.string().trim().min(1, '表彰名を入力してください').max(100, '表彰名は100文字以内で入力してください'),
      category: z.enum(AWARD_CATEGORIES, { error: '区分を一覧から選んでください' }),
      awardedOn: IsoDate,
      groupName: text('グループ名', 100),
      nominator: text('推薦者', 60),
      recipients: z.array(StaffNo).min(1, '受賞者を1人以上選んでください').max(500),
      confirmClosedYear: ConfirmClosedYear,
    })
    .strict(),
  'awards:decide': z
    .object({ fy: FiscalYear, id: Id, decidedOn: IsoDate, confirmClosedYear: ConfirmClosedYear })
    .strict(),
  'awards:revoke': z
    .object({ fy: FiscalYear, id: Id, reason: reason('取消の理由'), confirmClosedYear: ConfirmClosedYear })
    .strict(),
} as const;

// ---------- views ----------

export type AppraisalRelation = 'self' | 'first' | 'second' | 'adjuster' | 'hr' | 'personnel' | 'cross';

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
  /** What still stops the caller's stage from being submitted. */
  problems: { field: string | null; message: string }[];
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

export type AppraisalList = { fy: number; rows: AppraisalListRow[] };

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
  populations: { key: string; label: string; size: number; confirmed: boolean }[];
  population: string | null;
  result: {
    size: number;
    figures: ClassFigure[];
    ties: RankTie[];
    undecided: number;
    notes: string[];
    rows: RankingRow[];
    waiting: { staffNo: string; name: string; status: AppraisalStatus }[];
    /** Members HR took out of this year's ranking (相対評価の対象外), with the reason. */
    excluded: RankingExclusion[];
    canDecide: boolean;
    /** HR, while the population is not confirmed: may take a member out of the ranking or put them back. */
    canExclude: boolean;
    canConfirm: boolean;
    confirmed: { at: string; by: string } | null;
  } | null;
};

export type AwardRow = {
  id: number;
  fy: number;
  title: string;
  category: AwardCategory;
  kind: AwardKind;
  awardedOn: string;
  groupName: string;
  nominator: string;
  status: AwardStatus;
  decidedOn: string | null;
  revokeReason: string | null;
  recipients: { staffNo: string; name: string; section: string | null }[];
};
