import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DIFFICULTY_COEFFICIENTS,
  GOAL_CATEGORIES,
  LEVELS,
  MAX_GOALS,
  MESSAGES,
  WARD_PRIORITIES,
  describeScore,
  difficultyLabel,
  formatScore,
  goalHints,
  levelLabel,
  levelPoint,
  needsOverrideReason,
  overrideReasonIssue,
  performanceScore,
  proposedLevelForAccuracyGoal,
  validateGoals,
  type AccuracyRule,
  type Difficulty,
  type GoalCategory,
  type GoalDraft,
  type GoalIssue,
  type Level,
  type ScoredGoal,
} from '../../shared/mbo';

// A goal row written as [weight, level, difficulty], so each sheet fits on one line.
type Row = [number, Level | null, Difficulty];
const sheet = (rows: Row[]): ScoredGoal[] => rows.map(([weight, level, difficulty]) => ({ weight, level, difficulty }));

describe('constants', () => {
  it('has the four goal categories, the three ward priorities and five levels', () => {
    expect(GOAL_CATEGORIES).toEqual(['業務目標', '地域担当目標', '能力開発目標', '組織運営目標']);
    expect(WARD_PRIORITIES).toEqual([
      '地域コミュニティの活性化',
      '安全・安心で快適なまちづくり',
      '多彩な魅力を活かしたブランド力の向上',
    ]);
    expect(MAX_GOALS).toBe(5);
    expect(DEFAULT_DIFFICULTY_COEFFICIENTS).toEqual({ A: 1.2, B: 1.0, C: 0.8 });
  });

  it.each([
    ['S', 5, '目標を大幅に上回った'],
    ['A', 4, '目標を上回った'],
    ['B', 3, '目標どおり達成した'],
    ['C', 2, '目標をやや下回った'],
    ['D', 1, '目標を大幅に下回った'],
  ] as const)('level %s = %i points (%s)', (level, point, label) => {
    expect(levelPoint(level)).toBe(point);
    expect(levelLabel(level)).toBe(label);
  });

  it('lists the levels from best to worst', () => {
    expect(LEVELS).toEqual(['S', 'A', 'B', 'C', 'D']);
  });

  it.each([
    ['A', 'A 高 ×1.2'],
    ['B', 'B 標準 ×1.0'],
    ['C', 'C 低 ×0.8'],
  ] as const)('difficulty %s reads %s', (difficulty, label) => {
    expect(difficultyLabel(difficulty)).toBe(label);
  });

  it.each([
    ['A', { A: 1.5, B: 1, C: 0.5 }, 'A 高 ×1.5'],
    ['B', { A: 1.5, B: 1, C: 0.5 }, 'B 標準 ×1.0'],
    ['A', { A: 1.25, B: 1.05, C: 0.3 }, 'A 高 ×1.25'],
    ['B', { A: 1.25, B: 1.05, C: 0.3 }, 'B 標準 ×1.05'],
    ['C', { A: 3, B: 2, C: 0.1 }, 'C 低 ×0.1'],
  ] as const)('difficulty %s with the cycle’s coefficients %j reads %s', (difficulty, coefficients, label) => {
    expect(difficultyLabel(difficulty, coefficients)).toBe(label);
  });
});

