import type { MboGoalView, MboSheetView } from '../../../../shared/contract';
import { AREA_GOAL_CATEGORY, WEIGHT_TOTAL, draftOf } from '../../../../shared/mbo';
import type { GoalDraft, GoalField, GoalIssue, Level } from '../../../../shared/mbo';

/** A goal being written, with a key of its own so cards keep their identity when moved. */
export type KeyedGoal = { key: number; goal: GoalDraft };

let nextKey = 1;

export function keyed(goal: GoalDraft): KeyedGoal {
  nextKey += 1;
  return { key: nextKey, goal };
}

export function draftOfGoal(g: MboGoalView): GoalDraft {
  return draftOf(g);
}

export function goalsDraftOf(view: MboSheetView): KeyedGoal[] {
  return view.goals.map((g) => keyed(draftOfGoal(g)));
}

/** Weights typed so far; blanks count as 0. */
export function weightTotal(goals: readonly { weight: number | null }[]): number {
  return goals.reduce((sum, g) => sum + (g.weight !== null && Number.isFinite(g.weight) ? g.weight : 0), 0);
}

export function weightTotalOk(total: number): boolean {
  return total === WEIGHT_TOTAL;
}

export function isAreaGoal(g: { category: GoalDraft['category'] }): boolean {
  return g.category === AREA_GOAL_CATEGORY;
}

/** Messages at one field of one goal. */
export type FieldMessages = Partial<Record<GoalField, string[]>>;

/** Splits the rule results into the sheet's own messages and those at each goal's fields. */
export function splitIssues(issues: readonly GoalIssue[]): { sheet: string[]; goals: Map<number, FieldMessages> } {
  const sheet: string[] = [];
  const goals = new Map<number, FieldMessages>();
  for (const issue of issues) {
    if (issue.goalIndex === null) {
      sheet.push(issue.message);
      continue;
    }
    const at = goals.get(issue.goalIndex) ?? {};
    const field: GoalField = issue.field ?? 'title';
    at[field] = [...(at[field] ?? []), issue.message];
    goals.set(issue.goalIndex, at);
  }
  return { sheet, goals };
}

/** 'goals.1.weight' → { goalIndex: 1, field: 'weight' }; 'weight' → { goalIndex: null, field: 'weight' }. */
export function parseGoalField(field: string | undefined): { goalIndex: number | null; field: string } | null {
  if (field === undefined) return null;
  const m = /^goals\.(\d+)\.(\w+)$/u.exec(field);
  if (m) return { goalIndex: Number(m[1]), field: m[2] ?? '' };
  return { goalIndex: null, field };
}

/** What the person writes after approval, per goal. */
export type GoalUpdateDraft = {
  progress: number | null;
  midNote: string;
  selfLevel: Level | null;
  selfComment: string;
  selfReason: string;
};

export function updateDraftOf(g: MboGoalView): GoalUpdateDraft {
  return {
    progress: g.progress,
    midNote: g.midNote,
    selfLevel: g.self.level,
    selfComment: g.self.comment,
    selfReason: g.self.reason,
  };
}

/** What is written on a sheet after approval: per-goal entries, incident counts and comments. */
export type BodyDraft = {
  updates: Record<number, GoalUpdateDraft>;
  incidents: Record<number, number | null>;
  selfMid: string;
  selfFinal: string;
  firstMid: string;
};

export function bodyDraftOf(view: MboSheetView): BodyDraft {
  return {
    updates: Object.fromEntries(view.goals.map((g) => [g.id, updateDraftOf(g)])),
    incidents: Object.fromEntries(view.goals.map((g) => [g.id, g.incidents])),
    selfMid: view.comments.selfMid,
    selfFinal: view.comments.selfFinal,
    firstMid: view.comments.firstMid,
  };
}

/** A whole number typed into a number field, or null when blank or not a number. */
export function numberOrNull(text: string): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}
