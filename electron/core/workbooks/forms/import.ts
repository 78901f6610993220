import type {
  ImportCounts,
  ImportPreview,
  ImportProblem,
  ImportResult,
  RowChange,
  WorkbookKind,
} from '../../../../shared/contract';
import { AppError } from '../../../../shared/result';
import type { Db } from '../../db/connection';
import { appendAudit } from '../../system/audit.repo';
import type { Actor } from '../../system/audit.repo';
import { formExportByToken, formExportItems } from '../form-exports.repo';
import type { FormExportItem, FormExportRecord } from '../form-exports.repo';
import type { StaffRecord } from '../../staff/org.repo';
import { readCell } from '../io/cells';
import { addressOf, cellsHash, columnLetter, normalised, readFormCells } from '../io/form-sheet';
import type { CellsRead, FormCell, FormLayout } from '../io/form-sheet';
import { loadWorkbook } from '../io/workbook';
import { staffRecordBy } from '../../access/evaluation-access';
import { appraisalsPreview, commitAppraisals } from './appraisal-workbook';
import { formLabels, staffNoAddress } from './common';
import type { FormKindModule } from './common';
import { metaMarker, metaSheetName, moduleFor } from './export';
import { insertImportLog } from '../import-log.repo';

/*
 * The import of a staff workbook (記入用ブック). Whose forms a file holds, which cells were locked,
 * and the version of each form at export all come from the export's record in the database (found
 * by the token on the workbook's very hidden sheet), never from the file. Each worksheet is one form
 * and is decided on its own: unchanged, new or changed (written), or rejected with every reason at
 * its sheet, row and column. The valid forms are committed even when others are rejected, and the
 * rejected ones are listed — nothing is dropped silently.
 */

export type ParsedForms = {
  kind: WorkbookKind;
  fileName: string;
  fileHash: string;
  token: string | null;
  marker: string;
  sheets: { name: string; cells: CellsRead }[];
};

export async function parseForms(kind: WorkbookKind, fileName: string, file: Buffer): Promise<ParsedForms> {
  const { workbook, fileHash } = await loadWorkbook(file);
  const meta = workbook.getWorksheet(metaSheetName);
  const token = meta ? normalised(readCell(meta.getCell('A2'))) : '';
  const marker = meta ? normalised(readCell(meta.getCell('A1'))) : '';
  const sheets = workbook.worksheets
    .filter((ws) => ws.name !== metaSheetName)
    .map((ws) => ({ name: ws.name, cells: readFormCells(ws) }));
  return { kind, fileName, fileHash, token: /^[0-9a-f]{32}$/u.test(token) ? token : null, marker, sheets };
}

const notOurs =
  'この様式は出力した対象者のものではありません（この記入用ブックを出力したときの対象に含まれていません）。';
const staleMessage =
  'Kaname上で出力後に更新されています。この様式は取り込みません。最新の記入用ブックを出力して記入し直してください。';
const lockedMessage = '記入欄以外のセル（ロックされたセル）が変更されています。この様式は取り込みません。';
const closedMessage = (status: string) =>
  `この様式は出力時に「${status}」で編集できない状態でした（提出済のため編集できません）。変更は取り込みません。`;
/** At most this many changed locked cells are named per form (the rest are counted). */
const maxNamedCells = 10;

type FormDecision = {
  change: RowChange;
  problems: ImportProblem[];
  write: ((db: Db, actor: Actor) => void) | null;
};

function findExport(db: Db, parsed: ParsedForms): FormExportRecord {
  const label = formLabels[parsed.kind];
  const record = parsed.token === null ? undefined : formExportByToken(db, parsed.token);
  if (!record) {
    throw new AppError(
      'VALIDATION',
      parsed.token === null && parsed.marker !== metaMarker
        ? `このファイルは Kaname で出力した${label}の記入用ブックではありません。「取込・出力」の「記入用ブックを出力」で出力したファイルに記入して取り込んでください。`
        : `この記入用ブックはこの事業所で出力されたものではありません（別の事業所のデータベースで出力されたか、出力の記録が見つかりません）。`,
    );
  }
  if (record.kind !== parsed.kind) {
    throw new AppError(
      'VALIDATION',
      `このファイルは${formLabels[record.kind]}の記入用ブックです。取り込むデータの種類を「${formLabels[record.kind]}」にしてください。`,
    );
  }
  return record;
}

