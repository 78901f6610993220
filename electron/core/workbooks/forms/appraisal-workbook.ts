import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import type { AppraisalGoalView, AppraisalView } from '../../../../shared/appraisal-contract';
import type {
  FieldDiff,
  FileDownload,
  ImportCounts,
  ImportPreview,
  ImportProblem,
  ImportResult,
  RowChange,
} from '../../../../shared/contract';
import { eraYearLabel, fiscalYearLabel } from '../../../../shared/fiscal-year';
import { LEVELS, REASON_MAX_CHARS, overrideReasonIssue } from '../../../../shared/mbo';
import type { Level } from '../../../../shared/mbo';
import { todayIso } from '../../../../shared/dates';
import { AppError } from '../../../../shared/result';
import type { Db } from '../../db/connection';
import { crossOfGoals, getAppraisal, ratingsOf, upsertCross } from '../../appraisal/appraisal.repo';
import type { AppraisalState } from '../../appraisal/appraisal.repo';
import { appendAudit } from '../../system/audit.repo';
import type { Actor } from '../../system/audit.repo';
import { formExportByToken } from '../form-exports.repo';
import { getMeta } from '../../db/meta.repo';
import { getSheet } from '../../mbo/mbo.repo';
import type { MboGoalState } from '../../mbo/mbo.repo';
import type { StaffRecord } from '../../staff/org.repo';
import {
  addressOf,
  cellsHash,
  FormGrid,
  normalised,
  protectAll,
  setUpPage,
  sheetNameFor,
  writeForm,
} from '../io/form-sheet';
import type { CellsRead, FormCell, FormLayout } from '../io/form-sheet';
import { xlsxBuffer } from '../io/workbook';
import { writeAppraisal } from '../../appraisal/appraisal.service';
import { evaluatorsInForce, requireCycle, staffRecordBy } from '../../access/evaluation-access';
import { appraisalViewAsHr, crossText, hrSessionOf, incidentsText, levelText } from './appraisal-forms';
import { FormFields, charCount } from './cell-values';
import { formLabels, staffNoAddress } from './common';
import { metaMarker, metaSheetName } from './export';
import type { ParsedForms } from './import';
import { lockedProblems } from './import';
import { insertImportLog } from '../import-log.repo';
import type { FillReasonRule } from '../../../../shared/evaluator-fill';
import { fillDescription, writeFillDescriptions } from './evaluator-fill';

/*
 * The evaluator's workbook (評価者用 記入用ブック, docs/workbooks.md): HR exports, per evaluator, the
 * appraisals whose open stage is theirs — as 1次 at 自己評価済, as 2次 at 1次評価済 — and the goals
 * they rate from outside the section (他所属評価, until the 1次 has submitted). One sheet per
 * person; only the evaluator's own fields are unlocked, with dropdowns (評語 S–D, 能力評価 1–5); the
 * 1次's level starts from the cross-section rating or the zero-incident proposal. Self-report
 * fields are never part of it.
 *
 * The import trusts the export's record, never the file: whose sheets, in which role, at which
 * version, with a keyed hash of every locked cell. Per sheet it rejects changed locked cells, a form
 * changed in Kaname since the export (stale), a form no longer this evaluator's (an evaluator change
 * or a stage that moved on), unreadable or out-of-range levels and ratings, and a 1次 level that
 * departs from its default without a reason; the valid sheets are saved through writeAppraisal
 * ('appraisal.import') — saved, not submitted: the evaluator or HR submits in the app.
 *
 * The export's record is kept in appraisal_exports under its token. The very hidden sheet also
 * describes each form (grid, fields, limits, the 1次's defaults) so that the evaluator can fill the
 * workbook in their own Kaname without an office (services/forms/evaluator-fill.ts); HR may then
 * submit the imported stage on the evaluator's behalf.
 */

export type EvaluatorRole = 'first' | 'second' | 'cross';

type StoredItem = {
  staffId: number;
  staffNo: string;
  sheetName: string;
  role: EvaluatorRole;
  version: number;
  goalIds: number[];
  lockedHash: string;
};

type StoredExport = {
  token: string;
  fy: number;
  evaluatorId: number;
  evaluatorNo: string;
  evaluatorName: string;
  createdAt: string;
  actor: string;
  items: StoredItem[];
};

const roleLabels: Record<EvaluatorRole, string> = { first: '1次評価', second: '2次評価', cross: '他所属評価' };
const ratingChoices = ['1', '2', '3', '4', '5'] as const;
const goalCommentMax = 1000;
const commentMax = 2000;

