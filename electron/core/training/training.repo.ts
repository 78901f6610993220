import type { Page, PageRequest } from '../../../shared/api/common';
import type { TrainingAttendee, TrainingAttendeeSort, TrainingCourseSort } from '../../../shared/api/training';
import type { TrainingAudience, TrainingCategory } from '../../../shared/training';
import type { Db } from '../db/connection';
import { likePattern, pageClause } from '../db/paging';

/* The training tables (研修, docs/training.md): the course list of each year and its attendance. */

export type CourseRecord = {
  id: number;
  fy: number;
  title: string;
  category: TrainingCategory;
  provider: string;
  audience: TrainingAudience;
  usefulForWard: boolean;
  /** The 担当 that held a 担当内勉強会, with its section's and its own name. */
  lineId: number | null;
  section: string | null;
  line: string | null;
};

export type CourseValues = Omit<CourseRecord, 'id' | 'section' | 'line'>;

export type AttendanceRecord = {
  id: number;
  courseId: number;
  staffId: number;
  attendedOn: string;
  hours: number;
  completed: boolean;
  shared: boolean;
};

export type AttendanceValues = Omit<AttendanceRecord, 'id' | 'courseId'>;

type StoredCourse = Omit<CourseRecord, 'usefulForWard'> & { usefulForWard: number };
type StoredAttendance = Omit<AttendanceRecord, 'completed' | 'shared'> & { completed: number; shared: number };

const courseSelect = `
  SELECT c.id, c.fy, c.title, c.category, c.provider, c.audience, c.useful_for_ward AS usefulForWard,
         c.line_id AS lineId, s.name AS section, l.name AS line
  FROM training_courses c
  LEFT JOIN lines l ON l.id = c.line_id
  LEFT JOIN sections s ON s.id = l.section_id`;

const toCourse = (r: StoredCourse): CourseRecord => ({ ...r, usefulForWard: r.usefulForWard === 1 });
const toAttendance = (r: StoredAttendance): AttendanceRecord => ({
  ...r,
  completed: r.completed === 1,
  shared: r.shared === 1,
});

/** The year's courses, by category order of entry (id). */
export function coursesOfYear(db: Db, fy: number): CourseRecord[] {
  return (db.prepare(`${courseSelect} WHERE c.fy = ? ORDER BY c.id`).all(fy) as StoredCourse[]).map(toCourse);
}

export function courseById(db: Db, id: number): CourseRecord | undefined {
  const r = db.prepare(`${courseSelect} WHERE c.id = ?`).get(id) as StoredCourse | undefined;
  return r && toCourse(r);
}

export function courseByTitle(db: Db, fy: number, title: string): CourseRecord | undefined {
  const r = db.prepare(`${courseSelect} WHERE c.fy = ? AND c.title = ?`).get(fy, title) as StoredCourse | undefined;
  return r && toCourse(r);
}

