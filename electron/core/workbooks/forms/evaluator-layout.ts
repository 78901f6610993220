import type { AppraisalGoalView, AppraisalView } from '../../../../shared/contract';
import type { FillReasonRule } from '../../../../shared/evaluator-fill';
import { eraYearLabel } from '../../../../shared/fiscal-year';
import { LEVELS, REASON_MAX_CHARS } from '../../../../shared/mbo';
import type { Db } from '../../db/connection';
import type { Actor } from '../../system/audit.repo';
import { evaluatorsInForce } from '../../access/evaluation-access';
import { FormGrid, normalised } from '../io/form-sheet';
import type { FormCell, FormLayout } from '../io/form-sheet';
import { crossText, incidentsText, levelText } from './appraisal-forms';

/*
 * One person's sheet of the evaluator's workbook (docs/workbooks.md), laid out by the same function
 * at export and at import, and the export's record kept for the import: whose sheets, in which
 * role, at which version, with a keyed hash of every locked cell.
 */

export type EvaluatorRole = 'first' | 'second' | 'cross';

export type StoredItem = {
  staffId: number;
  staffNo: string;
  sheetName: string;
  role: EvaluatorRole;
  version: number;
  goalIds: number[];
  lockedHash: string;
};

export type StoredExport = {
  token: string;
  fy: number;
  evaluatorId: number;
  evaluatorNo: string;
  evaluatorName: string;
  createdAt: string;
  actor: string;
  items: StoredItem[];
};

export const roleLabels: Record<EvaluatorRole, string> = { first: '1次評価', second: '2次評価', cross: '他所属評価' };
const ratingChoices = ['1', '2', '3', '4', '5'] as const;
export const goalCommentMax = 1000;
export const commentMax = 2000;

export type Evaluator = { id: number; staffNo: string; name: string };
export type Assigned = { view: AppraisalView; role: EvaluatorRole; goalIds: number[] };

export const placeholder: Actor = { id: null, label: 'Kaname' };

/** The evaluator's part in one appraisal now, if any: the open stage, or their cross-section goals. */
export function roleOf(
  db: Db,
  fy: number,
  evaluator: Evaluator,
  subjectId: number,
  view: AppraisalView,
): Assigned | null {
  const ev = evaluatorsInForce(db, fy, subjectId)[0];
  if (view.status === '自己評価済' && ev?.firstId === evaluator.id) return { view, role: 'first', goalIds: [] };
  if (view.status === '1次評価済' && ev?.secondId === evaluator.id) return { view, role: 'second', goalIds: [] };
  if (view.status !== '未着手' && view.status !== '自己評価済') return null;
  const goalIds = view.goals.filter((g) => g.cross?.evaluator?.staffNo === evaluator.staffNo).map((g) => g.id);
  return goalIds.length > 0 ? { view, role: 'cross', goalIds } : null;
}

export const goalKey = (i: number, f: 'level' | 'comment' | 'reason') => `g${i}.${f}`;

function defaultText(goal: AppraisalGoalView): string {
  const d = goal.firstDefault;
  if (!d) return 'なし';
  return `${d.level}（${d.source === 'cross' ? '他所属評価' : 'ミス・事故ゼロ等による提案'}）`;
}

