import type { ImportCounts, ImportProblem, RowChange } from '../../../../shared/contract';
import type { Db } from '../../db/connection';
import type { Actor } from '../../system/audit.repo';
import { addressOf, columnLetter, normalised } from '../io/form-sheet';
import type { CellsRead, FormCell, FormLayout } from '../io/form-sheet';
import { staffNoAddress } from './common';

/*
 * What the two 記入用ブック imports share (docs/workbook-import.md): each worksheet is one form,
 * decided on its own — unchanged, new or changed (written), or rejected with every reason at its
 * sheet, row and column — and the messages for a sheet that is not the export's, a form changed in
 * Kaname since the export, and changed locked cells.
 */

export const notOurs =
  'この様式は出力した対象者のものではありません（この記入用ブックを出力したときの対象に含まれていません）。';
export const staleMessage =
  'Kaname上で出力後に更新されています。この様式は取り込みません。最新の記入用ブックを出力して記入し直してください。';
const lockedMessage = '記入欄以外のセル（ロックされたセル）が変更されています。この様式は取り込みません。';
/** At most this many changed locked cells are named per form (the rest are counted). */
const maxNamedCells = 10;

export type FormWrite = (db: Db, actor: Actor) => void;

/** One worksheet's decision: its row in the preview, its problems, and its write when it is valid and changed. */
export type FormDecision = { change: RowChange; problems: ImportProblem[]; write: FormWrite | null };

export type SheetsPlan = { counts: ImportCounts; problems: ImportProblem[]; changes: RowChange[]; writes: FormWrite[] };

/** The sheet of a workbook as read: its name and its non-empty cells. */
export type FormSheet = { name: string; cells: CellsRead };

/**
 * Decides every sheet of a workbook: a sheet the export does not list (or whose 職員番号 cell names
 * someone else) is not ours; an empty sheet someone added is skipped; the others are decided by the
 * kind. `subjectOf` tells whether the export lists the sheet, and whose form it is then.
 */
export function planSheets<S extends { staffNo: string }>(
  sheets: readonly FormSheet[],
  subjectOf: (sheet: FormSheet) => { listed: boolean; subject: S | undefined },
  decide: (subject: S, sheet: FormSheet, row: number) => FormDecision,
): SheetsPlan {
  const counts: ImportCounts = { total: 0, inserted: 0, updated: 0, unchanged: 0, errors: 0 };
  const problems: ImportProblem[] = [];
  const changes: RowChange[] = [];
  const writes: FormWrite[] = [];
  const m = /^([A-Z]+)(\d+)$/u.exec(staffNoAddress);
  sheets.forEach((sheet, index) => {
    const row = index + 1;
    const { listed, subject } = subjectOf(sheet);
    if (!listed && sheet.cells.size === 0) return; // an empty sheet someone added: nothing to take or lose
    counts.total += 1;
    const staffNoCell = normalised(sheet.cells.get(staffNoAddress) ?? { kind: 'empty' });
    let d: FormDecision;
    if (subject === undefined || staffNoCell !== subject.staffNo) {
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
      d = decide(subject, sheet, row);
    }
    changes.push(d.change);
    problems.push(...d.problems);
    if (d.change.status === 'error') counts.errors += 1;
    else if (d.change.status === 'new') counts.inserted += 1;
    else if (d.change.status === 'changed') counts.updated += 1;
    else counts.unchanged += 1;
    if (d.write) writes.push(d.write);
  });
  return { counts, problems, changes, writes };
}

/** The keys (職員番号, else the sheet's name) of the rejected forms, for the import's audit entry. */
export function rejectedOf(changes: readonly RowChange[]): string[] {
  return changes.filter((c) => c.status === 'error').map((c) => c.key || c.label);
}

/** What a reader calls a cell: its field, or the label beside it. */
function cellName(layout: FormLayout, cell: FormCell): string {
  if (cell.field) return cell.field.label;
  if (cell.style === 'label') return String(cell.value ?? '');
  const left = layout.cells.find((c) => c.row === cell.row && c.col === cell.col - 1 && c.style === 'label');
  return left ? (String(left.value ?? '').split('\n')[0] ?? '') : '';
}

/** Every changed locked cell (up to maxNamedCells, the rest counted), and cells written outside the form. */
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
