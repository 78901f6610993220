import { z } from 'zod';
import { AWARD_KIND_LABELS, DEFAULT_APPRAISAL_CONFIG, RANKING_UNITS } from './appraisal';
import type { AppraisalConfig, RankingUnit } from './appraisal';
import { DIFFICULTIES, DIFFICULTY_LABELS, coefficientText } from './mbo';
import type { Difficulty, DifficultyCoefficients } from './mbo';
import { gradeGroups } from './org';
import type { GradeGroup } from './org';
import { RANK_CLASS_LABELS, RANK_CLASSES } from './ranking';

/*
 * The cycle's appraisal configuration as HR edits it in 設定 → 人事考課の設定 (docs/scores.md): the rules
 * every value must keep, as a pure validator whose messages name the field in Japanese. The
 * renderer runs it while HR types (every problem at its field); the main process runs it again
 * through the zod schema below (the first problem is the answer). tests/unit/appraisal-config.test.ts
 * holds the table.
 */

export const CONFIG_LIMITS = {
  minItems: 1,
  maxItems: 10,
  itemMaxChars: 20,
  maxAwardPoints: 1,
  awardStep: 0.05,
  maxYearlyCap: 5,
  // 難易度係数: the score sums coefficients × 1000 as integers, so a 0.05 step keeps them exact.
  minCoefficient: 0.1,
  maxCoefficient: 3,
  coefficientStep: 0.05,
} as const;

/** 'A' → 'A（高）', as the configuration's fields and messages name a difficulty. */
export const difficultyFieldLabel = (d: Difficulty): string => `${d}（${DIFFICULTY_LABELS[d]}）`;

/** One problem of a configuration: `field` is a dotted path inside the config, e.g. 'weights.係員級'. */
export type ConfigProblem = { field: string; message: string };

/** What 'appraisal:config' answers. */
export type AppraisalConfigView = {
  fy: number;
  config: AppraisalConfig;
  /** True while the cycle keeps the defaults (nothing stored). */
  isDefault: boolean;
  /** True once any appraisal of the year has left 未着手; the configuration can then no longer change. */
  locked: boolean;
  lockedReason: string | null;
};

/** Characters as a person counts them (code points, not UTF-16 units). */
function charCount(s: string): number {
  return [...s].length;
}

const isStep = (v: number, step: number): boolean => Math.abs(v / step - Math.round(v / step)) < 1e-9;

/** Sums shares without floating-point noise (to 1/1,000,000). */
function total(values: readonly number[]): number {
  return Math.round(values.reduce((a, v) => a + v, 0) * 1e6) / 1e6;
}

const isRankingUnit = (v: unknown): v is RankingUnit => (RANKING_UNITS as readonly unknown[]).includes(v);

/**
 * The ranking unit of every grade group, the default (区全体) where none is given: a configuration
 * stored before the unit existed has none.
 */
export function rankingUnitsOf(raw: Partial<Record<GradeGroup, unknown>> | undefined): Record<GradeGroup, RankingUnit> {
  const units = {} as Record<GradeGroup, RankingUnit>;
  for (const g of gradeGroups) {
    const v = raw?.[g];
    units[g] = isRankingUnit(v) ? v : DEFAULT_APPRAISAL_CONFIG.rankingUnits[g];
  }
  return units;
}

const isCoefficient = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The difficulty coefficients, the defaults (A 1.2 / B 1.0 / C 0.8) where none is given: a
 * configuration stored before the coefficients were configurable has none.
 */
export function difficultyCoefficientsOf(
  raw: Partial<Record<Difficulty, unknown>> | undefined,
): DifficultyCoefficients {
  const out = {} as Record<Difficulty, number>;
  for (const d of DIFFICULTIES) {
    const v = raw?.[d];
    out[d] = isCoefficient(v) ? v : DEFAULT_APPRAISAL_CONFIG.difficultyCoefficients[d];
  }
  return out;
}

/**
 * The item names with surrounding blanks removed, every ranking unit and every difficulty
 * coefficient present (what is stored).
 */
export function normalizeAppraisalConfig(config: AppraisalConfig): AppraisalConfig {
  const items = {} as Record<GradeGroup, readonly string[]>;
  for (const g of gradeGroups) items[g] = (config.competencyItems[g] ?? []).map((s) => s.trim());
  return {
    ...config,
    competencyItems: items,
    rankingUnits: rankingUnitsOf(config.rankingUnits),
    difficultyCoefficients: difficultyCoefficientsOf(config.difficultyCoefficients),
  };
}

/**
 * A configuration as stored in cycles.appraisal_config (JSON), over the defaults: a configuration
 * written before a field existed (rankingUnits, difficultyCoefficients) reads with that field's default.
 */
export function storedAppraisalConfig(json: string): AppraisalConfig {
  const stored = JSON.parse(json) as Partial<AppraisalConfig>;
  return {
    ...DEFAULT_APPRAISAL_CONFIG,
    ...stored,
    rankingUnits: rankingUnitsOf(stored.rankingUnits),
    difficultyCoefficients: difficultyCoefficientsOf(stored.difficultyCoefficients),
  };
}

