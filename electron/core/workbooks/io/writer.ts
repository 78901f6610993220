import ExcelJS from 'exceljs';
import type { ColumnSpec, SheetSpec } from './sheet-reader';
import { xlsxBuffer } from './workbook';

/** A value we write: primitives only, so no formula or link can ever be smuggled into a cell. */
export type CellOut = string | number | null;

export type ExtraColumn = { header: string; width: number };

/** One sheet of an import workbook: its spec, its rows, and reference columns the import does not read. */
export type SheetOut = { spec: SheetSpec; rows: CellOut[][]; extra?: ExtraColumn[] };

/** The font every style names, so that another office suite does not print in a serif face. */
const font = { name: '游ゴシック', size: 11 } as const;

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

function numFmtOf(c: ColumnSpec): string {
  if (c.kind === 'date') return 'yyyy/m/d';
  if (c.kind === 'fy' || numberColumns.has(c.key)) return 'General';
  return '@';
}

type DataValidations = { add: (range: string, rule: ExcelJS.DataValidation) => void };

type Coded = { ws: ExcelJS.Worksheet; col: number; c: ColumnSpec; lastRow: number };

function addSheet(wb: ExcelJS.Workbook, out: SheetOut, confidential: boolean, coded: Coded[]): void {
  const { spec, rows } = out;
  const extra = out.extra ?? [];
  const ws = wb.addWorksheet(spec.sheet, {
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
  });
  ws.columns = [
    ...spec.columns.map((c) => ({ key: c.key, width: c.width ?? 14, style: { numFmt: numFmtOf(c), font } })),
    ...extra.map((e, i) => ({ key: `extra${i}`, width: e.width, style: { numFmt: '@', font } })),
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
  for (const values of rows) {
    const row = ws.addRow([]);
    values.forEach((v, i) => {
      if (v === null || v === '') return;
      const c = spec.columns[i];
      row.getCell(i + 1).value = c?.kind === 'date' && typeof v === 'string' ? dateCell(v) : v;
    });
  }
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
  // The dropdowns' lists: one very hidden sheet after the sheets people fill in, a column per coded column.
  if (coded.length > 0) {
    const lists = wb.addWorksheet(listSheetName, { state: 'veryHidden' });
    coded.forEach(({ ws, col, c, lastRow }, i) => {
      const allowed = c.allowed ?? [];
      allowed.forEach((v, r) => {
        const cell = lists.getRow(r + 1).getCell(i + 1);
        cell.value = v;
        cell.font = font;
      });
      const letter = ws.getColumn(col).letter;
      const listLetter = lists.getColumn(i + 1).letter;
      (ws as unknown as { dataValidations: DataValidations }).dataValidations.add(`${letter}2:${letter}${lastRow}`, {
        type: 'list',
        allowBlank: !c.required,
        formulae: [`'${listSheetName}'!$${listLetter}$1:$${listLetter}$${allowed.length}`],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: c.header,
        error: `次のいずれかを選んでください: ${allowed.join(' / ')}`,
      });
    });
  }
  return xlsxBuffer(wb);
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
