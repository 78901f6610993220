/**
 * The rules of the MBO sheet (目標管理シート), docs/scores.md: what a goal may contain, when a sheet can be
 * submitted, the performance score (業績評価点) and the level proposed for 正確性重視 goals.
 * Pure functions with no I/O: the sheet screen, the Excel import and the appraisal all call these,
 * so a rule changes in one place. tests/unit/mbo.test.ts lists every rule as a table.
 */

// ── Constants ────────────────────────────────────────────────────────────────────────────────

export const GOAL_CATEGORIES = ['業務目標', '地域担当目標', '能力開発目標', '組織運営目標'] as const;
export type GoalCategory = (typeof GOAL_CATEGORIES)[number];

/** The plan places area-duty work in every person's MBO: each sheet needs at least one of these. */
export const AREA_GOAL_CATEGORY: GoalCategory = '地域担当目標';

/** The ward's three priorities (西区将来ビジョン). A goal may link to one. */
export const WARD_PRIORITIES = [
  '地域コミュニティの活性化',
  '安全・安心で快適なまちづくり',
  '多彩な魅力を活かしたブランド力の向上',
] as const;
export type WardPriority = (typeof WARD_PRIORITIES)[number];

export const GOAL_TYPES = ['通常', '正確性重視'] as const;
export type GoalType = (typeof GOAL_TYPES)[number];

/** 正確性重視: error-free duty, rated from the period's incident count (see proposedLevelForAccuracyGoal). */
export const ACCURACY_GOAL_TYPE: GoalType = '正確性重視';

