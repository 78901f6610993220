import type { FileDownload } from '../../../../shared/contract';
import { appraisalsOfYear } from '../../appraisal/appraisal.repo';
import type { ExportSink } from '../../api/outbox';
import type { Db } from '../../db/connection';
import { historyForExport } from '../../placement/history.repo';
import { staffSnapshot } from '../../staff/org.repo';
import { kindLabels, resultsSheet } from '../io/specs';
import { importSheetsTo } from '../io/writer';
import type { CellOut } from '../io/writer';
import type { RosterModule } from '../kind';
import { parseSheetFile } from '../parse';
import { rosterPlan } from '../plan';
import { planResults } from './plan';
import { classText } from './values';

/*
 * The 人事考課結果 sheet (docs/workbooks.md): past years' results for offices that start with Kaname.
 * Its template is the roster's (headers, notes, the 区分 dropdown); its export lists the imported
 * results of every year up to the chosen one in the import's own layout, so it re-imports as
 * unchanged. A row of a year since confirmed in Kaname is left out: Kaname's own result is the one
 * that counts, and the import would skip it.
 */

/** The imported results up to `fy`, with the stored 氏名 (checked, not read, on re-import) and reference columns. */
function resultRows(db: Db, fy: number): CellOut[][] {
  const rows = historyForExport(db, fy);
  const staff = new Map(staffSnapshot(db).map((s) => [s.id, s]));
  const confirmed = new Map<number, Set<number>>();
  const confirmedIn = (year: number) => {
    let ids = confirmed.get(year);
    if (!ids) {
      ids = new Set([...appraisalsOfYear(db, year).values()].filter((a) => a.status === '確定').map((a) => a.staffId));
      confirmed.set(year, ids);
    }
    return ids;
  };
  return rows
    .filter((r) => !confirmedIn(r.fy).has(r.staffId))
    .map((r) => {
      const s = staff.get(r.staffId);
      return [r.fy, r.staffNo, r.score, classText(r.rankClass), s?.name ?? '', s?.section ?? '', s?.gradeGroup ?? ''];
    });
}

async function resultsExport(db: Db, fy: number, sink: ExportSink): Promise<FileDownload> {
  const extra = [
    { header: '（参考）所属', width: 16 },
    { header: '（参考）職層', width: 12 },
  ];
  return importSheetsTo(
    sink,
    `${kindLabels.results}_${fy}年度まで.xlsx`,
    [{ spec: resultsSheet, rows: resultRows(db, fy), extra }],
    { confidential: true },
  );
}

/** The 人事考課結果 sheet: export, parse and plan (docs/workbooks.md). */
export const resultsWorkbook: RosterModule = {
  kind: 'results',
  label: kindLabels.results,
  parse: (fileName, file) => parseSheetFile('results', fileName, file),
  plan: (db, parsed, options) => {
    const plan = planResults(db, parsed.read);
    return { ...rosterPlan(plan, parsed.read, options), warnings: plan.warnings };
  },
  export: resultsExport,
};
