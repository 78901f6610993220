import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FileDownload } from '../../../../shared/contract';
import { xmlSafe } from '../../../../shared/text';
import type { ExportSink } from '../../api/outbox';
import { streamingWorkbook } from '../appraisal-tables';
import type { ColumnSpec, SheetSpec } from './sheet-reader';
import { bookFont } from './fonts';
import { linesFor } from './form-sheet';
import { cellText, xlsxBuffer } from './workbook';

/** A value we write: primitives only, so no formula or link can ever be smuggled into a cell. */
export type CellOut = string | number | null;

export type ExtraColumn = { header: string; width: number };

/** One sheet of an import workbook: its spec, its rows, and reference columns the import does not read. */
export type SheetOut = { spec: SheetSpec; rows: CellOut[][]; extra?: ExtraColumn[] };

/** The product's font (io/fonts.ts), so that another office suite does not print in a serif face. */
const font = bookFont(11);

const listSheetName = '_リスト';
const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F0' } };
const extraFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** An ISO date as the Excel date of that calendar day (written as a serial, so no time-zone drift). */
function dateCell(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function headerNote(c: ColumnSpec): string {
  const parts = [c.required ? '必須' : '任意'];
  if (c.allowed) parts.push(`選択肢: ${c.allowed.join(' / ')}`);
  if (c.kind === 'date') parts.push('日付: 2025/4/1 や 令和7年4月1日');
  if (c.note) parts.push(c.note);
  return parts.join('\n');
}

/** Columns written as numbers, not text (the 研修 sheet's 時間数). */
const numberColumns = new Set(['hours']);

/** Scores keep two decimals wherever they are shown (docs/workbooks.md, "Printing"). */
const scoreColumns = new Set(['score']);

function numFmtOf(c: ColumnSpec): string {
  if (c.kind === 'date') return 'yyyy/m/d';
  if (scoreColumns.has(c.key)) return '0.00';
  if (c.kind === 'fy' || numberColumns.has(c.key)) return 'General';
  return '@';
}

/**
 * Free text wraps at the column edge instead of being cut there (資格, 担当, 表彰名, 内容, the
 * reference columns), and its row grows to show it (rowHeight).
 */
const wraps = (c: ColumnSpec): boolean => c.kind === 'text';
const wrapStyle: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };
const topStyle: Partial<ExcelJS.Alignment> = { vertical: 'top' };

/** Points per line of 11-point text, and the most lines a row is given (the rest shows in the cell). */
const lineHeight = 15;
const maxLines = 8;

/** The height a data row needs for its wrapped text; undefined when one line is enough. */
function rowHeight(spec: SheetSpec, extra: ExtraColumn[], values: CellOut[]): number | undefined {
  let lines = 1;
  values.forEach((v, i) => {
    if (typeof v !== 'string' || v === '') return;
    const c = spec.columns[i];
    const width = c ? (wraps(c) ? (c.width ?? 14) : null) : (extra[i - spec.columns.length]?.width ?? null);
    if (width !== null) lines = Math.max(lines, linesFor(v, width));
  });
  return lines > 1 ? Math.min(maxLines, lines) * lineHeight + 3 : undefined;
}

type DataValidations = { add: (range: string, rule: ExcelJS.DataValidation) => void };

type Coded = { ws: ExcelJS.Worksheet; col: number; c: ColumnSpec; lastRow: number };

function sheetOptions(confidential: boolean): Partial<ExcelJS.AddWorksheetOptions> {
  return {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    },
    headerFooter: confidential ? { oddFooter: '&L取扱注意&C&P / &N&R&D' } : { oddFooter: '&C&P / &N' },
  };
}

/** The columns' widths and styles, and the header row with its notes (a row not yet committed). */
function writeHeader(ws: ExcelJS.Worksheet, spec: SheetSpec, extra: ExtraColumn[]): ExcelJS.Row {
  ws.columns = [
    ...spec.columns.map((c) => ({
      key: c.key,
      width: c.width ?? 14,
      style: { numFmt: numFmtOf(c), font, alignment: wraps(c) ? wrapStyle : topStyle },
    })),
    ...extra.map((e, i) => ({ key: `extra${i}`, width: e.width, style: { numFmt: '@', font, alignment: wrapStyle } })),
  ];
  const header = ws.getRow(1);
  spec.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.note = headerNote(c);
    cell.fill = headerFill;
  });
  extra.forEach((e, i) => {
    const cell = header.getCell(spec.columns.length + i + 1);
    cell.value = e.header;
    cell.note = '参考のための列です。取り込みでは読みません。';
    cell.fill = extraFill;
  });
  header.eachCell((cell) => {
    cell.font = { ...font, bold: true };
    cell.border = thin;
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
  });
  return header;
}

/** One data row's cells: dates as dates, the rest as given (`text` makes strings XML-safe when streaming). */
function writeValues(
  row: ExcelJS.Row,
  spec: SheetSpec,
  values: CellOut[],
  text: (s: string) => string,
  extra: ExtraColumn[] = [],
): void {
  const height = rowHeight(spec, extra, values);
  if (height !== undefined) row.height = height;
  values.forEach((v, i) => {
    if (v === null || v === '') return;
    const c = spec.columns[i];
    row.getCell(i + 1).value =
      c?.kind === 'date' && typeof v === 'string' ? dateCell(v) : typeof v === 'string' ? text(v) : v;
  });
}

