import type { AppraisalGoalView, AppraisalView } from '../../../../shared/contract';
import { AWARD_KIND_LABELS, formatWeighted } from '../../../../shared/appraisal';
import { eraYearLabel } from '../../../../shared/fiscal-year';
import { DIFFICULTY_LABELS, LEVEL_LABELS, coefficientText, isDifficulty } from '../../../../shared/mbo';
import type { DifficultyCoefficients, ScoreResult } from '../../../../shared/mbo';
import type { Level } from '../../../../shared/mbo';
import { RANK_CLASS_LABELS } from '../../../../shared/ranking';
import { getAppraisalView } from '../../appraisal/appraisal.service';
import type { Db } from '../../db/connection';
import type { Actor } from '../../system/audit.repo';
import { FormGrid } from '../io/form-sheet';
import type { FormLayout } from '../io/form-sheet';
import type { Session } from '../../office/office.service';
import { emptyKeychain } from '../../keys/keychain';

/*
 * The appraisal on paper: the 人事考課票 that HR prints (everything the appraisal holds, as the
 * office's own form) and the 開示 sheet given to the person (their own result and the 1次/2次
 * comments — no evaluator's or cross-section evaluator's name, no adjustment reason, nobody else).
 * Both are built from the same AppraisalView the screens use, read as HR.
 */

/** HR's reading of an appraisal, for exports: the same view the app shows HR. */
export function hrSessionOf(actor: Actor): Session {
  return {
    accountId: actor.id ?? 0,
    login: actor.label,
    displayName: actor.label,
    role: 'hr',
    staffNo: null,
    mustChangePassword: false,
    actor,
    // The appraisal holds nothing sealed: this reading needs no keys (docs/sealed-data.md).
    keys: emptyKeychain(),
  };
}

export function appraisalViewAsHr(db: Db, actor: Actor, fy: number, staffNo: string): AppraisalView {
  return getAppraisalView(db, hrSessionOf(actor), { fy, staffNo });
}

export function levelText(level: Level | null): string {
  return level ? `${level}（${LEVEL_LABELS[level]}）` : '';
}

/** Every score on paper has two decimals (「4.00」 beside 「3.16」, docs/workbooks.md "Printing"). */
export const points = (n: number | null): string => (n === null ? '' : n.toFixed(2));

/**
 * The 業績評価点 as a sheet prints it: two decimals, and why it is still open or was limited. The
 * formula is printed once under the scores (scoreFormulaNote).
 */
export function scoreSentence(result: ScoreResult): string {
  if (result.score === null) {
    return result.missing > 0 ? `未確定（評語が未入力の目標が ${result.missing} 件）` : '未確定（目標がありません）';
  }
  const raw = result.raw === null ? '' : result.raw.toFixed(2);
  if (result.capped) return `${points(result.score)}（計算値 ${raw} を上限5.00としました）`;
  if (result.floored) return `${points(result.score)}（計算値 ${raw} を下限1.00としました）`;
  return points(result.score);
}

export const scoreFormulaNote =
  '業績評価点 = Σ ウェイト×評語点×難易度 ÷ 100（上限5.0・下限1.0、小数第1位に四捨五入）。';

/** 'A（高）×1.5': the goal's difficulty with the cycle's coefficient, as the score used it. */
function difficultyText(difficulty: string | null, coefficients: DifficultyCoefficients): string {
  if (!difficulty) return '';
  if (!isDifficulty(difficulty)) return difficulty;
  return `${difficulty}（${DIFFICULTY_LABELS[difficulty]}）×${coefficientText(coefficients[difficulty])}`;
}

function goalHead(g: FormGrid, goal: AppraisalGoalView, i: number, coefficients: DifficultyCoefficients): void {
  g.section(`目標${i + 1}　${goal.title}`);
  g.pair(
    { label: '区分', value: goal.category ?? '' },
    {
      label: 'ウェイト・難易度',
      value: [goal.weight === null ? '' : `${goal.weight}%`, difficultyText(goal.difficulty, coefficients)]
        .filter(Boolean)
        .join('・'),
    },
  );
  g.wide({ label: '達成基準', value: goal.standard });
}

