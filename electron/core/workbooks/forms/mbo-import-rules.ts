import { GoalDraftSchema } from '../../../../shared/contract';
import { isGoalSetting, validateGoals } from '../../../../shared/mbo';
import type { GoalDraft, GoalField, GoalIssue, MboStatus } from '../../../../shared/mbo';

const goalFields = Object.keys(GoalDraftSchema.shape) as GoalField[];

/**
 * Which rules an imported 目標管理シート is held to (docs/workbook-import.md): the app's own, by the
 * sheet's status. While the goals are being set (未提出, 差し戻し) the app's 保存 keeps a draft
 * whatever its state — goals missing fields, weights not yet totalling 100, no 地域担当目標 — and only
 * 提出 applies the sheet's rules (electron/core/mbo/mbo.service.ts saveSheet vs submitSheet). So a
 * draft changed in Excel is saved as a draft, refused only for what 保存 refuses too: a value that
 * cannot be stored (a choice not in its list, a weight that is not a whole number 0–100, text past
 * the hard bound of 'mbo:save'). Any other status keeps the rules of 提出.
 */
export function mboImportIssues(status: MboStatus, drafts: readonly GoalDraft[]): GoalIssue[] {
  if (!isGoalSetting(status)) return validateGoals(drafts, 'submit');
  // What 保存 refuses is 'mbo:save''s schema; the words are the sheet screen's where it has them.
  const screen = validateGoals(drafts, 'draft');
  const issues: GoalIssue[] = [];
  drafts.forEach((draft, goalIndex) => {
    const parsed = GoalDraftSchema.safeParse(draft);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const name = issue.path[0];
      const field = goalFields.find((f) => f === name) ?? null;
      if (issues.some((i) => i.goalIndex === goalIndex && i.field === field)) continue;
      const same = screen.find((i) => i.goalIndex === goalIndex && i.field === field);
      issues.push({ goalIndex, field, message: same?.message ?? issue.message });
    }
  });
  return issues;
}
