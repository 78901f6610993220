import type { AppraisalGoalView } from '../../../../shared/contract';
import type { FieldDiff, ImportProblem } from '../../../../shared/contract';
import { LEVELS, REASON_MAX_CHARS, overrideReasonIssue } from '../../../../shared/mbo';
import type { Level } from '../../../../shared/mbo';
import { AppError } from '../../../../shared/result';
import type { Db } from '../../db/connection';
import { crossOfGoals, getAppraisal, ratingsOf, upsertCross } from '../../appraisal/appraisal.repo';
import type { AppraisalState } from '../../appraisal/appraisal.repo';
import { writeAppraisal } from '../../appraisal/appraisal.service';
import { staffById, staffByNo } from '../../staff/staff.repo';
import { getSheet } from '../../mbo/mbo.repo';
import type { MboGoalState } from '../../mbo/mbo.repo';
import type { StaffRecord } from '../../staff/org.repo';
import { appendAudit } from '../../system/audit.repo';
import { appraisalExportRecord } from '../appraisal-exports.repo';
import { formExportByToken } from '../form-exports.repo';
import { addressOf, cellsHash, normalised } from '../io/form-sheet';
import type { CellsRead, FormCell, FormLayout } from '../io/form-sheet';
import type { KindPlan, ParsedForms } from '../kind';
import { appraisalViewAsHr, hrSessionOf } from './appraisal-forms';
import { FormFields, charCount } from './cell-values';
import { formLabels } from './common';
import {
  commentMax,
  evaluatorLayout,
  goalCommentMax,
  goalKey,
  kanameValue,
  placeholder,
  roleOf,
} from './evaluator-layout';
import type { Assigned, Evaluator, StoredExport, StoredItem } from './evaluator-layout';
import { lockedProblems, planSheets, rejectedOf, staleMessage } from './form-plan';
import type { FormDecision, FormSheet, FormWrite } from './form-plan';
import { metaMarker } from './meta';

/*
 * The import of an evaluator's workbook (docs/workbook-import.md). It trusts the export's record,
 * never the file: per sheet it rejects changed locked cells, a form changed in Kaname since the
 * export (stale), a form no longer this evaluator's (an evaluator change or a stage that moved on),
 * unreadable or out-of-range levels and ratings, and a 1次 level that departs from its default
 * without a reason; the valid sheets are saved through writeAppraisal ('appraisal.import') — saved,
 * not submitted.
 */

const notAssigned = (name: string) =>
  `この人事考課は、いまは${name}さんの記入する段階ではありません（評価者が変わったか、評価の段階が進んでいます）。この様式は取り込みません。`;

function findExport(db: Db, parsed: ParsedForms): StoredExport {
  const raw = parsed.token === null ? null : appraisalExportRecord(db, parsed.token);
  if (raw !== null) return JSON.parse(raw) as StoredExport;
  const other = parsed.token === null ? undefined : formExportByToken(db, parsed.token);
  if (other) {
    throw new AppError(
      'VALIDATION',
      `このファイルは${formLabels[other.kind]}の記入用ブックです。取り込むデータの種類を「${formLabels[other.kind]}」にしてください。`,
    );
  }
  throw new AppError(
    'VALIDATION',
    parsed.token === null && parsed.marker !== metaMarker
      ? 'このファイルは Kaname で出力した人事考課票（評価者用）の記入用ブックではありません。人事担当が出力した評価者用の記入用ブックに記入して取り込んでください。'
      : 'この記入用ブックはこの事業所で出力されたものではありません（別の事業所のデータベースで出力されたか、出力の記録が見つかりません）。',
  );
}

type Outcome = { problems: ImportProblem[]; diffs: FieldDiff[]; write: FormWrite | null };

function readLevel(f: FormFields, key: string, label: string): Level | null | undefined {
  const t = f.choice(key);
  if (t === null) return null;
  const up = t.toUpperCase();
  const m = /^([SABCD])(?:$|[\s（(])/u.exec(up);
  if (m && (LEVELS as readonly string[]).includes(m[1]!)) return m[1] as Level;
  f.problem(key, `${label}は ${LEVELS.join('・')} から選んでください（入力: ${t.slice(0, 20)}）。`);
  return undefined;
}

function readRating(f: FormFields, key: string, label: string): number | null | undefined {
  const n = f.number(key, label);
  if (n === undefined || n === null) return n;
  if (!Number.isInteger(n) || n < 1 || n > 5) {
    f.problem(key, `${label}は1〜5の整数で選んでください（入力: ${n}）。`);
    return undefined;
  }
  return n;
}

function readText(f: FormFields, key: string, label: string, max: number): string {
  const t = f.text(key);
  if (charCount(t) > max) f.problem(key, `${label}は${max}文字以内で入力してください（${charCount(t)}文字）。`);
  return t;
}

const shown = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));

