import type ExcelJS from 'exceljs';
import { headerKey } from '../../../../shared/text';
import { readSheet } from '../io/sheet-reader';
import type { SheetRead, SheetSpec } from '../io/sheet-reader';
import { trainingAttendanceSheet, trainingCourseSheet } from '../io/specs';
import { loadWorkbook } from '../io/workbook';
import type { ParsedTraining } from '../kind';
import type { ParseProgress } from '../parse';

/*
 * The 研修 workbook's parse (docs/workbooks.md): its two sheets found by name (研修一覧 and
 * 研修受講記録, or their aliases), each read like a roster sheet. No database: this may run in the
 * import worker, so the result is plain, structured-cloneable data.
 */

/**
 * Whether the workbook has the sheet by its name or an alias (never a lone sheet of another name),
 * with anything on it: a blank sheet of that name counts as missing.
 */
function hasSheet(wb: ExcelJS.Workbook, spec: SheetSpec): boolean {
  const wanted = new Set([spec.sheet, ...(spec.aliases ?? [])].map(headerKey));
  return wb.worksheets.some((ws) => wanted.has(headerKey(ws.name)) && ws.actualRowCount > 0);
}

/**
 * A sheet with its headers and no rows is read as empty, not as a problem: the template imports as
 * nothing, and a file may carry only one of the two sheets filled in.
 */
function readAllowingEmpty(wb: ExcelJS.Workbook, spec: SheetSpec): SheetRead {
  const read = readSheet(wb, spec);
  if (read.rows.length > 0 || read.headerRow === 0) return read;
  const problems = read.problems.filter((p) => !(p.row === read.headerRow && p.column === null && p.field === null));
  return { ...read, problems };
}

export async function parseTraining(fileName: string, file: Buffer, progress?: ParseProgress): Promise<ParsedTraining> {
  const { workbook, fileHash } = await loadWorkbook(file);
  progress?.('loaded');
  const courses = hasSheet(workbook, trainingCourseSheet) ? readAllowingEmpty(workbook, trainingCourseSheet) : null;
  const attendance = hasSheet(workbook, trainingAttendanceSheet)
    ? readAllowingEmpty(workbook, trainingAttendanceSheet)
    : null;
  const sheetNames = workbook.worksheets.map((ws) => ws.name);
  progress?.('read');
  return { kind: 'training', fileName, fileHash, reads: { courses, attendance, sheetNames } };
}