function itemProblems(group: GradeGroup, raw: readonly string[] | undefined): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const items = (raw ?? []).map((s) => s.trim());
  const field = `competencyItems.${group}`;
  if (items.length < CONFIG_LIMITS.minItems || items.length > CONFIG_LIMITS.maxItems) {
    out.push({
      field,
      message: `${group}の能力評価の項目は${CONFIG_LIMITS.minItems}〜${CONFIG_LIMITS.maxItems}個にしてください（現在 ${items.length}個）`,
    });
  }
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const at = `${field}.${i}`;
    if (item === '') {
      out.push({ field: at, message: `${group}の能力評価の項目${i + 1}を入力してください` });
    } else if (charCount(item) > CONFIG_LIMITS.itemMaxChars) {
      out.push({
        field: at,
        message: `${group}の能力評価の項目${i + 1}は${CONFIG_LIMITS.itemMaxChars}文字以内にしてください（現在 ${charCount(item)}文字）`,
      });
    } else if (seen.has(item)) {
      out.push({ field: at, message: `${group}の能力評価の項目「${item}」が重複しています` });
    }
    seen.add(item);
  });
  return out;
}

function weightProblems(
  group: GradeGroup,
  w: { performance: number; competency: number } | undefined,
): ConfigProblem[] {
  const field = `weights.${group}`;
  const bad = (v: unknown): boolean => typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100;
  if (!w) return [{ field, message: `${group}の配分（業績＋能力）を入力してください` }];
  const out: ConfigProblem[] = [];
  if (bad(w.performance)) {
    out.push({
      field: `${field}.performance`,
      message: `${group}の業績評価の配分は0〜100の整数（%）で入力してください`,
    });
  }
  if (bad(w.competency)) {
    out.push({
      field: `${field}.competency`,
      message: `${group}の能力評価の配分は0〜100の整数（%）で入力してください`,
    });
  }
  if (out.length === 0 && w.performance + w.competency !== 100) {
    out.push({
      field,
      message: `${group}の配分（業績＋能力）の合計が100になっていません（現在 ${w.performance + w.competency}）`,
    });
  }
  return out;
}

function awardProblems(award: AppraisalConfig['award'] | undefined): ConfigProblem[] {
  if (!award) return [{ field: 'award', message: '表彰による加点を入力してください' }];
  const out: ConfigProblem[] = [];
  for (const kind of ['internal', 'external'] as const) {
    const v = award[kind];
    if (
      typeof v !== 'number' ||
      !Number.isFinite(v) ||
      v < 0 ||
      v > CONFIG_LIMITS.maxAwardPoints ||
      !isStep(v, CONFIG_LIMITS.awardStep)
    ) {
      out.push({
        field: `award.${kind}`,
        message: `${AWARD_KIND_LABELS[kind]}の加点は0〜1.0の範囲で0.05刻みで入力してください`,
      });
    }
  }
  const cap = award.yearlyCap;
  if (
    typeof cap !== 'number' ||
    !Number.isFinite(cap) ||
    cap < 0 ||
    cap > CONFIG_LIMITS.maxYearlyCap ||
    !isStep(cap, CONFIG_LIMITS.awardStep)
  ) {
    out.push({
      field: 'award.yearlyCap',
      message: '表彰による加点の年間上限は0以上（5.0まで）で0.05刻みで入力してください',
    });
  }
  const eligible: readonly string[] = award.eligible ?? [];
  const unknown = eligible.filter((g) => !(gradeGroups as readonly string[]).includes(g));
  if (unknown.length > 0) {
    out.push({
      field: 'award.eligible',
      message: `表彰による加点の対象に存在しない職層があります（${unknown.join('、')}）`,
    });
  } else if (new Set(eligible).size !== eligible.length) {
    out.push({ field: 'award.eligible', message: '表彰による加点の対象の職層が重複しています' });
  }
  return out;
}

function distributionProblems(distribution: readonly number[] | undefined): ConfigProblem[] {
  const shares = distribution ?? [];
  if (shares.length !== RANK_CLASSES.length) {
    return [
      {
        field: 'distribution',
        message: `相対評価の分布は第1〜第${RANK_CLASSES.length}区分の${RANK_CLASSES.length}つの割合を指定してください（現在 ${shares.length}つ）`,
      },
    ];
  }
  const out: ConfigProblem[] = [];
  shares.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100) {
      const label = RANK_CLASS_LABELS[RANK_CLASSES[i]!];
      out.push({ field: `distribution.${i}`, message: `相対評価の分布の${label}の割合は0〜100で入力してください` });
    }
  });
  if (out.length === 0 && total(shares) !== 100) {
    out.push({
      field: 'distribution',
      message: `相対評価の分布の合計が100になっていません（現在 ${total(shares)}）`,
    });
  }
  return out;
}

