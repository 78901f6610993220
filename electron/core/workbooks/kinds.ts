import type { AnyImportKind, ImportKind } from '../../../shared/contract';
import { appraisalsWorkbook } from './forms/appraisal-workbook';
import { mboWorkbook, selfReportsWorkbook } from './forms/staff-workbook';
import type { ParsedForms, ParsedImport, ParsedSheetImport, WorkbookModule } from './kind';
import { areasWorkbook } from './roster/areas';
import { awardsWorkbook } from './roster/awards';
import { evaluatorsWorkbook } from './roster/evaluators';
import { staffWorkbook } from './roster/staff';

/** Every workbook kind's module, by kind (docs/workbooks.md). */
export const workbookModules: {
  [K in AnyImportKind]: WorkbookModule<K extends ImportKind ? ParsedSheetImport : ParsedForms, unknown>;
} = {
  staff: staffWorkbook,
  evaluators: evaluatorsWorkbook,
  areas: areasWorkbook,
  awards: awardsWorkbook,
  selfreports: selfReportsWorkbook,
  mbo: mboWorkbook,
  appraisals: appraisalsWorkbook,
};

/** The module of a parsed file's kind, typed for that file. */
export function moduleOf<P extends ParsedImport>(parsed: P): WorkbookModule<P, unknown> {
  return workbookModules[parsed.kind] as unknown as WorkbookModule<P, unknown>;
}