export const DIFFICULTIES = ['A', 'B', 'C'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export const DIFFICULTY_LABELS: Readonly<Record<Difficulty, string>> = { A: '高', B: '標準', C: '低' };

export type DifficultyCoefficients = Readonly<Record<Difficulty, number>>;

/** The defaults (docs/scores.md); a cycle may configure its own. Coefficients are honoured to 3 decimals. */
export const DEFAULT_DIFFICULTY_COEFFICIENTS: DifficultyCoefficients = { A: 1.2, B: 1.0, C: 0.8 };

export const LEVELS = ['S', 'A', 'B', 'C', 'D'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_POINTS: Readonly<Record<Level, number>> = { S: 5, A: 4, B: 3, C: 2, D: 1 };

export const LEVEL_LABELS: Readonly<Record<Level, string>> = {
  S: '目標を大幅に上回った',
  A: '目標を上回った',
  B: '目標どおり達成した',
  C: '目標をやや下回った',
  D: '目標を大幅に下回った',
};

export const MIN_GOALS = 1;
export const MAX_GOALS = 5;
export const WEIGHT_TOTAL = 100;
export const TITLE_MAX_CHARS = 100;
export const TEXT_MAX_CHARS = 2000;

/** The score's range (業績評価点 1.0–5.0, docs/scores.md). */
export const SCORE_MIN = 1.0;
export const SCORE_MAX = 5.0;

// ── Small helpers ────────────────────────────────────────────────────────────────────────────

function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

export const isGoalCategory = (v: unknown): v is GoalCategory => isOneOf(GOAL_CATEGORIES, v);
export const isWardPriority = (v: unknown): v is WardPriority => isOneOf(WARD_PRIORITIES, v);
export const isGoalType = (v: unknown): v is GoalType => isOneOf(GOAL_TYPES, v);
export const isDifficulty = (v: unknown): v is Difficulty => isOneOf(DIFFICULTIES, v);
export const isLevel = (v: unknown): v is Level => isOneOf(LEVELS, v);

/** S → 5 … D → 1. */
export function levelPoint(level: Level): number {
  return LEVEL_POINTS[level];
}

/** 'S' → '目標を大幅に上回った'. */
export function levelLabel(level: Level): string {
  return LEVEL_LABELS[level];
}

/** A coefficient as people write it: 1 → '1.0', 1.2 → '1.2', 1.25 → '1.25' (configured in steps of 0.05). */
export function coefficientText(c: number): string {
  const tenths = c * 10;
  return Math.abs(tenths - Math.round(tenths)) < 1e-9 ? c.toFixed(1) : String(Math.round(c * 1000) / 1000);
}

/** 'A' → 'A 高 ×1.2' (with the cycle's coefficients), for dropdowns and printed sheets. */
export function difficultyLabel(
  difficulty: Difficulty,
  coefficients: DifficultyCoefficients = DEFAULT_DIFFICULTY_COEFFICIENTS,
): string {
  return `${difficulty} ${DIFFICULTY_LABELS[difficulty]} ×${coefficientText(coefficients[difficulty])}`;
}

// Characters as a person counts them: '𠮷' is one, not two UTF-16 units.
function charCount(s: string): number {
  return [...s].length;
}

// ── Performance score (業績評価点) ─────────────────────────────────────────────────────────────

export type ScoredGoal = { weight: number; level: Level | null; difficulty: Difficulty };

export type ScoreResult = {
  /** The score as recorded: one decimal, within 1.0–5.0. Null while any goal lacks a level. */
  score: number | null;
  /** Σ(weight × level point × difficulty) / 100 before the range limits and rounding. */
  raw: number | null;
  /** True when raw was above 5.0 and the score was cut to 5.0. */
  capped: boolean;
  /** True when raw was below 1.0 and the score was raised to 1.0. */
  floored: boolean;
  /** How many goals have no level yet. */
  missing: number;
};

/**
 * 業績評価点 (docs/scores.md) = Σ(weight × level point × difficulty coefficient) / 100,
 * kept within 1.0–5.0 and rounded to one decimal, half up.
 *
 * - The caller chooses which level to score (self, 1次 or 2次).
 * - Range: above 5.0 is cut to 5.0 (`capped`). Below 1.0 is raised to 1.0 (`floored`): the score's range is
 *   1.0–5.0, yet all-D goals at difficulty C give 0.8, and nobody scores below the lowest
 *   level's point of 1.
 * - Rounding is decided on exact integers, never on floating-point products: 1.2 × 3 is not exactly 3.6
 *   in binary, and a naive Math.round turns 2.45 into 2.4. Weights count to 1/100 and
 *   coefficients to 1/1000, so the sum is a whole number of 1/10,000,000 points.
 * - Weights are not checked here (validateGoals does that); a draft whose weights do not total 100
 *   still gets a score from the formula as written.
 * - No goals, or any goal without a level: score null (shown as 未確定), with `missing` counting the
 *   goals without a level.
 */
export function performanceScore(
  goals: readonly ScoredGoal[],
  coefficients: DifficultyCoefficients = DEFAULT_DIFFICULTY_COEFFICIENTS,
): ScoreResult {
  const missing = goals.filter((g) => g.level === null).length;
  if (goals.length === 0 || missing > 0) return { score: null, raw: null, capped: false, floored: false, missing };

  // Units: weight in 1/100, coefficient in 1/1000, so one score point = 100 × 100 × 1000 units.
  let units = 0;
  for (const g of goals) {
    if (g.level === null) continue;
    units += Math.round(g.weight * 100) * levelPoint(g.level) * Math.round(coefficients[g.difficulty] * 1000);
  }
  return performanceFromUnits(units);
}

/**
 * The score of rated goals from their units, Σ round(weight × 100) × level point ×
 * round(coefficient × 1000) (what performanceScore sums; a year's ranking sums them in SQL).
 */
export function performanceFromUnits(units: number): ScoreResult {
  const UNITS_PER_POINT = 10_000_000;
  const UNITS_PER_TENTH = UNITS_PER_POINT / 10;

  // Half up on the integer: add half a tenth, then drop the remainder.
  const tenths = Math.floor((units + UNITS_PER_TENTH / 2) / UNITS_PER_TENTH);
  const minTenths = Math.round(SCORE_MIN * 10);
  const maxTenths = Math.round(SCORE_MAX * 10);
  const capped = units > maxTenths * UNITS_PER_TENTH;
  const floored = units < minTenths * UNITS_PER_TENTH;
  const clamped = Math.min(maxTenths, Math.max(minTenths, tenths));

  return { score: clamped / 10, raw: units / UNITS_PER_POINT, capped, floored, missing: 0 };
}

/** 3.6 → '3.6', 5 → '5.0'. Scores are always shown with one decimal. */
export function formatScore(score: number): string {
  const tenths = Math.round(score * 10);
  const sign = tenths < 0 ? '-' : '';
  const abs = Math.abs(tenths);
  return `${sign}${Math.floor(abs / 10)}.${abs % 10}`;
}

const FORMULA_NOTE = 'Σ ウェイト×評語点×難易度 ÷ 100、上限5.0、小数第1位四捨五入';

/**
 * One line explaining the score, shown under it on the sheet:
 * '業績評価点 3.6（Σ ウェイト×評語点×難易度 ÷ 100、上限5.0、小数第1位四捨五入）'.
 */
export function describeScore(result: ScoreResult): string {
  if (result.score === null) {
    return result.missing > 0
      ? `業績評価点は未確定です（評語が未入力の目標が ${result.missing} 件あります）`
      : '業績評価点は未確定です（目標がありません）';
  }
  const score = formatScore(result.score);
  if (result.capped && result.raw !== null) {
    return `業績評価点 ${score}（計算値 ${result.raw} を上限5.0としました。${FORMULA_NOTE}）`;
  }
  if (result.floored && result.raw !== null) {
    return `業績評価点 ${score}（計算値 ${result.raw} を下限1.0としました。${FORMULA_NOTE}）`;
  }
  return `業績評価点 ${score}（${FORMULA_NOTE}）`;
}

// ── Goal rules ───────────────────────────────────────────────────────────────────────────────

/** A goal as typed on the sheet or read from a workbook: anything may still be empty. */
export type GoalDraft = {
  category: GoalCategory | null;
  title: string;
  content: string;
  /** 達成基準: the measurable achievement standard. */
  standard: string;
  /** 区の重点施策: optional, but suggested (goalHints). */
  priority: WardPriority | null;
  weight: number | null;
  difficulty: Difficulty | null;
  /** スケジュール: free text, optional. */
  schedule: string;
  type: GoalType | null;
};

export type GoalField = keyof GoalDraft;

export type GoalIssue = {
  /** The goal the message belongs to (0-based), or null for the sheet as a whole. */
  goalIndex: number | null;
  /** The field to show the message at, or null for the sheet's header. */
  field: GoalField | null;
  message: string;
};

export type ValidationMode = 'draft' | 'submit';

export const MESSAGES = {
  noGoals: '目標を1件以上設定してください',
  tooManyGoals: (count: number) => `目標は${MAX_GOALS}件までです（現在 ${count}件）`,
  weightTotal: (total: number) => `配分（ウェイト）の合計が${WEIGHT_TOTAL}になっていません（現在 ${total}）`,
  noAreaGoal: '地域担当目標が1件もありません。職員育成基本プランにより、すべての職員が地域担当目標を設定します',
  weightRange: '配分（ウェイト）は1〜100の整数で入力してください',
  tooLong: (label: string, max: number, count: number) =>
    `${label}は${max}文字以内で入力してください（現在 ${count}文字）`,
  invalidChoice: (label: string) => `${label}の値が正しくありません。一覧から選んでください`,
  required: {
    category: '目標の区分を選んでください',
    title: '目標（タイトル）を入力してください',
    content: '目標の内容を入力してください',
    standard: '達成基準を入力してください',
    weight: '配分（ウェイト）を入力してください',
    difficulty: '難易度を選んでください',
    type: '目標の種類（通常／正確性重視）を選んでください',
  },
  priorityHint: '区の重点施策を選ぶと、目標と区の施策とのつながりが分かります（任意）',
} as const;

const TEXT_LIMITS: ReadonlyArray<{ field: 'title' | 'content' | 'standard' | 'schedule'; label: string; max: number }> =
  [
    { field: 'title', label: '目標（タイトル）', max: TITLE_MAX_CHARS },
    { field: 'content', label: '目標の内容', max: TEXT_MAX_CHARS },
    { field: 'standard', label: '達成基準', max: TEXT_MAX_CHARS },
    { field: 'schedule', label: 'スケジュール', max: TEXT_MAX_CHARS },
  ];

// Values typed as unions may still arrive as free text from a workbook; report them, don't trust them.
const CHOICES: ReadonlyArray<{
  field: 'category' | 'priority' | 'difficulty' | 'type';
  label: string;
  ok: (v: unknown) => boolean;
}> = [
  { field: 'category', label: '目標の区分', ok: isGoalCategory },
  { field: 'priority', label: '区の重点施策', ok: isWardPriority },
  { field: 'difficulty', label: '難易度', ok: isDifficulty },
  { field: 'type', label: '目標の種類', ok: isGoalType },
];

const isBlank = (s: string | null | undefined): boolean => (s ?? '').trim() === '';

function isValidWeight(w: number): boolean {
  return Number.isInteger(w) && w >= 1 && w <= WEIGHT_TOTAL;
}

function goalIssues(goal: GoalDraft, index: number, mode: ValidationMode): GoalIssue[] {
  const issues: GoalIssue[] = [];
  const at = (field: GoalField, message: string): void => {
    issues.push({ goalIndex: index, field, message });
  };

  if (mode === 'submit') {
    if (goal.category === null) at('category', MESSAGES.required.category);
    if (isBlank(goal.title)) at('title', MESSAGES.required.title);
    if (isBlank(goal.content)) at('content', MESSAGES.required.content);
    if (isBlank(goal.standard)) at('standard', MESSAGES.required.standard);
    if (goal.weight === null) at('weight', MESSAGES.required.weight);
    if (goal.difficulty === null) at('difficulty', MESSAGES.required.difficulty);
    if (goal.type === null) at('type', MESSAGES.required.type);
  }

  for (const { field, label, ok } of CHOICES) {
    const value = goal[field];
    if (value !== null && !ok(value)) at(field, MESSAGES.invalidChoice(label));
  }
  if (goal.weight !== null && !isValidWeight(goal.weight)) at('weight', MESSAGES.weightRange);
  for (const { field, label, max } of TEXT_LIMITS) {
    const count = charCount(goal[field]);
    if (count > max) at(field, MESSAGES.tooLong(label, max, count));
  }
  return issues;
}

/**
 * Everything wrong with a sheet's goals, each message at its field.
 *
 * Sheet rules, in both modes: 1–5 goals; entered weights total exactly 100; at least one
 * 地域担当目標. Field rules, in both modes: weights are whole numbers 1–100, text within its length,
 * choices from their lists. Required fields (all but 区の重点施策 and スケジュール) only in 'submit'.
 *
 * In 'submit' mode any issue blocks submission. In 'draft' mode the same sheet and field issues come
 * back so the screen can show them as warnings while the person is still writing.
 * Order: sheet issues first, then each goal's in form order.
 */
export function validateGoals(goals: readonly GoalDraft[], mode: ValidationMode): GoalIssue[] {
  const issues: GoalIssue[] = [];
  if (goals.length < MIN_GOALS) {
    // With no goals the weight and area rules would only repeat the same point.
    issues.push({ goalIndex: null, field: null, message: MESSAGES.noGoals });
    return issues;
  }
  if (goals.length > MAX_GOALS) {
    issues.push({ goalIndex: null, field: null, message: MESSAGES.tooManyGoals(goals.length) });
  }

  // Totalled in hundredths so that a stray decimal in a workbook is shown as typed, not as 99.99999.
  const totalHundredths = goals.reduce(
    (sum, g) => sum + (g.weight !== null && Number.isFinite(g.weight) ? Math.round(g.weight * 100) : 0),
    0,
  );
  if (totalHundredths !== WEIGHT_TOTAL * 100) {
    issues.push({ goalIndex: null, field: 'weight', message: MESSAGES.weightTotal(totalHundredths / 100) });
  }

  if (!goals.some((g) => g.category === AREA_GOAL_CATEGORY)) {
    issues.push({ goalIndex: null, field: 'category', message: MESSAGES.noAreaGoal });
  }

  goals.forEach((goal, index) => issues.push(...goalIssues(goal, index, mode)));
  return issues;
}

/**
 * Suggestions that never block: a goal without a 区の重点施策. Shown as a gentle note beside the field.
 * Goals still empty (no title yet) are left alone.
 */
export function goalHints(goals: readonly GoalDraft[]): GoalIssue[] {
  return goals.flatMap((goal, index) =>
    goal.priority === null && !isBlank(goal.title)
      ? [{ goalIndex: index, field: 'priority' as const, message: MESSAGES.priorityHint }]
      : [],
  );
}

// ── 正確性重視 goals ────────────────────────────────────────────────────────────────────────────

/** A row of the proposal table: up to `maxIncidents` incidents proposes `level`. */
export type AccuracyRule = { maxIncidents: number; level: Level };

/**
 * Default proposal table for 正確性重視 goals. Zero incidents proposes A, a plus, not the neutral B:
 * the plan's 「ミスがないことをプラスの評価とする」. One incident is the neutral B, 2–3 C, 4 or more D.
 * Rows are read in order; a count beyond the last row proposes D.
 */
export const DEFAULT_ACCURACY_RULES: readonly AccuracyRule[] = [
  { maxIncidents: 0, level: 'A' },
  { maxIncidents: 1, level: 'B' },
  { maxIncidents: 3, level: 'C' },
];

export type LevelProposal = { level: Level; reason: string };

/**
 * The level proposed from the period's incident count (ミス・事故の件数) for a 正確性重視 goal.
 * Null when no count is recorded yet, or the count is not a whole number ≥ 0: no proposal rather
 * than a wrong one. The proposal is shown to the evaluator, who may choose another level with a reason.
 */
export function proposedLevelForAccuracyGoal(
  incidents: number | null,
  rules: readonly AccuracyRule[] = DEFAULT_ACCURACY_RULES,
): LevelProposal | null {
  if (incidents === null || !Number.isInteger(incidents) || incidents < 0) return null;
  const level = rules.find((r) => incidents <= r.maxIncidents)?.level ?? 'D';
  const reason =
    incidents === 0
      ? `ミスがなかったため ${level} を提案（ミスがないことをプラスの評価とする）`
      : `ミス・事故が ${incidents} 件あったため ${level} を提案`;
  return { level, reason };
}

/** A level chosen different from the proposal needs a reason. Nothing chosen yet needs none. */
export function needsOverrideReason(proposed: Level | null, chosen: Level | null): boolean {
  return proposed !== null && chosen !== null && proposed !== chosen;
}

/** The message for the reason field when an override has no reason; null when all is well. */
export function overrideReasonIssue(proposed: Level | null, chosen: Level | null, reason: string): string | null {
  if (!needsOverrideReason(proposed, chosen) || !isBlank(reason)) return null;
  return `提案された評語（${proposed ?? ''}）と異なる評語にする場合は、理由を入力してください`;
}

// ── Sheet workflow ───────────────────────────────────────────────────────────────────────────

/**
 * Where a sheet stands. Goal setting: 未提出 → 提出済 → 承認済 (or back to 差し戻し, then 提出済 again).
 * After approval the person records mid-term progress and, at year end, their own levels; submitting
 * those makes it 自己評価済, from which the appraisal (the next stage) takes the 1次/2次 levels.
 */
export const MBO_STATUSES = ['未提出', '差し戻し', '提出済', '承認済', '自己評価済'] as const;
export type MboStatus = (typeof MBO_STATUSES)[number];

export const MBO_STATUS_HELP: Readonly<Record<MboStatus, string>> = {
  未提出: '本人が目標を設定しています',
  差し戻し: '1次評価者から差し戻されました。コメントを見て修正し、再提出してください',
  提出済: '1次評価者の承認を待っています',
  承認済: '目標が承認されました。中間の進捗と期末の自己評価を記入します',
  自己評価済: '期末の自己評価が提出されました',
};

/** Mid-term progress is a whole percentage. */
export const PROGRESS_MAX = 100;
export const COMMENT_MAX_CHARS = 2000;
export const REASON_MAX_CHARS = 500;

/** Whether the person is still writing their goals (the only time goals are added or removed). */
export function isGoalSetting(status: MboStatus): boolean {
  return status === '未提出' || status === '差し戻し';
}

/** A sheet with goals but no 地域担当目標 — the coverage figure of the area system. */
export function lacksAreaGoal(categories: readonly (GoalCategory | null)[]): boolean {
  return !categories.includes(AREA_GOAL_CATEGORY);
}

/** Only a goal's own wording and settings, from anything that carries them (a stored goal, a view). */
export function draftOf(g: GoalDraft): GoalDraft {
  return {
    category: g.category,
    title: g.title,
    content: g.content,
    standard: g.standard,
    priority: g.priority,
    weight: g.weight,
    difficulty: g.difficulty,
    schedule: g.schedule,
    type: g.type,
  };
}

/** An empty goal, as the sheet offers it when a goal is added. */
export function emptyGoal(category: GoalCategory | null = null): GoalDraft {
  return {
    category,
    title: '',
    content: '',
    standard: '',
    priority: null,
    weight: null,
    difficulty: 'B',
    schedule: '',
    type: '通常',
  };
}

/** Year-end problems with the person's own levels: every goal needs one, and a reason where it departs from a proposal. */
export type YearEndGoal = { level: Level | null; proposal: Level | null; reason: string };

/** A year-end problem of one goal, at the person's own level or their reason. */
export type YearEndIssue = { goalIndex: number; field: 'selfLevel' | 'selfReason'; message: string };

export function yearEndIssues(goals: readonly YearEndGoal[]): YearEndIssue[] {
  const issues: YearEndIssue[] = [];
  goals.forEach((g, index) => {
    if (g.level === null) {
      issues.push({ goalIndex: index, field: 'selfLevel', message: '自己評価（達成度）を選んでください' });
      return;
    }
    const reason = overrideReasonIssue(g.proposal, g.level, g.reason);
    if (reason) issues.push({ goalIndex: index, field: 'selfReason', message: reason });
  });
  return issues;
}
