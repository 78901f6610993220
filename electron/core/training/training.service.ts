import type {
  StudyByLine,
  TrainingAttendee,
  TrainingAttendeePage,
  TrainingCourseRow,
  TrainingCourseSort,
  TrainingHistoryRow,
  TrainingYearView,
} from '../../../shared/api/training';
import type { PageRequest } from '../../../shared/api/common';
import type { TrainingCategory } from '../../../shared/training';
import type { Parsed } from '../../../shared/contract';
import { fiscalYearOf } from '../../../shared/fiscal-year';
import { AppError } from '../../../shared/result';
import { STUDY_SESSION } from '../../../shared/training';
import { assertYearWritable } from '../access/closed-year';
import { evaluatorRelations, relationOf, requireCycle } from '../access/evaluation-access';
import type { Db } from '../db/connection';
import { linkedStaffId } from '../office/accounts.repo';
import type { Session } from '../office/office.service';
import { trainingKpisOf } from '../plan/kpi.service';
import { lineIds, lineKey, sectionIds, sectionsWithLines } from '../staff/org.repo';
import type { StaffRecord } from '../staff/org.repo';
import { staffById, staffByNo } from '../staff/staff.repo';
import { appendAudit } from '../system/audit.repo';
import {
  attendeeCountOf,
  attendeePage,
  coursePage,
  studyCountsByLine,
  attendanceOfCourse,
  attendanceOfStaff,
  attendanceOfYear,
  courseById,
  courseByTitle,
  coursesOfYear,
  deleteCourse,
  replaceAttendance,
  saveCourse,
} from './training.repo';
import type { AttendanceRecord, AttendanceValues, CourseRecord } from './training.repo';

/*
 * 研修 (training, docs/training.md): the course list of each fiscal year, who attended, each person's
 * history, the 勉強会 held per 担当 and the plan's training targets (docs/plan.md). HR keeps the
 * records; every session sees the year's courses, and the attendees in its scope.
 */

type Scope = TrainingYearView['scope'];

/** Looks people up by id, each once. */
function staffCache(db: Db): (id: number) => StaffRecord | undefined {
  const cache = new Map<number, StaffRecord | undefined>();
  return (id) => {
    if (!cache.has(id)) cache.set(id, staffById(db, id));
    return cache.get(id);
  };
}

/** The name of the session's scope (scopeOf), without reading whom it covers. */
function scopeName(session: Session): Scope {
  if (session.role === 'hr' || session.role === 'personnel') return 'all';
  return session.role === 'evaluator' ? 'team' : 'self';
}

/**
 * Whose attendances the session sees in a year: HR and personnel everyone; an evaluator themself and
 * the people they are 1次, 2次 or 調整者 of in that year; anyone else themself.
 */
function scopeOf(db: Db, session: Session, fy: number): { scope: Scope; ids: Set<number> | 'all' } {
  if (scopeName(session) === 'all') return { scope: 'all', ids: 'all' };
  const self = linkedStaffId(db, session.accountId);
  const ids = new Set<number>(self === null ? [] : [self]);
  if (session.role !== 'evaluator') return { scope: 'self', ids };
  if (self !== null) for (const id of evaluatorRelations(db, fy, self).keys()) ids.add(id);
  return { scope: 'team', ids };
}

/** The office's order of 担当 (section, then line), keyed by "section\tline". */
function lineOrder(db: Db): Map<string, number> {
  const order = new Map<string, number>();
  sectionsWithLines(db).forEach((s, i) => s.lines.forEach((l, j) => order.set(`${s.name}\t${l}`, i * 10_000 + j)));
  return order;
}

/** 担当内勉強会 per 担当 from SQL aggregates (the paged view), in the same order as studyByLine. */
function studyByLineCounted(db: Db, fy: number): StudyByLine[] {
  const order = lineOrder(db);
  const key = (r: { section: string; line: string }) => `${r.section}\t${r.line}`;
  return studyCountsByLine(db, fy, STUDY_SESSION)
    .sort(
      (a, b) => (order.get(key(a)) ?? Infinity) - (order.get(key(b)) ?? Infinity) || key(a).localeCompare(key(b), 'ja'),
    )
    .map(({ section, line, sessions, participants, sharedBy }) => ({
      section,
      line,
      sessions,
      participants,
      sharedBy,
    }));
}

