import type { FieldDiff, ImportCounts, ImportProblem, RowChange } from '../../../../shared/contract';
import type { Db } from '../../db/connection';
import { ensureCycle } from '../../staff/staff.repo';
import { saveCourse, upsertAttendance } from '../../training/training.repo';
import type { SheetRead } from '../io/sheet-reader';
import { trainingAttendanceSheet, trainingCourseSheet } from '../io/specs';
import type { KindPlan, ParsedTraining } from '../kind';
import { planAttendance } from './attendance';
import type { AttendancePlan } from './attendance';
import { yesNo, trainingContext } from './common';
import { planCourses } from './courses';
import type { CoursePlan } from './courses';

/*
 * The 研修 workbook's plan (docs/workbooks.md, docs/workbook-import.md): the 研修一覧 and the
 * 研修受講記録 against the database as it is. All or nothing, like a roster sheet: any problem on
 * either sheet refuses the whole file. Warnings (a 氏名 that differs from the stored one) never do.
 */

type Outcome = { sheet: string; row: number; key: string; label: string; diffs: FieldDiff[] | null };

/** Counts and lists both sheets' rows: a row with any problem is an error; unchanged rows are only counted. */
function summary(
  reads: SheetRead[],
  problems: ImportProblem[],
  outcomes: Outcome[],
  labels: Map<string, { key: string; label: string }>,
): { counts: ImportCounts; changes: RowChange[] } {
  const headers = new Map(reads.map((r) => [r.sheet, r.headerRow]));
  const errorRows = new Set(
    problems.flatMap((p) =>
      p.row !== null && p.row > (headers.get(p.sheet) ?? 0) ? [`${p.sheet}\u0000${p.row}`] : [],
    ),
  );
  const counts: ImportCounts = {
    total: reads.reduce((n, r) => n + r.rows.length, 0),
    inserted: 0,
    updated: 0,
    unchanged: 0,
    errors: errorRows.size,
  };
  const changes: RowChange[] = [];
  for (const at of errorRows) {
    const [sheet = '', row = '0'] = at.split('\u0000');
    const l = labels.get(at) ?? { key: '', label: '' };
    changes.push({ sheet, row: Number(row), key: l.key, label: l.label, status: 'error', diffs: [] });
  }
  for (const o of outcomes) {
    if (errorRows.has(`${o.sheet}\u0000${o.row}`)) continue;
    const change = { sheet: o.sheet, row: o.row, key: o.key, label: o.label };
    if (o.diffs === null) {
      counts.inserted += 1;
      changes.push({ ...change, status: 'new', diffs: [] });
    } else if (o.diffs.length > 0) {
      counts.updated += 1;
      changes.push({ ...change, status: 'changed', diffs: o.diffs });
    } else counts.unchanged += 1;
  }
  // The course list first, then the attendance, each in file order.
  const order = new Map(reads.map((r, i) => [r.sheet, i]));
  changes.sort((a, b) => (order.get(a.sheet ?? '') ?? 0) - (order.get(b.sheet ?? '') ?? 0) || a.row - b.row);
  const byPlace = (a: ImportProblem, b: ImportProblem) =>
    (order.get(a.sheet) ?? -1) - (order.get(b.sheet) ?? -1) || (a.row ?? 0) - (b.row ?? 0);
  problems.sort(byPlace);
  return { counts, changes };
}

export function planTraining(db: Db, parsed: ParsedTraining): KindPlan {
  const { courses: courseRead, attendance: attendanceRead, sheetNames } = parsed.reads;
  const ctx = trainingContext(db);
  const reads = [courseRead, attendanceRead].filter((r): r is SheetRead => r !== null);
  const sheet = reads.map((r) => r.sheet).join('・');
  if (reads.length === 0) {
    const names = sheetNames.map((n) => `「${n}」`).join('、') || 'なし';
    ctx.problems.push({
      sheet: trainingCourseSheet.sheet,
      row: null,
      column: null,
      field: null,
      message: `シート「${trainingCourseSheet.sheet}」も「${trainingAttendanceSheet.sheet}」も見つかりません（このファイルのシート: ${names}）。研修の一覧は「${trainingCourseSheet.sheet}」、受講記録は「${trainingAttendanceSheet.sheet}」という名前のシートに入れてください。`,
    });
  }
  for (const r of reads) ctx.problems.push(...r.problems);

  const courses = courseRead ? planCourses(courseRead, ctx) : null;
  const attendance = attendanceRead ? planAttendance(attendanceRead, ctx, courses) : null;

  const labels = new Map<string, { key: string; label: string }>();
  const outcomes: Outcome[] = [];
  if (courseRead && courses) {
    for (const [row, l] of courses.labels) labels.set(`${courseRead.sheet}\u0000${row}`, l);
    for (const c of courses.plans) {
      outcomes.push({ sheet: courseRead.sheet, row: c.row, key: '', label: c.values.title, diffs: c.diffs });
    }
  }
  if (attendanceRead && attendance) {
    for (const [row, l] of attendance.labels) labels.set(`${attendanceRead.sheet}\u0000${row}`, l);
    for (const a of attendance.plans) {
      const label = `${a.person.name}（${a.title}）`;
      outcomes.push({ sheet: attendanceRead.sheet, row: a.row, key: a.person.staffNo, label, diffs: a.diffs });
    }
  }
  const { counts, changes } = summary(reads, ctx.problems, outcomes, labels);
  const courseWrites: CoursePlan[] = (courses?.plans ?? []).filter((c) => c.diffs === null || c.diffs.length > 0);
  const attendanceWrites: AttendancePlan[] = (attendance?.plans ?? []).filter(
    (a) => a.diffs === null || a.diffs.length > 0,
  );
  const courseIds = new Map((courses?.plans ?? []).flatMap((c) => (c.current ? [[c.key, c.current.id]] : [])));

  return {
    sheet,
    counts,
    problems: ctx.problems,
    warnings: ctx.warnings,
    changes,
    commits: 'whole',
    apply: (tx, _actor, audit) => {
      const now = new Date().toISOString();
      for (const c of courseWrites) {
        ensureCycle(tx, c.values.fy);
        const id = saveCourse(tx, { ...c.values, id: c.current?.id ?? null }, now);
        courseIds.set(c.key, id);
        const items = (v: typeof c.values) => ({
          年度: v.fy,
          研修名: v.title,
          研修区分: v.category,
          実施機関: v.provider,
          対象: v.audience,
          区政に活かせる: yesNo(v.usefulForWard),
        });
        audit.append({
          action: 'training.course.import',
          entity: 'training_course',
          entityId: id,
          before: c.current ? items(c.current) : undefined,
          after: items(c.values),
        });
      }
      for (const a of attendanceWrites) {
        const courseId = courseIds.get(a.courseKey) ?? a.storedCourse?.id;
        if (courseId === undefined) throw new Error('attendance without its course');
        upsertAttendance(tx, courseId, {
          staffId: a.person.id,
          attendedOn: a.attendedOn,
          hours: a.hours,
          // No 修了 or 報告・共有 column: a new record is completed and not yet shared; a stored one keeps both.
          completed: a.current?.completed ?? true,
          shared: a.current?.shared ?? false,
        });
        const head = { 研修名: a.title, 職員番号: a.person.staffNo, 受講日: a.attendedOn };
        audit.append({
          action: 'training.attendance.import',
          entity: 'training_course',
          entityId: courseId,
          before: a.current ? { ...head, 時間数: a.current.hours } : undefined,
          after: { ...head, 時間数: a.hours },
        });
      }
    },
    record: {},
  };
}
