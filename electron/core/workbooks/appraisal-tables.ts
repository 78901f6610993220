import { PassThrough } from 'node:stream';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { xmlSafe } from '../../../shared/text';
import { bookFont, nameStreamedDefaultFont } from './io/fonts';
import { addRowBreak, columnPoints, printMargins, printableArea } from './io/print-plan';

/*
 * Table reports of the appraisal (人事考課状況一覧, the ranking result, the distribution): a title,
 * a few lines of notes, then bordered tables with a shaded header row — A4 one page wide, 取扱注意 in
 * the footer, a header row on every printed page, scores with two decimals, one named font
 * (docs/workbooks.md, "Printing"). Values are
 * primitives only (a string starting with = is text, never a formula; no hyperlinks). The streamed
 * report passes each text through xmlSafe itself; in-memory sheets are made safe by xlsxBuffer.
 */

export type TableValue = string | number | null;

export type TableBlock = {
  heading?: string;
  columns: readonly string[];
  rows: readonly (readonly TableValue[])[];
  /** A number format per column ('0.00' for scores, docs/workbooks.md "Printing"); absent: General. */
  formats?: readonly (string | undefined)[];
};

export type TableSheet = {
  name: string;
  title: string;
  /** The page header (office, year, report). */
  header: string;
  notes?: readonly string[];
  widths: readonly number[];
  blocks: readonly TableBlock[];
  landscape?: boolean;
};

/** Two decimals: every score and average a table prints. */
export const scoreFormat = '0.00';

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const headFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F0' } };
const bodyStyle: Partial<ExcelJS.Style> = { border: thin, font: bookFont(10), alignment: { vertical: 'top' } };
const headStyle: Partial<ExcelJS.Style> = {
  border: thin,
  fill: headFill,
  font: bookFont(10, { bold: true }),
  alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
};
const titleFont = bookFont(14, { bold: true });
const noteFont = bookFont(9);
const headingFont = bookFont(11, { bold: true });

/** Row heights in points: every row has one, so the pages can be planned (io/print-plan.ts). */
const heights = { title: 24, note: 15, blank: 9, heading: 20, head: 18, body: 18 } as const;

function bodyCell(cell: ExcelJS.Cell, format: string | undefined): void {
  cell.style = format ? { ...bodyStyle, numFmt: format } : bodyStyle;
}

function pageOf(
  landscape: boolean,
  header: string,
): Partial<ExcelJS.WorksheetProperties> & {
  pageSetup: Partial<ExcelJS.PageSetup>;
  headerFooter: Partial<ExcelJS.HeaderFooter>;
} {
  return {
    pageSetup: {
      paperSize: 9,
      orientation: landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { ...printMargins },
    },
    headerFooter: { oddHeader: `&L${xmlSafe(header).replace(/&/gu, '&&')}`, oddFooter: '&L取扱注意&R&P / &N' },
  };
}

/**
 * One report sheet on an in-memory workbook (small reports). A single table repeats its header row
 * on every printed page (printTitlesRow). A sheet of several tables is laid out page by page (one
 * page wide, manual breaks — which Excel and Calc honour when no page count is fixed): a table that does not fit the rest of a page starts the next one (no orphan rows),
 * and a table longer than a page continues on the next with its heading and header row written
 * again — printTitlesRow can repeat only one row for a whole sheet.
 */
export function writeTableSheet(wb: ExcelJS.Workbook, t: TableSheet): ExcelJS.Worksheet {
  const landscape = t.landscape ?? false;
  const page = pageOf(landscape, t.header);
  const ws = wb.addWorksheet(t.name, { pageSetup: page.pageSetup, headerFooter: page.headerFooter });
  ws.columns = t.widths.map((width) => ({ width }));
  const area = printableArea(landscape);
  const tableWidth = t.widths.reduce((a, w) => a + columnPoints(w), 0);
  // One page wide: the height a page holds at the scale the width needs (an office suite whose
  // fonts make the columns wider scales further down, so the planned pages still hold).
  const capacity = area.height / Math.min(1, area.width / tableWidth);
  const several = t.blocks.length > 1;
  let r = 1;
  let used = 0;
  const put = (height: number): ExcelJS.Row => {
    const row = ws.getRow(r);
    row.height = height;
    r += 1;
    used += height;
    return row;
  };
  const newPage = () => {
    addRowBreak(ws, r - 1);
    used = 0;
  };
  const text = (value: string, font: Partial<ExcelJS.Font>, height: number) => {
    const cell = put(height).getCell(1);
    cell.value = value;
    cell.font = font;
  };
  const head = (b: TableBlock) => {
    const row = put(heights.head);
    b.columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.value = c;
      cell.style = headStyle;
    });
  };
  const body = (b: TableBlock, values: readonly TableValue[]) => {
    const row = put(heights.body);
    values.forEach((v, i) => {
      const cell = row.getCell(i + 1);
      if (v !== null && v !== '') cell.value = v;
      bodyCell(cell, b.formats?.[i]);
    });
  };
  text(t.title, titleFont, heights.title);
  for (const note of t.notes ?? []) text(note, noteFont, heights.note);
  let firstHead: number | null = null;
  for (const b of t.blocks) {
    const top = (b.heading ? heights.heading : 0) + heights.head;
    const whole = heights.blank + top + b.rows.length * heights.body;
    // The table moves to the next page when it does not fit the rest of this one (and would fit there,
    // or would leave fewer than two of its rows here).
    if (several && used > 0 && used + whole > capacity) {
      const rowsHere = Math.floor((capacity - used - heights.blank - top) / heights.body);
      if (whole <= capacity || rowsHere < 2) newPage();
    }
    if (used > 0) put(heights.blank);
    if (b.heading) text(b.heading, headingFont, heights.heading);
    firstHead ??= r;
    head(b);
    b.rows.forEach((values, i) => {
      const left = b.rows.length - i;
      // A long table continues on the next page with its heading and header again, never leaving one row alone.
      if (several && used + heights.body > capacity) {
        newPage();
        if (b.heading) text(`${b.heading}（続き）`, headingFont, heights.heading);
        head(b);
      } else if (several && left === 2 && used + 2 * heights.body > capacity && i > 0) {
        newPage();
        if (b.heading) text(`${b.heading}（続き）`, headingFont, heights.heading);
        head(b);
      }
      body(b, values);
    });
  }
  if (!several && firstHead !== null) {
    // A single table repeats its header row on each printed page and keeps it on screen.
    ws.pageSetup.printTitlesRow = `${firstHead}:${firstHead}`;
    ws.views = [{ state: 'frozen', ySplit: firstHead }];
  }
  return ws;
}

