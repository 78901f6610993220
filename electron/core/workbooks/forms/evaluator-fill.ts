import type ExcelJS from 'exceljs';
import type { FileDownload } from '../../../../shared/contract';
import { FILL_RATING_CHOICES, checkFillForm } from '../../../../shared/evaluator-fill';
import type {
  FillCell,
  FillCellStyle,
  FillField,
  FillForm,
  FillReasonRule,
  FillRole,
  FillWorkbook,
} from '../../../../shared/evaluator-fill';
import { LEVELS } from '../../../../shared/mbo';
import { AppError } from '../../../../shared/result';
import { cellDisplay, readCell } from '../io/cells';
import { addressOf, readFormCells } from '../io/form-sheet';
import type { FormLayout } from '../io/form-sheet';
import { loadWorkbook, xlsxBuffer } from '../io/workbook';
import { protectStructure, sheetPasswordHash } from '../io/book-protection';
import { metaMarker, metaSheetName } from './meta';

/*
 * The evaluator's side of the evaluator workbook (評価者用 記入用ブック): open it without an office
 * database, fill its forms on screen, and save the same workbook back with only its open cells
 * written. HR's import then checks the returned file exactly as one filled in Excel — the locked
 * cells' hashes, the versions, whose forms — so nothing here has to be trusted.
 *
 * The export leaves, on the very hidden meta sheet, a description of each form: the layout's grid
 * (which cell is a title, a label, a value, and which are the evaluator's fields, with their choices
 * and lengths) and the 1次's default levels. The values themselves are read from the sheets, so a
 * workbook partly filled in Excel opens with what was typed.
 */

const descriptionVersion = 'kaname-fill:1';
/** Excel keeps at most 32,767 characters in a cell; descriptions are split well below that. */
const chunkChars = 30_000;
const firstItemRow = 6;
const firstChunkCol = 3;
const styles: readonly FillCellStyle[] = ['title', 'subtitle', 'section', 'label', 'value', 'note'];

type StoredField = { key: string; label: string; kind: FillField['kind']; max: number | null };
type StoredForm = {
  role: FillRole;
  name: string;
  /** [row, col, span, style index, field key or ''] */
  grid: [number, number, number, number, string][];
  fields: StoredField[];
  rules: FillReasonRule[];
};
type StoredHeader = { v: string; officeName: string; evaluatorNo: string; evaluatorName: string; exportedAt: string };

function kindOf(list: readonly string[] | undefined): FillField['kind'] {
  if (!list) return 'text';
  return list.length === LEVELS.length && list.every((x, i) => x === LEVELS[i]) ? 'level' : 'rating';
}

/** What the meta sheet keeps of one form, built from the same layout the sheet was written from. */
export function fillDescription(
  layout: FormLayout,
  role: FillRole,
  name: string,
  rules: FillReasonRule[],
  maxOf: (key: string) => number | null,
): StoredForm {
  const fields: StoredField[] = [];
  const grid: StoredForm['grid'] = layout.cells.map((c) => {
    if (c.field)
      fields.push({ key: c.field.key, label: c.field.label, kind: kindOf(c.field.list), max: maxOf(c.field.key) });
    return [c.row, c.col, c.span, styles.indexOf(c.style), c.field?.key ?? ''];
  });
  return { role, name, grid, fields, rules };
}

function writeChunks(ws: ExcelJS.Worksheet, row: number, json: string): void {
  for (let i = 0, col = firstChunkCol; i < json.length; i += chunkChars, col += 1) {
    ws.getCell(row, col).value = json.slice(i, i + chunkChars);
  }
}

/** Writes the header and each form's description on the meta sheet (rows as the export's item rows). */
export function writeFillDescriptions(
  meta: ExcelJS.Worksheet,
  header: Omit<StoredHeader, 'v'>,
  forms: StoredForm[],
): void {
  meta.getCell('B1').value = descriptionVersion;
  meta.getCell('B2').value = JSON.stringify({ v: descriptionVersion, ...header } satisfies StoredHeader);
  forms.forEach((f, i) => writeChunks(meta, firstItemRow + i, JSON.stringify(f)));
}

const notOurs =
  'このファイルは Kaname の評価者用の記入用ブック（人事考課票）ではありません。人事担当から受け取った記入用ブックを選んでください。';
const tooOld =
  'この記入用ブックは Kaname の画面で記入できる形式ではありません（古い版の Kaname で出力されています）。Excel で記入するか、人事担当に出力し直してもらってください。';
const damaged = (what: string) =>
  `記入用ブックの記録（非表示のシート）が壊れているため開けません（${what}）。人事担当に出力し直してもらってください。`;

function text(ws: ExcelJS.Worksheet, address: string): string {
  return cellDisplay(readCell(ws.getCell(address))).trim();
}

function parseJson<T>(raw: string, what: string): T {
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new AppError('VALIDATION', damaged(what));
  }
}

type Opened = {
  workbook: ExcelJS.Workbook;
  header: StoredHeader;
  fy: number;
  items: { sheetName: string; staffNo: string; form: StoredForm; ws: ExcelJS.Worksheet }[];
};

