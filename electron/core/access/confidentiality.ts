import type { FieldDiff } from '../../../shared/contract';
import type { Relation } from '../../../shared/relation';

/*
 * The self-report's confidentiality rule (docs/confidentiality.md), in one place for the screens
 * (self-report/self-report.service.ts) and Excel (workbooks/forms/) alike: which sections are
 * confidential, who receives them, which export holds them, and the one mask that stands for a
 * changed value wherever a change is reported (the audit log and a workbook preview's diff).
 */

/** The confidential sections: health and family circumstances. */
export const confidentialSections = ['health', 'family'] as const;

export type ConfidentialSection = (typeof confidentialSections)[number];

export function isConfidentialSection(key: string): key is ConfidentialSection {
  return (confidentialSections as readonly string[]).includes(key);
}

/** The person, their 調整者 and HR: the only ones who receive health and family circumstances. */
export function mayReadConfidential(relation: Relation): boolean {
  return relation === 'self' || relation === 'adjuster' || relation === 'hr';
}

/**
 * Whether a form export holds the confidential sections: only HR's export of one person's
 * self-report (form exports are HR's alone); an export of a section or of everyone leaves them out.
 */
export function exportHoldsConfidential(kind: string, onePerson: boolean): boolean {
  return kind === 'selfreports' && onePerson;
}

/** The one mask shown instead of a changed confidential value, on both sides of the change. */
export const confidentialMask = '（非公開項目を変更）';

/** What a printed form shows in place of a confidential section it leaves out. */
export const confidentialOmitted = '（非公開項目のため省略）';

/** Beside an empty confidential cell of a staff workbook: who fills it and who reads it. */
export const confidentialCellNote = '本人のみ記入（提出後は調整者と人事担当のみ閲覧）';

/**
 * Only what changed between two flat item records, before → after; a changed confidential section
 * shows the mask on both sides, so its values never reach the audit log or its export.
 */
export function maskedChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const out = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    const masked = isConfidentialSection(key);
    out.before[key] = masked ? confidentialMask : before[key];
    out.after[key] = masked ? confidentialMask : after[key];
  }
  return out;
}

/** A preview's diff line for a confidential section that changed: the label, never the values. */
export function maskedDiff(field: string): FieldDiff {
  return { field, before: confidentialMask, after: confidentialMask };
}
