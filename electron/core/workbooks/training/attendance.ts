import type { FieldDiff } from '../../../../shared/contract';
import { nfkc, personName } from '../../../../shared/text';
import { staffSnapshot } from '../../staff/org.repo';
import type { StaffRecord } from '../../staff/org.repo';
import { attendanceOfYear } from '../../training/training.repo';
import type { AttendanceRecord, CourseRecord } from '../../training/training.repo';
import { RowFields } from '../io/fields';
import { letterOf } from '../io/sheet-reader';
import type { SheetRead } from '../io/sheet-reader';
import { trainingAttendanceSheet } from '../io/specs';
import { checkDuplicates, diff, diffs } from '../plan';
import { staffNoLookup } from '../staff-numbers';
import { courseKey, fiscalYearOfIso, slash, storedMatches } from './common';
import type { TrainingContext } from './common';
import type { CourseRows } from './courses';

/*
 * The 研修受講記録 sheet (docs/workbooks.md): one row per person, course and 受講日. The course is
 * one of that year's course list — in this file's 研修一覧 or already stored. An attendance already
 * stored for that course, person and date is updated (only its 時間数: 修了 and 報告・共有 are kept),
 * so the same file imports again as unchanged. The 氏名 column is only a check: a name that differs
 * from the stored one (spaces aside) is a warning, never a change and never an error.
 */

const maxHours = 1000;

/** An attendance row that read cleanly: its course (by key, and the stored one if any) and what it changes. */
export type AttendancePlan = {
  row: number;
  courseKey: string;
  /** The stored course, when the file's 研修一覧 does not add it (then it is found by courseKey after the courses are written). */
  storedCourse: CourseRecord | null;
  title: string;
  person: StaffRecord;
  attendedOn: string;
  hours: number;
  current: AttendanceRecord | null;
  diffs: FieldDiff[] | null;
};

export type AttendanceRows = { plans: AttendancePlan[]; labels: Map<number, { key: string; label: string }> };

/** A name without any space (half- or full-width): 「田中 美咲」 and 「田中　美咲」 are the same person's name. */
const unspaced = (name: string): string => personName(name).replace(/\s/gu, '');

function readHours(f: RowFields): number | null | undefined {
  const text = f.text('hours', true);
  if (text === null || text === undefined) return text;
  const t = nfkc(text)
    .replace(/\s/gu, '')
    .replace(/(時間|h|hr|hrs)$/iu, '');
  const value = /^\d+(\.\d+)?$/u.test(t) ? Number(t) : Number.NaN;
  if (!Number.isFinite(value) || value > maxHours) {
    f.problem('hours', `時間数「${text}」は0以上${maxHours}以下の数にしてください（1.5 など）。`);
    return null;
  }
  return value;
}

export function planAttendance(read: SheetRead, ctx: TrainingContext, courses: CourseRows | null): AttendanceRows {
  const staff = new Map(staffSnapshot(ctx.db).map((s) => [s.staffNo, s]));
  const lookup = staffNoLookup(staff);
  const stored = new Map<number, Map<string, AttendanceRecord>>();
  const storedAttendance = (fy: number, courseId: number, staffId: number, on: string) => {
    let year = stored.get(fy);
    if (!year) {
      year = new Map(attendanceOfYear(ctx.db, fy).map((a) => [`${a.courseId}|${a.staffId}|${a.attendedOn}`, a]));
      stored.set(fy, year);
    }
    return year.get(`${courseId}|${staffId}|${on}`) ?? null;
  };
  const inFile = (fy: number, title: string) => courses?.named.has(courseKey(fy, title)) === true;

  const plans: AttendancePlan[] = [];
  const labels = new Map<number, { key: string; label: string }>();
  const keys: { row: number; key: [number, string, string, string] | null; column: string | null }[] = [];
  for (const source of read.rows) {
    const f = new RowFields(trainingAttendanceSheet, read, source, ctx.problems);
    const fy = f.fiscalYear('fy');
    const title = f.text('title', true);
    const attendedOn = f.date('attendedOn', true);
    const hours = readHours(f);
    const staffNo = f.staffNo('staffNo', true);
    const name = f.text('name');
    const found = staffNo ? lookup.find(staffNo) : undefined;
    const person = found && 'person' in found ? found.person : undefined;
    if (found && 'message' in found) f.problem('staffNo', found.message);
    if (fy && attendedOn && fiscalYearOfIso(attendedOn) !== fy) {
      f.problem(
        'attendedOn',
        `受講日 ${slash(attendedOn)} は${fy}年度（${fy}/4/1〜${fy + 1}/3/31）の日付ではありません。年度か受講日を直してください。`,
      );
    }
    if (person && name && unspaced(name) !== unspaced(person.name)) {
      ctx.warnings.push({
        sheet: read.sheet,
        row: source.row,
        column: letterOf(read, 'name'),
        field: '氏名',
        message: `氏名「${name}」は職員番号 ${person.staffNo} の登録氏名「${person.name}」と異なります。職員番号が正しいか確かめてください（氏名は取り込みません。このまま取り込めます）。`,
      });
    }
    labels.set(source.row, {
      key: staffNo ?? '',
      label: `${person?.name ?? name ?? ''}（${title ?? f.peek('title')}）`,
    });
    keys.push({
      row: source.row,
      key: fy && title && staffNo && attendedOn ? [fy, title, staffNo, attendedOn] : null,
      column: letterOf(read, 'staffNo'),
    });
    if (!fy || !title) continue;
    let storedCourse: CourseRecord | null = null;
    if (!inFile(fy, title)) {
      const matches = storedMatches(ctx, fy, title);
      if (matches.length === 0) {
        const elsewhere = [fy - 1, fy + 1].filter((y) => inFile(y, title) || storedMatches(ctx, y, title).length > 0);
        const hint =
          elsewhere.length > 0 ? `（${elsewhere.map((y) => `${y}年度`).join('・')}の研修一覧にはあります）` : '';
        f.problem(
          'title',
          `研修「${title}」は${fy}年度の研修一覧（このファイルの「研修一覧」と登録済みの研修）にありません${hint}。研修名か年度を直すか、研修一覧に加えてください。`,
        );
      } else if (matches.length > 1) {
        f.problem(
          'title',
          `${fy}年度に研修名が「${title}」と読める研修が${matches.length}件登録されているため、どれの受講記録か決められません。「研修」画面で研修名を区別してください。`,
        );
      } else storedCourse = matches[0] ?? null;
    } else {
      // In the file's 研修一覧: the stored course of that key, if there is one, takes the attendance.
      storedCourse = storedMatches(ctx, fy, title)[0] ?? null;
    }
    if (!f.ok || !person || !attendedOn || hours === null || hours === undefined) continue;
    const current = storedCourse ? storedAttendance(fy, storedCourse.id, person.id, attendedOn) : null;
    plans.push({
      row: source.row,
      courseKey: courseKey(fy, title),
      storedCourse,
      title: storedCourse?.title ?? title,
      person,
      attendedOn,
      hours,
      current,
      diffs: current ? diffs([diff('時間数', String(current.hours), String(hours))]) : null,
    });
  }
  checkDuplicates(
    keys,
    read,
    '職員番号',
    ([, title, no, on]) => `同じ研修「${title}」・受講日 ${slash(on)} の職員番号 ${no}`,
    ctx.problems,
  );
  return { plans, labels };
}