/** 担当内勉強会 per 担当 in the year, in the office's order of sections and lines. */
function studyByLine(db: Db, courses: CourseRecord[], attendance: AttendanceRecord[]): StudyByLine[] {
  const byLine = new Map<string, { section: string; line: string; courses: Set<number> }>();
  for (const c of courses) {
    if (c.category !== STUDY_SESSION || c.section === null || c.line === null) continue;
    const key = `${c.section}\t${c.line}`;
    const entry = byLine.get(key) ?? { section: c.section, line: c.line, courses: new Set<number>() };
    entry.courses.add(c.id);
    byLine.set(key, entry);
  }
  const order = lineOrder(db);
  return [...byLine.entries()]
    .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b, 'ja'))
    .map(([, e]) => {
      const rows = attendance.filter((a) => e.courses.has(a.courseId));
      return {
        section: e.section,
        line: e.line,
        sessions: e.courses.size,
        participants: new Set(rows.filter((a) => a.completed).map((a) => a.staffId)).size,
        sharedBy: new Set(rows.filter((a) => a.shared).map((a) => a.staffId)).size,
      };
    });
}

/** A course as the list shows it. */
function courseRow(c: CourseRecord, attendeeCount: number, attendees: TrainingAttendee[]): TrainingCourseRow {
  return {
    id: c.id,
    fy: c.fy,
    title: c.title,
    category: c.category,
    provider: c.provider,
    audience: c.audience,
    usefulForWard: c.usefulForWard,
    section: c.section,
    line: c.line,
    attendeeCount,
    attendees,
  };
}

/** What training:list and the saves are asked for: the year, and the screen's page of courses. */
type ListRequest = { fy: number; page?: PageRequest<TrainingCourseSort>; category?: TrainingCategory };

/**
 * The year's courses as a page (docs/lists.md): counts, the 勉強会 per 担当 and the KPIs are
 * aggregates over the whole year; no attendee is listed (training:attendees pages them).
 */
function trainingYearPage(db: Db, scope: Scope, input: ListRequest & { page: PageRequest<TrainingCourseSort> }) {
  const { rows, total } = coursePage(db, input.fy, input.category ?? null, input.page);
  return {
    fy: input.fy,
    scope,
    courses: rows.map((c) => courseRow(c, c.attendeeCount, [])),
    studyByLine: studyByLineCounted(db, input.fy),
    kpis: trainingKpisOf(db, input.fy),
    total,
  };
}

/**
 * The year's courses with the attendees the caller may see, the 勉強会 per 担当 and the training KPIs.
 * With `page`, a page of the courses without their attendees (trainingYearPage); `category` keeps
 * the courses of one 研修区分.
 */
export function trainingYear(db: Db, session: Session, input: ListRequest): TrainingYearView {
  requireCycle(db, input.fy);
  // A page lists no attendee: it needs the scope's name, not whom it covers.
  if (input.page) return trainingYearPage(db, scopeName(session), { ...input, page: input.page });
  const { scope, ids } = scopeOf(db, session, input.fy);
  const courses = coursesOfYear(db, input.fy);
  const attendance = attendanceOfYear(db, input.fy);
  const person = staffCache(db);
  const listed = input.category ? courses.filter((c) => c.category === input.category) : courses;
  const rows = listed.map((c): TrainingCourseRow => {
    const mine = attendance.filter((a) => a.courseId === c.id);
    const attendees = mine.flatMap((a): TrainingAttendee[] => {
      if (ids !== 'all' && !ids.has(a.staffId)) return [];
      const s = person(a.staffId);
      if (!s) return [];
      return [
        {
          staffNo: s.staffNo,
          name: s.name,
          section: s.section,
          line: s.line,
          attendedOn: a.attendedOn,
          hours: a.hours,
          completed: a.completed,
          shared: a.shared,
        },
      ];
    });
    return courseRow(c, new Set(mine.map((a) => a.staffId)).size, attendees);
  });
  return {
    fy: input.fy,
    scope,
    courses: rows,
    studyByLine: studyByLine(db, courses, attendance),
    kpis: trainingKpisOf(db, input.fy, { courses, attendance }),
  };
}