/** A stage's level and comment on one line where they fit (the row wraps when not), the reason below. */
function stageText(e: { level: Level | null; comment: string; reason?: string }): string {
  const head = [levelText(e.level), e.comment].filter(Boolean).join('　');
  return [head, e.reason ? `理由: ${e.reason}` : ''].filter(Boolean).join('\n');
}

export function crossText(goal: AppraisalGoalView, withName: boolean): string {
  const c = goal.cross;
  if (!c) return '';
  const who = withName && c.evaluator ? `${c.role} ${c.evaluator.name}` : c.role;
  return [`${levelText(c.level) || '未評価'}（${who}）`, c.comment].filter(Boolean).join('\n');
}

export function incidentsText(goal: AppraisalGoalView): string {
  if (goal.incidents === null || !goal.proposal) return '';
  return `${goal.incidents}件（提案: ${goal.proposal.level}　${goal.proposal.reason}）`;
}

/**
 * The 人事考課票 for printing: the person, evaluators, goals with every stage, competency, 所見, awards,
 * scores, class — laid out to fit one A4 page for the usual three goals (docs/workbooks.md, "Printing").
 */
export function appraisalPrintLayout(view: AppraisalView): FormLayout {
  const g = new FormGrid(false);
  g.title(`${eraYearLabel(view.fy)}度 人事考課票`);
  const p = view.person;
  g.pair({ label: '職員番号', value: p.staffNo }, { label: '氏名', value: p.name });
  g.pair({ label: '所属', value: p.section ?? '' }, { label: '担当', value: p.line ?? '' });
  g.pair({ label: '職名', value: p.position }, { label: '職層', value: p.gradeGroup });
  g.pair(
    { label: '状態', value: view.status },
    { label: '区分', value: view.rankClass ? RANK_CLASS_LABELS[view.rankClass] : '' },
  );
  g.pair(
    { label: '1次評価者', value: view.evaluators.first ?? '' },
    { label: '2次評価者', value: view.evaluators.second ?? '' },
  );
  g.pair({ label: '調整者', value: view.evaluators.adjuster ?? '' }, null);

  g.section('業績評価（目標管理シート）');
  if (view.goals.length === 0) g.note('目標はまだ設定されていません。');
  view.goals.forEach((goal, i) => {
    goalHead(g, goal, i, view.difficultyCoefficients);
    if (goal.cross) g.wide({ label: '他所属評価', value: crossText(goal, true) });
    const inc = incidentsText(goal);
    if (inc) g.wide({ label: 'ミス・事故の件数', value: inc });
    g.wide({ label: '自己評価', value: stageText(goal.self) });
    g.wide({ label: '1次評価', value: stageText(goal.first) });
    g.wide({ label: '2次評価', value: stageText(goal.second) });
  });

  g.section('能力評価（1〜5）');
  // Two items a row: the block stays short enough for one page.
  const rating = (r: AppraisalView['ratings'][number]) => ({
    label: r.item,
    value: `本人 ${r.self ?? '－'} ／ 1次 ${r.first ?? '－'} ／ 2次 ${r.second ?? '－'}`,
  });
  for (let i = 0; i < view.ratings.length; i += 2) {
    const [a, b] = [view.ratings[i]!, view.ratings[i + 1]];
    g.pair(rating(a), b ? rating(b) : null);
  }

  g.section('所見');
  g.wide({ label: '本人', value: view.comments.self });
  g.wide({ label: '1次評価者', value: view.comments.first });
  g.wide({ label: '2次評価者', value: view.comments.second });
  g.wide({ label: '調整者', value: view.comments.adjuster });

  g.section('表彰による加点');
  if (view.scores.bonus.lines.length === 0) g.note('この年度の表彰はありません。');
  for (const b of view.scores.bonus.lines) {
    g.wide({
      label: AWARD_KIND_LABELS[b.kind],
      value: `${b.title}　+${b.points.toFixed(2)}${b.note ? `（${b.note}）` : ''}`,
    });
  }

  g.section('評価点');
  const s = view.scores;
  g.pair(
    { label: '業績評価点（1次）', value: scoreSentence(s.performance.first) },
    { label: '業績評価点（2次）', value: scoreSentence(s.performance.second) },
  );
  g.pair(
    { label: '能力評価点（1次）', value: points(s.competency.first) },
    { label: '能力評価点（2次）', value: points(s.competency.second) },
  );
  // A weighted line (業績評価点 × 40%) prints the score and what it adds: 3.60 → 1.44 (docs/scores.md).
  const lineValue = (l: (typeof s.absolute.lines)[number]): string =>
    l.weighted === undefined || l.value === null
      ? points(l.value)
      : `${points(l.value)} → ${l.weighted === null ? '' : formatWeighted(l.weighted)}`;
  const lines = s.absolute.lines;
  for (let i = 0; i < lines.length; i += 2) {
    const [a, b] = [lines[i]!, lines[i + 1]];
    g.pair({ label: a.label, value: lineValue(a) }, b ? { label: b.label, value: lineValue(b) } : null);
  }
  g.pair(
    { label: '調整', value: view.adjustment === 0 ? '' : points(view.adjustment) },
    { label: '調整の理由', value: view.adjustmentReason },
  );
  g.pair(
    { label: '絶対評価点', value: points(s.absolute.score) },
    { label: '区分', value: view.rankClass ? RANK_CLASS_LABELS[view.rankClass] : '' },
  );
  g.note(scoreFormulaNote);
  if (view.sentBack) g.wide({ label: '差し戻し', value: `${view.sentBack.by}: ${view.sentBack.reason}` });
  if (view.unlockReason) g.wide({ label: '確定解除の理由', value: view.unlockReason });
  return g.layout();
}