type Evaluator = { id: number; staffNo: string; name: string };
type Assigned = { view: AppraisalView; role: EvaluatorRole; goalIds: number[] };

const placeholder: Actor = { id: null, label: 'Kaname' };

/** The evaluator's part in one appraisal now, if any: the open stage, or their cross-section goals. */
function roleOf(db: Db, fy: number, evaluator: Evaluator, subjectId: number, view: AppraisalView): Assigned | null {
  const ev = evaluatorsInForce(db, fy, subjectId)[0];
  if (view.status === '自己評価済' && ev?.firstId === evaluator.id) return { view, role: 'first', goalIds: [] };
  if (view.status === '1次評価済' && ev?.secondId === evaluator.id) return { view, role: 'second', goalIds: [] };
  if (view.status !== '未着手' && view.status !== '自己評価済') return null;
  const goalIds = view.goals.filter((g) => g.cross?.evaluator?.staffNo === evaluator.staffNo).map((g) => g.id);
  return goalIds.length > 0 ? { view, role: 'cross', goalIds } : null;
}

/** Everyone the evaluator might have something to write for: assigned as 1次/2次, named cross, or led area. */
function candidates(db: Db, fy: number, evaluatorId: number): number[] {
  const rows = db
    .prepare(
      `SELECT staff_id AS id FROM evaluator_assignments
       WHERE fy = @fy AND (first_id = @e OR second_id = @e) AND (effective_to IS NULL OR effective_to >= @today)
       UNION
       SELECT m.staff_id FROM cross_ratings c JOIN mbo_goals g ON g.id = c.goal_id JOIN mbo_sheets m ON m.id = g.sheet_id
       WHERE m.fy = @fy AND c.evaluator_id = @e
       UNION
       SELECT member.staff_id FROM area_assignments leader
       JOIN area_assignments member ON member.fy = leader.fy AND member.area_id = leader.area_id AND member.staff_id <> leader.staff_id
       WHERE leader.fy = @fy AND leader.staff_id = @e AND leader.role = 'リーダー'`,
    )
    .all({ fy, e: evaluatorId, today: todayIso() }) as { id: number }[];
  return rows.map((r) => r.id);
}

// ---------- layout ----------

const goalKey = (i: number, f: 'level' | 'comment' | 'reason') => `g${i}.${f}`;

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

const kanameValue = (c: FormCell) => normalised(c.value);

/** The longest text of each open text cell, as the import checks it. */
function maxLengthOf(key: string): number | null {
  if (key === 'comment') return commentMax;
  if (key.endsWith('.comment')) return goalCommentMax;
  if (key.endsWith('.reason')) return REASON_MAX_CHARS;
  return null;
}

/** The 1次's default level per goal (cross-section rating or zero-incident proposal), for the reason rule. */
function reasonRules(a: Assigned): FillReasonRule[] {
  if (a.role !== 'first') return [];
  return a.view.goals.map((goal, i) => ({
    goal: i,
    levelKey: goalKey(i, 'level'),
    reasonKey: goalKey(i, 'reason'),
    defaultLevel: goal.firstDefault?.level ?? null,
    source: goal.firstDefault?.source ?? null,
  }));
}

// ---------- export ----------

function evaluatorBy(db: Db, staffNo: string): Evaluator {
  const e = staffRecordBy(db, 's.staff_no = ?', staffNo);
  if (!e) throw new AppError('NOT_FOUND', `職員番号 ${staffNo} の評価者は見つかりません。`, 'evaluatorNo');
  return { id: e.id, staffNo: e.staffNo, name: e.name };
}

function assignedOf(db: Db, fy: number, evaluator: Evaluator): Assigned[] {
  const out: Assigned[] = [];
  for (const id of candidates(db, fy, evaluator.id)) {
    const subject = staffRecordBy(db, 's.id = ?', id);
    if (!subject || subject.id === evaluator.id) continue;
    const view = appraisalViewAsHr(db, placeholder, fy, subject.staffNo);
    const a = roleOf(db, fy, evaluator, id, view);
    if (a) out.push(a);
  }
  const order = { first: 0, second: 1, cross: 2 } as const;
  return out.sort(
    (x, y) => order[x.role] - order[y.role] || x.view.person.staffNo.localeCompare(y.view.person.staffNo),
  );
}

