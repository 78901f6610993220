import { PassThrough } from 'node:stream';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { xmlSafe } from '../../../shared/text';

/*
 * Table reports of the appraisal (人事考課状況一覧, the ranking result, the distribution): a title,
 * a few lines of notes, then bordered tables with a shaded header row — A4 fit to width, 取扱注意 in
 * the footer, the header row repeated on every printed page and frozen on screen. Values are
 * primitives only (a string starting with = is text, never a formula; no hyperlinks). The streamed
 * report passes each text through xmlSafe itself; in-memory sheets are made safe by xlsxBuffer.
 */

export type TableValue = string | number | null;

export type TableBlock = {
  heading?: string;
  columns: readonly string[];
  rows: readonly (readonly TableValue[])[];
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

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const headFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F0' } };
const bodyStyle: Partial<ExcelJS.Style> = { border: thin, font: { size: 10 }, alignment: { vertical: 'top' } };
const headStyle: Partial<ExcelJS.Style> = {
  border: thin,
  fill: headFill,
  font: { bold: true, size: 10 },
  alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
};

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
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.25, footer: 0.25 },
    },
    headerFooter: { oddHeader: `&L${xmlSafe(header).replace(/&/gu, '&&')}`, oddFooter: '&L取扱注意&R&P / &N' },
  };
}

/** One report sheet on an in-memory workbook (small reports). */
export function writeTableSheet(wb: ExcelJS.Workbook, t: TableSheet): ExcelJS.Worksheet {
  const page = pageOf(t.landscape ?? false, t.header);
  const ws = wb.addWorksheet(t.name, { pageSetup: page.pageSetup, headerFooter: page.headerFooter });
  ws.columns = t.widths.map((width) => ({ width }));
  let r = 1;
  ws.getCell(r, 1).value = t.title;
  ws.getCell(r, 1).font = { bold: true, size: 14 };
  r += 1;
  for (const note of t.notes ?? []) {
    ws.getCell(r, 1).value = note;
    ws.getCell(r, 1).font = { size: 9 };
    r += 1;
  }
  let firstHead: number | null = null;
  for (const b of t.blocks) {
    r += 1;
    if (b.heading) {
      ws.getCell(r, 1).value = b.heading;
      ws.getCell(r, 1).font = { bold: true, size: 11 };
      r += 1;
    }
    firstHead ??= r;
    const head = ws.getRow(r);
    b.columns.forEach((c, i) => {
      const cell = head.getCell(i + 1);
      cell.value = c;
      cell.style = headStyle;
    });
    r += 1;
    for (const values of b.rows) {
      const row = ws.getRow(r);
      values.forEach((v, i) => {
        const cell = row.getCell(i + 1);
        if (v !== null && v !== '') cell.value = v;
        cell.style = bodyStyle;
      });
      r += 1;
    }
  }
  // A single table repeats its header row on each printed page and keeps it on screen.
  if (t.blocks.length === 1 && firstHead !== null) {
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
    const addText = (value: string, font: Partial<ExcelJS.Font>) => {
      const row = ws.addRow([xmlSafe(value)]);
      row.getCell(1).font = font;
      row.commit();
    };
    const addHead = (columns: readonly string[]) => {
      const row = ws.addRow(columns.map(xmlSafe));
      for (let i = 1; i <= columns.length; i++) row.getCell(i).style = headStyle;
      row.commit();
    };
    const addBody = (values: readonly TableValue[]) => {
      const row = ws.addRow(values.map((v) => (v === '' ? null : typeof v === 'string' ? xmlSafe(v) : v)));
      for (let i = 1; i <= values.length; i++) row.getCell(i).style = bodyStyle;
      row.commit();
    };
    addText(t.title, { bold: true, size: 14 });
    for (const n of t.notes ?? []) addText(n, { size: 9 });
    for (const b of [...t.blocks, t.long]) {
      ws.addRow([]).commit();
      if (b.heading) addText(b.heading, { bold: true, size: 11 });
      addHead(b.columns);
      for (const v of b.rows) addBody(v);
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