describe('performanceScore: Σ(weight × level point × difficulty) / 100', () => {
  it.each<[string, Row[], number, number]>([
    // description, goals, raw, score
    ['all B, standard difficulty', [[100, 'B', 'B']], 3, 3.0],
    [
      'typical sheet of three',
      [
        [50, 'A', 'B'],
        [30, 'B', 'A'],
        [20, 'B', 'C'],
      ],
      3.56,
      3.6,
    ],
    [
      'typical sheet of five',
      [
        [30, 'A', 'A'],
        [20, 'B', 'B'],
        [20, 'B', 'B'],
        [15, 'C', 'C'],
        [15, 'A', 'B'],
      ],
      3.48,
      3.5,
    ],
    [
      'all A, standard',
      [
        [40, 'A', 'B'],
        [60, 'A', 'B'],
      ],
      4,
      4.0,
    ],
    ['exactly 5.0 is not capped', [[100, 'S', 'B']], 5, 5.0],
    ['all D, standard: the floor 1.0 exactly', [[100, 'D', 'B']], 1, 1.0],
  ])('%s', (_label, rows, raw, score) => {
    expect(performanceScore(sheet(rows))).toEqual({ score, raw, capped: false, floored: false, missing: 0 });
  });

  it.each<[string, Row[], number, number]>([
    [
      'all S at difficulty A → capped at 5.0',
      [
        [60, 'S', 'A'],
        [40, 'S', 'A'],
      ],
      6,
      5.0,
    ],
    [
      '5.1 → capped at 5.0',
      [
        [90, 'S', 'B'],
        [10, 'S', 'A'],
      ],
      5.1,
      5.0,
    ],
    [
      '4.98 rounds to 5.0 but is not capped',
      [
        [90, 'S', 'B'],
        [10, 'A', 'A'],
      ],
      4.98,
      5.0,
    ],
    [
      'exactly 5.0 with mixed difficulty is not capped',
      [
        [50, 'S', 'A'],
        [50, 'A', 'B'],
      ],
      5,
      5.0,
    ],
    [
      'mostly S at A',
      [
        [80, 'S', 'A'],
        [20, 'B', 'C'],
      ],
      5.28,
      5.0,
    ],
  ])('cap: %s', (_label, rows, raw, score) => {
    const result = performanceScore(sheet(rows));
    expect(result.score).toBe(score);
    expect(result.raw).toBe(raw);
    expect(result.capped).toBe(raw > 5);
  });

  it.each<[string, Row[], number, number]>([
    // Exact halves round up: the score is one decimal, half up (四捨五入).
    [
      '3.25 → 3.3',
      [
        [75, 'B', 'B'],
        [25, 'A', 'B'],
      ],
      3.25,
      3.3,
    ],
    [
      '2.45 → 2.5',
      [
        [85, 'C', 'B'],
        [15, 'S', 'B'],
      ],
      2.45,
      2.5,
    ],
    [
      '4.35 → 4.4 (33/33/34, mixed coefficients)',
      [
        [33, 'B', 'B'],
        [33, 'A', 'B'],
        [34, 'S', 'A'],
      ],
      4.35,
      4.4,
    ],
    [
      '3.65 → 3.7',
      [
        [35, 'B', 'B'],
        [65, 'A', 'B'],
      ],
      3.65,
      3.7,
    ],
    [
      '3.55 → 3.6',
      [
        [35, 'D', 'B'],
        [35, 'A', 'B'],
        [30, 'S', 'A'],
      ],
      3.55,
      3.6,
    ],
    [
      '1.95 → 2.0 (floating point gives 1.9499999…)',
      [
        [34, 'B', 'A'],
        [33, 'D', 'B'],
        [33, 'D', 'A'],
      ],
      1.95,
      2.0,
    ],
    [
      '2.45 → 2.5 (floating point gives 2.4499999…)',
      [
        [1, 'S', 'B'],
        [2, 'B', 'A'],
        [97, 'C', 'A'],
      ],
      2.45,
      2.5,
    ],
    [
      '4.75 → 4.8 (floating point gives 4.7499999…)',
      [
        [1, 'B', 'B'],
        [2, 'A', 'C'],
        [97, 'A', 'A'],
      ],
      4.75,
      4.8,
    ],
    [
      '4.65 → 4.7 (floating point gives 4.6499999…)',
      [
        [1, 'D', 'A'],
        [3, 'D', 'B'],
        [96, 'A', 'A'],
      ],
      4.65,
      4.7,
    ],
    // Just below and above a half.
    [
      '3.24 → 3.2',
      [
        [76, 'B', 'B'],
        [24, 'A', 'B'],
      ],
      3.24,
      3.2,
    ],
    [
      '3.198 → 3.2',
      [
        [33, 'B', 'A'],
        [33, 'B', 'B'],
        [34, 'B', 'B'],
      ],
      3.198,
      3.2,
    ],
  ])('rounding: %s', (_label, rows, raw, score) => {
    const result = performanceScore(sheet(rows));
    expect(result.raw).toBe(raw);
    expect(result.score).toBe(score);
  });

  it.each<[string, Row[], number]>([
    ['all D at difficulty C: 0.8 → 1.0', [[100, 'D', 'C']], 0.8],
    [
      'D and C at low difficulty: 0.88 → 1.0',
      [
        [60, 'D', 'C'],
        [40, 'D', 'B'],
      ],
      0.88,
    ],
  ])('floor: %s', (_label, rows, raw) => {
    expect(performanceScore(sheet(rows))).toEqual({ score: 1.0, raw, capped: false, floored: true, missing: 0 });
  });

  it.each<[string, Row[], number]>([
    [
      'one goal without a level',
      [
        [50, 'A', 'B'],
        [50, null, 'B'],
      ],
      1,
    ],
    [
      'two goals without a level',
      [
        [40, null, 'A'],
        [30, 'B', 'B'],
        [30, null, 'C'],
      ],
      2,
    ],
    ['no level at all', [[100, null, 'B']], 1],
  ])('missing levels: %s → no score', (_label, rows, missing) => {
    expect(performanceScore(sheet(rows))).toEqual({ score: null, raw: null, capped: false, floored: false, missing });
  });

  it('no goals → no score', () => {
    expect(performanceScore([])).toEqual({ score: null, raw: null, capped: false, floored: false, missing: 0 });
  });

  it('uses configured coefficients', () => {
    const coefficients = { A: 1.5, B: 1.0, C: 0.5 };
    expect(
      performanceScore(
        sheet([
          [50, 'B', 'A'],
          [50, 'B', 'C'],
        ]),
        coefficients,
      ).score,
    ).toBe(3.0);
    expect(performanceScore(sheet([[100, 'A', 'A']]), coefficients)).toMatchObject({
      raw: 6,
      score: 5.0,
      capped: true,
    });
    expect(
      performanceScore(
        sheet([
          [30, 'B', 'A'],
          [70, 'B', 'B'],
        ]),
        { A: 1.15, B: 1, C: 0.85 },
      ).raw,
    ).toBe(3.135);
  });

  it('scores a draft whose weights do not total 100 from the formula as written', () => {
    expect(
      performanceScore(
        sheet([
          [50, 'B', 'B'],
          [35, 'B', 'B'],
        ]),
      ).score,
    ).toBe(2.6);
  });
});