function evaluate(
  fy: number,
  evaluatorId: number,
  a: Assigned,
  layout: FormLayout,
  cells: CellsRead,
  sheet: string,
): Outcome {
  const problems: ImportProblem[] = [];
  const f = new FormFields(layout, cells, sheet, problems);
  const diffs: FieldDiff[] = [];
  /** Diffs that are the evaluator's doing (a pre-filled default is listed in diffs, not counted here). */
  let edits = 0;
  const diff = (field: string, before: string | number | null, after: string | number | null) => {
    if (shown(before) === shown(after)) return;
    diffs.push({ field, before: shown(before), after: shown(after) });
    edits += 1;
  };
  const { view } = a;
  const staffNo = view.person.staffNo;

  if (a.role === 'cross') {
    const entries: { goal: AppraisalGoalView; level: Level | null; comment: string }[] = [];
    view.goals.forEach((goal, i) => {
      if (!a.goalIds.includes(goal.id)) return;
      const level = readLevel(f, goalKey(i, 'level'), `目標${i + 1}の他所属評価（評語）`);
      const comment = readText(f, goalKey(i, 'comment'), `目標${i + 1}のコメント`, goalCommentMax);
      if (level === undefined) return;
      diff(`目標${i + 1} 他所属評価（評語）`, goal.cross?.level ?? null, level);
      diff(`目標${i + 1} 他所属評価のコメント`, goal.cross?.comment ?? '', comment);
      if (level !== (goal.cross?.level ?? null) || comment !== (goal.cross?.comment ?? '')) {
        entries.push({ goal, level, comment });
      }
    });
    if (problems.length > 0 || entries.length === 0) return { problems, diffs, write: null };
    return {
      problems,
      diffs,
      write: (db, actor) => {
        const existing = crossOfGoals(
          db,
          entries.map((e) => e.goal.id),
        );
        const now = new Date().toISOString();
        for (const e of entries) {
          const before = existing.get(e.goal.id);
          upsertCross(db, {
            goalId: e.goal.id,
            evaluatorId,
            role: before?.role ?? e.goal.cross?.role ?? '地域担当リーダー',
            namedBy: before?.namedBy ?? null,
            level: e.level,
            comment: e.comment,
            ratedAt: now,
          });
          appendAudit(db, actor, {
            action: 'appraisal.import',
            entity: 'appraisal',
            entityId: `${fy}:${staffNo}`,
            before: { goal: e.goal.title, level: before?.level ?? null, comment: before?.comment ?? '' },
            after: { goal: e.goal.title, level: e.level, comment: e.comment },
          });
        }
      },
    };
  }

  const stage = a.role;
  const stageName = stage === 'first' ? '1次' : '2次';
  const goals = new Map<number, { level: Level | null; comment: string; reason: string }>();
  // The 1次's default level the export pre-filled where nothing was stored: still there, it is no
  // decision of the evaluator's, so it alone never makes the form changed. Once anything else is,
  // it is saved with the rest — as the appraisal screen sends its pre-filled levels with the first
  // save (docs/workbook-import.md).
  view.goals.forEach((goal, i) => {
    const level = readLevel(f, goalKey(i, 'level'), `目標${i + 1}の${stageName}評価（評語）`);
    const comment = readText(f, goalKey(i, 'comment'), `目標${i + 1}の${stageName}コメント`, goalCommentMax);
    const reason =
      stage === 'first'
        ? readText(f, goalKey(i, 'reason'), `目標${i + 1}の既定と異なる理由`, REASON_MAX_CHARS)
        : goal[stage].reason;
    if (level === undefined) return;
    if (stage === 'first') {
      const d = goal.firstDefault;
      const issue = overrideReasonIssue(d?.level ?? null, level, reason);
      if (issue) {
        f.problem(
          goalKey(i, 'reason'),
          d?.source === 'cross'
            ? `目標${i + 1}: 他所属評価（${d.level}）と異なる評語にする場合は、理由を入力してください。`
            : `目標${i + 1}: ${issue}`,
        );
      }
    }
    const before = goal[stage];
    const levelField = `目標${i + 1} ${stageName}評価（評語）`;
    const untouchedDefault =
      stage === 'first' && before.level === null && level !== null && level === goal.firstDefault?.level;
    if (untouchedDefault) diffs.push({ field: levelField, before: '', after: level });
    else diff(levelField, before.level, level);
    diff(`目標${i + 1} ${stageName}コメント`, before.comment, comment);
    if (stage === 'first') diff(`目標${i + 1} 既定と異なる理由`, before.reason, reason);
    goals.set(goal.id, { level, comment, reason });
  });
  const ratings = new Map<string, number | null>();
  view.ratings.forEach((r, j) => {
    const value = readRating(f, `r${j}`, `能力評価「${r.item}」`);
    if (value === undefined) return;
    diff(`能力評価 ${r.item}（${stageName}）`, r[stage], value);
    ratings.set(r.item, value);
  });
  const comment = readText(f, 'comment', `${stageName}評価者の所見`, commentMax);
  diff(`${stageName}評価者の所見`, view.comments[stage], comment);
  if (problems.length > 0 || edits === 0) return { problems, diffs: edits === 0 ? [] : diffs, write: null };
  return {
    problems,
    diffs,
    write: (db, actor) => {
      const subject = staffByNo(db, staffNo)!;
      const sheetRecord = getSheet(db, fy, subject.id);
      const current = getAppraisal(db, fy, subject.id);
      if (!current) throw new AppError('CONFLICT', staleMessage);
      const merged = new Map([...ratingsOf(db, current.id)].map(([k, v]) => [k, { ...v }]));
      for (const [item, value] of ratings) {
        const row = merged.get(item) ?? { self: null, first: null, second: null };
        row[stage] = value;
        merged.set(item, row);
      }
      const goalStates = new Map<number, MboGoalState>();
      for (const g of sheetRecord?.goals ?? []) {
        const u = goals.get(g.id);
        if (!u) continue;
        goalStates.set(g.id, { ...g, [stage]: { ...g[stage], ...u } });
      }
      const state: AppraisalState = { ...current };
      if (stage === 'first') state.firstComment = comment;
      else state.secondComment = comment;
      writeAppraisal(
        db,
        hrSessionOf(actor),
        fy,
        subject,
        sheetRecord,
        current,
        current.version,
        { state, ratings: merged, goals: goalStates },
        'appraisal.import',
      );
    },
  };
}