export async function exportEvaluatorWorkbook(
  db: Db,
  actor: Actor,
  fy: number,
  evaluatorNo: string,
): Promise<FileDownload> {
  requireCycle(db, fy);
  const evaluator = evaluatorBy(db, evaluatorNo);
  const assigned = assignedOf(db, fy, evaluator);
  if (assigned.length === 0) {
    throw new AppError(
      'NOT_FOUND',
      `${evaluator.name}（${evaluator.staffNo}）がいま記入する人事考課はありません（1次は「自己評価済」、2次は「1次評価済」のもの、他所属評価は1次評価の前のものが対象です）。`,
    );
  }
  const token = crypto.randomBytes(16).toString('hex');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaname';
  wb.created = new Date();
  const taken = new Set<string>([metaSheetName.toLowerCase()]);
  const header = `${getMeta(db, 'office_name') ?? ''}　${fiscalYearLabel(fy)}　人事考課票（${evaluator.name}）`;
  const items: StoredItem[] = [];
  const descriptions: ReturnType<typeof fillDescription>[] = [];
  const sheets: ExcelJS.Worksheet[] = [];
  for (const a of assigned) {
    const p = a.view.person;
    const layout = evaluatorLayout(fy, evaluator, a);
    descriptions.push(fillDescription(layout, a.role, p.name, reasonRules(a), maxLengthOf));
    const name = sheetNameFor(`${p.staffNo} ${p.name}`, taken);
    const ws = wb.addWorksheet(name);
    writeForm(ws, layout);
    setUpPage(ws, { header });
    sheets.push(ws);
    const subject = staffRecordBy(db, 's.staff_no = ?', p.staffNo)!;
    items.push({
      staffId: subject.id,
      staffNo: p.staffNo,
      sheetName: name,
      role: a.role,
      version: a.view.version,
      goalIds: a.goalIds,
      lockedHash: cellsHash(token, layout, 'locked', kanameValue),
    });
  }
  const meta = wb.addWorksheet(metaSheetName, { state: 'veryHidden' });
  meta.getCell('A1').value = metaMarker;
  meta.getCell('A2').value = token;
  meta.getCell('A3').value = 'appraisals';
  meta.getCell('A4').value = fy;
  items.forEach((it, i) => {
    meta.getCell(i + 6, 1).value = it.sheetName;
    meta.getCell(i + 6, 2).value = it.staffNo;
  });
  const createdAt = new Date().toISOString();
  writeFillDescriptions(
    meta,
    {
      officeName: getMeta(db, 'office_name') ?? '',
      evaluatorNo: evaluator.staffNo,
      evaluatorName: evaluator.name,
      exportedAt: createdAt,
    },
    descriptions,
  );
  await protectAll(sheets);
  const record: StoredExport = {
    token,
    fy,
    evaluatorId: evaluator.id,
    evaluatorNo: evaluator.staffNo,
    evaluatorName: evaluator.name,
    createdAt,
    actor: actor.label,
    items,
  };
  db.transaction(() => {
    db.prepare(
      'INSERT INTO appraisal_exports (token, fy, evaluator_id, record, created_at, actor) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(token, fy, evaluator.id, JSON.stringify(record), record.createdAt, actor.label);
    appendAudit(db, actor, {
      action: 'appraisal.exportEvaluator',
      entity: 'appraisal_export',
      entityId: null,
      after: {
        fy,
        evaluator: evaluator.staffNo,
        forms: items.length,
        roles: items.map((i) => `${i.staffNo}:${i.role}`),
      },
    });
  })();
  const buf = await xlsxBuffer(wb);
  return {
    fileName: `人事考課票_${fy}年度_評価者${evaluator.staffNo}_記入用.xlsx`,
    data: buf.toString('base64'),
  };
}

// ---------- import ----------

const notOurs =
  'この様式は出力した対象者のものではありません（この記入用ブックを出力したときの対象に含まれていません）。';
const staleMessage =
  'Kaname上で出力後に更新されています。この様式は取り込みません。最新の記入用ブックを出力して記入し直してください。';
const notAssigned = (name: string) =>
  `この人事考課は、いまは${name}さんの記入する段階ではありません（評価者が変わったか、評価の段階が進んでいます）。この様式は取り込みません。`;

function findExport(db: Db, parsed: ParsedForms): StoredExport {
  const raw =
    parsed.token === null
      ? null
      : ((
          db.prepare('SELECT record FROM appraisal_exports WHERE token = ?').get(parsed.token) as
            { record: string } | undefined
        )?.record ?? null);
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

type Outcome = { problems: ImportProblem[]; diffs: FieldDiff[]; write: ((db: Db, actor: Actor) => void) | null };

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
      const subject = staffRecordBy(db, 's.staff_no = ?', staffNo)!;
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

type Decision = { change: RowChange; problems: ImportProblem[]; write: Outcome['write'] };

export type AppraisalPlan = {
  record: StoredExport;
  counts: ImportCounts;
  problems: ImportProblem[];
  changes: RowChange[];
  writes: ((db: Db, actor: Actor) => void)[];
};

function decideSheet(
  db: Db,
  record: StoredExport,
  item: StoredItem,
  subject: StaffRecord,
  sheet: { name: string; cells: CellsRead },
  row: number,
): Decision {
  const fy = record.fy;
  const evaluator: Evaluator = { id: record.evaluatorId, staffNo: record.evaluatorNo, name: record.evaluatorName };
  const base = { row, key: subject.staffNo, label: subject.name };
  const rejected = (problems: ImportProblem[]): Decision => ({
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
  const unchanged: Decision = { change: { ...base, status: 'unchanged', diffs: [] }, problems: [], write: null };
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

export function planAppraisals(db: Db, parsed: ParsedForms): AppraisalPlan {
  const record = findExport(db, parsed);
  const items = new Map(record.items.map((i) => [i.sheetName, i]));
  const counts: ImportCounts = { total: 0, inserted: 0, updated: 0, unchanged: 0, errors: 0 };
  const problems: ImportProblem[] = [];
  const changes: RowChange[] = [];
  const writes: AppraisalPlan['writes'] = [];
  parsed.sheets.forEach((sheet, index) => {
    const row = index + 1;
    const item = items.get(sheet.name);
    if (!item && sheet.cells.size === 0) return;
    counts.total += 1;
    const subject = item ? staffRecordBy(db, 's.id = ?', item.staffId) : undefined;
    const staffNoCell = normalised(sheet.cells.get(staffNoAddress) ?? { kind: 'empty' });
    let d: Decision;
    if (!item || !subject || staffNoCell !== subject.staffNo) {
      d = {
        change: { row, key: staffNoCell, label: sheet.name, status: 'error', diffs: [] },
        problems: [{ sheet: sheet.name, row: 3, column: 'B', field: '職員番号', message: notOurs }],
        write: null,
      };
    } else {
      d = decideSheet(db, record, item, subject, sheet, row);
    }
    changes.push(d.change);
    problems.push(...d.problems);
    if (d.change.status === 'error') counts.errors += 1;
    else if (d.change.status === 'changed') counts.updated += 1;
    else counts.unchanged += 1;
    if (d.write) writes.push(d.write);
  });
  return { record, counts, problems, changes, writes };
}

function sheetLabel(r: StoredExport): string {
  return `人事考課票 ${r.fy}年度（評価者 ${r.evaluatorName}）— 取り込むと保存されます。提出は評価者または人事担当が Kaname の画面で行います`;
}

export function appraisalsPreview(db: Db, parsed: ParsedForms, token: string): ImportPreview {
  const plan = planAppraisals(db, parsed);
  return {
    token,
    kind: parsed.kind,
    fileName: parsed.fileName,
    fileHash: parsed.fileHash,
    sheet: sheetLabel(plan.record),
    counts: plan.counts,
    problems: plan.problems,
    changes: plan.changes,
  };
}

/** Saves the valid sheets in one transaction, decided again against the database as it is now. */
export function commitAppraisals(db: Db, actor: Actor, parsed: ParsedForms): ImportResult {
  return db.transaction(() => {
    const plan = planAppraisals(db, parsed);
    for (const write of plan.writes) write(db, actor);
    const { counts } = plan;
    const logId = insertImportLog(db, actor, parsed, counts);
    appendAudit(db, actor, {
      action: 'import.commit',
      entity: 'import',
      entityId: logId,
      after: {
        kind: formLabels.appraisals,
        fileName: parsed.fileName,
        fileHash: parsed.fileHash,
        evaluator: plan.record.evaluatorNo,
        ...counts,
        rejected: plan.changes.filter((c) => c.status === 'error').map((c) => c.key || c.label),
      },
    });
    return { kind: parsed.kind, fileName: parsed.fileName, logId, ...counts };
  })();
}