function findCourse(db: Db, fy: number, id: number): CourseRecord {
  const c = courseById(db, id);
  if (!c || c.fy !== fy) throw new AppError('NOT_FOUND', 'この研修は見つかりません。画面を読み込み直してください。');
  return c;
}

const courseItems = (c: CourseRecord | null) =>
  c && {
    研修名: c.title,
    研修区分: c.category,
    実施機関: c.provider,
    対象: c.audience,
    区政に活かせる: c.usefulForWard ? 'はい' : 'いいえ',
    担当: c.section !== null && c.line !== null ? `${c.section} / ${c.line}` : null,
  };

/** The 担当 of a 担当内勉強会 by section and line name, or a VALIDATION error on 'line'. */
function studyLineId(db: Db, section: string | null, line: string | null): number {
  if (!section || !line) {
    throw new AppError('VALIDATION', '担当内勉強会（OJT）は、開催した課と担当を選んでください。', 'line');
  }
  const sectionId = sectionIds(db).get(section);
  const lineId = sectionId === undefined ? undefined : lineIds(db).get(lineKey(sectionId, line));
  if (lineId === undefined) {
    throw new AppError(
      'VALIDATION',
      `「${section} / ${line}」という担当は見つかりません。一覧から選んでください。`,
      'line',
    );
  }
  return lineId;
}

/**
 * Adds or edits a course of the year (HR). The title is unique in the year. A 担当内勉強会 names the
 * 担当 that held it; any other category has none (a section or line sent with it is dropped).
 */
export function saveTrainingCourse(db: Db, session: Session, input: Parsed<'training:saveCourse'>): TrainingYearView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'training:saveCourse');
    requireCycle(db, input.fy);
    const current = input.id === null ? null : findCourse(db, input.fy, input.id);
    const same = courseByTitle(db, input.fy, input.title);
    if (same && same.id !== input.id) {
      throw new AppError(
        'VALIDATION',
        `${input.fy}年度の研修一覧に「${input.title}」はすでにあります。別の研修名にしてください。`,
        'title',
      );
    }
    const lineId = input.category === STUDY_SESSION ? studyLineId(db, input.section, input.line) : null;
    const id = saveCourse(
      db,
      {
        id: input.id,
        fy: input.fy,
        title: input.title,
        category: input.category,
        provider: input.provider.trim(),
        audience: input.audience,
        usefulForWard: input.usefulForWard,
        lineId,
      },
      new Date().toISOString(),
    );
    appendAudit(db, session.actor, {
      action: current ? 'training.course.update' : 'training.course.create',
      entity: 'training_course',
      entityId: id,
      before: courseItems(current),
      after: courseItems(findCourse(db, input.fy, id)),
    });
    return trainingYear(db, session, { fy: input.fy, ...input.list });
  })();
}

/** Deletes a course with its attendance (HR). */
export function deleteTrainingCourse(
  db: Db,
  session: Session,
  input: Parsed<'training:deleteCourse'>,
): TrainingYearView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'training:deleteCourse');
    const c = findCourse(db, input.fy, input.id);
    const attendees = new Set(attendanceOfCourse(db, c.id).map((a) => a.staffId)).size;
    deleteCourse(db, c.id);
    appendAudit(db, session.actor, {
      action: 'training.course.delete',
      entity: 'training_course',
      entityId: c.id,
      before: { ...courseItems(c), 受講者数: attendees },
    });
    return trainingYear(db, session, { fy: input.fy, ...input.list });
  })();
}

/** A real calendar date (the schema only checks the YYYY-MM-DD shape). */
function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/**
 * Replaces a course's attendance with the list given (HR): every 職員番号 known, every 受講日 in the
 * course's fiscal year, one row per person and date. Audited with 職員番号 only.
 */
