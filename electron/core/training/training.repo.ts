import type { TrainingAudience, TrainingCategory } from '../../../shared/training';
import type { Db } from '../db/connection';

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
