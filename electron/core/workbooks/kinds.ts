import type { AnyImportKind, RosterKind } from '../../../shared/contract';
import { appraisalsWorkbook } from './forms/appraisal-workbook';
import { mboWorkbook, selfReportsWorkbook } from './forms/staff-workbook';
import type { ParsedForms, ParsedImport, ParsedSheetImport, ParsedTraining, WorkbookModule } from './kind';
import { areasWorkbook } from './roster/areas';
import { awardsWorkbook } from './roster/awards';
import { evaluatorsWorkbook } from './roster/evaluators';
import { measuresWorkbook } from './measures/module';
import { resultsWorkbook } from './results/module';
import { staffWorkbook } from './roster/staff';
import { trainingWorkbook } from './training/module';

/** The parsed file of a kind: a roster sheet, the 研修 workbook, or a workbook of forms. */
type ParsedOf<K extends AnyImportKind> = K extends 'training'
  ? ParsedTraining
  : K extends RosterKind
    ? ParsedSheetImport
    : ParsedForms;

/** Every workbook kind's module, by kind (docs/workbooks.md). */
export const workbookModules: {
  [K in AnyImportKind]: WorkbookModule<ParsedOf<K>, unknown>;
} = {
  staff: staffWorkbook,
  evaluators: evaluatorsWorkbook,
  areas: areasWorkbook,
  awards: awardsWorkbook,
  results: resultsWorkbook,
  measures: measuresWorkbook,
  training: trainingWorkbook,
  selfreports: selfReportsWorkbook,
  mbo: mboWorkbook,
  appraisals: appraisalsWorkbook,
};

/** The module of a parsed file's kind, typed for that file. */
export function moduleOf<P extends ParsedImport>(parsed: P): WorkbookModule<P, unknown> {
  return workbookModules[parsed.kind] as unknown as WorkbookModule<P, unknown>;
}
