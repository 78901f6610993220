import { LEVELS, REASON_MAX_CHARS, overrideReasonIssue } from './mbo';
import type { Level } from './mbo';

/*
 * Filling an evaluator's workbook in Kaname (評価者用 記入用ブック, docs/workbooks.md): an evaluator who works
 * away from the office opens the workbook HR sent them in their own Kaname — no office database or
 * login needed — fills the forms on screen with the same rules the import applies, and saves the
 * workbook back for HR to import. The workbook stays the only record: what the evaluator saves is
 * the same file with only its open cells written, so HR's import checks it exactly as if it had been
 * filled in Excel.
 *
 * These are the shapes the screen works with, and the rules it checks as the evaluator types
 * (the import checks them again, trusting nothing the file says).
 */

export type FillRole = 'first' | 'second' | 'cross';

export const FILL_ROLE_LABELS: Readonly<Record<FillRole, string>> = {
  first: '1次評価',
  second: '2次評価',
  cross: '他所属評価',
};

export type FillCellStyle = 'title' | 'subtitle' | 'section' | 'label' | 'value' | 'note';

export type FillFieldKind = 'level' | 'rating' | 'text';

/** A cell the evaluator writes. */
export type FillField = {
  key: string;
  label: string;
  kind: FillFieldKind;
  /** The choices of a level or a rating. */
  choices: readonly string[] | null;
  /** The longest text allowed, in characters. */
  max: number | null;
};

/** One cell of the paper-like form as the screen lays it out (a four-column grid, as in Excel). */
export type FillCell = {
  row: number;
  col: number;
  span: number;
  style: FillCellStyle;
  /** What a locked cell shows (a field's current value is in FillForm.values). */
  text: string;
  field: FillField | null;
};

/** A 1次 level that departs from its default (cross-section rating or zero-incident proposal) needs a reason. */
export type FillReasonRule = {
  goal: number;
  levelKey: string;
  reasonKey: string;
  defaultLevel: Level | null;
  source: 'cross' | 'proposal' | null;
};

export type FillForm = {
  sheetName: string;
  staffNo: string;
  name: string;
  role: FillRole;
  cells: FillCell[];
  /** Field key → the text in the workbook now ('' for an empty cell). */
  values: Record<string, string>;
  rules: FillReasonRule[];
};

export type FillWorkbook = {
  fileName: string;
  fy: number;
  officeName: string;
  evaluatorNo: string;
  evaluatorName: string;
  exportedAt: string;
  forms: FillForm[];
};

/** A problem at a field; `missingReason` ones are allowed in a saved draft (the import still refuses them). */
export type FillProblem = { key: string; message: string; missingReason?: true };

export const FILL_RATING_CHOICES = ['1', '2', '3', '4', '5'] as const;

const chars = (s: string) => [...s].length;

/** Every problem the import would report for these values, per field (empty fields are allowed: a draft). */
export function checkFillForm(form: FillForm, values: Readonly<Record<string, string>>): FillProblem[] {
  const out: FillProblem[] = [];
  for (const cell of form.cells) {
    const f = cell.field;
    if (!f) continue;
    const v = (values[f.key] ?? '').trim();
    if (v === '') continue;
    if (f.kind === 'level' && !(LEVELS as readonly string[]).includes(v.toUpperCase())) {
      out.push({
        key: f.key,
        message: `${f.label}は ${LEVELS.join('・')} から選んでください（入力: ${v.slice(0, 20)}）。`,
      });
    } else if (f.kind === 'rating' && !(FILL_RATING_CHOICES as readonly string[]).includes(v)) {
      out.push({ key: f.key, message: `${f.label}は1〜5の整数で選んでください（入力: ${v.slice(0, 20)}）。` });
    } else if (f.kind === 'text' && f.max !== null && chars(v) > f.max) {
      out.push({ key: f.key, message: `${f.label}は${f.max}文字以内で入力してください（${chars(v)}文字）。` });
    }
  }
  for (const rule of form.rules) {
    const level = (values[rule.levelKey] ?? '').trim().toUpperCase();
    if (!(LEVELS as readonly string[]).includes(level)) continue;
    const issue = overrideReasonIssue(rule.defaultLevel, level as Level, values[rule.reasonKey] ?? '');
    if (!issue) continue;
    out.push({
      key: rule.reasonKey,
      missingReason: true,
      message:
        rule.source === 'cross'
          ? `目標${rule.goal + 1}: 他所属評価（${rule.defaultLevel ?? ''}）と異なる評語にする場合は、理由を入力してください。`
          : `目標${rule.goal + 1}: ${issue}`,
    });
  }
  return out;
}

/** How many of a form's levels and ratings are filled: what "記入済" means on the list. */
export function fillProgress(
  form: FillForm,
  values: Readonly<Record<string, string>>,
): { filled: number; total: number } {
  const choices = form.cells.flatMap((c) => (c.field && c.field.kind !== 'text' ? [c.field.key] : []));
  return { filled: choices.filter((k) => (values[k] ?? '').trim() !== '').length, total: choices.length };
}

/** A short upper bound for any one field's text, so a request cannot carry megabytes per cell. */
export const FILL_TEXT_LIMIT = 4000;
export const FILL_REASON_MAX = REASON_MAX_CHARS;