describe('formatScore and describeScore', () => {
  it.each([
    [5, '5.0'],
    [3.6, '3.6'],
    [1, '1.0'],
    [4.4, '4.4'],
  ])('formatScore(%d) → %s', (score, text) => {
    expect(formatScore(score)).toBe(text);
  });

  it.each<[string, Row[], string]>([
    [
      'a plain score',
      [
        [50, 'A', 'B'],
        [30, 'B', 'A'],
        [20, 'B', 'C'],
      ],
      '業績評価点 3.6（Σ ウェイト×評語点×難易度 ÷ 100、上限5.0、小数第1位四捨五入）',
    ],
    [
      'a capped score',
      [[100, 'S', 'A']],
      '業績評価点 5.0（計算値 6 を上限5.0としました。Σ ウェイト×評語点×難易度 ÷ 100、上限5.0、小数第1位四捨五入）',
    ],
    [
      'a floored score',
      [[100, 'D', 'C']],
      '業績評価点 1.0（計算値 0.8 を下限1.0としました。Σ ウェイト×評語点×難易度 ÷ 100、上限5.0、小数第1位四捨五入）',
    ],
    [
      'missing levels',
      [
        [50, 'A', 'B'],
        [50, null, 'B'],
      ],
      '業績評価点は未確定です（評語が未入力の目標が 1 件あります）',
    ],
    ['no goals', [], '業績評価点は未確定です（目標がありません）'],
  ])('%s', (_label, rows, text) => {
    expect(describeScore(performanceScore(sheet(rows)))).toBe(text);
  });
});

