import crypto from 'node:crypto';
import type ExcelJS from 'exceljs';
import { xmlSafe } from '../../../../shared/text';
import { cellDisplay, readCell } from './cells';
import type { RawCell } from './cells';
import { bookFont } from './fonts';
import { applyPlan, columnPoints, planPages } from './print-plan';
import type { PrintPlan } from './print-plan';

/*
 * Paper-like forms (自己申告書, 目標管理シート) on a four-column grid: label | value | label | value,
 * with long answers spanning the three value columns. The same layout serves the print-ready export
 * (everything locked) and the staff workbook (only the person's own fields unlocked), and on import
 * it tells where each field is and which cells were locked — the file itself is never trusted for that.
 */

/** A value we write: primitives only, so no formula can ever reach a cell. */
export type FormValue = string | number | null;

export type FormCellStyle = 'title' | 'subtitle' | 'section' | 'label' | 'value' | 'note';

export type FormCell = {
  row: number;
  col: number;
  /** Columns merged to the right, counting this one (1: none). */
  span: number;
  value: FormValue;
  style: FormCellStyle;
  /** A field the person fills: its key, Japanese name, and (optionally) its choices or number range. */
  field?: { key: string; label: string; list?: readonly string[]; whole?: readonly [number, number] };
  /** Confidential fields are never part of the hashes, and an empty cell on import means "unchanged". */
  confidential?: boolean;
  /** Lines a value cell should show at least (room to write). */
  minLines?: number;
};

export type FormLayout = {
  cells: FormCell[];
  rows: number;
  editable: boolean;
  /** Named places a message may point at (a block's heading, a total), as cell addresses. */
  anchors: Map<string, string>;
};

/** Column widths in Excel units (about one half-width character each). */
export const formColumnWidths = [15, 31, 15, 31] as const;
const columns = formColumnWidths.length;

export class FormGrid {
  private r = 0;
  readonly cells: FormCell[] = [];
  private readonly anchors = new Map<string, string>();

  constructor(readonly editable: boolean) {}

  private add(cell: Omit<FormCell, 'row'>, row = this.r): void {
    this.cells.push({ ...cell, row });
  }

  title(text: string): void {
    this.r += 1;
    this.add({ col: 1, span: columns, value: text, style: 'title' });
  }

  subtitle(text: string): void {
    this.r += 1;
    this.add({ col: 1, span: columns, value: text, style: 'subtitle' });
  }

  section(text: string): void {
    this.r += 1;
    this.add({ col: 1, span: columns, value: text, style: 'section' });
  }

  note(text: string): void {
    this.r += 1;
    this.add({ col: 1, span: columns, value: text, style: 'note' });
  }

  /** Two label/value pairs side by side. A pair whose label is null leaves its half empty (still bordered). */
  pair(left: Entry, right: Entry | null): void {
    this.r += 1;
    this.entry(left, 1, 1);
    if (right) this.entry(right, 3, 1);
    else {
      this.add({ col: 3, span: 1, value: null, style: 'label' });
      this.add({ col: 4, span: 1, value: null, style: 'value' });
    }
  }

  /** One label with its value across the rest of the row. */
  wide(entry: Entry): void {
    this.r += 1;
    this.entry(entry, 1, columns - 1);
  }

  private entry(e: Entry, col: number, span: number): void {
    this.add({ col, span: 1, value: e.label, style: 'label' });
    const cell: Omit<FormCell, 'row'> = { col: col + 1, span, value: e.value, style: 'value' };
    if (e.field) cell.field = e.field;
    if (e.confidential) cell.confidential = true;
    if (e.minLines) cell.minLines = e.minLines;
    this.add(cell);
  }

  /** Names the current row's cell in a column, for messages about the form rather than one field. */
  mark(name: string, col = 1): void {
    this.anchors.set(name, addressOf(this.r, col));
  }

  layout(): FormLayout {
    return { cells: this.cells, rows: this.r, editable: this.editable, anchors: this.anchors };
  }
}

export type Entry = {
  label: string;
  value: FormValue;
  field?: FormCell['field'];
  confidential?: boolean;
  minLines?: number;
};

export function addressOf(row: number, col: number): string {
  return `${String.fromCharCode(64 + col)}${row}`;
}

export function columnLetter(col: number): string {
  return String.fromCharCode(64 + col);
}

/** Whether the person may write this cell in this form. */
export function isOpen(layout: FormLayout, cell: FormCell): boolean {
  return layout.editable && cell.field !== undefined;
}