/**
 * The 開示 sheet: what the person is told of their own result. Their class and scores, each goal's
 * levels and the 1次/2次 comments, the award lines. No evaluator is named (the cross-section
 * evaluator's role is kept, not their name), and internal notes (adjustment reason, departure
 * reasons, send-back) stay out.
 */
export function disclosureLayout(view: AppraisalView): FormLayout {
  const g = new FormGrid(false);
  g.title(`${eraYearLabel(view.fy)}度 人事考課結果のお知らせ（開示）`);
  g.subtitle('あなたの人事考課の結果です。内容について質問がある場合は、所属長または人事担当にお尋ねください。');
  const p = view.person;
  g.pair({ label: '職員番号', value: p.staffNo }, { label: '氏名', value: p.name });
  g.pair({ label: '所属', value: p.section ?? '' }, { label: '職名', value: p.position });
  g.section('結果');
  const s = view.scores;
  g.pair(
    { label: '区分', value: view.rankClass ? RANK_CLASS_LABELS[view.rankClass] : '' },
    { label: '絶対評価点', value: points(s.absolute.score) },
  );
  g.pair(
    { label: '業績評価点', value: points(s.performance.second.score) },
    { label: '能力評価点', value: points(s.competency.second) },
  );
  for (const b of s.bonus.lines.filter((x) => x.points > 0)) {
    g.wide({ label: '表彰による加点', value: `${b.title}　+${b.points.toFixed(2)}` });
  }
  if (view.adjustment !== 0) g.pair({ label: '調整', value: points(view.adjustment) }, null);
  g.section('業績評価');
  view.goals.forEach((goal, i) => {
    g.section(`目標${i + 1}　${goal.title}`);
    g.pair(
      { label: '自己評価', value: levelText(goal.self.level) },
      { label: '2次評価', value: levelText(goal.second.level) },
    );
    g.wide({ label: '1次評価', value: [levelText(goal.first.level), goal.first.comment].filter(Boolean).join('　') });
    if (goal.second.comment) g.wide({ label: '2次評価者のコメント', value: goal.second.comment });
  });
  g.section('能力評価（2次評価）');
  for (const r of view.ratings) g.pair({ label: r.item, value: r.second === null ? '' : r.second }, null);
  g.section('評価者の所見');
  g.wide({ label: '1次評価者', value: view.comments.first });
  g.wide({ label: '2次評価者', value: view.comments.second });
  return g.layout();
}
