import { describe, expect, it } from 'vitest';
import { DEFAULT_APPRAISAL_CONFIG } from '../../shared/appraisal';
import type { AppraisalConfig } from '../../shared/appraisal';
import {
  AppraisalConfigSchema,
  distributionTotal,
  normalizeAppraisalConfig,
  storedAppraisalConfig,
  validateAppraisalConfig,
} from '../../shared/appraisal-config';

type Mutable = {
  competencyItems: Record<string, string[]>;
  weights: Record<string, { performance: number; competency: number }>;
  award: { internal: number; external: number; yearlyCap: number; eligible: string[] };
  distribution: number[];
  rankingUnits: Record<string, string>;
  difficultyCoefficients: Record<string, number>;
};

/** A changed copy of the defaults. */
function variant(change: (c: Mutable) => void): AppraisalConfig {
  // A JSON copy: the defaults share one array between 課長代理級 and 課長級 (structuredClone would keep it shared).
  const c = JSON.parse(JSON.stringify(DEFAULT_APPRAISAL_CONFIG)) as Mutable;
  change(c);
  return c as unknown as AppraisalConfig;
}

describe('validateAppraisalConfig', () => {
  it('accepts the defaults (docs/scores.md)', () => {
    expect(validateAppraisalConfig(DEFAULT_APPRAISAL_CONFIG)).toEqual([]);
  });

  it('accepts the edges: 1 and 10 items of 20 characters, 0/100 weights, 0 and 1.0 points, no eligible group', () => {
    const ok = variant((c) => {
      c.competencyItems['係員級'] = ['一'];
      c.competencyItems['課長級'] = Array.from({ length: 10 }, (_, i) => `${'あ'.repeat(19)}${i}`);
      c.weights['係員級'] = { performance: 0, competency: 100 };
      c.weights['課長級'] = { performance: 100, competency: 0 };
      c.award = { internal: 0, external: 1, yearlyCap: 0, eligible: [] };
      c.distribution = [0, 0, 100, 0, 0];
    });
    expect(validateAppraisalConfig(ok)).toEqual([]);
    expect(validateAppraisalConfig(variant((c) => (c.distribution = [2.5, 17.5, 60, 15, 5])))).toEqual([]);
    expect(validateAppraisalConfig(variant((c) => (c.award.internal = 0.35)))).toEqual([]);
  });

  const cases: [string, (c: Mutable) => void, string, string][] = [
    [
      'no items',
      (c) => (c.competencyItems['係員級'] = []),
      'competencyItems.係員級',
      '係員級の能力評価の項目は1〜10個にしてください（現在 0個）',
    ],
    [
      '11 items',
      (c) => (c.competencyItems['係長級'] = Array.from({ length: 11 }, (_, i) => `項目${i}`)),
      'competencyItems.係長級',
      '係長級の能力評価の項目は1〜10個にしてください（現在 11個）',
    ],
    [
      'a blank item',
      (c) => (c.competencyItems['係員級']![2] = '　'),
      'competencyItems.係員級.2',
      '係員級の能力評価の項目3を入力してください',
    ],
    [
      'an item of 21 characters',
      (c) => (c.competencyItems['課長級']![0] = 'あ'.repeat(21)),
      'competencyItems.課長級.0',
      '課長級の能力評価の項目1は20文字以内にしてください（現在 21文字）',
    ],
    [
      'a duplicate item (after trimming)',
      (c) => (c.competencyItems['課長代理級']![1] = ' 判断力 '),
      'competencyItems.課長代理級.1',
      '課長代理級の能力評価の項目「判断力」が重複しています',
    ],
    [
      'weights totalling 90',
      (c) => (c.weights['係員級'] = { performance: 40, competency: 50 }),
      'weights.係員級',
      '係員級の配分（業績＋能力）の合計が100になっていません（現在 90）',
    ],
    [
      'a fractional weight',
      (c) => (c.weights['係長級'] = { performance: 50.5, competency: 49.5 }),
      'weights.係長級.performance',
      '係長級の業績評価の配分は0〜100の整数（%）で入力してください',
    ],
    [
      'a negative weight',
      (c) => (c.weights['課長級'] = { performance: 110, competency: -10 }),
      'weights.課長級.performance',
      '課長級の業績評価の配分は0〜100の整数（%）で入力してください',
    ],
    [
      'internal points off the 0.05 step',
      (c) => (c.award.internal = 0.23),
      'award.internal',
      '職場内表彰の加点は0〜1.0の範囲で0.05刻みで入力してください',
    ],
    [
      'external points above 1.0',
      (c) => (c.award.external = 1.05),
      'award.external',
      '人材開発センター表彰の加点は0〜1.0の範囲で0.05刻みで入力してください',
    ],
    [
      'a negative cap',
      (c) => (c.award.yearlyCap = -0.05),
      'award.yearlyCap',
      '表彰による加点の年間上限は0以上（5.0まで）で0.05刻みで入力してください',
    ],
    [
      'an unknown grade group',
      (c) => (c.award.eligible = ['係員級', '部長級']),
      'award.eligible',
      '表彰による加点の対象に存在しない職層があります（部長級）',
    ],
    [
      'a grade group twice',
      (c) => (c.award.eligible = ['係員級', '係員級']),
      'award.eligible',
      '表彰による加点の対象の職層が重複しています',
    ],
    [
      'four shares',
      (c) => (c.distribution = [25, 25, 25, 25]),
      'distribution',
      '相対評価の分布は第1〜第5区分の5つの割合を指定してください（現在 4つ）',
    ],
    [
      'shares totalling 95',
      (c) => (c.distribution = [5, 20, 55, 10, 5]),
      'distribution',
      '相対評価の分布の合計が100になっていません（現在 95）',
    ],
    ['a share over 100', (c) => (c.distribution = [0, 0, 120, -20, 0]), 'distribution.2', '100で入力してください'],
    [
      'an unknown ranking unit',
      (c) => (c.rankingUnits['係員級'] = '係'),
      'rankingUnits.係員級',
      '係員級の相対評価の単位は「区全体」か「課」から選んでください',
    ],
    [
      'a coefficient below 0.1',
      (c) => (c.difficultyCoefficients['C'] = 0.05),
      'difficultyCoefficients.C',
      '難易度係数のC（低）は0.1〜3.0の範囲で0.05刻みで入力してください',
    ],
    [
      'a coefficient above 3.0',
      (c) => (c.difficultyCoefficients['A'] = 3.05),
      'difficultyCoefficients.A',
      '難易度係数のA（高）は0.1〜3.0の範囲で0.05刻みで入力してください',
    ],
    [
      'a coefficient off the 0.05 step (not exact ×1000)',
      (c) => (c.difficultyCoefficients['B'] = 1.0001),
      'difficultyCoefficients.B',
      '難易度係数のB（標準）は0.1〜3.0の範囲で0.05刻みで入力してください',
    ],
    [
      'a coefficient of 1.12',
      (c) => (c.difficultyCoefficients['A'] = 1.12),
      'difficultyCoefficients.A',
      '難易度係数のA（高）は0.1〜3.0の範囲で0.05刻みで入力してください',
    ],
    [
      'a blank coefficient (NaN)',
      (c) => (c.difficultyCoefficients['B'] = Number.NaN),
      'difficultyCoefficients.B',
      '難易度係数のB（標準）は0.1〜3.0の範囲で0.05刻みで入力してください',
    ],
    [
      'C above B (an easier goal counting more)',
      (c) => (c.difficultyCoefficients = { A: 1.2, B: 1.0, C: 1.1 }),
      'difficultyCoefficients.C',
      '難易度係数のC（低） 1.1 がB（標準） 1.0 を上回っています。難しい目標ほど係数を大きく（A ≥ B ≥ C）してください',
    ],
    [
      'B above A',
      (c) => (c.difficultyCoefficients = { A: 1.2, B: 1.25, C: 0.8 }),
      'difficultyCoefficients.B',
      '難易度係数のB（標準） 1.25 がA（高） 1.2 を上回っています。難しい目標ほど係数を大きく（A ≥ B ≥ C）してください',
    ],
    [
      'a difficulty without a coefficient',
      (c) => delete c.difficultyCoefficients['B'],
      'difficultyCoefficients.B',
      '難易度係数のB（標準）は0.1〜3.0の範囲で0.05刻みで入力してください',
    ],
    [
      'a grade group without a ranking unit',
      (c) => delete c.rankingUnits['課長級'],
      'rankingUnits.課長級',
      '課長級の相対評価の単位は「区全体」か「課」から選んでください',
    ],
  ];

  for (const [name, change, field, message] of cases) {
    it(`refuses ${name}`, () => {
      const problems = validateAppraisalConfig(variant(change));
      expect(problems.length).toBeGreaterThan(0);
      expect(problems[0]!.field).toBe(field);
      expect(problems[0]!.message).toContain(message);
    });
  }

  it('reports every problem, each at its field', () => {
    const problems = validateAppraisalConfig(
      variant((c) => {
        c.competencyItems['係員級'] = [];
        c.weights['係長級'] = { performance: 30, competency: 30 };
        c.distribution = [10, 10, 10, 10, 10];
      }),
    );
    expect(problems.map((p) => p.field)).toEqual(['competencyItems.係員級', 'weights.係長級', 'distribution']);
  });

  it('accepts each ranking unit, and a configuration from before the unit existed', () => {
    expect(validateAppraisalConfig(variant((c) => (c.rankingUnits['係員級'] = '課')))).toEqual([]);
    const allSections = variant((c) => {
      for (const g of Object.keys(c.rankingUnits)) c.rankingUnits[g] = '課';
    });
    expect(validateAppraisalConfig(allSections)).toEqual([]);
    const old = variant((c) => delete (c as Partial<Mutable>).rankingUnits);
    expect(validateAppraisalConfig(old)).toEqual([]);
    expect(normalizeAppraisalConfig(old).rankingUnits).toEqual(DEFAULT_APPRAISAL_CONFIG.rankingUnits);
  });

  it('accepts coefficients at the edges, in 0.05 steps, equal neighbours, and a configuration without them', () => {
    for (const coefficients of [
      { A: 1.5, B: 1.0, C: 0.5 },
      { A: 3, B: 3, C: 3 },
      { A: 0.1, B: 0.1, C: 0.1 },
      { A: 1.15, B: 1.05, C: 0.95 },
      { A: 2.35, B: 1, C: 0.3 },
    ]) {
      expect(
        validateAppraisalConfig(variant((c) => (c.difficultyCoefficients = coefficients))),
        JSON.stringify(coefficients),
      ).toEqual([]);
    }
    const old = variant((c) => delete (c as Partial<Mutable>).difficultyCoefficients);
    expect(validateAppraisalConfig(old)).toEqual([]);
    expect(normalizeAppraisalConfig(old).difficultyCoefficients).toEqual({ A: 1.2, B: 1.0, C: 0.8 });
  });

  it('reports both order problems of A < B < C, each at the easier difficulty', () => {
    const problems = validateAppraisalConfig(variant((c) => (c.difficultyCoefficients = { A: 0.5, B: 1, C: 1.5 })));
    expect(problems.map((p) => p.field)).toEqual(['difficultyCoefficients.B', 'difficultyCoefficients.C']);
  });

  it('sums shares without floating-point noise', () => {
    expect(distributionTotal([0.1, 0.2, 59.7, 20, 20])).toBe(100);
  });
});

