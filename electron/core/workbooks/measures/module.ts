import type { Db } from '../../db/connection';
import { recordsOfYear } from '../../plan/measures.repo';
import { kindLabels } from '../io/specs';
import type { CellOut } from '../io/writer';
import type { RosterModule } from '../kind';
import { parseSheetFile } from '../parse';
import { rosterPlan } from '../plan';
import { hasCycle } from '../roster-export.repo';
import { sheetDownload } from '../roster/sheet-file';
import { planMeasureRecords } from './plan';

/*
 * The 取組み実施記録 sheet (docs/measures.md#the-import-sheet, docs/workbooks.md): the plan's records
 * of what was done. Its export writes the year's records in the import's own layout, so it re-imports
 * as unchanged; the measure's name is a reference column the import does not read.
 */

function recordRows(db: Db, fy: number): CellOut[][] {
  if (!hasCycle(db, fy)) return [];
  return recordsOfYear(db, fy).map((r) => [r.fy, r.code, r.heldOn, r.section, r.line, r.participants, r.note, r.title]);
}

/** The 取組み実施記録 sheet: export, parse and plan (docs/workbooks.md). */
export const measuresWorkbook: RosterModule = {
  kind: 'measures',
  label: kindLabels.measures,
  parse: (fileName, file) => parseSheetFile('measures', fileName, file),
  plan: (db, parsed, options) => {
    const plan = planMeasureRecords(db, parsed.read);
    return { ...rosterPlan(plan, parsed.read, options), apply: plan.applyAs };
  },
  export: (db, fy, sink) =>
    sheetDownload('measures', recordRows(db, fy), [{ header: '（参考）取組み名', width: 36 }], fy, sink),
};
