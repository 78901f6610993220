import { isFormKind } from '../../../shared/contract';
import type { AnyImportKind, RosterKind, WorkbookKind } from '../../../shared/contract';
import { readCell } from './io/cells';
import { normalised, readFormCells } from './io/form-sheet';
import { readSheet } from './io/sheet-reader';
import { sheetSpecs } from './io/specs';
import { loadWorkbook } from './io/workbook';
import { metaSheetName } from './forms/meta';
import type { ParsedForms, ParsedImport, ParsedSheetImport } from './kind';
import { parseTraining } from './training/parse';

/*
 * Every kind's parse: the .xlsx through the guard and exceljs's document reader into plain data. No
 * database and no Electron: this is what the import worker runs (import-worker.ts).
 */

/** The stages a parse reports: the file through the guard and exceljs's reader, then read into rows. */
export type ParseStage = 'loaded' | 'read';
export type ParseProgress = (stage: ParseStage) => void;

export async function parseSheetFile(
  kind: RosterKind,
  fileName: string,
  file: Buffer,
  progress?: ParseProgress,
): Promise<ParsedSheetImport> {
  const { workbook, fileHash } = await loadWorkbook(file);
  progress?.('loaded');
  const read = readSheet(workbook, sheetSpecs[kind]);
  progress?.('read');
  return { kind, fileName, fileHash, read };
}

export async function parseForms(
  kind: WorkbookKind,
  fileName: string,
  file: Buffer,
  progress?: ParseProgress,
): Promise<ParsedForms> {
  const { workbook, fileHash } = await loadWorkbook(file);
  progress?.('loaded');
  const meta = workbook.getWorksheet(metaSheetName);
  const token = meta ? normalised(readCell(meta.getCell('A2'))) : '';
  const marker = meta ? normalised(readCell(meta.getCell('A1'))) : '';
  const sheets = workbook.worksheets
    .filter((ws) => ws.name !== metaSheetName)
    .map((ws) => ({ name: ws.name, cells: readFormCells(ws) }));
  progress?.('read');
  return { kind, fileName, fileHash, token: /^[0-9a-f]{32}$/u.test(token) ? token : null, marker, sheets };
}

export function parseWorkbook(
  kind: AnyImportKind,
  fileName: string,
  file: Buffer,
  progress?: ParseProgress,
): Promise<ParsedImport> {
  if (isFormKind(kind)) return parseForms(kind, fileName, file, progress);
  if (kind === 'training') return parseTraining(fileName, file, progress);
  return parseSheetFile(kind, fileName, file, progress);
}