describe('AppraisalConfigSchema', () => {
  it('trims item names and passes a valid configuration', () => {
    const parsed = AppraisalConfigSchema.safeParse(variant((c) => (c.competencyItems['係員級']![0] = '  知識 ')));
    expect(parsed.success).toBe(true);
    expect(parsed.data?.competencyItems['係員級'][0]).toBe('知識');
    expect(normalizeAppraisalConfig(DEFAULT_APPRAISAL_CONFIG)).toEqual(DEFAULT_APPRAISAL_CONFIG);
  });

  it('names the field of the first problem', () => {
    const parsed = AppraisalConfigSchema.safeParse(variant((c) => (c.weights['係員級']!.performance = 50)));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['weights', '係員級'],
      message: '係員級の配分（業績＋能力）の合計が100になっていません（現在 110）',
    });
  });

  it('refuses wrong types and unknown keys with Japanese messages', () => {
    const wrong = variant((c) => (c.award.internal = '0.2' as unknown as number));
    expect(AppraisalConfigSchema.safeParse(wrong).error?.issues[0]?.message).toBe(
      '職場内表彰の加点は数値で入力してください',
    );
    const extra = { ...DEFAULT_APPRAISAL_CONFIG, sql: 'x' };
    expect(AppraisalConfigSchema.safeParse(extra).success).toBe(false);
    const missing = variant((c) => delete (c.competencyItems as Partial<Record<string, string[]>>)['課長級']);
    expect(AppraisalConfigSchema.safeParse(missing).success).toBe(false);
  });

  it('validates the ranking units: per 課 passes, an unknown unit or an unknown grade group is refused', () => {
    const perSection = AppraisalConfigSchema.safeParse(variant((c) => (c.rankingUnits['係員級'] = '課')));
    expect(perSection.success).toBe(true);
    expect(perSection.data?.rankingUnits).toEqual({
      課長級: '区全体',
      課長代理級: '区全体',
      係長級: '区全体',
      係員級: '課',
    });

    const unknown = AppraisalConfigSchema.safeParse(variant((c) => (c.rankingUnits['係長級'] = '係')));
    expect(unknown.error?.issues[0]).toMatchObject({
      path: ['rankingUnits', '係長級'],
      message: '係長級の相対評価の単位は「区全体」か「課」から選んでください',
    });
    const notText = AppraisalConfigSchema.safeParse(
      variant((c) => (c.rankingUnits['係員級'] = 1 as unknown as string)),
    );
    expect(notText.error?.issues[0]?.message).toBe('係員級の相対評価の単位は「区全体」か「課」から選んでください');
    const missing = AppraisalConfigSchema.safeParse(variant((c) => delete c.rankingUnits['課長級']));
    expect(missing.error?.issues[0]?.message).toBe('課長級の相対評価の単位は「区全体」か「課」から選んでください');
    const extra = AppraisalConfigSchema.safeParse(variant((c) => (c.rankingUnits['部長級'] = '課')));
    expect(extra.success).toBe(false);
  });

  it('accepts a configuration without ranking units (from before they existed): every grade group 区全体', () => {
    const parsed = AppraisalConfigSchema.safeParse(variant((c) => delete (c as Partial<Mutable>).rankingUnits));
    expect(parsed.success).toBe(true);
    expect(parsed.data?.rankingUnits).toEqual(DEFAULT_APPRAISAL_CONFIG.rankingUnits);
  });
});

