import { DEFAULT_DIFFICULTY_COEFFICIENTS } from './mbo';
import type { DifficultyCoefficients } from './mbo';
import { gradeGroups } from './org';
import type { GradeGroup } from './org';
import { DEFAULT_DISTRIBUTION } from './ranking';

/**
 * The appraisal's arithmetic (人事考課, docs/scores.md): the competency score, the award bonus and the
 * absolute score (絶対評価点). Pure functions with no I/O; the appraisal screens, the evaluator
 * workbook import, the ranking and the exports all call these. tests/unit/appraisal.test.ts
 * holds the table.
 *
 * Every rounding is half up and decided on integers (scores in 1/1000 of a point), never on
 * floating-point products.
 */

export type AwardKind = 'internal' | 'external';

export const AWARD_KIND_LABELS: Readonly<Record<AwardKind, string>> = {
  internal: '職場内表彰',
  external: '人材開発センター表彰',
};

export type AppraisalConfig = {
  /** Competency items (能力評価の項目) per grade group, each rated 1–5. */
  competencyItems: Readonly<Record<GradeGroup, readonly string[]>>;
  /** Performance : competency weights in percent per grade group (each pair totals 100). */
  weights: Readonly<Record<GradeGroup, { performance: number; competency: number }>>;
  /** Award bonus (表彰→人事考課). */
  award: { internal: number; external: number; yearlyCap: number; eligible: readonly GradeGroup[] };
  /** Relative ranking: shares in percent for 第1…第5区分. */
  distribution: readonly number[];
  /** Relative ranking: the unit each grade group is ranked within (population = grade group × unit). */
  rankingUnits: Readonly<Record<GradeGroup, RankingUnit>>;
  /** 難易度係数 of the MBO goals (A 高 / B 標準 / C 低), used for every 業績評価点 of the year. */
  difficultyCoefficients: DifficultyCoefficients;
};

/** 相対評価の単位: the whole office (区全体) or each section (課) on its own. */
export type RankingUnit = '区全体' | '課';
export const RANKING_UNITS: readonly RankingUnit[] = ['区全体', '課'];

/** Where a person without a section is ranked when the unit is 課. */
export const NO_SECTION = '（所属なし）';

/**
 * The key of a person's population (stored in ranking_confirmations, named on the command line):
 * the grade group alone for 区全体 (e.g. '課長代理級'), `${gradeGroup}・${section}` for 課
 * (e.g. '係員級・区民課').
 */
export function populationKeyOf(unit: RankingUnit, gradeGroup: GradeGroup, section: string | null): string {
  return unit === '区全体' ? gradeGroup : `${gradeGroup}・${section ?? NO_SECTION}`;
}

/** The grade group of a population key (the key starts with it), or null for a key of no population. */
export function gradeGroupOfPopulation(key: string): GradeGroup | null {
  return gradeGroups.find((g) => key === g || key.startsWith(`${g}・`)) ?? null;
}

/** The section part of a 課 population key ('係員級・区民課' → '区民課'), or null for a 区全体 key. */
export function sectionOfPopulation(key: string): string | null {
  const g = gradeGroupOfPopulation(key);
  return g === null || key === g ? null : key.slice(g.length + 1);
}

/** The label of a population as the screens and sheets show it: 係員級（区全体） / 係員級（区民課）. */
export function populationLabelOf(unit: RankingUnit, gradeGroup: GradeGroup, section: string | null): string {
  if (unit === '区全体') return `${gradeGroup}（区全体）`;
  return `${gradeGroup}（${section ?? NO_SECTION.slice(1, -1)}）`;
}

const staffItems = ['知識・技能', '企画・工夫', '実行力', '協調性', '責任感', '区民志向'] as const;
const managerItems = ['判断力', 'マネジメント', '人材育成', '折衝・調整', '組織運営', '区民志向'] as const;