async function openWorkbook(file: Buffer): Promise<Opened> {
  const { workbook } = await loadWorkbook(file);
  const meta = workbook.getWorksheet(metaSheetName);
  if (!meta || text(meta, 'A1') !== metaMarker || text(meta, 'A3') !== 'appraisals') {
    throw new AppError('VALIDATION', notOurs);
  }
  if (text(meta, 'B1') !== descriptionVersion) throw new AppError('VALIDATION', tooOld);
  const header = parseJson<StoredHeader>(text(meta, 'B2'), '見出し');
  const fy = Number(text(meta, 'A4'));
  if (!Number.isInteger(fy)) throw new AppError('VALIDATION', damaged('年度'));
  const items: Opened['items'] = [];
  for (let row = firstItemRow; ; row += 1) {
    const sheetName = text(meta, `A${row}`);
    if (sheetName === '') break;
    let json = '';
    for (let col = firstChunkCol; ; col += 1) {
      const piece = cellDisplay(readCell(meta.getCell(row, col)));
      if (piece === '') break;
      json += piece;
    }
    const form = parseJson<StoredForm>(json, `${row}行目`);
    const ws = workbook.getWorksheet(sheetName);
    if (!ws) {
      throw new AppError(
        'VALIDATION',
        `シート「${sheetName}」が見つかりません（シートの名前を変えたか、削除した可能性があります）。人事担当に出力し直してもらってください。`,
      );
    }
    items.push({ sheetName, staffNo: text(meta, `B${row}`), form, ws });
  }
  return { workbook, header, fy, items };
}

/** A level cell's text as the import reads it: "A" or "A（…）" gives A; anything else stays as typed. */
function levelText(raw: string): string {
  const m = /^([SABCD])(?:$|[\s（(])/u.exec(raw.toUpperCase());
  return m ? m[1]! : raw;
}

function formOf(item: Opened['items'][number]): FillForm {
  const { form, ws } = item;
  const read = readFormCells(ws);
  const fields = new Map(form.fields.map((f) => [f.key, f]));
  const values: Record<string, string> = {};
  const cells: FillCell[] = form.grid.map(([row, col, span, style, key]) => {
    const raw = read.get(addressOf(row, col));
    const shown = raw ? cellDisplay(raw).replace(/\r\n?/gu, '\n') : '';
    const stored = key ? fields.get(key) : undefined;
    if (!stored) return { row, col, span, style: styles[style] ?? 'value', text: shown, field: null };
    const field: FillField = {
      key: stored.key,
      label: stored.label,
      kind: stored.kind,
      choices: stored.kind === 'level' ? LEVELS : stored.kind === 'rating' ? FILL_RATING_CHOICES : null,
      max: stored.max,
    };
    values[key] = stored.kind === 'level' ? levelText(shown.trim()) : stored.kind === 'rating' ? shown.trim() : shown;
    return { row, col, span, style: styles[style] ?? 'value', text: '', field };
  });
  return {
    sheetName: item.sheetName,
    staffNo: item.staffNo,
    name: form.name,
    role: form.role,
    cells,
    values,
    rules: form.rules,
  };
}

/** Opens an evaluator workbook for filling on screen. Needs no office: everything comes from the file. */
export async function openEvaluatorWorkbook(fileName: string, file: Buffer): Promise<FillWorkbook> {
  const opened = await openWorkbook(file);
  const { header } = opened;
  return {
    fileName,
    fy: opened.fy,
    officeName: header.officeName,
    evaluatorNo: header.evaluatorNo,
    evaluatorName: header.evaluatorName,
    exportedAt: header.exportedAt,
    forms: opened.items.map(formOf),
  };
}

export type FillEntry = { sheetName: string; values: Record<string, string> };

/**
 * The same workbook with the evaluator's values written into their open cells — and nowhere else:
 * a key that is not one of the form's fields, or a value the import would refuse as a choice, is
 * refused here with the sheet and field named. Texts over their length are refused too, since the
 * import would reject the whole form; a missing reason is left to the import (a draft may lack it).
 */
export async function writeEvaluatorWorkbook(
  fileName: string,
  file: Buffer,
  entries: readonly FillEntry[],
): Promise<FileDownload> {
  const opened = await openWorkbook(file);
  const byName = new Map(opened.items.map((i) => [i.sheetName, i]));
  for (const entry of entries) {
    const item = byName.get(entry.sheetName);
    if (!item) {
      throw new AppError('VALIDATION', `シート「${entry.sheetName}」はこの記入用ブックの様式ではありません。`);
    }
    const form = formOf(item);
    const fields = new Map(form.cells.flatMap((c) => (c.field ? [[c.field.key, c] as const] : [])));
    for (const key of Object.keys(entry.values)) {
      if (!fields.has(key)) {
        throw new AppError('VALIDATION', `シート「${entry.sheetName}」に記入欄「${key}」はありません。`);
      }
    }
    const values = { ...form.values, ...entry.values };
    const refused = checkFillForm(form, values).find((p) => !p.missingReason);
    if (refused) throw new AppError('VALIDATION', `シート「${entry.sheetName}」: ${refused.message}`, refused.key);
    for (const [key, cell] of fields) {
      if (!(key in entry.values)) continue;
      const v = (entry.values[key] ?? '').replace(/\r\n?/gu, '\n');
      const target = item.ws.getCell(cell.row, cell.col);
      const kind = cell.field!.kind;
      // Primitives only: nothing written here can become a formula or a link.
      if (v.trim() === '') target.value = null;
      else if (kind === 'rating') target.value = Number(v.trim());
      else if (kind === 'level') target.value = v.trim().toUpperCase();
      else target.value = v;
    }
  }
  // exceljs drops the workbook's structure lock on reading; it is written again (docs/workbooks.md).
  protectStructure(opened.workbook, sheetPasswordHash(opened.items[0]?.ws));
  const buf = await xlsxBuffer(opened.workbook);
  return { fileName, data: buf.toString('base64') };
}