/** One person's sheet of an evaluator's workbook; the same function lays it out at export and at import. */
export function evaluatorLayout(
  fy: number,
  evaluator: Evaluator,
  a: { view: AppraisalView; role: EvaluatorRole; goalIds: readonly number[] },
): FormLayout {
  const { view, role } = a;
  const g = new FormGrid(true);
  g.title(`${eraYearLabel(fy)}度 人事考課票（${roleLabels[role]} 記入用）`);
  g.subtitle(
    '黄色のセルに記入してください。取り込むと保存されます（提出は Kaname の画面で、評価者または人事担当が行います）。',
  );
  const p = view.person;
  g.pair({ label: '職員番号', value: p.staffNo }, { label: '氏名', value: p.name });
  g.pair({ label: '所属', value: p.section ?? '' }, { label: '担当', value: p.line ?? '' });
  g.pair({ label: '職名', value: p.position }, { label: '状態', value: view.status });
  g.pair(
    { label: '記入者', value: `${evaluator.name}（${evaluator.staffNo}）` },
    { label: '記入する欄', value: roleLabels[role] },
  );

  if (role === 'cross') {
    g.note('あなたが評価を依頼された目標だけを載せています。');
    view.goals.forEach((goal, i) => {
      if (!a.goalIds.includes(goal.id)) return;
      g.section(`目標${i + 1}　${goal.title}`);
      g.mark(`goal${i}`);
      g.pair({ label: '区分', value: goal.category ?? '' }, { label: '役割', value: goal.cross?.role ?? '' });
      g.wide({ label: '達成基準', value: goal.standard });
      g.pair(
        {
          label: '他所属評価（評語）',
          value: goal.cross?.level ?? null,
          field: { key: goalKey(i, 'level'), label: `目標${i + 1}の他所属評価（評語）`, list: LEVELS },
        },
        null,
      );
      g.wide({
        label: 'コメント',
        value: goal.cross?.comment ?? '',
        field: { key: goalKey(i, 'comment'), label: `目標${i + 1}の他所属評価のコメント` },
        minLines: 3,
      });
    });
    return g.layout();
  }

  const stage = role;
  g.section('業績評価（目標ごとの評語 S・A・B・C・D）');
  view.goals.forEach((goal, i) => {
    g.section(`目標${i + 1}　${goal.title}`);
    g.mark(`goal${i}`);
    g.pair(
      { label: '区分', value: goal.category ?? '' },
      { label: 'ウェイト・難易度', value: `${goal.weight ?? ''}%・${goal.difficulty ?? ''}` },
    );
    g.wide({ label: '達成基準', value: goal.standard });
    g.wide({ label: '自己評価', value: [levelText(goal.self.level), goal.self.comment].filter(Boolean).join('\n') });
    if (goal.cross) g.wide({ label: '他所属評価', value: crossText(goal, true) });
    const inc = incidentsText(goal);
    if (inc) g.wide({ label: 'ミス・事故の件数', value: inc });
    if (stage === 'first') {
      g.pair(
        {
          label: '1次評価（評語）',
          value: goal.first.level ?? goal.firstDefault?.level ?? null,
          field: { key: goalKey(i, 'level'), label: `目標${i + 1}の1次評価（評語）`, list: LEVELS },
        },
        { label: '既定の評語', value: defaultText(goal) },
      );
      g.wide({
        label: '1次コメント',
        value: goal.first.comment,
        field: { key: goalKey(i, 'comment'), label: `目標${i + 1}の1次コメント` },
        minLines: 2,
      });
      g.wide({
        label: '既定と異なる場合の理由',
        value: goal.first.reason,
        field: { key: goalKey(i, 'reason'), label: `目標${i + 1}の既定と異なる理由` },
        minLines: 2,
      });
    } else {
      g.wide({
        label: '1次評価',
        value: [levelText(goal.first.level), goal.first.comment, goal.first.reason && `理由: ${goal.first.reason}`]
          .filter(Boolean)
          .join('\n'),
      });
      g.pair(
        {
          label: '2次評価（評語）',
          value: goal.second.level,
          field: { key: goalKey(i, 'level'), label: `目標${i + 1}の2次評価（評語）`, list: LEVELS },
        },
        null,
      );
      g.wide({
        label: '2次コメント',
        value: goal.second.comment,
        field: { key: goalKey(i, 'comment'), label: `目標${i + 1}の2次コメント` },
        minLines: 2,
      });
    }
  });

  g.section('能力評価（1〜5）');
  g.mark('ratings');
  view.ratings.forEach((r, j) => {
    g.pair(
      {
        label: r.item,
        value: stage === 'first' ? `本人 ${r.self ?? '－'}` : `本人 ${r.self ?? '－'} ／ 1次 ${r.first ?? '－'}`,
      },
      {
        label: `${roleLabels[stage]}（1〜5）`,
        value: r[stage],
        field: { key: `r${j}`, label: `能力評価「${r.item}」`, list: ratingChoices },
      },
    );
  });
  g.section('所見');
  g.wide({ label: '本人の所見', value: view.comments.self });
  if (stage === 'second') g.wide({ label: '1次評価者の所見', value: view.comments.first });
  g.wide({
    label: `${stage === 'first' ? '1次' : '2次'}評価者の所見`,
    value: view.comments[stage],
    field: { key: 'comment', label: `${stage === 'first' ? '1次' : '2次'}評価者の所見` },
    minLines: 4,
  });
  return g.layout();
}

export const kanameValue = (c: FormCell) => normalised(c.value);

/** The longest text of each open text cell, as the import checks it. */
export function maxLengthOf(key: string): number | null {
  if (key === 'comment') return commentMax;
  if (key.endsWith('.comment')) return goalCommentMax;
  if (key.endsWith('.reason')) return REASON_MAX_CHARS;
  return null;
}

/** The 1次's default level per goal (cross-section rating or zero-incident proposal), for the reason rule. */
export function reasonRules(a: Assigned): FillReasonRule[] {
  if (a.role !== 'first') return [];
  return a.view.goals.map((goal, i) => ({
    goal: i,
    levelKey: goalKey(i, 'level'),
    reasonKey: goalKey(i, 'reason'),
    defaultLevel: goal.firstDefault?.level ?? null,
    source: goal.firstDefault?.source ?? null,
  }));
}