/** The defaults (docs/scores.md). A cycle may configure its own until its first appraisal is submitted. */
export const DEFAULT_APPRAISAL_CONFIG: AppraisalConfig = {
  competencyItems: {
    係員級: staffItems,
    係長級: [...staffItems, '指導・育成'],
    課長代理級: managerItems,
    課長級: managerItems,
  },
  weights: {
    係員級: { performance: 40, competency: 60 },
    係長級: { performance: 50, competency: 50 },
    課長代理級: { performance: 60, competency: 40 },
    課長級: { performance: 60, competency: 40 },
  },
  award: { internal: 0.2, external: 0.3, yearlyCap: 0.5, eligible: ['係長級', '係員級'] },
  distribution: DEFAULT_DISTRIBUTION,
  rankingUnits: { 係員級: '区全体', 係長級: '区全体', 課長代理級: '区全体', 課長級: '区全体' },
  difficultyCoefficients: DEFAULT_DIFFICULTY_COEFFICIENTS,
};

const MILLI = 1000;
const toMilli = (points: number): number => Math.round(points * MILLI);

/**
 * 能力評価点: the mean of the item ratings (each a whole number 1–5), to one decimal, half up.
 * Null while any item is unrated or there are no items.
 */
export function competencyScore(ratings: readonly (number | null)[]): number | null {
  if (ratings.length === 0 || ratings.some((r) => r === null)) return null;
  const values = ratings as number[];
  if (values.some((r) => !Number.isInteger(r) || r < 1 || r > 5)) {
    throw new RangeError('competency ratings are whole numbers 1–5');
  }
  return competencyFromSum(
    values.reduce((a, r) => a + r, 0),
    values.length,
  );
}

/** The mean of `count` whole ratings summing to `sum`, to one decimal half up (as competencyScore). */
export function competencyFromSum(sum: number, count: number): number {
  // tenths = round_half_up(10 × sum / count), on integers: floor((20 × sum + count) / (2 × count)).
  return Math.floor((20 * sum + count) / (2 * count)) / 10;
}

export type AwardForBonus = { title: string; kind: AwardKind; decided: boolean; revoked?: boolean };

export type BonusLine = {
  title: string;
  kind: AwardKind;
  /** Points this award adds (after the cap); 0 when it adds nothing, with `note` saying why. */
  points: number;
  note: string | null;
};

export type AwardBonus = { total: number; lines: BonusLine[] };

/**
 * The award bonus of one person in one fiscal year: each decided award adds its kind's points in
 * the order given (date order), up to the yearly cap; only for the eligible grade groups (係長級 and
 * below by default). Awards not yet decided, revoked, over the cap or for an ineligible grade give a
 * line with 0 points and the reason, so the appraisal shows every award and why it counts or not.
 */
export function awardBonus(
  awards: readonly AwardForBonus[],
  gradeGroup: GradeGroup,
  config: AppraisalConfig = DEFAULT_APPRAISAL_CONFIG,
): AwardBonus {
  const eligible = config.award.eligible.includes(gradeGroup);
  const capMilli = toMilli(config.award.yearlyCap);
  let totalMilli = 0;
  const lines: BonusLine[] = awards.map((a) => {
    const base = { title: a.title, kind: a.kind };
    if (a.revoked) return { ...base, points: 0, note: '取り消されたため加点しません' };
    if (!a.decided) return { ...base, points: 0, note: '表彰委員会の決定前のため、まだ加点しません' };
    if (!eligible) return { ...base, points: 0, note: `${gradeGroup}は表彰による加点の対象外です` };
    const want = toMilli(a.kind === 'internal' ? config.award.internal : config.award.external);
    const got = Math.max(0, Math.min(want, capMilli - totalMilli));
    totalMilli += got;
    const note =
      got === want
        ? null
        : got === 0
          ? `年間の上限（+${config.award.yearlyCap}）に達しているため加点しません`
          : `年間の上限（+${config.award.yearlyCap}）までの加点です`;
    return { ...base, points: got / MILLI, note };
  });
  return { total: totalMilli / MILLI, lines };
}

export type AbsoluteScoreInput = {
  /** 業績評価点 from the MBO sheet (2次 levels), 1.0–5.0, or null while not rated. */
  performance: number | null;
  /** 能力評価点 (2次 ratings), 1.0–5.0, or null while not rated. */
  competency: number | null;
  bonus: number;
  /** The 調整者's adjustment (may be negative), or 0. */
  adjustment: number;
};