describe('AppraisalConfigSchema: difficulty coefficients', () => {
  it('passes configured coefficients and fills the defaults when none are sent', () => {
    const parsed = AppraisalConfigSchema.safeParse(
      variant((c) => (c.difficultyCoefficients = { A: 1.5, B: 1.0, C: 0.5 })),
    );
    expect(parsed.data?.difficultyCoefficients).toEqual({ A: 1.5, B: 1.0, C: 0.5 });
    const old = AppraisalConfigSchema.safeParse(variant((c) => delete (c as Partial<Mutable>).difficultyCoefficients));
    expect(old.success).toBe(true);
    expect(old.data?.difficultyCoefficients).toEqual(DEFAULT_APPRAISAL_CONFIG.difficultyCoefficients);
  });

  it('refuses text, an unknown difficulty and a broken order, naming the field', () => {
    const text = AppraisalConfigSchema.safeParse(
      variant((c) => (c.difficultyCoefficients['A'] = '1.2' as unknown as number)),
    );
    expect(text.error?.issues[0]?.message).toBe('難易度係数のA（高）は数値で入力してください');
    const extra = AppraisalConfigSchema.safeParse(variant((c) => (c.difficultyCoefficients['S'] = 1.5)));
    expect(extra.success).toBe(false);
    const order = AppraisalConfigSchema.safeParse(
      variant((c) => (c.difficultyCoefficients = { A: 1.2, B: 0.8, C: 1.0 })),
    );
    expect(order.error?.issues[0]).toMatchObject({
      path: ['difficultyCoefficients', 'C'],
      message: expect.stringContaining('難しい目標ほど係数を大きく（A ≥ B ≥ C）') as unknown,
    });
  });
});