// A complete, valid goal; each test changes what it is about.
function goal(overrides: Partial<GoalDraft> = {}): GoalDraft {
  return {
    category: '業務目標',
    title: '窓口の待ち時間短縮',
    content: '住民票の交付事務の手順を見直す',
    standard: '平均待ち時間を15分以内にする',
    priority: '安全・安心で快適なまちづくり',
    weight: 50,
    difficulty: 'B',
    schedule: '4月〜9月 手順見直し、10月〜3月 実施',
    type: '通常',
    ...overrides,
  };
}
const areaGoal = (overrides: Partial<GoalDraft> = {}): GoalDraft =>
  goal({ category: '地域担当目標', title: '担当地域の巡回と地域カルテの作成', ...overrides });

const EMPTY: GoalDraft = {
  category: null,
  title: '',
  content: '',
  standard: '',
  priority: null,
  weight: null,
  difficulty: null,
  schedule: '',
  type: null,
};

const messages = (issues: GoalIssue[]): string[] => issues.map((i) => i.message);

describe('validateGoals: sheet rules (both modes)', () => {
  it.each<[string, GoalDraft[]]>([
    ['one area goal at 100', [areaGoal({ weight: 100 })]],
    ['two goals 50/50', [goal(), areaGoal()]],
    [
      'five goals totalling exactly 100',
      [
        goal({ weight: 30 }),
        areaGoal({ weight: 20 }),
        goal({ weight: 20, category: '能力開発目標' }),
        goal({ weight: 15, category: '組織運営目標' }),
        goal({ weight: 15, type: '正確性重視' }),
      ],
    ],
    ['33/33/34', [goal({ weight: 33 }), areaGoal({ weight: 33 }), goal({ weight: 34 })]],
  ])('valid: %s', (_label, goals) => {
    expect(validateGoals(goals, 'submit')).toEqual([]);
    expect(validateGoals(goals, 'draft')).toEqual([]);
  });

  it.each<[string, GoalDraft[], GoalIssue[]]>([
    ['no goals', [], [{ goalIndex: null, field: null, message: '目標を1件以上設定してください' }]],
    [
      'six goals',
      [areaGoal({ weight: 20 }), ...[20, 20, 20, 10, 10].map((weight) => goal({ weight }))],
      [{ goalIndex: null, field: null, message: '目標は5件までです（現在 6件）' }],
    ],
    [
      'weights total 85',
      [goal({ weight: 50 }), areaGoal({ weight: 35 })],
      [{ goalIndex: null, field: 'weight', message: '配分（ウェイト）の合計が100になっていません（現在 85）' }],
    ],
    [
      'weights total 110',
      [goal({ weight: 60 }), areaGoal({ weight: 50 })],
      [{ goalIndex: null, field: 'weight', message: '配分（ウェイト）の合計が100になっていません（現在 110）' }],
    ],
    [
      'no 地域担当目標',
      [goal({ weight: 60 }), goal({ weight: 40, category: '能力開発目標' })],
      [
        {
          goalIndex: null,
          field: 'category',
          message: '地域担当目標が1件もありません。職員育成基本プランにより、すべての職員が地域担当目標を設定します',
        },
      ],
    ],
  ])('%s', (_label, goals, expected) => {
    expect(validateGoals(goals, 'submit')).toEqual(expected);
    expect(validateGoals(goals, 'draft')).toEqual(expected);
  });

  it('reports sheet issues before goal issues', () => {
    const issues = validateGoals([goal({ weight: 0 })], 'submit');
    expect(issues).toEqual([
      { goalIndex: null, field: 'weight', message: '配分（ウェイト）の合計が100になっていません（現在 0）' },
      { goalIndex: null, field: 'category', message: MESSAGES.noAreaGoal },
      { goalIndex: 0, field: 'weight', message: '配分（ウェイト）は1〜100の整数で入力してください' },
    ]);
  });
});