function addSheet(wb: ExcelJS.Workbook, out: SheetOut, confidential: boolean, coded: Coded[]): void {
  const { spec, rows } = out;
  const extra = out.extra ?? [];
  const ws = wb.addWorksheet(spec.sheet, sheetOptions(confidential));
  writeHeader(ws, spec, extra);
  for (const values of rows) writeValues(ws.addRow([]), spec, values, (t) => t, extra);
  const lastRow = Math.max(rows.length + 1, 2000);
  for (const [i, c] of spec.columns.entries()) if (c.allowed) coded.push({ ws, col: i + 1, c, lastRow });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length + extra.length } };
}

/** One workbook of several import sheets in the same layout (docs/workbooks.md: the 研修 workbook is two). */
export async function writeImportSheets(sheets: SheetOut[], options: { confidential: boolean }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaname';
  wb.created = new Date();
  const coded: Coded[] = [];
  for (const s of sheets) addSheet(wb, s, options.confidential, coded);
  addValidations(coded, 0);
  if (coded.length > 0) writeLists(wb.addWorksheet(listSheetName, { state: 'veryHidden' }), coded);
  return xlsxBuffer(wb);
}

/** The n-th coded column's list, in column n + 1 of the list sheet (the letters both sides agree on). */
function listLetter(n: number): string {
  let col = n + 1;
  let out = '';
  while (col > 0) {
    const rem = (col - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    col = Math.floor((col - 1) / 26);
  }
  return out;
}

/** The dropdowns of the coded columns `from` onwards, pointing at their lists on the hidden sheet. */
function addValidations(coded: Coded[], from: number): void {
  coded.forEach(({ ws, col, c, lastRow }, i) => {
    if (i < from) return;
    const allowed = c.allowed ?? [];
    const letter = ws.getColumn(col).letter;
    const list = listLetter(i);
    (ws as unknown as { dataValidations: DataValidations }).dataValidations.add(`${letter}2:${letter}${lastRow}`, {
      type: 'list',
      allowBlank: !c.required,
      formulae: [`'${listSheetName}'!$${list}$1:$${list}$${allowed.length}`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: c.header,
      error: `次のいずれかを選んでください: ${allowed.join(' / ')}`,
    });
  });
}

/** The dropdowns' lists: one very hidden sheet after the sheets people fill in, a column per coded column. */
function writeLists(lists: ExcelJS.Worksheet, coded: Coded[], commit = false): void {
  const longest = Math.max(...coded.map(({ c }) => c.allowed?.length ?? 0));
  for (let r = 0; r < longest; r++) {
    const row = lists.getRow(r + 1);
    coded.forEach(({ c }, i) => {
      const v = c.allowed?.[r];
      if (v === undefined) return;
      const cell = row.getCell(i + 1);
      cell.value = v;
      cell.font = font;
    });
    if (commit) row.commit();
  }
}

/**
 * The same workbook as writeImportSheets, written as a stream (docs/exports.md): each row is
 * committed as it is written, so a 職員名簿 of a city's 35,000 never sits in memory as a workbook.
 * Text goes through cellText here (the streamed rows are never sanitised afterwards). Ends `out`.
 */
export async function streamImportSheets(
  sheets: SheetOut[],
  options: { confidential: boolean },
  out: Writable,
): Promise<void> {
  const wb = streamingWorkbook(out);
  const coded: Coded[] = [];
  for (const s of sheets) {
    const { spec, rows } = s;
    const ws = wb.addWorksheet(xmlSafe(spec.sheet), sheetOptions(options.confidential));
    writeHeader(ws, spec, s.extra ?? []).commit();
    for (const values of rows) {
      const row = ws.addRow([]);
      writeValues(row, spec, values, cellText, s.extra ?? []);
      row.commit();
    }
    const from = coded.length;
    const lastRow = Math.max(rows.length + 1, 2000);
    for (const [i, c] of spec.columns.entries()) if (c.allowed) coded.push({ ws, col: i + 1, c, lastRow });
    ws.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: 1, column: spec.columns.length + (s.extra?.length ?? 0) },
    };
    addValidations(coded, from);
    ws.commit();
  }
  if (coded.length > 0) {
    const lists = wb.addWorksheet(listSheetName, { state: 'veryHidden' });
    writeLists(lists, coded, true);
    lists.commit();
  }
  await wb.commit();
}

/**
 * An import workbook handed to a sink: to a file (delivery 'file') streamed row by row, else built
 * in memory as it always was and answered as base64.
 */
export async function importSheetsTo(
  sink: ExportSink,
  fileName: string,
  sheets: SheetOut[],
  options: { confidential: boolean },
): Promise<FileDownload> {
  if (sink.toFile) return sink.stream(fileName, (out) => streamImportSheets(sheets, options, out));
  return sink.bytes(fileName, await writeImportSheets(sheets, options));
}

/**
 * Writes one import sheet as a workbook: the header row with notes, dropdowns on coded columns
 * (lists on a hidden sheet), 職員番号 and other text columns stored as text, dates as dates.
 * The same layout serves the empty template and the export of current data, so an export
 * re-imports as unchanged. Personal data exports carry 取扱注意 in the footer.
 */
export async function writeImportSheet(
  spec: SheetSpec,
  rows: CellOut[][],
  options: { confidential: boolean; extra?: ExtraColumn[] },
): Promise<Buffer> {
  return writeImportSheets([{ spec, rows, extra: options.extra }], { confidential: options.confidential });
}
