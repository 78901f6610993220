import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import type { FileDownload } from '../../../../shared/contract';
import { fiscalYearLabel } from '../../../../shared/fiscal-year';
import { AppError } from '../../../../shared/result';
import { inlineSink } from '../../api/outbox';
import type { ExportSink } from '../../api/outbox';
import type { Db } from '../../db/connection';
import { getMeta } from '../../db/meta.repo';
import { requireCycle } from '../../access/evaluation-access';
import { staffById, staffByNo } from '../../staff/staff.repo';
import { appendAudit } from '../../system/audit.repo';
import type { Actor } from '../../system/audit.repo';
import { evaluatorCandidates, insertAppraisalExport } from '../appraisal-exports.repo';
import { cellsHash, protectAll, setUpPage, sheetNameFor, writeForm } from '../io/form-sheet';
import { xlsxBuffer } from '../io/workbook';
import { protectStructure, sheetPasswordHash } from '../io/book-protection';
import type { ParsedForms, WorkbookModule } from '../kind';
import { parseForms } from '../parse';
import { appraisalViewAsHr } from './appraisal-forms';
import { formLabels } from './common';
import { fillDescription, writeFillDescriptions } from './evaluator-fill';
import { planAppraisals } from './evaluator-import';
import { evaluatorLayout, kanameValue, maxLengthOf, placeholder, reasonRules, roleOf } from './evaluator-layout';
import type { Assigned, Evaluator, StoredExport, StoredItem } from './evaluator-layout';
import { metaMarker, metaSheetName } from './meta';

/*
 * The evaluator's workbook (評価者用 記入用ブック, docs/workbooks.md): HR exports, per evaluator, the
 * appraisals whose open stage is theirs — as 1次 at 自己評価済, as 2次 at 1次評価済 — and the goals
 * they rate from outside the section (他所属評価, until the 1次 has submitted). One sheet per
 * person; only the evaluator's own fields are unlocked, with dropdowns (評語 S–D, 能力評価 1–5); the
 * 1次's level starts from the cross-section rating or the zero-incident proposal. Self-report
 * fields are never part of it.
 *
 * The import (evaluator-import.ts) trusts the export's record, never the file: whose sheets, in which role, at which
 * version, with a keyed hash of every locked cell. Per sheet it rejects changed locked cells, a form
 * changed in Kaname since the export (stale), a form no longer this evaluator's (an evaluator change
 * or a stage that moved on), unreadable or out-of-range levels and ratings, and a 1次 level that
 * departs from its default without a reason; the valid sheets are saved through writeAppraisal
 * ('appraisal.import') — saved, not submitted: the evaluator or HR submits in the app.
 *
 * The export's record is kept in appraisal_exports under its token. The very hidden sheet also
 * describes each form (grid, fields, limits, the 1次's defaults) so that the evaluator can fill the
 * workbook in their own Kaname without an office (forms/evaluator-fill.ts); HR may then
 * submit the imported stage on the evaluator's behalf.
 */

function evaluatorBy(db: Db, staffNo: string): Evaluator {
  const e = staffByNo(db, staffNo);
  if (!e) throw new AppError('NOT_FOUND', `職員番号 ${staffNo} の評価者は見つかりません。`, 'evaluatorNo');
  return { id: e.id, staffNo: e.staffNo, name: e.name };
}

function assignedOf(db: Db, fy: number, evaluator: Evaluator): Assigned[] {
  const out: Assigned[] = [];
  for (const id of evaluatorCandidates(db, fy, evaluator.id)) {
    const subject = staffById(db, id);
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
  sink: ExportSink = inlineSink,
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
    setUpPage(ws, { header }, layout);
    sheets.push(ws);
    const subject = staffByNo(db, p.staffNo)!;
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
  // The very hidden sheet stays hidden in Calc too: the structure is locked (docs/workbooks.md).
  protectStructure(wb, sheetPasswordHash(sheets[0]));
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
    insertAppraisalExport(db, {
      token,
      fy,
      evaluatorId: evaluator.id,
      record: JSON.stringify(record),
      createdAt: record.createdAt,
      actor: actor.label,
    });
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
  // One evaluator's forms (tens of sheets): built in memory, written to the outbox for delivery 'file'.
  const buf = await xlsxBuffer(wb);
  return sink.bytes(`人事考課票_${fy}年度_評価者${evaluator.staffNo}_記入用.xlsx`, buf);
}

/** The evaluator's workbook of 人事考課票: export, parse and plan. */
export const appraisalsWorkbook: WorkbookModule<ParsedForms, typeof exportEvaluatorWorkbook> = {
  kind: 'appraisals',
  label: formLabels.appraisals,
  parse: (fileName, file) => parseForms('appraisals', fileName, file),
  plan: (db, parsed) => planAppraisals(db, parsed),
  export: exportEvaluatorWorkbook,
};