/**
 * Text as compared and hashed: line breaks as LF, no surrounding spaces, and as the file can hold it
 * (xmlSafe), so a text stored before bad characters were refused compares equal to what was exported.
 */
export function normalised(value: FormValue | RawCell): string {
  if (value === null) return '';
  if (typeof value === 'string') return xmlSafe(value).replace(/\r\n?/gu, '\n').trim();
  if (typeof value === 'number') return String(value);
  return cellDisplay(value).replace(/\r\n?/gu, '\n').trim();
}

/** The cells of a layout, from a file: address → what the file holds there. */
export type CellsRead = Map<string, RawCell>;

/**
 * A worksheet read into plain values (only master cells of merges), with every non-empty address, so
 * that a value typed outside the form is noticed too.
 */
export function readFormCells(ws: ExcelJS.Worksheet): CellsRead {
  const out: CellsRead = new Map();
  ws.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (cell.isMerged && cell.master.address !== cell.address) return;
      const raw = readCell(cell);
      if (raw.kind !== 'empty') out.set(cell.address, raw);
    });
  });
  return out;
}

/**
 * A keyed hash over a set of cells: either the locked cells (what only Kaname writes) or the open ones
 * (what the person writes). Confidential cells are left out: their content is never hashed or stored.
 */
export function cellsHash(
  key: string,
  layout: FormLayout,
  which: 'locked' | 'open',
  valueAt: (cell: FormCell) => string,
): string {
  const h = crypto.createHmac('sha256', key);
  for (const cell of layout.cells) {
    if (cell.confidential) continue;
    if (isOpen(layout, cell) !== (which === 'open')) continue;
    h.update(`${addressOf(cell.row, cell.col)}\u0000${valueAt(cell)}\u0001`);
  }
  return h.digest('hex');
}

// ---------- writing ----------

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const fills: Partial<Record<FormCellStyle | 'open', ExcelJS.Fill>> = {
  section: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F0' } },
  label: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
  open: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF9DB' } },
};
const fonts: Record<FormCellStyle, Partial<ExcelJS.Font>> = {
  title: bookFont(14, { bold: true }),
  subtitle: bookFont(10),
  section: bookFont(11, { bold: true }),
  label: bookFont(10),
  value: bookFont(10),
  note: bookFont(9, { color: { argb: 'FF555555' } }),
};

/** Roughly how wide a text is in Excel units: full-width characters count two. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += (ch.codePointAt(0) ?? 0) > 0xff ? 2 : 1;
  return w;
}

/** Lines a text needs in a cell of this width (wrapping, plus its own line breaks). */
export function linesFor(text: string, width: number): number {
  const usable = Math.max(4, width - 1);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(textWidth(line) / usable)), 0);
}

const pointsPerLine = 14;

const widthOf = (cell: FormCell): number =>
  formColumnWidths.slice(cell.col - 1, cell.col - 1 + cell.span).reduce((a, b) => a + b, 0);

/** Each row's height in points (rows 1…layout.rows): the lines its tallest cell needs. */
export function rowHeights(layout: FormLayout): number[] {
  const lines = new Array<number>(layout.rows).fill(1);
  for (const cell of layout.cells) {
    const text = cell.value === null ? '' : String(cell.value);
    const open = isOpen(layout, cell);
    const need = Math.max(
      linesFor(text, widthOf(cell)),
      open ? (cell.minLines ?? 1) : 1,
      cell.style === 'title' ? 2 : 1,
    );
    lines[cell.row - 1] = Math.max(lines[cell.row - 1] ?? 1, need);
  }
  return lines.map((n) => Math.min(409, n * pointsPerLine + 4));
}

/**
 * Where a printed page may begin: at a section heading, unless the row above is a heading too (a
 * heading is never left at the foot of a page). A block runs from one such row to the next.
 */
export function blockStarts(layout: FormLayout): number[] {
  const sections = new Set(layout.cells.filter((c) => c.style === 'section').map((c) => c.row));
  return [...sections].filter((r) => !sections.has(r - 1)).sort((a, b) => a - b);
}

/** The form's pages (docs/workbooks.md, "Printing"). */
export function formPlan(layout: FormLayout): PrintPlan {
  return planPages({
    heights: rowHeights(layout),
    width: formColumnWidths.reduce((a, w) => a + columnPoints(w), 0),
    starts: blockStarts(layout),
  });
}

