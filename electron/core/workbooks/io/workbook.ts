import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { AppError } from '../../../../shared/result';
import { xmlSafe } from '../../../../shared/text';
import { nameDefaultFont } from './fonts';
import { inspectXlsx } from './xlsx-guard';
import type { XlsxLimits } from './xlsx-guard';

export type LoadedWorkbook = { workbook: ExcelJS.Workbook; fileHash: string };

/**
 * Opens an uploaded .xlsx after the guard has checked its container (format, sizes, row counts)
 * without inflating it. Only then does exceljs's document reader load it; the streaming reader is
 * never used (it corrupts multi-byte text at chunk boundaries and returns furigana for names).
 */
export async function loadWorkbook(buf: Buffer, limits?: Partial<XlsxLimits>): Promise<LoadedWorkbook> {
  await inspectXlsx(buf, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new AppError(
      'VALIDATION',
      'ファイルを Excel ブックとして読み込めません（壊れているか、対応していない形式です）。',
    );
  }
  return { workbook, fileHash: crypto.createHash('sha256').update(buf).digest('hex') };
}

/**
 * Text for a cell or a note: xmlSafe, and a literal '_x0041_' escaped as '_x005F_x0041_'. Excel and
 * exceljs read '_xHHHH_' in cell text as the character U+HHHH, so unescaped it would come back as
 * another text (or as a control character the import refuses). See docs/bad-text.md.
 */
export function cellText(s: string): string {
  return xmlSafe(s).replace(/_(x[0-9A-Fa-f]{4}_)/gu, '_x005F_$1');
}

/** The runs with safe text; the same array when nothing changes (most cells need no rewrite). */
function safeRuns(runs: ExcelJS.RichText[]): ExcelJS.RichText[] {
  const out = runs.map((r) => (typeof r.text === 'string' ? { ...r, text: cellText(r.text) } : r));
  return out.some((r, i) => r.text !== runs[i]?.text) ? out : runs;
}

/** A cell value with safe text; the same value when nothing changes. */
function safeValue(v: ExcelJS.CellValue): ExcelJS.CellValue {
  if (typeof v === 'string') return cellText(v);
  if (v === null || typeof v !== 'object' || v instanceof Date) return v;
  if ('richText' in v && Array.isArray(v.richText)) {
    const runs = safeRuns(v.richText);
    return runs === v.richText ? v : { ...v, richText: runs };
  }
  if ('hyperlink' in v && typeof v.text === 'string') {
    const text = cellText(v.text);
    return text === v.text ? v : { ...v, text };
  }
  if ('formula' in v && typeof v.result === 'string') {
    const result = cellText(v.result);
    return result === v.result ? v : { ...v, result };
  }
  return v;
}

function safeNote(note: string | ExcelJS.Comment): string | ExcelJS.Comment {
  if (typeof note === 'string') return cellText(note);
  const texts = note.texts ? safeRuns(note.texts) : undefined;
  return texts === note.texts ? note : { ...note, texts };
}

type Validations = { dataValidations?: { model?: Record<string, ExcelJS.DataValidation> } };

function safeValidation(rule: ExcelJS.DataValidation): ExcelJS.DataValidation {
  const out = { ...rule, formulae: rule.formulae.map((f: unknown) => (typeof f === 'string' ? xmlSafe(f) : f)) };
  for (const k of ['error', 'errorTitle', 'prompt', 'promptTitle'] as const) {
    const v = out[k];
    if (typeof v === 'string') out[k] = xmlSafe(v);
  }
  return out;
}

/**
 * Makes every text of an in-memory workbook writable as XML 1.0: cell values (plain, rich, links,
 * cached formula results), notes, sheet names, headers and footers, dropdown lists and the
 * document properties. Text stored before the front door refused such characters still exports to
 * a workbook Excel and Kaname can open; each bad character shows as U+FFFD.
 */
export function sanitiseWorkbook(wb: ExcelJS.Workbook): void {
  for (const k of ['creator', 'lastModifiedBy', 'title', 'subject', 'keywords', 'category', 'description'] as const) {
    const v = wb[k];
    if (typeof v === 'string') wb[k] = xmlSafe(v);
  }
  for (const ws of wb.worksheets) {
    const name = xmlSafe(ws.name);
    if (name !== ws.name) ws.name = name;
    const hf = ws.headerFooter as Partial<Record<string, unknown>> | undefined;
    if (hf) {
      for (const [k, v] of Object.entries(hf)) if (typeof v === 'string') hf[k] = xmlSafe(v);
    }
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        // A merged cell's followers show the master's value; writing to them would write the master.
        if (cell.isMerged && cell.master.address !== cell.address) return;
        const value = safeValue(cell.value);
        if (value !== cell.value) cell.value = value;
        const note = cell.note as string | ExcelJS.Comment | undefined;
        if (note !== undefined && note !== null) {
          const safe = safeNote(note);
          if (safe !== note) cell.note = safe;
        }
      });
    });
    const model = (ws as unknown as Validations).dataValidations?.model;
    if (model) for (const [address, rule] of Object.entries(model)) model[address] = safeValidation(rule);
  }
}

/**
 * The only way Kaname turns an in-memory workbook into .xlsx bytes: sanitised first (see
 * sanitiseWorkbook), so no export can write a file that Excel — or Kaname's own import — refuses.
 */
export async function xlsxBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  sanitiseWorkbook(wb);
  nameDefaultFont(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
