import type { FieldDiff } from '../../../../shared/contract';
import type { MboRevision } from '../../../../shared/contract';
import {
  ACCURACY_GOAL_TYPE,
  DIFFICULTIES,
  DIFFICULTY_LABELS,
  GOAL_CATEGORIES,
  GOAL_TYPES,
  LEVEL_LABELS,
  MAX_GOALS,
  WARD_PRIORITIES,
  describeScore,
  difficultyLabel,
  draftOf,
  isGoalSetting,
  performanceScore,
  proposedLevelForAccuracyGoal,
} from '../../../../shared/mbo';
import type { DifficultyCoefficients, GoalDraft, GoalField } from '../../../../shared/mbo';
import type { Db } from '../../db/connection';
import { cycleConfig } from '../../appraisal/appraisal.repo';
import { emptySheetState, getSheet, goalStateOf, revisionsOf } from '../../mbo/mbo.repo';
import type { LevelEntry, MboGoalRecord, MboSheetRecord } from '../../mbo/mbo.repo';
import type { StaffRecord } from '../../staff/org.repo';
import { FormGrid } from '../io/form-sheet';
import type { FormLayout } from '../io/form-sheet';
import { evaluatorsInForce } from '../../access/evaluation-access';
import { staffById } from '../../staff/staff.repo';
import { writeSheet } from '../../mbo/mbo.service';
import { scoreFormulaNote, scoreSentence } from './appraisal-forms';
import { FormFields } from './cell-values';
import { mboImportIssues } from './mbo-import-rules';
import { dateText, formTitle, personBlock } from './common';
import type { FormKindModule, FormOutcome, LayoutContext } from './common';

/*
 * The 目標管理シート as a form. The staff workbook always offers five goal blocks (a person may add
 * goals), each with dropdowns for 区分 / 重点施策 / 難易度 / 種類 and 0–100 for ウェイト. An import
 * fills the goals as the person's draft — the status stays 未提出 or 差し戻し and the person (or HR)
 * submits in the app — but a sheet that breaks a rule of submission is rejected with each message at
 * its cell, so what comes back from Excel is always a sheet that could be submitted.
 */

const goalFields: readonly { field: keyof GoalDraft; label: string }[] = [
  { field: 'category', label: '区分' },
  { field: 'title', label: '目標' },
  { field: 'content', label: '内容' },
  { field: 'standard', label: '達成基準' },
  { field: 'priority', label: '区の重点施策' },
  { field: 'weight', label: 'ウェイト（%）' },
  { field: 'difficulty', label: '難易度' },
  { field: 'schedule', label: 'スケジュール' },
  { field: 'type', label: '種類' },
];
const labelOf = (field: keyof GoalDraft): string => goalFields.find((f) => f.field === field)?.label ?? field;

const key = (i: number, field: keyof GoalDraft): string => `g${i}.${field}`;
const fieldOf = (i: number, field: keyof GoalDraft) => ({
  key: key(i, field),
  label: `目標${i + 1}の${labelOf(field)}`,
});

const difficultyHeading = `難易度（${DIFFICULTIES.map((d) => `${d}${DIFFICULTY_LABELS[d]}`).join('・')}）`;

function levelText(e: LevelEntry): string {
  return e.level ? `${e.level}（${LEVEL_LABELS[e.level]}）` : '';
}

/**
 * One goal's setting. On paper (`coefficients` given) the difficulty reads with the cycle's
 * coefficient ('A 高 ×1.5'); the workbook keeps the bare letter its dropdown offers.
 */