/**
 * The one streaming workbook writer of Kaname (docs/exports.md, docs/bad-text.md): whoever writes
 * through it passes every text through xmlSafe / cellText itself, since a streamed row is never
 * sanitised afterwards. Inline strings (no shared-strings table held to the end), styles on.
 */
export function streamingWorkbook(out: Writable, creator = 'Kaname'): ExcelJS.stream.xlsx.WorkbookWriter {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = creator;
  wb.created = new Date();
  // Its Normal style names the product's font too (io/fonts.ts).
  nameStreamedDefaultFont(wb);
  return wb;
}

/**
 * A large single-table report written as a stream (the ranking of a city's 35,000): the top part
 * (title, notes, small summary tables) and one long table whose header row repeats on every page.
 * Rows are committed as they are written, so memory stays flat; the file goes to `out` (ended here),
 * an outbox file or the base64 answer's collector (docs/exports.md).
 */
export async function writeTableBook(
  sheets: readonly (TableSheet & { long: TableBlock })[],
  out: Writable,
  creator = 'Kaname',
): Promise<void> {
  const wb = streamingWorkbook(out, creator);
  for (const t of sheets) {
    // Where the long table's header lands: title, notes, each small block (blank, heading, head, rows), blank.
    let headRow = 1 + (t.notes?.length ?? 0);
    for (const b of t.blocks) headRow += 1 + (b.heading ? 1 : 0) + 1 + b.rows.length;
    headRow += 1 + (t.long.heading ? 1 : 0) + 1;
    const page = pageOf(t.landscape ?? false, t.header);
    const ws = wb.addWorksheet(xmlSafe(t.name), {
      pageSetup: { ...page.pageSetup, printTitlesRow: `${headRow}:${headRow}` },
      headerFooter: page.headerFooter,
      views: [{ state: 'frozen', ySplit: headRow }],
    });
    ws.columns = t.widths.map((width) => ({ width }));
    const addText = (value: string, font: Partial<ExcelJS.Font>, height: number) => {
      const row = ws.addRow([xmlSafe(value)]);
      row.getCell(1).font = font;
      row.height = height;
      row.commit();
    };
    const addHead = (columns: readonly string[]) => {
      const row = ws.addRow(columns.map(xmlSafe));
      for (let i = 1; i <= columns.length; i++) row.getCell(i).style = headStyle;
      row.height = heights.head;
      row.commit();
    };
    const addBody = (b: TableBlock, values: readonly TableValue[]) => {
      const row = ws.addRow(values.map((v) => (v === '' ? null : typeof v === 'string' ? xmlSafe(v) : v)));
      for (let i = 1; i <= values.length; i++) bodyCell(row.getCell(i), b.formats?.[i - 1]);
      row.height = heights.body;
      row.commit();
    };
    addText(t.title, titleFont, heights.title);
    for (const n of t.notes ?? []) addText(n, noteFont, heights.note);
    for (const b of [...t.blocks, t.long]) {
      const blank = ws.addRow([]);
      blank.height = heights.blank;
      blank.commit();
      if (b.heading) addText(b.heading, headingFont, heights.heading);
      addHead(b.columns);
      for (const v of b.rows) addBody(b, v);
    }
    ws.commit();
  }
  await wb.commit();
}

/** writeTableBook's file as bytes (the base64 answer, the benchmark). */
export async function streamTableBook(
  sheets: readonly (TableSheet & { long: TableBlock })[],
  creator = 'Kaname',
): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await writeTableBook(sheets, out, creator);
  await done;
  return Buffer.concat(chunks);
}