export type AbsoluteScore = {
  /** The weighted performance and competency scores, two decimals. Null while either is missing. */
  base: number | null;
  /** base + bonus + adjustment, two decimals. Null while base is. */
  score: number | null;
  /**
   * The lines of the sum. The two weighted lines carry the score (`value`, as scored) and `weighted`,
   * the score × its weight exactly (to 1/1000: a one-decimal score × a whole percent), or null while
   * the score is missing.
   */
  lines: { label: string; value: number | null; weighted?: number | null }[];
};

/**
 * 絶対評価点 = (業績評価点 × performance weight + 能力評価点 × competency weight) / 100, to two
 * decimals half up, plus the award bonus and the 調整者's adjustment (each shown as its own line).
 */
export function absoluteScore(
  input: AbsoluteScoreInput,
  gradeGroup: GradeGroup,
  config: AppraisalConfig = DEFAULT_APPRAISAL_CONFIG,
): AbsoluteScore {
  const w = config.weights[gradeGroup];
  const lines: AbsoluteScore['lines'] = [
    {
      label: `業績評価点 × ${w.performance}%`,
      value: input.performance,
      weighted: weightedPart(input.performance, w.performance),
    },
    {
      label: `能力評価点 × ${w.competency}%`,
      value: input.competency,
      weighted: weightedPart(input.competency, w.competency),
    },
  ];
  const v = absoluteValue(input, gradeGroup, config);
  if (v === null) return { base: null, score: null, lines };
  lines.push({ label: '加重平均', value: v.base });
  if (input.bonus !== 0) lines.push({ label: '表彰による加点', value: input.bonus });
  if (input.adjustment !== 0) lines.push({ label: '調整者による調整', value: input.adjustment });
  return { base: v.base, score: v.score, lines };
}

/**
 * A weighted line's figure as screens and printed forms write it: two decimals, or three where the
 * third is not 0 (3.7 × 45% = 1.665), never rounded away (docs/scores.md).
 */
export function formatWeighted(n: number): string {
  return Math.round(n * 1000) % 10 === 0 ? n.toFixed(2) : n.toFixed(3);
}

/** A score × a whole-percent weight, exact to 1/1000 (3.7 × 45% = 1.665), or null without a score. */
function weightedPart(score: number | null, percent: number): number | null {
  return score === null ? null : (toMilli(score) * percent) / 100 / MILLI;
}

/** The arithmetic of absoluteScore without its lines (the ranking of a city computes 35,000 of these). */
export function absoluteValue(
  input: AbsoluteScoreInput,
  gradeGroup: GradeGroup,
  config: AppraisalConfig = DEFAULT_APPRAISAL_CONFIG,
): { base: number; score: number } | null {
  if (input.performance === null || input.competency === null) return null;
  const w = config.weights[gradeGroup];
  // Scores in 1/1000, weights in whole percent: the sum is in 1/100,000 of a point; one rounding to 1/100.
  const weighted = toMilli(input.performance) * w.performance + toMilli(input.competency) * w.competency;
  const base = Math.floor((weighted + 500) / 1000) / 100;
  const score = (toMilli(base) + toMilli(input.bonus) + toMilli(input.adjustment)) / MILLI;
  return { base, score };
}

/**
 * How a post is named on the appraisal screens (docs/scores.md): the section's or line's head as
 * one word where the position heads it (総務課 + 課長 → 総務課長, 庶務係 + 係長 → 庶務係長), else the
 * section and the position (区民課 課長代理 → 区民課長代理), and the office-wide posts alone (副区長).
 */
export function postTitle(p: { section: string | null; line: string | null; position: string }): string {
  if (p.position === '区長' || p.position === '副区長') return p.position;
  if (p.position.startsWith('課長') && p.section?.endsWith('課')) return `${p.section}${p.position.slice(1)}`;
  if (p.position.startsWith('係長') && p.line?.endsWith('係')) return `${p.line}${p.position.slice(1)}`;
  return [p.section, p.position].filter((x) => x).join(' ');
}