describe('validateGoals: weights', () => {
  it.each<[string, number, string[]]>([
    ['0', 0, ['配分（ウェイト）は1〜100の整数で入力してください']],
    ['101', 101, ['配分（ウェイト）は1〜100の整数で入力してください']],
    ['-10', -10, ['配分（ウェイト）は1〜100の整数で入力してください']],
    ['not a whole number', 49.5, ['配分（ウェイト）は1〜100の整数で入力してください']],
    ['NaN', Number.NaN, ['配分（ウェイト）は1〜100の整数で入力してください']],
    ['1', 1, []],
    ['100', 100, []],
  ])('weight %s on one goal', (_label, weight, expected) => {
    // The other goal takes up the rest, so only the weight rule itself is under test.
    const rest = 100 - weight;
    const goals = [areaGoal({ weight }), ...(rest !== 0 && Number.isFinite(rest) ? [goal({ weight: rest })] : [])];
    const onFirst = validateGoals(goals, 'draft').filter((i) => i.goalIndex === 0);
    expect(messages(onFirst)).toEqual(expected);
    expect(onFirst.every((i) => i.field === 'weight')).toBe(true);
  });

  it('shows a decimal total as typed', () => {
    const issues = validateGoals([areaGoal({ weight: 33.3 }), goal({ weight: 33.3 }), goal({ weight: 33.3 })], 'draft');
    expect(issues[0]!.message).toBe('配分（ウェイト）の合計が100になっていません（現在 99.9）');
  });
});

describe('validateGoals: required fields on submit, not in a draft', () => {
  it.each<[keyof GoalDraft, Partial<GoalDraft>, string]>([
    ['category', { category: null }, '目標の区分を選んでください'],
    ['title', { title: '' }, '目標（タイトル）を入力してください'],
    ['title', { title: ' \u3000 ' }, '目標（タイトル）を入力してください'],
    ['content', { content: '' }, '目標の内容を入力してください'],
    ['standard', { standard: '\n' }, '達成基準を入力してください'],
    ['weight', { weight: null }, '配分（ウェイト）を入力してください'],
    ['difficulty', { difficulty: null }, '難易度を選んでください'],
    ['type', { type: null }, '目標の種類（通常／正確性重視）を選んでください'],
  ])('%s empty', (field, change, message) => {
    // The area goal keeps the sheet valid; the goal under test takes 0 weight only when its weight is empty.
    const goals = [areaGoal({ weight: field === 'weight' ? 100 : 50 }), goal({ ...change })];
    expect(validateGoals(goals, 'submit')).toEqual([{ goalIndex: 1, field, message }]);
    expect(validateGoals(goals, 'draft')).toEqual([]);
  });

  it.each<[keyof GoalDraft, Partial<GoalDraft>]>([
    ['priority', { priority: null }],
    ['schedule', { schedule: '' }],
  ])('%s is optional', (_field, change) => {
    expect(validateGoals([areaGoal(), goal(change)], 'submit')).toEqual([]);
  });

  it('an empty new goal in a draft only warns about the sheet', () => {
    expect(validateGoals([areaGoal({ weight: 100 }), EMPTY], 'draft')).toEqual([]);
    expect(messages(validateGoals([EMPTY], 'draft'))).toEqual([
      '配分（ウェイト）の合計が100になっていません（現在 0）',
      MESSAGES.noAreaGoal,
    ]);
  });

  it('lists every empty field of an empty goal on submit, in form order', () => {
    const issues = validateGoals([areaGoal({ weight: 100 }), EMPTY], 'submit');
    expect(issues.map((i) => [i.goalIndex, i.field])).toEqual([
      [1, 'category'],
      [1, 'title'],
      [1, 'content'],
      [1, 'standard'],
      [1, 'weight'],
      [1, 'difficulty'],
      [1, 'type'],
    ]);
  });
});