/** Inserts a course (id null) or updates one; answers its id. */
export function saveCourse(db: Db, c: CourseValues & { id: number | null }, now: string): number {
  if (c.id === null) {
    return Number(
      db
        .prepare(
          `INSERT INTO training_courses (fy, title, category, provider, audience, useful_for_ward, line_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(c.fy, c.title, c.category, c.provider, c.audience, c.usefulForWard ? 1 : 0, c.lineId, now, now)
        .lastInsertRowid,
    );
  }
  db.prepare(
    `UPDATE training_courses SET title = ?, category = ?, provider = ?, audience = ?, useful_for_ward = ?, line_id = ?,
       updated_at = ? WHERE id = ?`,
  ).run(c.title, c.category, c.provider, c.audience, c.usefulForWard ? 1 : 0, c.lineId, now, c.id);
  return c.id;
}

/** Deletes a course and its attendance. */
export function deleteCourse(db: Db, id: number): void {
  db.prepare('DELETE FROM training_courses WHERE id = ?').run(id);
}

const attendanceSelect = `SELECT a.id, a.course_id AS courseId, a.staff_id AS staffId, a.attended_on AS attendedOn,
  a.hours, a.completed, a.shared FROM training_attendance a`;

/** Every attendance of the year's courses. */
export function attendanceOfYear(db: Db, fy: number): AttendanceRecord[] {
  return (
    db
      .prepare(
        `${attendanceSelect} JOIN training_courses c ON c.id = a.course_id WHERE c.fy = ?
         ORDER BY a.course_id, a.attended_on, a.staff_id`,
      )
      .all(fy) as StoredAttendance[]
  ).map(toAttendance);
}

export function attendanceOfCourse(db: Db, courseId: number): AttendanceRecord[] {
  return (
    db
      .prepare(`${attendanceSelect} WHERE a.course_id = ? ORDER BY a.attended_on, a.staff_id`)
      .all(courseId) as StoredAttendance[]
  ).map(toAttendance);
}

/** Replaces a course's attendance with the rows given. */
export function replaceAttendance(db: Db, courseId: number, rows: readonly AttendanceValues[]): void {
  db.prepare('DELETE FROM training_attendance WHERE course_id = ?').run(courseId);
  const insert = db.prepare(
    `INSERT INTO training_attendance (course_id, staff_id, attended_on, hours, completed, shared)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  for (const r of rows) insert.run(courseId, r.staffId, r.attendedOn, r.hours, r.completed ? 1 : 0, r.shared ? 1 : 0);
}

/** Adds one attendance, or updates the one of that course, person and date (the import). */
export function upsertAttendance(db: Db, courseId: number, r: AttendanceValues): void {
  db.prepare(
    `INSERT INTO training_attendance (course_id, staff_id, attended_on, hours, completed, shared)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (course_id, staff_id, attended_on) DO UPDATE SET hours = excluded.hours,
       completed = excluded.completed, shared = excluded.shared`,
  ).run(courseId, r.staffId, r.attendedOn, r.hours, r.completed ? 1 : 0, r.shared ? 1 : 0);
}

/** One person's attendances over every year, newest first, with their courses. */
export function attendanceOfStaff(db: Db, staffId: number): (AttendanceRecord & { course: CourseRecord })[] {
  const rows = db
    .prepare(
      `${attendanceSelect} JOIN training_courses c ON c.id = a.course_id WHERE a.staff_id = ?
       ORDER BY a.attended_on DESC, a.id DESC`,
    )
    .all(staffId) as StoredAttendance[];
  const courses = new Map<number, CourseRecord>();
  return rows.map((r) => {
    let course = courses.get(r.courseId);
    if (!course) {
      course = courseById(db, r.courseId)!;
      courses.set(r.courseId, course);
    }
    return { ...toAttendance(r), course };
  });
}

/** Who has completed a course of the category in any year up to `fy` (e.g. ファシリテーション研修, ever). */
export function attendeesOfCategoryUpTo(db: Db, category: TrainingCategory, fy: number): Set<number> {
  const rows = db
    .prepare(
      `SELECT DISTINCT a.staff_id AS staffId FROM training_attendance a JOIN training_courses c ON c.id = a.course_id
       WHERE c.category = ? AND c.fy <= ? AND a.completed = 1`,
    )
    .all(category, fy) as { staffId: number }[];
  return new Set(rows.map((r) => r.staffId));
}

/*
 * The screen's lists at city scale (docs/lists.md): the course list with its counts, a course's
 * attendees and the 勉強会 per 担当 are counted, filtered and sorted here; only a page leaves.
 */

const courseColumns: Record<TrainingCourseSort, string> = {
  title: 'c.title',
  category: 'c.category',
  provider: 'c.provider',
  audience: 'c.audience',
  attendeeCount: 'attendeeCount',
};

/** A page of the year's courses (optionally one category), each with how many people attended. */
export function coursePage(
  db: Db,
  fy: number,
  category: TrainingCategory | null,
  page: PageRequest<TrainingCourseSort>,
): Page<CourseRecord & { attendeeCount: number }> {
  const where = 'WHERE c.fy = @fy AND (@category IS NULL OR c.category = @category)';
  const { total } = db.prepare(`SELECT count(*) AS total FROM training_courses c ${where}`).get({ fy, category }) as {
    total: number;
  };
  const clause = pageClause(courseColumns, page, 'c.id', 'title');
  // Without a sort the list keeps its order of entry (id), as the unpaged list does.
  const sql = page.sort ? clause.sql : 'ORDER BY c.id LIMIT @pageLimit OFFSET @pageOffset';
  const rows = db
    .prepare(
      `SELECT * FROM (
         SELECT c.id, c.fy, c.title, c.category, c.provider, c.audience, c.useful_for_ward AS usefulForWard,
                c.line_id AS lineId, s.name AS section, l.name AS line,
                (SELECT count(DISTINCT a.staff_id) FROM training_attendance a WHERE a.course_id = c.id) AS attendeeCount
         FROM training_courses c
         LEFT JOIN lines l ON l.id = c.line_id
         LEFT JOIN sections s ON s.id = l.section_id
         ${where}) c ${sql}`,
    )
    .all({ fy, category, ...clause.params }) as (StoredCourse & { attendeeCount: number })[];
  return { rows: rows.map((r) => ({ ...toCourse(r), attendeeCount: r.attendeeCount })), total };
}

/** How many people attended a course (each person once). */
export function attendeeCountOf(db: Db, courseId: number): number {
  return (
    db.prepare('SELECT count(DISTINCT staff_id) AS n FROM training_attendance WHERE course_id = ?').get(courseId) as {
      n: number;
    }
  ).n;
}

const attendeeColumns: Record<TrainingAttendeeSort, string> = {
  staffNo: 's.staff_no',
  name: 's.kana',
  section: 'sec.sort * 100000 + coalesce(l.sort, 0)',
  attendedOn: 'a.attended_on',
  hours: 'a.hours',
  completed: 'a.completed',
  shared: 'a.shared',
};

/**
 * A course's attendances as the viewer sees them: `only` the staff ids in scope (null: everyone),
 * `query` matched against 職員番号, 氏名, よみ and 所属; a page, or without one every row in the order
 * of the unpaged view (受講日, then person).
 */
export function attendeePage(
  db: Db,
  courseId: number,
  only: readonly number[] | null,
  query: string,
  page: PageRequest<TrainingAttendeeSort> | undefined,
): Page<TrainingAttendee> {
  const from = `FROM training_attendance a
    JOIN staff s ON s.id = a.staff_id
    LEFT JOIN sections sec ON sec.id = s.section_id
    LEFT JOIN lines l ON l.id = s.line_id
    WHERE a.course_id = @courseId
      AND (@only IS NULL OR a.staff_id IN (SELECT value FROM json_each(@only)))
      AND (@query = '' OR s.staff_no LIKE @like ESCAPE '\\' OR replace(s.name, '　', '') LIKE @like ESCAPE '\\'
           OR replace(s.kana, '　', '') LIKE @like ESCAPE '\\' OR sec.name LIKE @like ESCAPE '\\'
           OR l.name LIKE @like ESCAPE '\\')`;
  const params = {
    courseId,
    only: only === null ? null : JSON.stringify(only),
    query,
    like: likePattern(query.replace(/[\s　]/gu, '')),
  };
  const { total } = db.prepare(`SELECT count(*) AS total ${from}`).get(params) as { total: number };
  const clause = page
    ? pageClause(attendeeColumns, page, 'a.id', 'attendedOn')
    : { sql: 'ORDER BY a.attended_on, a.staff_id', params: {} };
  const rows = db
    .prepare(
      `SELECT s.staff_no AS staffNo, s.name, sec.name AS section, l.name AS line, a.attended_on AS attendedOn,
              a.hours, a.completed, a.shared ${from} ${clause.sql}`,
    )
    .all({ ...params, ...clause.params }) as (Omit<TrainingAttendee, 'completed' | 'shared'> & {
    completed: number;
    shared: number;
  })[];
  return { rows: rows.map((r) => ({ ...r, completed: r.completed === 1, shared: r.shared === 1 })), total };
}

/** 担当内勉強会 of a year per 担当 (its line id): sessions held, who completed one, who shared. */
export function studyCountsByLine(
  db: Db,
  fy: number,
  category: TrainingCategory,
): { lineId: number; section: string; line: string; sessions: number; participants: number; sharedBy: number }[] {
  return db
    .prepare(
      `SELECT c.line_id AS lineId, s.name AS section, l.name AS line, count(DISTINCT c.id) AS sessions,
              count(DISTINCT CASE WHEN a.completed = 1 THEN a.staff_id END) AS participants,
              count(DISTINCT CASE WHEN a.shared = 1 THEN a.staff_id END) AS sharedBy
       FROM training_courses c
       JOIN lines l ON l.id = c.line_id
       JOIN sections s ON s.id = l.section_id
       LEFT JOIN training_attendance a ON a.course_id = c.id
       WHERE c.fy = ? AND c.category = ?
       GROUP BY c.line_id`,
    )
    .all(fy, category) as {
    lineId: number;
    section: string;
    line: string;
    sessions: number;
    participants: number;
    sharedBy: number;
  }[];
}