/** What a reader calls a cell: its field, or the label beside it. */
function cellName(layout: FormLayout, cell: FormCell): string {
  if (cell.field) return cell.field.label;
  if (cell.style === 'label') return String(cell.value ?? '');
  const left = layout.cells.find((c) => c.row === cell.row && c.col === cell.col - 1 && c.style === 'label');
  return left ? (String(left.value ?? '').split('\n')[0] ?? '') : '';
}

export function lockedProblems(
  sheet: string,
  layout: FormLayout,
  cells: CellsRead,
  compareValues: boolean,
  extra: string[],
): ImportProblem[] {
  const out: ImportProblem[] = [];
  let more = 0;
  const add = (row: number, col: number, field: string | null): void => {
    if (out.length >= maxNamedCells) {
      more += 1;
      return;
    }
    out.push({ sheet, row, column: columnLetter(col), field, message: lockedMessage });
  };
  if (compareValues) {
    for (const c of layout.cells) {
      if (c.confidential || (layout.editable && c.field)) continue;
      const file = normalised(cells.get(addressOf(c.row, c.col)) ?? { kind: 'empty' });
      if (file !== normalised(c.value)) add(c.row, c.col, cellName(layout, c) || null);
    }
  }
  for (const a of extra) {
    const m = /^([A-Z]+)(\d+)$/u.exec(a);
    if (m) add(Number(m[2]), (m[1] ?? 'A').charCodeAt(0) - 64, null);
  }
  if (out.length === 0) out.push({ sheet, row: null, column: null, field: null, message: lockedMessage });
  if (more > 0) {
    out.push({
      sheet,
      row: null,
      column: null,
      field: null,
      message: `ほかにも変更されたロック済みのセルが${more}個あります。`,
    });
  }
  return out;
}

function decide(
  db: Db,
  mod: FormKindModule<unknown>,
  exp: FormExportRecord,
  item: FormExportItem,
  person: StaffRecord,
  sheet: { name: string; cells: CellsRead },
  row: number,
): FormDecision {
  const fy = exp.fy;
  const record = mod.load(db, fy, person.id);
  const layout = mod.layout(person, record, { fy, purpose: 'roundtrip', includeConfidential: false }, item.editable);
  const { cells } = sheet;
  const fileValue = (c: FormCell) => normalised(cells.get(addressOf(c.row, c.col)) ?? { kind: 'empty' });
  const base = { row, key: person.staffNo, label: person.name };
  const rejected = (problems: ImportProblem[]): FormDecision => ({
    change: { ...base, status: 'error', diffs: [] },
    problems,
    write: null,
  });

  const masters = new Set(layout.cells.map((c) => addressOf(c.row, c.col)));
  const extra = [...cells.keys()].filter((a) => !masters.has(a));
  const lockedChanged = cellsHash(exp.token, layout, 'locked', fileValue) !== item.lockedHash || extra.length > 0;
  const current = mod.version(record);
  const stale = current !== item.formVersion;
  const problems: ImportProblem[] = [];
  if (lockedChanged) problems.push(...lockedProblems(sheet.name, layout, cells, !stale, extra));

  const confidentialChanged = layout.cells.some((c) => {
    if (!c.confidential || !c.field) return false;
    const v = fileValue(c);
    return v !== '' && v !== normalised(mod.confidentialValue(record, c.field.key));
  });
  const openChanged = cellsHash(exp.token, layout, 'open', fileValue) !== item.openHash || confidentialChanged;
  const unchanged: FormDecision = { change: { ...base, status: 'unchanged', diffs: [] }, problems: [], write: null };
  if (!lockedChanged && !openChanged) return unchanged;
  if (stale && !lockedChanged && item.editable) {
    // Filled, but with exactly what Kaname holds now (this very workbook, already committed):
    // nothing to take and nothing to overwrite. Any other value would undo a change made since
    // (docs/workbook-import.md).
    const again = mod.evaluate({ db, fy, person, record, layout, cells, sheet: sheet.name });
    if (again.problems.length === 0 && again.diffs.length === 0) return unchanged;
  }

  if (stale) problems.push({ sheet: sheet.name, row: null, column: null, field: null, message: staleMessage });
  if (problems.length > 0) return rejected(problems);
  if (!item.editable) {
    return rejected([
      { sheet: sheet.name, row: null, column: null, field: null, message: closedMessage(mod.statusOf(record)) },
    ]);
  }
  const outcome = mod.evaluate({ db, fy, person, record, layout, cells, sheet: sheet.name });
  if (outcome.problems.length > 0) return rejected(outcome.problems);
  if (outcome.write === null || outcome.diffs.length === 0) return unchanged;
  return {
    change: { ...base, status: outcome.isNew ? 'new' : 'changed', diffs: outcome.diffs },
    problems: [],
    write: outcome.write,
  };
}

