import type { AppraisalGoalView, AppraisalStage, AppraisalView } from '../../../../shared/contract';
import { competencyScore } from '../../../../shared/appraisal';
import { isDifficulty, performanceScore } from '../../../../shared/mbo';
import type { Difficulty, Level } from '../../../../shared/mbo';

/*
 * What the appraisal form holds while it is typed: the caller's own stage only (view.can.stage),
 * and which parts changed since the last save, so the autosave sends just those.
 */

export type GoalEntry = { level: Level | null; comment: string; reason: string };

export type AppraisalDraft = {
  ratings: Record<string, number | null>;
  goals: Record<number, GoalEntry>;
  comment: string;
  adjustment: number;
  adjustmentReason: string;
};

/** The parts of the draft changed since the last save. */
export type Changed = { ratings: Set<string>; goals: Set<number>; comment: boolean; adjustment: boolean };

export function noChanges(): Changed {
  return { ratings: new Set(), goals: new Set(), comment: false, adjustment: false };
}

export function mergeChanges(a: Changed, b: Changed): Changed {
  return {
    ratings: new Set([...a.ratings, ...b.ratings]),
    goals: new Set([...a.goals, ...b.goals]),
    comment: a.comment || b.comment,
    adjustment: a.adjustment || b.adjustment,
  };
}

export function hasChanges(c: Changed): boolean {
  return c.ratings.size > 0 || c.goals.size > 0 || c.comment || c.adjustment;
}

/** Short stage names for columns and field names: 本人 / 1次 / 2次 / 調整者. */
export const STAGE_SHORT: Readonly<Record<AppraisalStage, string>> = {
  self: '本人',
  first: '1次',
  second: '2次',
  adjuster: '調整者',
};

export const RATING_LABELS: Readonly<Record<number, string>> = {
  5: '大変優れている',
  4: '優れている',
  3: '標準',
  2: 'やや劣る',
  1: '大変劣る',
};

export const RATING_VALUES = [5, 4, 3, 2, 1] as const;

export const ADJUSTMENT_STEPS: readonly number[] = Array.from({ length: 21 }, (_v, i) => (i - 10) * 5).map(
  (n) => n / 100,
);

export function formatAdjustment(n: number): string {
  if (n === 0) return '0.00（調整なし）';
  return `${n > 0 ? '+' : '−'}${Math.abs(n).toFixed(2)}`;
}

/** Scores on the appraisal screens: always two decimals (4.00 beside 3.16), 未確定 for none. */
export function formatPoints(n: number | null): string {
  return n === null ? '未確定' : n.toFixed(2);
}

// A score × its weight, written as the printed form writes it (shared/appraisal.ts).
export { formatWeighted } from '../../../../shared/appraisal';

const difficultyOf = (d: string | null): Difficulty => (isDifficulty(d) ? d : 'B');

/**
 * The scores as they stand with what is typed (the live score): the caller's own stage is scored
 * from the draft — a 1次 level the form filled in from its default (他所属評価 or the zero-incident
 * proposal, docs/scores.md) counts as chosen — and everything else as the main process scored it.
 * The 絶対評価点 stays the main process's (it follows within a second, at the autosave).
 */
export function liveScores(view: AppraisalView, draft: AppraisalDraft): AppraisalView['scores'] {
  const st = view.can.stage;
  const s = view.scores;
  if (st === null || st === 'adjuster') return s;
  const competency = {
    ...s.competency,
    [st]: competencyScore(view.ratings.map((r) => draft.ratings[r.item] ?? null)),
  };
  if (st === 'self') return { ...s, competency };
  const performance = {
    ...s.performance,
    [st]: performanceScore(
      view.goals.map((g) => ({
        weight: g.weight ?? 0,
        level: draft.goals[g.id]?.level ?? null,
        difficulty: difficultyOf(g.difficulty),
      })),
      view.difficultyCoefficients,
    ),
  };
  return { ...s, performance, competency };
}

function commentOf(view: AppraisalView, stage: AppraisalStage): string {
  return view.comments[stage];
}

/** The level the 1次 sees before choosing: their saved one, else the default (cross rating or proposal). */
export function firstLevelOf(g: AppraisalGoalView): Level | null {
  return g.first.level ?? g.firstDefault?.level ?? null;
}

