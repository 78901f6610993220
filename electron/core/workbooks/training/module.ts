import type { FileDownload } from '../../../../shared/contract';
import { inlineSink } from '../../api/outbox';
import type { ExportSink } from '../../api/outbox';
import type { Db } from '../../db/connection';
import { staffSnapshot } from '../../staff/org.repo';
import { attendanceOfYear, coursesOfYear } from '../../training/training.repo';
import { kindLabels, trainingAttendanceSheet, trainingCourseSheet } from '../io/specs';
import type { CellOut } from '../io/writer';
import type { ParsedTraining, WorkbookModule } from '../kind';
import { yesNo } from './common';
import { parseTraining } from './parse';
import { planTraining } from './plan';
import { importSheetsTo, writeImportSheets } from '../io/writer';

/*
 * The 研修 workbook (docs/workbooks.md): its export (the year's course list and attendance in the
 * import's own layout, so it re-imports as unchanged), its template, parse and plan.
 */

/** The year's courses and attendance as the two sheets' rows, with their reference columns. */
function trainingRows(db: Db, fy: number): { courses: CellOut[][]; attendance: CellOut[][] } {
  const courses = coursesOfYear(db, fy);
  const byId = new Map(courses.map((c) => [c.id, c]));
  const staff = new Map(staffSnapshot(db).map((s) => [s.id, s]));
  const attendance = attendanceOfYear(db, fy)
    .flatMap((a) => {
      const course = byId.get(a.courseId);
      const person = staff.get(a.staffId);
      return course && person ? [{ a, course, person }] : [];
    })
    .sort(
      (x, y) =>
        x.course.id - y.course.id ||
        x.a.attendedOn.localeCompare(y.a.attendedOn) ||
        x.person.staffNo.localeCompare(y.person.staffNo),
    )
    .map(({ a, course, person }) => [
      fy,
      course.title,
      a.attendedOn,
      a.hours,
      person.staffNo,
      person.name,
      person.section ?? '',
      a.completed ? '修了' : '未修了',
    ]);
  return {
    courses: courses.map((c) => [
      fy,
      c.title,
      c.category,
      c.provider,
      c.audience,
      yesNo(c.usefulForWard),
      c.line === null ? '' : `${c.section ?? ''} ${c.line}`.trim(),
    ]),
    attendance,
  };
}

const courseExtra = [{ header: '（参考）担当', width: 22 }];
const attendanceExtra = [
  { header: '（参考）所属', width: 16 },
  { header: '（参考）修了', width: 10 },
];

export async function trainingExport(db: Db, fy: number, sink: ExportSink = inlineSink): Promise<FileDownload> {
  const rows = trainingRows(db, fy);
  return importSheetsTo(
    sink,
    `${kindLabels.training}_${fy}年度.xlsx`,
    [
      { spec: trainingCourseSheet, rows: rows.courses, extra: courseExtra },
      { spec: trainingAttendanceSheet, rows: rows.attendance, extra: attendanceExtra },
    ],
    { confidential: true },
  );
}

/** Both sheets empty, with their headers, notes and dropdowns. */
export async function trainingTemplate(sink: ExportSink = inlineSink): Promise<FileDownload> {
  const buf = await writeImportSheets(
    [
      { spec: trainingCourseSheet, rows: [] },
      { spec: trainingAttendanceSheet, rows: [] },
    ],
    { confidential: false },
  );
  return sink.bytes(`${kindLabels.training}_テンプレート.xlsx`, buf);
}

/** The 研修 workbook: export, parse and plan (docs/workbooks.md). */
export const trainingWorkbook: WorkbookModule<
  ParsedTraining,
  (db: Db, fy: number, sink?: ExportSink) => Promise<FileDownload>
> = {
  kind: 'training',
  label: kindLabels.training,
  parse: (fileName, file) => parseTraining(fileName, file),
  plan: (db, parsed) => planTraining(db, parsed),
  export: trainingExport,
};