export type FormPlan = {
  exportRecord: FormExportRecord;
  sheetLabel: string;
  counts: ImportCounts;
  problems: ImportProblem[];
  changes: RowChange[];
  writes: ((db: Db, actor: Actor) => void)[];
};

/** Decides every form of a staff workbook against the database as it is now. */
export function planForms(db: Db, parsed: ParsedForms): FormPlan {
  const exp = findExport(db, parsed);
  const mod = moduleFor(db, parsed.kind);
  const items = new Map(formExportItems(db, exp.id).map((i) => [i.sheetName, i]));
  const counts: ImportCounts = { total: 0, inserted: 0, updated: 0, unchanged: 0, errors: 0 };
  const problems: ImportProblem[] = [];
  const changes: RowChange[] = [];
  const writes: FormPlan['writes'] = [];
  parsed.sheets.forEach((sheet, index) => {
    const row = index + 1;
    const item = items.get(sheet.name);
    const person = item ? staffRecordBy(db, 's.id = ?', item.staffId) : undefined;
    const staffNoCell = normalised(sheet.cells.get(staffNoAddress) ?? { kind: 'empty' });
    if (!item && sheet.cells.size === 0) return; // an empty sheet someone added: nothing to take or lose
    counts.total += 1;
    let d: FormDecision;
    if (!item || !person || staffNoCell !== person.staffNo) {
      const m = /^([A-Z]+)(\d+)$/u.exec(staffNoAddress);
      d = {
        change: { row, key: staffNoCell, label: sheet.name, status: 'error', diffs: [] },
        problems: [
          {
            sheet: sheet.name,
            row: m ? Number(m[2]) : null,
            column: m ? (m[1] ?? null) : null,
            field: '職員番号',
            message: notOurs,
          },
        ],
        write: null,
      };
    } else {
      d = decide(db, mod, exp, item, person, sheet, row);
    }
    changes.push(d.change);
    problems.push(...d.problems);
    if (d.change.status === 'error') counts.errors += 1;
    else if (d.change.status === 'new') counts.inserted += 1;
    else if (d.change.status === 'changed') counts.updated += 1;
    else counts.unchanged += 1;
    if (d.write) writes.push(d.write);
  });
  return {
    exportRecord: exp,
    sheetLabel: `${formLabels[parsed.kind]} ${exp.fy}年度（${exp.scope}）`,
    counts,
    problems,
    changes,
    writes,
  };
}

export function formsPreview(db: Db, parsed: ParsedForms, token: string): ImportPreview {
  if (parsed.kind === 'appraisals') return appraisalsPreview(db, parsed, token);
  const plan = planForms(db, parsed);
  return {
    token,
    kind: parsed.kind,
    fileName: parsed.fileName,
    fileHash: parsed.fileHash,
    sheet: plan.sheetLabel,
    counts: plan.counts,
    problems: plan.problems,
    changes: plan.changes,
  };
}

/**
 * Writes the valid forms in one transaction, decided again against the database as it is now (a
 * form changed since the preview is rejected then); the rejected ones are counted as errors. The
 * import log and the audit log record it.
 */
export function commitForms(db: Db, actor: Actor, parsed: ParsedForms): ImportResult {
  if (parsed.kind === 'appraisals') return commitAppraisals(db, actor, parsed);
  return db.transaction(() => {
    const plan = planForms(db, parsed);
    for (const write of plan.writes) write(db, actor);
    const { counts } = plan;
    const logId = insertImportLog(db, actor, parsed, counts);
    appendAudit(db, actor, {
      action: 'import.commit',
      entity: 'import',
      entityId: logId,
      after: {
        kind: formLabels[parsed.kind],
        fileName: parsed.fileName,
        fileHash: parsed.fileHash,
        exportId: plan.exportRecord.id,
        ...counts,
        rejected: plan.changes.filter((c) => c.status === 'error').map((c) => c.key || c.label),
      },
    });
    return { kind: parsed.kind, fileName: parsed.fileName, logId, ...counts };
  })();
}
