import type { FileDownload, ImportKind, RosterKind } from '../../../../shared/contract';
import { fiscalYearOf } from '../../../../shared/fiscal-year';
import { inlineSink } from '../../api/outbox';
import type { ExportSink } from '../../api/outbox';
import type { Db } from '../../db/connection';
import { kindLabels, sheetSpecs } from '../io/specs';
import { writeImportSheet } from '../io/writer';
import type { RosterModule } from '../kind';
import { measuresWorkbook } from '../measures/module';
import { resultsWorkbook } from '../results/module';
import { trainingExport, trainingTemplate } from '../training/module';
import { areasWorkbook } from './areas';
import { awardsWorkbook } from './awards';
import { evaluatorsWorkbook } from './evaluators';
import { staffWorkbook } from './staff';

const rosterKinds: Record<RosterKind, RosterModule> = {
  staff: staffWorkbook,
  evaluators: evaluatorsWorkbook,
  areas: areasWorkbook,
  awards: awardsWorkbook,
  results: resultsWorkbook,
  measures: measuresWorkbook,
};

/** An empty sheet for HR to fill: headers, notes, dropdowns (the 研修 workbook: both its sheets). */
export async function templateFor(kind: ImportKind, sink: ExportSink = inlineSink): Promise<FileDownload> {
  if (kind === 'training') return trainingTemplate(sink);
  const buf = await writeImportSheet(sheetSpecs[kind], [], { confidential: false });
  return sink.bytes(`${kindLabels[kind]}_テンプレート.xlsx`, buf);
}

/** The current data in the template's layout, so that it re-imports as unchanged (the year: this one by default). */
export function exportData(
  db: Db,
  kind: ImportKind,
  fy: number | null,
  sink: ExportSink = inlineSink,
): Promise<FileDownload> {
  const year = fy ?? fiscalYearOf(new Date());
  return kind === 'training' ? trainingExport(db, year, sink) : rosterKinds[kind].export(db, year, sink);
}
