import type { FileDownload, ImportKind } from '../../../../shared/contract';
import { fiscalYearOf } from '../../../../shared/fiscal-year';
import type { Db } from '../../db/connection';
import { kindLabels, sheetSpecs } from '../io/specs';
import { writeImportSheet } from '../io/writer';
import type { RosterModule } from '../kind';
import { areasWorkbook } from './areas';
import { awardsWorkbook } from './awards';
import { evaluatorsWorkbook } from './evaluators';
import { staffWorkbook } from './staff';

const rosterKinds: Record<ImportKind, RosterModule> = {
  staff: staffWorkbook,
  evaluators: evaluatorsWorkbook,
  areas: areasWorkbook,
  awards: awardsWorkbook,
};

/** An empty sheet for HR to fill: headers, notes, dropdowns. */
export async function templateFor(kind: ImportKind): Promise<FileDownload> {
  const buf = await writeImportSheet(sheetSpecs[kind], [], { confidential: false });
  return { fileName: `${kindLabels[kind]}_テンプレート.xlsx`, data: buf.toString('base64') };
}

/** The current data in the template's layout, so that it re-imports as unchanged (the year: this one by default). */
export function exportData(db: Db, kind: ImportKind, fy: number | null): Promise<FileDownload> {
  return rosterKinds[kind].export(db, fy ?? fiscalYearOf(new Date()));
}