function goalSetting(
  g: FormGrid,
  i: number,
  goal: GoalDraft | undefined,
  coefficients: DifficultyCoefficients | null = null,
): void {
  const difficulty = goal?.difficulty ?? null;
  g.pair(
    { label: '区分', value: goal?.category ?? null, field: { ...fieldOf(i, 'category'), list: GOAL_CATEGORIES } },
    {
      label: '区の重点施策',
      value: goal?.priority ?? null,
      field: { ...fieldOf(i, 'priority'), list: WARD_PRIORITIES },
    },
  );
  g.wide({ label: '目標', value: goal?.title ?? '', field: fieldOf(i, 'title'), minLines: 2 });
  g.wide({ label: '内容', value: goal?.content ?? '', field: fieldOf(i, 'content'), minLines: 4 });
  g.wide({ label: '達成基準', value: goal?.standard ?? '', field: fieldOf(i, 'standard'), minLines: 3 });
  g.pair(
    { label: 'ウェイト（%）', value: goal?.weight ?? null, field: { ...fieldOf(i, 'weight'), whole: [0, 100] } },
    {
      label: difficultyHeading,
      value: difficulty !== null && coefficients !== null ? difficultyLabel(difficulty, coefficients) : difficulty,
      field: { ...fieldOf(i, 'difficulty'), list: DIFFICULTIES },
    },
  );
  g.pair({ label: '種類', value: goal?.type ?? null, field: { ...fieldOf(i, 'type'), list: GOAL_TYPES } }, null);
  g.wide({ label: 'スケジュール', value: goal?.schedule ?? '', field: fieldOf(i, 'schedule'), minLines: 2 });
}

function scoreLine(
  goals: readonly MboGoalRecord[],
  pick: (g: MboGoalRecord) => LevelEntry,
  coefficients: DifficultyCoefficients,
): string {
  const result = performanceScore(
    goals.map((g) => ({ weight: g.weight ?? 0, level: pick(g).level, difficulty: g.difficulty ?? 'B' })),
    coefficients,
  );
  // Two decimals, as every score on paper (docs/workbooks.md, "Printing"); the formula once below.
  return result.score === null ? describeScore(result) : `業績評価点 ${scoreSentence(result)}`;
}

function firstEvaluatorName(db: Db, fy: number, staffId: number): string {
  const id = evaluatorsInForce(db, fy, staffId)[0]?.firstId ?? null;
  return id === null ? '' : (staffById(db, id)?.name ?? '');
}

/** Print-only parts of a goal: mid-term, the incident count, the three levels, and its revisions. */
function goalRecord(g: FormGrid, goal: MboGoalRecord, revisions: Map<number, MboRevision[]>): void {
  g.pair(
    { label: '進捗率（中間）', value: goal.progress === null ? '' : `${goal.progress}%` },
    goal.type === ACCURACY_GOAL_TYPE
      ? {
          label: 'ミス・事故の件数',
          value:
            goal.incidents === null
              ? ''
              : `${goal.incidents}件（${proposedLevelForAccuracyGoal(goal.incidents)?.reason ?? ''}）`,
        }
      : null,
  );
  g.wide({ label: '中間の取組状況', value: goal.midNote });
  // The level and its comment on one row (it wraps when long), the reason below: the paper form's
  // compact block, so that a sheet of five goals still prints on two pages (docs/workbooks.md).
  const stage = (label: string, e: LevelEntry): void => {
    const head = [levelText(e), e.comment].filter(Boolean).join('　');
    g.wide({ label, value: [head, e.reason && `理由: ${e.reason}`].filter(Boolean).join('\n') });
  };
  stage('自己評価', goal.self);
  stage('1次評価', goal.first);
  stage('2次評価', goal.second);
  for (const r of revisions.get(goal.id) ?? []) {
    g.wide({
      label: '目標の修正',
      value: `${dateText(r.at)} ${r.by}\n理由: ${r.reason}\n修正前: ${r.before.title}（${r.before.category ?? ''}・ウェイト${r.before.weight ?? ''}%）`,
    });
  }
}