describe('storedAppraisalConfig', () => {
  it('reads a configuration stored before the difficulty coefficients existed with the defaults', () => {
    const { difficultyCoefficients: _omitted, ...old } = JSON.parse(
      JSON.stringify(DEFAULT_APPRAISAL_CONFIG),
    ) as Mutable;
    old.distribution = [10, 20, 40, 20, 10];
    const read = storedAppraisalConfig(JSON.stringify(old));
    expect(read.distribution).toEqual([10, 20, 40, 20, 10]);
    expect(read.difficultyCoefficients).toEqual({ A: 1.2, B: 1.0, C: 0.8 });
  });

  it('keeps stored coefficients', () => {
    const read = storedAppraisalConfig(
      JSON.stringify({ ...DEFAULT_APPRAISAL_CONFIG, difficultyCoefficients: { A: 1.5, B: 1.0, C: 0.5 } }),
    );
    expect(read.difficultyCoefficients).toEqual({ A: 1.5, B: 1.0, C: 0.5 });
  });

  it('reads a configuration stored before the ranking unit existed with the default unit', () => {
    const { rankingUnits: _omitted, ...old } = JSON.parse(JSON.stringify(DEFAULT_APPRAISAL_CONFIG)) as Mutable;
    old.weights['係員級'] = { performance: 70, competency: 30 };
    const read = storedAppraisalConfig(JSON.stringify(old));
    expect(read.weights['係員級']).toEqual({ performance: 70, competency: 30 });
    expect(read.rankingUnits).toEqual({ 課長級: '区全体', 課長代理級: '区全体', 係長級: '区全体', 係員級: '区全体' });
  });

  it('keeps stored units and fills a missing grade group with the default', () => {
    const read = storedAppraisalConfig(JSON.stringify({ ...DEFAULT_APPRAISAL_CONFIG, rankingUnits: { 係員級: '課' } }));
    expect(read.rankingUnits).toEqual({ 課長級: '区全体', 課長代理級: '区全体', 係長級: '区全体', 係員級: '課' });
  });
});
