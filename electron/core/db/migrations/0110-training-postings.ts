import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * 研修 (training) and 庁内公募 (internal postings): docs/training.md, docs/postings.md.
 *
 * - training_courses: a fiscal year's course list (研修一覧). A 担当内勉強会（OJT） names the 担当
 *   (line_id) that held it; each such row is one 勉強会 held.
 * - training_attendance: who attended which course, when, for how long, whether they completed it,
 *   and whether they shared what they learned (報告・共有). One row per course, person and date.
 * - postings / posting_applications: 庁内公募, プロジェクトチーム and 自主グループ calls, and the
 *   applications to them. An application is read only by the applicant, HR and the personnel office.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE training_courses (
      id INTEGER PRIMARY KEY,
      fy INTEGER NOT NULL REFERENCES cycles(fy),
      title TEXT NOT NULL,
      category TEXT NOT NULL CHECK (category IN ('接遇研修', '民間研修', '区外研修', 'ファシリテーション研修',
        '担当内勉強会（OJT）', 'その他')),
      provider TEXT NOT NULL DEFAULT '',
      audience TEXT NOT NULL DEFAULT '任意' CHECK (audience IN ('全職員', '任意')),
      useful_for_ward INTEGER NOT NULL DEFAULT 0 CHECK (useful_for_ward IN (0, 1)),
      line_id INTEGER REFERENCES lines(id),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (fy, title)
    ) STRICT;

    CREATE TABLE training_attendance (
      id INTEGER PRIMARY KEY,
      course_id INTEGER NOT NULL REFERENCES training_courses(id) ON DELETE CASCADE,
      staff_id INTEGER NOT NULL REFERENCES staff(id),
      attended_on TEXT NOT NULL,
      hours REAL NOT NULL DEFAULT 0 CHECK (hours >= 0 AND hours <= 1000),
      completed INTEGER NOT NULL DEFAULT 1 CHECK (completed IN (0, 1)),
      shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1)),
      UNIQUE (course_id, staff_id, attended_on)
    ) STRICT;
    CREATE INDEX training_attendance_staff ON training_attendance(staff_id);

    CREATE TABLE postings (
      id INTEGER PRIMARY KEY,
      fy INTEGER NOT NULL REFERENCES cycles(fy),
      kind TEXT NOT NULL CHECK (kind IN ('庁内公募', 'プロジェクトチーム', '自主グループ')),
      title TEXT NOT NULL,
      section_id INTEGER REFERENCES sections(id),
      team TEXT NOT NULL DEFAULT '',
      description TEXT NOT NULL DEFAULT '',
      conditions TEXT NOT NULL DEFAULT '',
      capacity INTEGER NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 1000),
      deadline TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT '募集中' CHECK (status IN ('募集中', '締切', '選考終了')),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX postings_fy ON postings(fy, deadline);

    CREATE TABLE posting_applications (
      id INTEGER PRIMARY KEY,
      posting_id INTEGER NOT NULL REFERENCES postings(id) ON DELETE CASCADE,
      staff_id INTEGER NOT NULL REFERENCES staff(id),
      motivation TEXT NOT NULL DEFAULT '',
      status TEXT NOT NULL DEFAULT '応募' CHECK (status IN ('応募', '選考中', '採用', '不採用', '辞退')),
      outcome_note TEXT NOT NULL DEFAULT '',
      source TEXT NOT NULL DEFAULT 'app' CHECK (source IN ('app', 'paper')),
      applied_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (posting_id, staff_id)
    ) STRICT;
    CREATE INDEX posting_applications_staff ON posting_applications(staff_id);
  `);
}
