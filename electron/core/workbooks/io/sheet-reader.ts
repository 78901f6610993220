import type ExcelJS from 'exceljs';
import type { ImportProblem } from '../../../../shared/contract';
import { columnLetter, headerKey } from '../../../../shared/text';
import { readCell } from './cells';
import { SheetCellsBuilder, noCells } from './sheet-cells';
import type { SheetCells } from './sheet-cells';

export type ColumnKind = 'text' | 'name' | 'kana' | 'staffNo' | 'date' | 'code' | 'fy';

/** One column of an import sheet: its Japanese header, how its values read, and its allowed codes. */
export type ColumnSpec = {
  key: string;
  header: string;
  kind: ColumnKind;
  required?: boolean;
  aliases?: readonly string[];
  /** Coded columns: the values offered in the template's dropdown. */
  allowed?: readonly string[];
  /** Shown as the header's comment in templates. */
  note?: string;
  width?: number;
};

export type SheetSpec = { sheet: string; aliases?: readonly string[]; columns: readonly ColumnSpec[] };

/** A data row: its Excel row number and its index in the sheet's cells (read through RowFields). */
export type SheetRow = { row: number; index: number };

export type SheetRead = {
  sheet: string;
  headerRow: number;
  /** Column letters of the spec's columns found in the file (absent optional columns leave their field alone). */
  letters: Map<string, string>;
  rows: SheetRow[];
  /** The data rows' cells by column key, as columns (sheet-cells.ts). */
  cells: SheetCells;
  problems: ImportProblem[];
};

/** The rows of a sheet's cells, in order. */
export function rowsOf(cells: SheetCells): SheetRow[] {
  return Array.from(cells.rowNumbers, (row, index) => ({ row, index }));
}

/** The column letter of a field in this file, for problem reports. */
export function letterOf(read: SheetRead, key: string): string | null {
  return read.letters.get(key) ?? null;
}

const headerScanRows = 30;

function findSheet(wb: ExcelJS.Workbook, spec: SheetSpec): ExcelJS.Worksheet | undefined {
  const wanted = new Set([spec.sheet, ...(spec.aliases ?? [])].map(headerKey));
  const byName = wb.worksheets.find((ws) => wanted.has(headerKey(ws.name)));
  if (byName) return byName;
  // A workbook with a single sheet is taken as that sheet when its headers fit (checked by the caller).
  return wb.worksheets.length === 1 ? wb.worksheets[0] : undefined;
}

function headerKeys(c: ColumnSpec): string[] {
  return [c.header, ...(c.aliases ?? [])].map(headerKey);
}

/**
 * Finds the sheet and its header row (real files have title rows above it), maps the spec's
 * columns by tolerant header matching, and returns the non-empty data rows below it.
 */
export function readSheet(wb: ExcelJS.Workbook, spec: SheetSpec): SheetRead {
  const problems: ImportProblem[] = [];
  const ws = findSheet(wb, spec);
  const fail = (message: string, row: number | null = null): SheetRead => {
    problems.push({ sheet: spec.sheet, row, column: null, field: null, message });
    return { sheet: spec.sheet, headerRow: 0, letters: new Map(), rows: [], cells: noCells(), problems };
  };
  if (!ws) {
    const names = wb.worksheets.map((w) => `「${w.name}」`).join('、') || 'なし';
    return fail(`シート「${spec.sheet}」が見つかりません（このファイルのシート: ${names}）。`);
  }
  const sheet = ws.name;

  // Each header and alias as matched, to its column (the first column in the spec to claim it).
  const byHeader = new Map<string, ColumnSpec>();
  for (const c of spec.columns) for (const k of headerKeys(c)) if (!byHeader.has(k)) byHeader.set(k, c);
  let best = { row: 0, matches: new Map<string, number>() };
  const last = Math.min(ws.rowCount, headerScanRows);
  for (let r = 1; r <= last; r += 1) {
    const matches = new Map<string, number>();
    ws.getRow(r).eachCell({ includeEmpty: false }, (cell, col) => {
      const raw = readCell(cell);
      if (raw.kind !== 'text') return;
      const spec0 = byHeader.get(headerKey(raw.text));
      if (spec0 && !matches.has(spec0.key)) matches.set(spec0.key, col);
    });
    if (matches.size > best.matches.size) best = { row: r, matches };
  }
  if (best.matches.size === 0) {
    if (ws.rowCount === 0) return { ...fail('シートにデータがありません（空のファイルです）。'), sheet };
    return {
      ...fail(
        `見出し行が見つかりません。1行目から${headerScanRows}行目までに「${spec.columns[0]?.header ?? ''}」などの見出しを置いてください。`,
      ),
      sheet,
    };
  }
  for (const c of spec.columns) {
    if (c.required && !best.matches.has(c.key)) {
      problems.push({
        sheet,
        row: best.row,
        column: null,
        field: c.header,
        message: `必須の列「${c.header}」が見つかりません（見出しは${best.row}行目）。`,
      });
    }
  }
  const columns = [...best.matches];
  const cols = columns.map(([, col]) => col);
  const found = new SheetCellsBuilder(columns.map(([key]) => key));
  const lastRow = ws.rowCount;
  for (let r = best.row + 1; r <= lastRow; r += 1) {
    // findRow and findCell never create a row or a cell for a blank one (getRow / getCell would);
    // a row whose cells are all blank gives no value below and is left out.
    const row = ws.findRow(r);
    if (row === undefined) continue;
    for (let i = 0; i < cols.length; i += 1) {
      const cell = row.findCell(cols[i] as number);
      if (cell === undefined) continue;
      // Most cells are plain text (shared strings): checked once per distinct text.
      const value = cell.value;
      if (typeof value === 'string') found.setText(i, value);
      else found.set(i, readCell(cell));
    }
    found.endRow(r);
  }
  if (found.rows === 0 && problems.length === 0) {
    problems.push({ sheet, row: best.row, column: null, field: null, message: '見出しの下にデータの行がありません。' });
  }
  const cells = found.finish();
  const letters = new Map(columns.map(([key, col]) => [key, columnLetter(col)]));
  return { sheet, headerRow: best.row, letters, rows: rowsOf(cells), cells, problems };
}