function rankingUnitProblems(units: AppraisalConfig['rankingUnits'] | undefined): ConfigProblem[] {
  // Absent altogether: a configuration from before the unit existed, ranked 区全体 (the default).
  if (units === undefined) return [];
  return gradeGroups
    .filter((g) => !isRankingUnit(units[g]))
    .map((g) => ({
      field: `rankingUnits.${g}`,
      message: `${g}の相対評価の単位は「${RANKING_UNITS.join('」か「')}」から選んでください`,
    }));
}

function coefficientProblems(coefficients: AppraisalConfig['difficultyCoefficients'] | undefined): ConfigProblem[] {
  // Absent altogether: a configuration from before the coefficients were configurable (the defaults).
  if (coefficients === undefined) return [];
  const { minCoefficient: min, maxCoefficient: max, coefficientStep: step } = CONFIG_LIMITS;
  const out: ConfigProblem[] = [];
  for (const d of DIFFICULTIES) {
    const v: unknown = coefficients[d];
    if (!isCoefficient(v) || v < min - 1e-9 || v > max + 1e-9 || !isStep(v, step)) {
      out.push({
        field: `difficultyCoefficients.${d}`,
        message: `難易度係数の${difficultyFieldLabel(d)}は${min.toFixed(1)}〜${max.toFixed(1)}の範囲で${step}刻みで入力してください`,
      });
    }
  }
  if (out.length > 0) return out;
  // A harder goal never counts less: A ≥ B ≥ C. The problem sits at the easier difficulty's field.
  for (let i = 1; i < DIFFICULTIES.length; i += 1) {
    const harder = DIFFICULTIES[i - 1]!;
    const easier = DIFFICULTIES[i]!;
    if (coefficients[easier] > coefficients[harder]) {
      out.push({
        field: `difficultyCoefficients.${easier}`,
        message: `難易度係数の${difficultyFieldLabel(easier)} ${coefficientText(coefficients[easier])} が${difficultyFieldLabel(harder)} ${coefficientText(coefficients[harder])} を上回っています。難しい目標ほど係数を大きく（A ≥ B ≥ C）してください`,
      });
    }
  }
  return out;
}

/** Every problem of a configuration, in screen order; empty when it may be saved. */
export function validateAppraisalConfig(config: AppraisalConfig): ConfigProblem[] {
  return [
    ...gradeGroups.flatMap((g) => itemProblems(g, config.competencyItems?.[g])),
    ...gradeGroups.flatMap((g) => weightProblems(g, config.weights?.[g])),
    ...awardProblems(config.award),
    ...distributionProblems(config.distribution),
    ...rankingUnitProblems(config.rankingUnits),
    ...coefficientProblems(config.difficultyCoefficients),
  ];
}

/** The sum of the distribution's shares as the screen shows it. */
export function distributionTotal(distribution: readonly number[]): number {
  return total(distribution);
}

// ---------- the schema of 'appraisal:saveConfig' ----------

const num = (label: string) => z.number({ error: `${label}は数値で入力してください` });
const perGroup = <T extends z.ZodType>(make: (g: GradeGroup) => T) =>
  z.object(Object.fromEntries(gradeGroups.map((g) => [g, make(g)])) as Record<GradeGroup, T>).strict();

/**
 * The shape of a configuration (types, with Japanese messages), then the validator's rules, each
 * problem at its field (dispatch reports the first one as e.g. 'config.weights.係員級').
 */
export const AppraisalConfigSchema = z
  .object({
    competencyItems: perGroup((g) =>
      z
        .array(z.string({ error: `${g}の能力評価の項目は文字で入力してください` }).trim())
        .max(100, `${g}の能力評価の項目が多すぎます`)
        .readonly(),
    ),
    weights: perGroup((g) =>
      z
        .object({
          performance: num(`${g}の業績評価の配分`),
          competency: num(`${g}の能力評価の配分`),
        })
        .strict(),
    ),
    award: z
      .object({
        internal: num(`${AWARD_KIND_LABELS.internal}の加点`),
        external: num(`${AWARD_KIND_LABELS.external}の加点`),
        yearlyCap: num('表彰による加点の年間上限'),
        eligible: z
          .array(z.string())
          .max(gradeGroups.length * 2, '表彰による加点の対象の職層が多すぎます')
          .readonly(),
      })
      .strict(),
    distribution: z.array(num('相対評価の分布の割合')).max(20, '相対評価の分布の区分が多すぎます').readonly(),
    // Optional: a caller from before the unit existed sends none and gets 区全体 for every grade group.
    rankingUnits: perGroup((g) =>
      z.string({ error: `${g}の相対評価の単位は「${RANKING_UNITS.join('」か「')}」から選んでください` }),
    ).optional(),
    // Optional: a caller from before the coefficients were configurable sends none and gets the defaults.
    difficultyCoefficients: z
      .object(
        Object.fromEntries(DIFFICULTIES.map((d) => [d, num(`難易度係数の${difficultyFieldLabel(d)}`)])) as Record<
          Difficulty,
          ReturnType<typeof num>
        >,
      )
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const p of validateAppraisalConfig(config as AppraisalConfig)) {
      ctx.addIssue({ code: 'custom', message: p.message, path: p.field.split('.') });
    }
  })
  .transform((config) => normalizeAppraisalConfig(config as AppraisalConfig));