export function saveTrainingAttendance(
  db: Db,
  session: Session,
  input: Parsed<'training:saveAttendance'>,
): TrainingYearView {
  return db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'training:saveAttendance');
    requireCycle(db, input.fy);
    const course = findCourse(db, input.fy, input.courseId);
    const seen = new Set<string>();
    const rows = input.attendees.map((a, i): AttendanceValues & { staffNo: string } => {
      const where = `受講者の${i + 1}行目（職員番号 ${a.staffNo}）`;
      const s = staffByNo(db, a.staffNo);
      if (!s) throw new AppError('VALIDATION', `${where}: 職員番号 ${a.staffNo} の職員は見つかりません。`, 'attendees');
      if (!isRealDate(a.attendedOn) || fiscalYearOf(new Date(`${a.attendedOn}T00:00:00`)) !== input.fy) {
        throw new AppError(
          'VALIDATION',
          `${where}: 受講日は${input.fy}年度（${input.fy}年4月1日〜${input.fy + 1}年3月31日）の日付にしてください。`,
          'attendees',
        );
      }
      const key = `${s.id}\t${a.attendedOn}`;
      if (seen.has(key)) {
        throw new AppError(
          'VALIDATION',
          `${where}: 同じ職員の同じ受講日（${a.attendedOn}）が2回入力されています。`,
          'attendees',
        );
      }
      seen.add(key);
      return {
        staffNo: s.staffNo,
        staffId: s.id,
        attendedOn: a.attendedOn,
        hours: a.hours,
        completed: a.completed,
        shared: a.shared,
      };
    });
    const person = staffCache(db);
    const logged = (list: readonly (AttendanceValues & { staffNo?: string })[]) =>
      list.map((a) => ({
        職員番号: a.staffNo ?? person(a.staffId)?.staffNo ?? null,
        受講日: a.attendedOn,
        時間数: a.hours,
        修了: a.completed ? 'はい' : 'いいえ',
        報告・共有: a.shared ? 'はい' : 'いいえ',
      }));
    const before = attendanceOfCourse(db, course.id);
    replaceAttendance(db, course.id, rows);
    appendAudit(db, session.actor, {
      action: 'training.attendance.save',
      entity: 'training_course',
      entityId: course.id,
      before: { 研修名: course.title, 受講者: logged(before) },
      after: { 研修名: course.title, 受講者: logged(rows) },
    });
    return trainingYear(db, session, { fy: input.fy, ...input.list });
  })();
}

/**
 * A person's training over every year, newest first: for themself, HR, personnel and their 1次,
 * 2次 or 調整者 of the current fiscal year. Anyone else is told, as for a person who does not
 * exist, that there is no such person (staff:detail answers the same).
 */
export function trainingHistory(db: Db, session: Session, input: Parsed<'training:history'>): TrainingHistoryRow[] {
  const subject = staffByNo(db, input.staffNo);
  const viewer = linkedStaffId(db, session.accountId);
  const relation = subject ? relationOf(db, session, viewer, fiscalYearOf(new Date()), subject.id) : null;
  if (!subject || relation === null) {
    throw new AppError(
      'NOT_FOUND',
      `職員番号 ${input.staffNo} の職員は見つかりません（または閲覧する権限がありません）。`,
    );
  }
  return attendanceOfStaff(db, subject.id).map((a) => ({
    fy: a.course.fy,
    courseId: a.course.id,
    title: a.course.title,
    category: a.course.category,
    provider: a.course.provider,
    attendedOn: a.attendedOn,
    hours: a.hours,
    completed: a.completed,
    shared: a.shared,
  }));
}

/**
 * One course's attendees the session may see (training:attendees): the same scope as training:list
 * (scopeOf), filtered by `query`, a page at a time or, without `page`, all of them.
 */
export function trainingAttendees(db: Db, session: Session, input: Parsed<'training:attendees'>): TrainingAttendeePage {
  requireCycle(db, input.fy);
  const course = findCourse(db, input.fy, input.courseId);
  const { scope, ids } = scopeOf(db, session, input.fy);
  const { rows, total } = attendeePage(db, course.id, ids === 'all' ? null : [...ids], input.query ?? '', input.page);
  return { rows, total, attendeeCount: attendeeCountOf(db, course.id), scope };
}