function decideSheet(
  db: Db,
  record: StoredExport,
  item: StoredItem,
  subject: StaffRecord,
  sheet: FormSheet,
  row: number,
): FormDecision {
  const fy = record.fy;
  const evaluator: Evaluator = { id: record.evaluatorId, staffNo: record.evaluatorNo, name: record.evaluatorName };
  const base = { row, key: subject.staffNo, label: subject.name };
  const rejected = (problems: ImportProblem[]): FormDecision => ({
    change: { ...base, status: 'error', diffs: [] },
    problems,
    write: null,
  });
  const sheetProblem = (message: string): ImportProblem => ({
    sheet: sheet.name,
    row: null,
    column: null,
    field: null,
    message,
  });
  const view = appraisalViewAsHr(db, placeholder, fy, subject.staffNo);
  const exported = { view, role: item.role, goalIds: item.goalIds };
  const layout = evaluatorLayout(fy, evaluator, exported);
  const fileValue = (c: FormCell) => normalised(sheet.cells.get(addressOf(c.row, c.col)) ?? { kind: 'empty' });
  const masters = new Set(layout.cells.map((c) => addressOf(c.row, c.col)));
  const extra = [...sheet.cells.keys()].filter((a) => !masters.has(a));
  const unchanged: FormDecision = { change: { ...base, status: 'unchanged', diffs: [] }, problems: [], write: null };
  const lockedIntact = cellsHash(record.token, layout, 'locked', fileValue) === item.lockedHash && extra.length === 0;
  // Stale: the appraisal's version moved, or what Kaname would print in the locked cells differs now.
  const stale =
    view.version !== item.version || cellsHash(record.token, layout, 'locked', kanameValue) !== item.lockedHash;
  if (stale) {
    // A workbook whose values are what Kaname holds now (this very workbook, already committed)
    // has nothing to take and nothing to overwrite; any other value would undo a later change.
    const again = lockedIntact ? evaluate(fy, record.evaluatorId, exported, layout, sheet.cells, sheet.name) : null;
    if (again && again.problems.length === 0 && again.write === null) return unchanged;
    return rejected([sheetProblem(staleMessage)]);
  }
  const now = roleOf(db, fy, evaluator, subject.id, view);
  const same =
    now !== null &&
    now.role === item.role &&
    (item.role !== 'cross' || item.goalIds.every((id) => now.goalIds.includes(id)));
  if (!same) return rejected([sheetProblem(notAssigned(record.evaluatorName))]);
  if (!lockedIntact) return rejected(lockedProblems(sheet.name, layout, sheet.cells, true, extra));
  const outcome = evaluate(fy, record.evaluatorId, exported, layout, sheet.cells, sheet.name);
  if (outcome.problems.length > 0) return rejected(outcome.problems);
  if (outcome.write === null) return unchanged;
  return { change: { ...base, status: 'changed', diffs: outcome.diffs }, problems: [], write: outcome.write };
}

/** Decides every sheet of an evaluator's workbook against the database as it is now. */
export function planAppraisals(db: Db, parsed: ParsedForms): KindPlan {
  const record = findExport(db, parsed);
  const items = new Map(record.items.map((i) => [i.sheetName, i]));
  const { counts, problems, changes, writes } = planSheets(
    parsed.sheets,
    (sheet) => {
      const item = items.get(sheet.name);
      const subject = item ? staffById(db, item.staffId) : undefined;
      return {
        listed: item !== undefined,
        subject: item && subject ? { item, subject, staffNo: subject.staffNo } : undefined,
      };
    },
    ({ item, subject }, sheet, row) => decideSheet(db, record, item, subject, sheet, row),
  );
  return {
    sheet: `人事考課票 ${record.fy}年度（評価者 ${record.evaluatorName}）`,
    counts,
    problems,
    changes,
    commits: 'valid',
    apply: (tx, actor) => {
      for (const write of writes) write(tx, actor);
    },
    record: { head: { evaluator: record.evaluatorNo }, tail: { rejected: rejectedOf(changes) } },
  };
}