/** Writes a layout onto a fresh worksheet: values, merges, borders, wrapping, row heights, open cells. */
export function writeForm(ws: ExcelJS.Worksheet, layout: FormLayout): void {
  ws.columns = formColumnWidths.map((width) => ({ width }));
  for (const cell of layout.cells) {
    const c = ws.getCell(cell.row, cell.col);
    if (cell.value !== null && cell.value !== '') c.value = cell.value;
    if (cell.span > 1) ws.mergeCells(cell.row, cell.col, cell.row, cell.col + cell.span - 1);
    const open = isOpen(layout, cell);
    const style = {
      font: fonts[cell.style] ?? {},
      alignment: {
        wrapText: true,
        vertical: cell.style === 'title' || cell.style === 'section' ? 'middle' : 'top',
        horizontal: cell.style === 'title' ? 'center' : 'left',
      } as Partial<ExcelJS.Alignment>,
      border: cell.style === 'title' || cell.style === 'subtitle' ? {} : thin,
      fill: open ? fills.open : fills[cell.style],
      // Text, so that 001 or =x stays as typed; but a number field keeps General so Excel's whole-number rule works.
      numFmt: cell.field?.whole ? 'General' : '@',
      protection: { locked: !open },
    };
    for (let i = 0; i < cell.span; i++) {
      const part = ws.getCell(cell.row, cell.col + i);
      part.font = style.font;
      part.alignment = style.alignment;
      part.border = style.border;
      if (style.fill) part.fill = style.fill;
      part.numFmt = style.numFmt;
      part.protection = style.protection;
    }
    const f = cell.field;
    if (open && f?.list) {
      c.dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${f.list.join(',')}"`],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: f.label,
        error: `次のいずれかを選んでください: ${f.list.join(' / ')}`,
      };
    } else if (open && f?.whole) {
      c.dataValidation = {
        type: 'whole',
        operator: 'between',
        allowBlank: true,
        formulae: [f.whole[0], f.whole[1]],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: f.label,
        error: `${f.whole[0]}〜${f.whole[1]}の整数で入力してください`,
      };
    }
  }
  rowHeights(layout).forEach((h, i) => {
    ws.getRow(i + 1).height = h;
  });
}

export type PageOptions = { header: string; landscape?: boolean };

/**
 * A4 portrait, narrow margins, 取扱注意 in the footer and the header on every page; one page per
 * person where the form fits one, else cut at its blocks — each sheet numbered on its own
 * (「1 / 2」), never across the workbook (docs/workbooks.md, "Printing").
 */
export function setUpPage(ws: ExcelJS.Worksheet, options: PageOptions, layout: FormLayout): void {
  ws.headerFooter = { oddHeader: `&L${headerText(options.header)}` };
  applyPlan(ws, formPlan(layout), { landscape: options.landscape ?? false, footerLeft: '取扱注意' });
}

/** Header text with '&' doubled so Excel prints it rather than reading a code. */
function headerText(s: string): string {
  return s.replace(/&/gu, '&&');
}

/** What a protected sheet still lets the person do: select, resize columns and rows, format cells. */
export const protectionOptions: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
  formatCells: false,
  insertRows: false,
  deleteRows: false,
  insertColumns: false,
  deleteColumns: false,
  spinCount: 100_000,
};

type Protectable = { sheetProtection: unknown };

/**
 * Protects every worksheet with one random password. The password's hash (100,000 SHA-512 rounds) is
 * computed once and shared, so a workbook of thousands of forms does not spend minutes on it. The
 * protection only keeps honest people from typing in the wrong place: the import checks the locked
 * cells by their hash, whatever the file's protection says.
 */
export async function protectAll(sheets: ExcelJS.Worksheet[]): Promise<void> {
  const [first, ...rest] = sheets;
  if (!first) return;
  await first.protect(crypto.randomBytes(18).toString('base64url'), { ...protectionOptions });
  const shared = (first as unknown as Protectable).sheetProtection;
  for (const ws of rest) (ws as unknown as Protectable).sheetProtection = { ...(shared as object) };
}

/** Excel's sheet-name rules: at most 31 characters, none of []:*?/\, no leading or trailing quote; unique. */
export function sheetNameFor(base: string, taken: Set<string>): string {
  const clean =
    xmlSafe(base)
      .replace(/[[\]:*?/\\]/gu, '')
      .replace(/^'+|'+$/gu, '')
      .trim() || 'シート';
  let name = [...clean].slice(0, 31).join('');
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = `(${n})`;
    name = [...clean].slice(0, 31 - suffix.length).join('') + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}