function layoutMbo(
  db: Db,
  person: StaffRecord,
  sheet: MboSheetRecord | undefined,
  ctx: LayoutContext,
  editable: boolean,
): FormLayout {
  const g = new FormGrid(ctx.purpose === 'roundtrip' && editable);
  const status = sheet?.status ?? '未提出';
  g.title(formTitle('mbo', ctx.fy));
  g.subtitle(
    ctx.purpose === 'print'
      ? ''
      : editable
        ? '黄色のセルに記入してください。目標は5件まで、地域担当目標を1件以上、ウェイトの合計を100にしてください。'
        : `提出済のため編集できません（状態: ${status}）。`,
  );
  personBlock(g, person, status);
  const goals = sheet?.goals ?? [];
  if (ctx.purpose === 'roundtrip') {
    g.section('目標（最大5件）');
    g.mark('goals');
    for (let i = 0; i < MAX_GOALS; i++) {
      g.section(`目標${i + 1}`);
      g.mark(`goal${i}`);
      goalSetting(g, i, goals[i]);
    }
    const total = goals.reduce((s, x) => s + (x.weight ?? 0), 0);
    g.pair(
      { label: 'ウェイト合計', value: total },
      { label: '（参考）', value: '出力時の合計です。取り込み時に計算し直します。' },
    );
    g.mark('weightTotal', 2);
    // Always present, so the layout of a staff workbook never depends on the data.
    g.wide({ label: '1次評価者のコメント', value: sheet?.reviewComment ?? '' });
    return g.layout();
  }
  const state = sheet ?? emptySheetState();
  // The cycle's coefficients, as the sheet's screen and the appraisal score it.
  const coefficients = cycleConfig(db, ctx.fy).difficultyCoefficients;
  g.pair(
    { label: '提出日', value: dateText(state.submittedAt) },
    { label: '1次評価者', value: firstEvaluatorName(db, ctx.fy, person.id) },
  );
  g.pair({ label: '承認日', value: dateText(state.approvedAt) }, { label: '承認者', value: state.approvedBy ?? '' });
  const revisions: Map<number, MboRevision[]> = sheet ? revisionsOf(db, sheet.id) : new Map<number, MboRevision[]>();
  if (goals.length === 0) g.note('目標はまだ設定されていません。');
  goals.forEach((goal, i) => {
    g.section(`目標${i + 1}`);
    goalSetting(g, i, goal, coefficients);
    goalRecord(g, goal, revisions);
  });
  g.pair({ label: 'ウェイト合計', value: goals.reduce((s, x) => s + (x.weight ?? 0), 0) }, null);
  g.section('コメント');
  g.wide({ label: '中間の自己コメント', value: state.selfMidComment });
  g.wide({ label: '中間の1次評価者コメント', value: state.firstMidComment });
  g.wide({ label: '期末の自己コメント', value: state.selfFinalComment });
  g.wide({ label: '1次評価者のコメント', value: state.reviewComment });
  g.section('業績評価点');
  g.wide({ label: '自己評価', value: scoreLine(goals, (x) => x.self, coefficients) });
  g.wide({ label: '1次評価', value: scoreLine(goals, (x) => x.first, coefficients) });
  g.wide({ label: '2次評価', value: scoreLine(goals, (x) => x.second, coefficients) });
  g.note(scoreFormulaNote);
  return g.layout();
}

// ---------- import ----------

const isBlankDraft = (d: GoalDraft): boolean =>
  d.category === null &&
  d.priority === null &&
  d.weight === null &&
  [d.title, d.content, d.standard, d.schedule].every((t) => t === '');

function readDraft(f: FormFields, i: number): GoalDraft {
  const weight = f.number(key(i, 'weight'), `目標${i + 1}のウェイト`);
  const difficulty = f.choice(key(i, 'difficulty'));
  return {
    category: f.choice(key(i, 'category')) as GoalDraft['category'],
    title: f.text(key(i, 'title')),
    content: f.text(key(i, 'content')),
    standard: f.text(key(i, 'standard')),
    priority: f.choice(key(i, 'priority')) as GoalDraft['priority'],
    // An unreadable weight is already a problem; NaN keeps the rules from counting it as given.
    weight: weight === undefined ? Number.NaN : weight,
    // 'A 高 ×1.2' as printed elsewhere is read as A.
    difficulty: (difficulty && /^[ABC](\s|$)/u.test(difficulty)
      ? difficulty[0]
      : difficulty) as GoalDraft['difficulty'],
    schedule: f.text(key(i, 'schedule')),
    type: f.choice(key(i, 'type')) as GoalDraft['type'],
  };
}

