import type { FieldDiff } from '../../../../shared/contract';
import { STUDY_SESSION, TRAINING_AUDIENCES, TRAINING_CATEGORIES } from '../../../../shared/training';
import type { TrainingAudience, TrainingCategory } from '../../../../shared/training';
import type { CourseRecord, CourseValues } from '../../training/training.repo';
import { RowFields } from '../io/fields';
import { letterOf } from '../io/sheet-reader';
import type { SheetRead } from '../io/sheet-reader';
import { trainingCourseSheet, yesNoValues } from '../io/specs';
import { checkDuplicates, diff, diffs } from '../plan';
import { courseKey, storedMatches, yesNo } from './common';
import type { TrainingContext } from './common';

/*
 * The 研修一覧 sheet (docs/workbooks.md): one row per course of a year, keyed by 年度 and 研修名. A
 * stored course with that key is updated, so the same file imports again as unchanged. The sheet has
 * no 担当 column: a 担当内勉強会 keeps the 担当 recorded on the 研修 screen.
 */

const maxTitle = 100;
const maxProvider = 100;

/**
 * What people write for the categories besides the exact names. Codes are compared after NFKC, so
 * the full-width brackets of 担当内勉強会（OJT） arrive as ASCII ones.
 */
export const categoryAliases: Record<string, TrainingCategory> = {
  '担当内勉強会(OJT)': STUDY_SESSION,
  '担当内勉強会(ojt)': STUDY_SESSION,
  担当内勉強会: STUDY_SESSION,
  勉強会: STUDY_SESSION,
  OJT: STUDY_SESSION,
  ojt: STUDY_SESSION,
  ファシリテーション: 'ファシリテーション研修',
  接遇: '接遇研修',
  民間: '民間研修',
  区外: '区外研修',
  職員人材開発センター: '区外研修',
  人材開発センター: '区外研修',
  その他研修: 'その他',
};

export const audienceAliases: Record<string, TrainingAudience> = {
  全員: '全職員',
  必修: '全職員',
  希望者: '任意',
  選択: '任意',
};

export const yesNoAliases: Record<string, (typeof yesNoValues)[number]> = {
  '○': 'はい',
  〇: 'はい',
  '◯': 'はい',
  '1': 'はい',
  TRUE: 'はい',
  '×': 'いいえ',
  '✕': 'いいえ',
  '0': 'いいえ',
  FALSE: 'いいえ',
};

/** A course row that read cleanly: what is written, and what it changes (null: a new course). */
export type CoursePlan = {
  row: number;
  key: string;
  values: CourseValues;
  current: CourseRecord | null;
  diffs: FieldDiff[] | null;
};

export type CourseRows = {
  /** Every course key the sheet names, even on a row with a problem (attendance may refer to it). */
  named: Set<string>;
  plans: CoursePlan[];
  labels: Map<number, { key: string; label: string }>;
};

export function planCourses(read: SheetRead, ctx: TrainingContext): CourseRows {
  const named = new Set<string>();
  const plans: CoursePlan[] = [];
  const labels = new Map<number, { key: string; label: string }>();
  const keys: { row: number; key: [number, string] | null; column: string | null }[] = [];
  for (const source of read.rows) {
    const f = new RowFields(trainingCourseSheet, read, source, ctx.problems);
    const fy = f.fiscalYear('fy');
    const title = f.text('title', true);
    const category = f.code<TrainingCategory>('category', TRAINING_CATEGORIES, categoryAliases, true);
    const provider = f.text('provider');
    const audience = f.code<TrainingAudience>('audience', TRAINING_AUDIENCES, audienceAliases);
    const useful = f.code('usefulForWard', yesNoValues, yesNoAliases);
    if (title && title.length > maxTitle) f.problem('title', `研修名は${maxTitle}文字以内にしてください。`);
    if (provider && provider.length > maxProvider)
      f.problem('provider', `実施機関は${maxProvider}文字以内にしてください。`);
    labels.set(source.row, { key: '', label: title ?? f.peek('title') });
    keys.push({ row: source.row, key: fy && title ? [fy, title] : null, column: letterOf(read, 'title') });
    if (!fy || !title) continue;
    const key = courseKey(fy, title);
    named.add(key);
    const matches = storedMatches(ctx, fy, title);
    if (matches.length > 1) {
      f.problem(
        'title',
        `${fy}年度に研修名が「${title}」と読める研修が${matches.length}件登録されているため、どれに取り込むか決められません。「研修」画面で研修名を区別してください。`,
      );
    }
    if (!f.ok || !category) continue;
    const current = matches[0] ?? null;
    // A column the file does not have leaves the stored value; a blank cell is the default.
    const values: CourseValues = {
      fy,
      // A stored course keeps its title as typed on screen; the file matched it.
      title: current?.title ?? title,
      category,
      provider: provider ?? (f.present('provider') ? '' : (current?.provider ?? '')),
      audience: audience ?? (f.present('audience') ? '任意' : (current?.audience ?? '任意')),
      usefulForWard:
        useful === undefined ? (current?.usefulForWard ?? false) : useful === null ? false : useful === 'はい',
      // The sheet has no 担当: a 勉強会 keeps the one recorded on screen.
      lineId: category === STUDY_SESSION ? (current?.lineId ?? null) : null,
    };
    const changes = current
      ? diffs([
          diff('研修区分', current.category, values.category),
          diff('実施機関', current.provider, values.provider),
          diff('対象', current.audience, values.audience),
          diff('区政に活かせる', yesNo(current.usefulForWard), yesNo(values.usefulForWard)),
          current.lineId !== null && values.lineId === null ? diff('担当', current.line ?? '', '') : null,
        ])
      : null;
    plans.push({ row: source.row, key, values, current, diffs: changes });
  }
  checkDuplicates(keys, read, '研修名', ([fy, title]) => `${fy}年度の研修「${title}」`, ctx.problems);
  return { named, plans, labels };
}