describe('validateGoals: lengths and choices (both modes)', () => {
  it.each<[keyof GoalDraft, Partial<GoalDraft>, string | null]>([
    ['title', { title: 'あ'.repeat(100) }, null],
    ['title', { title: 'あ'.repeat(101) }, '目標（タイトル）は100文字以内で入力してください（現在 101文字）'],
    // '𠮷' is one character to the person typing it, though two UTF-16 units.
    ['title', { title: '𠮷'.repeat(100) }, null],
    ['content', { content: 'a'.repeat(2000) }, null],
    ['content', { content: 'a'.repeat(2001) }, '目標の内容は2000文字以内で入力してください（現在 2001文字）'],
    ['standard', { standard: 'a'.repeat(2001) }, '達成基準は2000文字以内で入力してください（現在 2001文字）'],
    ['schedule', { schedule: 'a'.repeat(2001) }, 'スケジュールは2000文字以内で入力してください（現在 2001文字）'],
    ['category', { category: '地域目標' as GoalCategory }, '目標の区分の値が正しくありません。一覧から選んでください'],
    [
      'priority',
      { priority: '子育て支援' as GoalDraft['priority'] },
      '区の重点施策の値が正しくありません。一覧から選んでください',
    ],
    ['difficulty', { difficulty: 'S' as Difficulty }, '難易度の値が正しくありません。一覧から選んでください'],
    ['type', { type: '重点' as GoalDraft['type'] }, '目標の種類の値が正しくありません。一覧から選んでください'],
  ])('%s', (field, change, message) => {
    const goals = [areaGoal(), goal(change)];
    const expected = message === null ? [] : [{ goalIndex: 1, field, message }];
    expect(validateGoals(goals, 'submit')).toEqual(expected);
    expect(validateGoals(goals, 'draft')).toEqual(expected);
  });
});

describe('goalHints: 区の重点施策 is suggested, never required', () => {
  it('suggests a priority for a goal with a title and none chosen', () => {
    expect(goalHints([areaGoal(), goal({ priority: null })])).toEqual([
      { goalIndex: 1, field: 'priority', message: MESSAGES.priorityHint },
    ]);
  });

  it('leaves goals with a priority, and goals not yet written, alone', () => {
    expect(goalHints([areaGoal(), EMPTY])).toEqual([]);
  });
});

describe('proposedLevelForAccuracyGoal (正確性重視)', () => {
  it.each<[number | null, Level | null, string | null]>([
    [0, 'A', 'ミスがなかったため A を提案（ミスがないことをプラスの評価とする）'],
    [1, 'B', 'ミス・事故が 1 件あったため B を提案'],
    [2, 'C', 'ミス・事故が 2 件あったため C を提案'],
    [3, 'C', 'ミス・事故が 3 件あったため C を提案'],
    [4, 'D', 'ミス・事故が 4 件あったため D を提案'],
    [12, 'D', 'ミス・事故が 12 件あったため D を提案'],
    [null, null, null],
    [-1, null, null],
    [1.5, null, null],
    [Number.NaN, null, null],
  ])('%s incidents → %s', (incidents, level, reason) => {
    const proposal = proposedLevelForAccuracyGoal(incidents);
    expect(proposal).toEqual(level === null ? null : { level, reason });
  });

  it('zero incidents is a plus, not the neutral B', () => {
    expect(proposedLevelForAccuracyGoal(0)?.level).not.toBe('B');
  });

  it.each<[number, Level]>([
    [0, 'S'],
    [2, 'A'],
    [3, 'B'],
    [5, 'B'],
    [6, 'D'],
  ])('a configured table: %i incidents → %s', (incidents, level) => {
    const rules: AccuracyRule[] = [
      { maxIncidents: 0, level: 'S' },
      { maxIncidents: 2, level: 'A' },
      { maxIncidents: 5, level: 'B' },
    ];
    expect(proposedLevelForAccuracyGoal(incidents, rules)?.level).toBe(level);
  });
});

describe('overriding a proposal needs a reason', () => {
  it.each<[Level | null, Level | null, boolean]>([
    ['A', 'A', false],
    ['A', 'B', true],
    ['A', 'S', true],
    ['C', 'B', true],
    ['A', null, false],
    [null, 'B', false],
    [null, null, false],
  ])('proposed %s, chosen %s → %s', (proposed, chosen, needed) => {
    expect(needsOverrideReason(proposed, chosen)).toBe(needed);
  });

  it.each<[Level | null, Level | null, string, string | null]>([
    ['A', 'B', '', '提案された評語（A）と異なる評語にする場合は、理由を入力してください'],
    ['A', 'B', '\u3000', '提案された評語（A）と異なる評語にする場合は、理由を入力してください'],
    ['A', 'B', '軽微な誤りが年度末に判明したため', null],
    ['A', 'A', '', null],
  ])('proposed %s, chosen %s, reason "%s"', (proposed, chosen, reason, message) => {
    expect(overrideReasonIssue(proposed, chosen, reason)).toBe(message);
  });
});