export function draftOf(view: AppraisalView): AppraisalDraft {
  const stage = view.can.stage;
  const ratings: Record<string, number | null> = {};
  const goals: Record<number, GoalEntry> = {};
  if (stage === 'self' || stage === 'first' || stage === 'second') {
    for (const r of view.ratings) ratings[r.item] = r[stage];
  }
  if (stage === 'first' || stage === 'second') {
    for (const g of view.goals) {
      const e = g[stage];
      goals[g.id] = { level: stage === 'first' ? firstLevelOf(g) : e.level, comment: e.comment, reason: e.reason };
    }
  }
  return {
    ratings,
    goals,
    comment: stage === null ? '' : commentOf(view, stage),
    adjustment: view.adjustment,
    adjustmentReason: view.adjustmentReason,
  };
}

/** Goals whose 1次 level the form filled in from the default and that are not saved yet. */
export function prefilledGoals(view: AppraisalView): number[] {
  if (view.can.stage !== 'first') return [];
  return view.goals.filter((g) => g.first.level === null && g.firstDefault !== null).map((g) => g.id);
}

/** True when the 1次's level departs from the goal's default, so a reason is needed. */
export function departs(g: AppraisalGoalView, level: Level | null): boolean {
  return g.firstDefault !== null && level !== null && level !== g.firstDefault.level;
}

export type SaveRequest = {
  ratings?: Record<string, number | null>;
  goals?: { goalId: number; level: Level | null; comment?: string; reason?: string }[];
  comment?: string;
  adjustment?: number;
  adjustmentReason?: string;
};

/** The part of the draft to send for what changed. */
export function saveRequestOf(draft: AppraisalDraft, changed: Changed, stage: AppraisalStage): SaveRequest {
  const out: SaveRequest = {};
  if (changed.ratings.size > 0 && stage !== 'adjuster') {
    out.ratings = Object.fromEntries([...changed.ratings].map((item) => [item, draft.ratings[item] ?? null]));
  }
  if (changed.goals.size > 0 && (stage === 'first' || stage === 'second')) {
    out.goals = [...changed.goals].map((goalId) => {
      const g = draft.goals[goalId] ?? { level: null, comment: '', reason: '' };
      return { goalId, level: g.level, comment: g.comment, ...(stage === 'first' ? { reason: g.reason } : {}) };
    });
  }
  if (changed.comment) out.comment = draft.comment;
  if (changed.adjustment && stage === 'adjuster') {
    out.adjustment = draft.adjustment;
    out.adjustmentReason = draft.adjustmentReason;
  }
  return out;
}

export type Problem = { field: string | null; message: string };

/**
 * What blocks submitting, as the main process last reported it, corrected by what was typed since
 * (a choice made a moment ago clears its message before the autosave has run).
 */
export function currentProblems(view: AppraisalView, draft: AppraisalDraft): Problem[] {
  const stage = view.can.stage;
  const out: Problem[] = [];
  for (const p of view.problems) {
    const f = p.field ?? '';
    if (f.startsWith('ratings.')) {
      if ((draft.ratings[f.slice('ratings.'.length)] ?? null) !== null) continue;
    } else if (/^goals\.\d+$/u.test(f)) {
      if ((draft.goals[Number(f.slice('goals.'.length))]?.level ?? null) !== null) continue;
    } else if (/^goals\.\d+\.reason$/u.test(f)) {
      continue; // recomputed below from the draft
    } else if (f === 'adjustmentReason') {
      if (draft.adjustment === 0 || draft.adjustmentReason.trim() !== '') continue;
    }
    out.push(p);
  }
  if (stage === 'first') {
    view.goals.forEach((g, i) => {
      const d = draft.goals[g.id];
      if (!d || !departs(g, d.level) || d.reason.trim() !== '' || !g.firstDefault) return;
      out.push({
        field: `goals.${g.id}.reason`,
        message:
          g.firstDefault.source === 'cross'
            ? `目標${i + 1}: 他所属評価（${g.firstDefault.level}）と異なる評語にする場合は、理由を入力してください`
            : `目標${i + 1}: 提案された評語（${g.firstDefault.level}）と異なる評語にする場合は、理由を入力してください`,
      });
    });
  }
  if (stage === 'adjuster' && draft.adjustment !== 0 && draft.adjustmentReason.trim() === '') {
    if (!out.some((p) => p.field === 'adjustmentReason')) {
      out.push({ field: 'adjustmentReason', message: '調整する場合は、調整の理由を入力してください' });
    }
  }
  return out;
}

/** The message for one field, if any. */
export function problemAt(problems: readonly Problem[], field: string): string | undefined {
  return problems.find((p) => p.field === field)?.message;
}