const shown = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));
const same = (a: string | number | null | undefined, b: string | number | null | undefined): boolean =>
  shown(a).replace(/\r\n?/gu, '\n').trim() === shown(b).replace(/\r\n?/gu, '\n').trim();

function diffsOf(before: readonly GoalDraft[], after: readonly GoalDraft[]): FieldDiff[] {
  const out: FieldDiff[] = [];
  if (before.length !== after.length) {
    out.push({ field: '目標数', before: String(before.length), after: String(after.length) });
  }
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    for (const { field, label } of goalFields) {
      const b = before[i]?.[field];
      const a = after[i]?.[field];
      if (!same(b, a)) out.push({ field: `目標${i + 1} ${label}`, before: shown(b), after: shown(a) });
    }
  }
  return out;
}

function clean(d: GoalDraft): GoalDraft {
  return { ...d, title: d.title.trim() };
}

function evaluateMbo(args: Parameters<FormKindModule<MboSheetRecord>['evaluate']>[0]): FormOutcome {
  const { fy, person, record, layout, cells, sheet } = args;
  const problems: FormOutcome['problems'] = [];
  const f = new FormFields(layout, cells, sheet, problems);
  const blocks: { block: number; draft: GoalDraft }[] = [];
  for (let i = 0; i < MAX_GOALS; i++) {
    const draft = readDraft(f, i);
    if (!isBlankDraft(draft)) blocks.push({ block: i, draft: clean(draft) });
  }
  const drafts = blocks.map((b) => b.draft);
  const before = (record?.goals ?? []).map(draftOf);
  const diffs = diffsOf(before, drafts);
  if (problems.length === 0 && diffs.length === 0) return { problems, diffs, isNew: false, write: null };

  // A draft is held to the app's 保存 rules, anything later to 提出's (mbo-import-rules.ts).
  for (const issue of mboImportIssues(record?.status ?? '未提出', drafts)) {
    // NaN weights were reported where they were read.
    if (issue.field === 'weight' && issue.goalIndex !== null && Number.isNaN(drafts[issue.goalIndex]?.weight)) continue;
    if (issue.goalIndex === null) {
      const anchor = issue.field === 'weight' ? 'weightTotal' : issue.field === 'category' ? 'goal0' : 'goals';
      f.problem(
        issue.field === 'category' && blocks[0] ? key(blocks[0].block, 'category') : null,
        issue.message,
        anchor,
      );
      continue;
    }
    const block = blocks[issue.goalIndex]?.block ?? issue.goalIndex;
    const field: GoalField | null = issue.field;
    if (field === null) f.problem(null, `目標${block + 1}: ${issue.message}`, `goal${block}`);
    else f.problem(key(block, field), issue.message);
  }
  if (problems.length > 0) return { problems, diffs, isNew: record === undefined, write: null };
  return {
    problems,
    diffs,
    isNew: record === undefined,
    write: (db, actor) => {
      writeSheet(
        db,
        actor,
        fy,
        { id: person.id, staffNo: person.staffNo },
        record,
        record?.version ?? 0,
        { state: { ...(record ?? emptySheetState()) }, goals: drafts.map(goalStateOf) },
        'mbo.import',
      );
    },
  };
}

export function mboModule(db: Db): FormKindModule<MboSheetRecord> {
  return {
    kind: 'mbo',
    label: '目標管理シート',
    load: (d, fy, staffId) => getSheet(d, fy, staffId),
    version: (r) => r?.version ?? 0,
    editable: (r) => isGoalSetting(r?.status ?? '未提出'),
    statusOf: (r) => r?.status ?? '未提出',
    layout: (person, record, ctx, editable) => layoutMbo(db, person, record, ctx, editable),
    evaluate: evaluateMbo,
    confidentialValue: () => '',
  };
}
