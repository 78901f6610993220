import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import type { FileDownload } from '../../../../shared/contract';
import { xmlSafe } from '../../../../shared/text';
import type { ExportSink } from '../../api/outbox';
import { streamingWorkbook } from '../appraisal-tables';
import type { FormLayout } from './form-sheet';
import { protectAll, protectionOptions, setUpPage, writeForm } from './form-sheet';
import { protectStreamedStructure, protectStructure, sheetPasswordHash } from './book-protection';
import type { PasswordHash } from './book-protection';
import { cellText, xlsxBuffer } from './workbook';

/*
 * A workbook of forms, one worksheet per person (forms:export, the appraisal's 人事考課票 and 開示
 * sheets). In memory for the base64 answer, as it always was; streamed to the outbox for delivery
 * 'file' (docs/exports.md): each person's sheet is committed as soon as it is drawn, so a print of
 * 5,000 forms never holds 5,000 worksheets.
 */

export type FormSheetOut = { name: string; layout: FormLayout };

export type FormsBookSpec = {
  fileName: string;
  /** The page header of every form. */
  header: string;
  /** The forms, produced one at a time (the caller may yield to other calls between them). */
  forms: AsyncIterable<FormSheetOut> | Iterable<FormSheetOut>;
  /** A very hidden sheet after the forms (the staff workbook's meta sheet), written once all forms are. */
  meta?: { name: string; rows: () => (string | number)[][] };
  /** Runs after every form is drawn and before the file is finished (the export's audit entry). */
  done: () => void;
};

/** The layout with its text made XML-safe (what sanitiseWorkbook does for the in-memory book). */
function safeLayout(layout: FormLayout): FormLayout {
  return {
    ...layout,
    cells: layout.cells.map((c) => (typeof c.value === 'string' ? { ...c, value: cellText(c.value) } : c)),
  };
}

function writeMeta(ws: ExcelJS.Worksheet, rows: (string | number)[][]): void {
  rows.forEach((values, r) => {
    values.forEach((v, c) => {
      ws.getCell(r + 1, c + 1).value = typeof v === 'string' ? cellText(v) : v;
    });
  });
}

async function inMemory(spec: FormsBookSpec): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaname';
  wb.created = new Date();
  const sheets: ExcelJS.Worksheet[] = [];
  for await (const form of spec.forms) {
    const ws = wb.addWorksheet(form.name);
    writeForm(ws, form.layout);
    setUpPage(ws, { header: spec.header }, form.layout);
    sheets.push(ws);
  }
  if (spec.meta) writeMeta(wb.addWorksheet(spec.meta.name, { state: 'veryHidden' }), spec.meta.rows());
  await protectAll(sheets);
  // A book with a hidden sheet keeps its structure locked, so Calc cannot unhide it (docs/workbooks.md).
  if (spec.meta) protectStructure(wb, sheetPasswordHash(sheets[0]));
  spec.done();
  return xlsxBuffer(wb);
}

type Protectable = { sheetProtection: unknown };

/** Writes the forms' workbook to the sink: streamed when it goes to a file, else built in memory. */
export async function formsBookTo(sink: ExportSink, spec: FormsBookSpec): Promise<FileDownload> {
  if (!sink.toFile) return sink.bytes(spec.fileName, await inMemory(spec));
  return sink.stream(spec.fileName, async (out) => {
    const wb = streamingWorkbook(out);
    const header = xmlSafe(spec.header);
    // One random password, its hash (100,000 rounds) computed once and shared, as protectAll does.
    let shared: unknown = null;
    for await (const form of spec.forms) {
      const ws = wb.addWorksheet(xmlSafe(form.name));
      const layout = safeLayout(form.layout);
      writeForm(ws, layout);
      setUpPage(ws, { header }, layout);
      if (shared === null) {
        await ws.protect(crypto.randomBytes(18).toString('base64url'), { ...protectionOptions });
        shared = (ws as unknown as Protectable).sheetProtection;
      } else {
        (ws as unknown as Protectable).sheetProtection = { ...(shared as object) };
      }
      ws.commit();
    }
    if (spec.meta) {
      protectStreamedStructure(wb, shared as PasswordHash | null);
      const meta = wb.addWorksheet(spec.meta.name, { state: 'veryHidden' });
      writeMeta(meta, spec.meta.rows());
      meta.commit();
    }
    spec.done();
    await wb.commit();
  });
}
